"""docker-compose.yml, checked without a Docker engine: the real Docker Compose reads it for every
profile and every profile combination the docs use, it validates against the compose
specification's JSON schema, has the services, memory limits, profiles, healthchecks and ports
of SPEC section 8 (and local mode's ports for every component), takes the Grafana password from
the environment, and everything it mounts or builds exists. Its images are the official ones
unless variables name others; its healthchecks are CMD-SHELL and tell the truth (run here against
a stand-in server). The gateway configurations as compose mode chooses them
(gateway/nginx/compose.conf, gateway/router/router.yaml with the router's environment) are
accepted by NGINX and the router and address the compose services."""
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


LIBERTY = {f"{arch}-{service}": "512m" for arch in ("rest", "graphql")
           for service in ("user-service", "site-service", "robot-service")}
# SPEC section 8: the "lite" stack for an 8 GB workstation.
MEMORY = {"nginx": "256m", **LIBERTY, "router": "1g", "prometheus": "512m", "grafana": "512m",
          "cadvisor": "256m", "artillery": "512m"}
PROFILES = {
    "rest": {"nginx", "rest-user-service", "rest-site-service", "rest-robot-service"},
    "graphql": {"router", "graphql-user-service", "graphql-site-service", "graphql-robot-service"},
    "monitoring": {"prometheus", "grafana", "cadvisor", "nginx-exporter", "pushgateway"},
    "load": {"artillery", "pushgateway"},
}
# SPEC section 6 ports (cAdvisor 8081), published on the workstation's loopback only, and every
# component of the two architectures at its local-mode port (scripts/lib/ports.env), so the runner
# reaches it at the same address in both deployment modes: host port -> container port.
PUBLISHED = {"nginx": {8080: 8080, 8090: 8090}, "router": {4000: 4000, 8088: 8088, 9180: 9180},
             "rest-user-service": {9101: 9080}, "rest-site-service": {9102: 9080}, "rest-robot-service": {9103: 9080},
             "graphql-user-service": {9201: 9080}, "graphql-site-service": {9202: 9080},
             "graphql-robot-service": {9203: 9080},
             "prometheus": {9090: 9090}, "grafana": {3000: 3000}, "cadvisor": {8081: 8080}}
# The same components' names in scripts/lib/ports.env.
LOCAL_PORT_NAMES = {"nginx": ["GATEWAY_PORT", "NGINX_STATUS_PORT"],
                    "router": ["ROUTER_PORT", "ROUTER_HEALTH_PORT", "ROUTER_METRICS_PORT"],
                    **{f"{arch}-{service}": [f"{arch.upper()}_{service.upper().replace('-', '_')}_PORT"]
                       for arch in ("rest", "graphql") for service in ("user-service", "site-service", "robot-service")}}


def size(text):
    number, unit = re.fullmatch(r"(\d+)([kmg]?)b?", text.lower()).groups()
    return int(number) * 1024 ** " kmg".index(unit or " ")


def memory_limit(service):
    return service.get("mem_limit") or service.get("deploy", {}).get("resources", {}).get("limits", {}).get("memory")


def test_validates_against_the_compose_specification():
    # The compose-spec JSON schema as shipped by check-jsonschema (pyproject.toml, the test extra).
    result = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema",
                             "vendor.compose-spec", str(ROOT / "docker-compose.yml")],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


# The profile sets the docs run: each profile alone, and every combination a command in README.md
# or docs/ passes to docker compose.
def documented_profile_sets():
    found = set()
    for path in [ROOT / "README.md", *(ROOT / "docs").glob("*.md")]:
        for line in path.read_text().splitlines():
            if "docker compose" in line:
                profiles = re.findall(r"--profile[ =]([\w-]+)", line)
                if profiles:
                    found.add(tuple(sorted(set(profiles))))
    return found


PROFILE_SETS = sorted({(profile,) for profile in [*PROFILES, "all"]} | documented_profile_sets())


def test_the_docs_show_profile_combinations():
    # Guards the parametrisation below: the docs' commands were found.
    assert ("monitoring", "rest") in PROFILE_SETS and len(PROFILE_SETS) > len(PROFILES) + 1


