"""Deadlines and keep-alive idle times, side by side in the files (docs/failure.md, "Timeouts, side
by side"): the same per-hop and per-request deadlines on both architectures, socket timeouts no
longer than the Fault Tolerance timeout, and the side that reuses a pooled connection dropping it
first. tests/system/test_deadlines.py checks the running stacks behave so."""
import itertools
import re
from pathlib import Path

import pytest
import yaml

from nginx_includes import with_includes

REPO = Path(__file__).resolve().parents[2]
CLIENTS = sorted((REPO / "common/src/main/java/dev/restvsgraphql/common/client").glob("*ServiceClient.java"))
# Local mode and docker-compose.yml; both include the routes (gateway/nginx/routes.conf).
NGINX_CONFIGS = ["gateway/nginx/nginx.conf", "gateway/nginx/compose.conf"]
# One router configuration for both modes (the environment sets only addresses).
ROUTER_CONFIGS = ["gateway/router/router.yaml"]


def seconds(value: str) -> float:
    number, unit = re.fullmatch(r"(\d+(?:\.\d+)?)(ms|s|m)?", value.strip()).groups()
    return float(number) * {"ms": 0.001, "s": 1, "m": 60, None: 1}[unit]


def mp_config() -> dict:
    text = (REPO / "common/src/main/resources/META-INF/microprofile-config.properties").read_text()
    return dict(line.split("=", 1) for line in text.splitlines() if line and not line.startswith("#"))


def liberty_persist_timeout() -> float:
    server = (REPO / "liberty/config/server.xml").read_text()
    return seconds(re.search(r'persistTimeout="([^"]+)"', server).group(1))


def fault_tolerance_timeouts_ms() -> set:
    return {int(value) for path in CLIENTS for value in re.findall(r"@Timeout\((\d+)\)", path.read_text())}


def nginx_timeouts(config: str) -> dict:
    """{location: proxy_read_timeout}, locations inheriting the server's value."""
    text = with_includes(REPO / config)
    server = re.split(r"^    server \{", text, flags=re.M)[1]
    default = seconds(re.search(r"^        proxy_read_timeout (\S+);", server, re.M).group(1))
    timeouts = {}
    for block in re.split(r"\n\s*location ", server)[1:]:
        pattern = block.split("{", 1)[0].strip()
        own = re.match(r"[^{]*\{\s*proxy_read_timeout (\S+);", block)
        timeouts[pattern] = seconds(own.group(1)) if own else default
    return timeouts


def router_pool_idle(config: str) -> float:
    shaping = yaml.safe_load((REPO / config).read_text())["traffic_shaping"]
    return seconds(shaping["all"]["pool_idle_timeout"])


def test_every_client_call_has_the_same_fault_tolerance_timeout():
    assert CLIENTS and fault_tolerance_timeouts_ms() == {2000}


def test_socket_timeouts_are_no_longer_than_the_fault_tolerance_timeout():
    config = mp_config()
    (timeout,) = fault_tolerance_timeouts_ms()
    assert int(config["downstream.read.timeout.ms"]) <= timeout
    assert int(config["downstream.connect.timeout.ms"]) + int(config["downstream.pool.checkout.timeout.ms"]) <= timeout


def test_client_connection_pool_covers_the_outgoing_threads_so_no_call_waits_for_a_connection():
    config = mp_config()
    assert int(config["downstream.pool.size"]) >= int(config["downstream.threads"])


def test_liberty_default_executor_keeps_its_own_sizing_on_both_architectures():
    assert "<executor " not in (REPO / "liberty/config/server.xml").read_text()


@pytest.mark.parametrize("config", ROUTER_CONFIGS)
def test_router_per_hop_deadline_is_the_fault_tolerance_timeout(config):
    shaping = yaml.safe_load((REPO / config).read_text())["traffic_shaping"]
    (timeout,) = fault_tolerance_timeouts_ms()
    assert seconds(shaping["all"]["timeout"]) == timeout / 1000


@pytest.mark.parametrize("nginx, router", list(itertools.product(NGINX_CONFIGS, ROUTER_CONFIGS)))
def test_nginx_deadlines_equal_the_routers(nginx, router):
    shaping = yaml.safe_load((REPO / router).read_text())["traffic_shaping"]
    hop, whole_request = seconds(shaping["all"]["timeout"]), seconds(shaping["router"]["timeout"])
    timeouts = nginx_timeouts(nginx)
    orchestrating = {pattern: value for pattern, value in timeouts.items()
                     if re.search(r"details|dashboard|monitoring", pattern)}
    leaves = {pattern: value for pattern, value in timeouts.items()
              if pattern not in orchestrating and "/api/v1/" in pattern}
    assert len(orchestrating) == 3 and set(orchestrating.values()) == {whole_request}
    assert len(leaves) == 3 and set(leaves.values()) == {hop}
    assert whole_request == 2 * hop


@pytest.mark.parametrize("config, router", list(itertools.product(NGINX_CONFIGS, ROUTER_CONFIGS)))
def test_nginx_drops_idle_upstream_connections_before_liberty_does_as_the_router(config, router):
    text = with_includes(REPO / config)
    upstreams = re.findall(r"upstream \w+ \{(.*?)\}", text, re.S)
    idle = [seconds(re.search(r"keepalive_timeout (\S+);", block).group(1)) for block in upstreams]
    assert len(idle) == 3 and max(idle) < liberty_persist_timeout()
    assert set(idle) == {router_pool_idle(router)}


def test_rest_clients_retire_connections_before_liberty_closes_them():
    assert int(mp_config()["downstream.connection.ttl.ms"]) / 1000 < liberty_persist_timeout()


@pytest.mark.parametrize("config", ROUTER_CONFIGS)
def test_router_drops_idle_subgraph_connections_before_liberty_does(config):
    assert router_pool_idle(config) < liberty_persist_timeout()
