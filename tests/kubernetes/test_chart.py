"""The Helm chart (kubernetes/rest-vs-graphql), rendered by the real Helm and decoded strictly with
the real Kubernetes API types (kube-check); then what the decoded objects must say: the same
images, configuration files, names and memory budget as the compose deployment, probes on the
services' health endpoints, nothing exposed outside the cluster. No cluster needed."""
import json
import re
import subprocess

import pytest
import yaml
from cached_tools import ROOT, cached_tool

CHART = ROOT / "kubernetes" / "rest-vs-graphql"
SERVICES = ("user-service", "site-service", "robot-service")
SERVICE_MONITOR_API = "monitoring.coreos.com/v1/ServiceMonitor"


@pytest.fixture(scope="session")
def helm():
    return cached_tool("HELM_BIN")


@pytest.fixture(scope="session")
def kube_check():
    return cached_tool("KUBE_CHECK_BIN")


@pytest.fixture(scope="session")
def render(helm, kube_check):
    """render(arch, *helm_args) -> the chart's objects, after kube-check accepted every one."""
    def render(architecture, *arguments):
        manifest = subprocess.run([helm, "template", architecture, str(CHART), "--namespace", "bench",
                                   "--set", f"architecture={architecture}", *arguments],
                                  capture_output=True, text=True)
        assert manifest.returncode == 0, manifest.stderr
        checked = subprocess.run([kube_check], input=manifest.stdout, capture_output=True, text=True)
        assert checked.returncode == 0, checked.stdout + checked.stderr
        return [document for document in yaml.safe_load_all(manifest.stdout) if document]
    return render


def by_kind(objects, kind):
    return {item["metadata"]["name"]: item for item in objects if item["kind"] == kind}


def container(deployment, name):
    return next(c for c in deployment["spec"]["template"]["spec"]["containers"] if c["name"] == name)


def memory_mib(quantity):
    """Kubernetes (512Mi, 1Gi) or compose (512m, 1g) memory, in MiB."""
    number, unit = re.fullmatch(r"(\d+)([A-Za-z]*)", str(quantity)).groups()
    return int(number) * {"Mi": 1, "Gi": 1024, "m": 1, "g": 1024}[unit]


@pytest.fixture(scope="session")
def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


@pytest.mark.parametrize("architecture", ["rest", "graphql"])
def test_every_object_decodes_strictly_with_and_without_the_operator(render, architecture):
    plain = render(architecture)
    operator = render(architecture, "--api-versions", SERVICE_MONITOR_API, "--set", "replicas.robotService=2",
                      "--set", "resources.service.limits.cpu=1")
    assert not by_kind(plain, "ServiceMonitor")
    assert len(by_kind(operator, "ServiceMonitor")) == 2