# The variables docker-compose.yml reads to choose images and CPU placement: a caller's value would
# change what is read.
COMPOSE_VARIABLES = re.compile(r"COMPOSE_.*|GF_SECURITY_ADMIN_PASSWORD|\w+_IMAGE|SERVICE_IMAGE_PREFIX|SUT_CPUS|\w+_CPU_SHARES")


def run_compose(compose_cli, profiles, *arguments, env=None):
    # COMPOSE_* variables of the caller would change what is read; the Grafana password is not
    # needed to read the file (only Grafana's start checks it).
    env = {**{key: value for key, value in os.environ.items() if not COMPOSE_VARIABLES.fullmatch(key)},
           **(env or {})}
    profile_arguments = [word for profile in profiles for word in ("--profile", profile)]
    return subprocess.run([compose_cli, "--project-directory", str(ROOT), "--file", str(ROOT / "docker-compose.yml"),
                           *profile_arguments, *arguments], env=env, capture_output=True, text=True, timeout=60)


@pytest.mark.parametrize("profiles", PROFILE_SETS, ids="+".join)
def test_docker_compose_config_accepts_it(compose_cli, profiles):
    result = run_compose(compose_cli, profiles, "config", "--quiet")
    assert result.returncode == 0, result.stderr
    # Warnings (an unset variable, an obsolete key) would be on stderr.
    assert result.stderr == "", result.stderr


@pytest.mark.parametrize("profiles", PROFILE_SETS, ids="+".join)
def test_docker_compose_starts_the_services_of_the_profiles(compose_cli, profiles):
    result = run_compose(compose_cli, profiles, "config", "--services")
    assert result.returncode == 0, result.stderr
    expected = set().union(*(PROFILES[profile] for profile in PROFILES if profile in profiles or "all" in profiles))
    assert set(result.stdout.split()) == expected


def test_docker_compose_rejects_a_broken_file(compose_cli, tmp_path):
    # The check can fail: the same file with a service whose dependency does not exist.
    broken = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    broken["services"]["nginx"]["depends_on"]["no-such-service"] = {"condition": "service_healthy"}
    (tmp_path / "docker-compose.yml").write_text(yaml.safe_dump(broken))
    result = subprocess.run([compose_cli, "--project-directory", str(ROOT), "--file", str(tmp_path / "docker-compose.yml"),
                             "--profile", "rest", "config", "--quiet"], capture_output=True, text=True, timeout=60)
    assert result.returncode != 0 and "no-such-service" in result.stderr


def test_spec_services_and_memory_limits(compose):
    for name, limit in MEMORY.items():
        assert name in compose["services"], f"missing service {name}"
        assert size(memory_limit(compose["services"][name])) == size(limit), name
    # Every other service is bounded too.
    for name, service in compose["services"].items():
        assert memory_limit(service), f"{name} has no memory limit"


def test_profiles(compose):
    members = {}
    for name, service in compose["services"].items():
        assert service.get("profiles"), f"{name} would start in every profile"
        for profile in service["profiles"]:
            members.setdefault(profile, set()).add(name)
    for profile, expected in PROFILES.items():
        assert members[profile] == expected, profile
    assert members["all"] == set(compose["services"])


def test_dependencies_are_in_every_profile_of_their_dependents(compose):
    # Otherwise `--profile X up` would name a dependency that X does not start.
    for name, service in compose["services"].items():
        for dependency, condition in service.get("depends_on", {}).items():
            assert set(service["profiles"]) <= set(compose["services"][dependency]["profiles"]), (name, dependency)
            assert condition["condition"] == "service_healthy", (name, dependency)


def test_every_service_has_a_healthcheck(compose):
    for name, service in compose["services"].items():
        check = service.get("healthcheck", {})
        assert check.get("test") and not check.get("disable"), name
        assert check["test"][0] in ("CMD", "CMD-SHELL"), name


