"""Parity check: both architectures must answer each scenario with the same information.

For each of the four scenarios (SPEC section 4) it sends the load test's own requests (read
from artillery/rest.yml and artillery/graphql.yml, so the check and the load cannot drift
apart) to both stacks for many ids, and checks that every value the GraphQL response contains
equals the corresponding value of the REST response. GraphQL may return fewer fields; it may
not return different values.

    bench parity [--rest URL] [--graphql URL] [--rest-dashboard naive|batched]

Exit status: 0 when everything matches, 1 with the list of mismatches, 2 when a stack cannot
be reached or answers with an error.
"""
import argparse
import json
import re
import sys
import time
import urllib.error
import urllib.request

import yaml

from bench.harness.stacks import StackError
from bench.topology import ARTILLERY_DIR, GRAPHQL_URL, REST_URL

ROBOT_IDS = (1, 2, 7, 13, 40, 41, 64, 80, 81, 99, 120, 121, 137, 160, 161, 178, 199, 200)
SITE_IDS = (1, 2, 3, 4, 5)
TEMPLATE = re.compile(r"\{\{[^}]*\}\}")


def scenario_requests():
    """{scenario: (rest path template, graphql query)} from the Artillery scenario files."""
    def flows(name):
        document = yaml.safe_load((ARTILLERY_DIR / name).read_text())
        return {s["name"]: s["flow"][0] for s in document["scenarios"]}
    rest, graphql = flows("rest.yml"), flows("graphql.yml")
    return {name: (rest[name]["get"]["url"], graphql[name]["post"]["json"]["query"]) for name in rest}


def fetch(request, timeout=30):
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return json.load(response)
    except urllib.error.HTTPError as error:
        raise StackError(f"{request.full_url} answered {error.code}: {error.read()[:300]!r}") from error
    except (urllib.error.URLError, OSError) as error:
        raise StackError(f"{request.full_url} unreachable: {error}") from error


def rest_get(base, template, entity_id=None, dashboard_mode="naive"):
    path = TEMPLATE.sub(str(entity_id), template)
    if "/dashboard" in path and dashboard_mode != "naive":
        path += f"?mode={dashboard_mode}"
    return fetch(urllib.request.Request(base + path))


def graphql_post(base, query, entity_id=None):
    body = {"query": query}
    if entity_id is not None:
        body["variables"] = {"id": str(entity_id)}
    answer = fetch(urllib.request.Request(base + "/", data=json.dumps(body).encode(),
                                          headers={"Content-Type": "application/json"}))
    if answer.get("errors"):
        raise StackError(f"GraphQL errors for {query[:60]}... id={entity_id}: {answer['errors']}")
    return answer["data"]


def wait_until_answering(rest_base=None, graphql_base=None, dashboard_mode="naive", timeout_s=180, progress=print,
                         sleep=time.sleep, clock=time.monotonic):
    """Retries one request per scenario on each stack given until it answers. A freshly started
    JVM takes seconds over its first request of each kind, longer than the gateways' deadlines
    (2 s per hop, 4 s per request): those first 504s are a cold stack, not a mismatch or a
    measured failure."""
    deadline = clock() + timeout_s
    for scenario, (rest_path, query) in scenario_requests().items():
        entity_id = None if TEMPLATE.search(rest_path) is None else 1

        def ask():
            if rest_base:
                rest_get(rest_base, rest_path, entity_id, dashboard_mode)
            if graphql_base:
                graphql_post(graphql_base, query, entity_id)
        _retry(ask, scenario, deadline, f"{timeout_s} s after the stacks started", progress, sleep, clock)


def _retry(call, label, deadline, limit, progress, sleep, clock):
    """call() until it answers without a StackError or the deadline (clock time) has passed."""
    while True:
        try:
            return call()
        except StackError as error:
            if clock() >= deadline:
                raise StackError(f"{label} still failing {limit}: {error}") from error
            progress(f"  {label}: not answering yet ({error}); retrying")
            sleep(2)


# Each projection turns a REST response into the shape of the GraphQL response, so the two can
# be compared field by field.

def project_users(rest):
    return {"users": rest}


def project_robot(rest):
    return {"robot": rest}


def project_dashboard(rest):
    return {"site": {**rest["site"], "robots": rest["robots"]}}