@pytest.mark.parametrize("architecture", ["rest", "graphql"])
def test_helm_lint_passes_strictly(helm, architecture):
    result = subprocess.run([helm, "lint", "--strict", str(CHART), "--set", f"architecture={architecture}"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_kube_check_refuses_what_a_cluster_would(kube_check):
    """The decoder is strict: a misspelt field, a wrong type and a bad label value each fail."""
    broken = {
        "misspelt field": "apiVersion: v1\nkind: Service\nmetadata: {name: a}\nspec: {portz: []}\n",
        "wrong type": "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: a}\nspec: {replicas: two}\n",
        "bad label": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, labels: {x: 'not valid!'}}\n",
        "bad name": "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: Not_Valid}\n",
        "unknown kind": "apiVersion: v1\nkind: Servise\nmetadata: {name: a}\n",
    }
    for what, document in broken.items():
        checked = subprocess.run([kube_check], input=document, capture_output=True, text=True)
        assert checked.returncode == 1, f"{what} passed: {checked.stdout}"
        assert "FAIL" in checked.stdout, what
    empty = subprocess.run([kube_check], input="# nothing\n", capture_output=True, text=True)
    assert empty.returncode == 1, "an empty rendering must not pass"


def test_an_unknown_architecture_is_refused_with_a_clear_error(helm):
    result = subprocess.run([helm, "template", "x", str(CHART), "--set", "architecture=soap"],
                            capture_output=True, text=True)
    assert result.returncode != 0
    assert 'architecture must be rest or graphql, not "soap"' in result.stderr


@pytest.mark.parametrize("architecture,gateway", [("rest", "nginx"), ("graphql", "router")])
def test_components_images_and_memory_are_those_of_compose(render, compose, architecture, gateway):
    objects = render(architecture)
    deployments = by_kind(objects, "Deployment")
    expected = {f"{architecture}-{service}" for service in SERVICES} | {gateway}
    assert set(deployments) == expected
    assert set(by_kind(objects, "Service")) == expected
    for name in expected:
        main = container(deployments[name], name.removeprefix(f"{architecture}-"))
        compose_service = compose["services"][name]
        limit = compose_service["mem_limit"]
        assert memory_mib(main["resources"]["limits"]["memory"]) == memory_mib(limit), name
        assert memory_mib(main["resources"]["requests"]["memory"]) == memory_mib(limit), name
        image = re.sub(r"\$\{[A-Z_]+:-([^}]+)\}", r"\1", compose_service["image"])
        assert main["image"] in (image, f"{image}:latest"), name


def test_nginx_upstreams_are_the_rest_services_by_name(render):
    objects = render("rest")
    services = by_kind(objects, "Service")
    config = by_kind(objects, "ConfigMap")["nginx-gateway"]["data"]
    assert config["compose.conf"] == (ROOT / "gateway/nginx/compose.conf").read_text().rstrip("\n")
    upstreams = re.findall(r"server ([a-z-]+):(\d+)", config["compose.conf"])
    assert {host for host, _ in upstreams} == {f"rest-{service}" for service in SERVICES}
    for host, port in upstreams:
        assert int(port) in [p["port"] for p in services[host]["spec"]["ports"]]
    includes = set(re.findall(r"include ([\w.]+);", config["compose.conf"]))
    assert includes <= set(config), f"compose.conf includes files the ConfigMap lacks: {includes - set(config)}"


def test_router_serves_the_committed_supergraph_and_calls_the_graphql_services(render):
    objects = render("graphql")
    config = by_kind(objects, "ConfigMap")["router-config"]["data"]
    assert config["supergraph.graphql"] == (ROOT / "gateway/router/supergraph.graphql").read_text().rstrip("\n")
    router = container(by_kind(objects, "Deployment")["router"], "router")
    environment = {item["name"]: item["value"] for item in router["env"]}
    services = by_kind(objects, "Service")
    for variable in ("USER_SUBGRAPH_URL", "SITE_SUBGRAPH_URL", "ROBOT_SUBGRAPH_URL"):
        host, port = re.fullmatch(r"http://([a-z-]+):(\d+)/graphql", environment[variable]).groups()
        assert int(port) in [p["port"] for p in services[host]["spec"]["ports"]]
    assert environment["ROUTER_LISTEN_HOST"] == "0.0.0.0"


@pytest.mark.parametrize("architecture", ["rest", "graphql"])
def test_probes_use_the_health_endpoints(render, architecture):
    deployments = by_kind(render(architecture), "Deployment")
    for service in SERVICES:
        main = container(deployments[f"{architecture}-{service}"], service)
        assert main["startupProbe"]["httpGet"]["path"] == "/health/started"
        assert main["readinessProbe"]["httpGet"]["path"] == "/health/ready"
        assert main["livenessProbe"]["httpGet"]["path"] == "/health/live"
        assert main["livenessProbe"]["timeoutSeconds"] == 2
    if architecture == "graphql":
        assert container(deployments["router"], "router")["readinessProbe"]["httpGet"]["path"] == "/health?ready"


@pytest.mark.parametrize("architecture", ["rest", "graphql"])
def test_nothing_is_exposed_outside_the_cluster_by_default(render, architecture):
    objects = render(architecture)
    assert {item["spec"]["type"] for item in by_kind(objects, "Service").values()} == {"ClusterIP"}
    assert not [item for item in objects if item["kind"] in ("Ingress", "Route", "Gateway", "HTTPRoute")]
    for deployment in by_kind(objects, "Deployment").values():
        for each in deployment["spec"]["template"]["spec"]["containers"]:
            assert all("hostPort" not in port for port in each.get("ports", []))


@pytest.mark.parametrize("architecture", ["rest", "graphql"])
def test_every_pod_is_scraped_and_labelled_as_the_dashboards_expect(render, architecture):
    objects = render(architecture, "--api-versions", SERVICE_MONITOR_API)
    for deployment in by_kind(objects, "Deployment").values():
        template = deployment["spec"]["template"]
        assert template["metadata"]["annotations"]["prometheus.io/scrape"] == "true"
        assert template["metadata"]["labels"]["bench.arch"] == architecture
        ports = {p["containerPort"] for c in template["spec"]["containers"] for p in c.get("ports", [])}
        assert int(template["metadata"]["annotations"]["prometheus.io/port"]) in ports
    for monitor in by_kind(objects, "ServiceMonitor").values():
        targets = {rule["targetLabel"] for endpoint in monitor["spec"]["endpoints"] for rule in endpoint["relabelings"]}
        assert {"arch", "component"} <= targets


def test_dashboards_are_the_repository_dashboards_in_sidecar_format(render):
    configmaps = by_kind(render("rest"), "ConfigMap")
    dashboards = {name: item for name, item in configmaps.items() if "dashboard" in name}
    files = sorted((ROOT / "monitoring/grafana/dashboards").glob("*.json"))
    assert len(dashboards) == len(files)
    for path in files:
        item = dashboards[f"rest-vs-graphql-dashboard-{path.stem}"]
        assert item["metadata"]["labels"]["grafana_dashboard"] == "1"
        assert json.loads(item["data"][path.name]) == json.loads(path.read_text())
    assert not [name for name in by_kind(render("graphql", "--set", "grafana.dashboards=false"), "ConfigMap")
                if "dashboard" in name]
