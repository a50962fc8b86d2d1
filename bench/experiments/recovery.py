"""After overload: does each stack return to its low-load latency, and how soon?

Low-load latency is the median of sequential requests per scenario (bench/checks/probe.py's method),
taken before the ramp. After the ramp the same probe repeats every few seconds until every
scenario is back within RECOVERED_FACTOR of it with no error, or the stated limit passes. The
Liberty thread pools and the established connections to the services are recorded beside it,
as evidence of stuck threads or leaked connections.
"""
import re
import statistics
import time
import urllib.error
import urllib.request

from bench.checks.probe import requests_for, timed
from bench.topology import SERVICE_PORTS

RECOVERY_LIMIT_S = 60
RECOVERED_FACTOR = 1.5
RECOVERED_SLACK_MS = 10.0
PROBE_INTERVAL_S = 5
_ACTIVE_THREADS = re.compile(r'^threadpool_activeThreads\{[^}]*pool="Default_Executor"[^}]*\}\s+([\d.]+)', re.M)


def low_load_latency(architecture: str, samples: int = 5) -> dict:
    """Median ms per scenario of `samples` sequential requests; None for a scenario that failed."""
    medians = {}
    for scenario in ("API-1", "API-2", "API-3", "API-4"):
        try:
            medians[scenario] = statistics.median(
                timed(requests_for(scenario, architecture, 1 + index)) for index in range(samples))
        except (urllib.error.URLError, OSError):
            medians[scenario] = None
    return medians


def is_recovered(baseline: dict, now: dict) -> bool:
    """Every scenario measured before the load is back within its range (and at least one was)."""
    if all(value is None for value in baseline.values()):
        return False
    return all(now[s] is not None and now[s] <= max(RECOVERED_FACTOR * b, b + RECOVERED_SLACK_MS)
               for s, b in baseline.items() if b is not None)


def wait_for_recovery(architecture: str, kind: str, baseline: dict, connections, limit_s: int = RECOVERY_LIMIT_S) -> dict:
    """Probes until recovered or `limit_s` passed, from the moment the load stopped."""
    stopped = time.monotonic()
    probes = []
    while True:
        latest = low_load_latency(architecture)
        waited = round(time.monotonic() - stopped, 1)
        probes.append({"after_s": waited, "median_ms": latest})
        if is_recovered(baseline, latest):
            return {"recovered": True, "recovered_after_s": waited, "limit_s": limit_s, "probes": probes,
                    **resource_state(kind, connections)}
        if waited >= limit_s:
            return {"recovered": False, "recovered_after_s": None, "limit_s": limit_s, "probes": probes,
                    **resource_state(kind, connections)}
        time.sleep(PROBE_INTERVAL_S)


def resource_state(kind: str, connections) -> dict:
    """Active Liberty worker threads and established TCP connections to the service instances
    (`connections`: the deployment's count, bench.harness.deployments)."""
    threads = {}
    for port in SERVICE_PORTS[kind].values():
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics?scope=vendor", timeout=5) as response:
                match = _ACTIVE_THREADS.search(response.read().decode())
            threads[str(port)] = float(match.group(1)) if match else None
        except (urllib.error.URLError, OSError):
            threads[str(port)] = None
    return {"active_threads": threads, "established_connections": connections(kind)}


def threads_settled(before: dict, after: dict) -> bool | None:
    """True when no instance has more active worker threads after the load than before it (one
    more is the metrics request itself); None when a count is missing."""
    pairs = [(before.get(port), count) for port, count in after.items()]
    if not pairs or any(b is None or a is None for b, a in pairs):
        return None
    return all(a <= b + 1 for b, a in pairs)
