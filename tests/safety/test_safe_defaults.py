"""Safe defaults of the benchmark configuration, checked in the files themselves (no servers;
tests/system/test_safe_defaults_live.py checks the running processes)."""
import re
import subprocess
from pathlib import Path

import pytest
import yaml
from nginx_includes import with_includes

REPO = Path(__file__).resolve().parents[2]
NGINX_CONFIGS = ["gateway/nginx/nginx.conf", "gateway/nginx/static-target.conf"]


def router_config() -> dict:
    return yaml.safe_load((REPO / "gateway/router/router.yaml").read_text())


# router.yaml's ${env.NAME:-default}, which the router expands (docker-compose.yml sets NAME).
ROUTER_ENV = re.compile(r"\$\{env\.(\w+)(?::-([^}]*))?\}")


def local_mode(value: str) -> str:
    """A router.yaml value as the local run sees it: every variable at its default
    (scripts/start-graphql.sh unsets them)."""
    return ROUTER_ENV.sub(lambda match: match[2] or "", value)


@pytest.mark.parametrize("config", NGINX_CONFIGS)
def test_nginx_listens_on_loopback_only(config):
    listens = re.findall(r"^\s*listen\s+([^;\s]+)", with_includes(REPO / config), re.M)
    assert listens and all(address.startswith("127.0.0.1:") for address in listens), listens


def test_router_listens_on_loopback_only():
    config = router_config()
    addresses = [local_mode(address) for address in (
        config["supergraph"]["listen"], config["health_check"]["listen"],
        config["telemetry"]["exporters"]["metrics"]["prometheus"]["listen"])]
    assert all(address.startswith("127.0.0.1:") for address in addresses), addresses


def test_the_local_router_reads_no_address_from_the_callers_environment():
    # Every variable router.yaml expands is unset by scripts/start-graphql.sh before the router
    # starts, so the defaults (127.0.0.1, the supergraph's subgraph addresses) always apply.
    def strings(value):
        if isinstance(value, dict):
            value = list(value.values())
        if isinstance(value, list):
            return [text for item in value for text in strings(item)]
        return [value] if isinstance(value, str) else []
    names = {name for text in strings(router_config()) for name, _ in ROUTER_ENV.findall(text)}
    assert names, "router.yaml expands no variable"
    script = (REPO / "scripts/start-graphql.sh").read_text()
    unset = {word for words in re.findall(r"\bunset ([A-Z_ ]+)", script) for word in words.split()}
    assert names <= unset, names - unset


def test_the_local_router_talks_to_the_subgraphs_the_supergraph_names():
    supergraph = (REPO / "gateway/router/supergraph.graphql").read_text()
    urls = dict(re.findall(r'@join__graph\(name: "(\w+)", url: "([^"]+)"\)', supergraph))
    overrides = {name: local_mode(url) for name, url in router_config()["override_subgraph_url"].items()}
    assert overrides == urls and all(url.startswith("http://127.0.0.1:") for url in urls.values())


def test_liberty_binds_to_loopback_unless_told_otherwise():
    server = (REPO / "liberty/config/server.xml").read_text()
    assert '<variable name="http.host" defaultValue="127.0.0.1"/>' in server
    assert 'host="${http.host}"' in server
    # Only the container images may widen it (they set HTTP_HOST); no local script does.
    scripts = [path for path in (REPO / "scripts").rglob("*.sh") if "HTTP_HOST" in path.read_text()]
    assert scripts == []


def test_monitoring_listens_on_loopback_only():
    script = (REPO / "scripts/start-monitoring.sh").read_text()
    addresses = re.findall(r'listen-address[ =]"?([^"\s]+)', script)
    assert len(addresses) >= 4 and all(address.startswith("127.0.0.1:") for address in addresses), addresses


def test_router_introspection_sandbox_and_homepage_are_off():
    config = router_config()
    assert config["supergraph"]["introspection"] is False
    assert config["sandbox"]["enabled"] is False
    assert config["homepage"]["enabled"] is False


