"""Deadlines and keep-alive idle times, side by side in the files (docs/failure.md, "Timeouts, side
by side"): the same per-hop and per-request deadlines on both architectures, the Fault Tolerance
policy declared once per client class, socket timeouts no longer than its timeout, and the side
that reuses a pooled connection dropping it first. tests/system/test_deadlines.py checks the
running stacks behave so."""
import itertools
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from nginx_includes import with_includes

REPO = Path(__file__).resolve().parents[2]
CLIENT_PACKAGE = "dev.restvsgraphql.common.client"
CLIENTS = sorted((REPO / "common/src/main/java" / CLIENT_PACKAGE.replace(".", "/")).glob("*ServiceClient.java"))
FAULT_TOLERANCE = ("Asynchronous", "Timeout", "CircuitBreaker", "Retry", "Bulkhead", "Fallback")
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


def client_class(path: Path) -> tuple:
    """(the annotations of the class, the body of the class) of a *ServiceClient source."""
    header, body = re.split(r"^public class .*$", path.read_text(), maxsplit=1, flags=re.M)
    return header.rsplit("*/", 1)[-1], body


def fault_tolerance_timeouts_ms() -> set:
    """The timeout of each client: its class-level @Timeout unless MicroProfile Config overrides it
    with the class-level key (<class>/Timeout/value) or the global one (Timeout/value)."""
    config = mp_config()
    timeouts = set()
    for path in CLIENTS:
        declared = re.search(r"@Timeout\((\d+)\)", client_class(path)[0])
        value = config.get(f"{CLIENT_PACKAGE}.{path.stem}/Timeout/value", config.get("Timeout/value"))
        timeouts.add(int(value) if value is not None else int(declared.group(1)) if declared else None)
    return timeouts


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


@pytest.mark.parametrize("path", CLIENTS, ids=lambda path: path.stem)
def test_fault_tolerance_policy_is_declared_once_on_the_client_class(path):
    header, body = client_class(path)
    assert re.findall(r"^@(\w+)", header, re.M) == ["ApplicationScoped", "Asynchronous", "Timeout", "CircuitBreaker"]
    assert "@CircuitBreaker(requestVolumeThreshold = 20, failureRatio = 0.5, delay = 5000)" in header
    # Not repeated on the methods, and no method under the policy that it does not fit: a
    # class-level @Asynchronous wants every method, inherited ones included, to return a
    # CompletionStage (so the shared plumbing is the injected DownstreamCalls, not a base class).
    assert not re.findall(r"@(%s)\b" % "|".join(FAULT_TOLERANCE), body)
    assert " extends " not in re.search(r"^public class .*$", path.read_text(), re.M).group(0)
    methods = re.findall(r"^    (?:public |protected |private )?(?:static )?([\w<>, ]+?) \w+\([^)]*\) \{", body, re.M)
    assert methods and all(kind.startswith("CompletionStage<") for kind in methods), methods


def test_fault_tolerance_overrides_use_the_class_level_keys():
    # With the policy on the class, <class>/<method>/Timeout/value is not read: it would be ignored.
    keys = [key for key in mp_config() if key.startswith(CLIENT_PACKAGE + ".")]
    assert all(len(key.split("/")) == 3 and key.split("/")[1] in FAULT_TOLERANCE for key in keys), keys


def test_socket_timeouts_are_no_longer_than_the_fault_tolerance_timeout():
    config = mp_config()
    (timeout,) = fault_tolerance_timeouts_ms()
    assert int(config["downstream.read.timeout.ms"]) <= timeout
    assert int(config["downstream.connect.timeout.ms"]) + int(config["downstream.pool.checkout.timeout.ms"]) <= timeout


def test_client_connection_pool_covers_the_outgoing_threads_so_no_call_waits_for_a_connection():
    config = mp_config()
    assert int(config["downstream.pool.size"]) >= int(config["downstream.threads"])


def test_liberty_default_executor_is_bounded_the_same_on_both_architectures():
    """One server.xml serves every instance of both architectures; an unbounded executor grew past
    1,000 threads under overload and out of its container's memory."""
    server = ET.parse(REPO / "liberty/config/server.xml").getroot()
    (executor,) = server.findall("executor")
    bound = {v.get("name"): v.get("defaultValue") for v in server.findall("variable")}["executor.max.threads"]
    assert executor.get("maxThreads") == "${executor.max.threads}"
    assert 4 <= int(bound) <= 64


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
