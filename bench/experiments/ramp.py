"""Overload ramp: the arrival rate goes up step by step until the system under test breaks a
stated bound; the last step that held is the saturation point (the knee).

    --ramp 100:100:1500    start:step:max req/s

The same ramp against a static NGINX answer measures the load generator's own ceiling on the
same machine, so a knee the generator caused is never reported as the system's.
"""
import re
from dataclasses import dataclass

from bench.results.requestlog import percentile

# The schema of the <results>/ramp/<architecture>.json document this experiment writes.
SCHEMA = "bench.ramp/1"

# A step is generator-limited when its requests went out slower than this share of its target.
GENERATOR_SHARE = 0.95

_SPEC = re.compile(r"^(\d+):(\d+):(\d+)$")


@dataclass(frozen=True)
class RampPlan:
    start_rps: int
    step_rps: int
    max_rps: int
    step_s: int
    p99_bound_ms: float
    error_bound: float = 0.01

    @classmethod
    def parse(cls, text: str, step_s: int, p99_bound_ms: float) -> "RampPlan":
        match = _SPEC.match(text.strip())
        if not match:
            raise ValueError(f"--ramp expects start:step:max in req/s (e.g. 100:100:1500), got '{text}'")
        start, step, top = (int(value) for value in match.groups())
        if start <= 0 or step <= 0 or top < start:
            raise ValueError(f"--ramp: start and step must be positive and max >= start, got '{text}'")
        if step_s <= 0 or p99_bound_ms <= 0:
            raise ValueError("--ramp-step-duration and --ramp-p99-bound must be positive")
        return cls(start, step, top, step_s, p99_bound_ms)

    def rates(self) -> list:
        return list(range(self.start_rps, self.max_rps + 1, self.step_rps))

    def as_metadata(self) -> dict:
        return {"start_rps": self.start_rps, "step_rps": self.step_rps, "max_rps": self.max_rps,
                "step_s": self.step_s, "p99_bound_ms": self.p99_bound_ms, "error_bound": self.error_bound}


def step_result(exchanges: list, target_rps: int, plan: RampPlan) -> dict:
    """What one step measured, and whether it held the bounds."""
    sent = len(exchanges)
    # Arrival window, first to last send, plus one arrival interval: an Artillery that cannot keep
    # up sends every planned request but stretches the window (it never warns).
    window_s = (exchanges[-1].sent_ms - exchanges[0].sent_ms) / 1000 + 1 / target_rps if sent > 1 else None
    failed = sum(not e.succeeded for e in exchanges)
    latencies = [e.latency_ms for e in exchanges]
    result = {
        "target_rps": target_rps,
        "requests": sent,
        "sent_rps": round(sent / window_s, 1) if window_s else None,
        "throughput_rps": round((sent - failed) / window_s, 1) if window_s else None,
        "p50_ms": percentile(latencies, 0.50),
        "p95_ms": percentile(latencies, 0.95),
        "p99_ms": percentile(latencies, 0.99),
        "error_rate": failed / sent if sent else None,
    }
    reasons = []
    if result["sent_rps"] is None or result["sent_rps"] < GENERATOR_SHARE * target_rps:
        reasons.append(f"generator sent {result['sent_rps'] or 0:g} req/s of {target_rps}")
    if result["p99_ms"] is None or result["p99_ms"] > plan.p99_bound_ms:
        reasons.append(f"p99 {result['p99_ms']} ms > {plan.p99_bound_ms:g} ms")
    if result["error_rate"] is None or result["error_rate"] > plan.error_bound:
        reasons.append(f"errors {100 * (result['error_rate'] or 0):.2f} % > {100 * plan.error_bound:g} %")
    result["held"] = not reasons
    result["generator_limited"] = bool(reasons) and reasons[0].startswith("generator")
    result["reasons"] = reasons
    return result


def knee(steps: list) -> dict:
    """The saturation point of a ramp: the last step that held before the first that did not."""
    held = None
    for step in steps:
        if not step["held"]:
            return {"knee_rps": held and held["target_rps"], "knee_throughput_rps": held and held["throughput_rps"],
                    "broke_at_rps": step["target_rps"], "broke_because": step["reasons"],
                    "generator_limited": step["generator_limited"]}
        held = step
    return {"knee_rps": held and held["target_rps"], "knee_throughput_rps": held and held["throughput_rps"],
            "broke_at_rps": None, "broke_because": [], "generator_limited": False}


def judge_against_generator(system: dict, generator: dict) -> str:
    """Whether a system's knee is its own or the generator's, in words for the report."""
    broke_at = system["broke_at_rps"]
    ceiling, generator_broke_at = generator["knee_rps"], generator["broke_at_rps"]
    if broke_at is None:
        return "held every step: its knee is above the ramp's maximum"
    if system["generator_limited"]:
        return "the generator could not send the load at the breaking step: not the system's knee"
    if generator_broke_at is not None and broke_at >= generator_broke_at:
        return (f"broke at {broke_at} req/s, where the generator alone also broke ({generator_broke_at} req/s): "
                "not the system's knee")
    if ceiling is not None and broke_at <= ceiling:
        return f"the system's own knee: the generator alone held {ceiling} req/s"
    return "the generator was not measured at this rate: treat with care"