def test_request_size_is_limited_in_nginx_and_the_router():
    nginx = with_includes(REPO / "gateway/nginx/nginx.conf")
    assert re.search(r"^\s*client_max_body_size\s+64k;", nginx, re.M)
    assert router_config()["limits"]["router"]["http_max_request_bytes"] == 65536


def test_graphql_subgraphs_limit_their_request_body_too():
    servlet = next((REPO / "common/src/main/java").rglob("GraphQLServlet.java")).read_text()
    assert 'name = "graphql.max.body.bytes", defaultValue = "65536"' in servlet


def test_grafana_password_comes_from_the_environment():
    compose = yaml.safe_load((REPO / "docker-compose.yml").read_text())
    grafana = compose["services"]["grafana"]["environment"]
    assert grafana["GF_SECURITY_ADMIN_PASSWORD"] == "${GF_SECURITY_ADMIN_PASSWORD:-}"


SECRET_PATTERNS = {
    "private key": re.compile(r"-----BEGIN [A-Z ]*PRIVATE KEY-----"),
    "AWS access key": re.compile(r"AKIA[0-9A-Z]{16}"),
    "GitHub token": re.compile(r"gh[pousr]_[A-Za-z0-9]{36}"),
    "Apollo key": re.compile(r"service:[\w-]+:[\w-]{20,}"),
    # A literal value assigned to a credential setting (not an ${ENV} or $(command) reference).
    "credential setting": re.compile(
        r"""(?i)[\w.-]*(password|passwd|secret|api[_-]?key|token)["']?\s*[:=]\s*["']?(?P<value>[A-Za-z0-9_][^\s"',]{3,})"""),
}
# Placeholders the docs and tests use on purpose: no real secret.
PLACEHOLDERS = {"choose-one", "only-for-this-check"}
CONFIG_SUFFIXES = {".yml", ".yaml", ".xml", ".properties", ".conf", ".sh", ".env", ".json", ".js", ".mjs", ".py",
                   ".java", ".rhai", ".toml", ".cfg", ".ini", ""}
COMMENT = re.compile(r"^\s*(#|//|\*|/\*|<!--)")


def tracked_config_lines():
    """(file, line number, line) of every tracked configuration and code file, comments skipped."""
    listing = subprocess.run(["git", "ls-files"], cwd=REPO, capture_output=True, text=True, check=True).stdout
    for name in listing.splitlines():
        path = REPO / name
        if path.suffix not in CONFIG_SUFFIXES or name.endswith("package-lock.json") or "/data/" in name:
            continue
        try:
            lines = path.read_text().splitlines()
        except (UnicodeDecodeError, FileNotFoundError, IsADirectoryError):
            continue
        for number, line in enumerate(lines, start=1):
            if not COMMENT.match(line):
                yield name, number, line


def secrets_in(line: str) -> list:
    found = []
    for kind, pattern in SECRET_PATTERNS.items():
        for match in pattern.finditer(line):
            if "value" in match.groupdict() and match["value"].strip(",;") in PLACEHOLDERS:
                continue
            found.append(kind)
    return found


def test_no_credentials_in_the_repository():
    found = [(name, number, kind) for name, number, line in tracked_config_lines()
             if name != "tests/safety/test_safe_defaults.py" for kind in secrets_in(line)]
    assert found == []


@pytest.mark.parametrize("sample", ["password: hunter22", 'api_key = "abcd1234"', "-----BEGIN RSA PRIVATE KEY-----"])
def test_the_credential_scan_finds_planted_secrets(sample):
    assert secrets_in(sample)


@pytest.mark.parametrize("sample", ['GF_SECURITY_ADMIN_PASSWORD: ${GF_SECURITY_ADMIN_PASSWORD:-}',
                                    'GF_SECURITY_ADMIN_PASSWORD="$(cat "$password_file")"'])
def test_references_to_the_environment_are_not_secrets(sample):
    assert secrets_in(sample) == []