def test_no_healthcheck_uses_the_cmd_form_with_a_multi_word_argument(compose):
    # Podman 4.3 (Debian 12's, the engine where no Docker is installed) splits every argument of a
    # CMD-form test on whitespace: ["CMD", "bash", "-c", "exec 3<>... && ..."] became
    # bash -c exec 3<>... , which always passed, so a Liberty instance was "healthy" before it
    # was ready. A check that needs a shell is CMD-SHELL (one string, run by /bin/sh -c).
    for name, service in compose["services"].items():
        test = service["healthcheck"]["test"]
        if isinstance(test, str) or test[0] == "CMD-SHELL":
            continue
        assert test[0] == "CMD", name
        for argument in test[1:]:
            assert not re.search(r"\s", argument), f"{name}: CMD-form argument with whitespace: {argument!r}"


def test_the_system_under_test_checks_readiness_with_cmd_shell(compose):
    for name in (*LIBERTY, "nginx", "router"):
        test = compose["services"][name]["healthcheck"]["test"]
        assert test[0] == "CMD-SHELL" and len(test) == 2, name


class StandIn:
    """A local HTTP server that stands in for a container's endpoint: answers with STATUS, or
    accepts connections and never answers (a frozen JVM), or is not listening at all."""

    def __init__(self, behaviour):
        import socket
        import threading
        self.socket = socket.socket()
        self.socket.bind(("127.0.0.1", 0))
        self.port = self.socket.getsockname()[1]
        self.behaviour = behaviour
        if behaviour == "closed":
            self.socket.close()
            return
        self.socket.listen(16)
        if behaviour != "frozen":
            threading.Thread(target=self.serve, daemon=True).start()

    def serve(self):
        while True:
            try:
                connection, _ = self.socket.accept()
            except OSError:
                return
            with connection:
                connection.recv(4096)
                connection.sendall(f"HTTP/1.0 {self.behaviour} X\r\nContent-Length: 0\r\n\r\n".encode())

    def close(self):
        self.socket.close()


def run_healthcheck(compose, name, port, container_port):
    """The service's CMD-SHELL test as the engine runs it (/bin/sh -c, after compose turned $$ into
    $), pointed at a stand-in on PORT instead of the container's CONTAINER_PORT."""
    check = compose["services"][name]["healthcheck"]
    command = check["test"][1].replace("$$", "$").replace(f"127.0.0.1:{container_port}", f"127.0.0.1:{port}") \
        .replace(f"127.0.0.1/{container_port}", f"127.0.0.1/{port}")
    assert str(port) in command
    timeout = int(check["timeout"].rstrip("s"))
    try:
        return subprocess.run(["/bin/sh", "-c", command], capture_output=True, timeout=timeout).returncode
    except subprocess.TimeoutExpired:
        return "timeout"


# wget serves the NGINX check; busybox's in the Alpine image, Debian's (GNU) in the local one.
HEALTHCHECKS = [("rest-user-service", 9080), ("router", 8088),
                *([("nginx", 8090)] if shutil.which("wget") else [])]


@pytest.mark.parametrize("name,container_port", HEALTHCHECKS, ids=[name for name, _ in HEALTHCHECKS])
@pytest.mark.parametrize("behaviour,healthy", [("200", True), ("503", False), ("frozen", False), ("closed", False)])
def test_healthchecks_tell_the_truth(compose, name, container_port, behaviour, healthy):
    # Ready (200) passes; not ready (503, Liberty's readiness while starting), a hung process that
    # accepts connections but answers nothing, and a closed port fail, and within the check's
    # timeout: Docker kills a check at its timeout, podman 4.3 waits for it to end.
    stand_in = StandIn(behaviour)
    try:
        result = run_healthcheck(compose, name, stand_in.port, container_port)
    finally:
        stand_in.close()
    assert result != "timeout", f"{name}: the check outlived its timeout"
    assert (result == 0) == healthy, (name, behaviour, result)


def test_published_ports_are_the_spec_ones_on_loopback(compose):
    published = {}
    for name, service in compose["services"].items():
        for port in service.get("ports", []):
            host_ip, host_port, container_port = str(port).split(":")
            assert host_ip == "127.0.0.1", f"{name} publishes {port} beyond loopback"
            published.setdefault(name, {})[int(host_port)] = int(container_port)
    assert published == PUBLISHED


