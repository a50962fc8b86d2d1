"""Turn one Artillery run (one architecture, one phase, one repeat) into the report's numbers.

Achieved rate: requests / real arrival window. The window comes from processor.js
(`bench.send_offset_ms`: first to last request sent), scaled by n/(n-1) because n evenly
spaced arrivals cover n intervals. Artillery's own `http.request_rate` averages partial
10 s buckets and under-reports; the process's wall time includes ~3.5 s of start-up.
"""

from dataclasses import dataclass

from bench.artillery_output import ArtilleryRun, ScenarioOutput
from bench.metadata import Phase
from bench.scenarios import SCENARIOS

# The generator must never be the hidden limit (issue 4): below 98 % of the target rate, or
# arrivals stretched past the planned duration, the cell is marked generator-limited.
MIN_ACHIEVED_SHARE = 0.98
OVERRUN_SHARE = 0.02
OVERRUN_FLOOR_S = 1.0

ERROR_KINDS = ("http", "graphql", "timeout", "connection", "other")


@dataclass(frozen=True)
class LoadCheck:
    target_rps: float
    planned_s: float
    requests: int
    planned_requests: int
    arrival_window_s: float | None
    achieved_rps: float | None
    generator_limited: bool
    incomplete: bool
    reasons: tuple


@dataclass(frozen=True)
class Measurement:
    """One scenario (or a traffic mix of them) in one run. Latencies in ms, None without data."""

    requests: int
    achieved_rps: float | None
    p50: float | None
    p95: float | None
    p99: float | None
    max: float | None
    ttfb_p95: float | None
    errors: dict  # ERROR_KINDS -> requests
    error_rate: float | None
    bytes_per_response: float | None


def arrival_window_s(run: ArtilleryRun) -> float | None:
    n = run.requests
    if run.send_window_ms is None or n < 2 or run.send_window_ms <= 0:
        return None
    return run.send_window_ms / 1000.0 * n / (n - 1)


def check_load(run: ArtilleryRun, phase: Phase) -> LoadCheck:
    window = arrival_window_s(run)
    achieved = run.requests / window if window else None
    planned_requests = round(phase.target_rps * phase.duration_s)
    reasons = []
    if achieved is not None and achieved < MIN_ACHIEVED_SHARE * phase.target_rps:
        reasons.append(f"achieved {achieved:.1f} req/s = {achieved / phase.target_rps * 100:.1f} % of {phase.target_rps:g}")
    overrun = window - phase.duration_s if window else 0.0
    if overrun > max(OVERRUN_FLOOR_S, OVERRUN_SHARE * phase.duration_s):
        reasons.append(f"arrivals took {window:.1f} s instead of {phase.duration_s:g} s")
    generator_limited = bool(reasons)
    incomplete = run.requests < MIN_ACHIEVED_SHARE * planned_requests
    if incomplete:
        reasons.append(f"only {run.requests} of {planned_requests} planned requests were sent")
    return LoadCheck(
        target_rps=phase.target_rps,
        planned_s=phase.duration_s,
        requests=run.requests,
        planned_requests=planned_requests,
        arrival_window_s=window,
        achieved_rps=achieved,
        generator_limited=generator_limited,
        incomplete=incomplete,
        reasons=tuple(reasons),
    )


def _errors(output: ScenarioOutput) -> dict:
    return {
        "http": output.non_2xx,
        "graphql": output.graphql_errors,
        "timeout": output.timeouts,
        "connection": output.connection_errors,
        "other": output.other_errors,
    }


def measure_scenario(output: ScenarioOutput, window_s: float | None) -> Measurement:
    latency = output.latency
    return Measurement(
        requests=output.requests,
        achieved_rps=output.requests / window_s if window_s else None,
        p50=latency.p50 if latency else None,
        p95=latency.p95 if latency else None,
        p99=latency.p99 if latency else None,
        max=latency.max if latency else None,
        ttfb_p95=output.ttfb.p95 if output.ttfb else None,
        errors=_errors(output),
        error_rate=output.failed / output.requests if output.requests else None,
        bytes_per_response=output.response_bytes / output.responses if output.responses else None,
    )


def measure_run(run: ArtilleryRun) -> dict:
    """{scenario: Measurement} for the four scenarios of one run."""
    window = arrival_window_s(run)
    return {name: measure_scenario(run.scenarios[name], window) for name in SCENARIOS}


def _weighted(values: dict, weights: dict) -> float | None:
    if any(values[name] is None for name in weights):
        return None
    return sum(values[name] * weight for name, weight in weights.items())


def mix(measurements: dict, weights: dict) -> Measurement:
    """A traffic mix of per-scenario measurements of one run.

    Latency percentiles, error rate and bytes are the weight-averaged per-scenario values (so
    the same run can be re-weighted to other mixes); they are not percentiles of the mixed
    traffic. Counts are totals; max is the largest of any scenario.
    """
    parts = [measurements[name] for name in weights]
    rates = [m.achieved_rps for m in parts]
    maxima = [m.max for m in parts if m.max is not None]

    def field(name):
        return _weighted({scenario: getattr(m, name) for scenario, m in measurements.items()}, weights)

    return Measurement(
        requests=sum(m.requests for m in parts),
        achieved_rps=None if None in rates else sum(rates),
        p50=field("p50"),
        p95=field("p95"),
        p99=field("p99"),
        max=max(maxima) if maxima else None,
        ttfb_p95=field("ttfb_p95"),
        errors={kind: sum(m.errors[kind] for m in parts) for kind in ERROR_KINDS},
        error_rate=field("error_rate"),
        bytes_per_response=field("bytes_per_response"),
    )
