"""Deadlines, thread pools and keep-alive on the real stacks (docs/failure.md, "Timeouts, side by
side"): a burst far above Liberty's old default pool is answered in full, a hung service costs
each architecture the same per-hop and per-request deadlines, and the side of a pooled connection
that reuses it drops it first."""
import os
import subprocess
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager

import pytest

from stack import ROOT, get, graphql, run_script

pytestmark = pytest.mark.usefixtures("stacks")

# Liberty's default executor starts with 2 threads per CPU (4 here) and grows by about one per
# 1.5 s; every outgoing REST call holds one thread for its whole duration.
BURST = 300
HOP_DEADLINE_S = 2
REQUEST_DEADLINE_S = 4
# Room for the answer to travel and for a busy machine; a missed deadline is seconds late.
SLACK_S = 1.5

ROBOT_DETAILS = "query($id: ID!) { robot(id: $id) { id name operator { name } site { name } } }"


def burst(send):
    with ThreadPoolExecutor(max_workers=BURST) as pool:
        return list(pool.map(send, range(BURST)))


def test_rest_burst_far_above_the_old_pool_is_answered_in_full_within_its_deadline():
    replies = burst(lambda i: get(f"/api/v1/robots/{i % 200 + 1}/details"))
    statuses = sorted({reply.status for reply in replies})
    assert statuses == [200], f"statuses {statuses}"
    assert max(reply.elapsed for reply in replies) < REQUEST_DEADLINE_S


def test_graphql_burst_far_above_the_old_pool_is_answered_in_full_within_its_deadline():
    replies = burst(lambda i: graphql(ROBOT_DETAILS, {"id": str(i % 200 + 1)}))
    assert sorted({reply.status for reply in replies}) == [200]
    assert not [reply.json()["errors"] for reply in replies if "errors" in reply.json()]
    assert max(reply.elapsed for reply in replies) < REQUEST_DEADLINE_S


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
    # REST: the robot service's own JSON 504 naming the service that did not answer.
    assert rest.status == 504 and "user-service" in rest.json()["message"]
    # GraphQL: the robot and its site, without the operator, plus an error.
    data = federated.json()["data"]["robot"]
    assert data["site"]["name"] and data["operator"] is None and federated.json()["errors"]
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


def test_gateways_drop_idle_pooled_connections_before_liberty_does():
    """NGINX (upstream keepalive_timeout 15 s) and the router (subgraph pool idle timeout 15 s)
    close their idle connections to the services well before Liberty's persistTimeout (60 s)."""
    rest_ports, graphql_ports = (9101, 9102, 9103), (9201, 9202, 9203)
    for i in range(20):
        get(f"/api/v1/robots/{i + 1}/details")
        graphql(ROBOT_DETAILS, {"id": str(i + 1)})
    nginx = pids_of(f"{RUN_DIR}/rest/nginx/nginx.pid")
    router = pids_of(f"{RUN_DIR}/graphql/router.pid")
    assert established_connections(nginx, rest_ports) and established_connections(router, graphql_ports)
    time.sleep(15 + 5)
    assert established_connections(nginx, rest_ports) == []
    assert established_connections(router, graphql_ports) == []
