"""The configuration files that have to name a port (NGINX, the router, the supergraph, the
service poms and defaults, the Artillery targets) name the one in scripts/lib/ports.env."""

import re

import pytest

from bench.topology import PORTS, ROOT, SERVICE_PORTS, SERVICES


def matches(path: str, pattern: str) -> list:
    return re.findall(pattern, (ROOT / path).read_text(), re.M)


def ports_in(path: str, pattern: str) -> list:
    return [int(port) for port in matches(path, pattern)]


def upstream_ports(nginx_conf: str) -> dict:
    blocks = matches(nginx_conf, r"upstream (\w+)_service \{\s*server 127\.0\.0\.1:(\d+)")
    return {f"{name}-service": int(port) for name, port in blocks}


def test_nginx_listens_and_proxies_on_the_shared_ports():
    assert upstream_ports("gateway/nginx/nginx.conf") == SERVICE_PORTS["rest"]
    assert ports_in("gateway/nginx/nginx.conf", r"listen 127\.0\.0\.1:(\d+)") == [
        PORTS["GATEWAY_PORT"], PORTS["NGINX_STATUS_PORT"]]
    assert ports_in("gateway/nginx/static-target.conf", r"listen 127\.0\.0\.1:(\d+)") == [PORTS["STATIC_TARGET_PORT"]]


def test_the_router_listens_and_fetches_on_the_shared_ports():
    assert ports_in("gateway/router/router.yaml", r"listen: \$\{env\.ROUTER_LISTEN_HOST:-127\.0\.0\.1\}:(\d+)") == [
        PORTS["ROUTER_PORT"], PORTS["ROUTER_HEALTH_PORT"], PORTS["ROUTER_METRICS_PORT"]]
    subgraphs = dict(matches("gateway/router/router.yaml",
                             r"(\w+): \$\{env\.\w+_SUBGRAPH_URL:-http://127\.0\.0\.1:(\d+)/graphql\}"))
    supergraph = dict(matches("gateway/router/supergraph.graphql",
                              r'@join__graph\(name: "(\w+)", url: "http://127\.0\.0\.1:(\d+)/graphql"\)'))
    expected = {f"{service.split('-')[0]}s": str(SERVICE_PORTS["graphql"][service]) for service in SERVICES}
    assert subgraphs == supergraph == expected


@pytest.mark.parametrize("service", SERVICES)
def test_a_service_defaults_to_its_rest_port(service):
    assert ports_in(f"{service}/pom.xml", r"<liberty\.defaultVar\.http\.port>(\d+)<") == [SERVICE_PORTS["rest"][service]]
    assert ports_in("common/src/main/resources/META-INF/microprofile-config.properties",
                    rf"^{service}\.url=http://127\.0\.0\.1:(\d+)$") == [SERVICE_PORTS["rest"][service]]


@pytest.mark.parametrize(("scenario_file", "port"), [
    ("rest.yml", "GATEWAY_PORT"), ("hostile-rest.yml", "GATEWAY_PORT"),
    ("graphql.yml", "ROUTER_PORT"), ("hostile-graphql.yml", "ROUTER_PORT"),
    ("generator-ceiling.yml", "STATIC_TARGET_PORT"),
])
def test_artillery_targets_the_shared_port(scenario_file, port):
    assert ports_in(f"artillery/{scenario_file}", r'target: "http://127\.0\.0\.1:(\d+)"') == [PORTS[port]]
