"""Fault phase: under constant load, kill one service instance, restart it, and measure per
second what the clients saw.

    --fault kill:user@30s,restart@60s

The times count from the start of the fault phase's load. The kill is a SIGKILL (a crash, not
a shutdown); the restart is the normal start script, so the recovery time includes Liberty's
start-up on the loaded machine.
"""
import os
import re
import subprocess
import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from bench import topology
from bench.results import requestlog
from bench.results.requestlog import CLIENT_TIMEOUT_MS, NO_RESPONSE, percentile
from bench.topology import SCRIPTS_DIR

# The schema of the <results>/faults/<architecture>.json document this experiment writes.
SCHEMA = "bench.fault/1"

SERVICES = {service.removesuffix("-service"): service for service in topology.SERVICES}
# A second counts as healthy when at least this share of its requests fully succeeded.
HEALTHY_SHARE = 0.99
# Recovered means healthy seconds from then on, at least this many of them.
MIN_HEALTHY_RUN_S = 5
# After the restart, the load goes on this long so the report can see the recovery. A restart
# under the fault phase's load, on the one core the three JVMs share, measured 47-74 s to ready
# (30 s with no load); 120 s leaves most of a minute to see the recovery after it.
OBSERVE_AFTER_RESTART_S = 120

_SPEC = re.compile(r"^kill:(?P<service>[a-z]+)@(?P<kill>\d+)s,restart@(?P<restart>\d+)s$")


@dataclass(frozen=True)
class FaultPlan:
    service: str  # e.g. "user-service"
    kill_at_s: int
    restart_at_s: int

    @classmethod
    def parse(cls, text: str) -> "FaultPlan":
        match = _SPEC.match(text.strip())
        if not match:
            raise ValueError(f"--fault expects kill:<service>@<s>s,restart@<s>s (e.g. kill:user@30s,restart@60s), "
                             f"got '{text}'")
        if match["service"] not in SERVICES:
            raise ValueError(f"--fault: unknown service '{match['service']}', choose from {', '.join(SERVICES)}")
        kill_at, restart_at = int(match["kill"]), int(match["restart"])
        if not 0 < kill_at < restart_at:
            raise ValueError(f"--fault: the restart ({restart_at}s) must come after the kill ({kill_at}s), "
                             "and the kill after the start")
        return cls(SERVICES[match["service"]], kill_at, restart_at)

    @property
    def duration_s(self) -> int:
        return self.restart_at_s + OBSERVE_AFTER_RESTART_S

    def as_metadata(self) -> dict:
        return {"service": self.service, "kill_at_s": self.kill_at_s, "restart_at_s": self.restart_at_s,
                "duration_s": self.duration_s}


class Injector(threading.Thread):
    """Kills and restarts the instance on schedule; records when each step happened (epoch ms).

    The schedule counts from the moment the load starts: `begin` is called when Artillery was
    launched, and the clock starts when the first exchange reaches the request log
    (`request_log` prefix), so Artillery's own start-up is not counted.
    """

    def __init__(self, plan: FaultPlan, kind: str, log: Path, request_log: Path, stack_env: dict):
        super().__init__(daemon=True, name="fault-injector")
        self.plan, self.kind, self.log, self.request_log = plan, kind, log, request_log
        self.stack_env = stack_env  # the restarted instance gets the stack's latency and CPUs
        self.events = {}
        self.failure = None
        self._begun = threading.Event()
        self._cancelled = threading.Event()
        self._load_started = None

    def begin(self):
        self._begun.set()

    def cancel(self):
        self._cancelled.set()
        self._begun.set()

    def run(self):
        self._begun.wait()
        while not self._cancelled.is_set() and not any(
                path.stat().st_size for path in requestlog.files(self.request_log)):
            time.sleep(0.05)
        self._load_started = time.monotonic()
        try:
            if self._wait_until(self.plan.kill_at_s):
                self.events["kill_ms"] = _now_ms()
                self._instance("kill")
                self.events["killed_ms"] = _now_ms()
            if self._wait_until(self.plan.restart_at_s):
                self.events["restart_ms"] = _now_ms()
                self._instance("start")
                self.events["ready_ms"] = _now_ms()
        except subprocess.CalledProcessError as error:
            self.failure = f"scripts/instance.sh {error.cmd[1]} failed (exit {error.returncode}); see {self.log}"

    def _wait_until(self, offset_s: int) -> bool:
        return not self._cancelled.wait(max(0.0, self._load_started + offset_s - time.monotonic()))

    def _instance(self, action: str):
        with open(self.log, "a") as sink:
            subprocess.run([str(SCRIPTS_DIR / "instance.sh"), action, self.kind, self.plan.service],
                           env={**os.environ, **self.stack_env}, stdout=sink, stderr=subprocess.STDOUT, check=True)