def test_the_architectures_are_published_at_the_local_mode_ports():
    ports = dict(line.split("=") for line in (ROOT / "scripts/lib/ports.env").read_text().splitlines()
                 if re.fullmatch(r"\w+=\d+", line))
    for name, variables in LOCAL_PORT_NAMES.items():
        assert sorted(PUBLISHED[name]) == sorted(int(ports[variable]) for variable in variables), name


def test_grafana_admin_password_comes_from_the_environment(compose):
    value = compose["services"]["grafana"]["environment"]["GF_SECURITY_ADMIN_PASSWORD"]
    # Interpolated from the environment, with no default value (":?message" would also do).
    assert value in ("${GF_SECURITY_ADMIN_PASSWORD}", "${GF_SECURITY_ADMIN_PASSWORD:-}") \
        or re.fullmatch(r"\$\{GF_SECURITY_ADMIN_PASSWORD:?\?[^}]*\}", value), value
    # And no literal password in any file of the monitoring or container set-up.
    literal = re.compile(r"(?<![{$\w])(GF_SECURITY_ADMIN_PASSWORD|admin_password)\s*[=:]\s*['\"]?(?!\$)[^\s'\"]+", re.I)
    files = [ROOT / "docker-compose.yml", ROOT / "scripts/start-monitoring.sh",
             *(ROOT / "monitoring").rglob("*"), *(ROOT / "docker").rglob("*")]
    for path in files:
        if path.is_file():
            assert not literal.search(path.read_text(errors="replace")), path


def test_mounted_files_and_build_contexts_exist(compose):
    for name, service in compose["services"].items():
        for volume in service.get("volumes", []):
            source, target, *mode = volume.split(":")
            if source.startswith("./"):
                path = ROOT / source
                if mode == ["ro"]:
                    assert path.exists(), f"{name} mounts missing {source}"
                else:
                    # The only writable bind mount is the (git-ignored) results folder.
                    assert source.startswith("./results/"), f"{name} mounts {source} writable"
            elif source.startswith("/"):
                assert name == "cadvisor", f"{name} mounts host path {source}"
            else:
                assert source in compose["volumes"], f"{name} uses undeclared volume {source}"
        if "build" in service:
            context = ROOT / service["build"]["context"]
            dockerfile = context / service["build"]["dockerfile"]
            assert context.is_dir() and dockerfile.is_file(), name


def dockerfile_copies(dockerfile, args):
    """The sources of the Dockerfile's COPY lines, with the build arguments substituted."""
    for line in dockerfile.read_text().splitlines():
        words = line.split()
        if words[:1] == ["COPY"] and not any(w.startswith("--from") for w in words):
            for word in words[1:-1]:
                if not word.startswith("--"):
                    source = re.sub(r"\$\{(\w+)\}|\$(\w+)", lambda m: args[m[1] or m[2]], word)
                    yield source


def test_dockerfiles_copy_files_that_exist(compose):
    for name, service in compose["services"].items():
        if "build" not in service:
            continue
        context = ROOT / service["build"]["context"]
        args = service["build"].get("args", {})
        for source in dockerfile_copies(context / service["build"]["dockerfile"], args):
            war = re.fullmatch(r"([a-z]+-service)/target/\1\.war", source)
            if war:
                # A build output (Maven finalName = artifactId): the module must build a WAR.
                assert "<packaging>war</packaging>" in (context / war[1] / "pom.xml").read_text()
            else:
                assert (context / source).exists(), f"{name}: COPY {source} does not exist"


LIBERTY_DOCKERFILE = "docker/liberty-service/Dockerfile"


def test_service_images_follow_the_maven_build():
    pom = (ROOT / "pom.xml").read_text()
    liberty_version = re.search(r"<liberty.runtime.version>([^<]+)<", pom)[1]
    java = re.search(r"<maven.compiler.release>(\d+)<", pom)[1]
    dockerfile = (ROOT / LIBERTY_DOCKERFILE).read_text()
    image = re.search(r"LIBERTY_IMAGE=(\S+)", dockerfile)[1]
    assert image.startswith(f"icr.io/appcafe/open-liberty:{liberty_version}-"), image
    assert f"-java{java}-" in image
    assert "liberty/config/server.xml" in dockerfile and "ENV APP_NAME=${SERVICE}" in dockerfile
    # The build stage declares the argument (an ARG before FROM would be empty after it).
    assert dockerfile.index("\nARG SERVICE") > dockerfile.index("\nFROM ")


