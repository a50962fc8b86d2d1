"""Safe defaults on the running stacks: every listening socket of ours on 127.0.0.1, router
introspection, sandbox and homepage off, unknown router paths a JSON 404 (the file checks are in
tests/safety)."""
import json
import re
import subprocess

import pytest
from stack import GRAPHQL, graphql, request

pytestmark = pytest.mark.usefixtures("stacks")

PORTS = {8080: "nginx", 8090: "nginx stub_status", 4000: "router", 8088: "router health",
         9180: "router metrics", 9101: "user-service (rest)", 9102: "site-service (rest)",
         9103: "robot-service (rest)", 9201: "user-service (graphql)", 9202: "site-service (graphql)",
         9203: "robot-service (graphql)"}


def listening_addresses() -> dict:
    listing = subprocess.run(["ss", "-Hltn"], capture_output=True, text=True, check=True).stdout
    addresses = {}
    for line in listing.splitlines():
        local = line.split()[3]
        host, _, port = local.rpartition(":")
        if int(port) in PORTS:
            # Java binds IPv4 loopback through an IPv6 socket: [::ffff:127.0.0.1] is 127.0.0.1.
            addresses.setdefault(int(port), set()).add(host.strip("[]").removeprefix("::ffff:"))
    return addresses


def test_every_port_of_both_stacks_listens_on_loopback_only():
    addresses = listening_addresses()
    assert set(addresses) == set(PORTS), f"not listening: {[PORTS[p] for p in set(PORTS) - set(addresses)]}"
    wider = {PORTS[port]: hosts for port, hosts in addresses.items() if hosts != {"127.0.0.1"}}
    assert wider == {}


def test_router_refuses_introspection():
    reply = graphql("{ __schema { types { name } } }")
    body = reply.json()
    assert "errors" in body and not (body.get("data") or {}).get("__schema")


@pytest.mark.parametrize("path", ["/", "/sandbox"])
def test_router_serves_no_sandbox_or_homepage(path):
    reply = request(GRAPHQL + path, headers={"Accept": "text/html"})
    assert all("text/html" not in value for name, value in reply.headers.items() if name.lower() == "content-type")
    assert not re.search(rb"(?i)<html", reply.body)


def test_unknown_router_path_is_a_json_404():
    reply = request(GRAPHQL + "/api/v2/robots", data=json.dumps({"query": "{ users { id } }"}).encode(),
                    headers={"Content-Type": "application/json"})
    assert reply.status == 404 and reply.is_json
    assert "No such endpoint" in reply.json()["errors"][0]["message"]
