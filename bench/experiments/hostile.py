"""Hostile-input mix: malformed traffic at a small share of the load, beside well-formed traffic.

    --hostile 0.05

For each architecture: a clean phase (well-formed traffic only) sets the normal range, then the
same rate again with artillery/hostile-<kind>.yml running beside it at the given share. Pass:
every hostile request got the answer its check expects (a 4xx with a JSON error; for GraphQL
field errors a 200 with "errors" or null, see hostile-graphql.yml), no hostile request got a
5xx, and the well-formed traffic's p95 stayed within its normal range.
"""
import json
import os
import re
import signal
import subprocess
import time
from pathlib import Path

from bench.results import requestlog
from bench.results.errors import InputError
from bench.results.requestlog import percentile
from bench.topology import ARTILLERY_DIR

# The schema of the <results>/hostile/<architecture>.json document this experiment writes.
SCHEMA = "bench.hostile/1"

HOSTILE_FILES = {"rest": "hostile-rest.yml", "graphql": "hostile-graphql.yml"}
# The well-formed traffic's p95 may rise by this factor (or this many ms, whichever is larger)
# and still count as its normal range: two runs of the same load differ by about this much.
P95_FACTOR = 1.25
P95_SLACK_MS = 10.0
_CHECK = re.compile(r"^hostile\.(passed|failed|untyped)\.(.+)$")
_STATUS = re.compile(r"^hostile\.status\.(.+)\.(\d{3})$")


def hostile_rate(rate: float, share: float) -> int:
    """Whole requests per second (Artillery's arrival rate takes integers), at least one."""
    return max(1, round(rate * share))


# The hostile run starts first and outlasts the well-formed one by this much, which covers the
# well-formed run's own start-up (Artillery takes about 3.5 s): hostile traffic is present for
# the whole well-formed phase.
LEAD_S = 8
STARTUP_LIMIT_S = 60


def start_hostile(kind: str, rate: float, duration_s: int, output: Path, log: Path, generator_cpus=None):
    """Starts the hostile Artillery run in the background and returns its process once it is
    sending (its processor has opened the request log)."""
    command = ["npx", "--no-install", "artillery", "run", "--output", str(output), HOSTILE_FILES[kind]]
    if generator_cpus:
        command = ["taskset", "-c", generator_cpus, *command]
    request_log = output.with_suffix("")
    env = {**os.environ, "ARTILLERY_DISABLE_TELEMETRY": "1", "RATE": str(rate), "DURATION": str(duration_s + LEAD_S),
           "BENCH_REQUEST_LOG": str(request_log)}
    output.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "w") as sink:
        process = subprocess.Popen(command, cwd=ARTILLERY_DIR, env=env, stdout=sink, stderr=subprocess.STDOUT,
                                   start_new_session=True)
    deadline = time.monotonic() + STARTUP_LIMIT_S
    try:
        while not requestlog.files(request_log):
            if process.poll() is not None or time.monotonic() > deadline:
                raise InputError(f"the hostile-input run did not start; see {log}")
            time.sleep(0.1)
    except BaseException:  # Ctrl-C included: it runs in its own session, so stop it here
        stop(process)
        raise
    return process


def stop(process: subprocess.Popen):
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def hostile_counts(output: Path) -> dict:
    """Per hostile request name: passed, failed, untyped and status counts, from Artillery's output."""
    try:
        counters = json.loads(output.read_text())["aggregate"]["counters"]
    except (OSError, ValueError, KeyError) as error:
        raise InputError(f"{output}: no hostile-input results ({error})") from None
    requests = {}
    for key, value in counters.items():
        if match := _CHECK.match(key):
            requests.setdefault(match[2], _empty())[match[1]] += value
        elif match := _STATUS.match(key):
            requests.setdefault(match[1], _empty())["statuses"][match[2]] = value
    no_response = sum(value for key, value in counters.items() if key.startswith("errors."))
    return {"requests": requests, "no_response": no_response}


def _empty() -> dict:
    return {"passed": 0, "failed": 0, "untyped": 0, "statuses": {}}


def well_formed(exchanges: list) -> dict:
    latencies = [e.latency_ms for e in exchanges]
    failed = sum(not e.succeeded for e in exchanges)
    return {"requests": len(exchanges), "p95_ms": percentile(latencies, 0.95),
            "error_rate": failed / len(exchanges) if exchanges else None}


def verdict(clean: dict, mixed: dict, hostile: dict) -> dict:
    """The pass condition, each part on its own."""
    requests = hostile["requests"].values()
    total = sum(r["passed"] + r["failed"] for r in requests)
    server_errors = sum(count for r in requests for status, count in r["statuses"].items() if status.startswith("5"))
    normal_p95 = None if clean["p95_ms"] is None else max(P95_FACTOR * clean["p95_ms"], clean["p95_ms"] + P95_SLACK_MS)
    checks = {
        "hostile requests sent": total > 0,
        "every hostile request got its expected answer": total > 0 and all(r["failed"] == 0 for r in requests)
        and hostile["no_response"] == 0,
        "no 5xx": server_errors == 0,
        "well-formed p95 within its normal range": mixed["p95_ms"] is not None and normal_p95 is not None
        and mixed["p95_ms"] <= normal_p95,
    }
    return {"passed": all(checks.values()), "checks": checks, "hostile_requests": total,
            "server_errors": server_errors, "normal_p95_limit_ms": normal_p95}
