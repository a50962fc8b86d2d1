"""Deadlines, thread pools and keep-alive on the real stacks (docs/failure.md, "Timeouts, side by
side"): a hung service costs each architecture the same per-hop and per-request deadlines, calls
waiting on it starve nothing else, a burst of calls queues for threads instead of being refused,
and the side of a pooled connection that reuses it drops it first."""
import os
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

import pytest
from stack import ROOT, get, graphql, run_script

pytestmark = pytest.mark.usefixtures("stacks", "warm_paths")

HOP_DEADLINE_S = 2
REQUEST_DEADLINE_S = 4
# Room for the answer to travel and for a busy machine; a missed deadline is seconds late.
SLACK_S = 1.5
# Concurrent requests of the robot service that each wait on a hung user service: far more than
# Liberty's default executor has threads (2 per CPU at first, grown by about one per 1.5 s).
HUNG_CALLS = 50
# The circuit breakers of the REST clients stay open this long (delay = 5000).
CIRCUIT_OPEN_S = 5

ROBOT_DETAILS = "query($id: ID!) { robot(id: $id) { id name operator { name } site { name } } }"


@pytest.fixture(scope="module")
def warm_paths():
    """A freshly started JVM takes seconds over its first requests of a kind: that is warm-up,
    not the deadline under test."""
    for i in range(30):
        get(f"/api/v1/robots/{i + 1}/details")
        get("/api/v1/users")
        graphql(ROBOT_DETAILS, {"id": str(i + 1)})
        graphql("{ users { id name } }")


def concurrently(send, count):
    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(send, range(count)))


@contextmanager
def frozen(arch, service):
    """The instance hangs (SIGSTOP) for the duration of the block: its port stays open."""
    run_script("instance.sh", "freeze", arch, service)
    try:
        yield
    finally:
        run_script("instance.sh", "thaw", arch, service)


def test_a_hung_leaf_service_costs_one_hop_deadline_on_both_sides():
    with frozen("rest", "user-service"):
        rest = get("/api/v1/users")
    with frozen("graphql", "user-service"):
        federated = graphql("{ users { id name } }")
    assert rest.status == 504 and rest.is_json
    assert federated.status == 200 and federated.json()["data"] is None and federated.json()["errors"]
    for reply in (rest, federated):
        assert HOP_DEADLINE_S <= reply.elapsed < HOP_DEADLINE_S + SLACK_S


def test_a_hung_downstream_service_costs_the_caller_one_hop_deadline_on_both_sides():
    with frozen("rest", "user-service"):
        rest = get("/api/v1/robots/7/details")
    with frozen("graphql", "user-service"):
        federated = graphql(ROBOT_DETAILS, {"id": "7"})
    # REST: the robot service's own JSON 504 (the socket's or Fault Tolerance's timeout, whichever
    # fires first: only the socket's knows which service it was).
    assert rest.status == 504 and rest.json()["error"] == "Gateway Timeout"
    assert "did not answer" in rest.json()["message"]
    # GraphQL: the robot and its site, without the operator's name (the user subgraph's field),
    # plus an error.
    data = federated.json()["data"]["robot"]
    assert data["site"]["name"] and not (data["operator"] or {}).get("name") and federated.json()["errors"]
    for reply in (rest, federated):
        assert HOP_DEADLINE_S <= reply.elapsed < HOP_DEADLINE_S + SLACK_S


def test_a_hung_orchestrating_service_is_cut_at_the_request_deadline_by_nginx_at_the_hop_one_by_the_router():
    """REST's orchestration lives in the service, so NGINX's one hop to it must cover its calls
    too; the router makes each hop itself."""
    with frozen("rest", "robot-service"):
        rest = get("/api/v1/robots/7/details")
    with frozen("graphql", "robot-service"):
        federated = graphql(ROBOT_DETAILS, {"id": "7"})
    assert rest.status == 504 and rest.is_json and rest.json()["error"] == "Gateway Timeout"
    assert REQUEST_DEADLINE_S <= rest.elapsed < REQUEST_DEADLINE_S + SLACK_S
    assert federated.status == 200 and federated.json()["data"]["robot"] is None and federated.json()["errors"]
    assert HOP_DEADLINE_S <= federated.elapsed < HOP_DEADLINE_S + SLACK_S