def liberty_image_default():
    return re.search(r"LIBERTY_IMAGE=(\S+)", (ROOT / LIBERTY_DOCKERFILE).read_text())[1]


def test_each_liberty_container_is_built_for_its_own_service(compose):
    built = {}
    for name, service in compose["services"].items():
        if name in LIBERTY:
            component = service["labels"]["bench.component"]
            # The base image: the Dockerfile's own default (the official image) unless
            # LIBERTY_IMAGE names another (the local one where podman is the engine).
            assert service["build"] == {"context": ".", "dockerfile": LIBERTY_DOCKERFILE,
                                        "args": {"SERVICE": component,
                                                 "LIBERTY_IMAGE": f"${{LIBERTY_IMAGE:-{liberty_image_default()}}}"}}, name
            assert service["image"] == f"${{SERVICE_IMAGE_PREFIX:-rest-vs-graphql}}/{component}", name
            built.setdefault(component, set()).add(name.split("-", 1)[0])
    assert built == {service: {"rest", "graphql"} for service in ("user-service", "site-service", "robot-service")}


def test_router_image_is_the_pinned_router_version(compose):
    version = re.search(r'ROUTER_VERSION="\$\{ROUTER_VERSION:-([^}]+)\}"',
                        (ROOT / "scripts/lib/common.sh").read_text())[1]
    assert compose["services"]["router"]["image"] == f"${{ROUTER_IMAGE:-ghcr.io/apollographql/router:v{version}}}"


def test_the_gateway_images_default_to_the_official_ones(compose):
    assert compose["services"]["nginx"]["image"] == "${NGINX_IMAGE:-nginx:1.27-alpine}"


def test_image_variables_choose_the_images(compose_cli):
    # What scripts/docker.sh sets where podman is the engine (scripts/lib/containers.sh).
    env = {"NGINX_IMAGE": "localhost/x/nginx:1", "ROUTER_IMAGE": "localhost/x/router:2",
           "LIBERTY_IMAGE": "localhost/x/open-liberty:3", "SERVICE_IMAGE_PREFIX": "localhost/x"}
    result = run_compose(compose_cli, ["rest", "graphql"], "config", "--format", "json", env=env)
    assert result.returncode == 0, result.stderr
    services = json.loads(result.stdout)["services"]
    assert services["nginx"]["image"] == "localhost/x/nginx:1"
    assert services["router"]["image"] == "localhost/x/router:2"
    for name in LIBERTY:
        component = services[name]["labels"]["bench.component"]
        assert services[name]["image"] == f"localhost/x/{component}"
        assert services[name]["build"]["args"]["LIBERTY_IMAGE"] == "localhost/x/open-liberty:3"
    # And without them, the official images.
    result = run_compose(compose_cli, ["rest", "graphql"], "config", "--format", "json")
    services = json.loads(result.stdout)["services"]
    assert services["nginx"]["image"] == "nginx:1.27-alpine"
    assert services["rest-user-service"]["build"]["args"]["LIBERTY_IMAGE"] == liberty_image_default()


SUT = {**{name: name.upper().replace("-", "_") + "_CPU_SHARES" for name in LIBERTY},
       "nginx": "NGINX_CPU_SHARES", "router": "ROUTER_CPU_SHARES"}


