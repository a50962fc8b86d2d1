"""Low-load latency of each scenario on both running stacks, one request at a time.

    bench probe [--requests 100] [--warmup 200]

Sequential requests (no concurrency) show each scenario's latency without queueing, to set
beside its critical path in simulated-latency units (docs/architecture.md). Prints a
Markdown table.
"""
import argparse
import json
import statistics
import time
import urllib.request

from bench.checks.parity import TEMPLATE, scenario_requests
from bench.topology import GRAPHQL_URL, REST_URL

# Critical path in simulated latencies (L) and gateway-to-service hops, from docs/architecture.md.
CRITICAL_PATHS = {
    ("API-1", "rest"): "1 L", ("API-1", "graphql"): "1 L",
    ("API-2", "rest"): "3 L, sequential", ("API-2", "graphql"): "2 L",
    ("API-3", "rest"): "82 L (naive, 80 sequential calls)", ("API-3", "rest-batched"): "3 L",
    ("API-3", "graphql"): "4 L",
    ("API-4", "rest"): "2 L", ("API-4", "graphql"): "2 L",
}


def timed(request) -> float:
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=30) as response:
        response.read()
    return (time.perf_counter() - started) * 1000


def requests_for(scenario, architecture, entity_id):
    rest_path, query = scenario_requests()[scenario]
    if architecture.startswith("rest"):
        path = TEMPLATE.sub(str(entity_id), rest_path)
        if architecture == "rest-batched" and "/dashboard" in path:
            path += "?mode=batched"
        return urllib.request.Request(REST_URL + path)
    body = {"query": query, "variables": {"id": str(entity_id)} if "$id" in query else {}}
    return urllib.request.Request(GRAPHQL_URL + "/", data=json.dumps(body).encode(),
                                  headers={"Content-Type": "application/json"})


def measure(scenario, architecture, count):
    span = 5 if scenario == "API-3" else 200
    return [timed(requests_for(scenario, architecture, 1 + i % span)) for i in range(count)]


def add_arguments(parser: argparse.ArgumentParser):
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--warmup", type=int, default=200, help="requests per scenario before measuring")


def main(args: argparse.Namespace) -> int:
    rows = []
    for scenario in ("API-1", "API-2", "API-3", "API-4"):
        architectures = ["rest", "rest-batched", "graphql"] if scenario == "API-3" else ["rest", "graphql"]
        for architecture in architectures:
            measure(scenario, architecture, args.warmup if scenario != "API-3" or architecture != "rest"
                    else max(10, args.warmup // 10))
            count = args.requests if scenario != "API-3" or architecture != "rest" else max(10, args.requests // 5)
            samples = sorted(measure(scenario, architecture, count))
            rows.append((scenario, architecture, CRITICAL_PATHS[(scenario, architecture)],
                         statistics.median(samples), samples[int(0.95 * (len(samples) - 1))], count))
    print("| scenario | architecture | critical path | median ms | p95 ms | requests |")
    print("|---|---|---|---|---|---|")
    for scenario, architecture, path, median, p95, count in rows:
        print(f"| {scenario} | {architecture} | {path} | {median:.1f} | {p95:.1f} | {count} |")
    return 0