RUN_DIR = os.environ.get("BENCH_RUN_DIR", str(ROOT / ".run"))


def pids_of(pid_file):
    """The process named by a pid file and its children (NGINX's workers hold the connections)."""
    with open(pid_file) as handle:
        parent = handle.read().strip()
    children = subprocess.run(["pgrep", "-P", parent], capture_output=True, text=True).stdout.split()
    return [parent, *children]


def established_connections(pids, ports):
    """Established TCP connections of these processes to these local ports."""
    lines = subprocess.run(["ss", "-Htnp", "state", "established"], capture_output=True, text=True).stdout.splitlines()
    return [line for line in lines
            if line.split()[3].rsplit(":", 1)[-1] in {str(port) for port in ports}
            and any(f"pid={pid}," in line for pid in pids)]


def test_gateways_give_up_idle_pooled_connections_before_liberty_does():
    """NGINX (upstream keepalive_timeout 15 s) closes its idle connections to the services, and
    the router (subgraph pool_idle_timeout 15 s) no longer reuses one idle that long: its next call
    drops it and opens a new one. Both before Liberty's persistTimeout (60 s) closes them."""
    rest_ports = (9101, 9102, 9103)
    for i in range(20):
        get(f"/api/v1/robots/{i + 1}/details")
        graphql(ROBOT_DETAILS, {"id": str(i + 1)})
    nginx = pids_of(f"{RUN_DIR}/rest/nginx/nginx.pid")
    router = pids_of(f"{RUN_DIR}/graphql/router.pid")
    idle_to_users = set(established_connections(router, [9201]))
    assert established_connections(nginx, rest_ports) and idle_to_users
    time.sleep(15 + 5)
    assert established_connections(nginx, rest_ports) == []
    assert graphql("{ users { id } }").status == 200
    after = set(established_connections(router, [9201]))
    assert after and not after & idle_to_users


def test_calls_waiting_on_a_hung_service_do_not_starve_the_callers_other_requests():
    """The robot service's waiting calls hold threads of their own: while 50 of its requests
    wait on a frozen user service, it still answers a request it serves alone. On GraphQL the
    router waits, and the robot subgraph answers the same way."""
    with frozen("rest", "user-service"), ThreadPoolExecutor(max_workers=HUNG_CALLS + 1) as pool:
        waiting = [pool.submit(get, f"/api/v1/robots/{i + 1}/details") for i in range(HUNG_CALLS)]
        time.sleep(0.5)
        alone = get("/api/v1/robots/3")
        assert [future.result().status for future in waiting] == [504] * HUNG_CALLS
    with frozen("graphql", "user-service"), ThreadPoolExecutor(max_workers=HUNG_CALLS + 1) as pool:
        waiting = [pool.submit(graphql, ROBOT_DETAILS, {"id": str(i + 1)}) for i in range(HUNG_CALLS)]
        time.sleep(0.5)
        federated = graphql('query { robot(id: "3") { id name } }')
        assert all(future.result().json()["errors"] for future in waiting)
    assert alone.status == 200 and str(alone.json()["id"]) == "3"
    assert federated.status == 200 and "errors" not in federated.json()
    assert federated.json()["data"]["robot"]["name"]


def test_a_burst_beyond_the_outgoing_call_threads_waits_for_them_instead_of_being_refused():
    """150 concurrent details make about 300 calls at once, three times the 100 threads of
    OutgoingCallThreads: the rest queue inside their timeout. Whether a cold stack answers all
    in time is a matter for the benchmark; no call may be refused for want of a thread."""
    time.sleep(CIRCUIT_OPEN_S + 1)  # the breakers a test above opened let calls through again
    replies = concurrently(lambda i: get(f"/api/v1/robots/{i % 200 + 1}/details"), 150)
    refused = [reply.json()["message"] for reply in replies if reply.status == 503 and reply.is_json
               and "No thread free" in reply.json()["message"]]
    assert refused == []
    assert all(reply.is_json for reply in replies)