def test_cpu_placement_and_weights_come_from_the_environment(compose, compose_cli):
    for name, variable in SUT.items():
        service = compose["services"][name]
        assert service["cpuset"] == "${SUT_CPUS:-}", name
        # 1024: the engine's default weight, so equal weights unless a run chooses others.
        assert service["cpu_shares"] == f"${{{variable}:-1024}}", name
    env = {"SUT_CPUS": "1", "ROUTER_CPU_SHARES": "3072", "REST_USER_SERVICE_CPU_SHARES": "512"}
    services = json.loads(run_compose(compose_cli, ["rest", "graphql"], "config", "--format", "json",
                                      env=env).stdout)["services"]
    assert {services[name]["cpuset"] for name in SUT} == {"1"}
    assert services["router"]["cpu_shares"] == 3072 and services["rest-user-service"]["cpu_shares"] == 512
    assert services["nginx"]["cpu_shares"] == 1024
    # Unset: no cpuset at all (every CPU), as the engine's default.
    services = json.loads(run_compose(compose_cli, ["rest"], "config", "--format", "json").stdout)["services"]
    assert not services["nginx"].get("cpuset")


def test_liberty_jvms_carry_local_modes_instance_marker(compose):
    # monitoring/process-exporter.yml tells the REST and GraphQL JVM of a service apart by it.
    for name in LIBERTY:
        service = compose["services"][name]
        arch, component = service["labels"]["bench.arch"], service["labels"]["bench.component"]
        assert service["environment"]["JVM_ARGS"] == f"-Dbench.instance={arch}/{component}", name


def test_containers_carry_the_labels_prometheus_turns_into_arch_and_component(compose):
    for name, service in compose["services"].items():
        labels = service.get("labels", {})
        assert labels.get("bench.arch") and labels.get("bench.component"), name
    command = " ".join(compose["services"]["cadvisor"]["command"])
    assert "--whitelisted_container_labels=bench.arch,bench.component" in command


def test_prometheus_reads_the_compose_targets(compose):
    # prometheus.yml reads targets/*.yml beside it: compose mounts the compose folder there.
    volumes = compose["services"]["prometheus"]["volumes"]
    assert "./monitoring/prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro" in volumes
    assert "./monitoring/prometheus/targets/compose:/etc/prometheus/targets:ro" in volumes


def test_prometheus_compose_targets_are_compose_services(compose):
    paths = sorted((ROOT / "monitoring/prometheus/targets/compose").glob("*.yml"))
    assert paths
    for path in paths:
        for group in yaml.safe_load(path.read_text()) or []:
            for target in group["targets"]:
                host = target.split(":")[0]
                assert host == "localhost" or host in compose["services"], (path.name, target)


# --- The gateway configurations in compose mode ------------------------------------------------

NGINX_DIR = ROOT / "gateway/nginx"


def nginx_test(nginx, prefix, config):
    (prefix / "logs").mkdir(parents=True, exist_ok=True)
    (prefix / "temp").mkdir(exist_ok=True)
    return subprocess.run([nginx, "-t", "-q", "-p", str(prefix), "-c", str(config)],
                          capture_output=True, text=True, timeout=30)


def test_nginx_accepts_the_local_configuration(nginx, tmp_path):
    # As scripts/start-rest.sh runs it (which tests it too before every start).
    result = nginx_test(nginx, tmp_path, NGINX_DIR / "nginx.conf")
    assert result.returncode == 0, result.stderr


def test_nginx_accepts_the_compose_configuration(nginx, tmp_path):
    # compose.conf and the files it includes, as the container reads them, except what only a
    # container has: NGINX resolves the upstream host names when it reads the file (here they are
    # 127.0.0.1), and /tmp becomes a folder of this test.
    copy = tmp_path / "gateway-nginx"
    shutil.copytree(NGINX_DIR, copy)
    text = (copy / "compose.conf").read_text()
    text, upstreams = re.subn(r"(?m)^(\s*server )rest-[a-z]+-service:", r"\g<1>127.0.0.1:", text)
    # The pid file and the five temp paths.
    assert upstreams == 3 and text.count(" /tmp/") == 6
    text = text.replace(" /tmp/", f" {tmp_path}/")
    (copy / "compose.conf").write_text(text)
    result = nginx_test(nginx, tmp_path, copy / "compose.conf")
    assert result.returncode == 0, result.stderr


def test_nginx_runs_the_compose_configuration(compose):
    service = compose["services"]["nginx"]
    assert "./gateway/nginx:/etc/nginx/gateway:ro" in service["volumes"]
    assert service["command"][:3] == ["nginx", "-c", "/etc/nginx/gateway/compose.conf"]
    # In the foreground: the container's main process.
    assert service["command"][3:] == ["-g", "daemon off;"]