def project_overview(rest):
    def site_stats(stats):
        return {**stats, "site": {"id": stats["siteId"], "name": stats["siteName"]}}

    def operator(top):
        return {**top, "operator": {"id": top["operatorId"], "name": top["name"]}}

    def alert(recent):
        return {**recent, "robot": {"id": recent["robotId"], "name": recent["robotName"],
                                    "site": {"id": recent["siteId"], "name": recent["siteName"]}}}
    return {"monitoringOverview": {"siteStats": [site_stats(s) for s in rest["siteStats"]],
                                   "topOperators": [operator(t) for t in rest["topOperators"]],
                                   "recentAlerts": [alert(a) for a in rest["recentAlerts"]]}}


def differences(graphql, rest, path="$"):
    """Every place where a value present in the GraphQL answer differs from the REST one."""
    if isinstance(graphql, dict):
        if not isinstance(rest, dict):
            return [f"{path}: GraphQL has an object, REST has {rest!r}"]
        found = []
        for key, value in graphql.items():
            if key not in rest:
                found.append(f"{path}.{key}: missing in REST")
            else:
                found += differences(value, rest[key], f"{path}.{key}")
        return found
    if isinstance(graphql, list):
        if not isinstance(rest, list) or len(graphql) != len(rest):
            return [f"{path}: GraphQL has {len(graphql)} items, REST has "
                    f"{len(rest) if isinstance(rest, list) else repr(rest)}"]
        return [d for i, (g, r) in enumerate(zip(graphql, rest)) for d in differences(g, r, f"{path}[{i}]")]
    if not same_value(graphql, rest):
        return [f"{path}: GraphQL {graphql!r} != REST {rest!r}"]
    return []


def same_value(graphql, rest):
    if isinstance(graphql, str) and isinstance(rest, int):
        return graphql == str(rest)  # GraphQL serialises ID as a string
    if isinstance(graphql, (int, float)) and isinstance(rest, (int, float)):
        return abs(graphql - rest) < 1e-9
    return graphql == rest


def check(rest_base, graphql_base, dashboard_mode="naive", progress=print, on_retry=None, retry_s=60,
          sleep=time.sleep, clock=time.monotonic):
    """Returns the list of mismatches (empty when the architectures agree). A request that fails
    is retried for up to retry_s: on JVMs still compiling, a dashboard for an id not asked before
    can miss the gateway's deadline; values, not availability, are what this checks. Each retry
    is told to on_retry (default: progress)."""
    on_retry = on_retry or progress
    requests = scenario_requests()
    plan = [("API-1", None, project_users)]
    plan += [("API-2", robot_id, project_robot) for robot_id in ROBOT_IDS]
    plan += [("API-3", site_id, project_dashboard) for site_id in SITE_IDS]
    plan += [("API-4", None, project_overview)]
    mismatches = []
    for scenario, entity_id, project in plan:
        rest_path, query = requests[scenario]
        label = scenario + ("" if entity_id is None else f" id={entity_id}")
        deadline, limit = clock() + retry_s, f"after {retry_s} s of retries"
        rest = project(_retry(lambda: rest_get(rest_base, rest_path, entity_id, dashboard_mode),
                              label, deadline, limit, on_retry, sleep, clock))
        graphql = _retry(lambda: graphql_post(graphql_base, query, entity_id), label, deadline, limit, on_retry,
                         sleep, clock)
        found = differences(graphql, rest)
        mismatches += [f"{label} {d}" for d in found]
        progress(f"  {label}: {'ok' if not found else f'{len(found)} mismatches'}")
    return mismatches


def add_arguments(parser: argparse.ArgumentParser):
    parser.add_argument("--rest", default=REST_URL, help="REST gateway base URL")
    parser.add_argument("--graphql", default=GRAPHQL_URL, help="GraphQL router base URL")
    parser.add_argument("--rest-dashboard", choices=("naive", "batched"), default="naive",
                        help="which REST form of API-3 to compare")


def main(args: argparse.Namespace) -> int:
    print(f"Parity: REST {args.rest} (dashboard {args.rest_dashboard}) vs GraphQL {args.graphql}")
    try:
        mismatches = check(args.rest, args.graphql, args.rest_dashboard)
    except StackError as error:
        print(f"parity: {error}", file=sys.stderr)
        return 2
    if mismatches:
        print(f"FAILED: {len(mismatches)} mismatches", file=sys.stderr)
        for line in mismatches:
            print(f"  {line}", file=sys.stderr)
        return 1
    print("Parity OK: every GraphQL value equals the REST value")
    return 0

