"""Cold start (the owner's card: "serverless-style" services that start fast and say when they are
ready): how long an architecture takes from its start command to serving correct answers, and how
slow its first requests are.

Per start, the stack is stopped and started again through the run's deployment (processes or
containers), and from the start command on, polled every POLL_S:
- each service's readiness (MicroProfile Health /health/ready, at its published port),
- the gateway's first correct answer of each scenario: 2xx, no GraphQL `errors`, and the same
  JSON the warm stack gave for the same request (so an empty or partial answer does not count),
then FIRST_REQUESTS requests sent one at a time in the traffic mix's proportions, whose latencies
are set beside the same sequence on the warm stack (measured before the first restart): the
price of the first requests after a start, separate from the time to ready. Sequential requests,
not the open-model load: they show one client's view without queueing.
"""
import json
import random
import threading
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from bench.checks.probe import requests_for
from bench.results.stats import quantile
from bench.scenarios import SCENARIOS, TRAFFIC_MIX
from bench.topology import SERVICE_PORTS, SERVICES

SCHEMA = "bench.cold-start/1"
POLL_S = 0.1
FIRST_REQUESTS = 100
READY_LIMIT_S = 300  # a start that takes longer is reported as failed
# After an overloaded phase the gateways' and services' queues take seconds to drain (the
# router gives up on a request after 4 s, Liberty's executor works off its queue).
WARM_RECOVERY_S = 60
SEED = 20261206
# Entity ids each scenario's requests cycle through (API-3 is per site, the others per robot).
SPANS = {"API-1": 1, "API-2": 200, "API-3": 5, "API-4": 1}


def sequence(count: int = FIRST_REQUESTS, seed: int = SEED) -> list:
    """(scenario, entity id) pairs in the traffic mix's proportions, in a fixed random order, so the
    cold and the warm measurement send the same requests."""
    rng = random.Random(seed)
    scenarios = rng.choices(SCENARIOS, weights=[TRAFFIC_MIX[s] for s in SCENARIOS], k=count)
    return [(scenario, 1 + rng.randrange(SPANS[scenario])) for scenario in scenarios]


def exchange(request, timeout_s: float = 10.0) -> tuple:
    """(milliseconds, the JSON answer or None when it was not a correct one)."""
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=timeout_s) as response:
            body = json.load(response)
    except (urllib.error.URLError, OSError, ValueError):
        return (time.perf_counter() - started) * 1000, None
    elapsed = (time.perf_counter() - started) * 1000
    if isinstance(body, dict) and body.get("errors"):
        return elapsed, None
    return elapsed, body


def warm_reference(architecture: str, recovery_s: float = WARM_RECOVERY_S) -> dict:
    """On the warm stack: the answer to each scenario's first request (what a cold answer must
    equal) and the latencies of the sequence. It follows the measured phases, the last of which may
    have overloaded the stack: a scenario is asked again, once a second, until the queues have
    drained and it answers correctly, for at most `recovery_s` in all."""
    deadline = time.monotonic() + recovery_s
    answers = {}
    for scenario in SCENARIOS:
        while (body := exchange(requests_for(scenario, architecture, 1))[1]) is None:
            if time.monotonic() >= deadline:
                raise RuntimeError(f"{architecture}: the warm stack gave no correct answer to {scenario} "
                                   f"within {recovery_s:g} s of the last phase")
            time.sleep(1)
        answers[scenario] = body
    return {"answers": answers, "latencies_ms": _sequence_latencies(architecture)}


def _sequence_latencies(architecture: str) -> list:
    return [round(exchange(requests_for(scenario, architecture, entity))[0], 2) for scenario, entity in sequence()]


def _ready(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/health/ready", timeout=1) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


class _Starter(threading.Thread):
    """The deployment's start (which returns once the architecture is ready), in the background so
    that the readiness of each part can be timed meanwhile."""

    def __init__(self, deployment, kind: str):
        super().__init__(daemon=True, name=f"start-{kind}")
        self.deployment, self.kind, self.error, self.elapsed_s = deployment, kind, None, None

    def run(self):
        began = time.monotonic()
        try:
            self.deployment.start(self.kind)
        except Exception as error:  # reported with the start it belongs to
            self.error = str(error)
        self.elapsed_s = round(time.monotonic() - began, 2)


def one_start(deployment, kind: str, architecture: str, reference: dict) -> dict:
    """Stops the architecture, starts it, and times it until every scenario answered correctly;
    then the first requests. Each service and each scenario is polled by a thread of its own, so a
    request that hangs (a published port whose container is not there yet drops it) delays no other."""
    deployment.stop(kind)
    origin = time.monotonic()
    deadline = origin + READY_LIMIT_S
    starter = _Starter(deployment, kind)
    starter.start()

    def first_success(check) -> float | None:
        while time.monotonic() < deadline and not starter.error:
            if check():
                return round(time.monotonic() - origin, 2)
            time.sleep(POLL_S)
        return None

    def correct(scenario):
        body = exchange(requests_for(scenario, architecture, 1), timeout_s=5)[1]
        return body is not None and body == reference["answers"][scenario]

    with ThreadPoolExecutor(max_workers=len(SERVICE_PORTS[kind]) + len(SCENARIOS)) as pool:
        services = {service: pool.submit(first_success, lambda port=port: _ready(port))
                    for service, port in SERVICE_PORTS[kind].items()}
        scenarios = {scenario: pool.submit(first_success, lambda scenario=scenario: correct(scenario))
                     for scenario in SCENARIOS}
        service_ready = {name: future.result() for name, future in services.items()}
        first_correct = {name: future.result() for name, future in scenarios.items()}
    starter.join(timeout=max(1.0, deadline - time.monotonic()))
    complete = None not in service_ready.values() and None not in first_correct.values()
    result = {"service_ready_s": {k: v for k, v in service_ready.items() if v is not None},
              "first_correct_s": {k: v for k, v in first_correct.items() if v is not None},
              "start_command_s": starter.elapsed_s, "error": starter.error, "complete": complete}
    if complete:
        result["first_requests_ms"] = _sequence_latencies(architecture)
    return result


def summary(reference: dict, starts: list) -> dict:
    """Spread over the starts of each time, and the first requests against the warm sequence."""
    def spread(values):
        values = [v for v in values if v is not None]
        return {"min": min(values), "median": quantile(values, 0.5), "max": max(values),
                "n": len(values)} if values else None

    warm = reference["latencies_ms"]
    services = [s for s in SERVICES if any(s in start["service_ready_s"] for start in starts)]
    cold = [start["first_requests_ms"] for start in starts if start.get("first_requests_ms")]
    return {
        "service_ready_s": {s: spread([start["service_ready_s"].get(s) for start in starts]) for s in services},
        "all_ready_s": spread([max(start["service_ready_s"].values()) if len(start["service_ready_s"]) == len(services)
                               else None for start in starts]),
        "first_correct_s": {s: spread([start["first_correct_s"].get(s) for start in starts]) for s in SCENARIOS},
        "all_correct_s": spread([max(start["first_correct_s"].values()) if start["complete"] else None
                                 for start in starts]),
        "warm_median_ms": quantile(warm, 0.5),
        "first_requests": {
            "median_ms": spread([quantile(latencies, 0.5) for latencies in cold]),
            "p95_ms": spread([quantile(latencies, 0.95) for latencies in cold]),
            "first_ms": spread([latencies[0] for latencies in cold]),
            "slowdown": spread([quantile(latencies, 0.5) / quantile(warm, 0.5) for latencies in cold])
            if quantile(warm, 0.5) else None,
        },
        "failed_starts": sum(1 for start in starts if not start["complete"]),
    }