def _now_ms() -> int:
    return int(time.time() * 1000)


def analyse(exchanges: list, events: dict, plan: FaultPlan) -> dict:
    """Per-second timeline and per-scenario summary of one fault phase."""
    if not exchanges:
        return {"timeline": {}, "scenarios": {}, "events_s": {}, "recovered_after_restart_s": None,
                "all_recovered": False, "hung_requests": 0}
    origin = exchanges[0].sent_ms
    events_s = {name: round((at - origin) / 1000, 1) for name, at in events.items()}
    names = sorted({exchange.name for exchange in exchanges})
    scenarios, timeline = {}, {}
    for name in names:
        mine = [exchange for exchange in exchanges if exchange.name == name]
        timeline[name] = _per_second(mine, origin)
        scenarios[name] = _summary(mine, timeline[name], events, origin)
    affected = [s for s in scenarios.values() if s["failures"]]
    recovered = [s["recovered_after_restart_s"] for s in affected]
    return {
        "events_s": events_s,
        "timeline": timeline,
        "scenarios": scenarios,
        "recovered_after_restart_s": max(recovered) if recovered and None not in recovered else None,
        "all_recovered": None not in recovered,
        "hung_requests": sum(s["hung"] for s in scenarios.values()),
    }


def _per_second(exchanges: list, origin: int) -> list:
    seconds = {}
    for exchange in exchanges:
        seconds.setdefault((exchange.sent_ms - origin) // 1000, []).append(exchange)
    rows = []
    for second in range(max(seconds) + 1):
        bucket = seconds.get(second, [])
        succeeded = sum(e.succeeded for e in bucket)
        rows.append({
            "second": second, "requests": len(bucket), "succeeded": succeeded,
            "success_rate": succeeded / len(bucket) if bucket else None,
            "p95_ms": percentile([e.latency_ms for e in bucket], 0.95),
            "max_ms": max((e.latency_ms for e in bucket), default=None),
        })
    return rows


def _summary(exchanges: list, seconds: list, events: dict, origin: int) -> dict:
    kill_ms = events.get("kill_ms")
    after_kill = [e for e in exchanges if kill_ms is not None and e.sent_ms + e.latency_ms >= kill_ms]
    failures = [e for e in after_kill if not e.succeeded]
    before = [e.latency_ms for e in exchanges if kill_ms is None or e.sent_ms + e.latency_ms < kill_ms]
    first_error = min((e.sent_ms + e.latency_ms for e in failures), default=None)
    return {
        "requests": len(exchanges),
        "failures": len(failures),
        "first_error_after_kill_s": None if first_error is None else round((first_error - kill_ms) / 1000, 2),
        "surfaces": dict(Counter(e.surface() for e in failures).most_common()),
        "p95_before_kill_ms": percentile(before, 0.95),
        "max_latency_after_kill_ms": max((e.latency_ms for e in after_kill), default=None),
        "hung": sum(e.outcome == NO_RESPONSE and e.latency_ms >= CLIENT_TIMEOUT_MS for e in exchanges),
        "recovered_after_restart_s": _recovery(seconds, events, origin) if failures else None,
    }


def _recovery(seconds: list, events: dict, origin: int) -> float | None:
    """Seconds from the restart command to the start of the first second from which every
    later second is healthy (at least MIN_HEALTHY_RUN_S of them); None if that never happened
    before the load ended."""
    restart_ms = events.get("restart_ms")
    if restart_ms is None:
        return None
    first = max(0, (restart_ms - origin) // 1000)
    healthy_from = None
    for row in seconds[first:]:
        healthy = row["success_rate"] is None or row["success_rate"] >= HEALTHY_SHARE
        if not healthy:
            healthy_from = None
        elif healthy_from is None:
            healthy_from = row["second"]
    if healthy_from is None or seconds[-1]["second"] - healthy_from + 1 < MIN_HEALTHY_RUN_S:
        return None
    return round(max(0, origin + healthy_from * 1000 - restart_ms) / 1000, 1)