def test_compose_nginx_proxies_to_the_rest_services_and_listens_where_compose_looks(compose):
    text = (NGINX_DIR / "compose.conf").read_text()
    upstreams = dict(re.findall(r"upstream (\w+) \{\s*server ([^\s;]+)", text))
    assert upstreams == {f"{service}_service": f"rest-{service}-service:9080" for service in ("user", "site", "robot")}
    for address in upstreams.values():
        assert "rest" in compose["services"][address.split(":")[0]]["profiles"]
    listens = re.findall(r"^\s*listen\s+(\d+)[\s;]", text, re.M)
    published = compose["services"]["nginx"]["ports"][0].rsplit(":", 1)[1]
    assert sorted(listens) == sorted([published, "8090"])
    assert "http://127.0.0.1:8090/stub_status" in compose["services"]["nginx"]["healthcheck"]["test"][1]
    assert "--nginx.scrape-uri=http://nginx:8090/stub_status" in compose["services"]["nginx-exporter"]["command"]


# router.yaml's ${env.NAME:-default}: the router expands them; compose sets NAME.
ROUTER_ENV = re.compile(r"\$\{env\.(\w+):-([^}]*)\}")


def router_environment(compose, mode):
    """The environment the router starts with: none of router.yaml's variables set in local mode
    (scripts/start-graphql.sh unsets them), the router service's environment in compose mode."""
    lines = (ROOT / "gateway/router/router.yaml").read_text().splitlines()
    names = {name for line in lines if not line.lstrip().startswith("#") for name, _ in ROUTER_ENV.findall(line)}
    assert names
    env = {key: value for key, value in os.environ.items() if key not in names}
    if mode == "compose":
        env.update({key: str(value) for key, value in compose["services"]["router"]["environment"].items()})
    return {**env, "RUST_BACKTRACE": "0"}


@pytest.mark.parametrize("mode", ["local", "compose"])
def test_router_accepts_its_configuration(router_cli, compose, mode):
    # The router validates the configuration after expanding ${env.*}, as it does at start
    # (addresses and URLs are strings to the validation; tests/system/test_router_environment.py
    # starts the router with the variables set).
    result = subprocess.run([router_cli, "config", "validate", str(ROOT / "gateway/router/router.yaml")],
                            capture_output=True, text=True, env=router_environment(compose, mode), timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr


def test_compose_router_listens_on_the_container_and_talks_to_the_graphql_services(compose):
    service = compose["services"]["router"]
    config = yaml.safe_load((ROOT / "gateway/router/router.yaml").read_text())
    environment = service["environment"]
    assert environment["ROUTER_LISTEN_HOST"] == "0.0.0.0"
    for listen in (config["supergraph"]["listen"], config["health_check"]["listen"],
                   config["telemetry"]["exporters"]["metrics"]["prometheus"]["listen"]):
        assert listen.startswith("${env.ROUTER_LISTEN_HOST:-127.0.0.1}:"), listen
    subgraphs = re.findall(r'@join__graph\(name: "(\w+)"', (ROOT / "gateway/router/supergraph.graphql").read_text())
    overrides = config["override_subgraph_url"]
    assert sorted(overrides) == sorted(subgraphs)
    for value in overrides.values():
        name, _ = ROUTER_ENV.fullmatch(value).groups()
        host = re.fullmatch(r"http://([^:/]+):9080/graphql", environment[name])[1]
        assert host in compose["services"] and "graphql" in compose["services"][host]["profiles"]


def test_compose_router_runs_in_the_mounted_folder(compose):
    # router.yaml finds the Rhai script in the working directory (rhai.scripts: .).
    service = compose["services"]["router"]
    assert "./gateway/router:/dist/config:ro" in service["volumes"]
    assert service["working_dir"] == "/dist/config"
    command = service["command"]
    assert command[command.index("--config") + 1] == "/dist/config/router.yaml"
    assert command[command.index("--supergraph") + 1] == "/dist/config/supergraph.graphql"
