"""Prometheus and process-exporter configuration: valid for promtool in both deployment modes,
and every target and process group is labelled with `arch` and `component`."""
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from bench.topology import PORTS, SERVICE_PORTS

ROOT = Path(__file__).resolve().parents[2]


CONFIG = ROOT / "monitoring/prometheus/prometheus.yml"
# One folder of target files per deployment mode, side by side; prometheus.yml reads targets/
# beside it (scripts/start-monitoring.sh links the local folder there, docker-compose.yml mounts
# the compose folder there).
TARGET_DIRS = {"local": ROOT / "monitoring/prometheus/targets/local",
               "compose": ROOT / "monitoring/prometheus/targets/compose"}
ARCHES = {"rest", "graphql", "loadgen", "monitoring"}
SERVICES = {"user-service", "site-service", "robot-service"}


def targets(mode):
    """{file stem: [target group]} for one deployment mode."""
    return {path.stem: yaml.safe_load(path.read_text()) or []
            for path in sorted(TARGET_DIRS[mode].glob("*.yml"))}


def promtool_check(promtool, config):
    result = subprocess.run([promtool, "check", "config", str(config)], capture_output=True, text=True)
    # promtool only warns about a target file that does not exist.
    assert result.returncode == 0 and "WARNING" not in result.stdout + result.stderr, result.stdout + result.stderr


@pytest.mark.parametrize("mode", sorted(TARGET_DIRS))
def test_promtool_accepts_the_configuration(promtool, tmp_path, mode):
    # The mode's target files placed where prometheus.yml looks for them (targets/ beside it),
    # as docker-compose.yml (compose) mounts them; a copy, not links.
    shutil.copy(CONFIG, tmp_path / "prometheus.yml")
    shutil.copytree(TARGET_DIRS[mode], tmp_path / "targets")
    promtool_check(promtool, tmp_path / "prometheus.yml")


def test_promtool_accepts_the_configuration_start_monitoring_builds(promtool, tmp_path):
    # The lines of scripts/start-monitoring.sh that link prometheus.yml and the local targets into
    # one folder, run as they are, with that folder under this test's run directory.
    script = (ROOT / "scripts/start-monitoring.sh").read_text()
    lines = [line for line in script.splitlines()
             if re.match(r'(PROMETHEUS_CONFIG_DIR=|mkdir -p "\$PROMETHEUS_CONFIG_DIR"|ln -s\S* )', line)]
    assert len(lines) == 4, lines
    for _ in range(2):  # a second start finds the links in place
        subprocess.run(["bash", "-euc", "\n".join(lines)], check=True,
                       env={"PATH": "/usr/bin:/bin", "ROOT": str(ROOT), "MON_DIR": str(tmp_path)})
    built = tmp_path / "prometheus-config"
    assert (built / "prometheus.yml").resolve() == CONFIG
    assert (built / "targets").resolve() == TARGET_DIRS["local"]
    assert sorted(path.name for path in built.iterdir()) == ["prometheus.yml", "targets"]
    # Nothing was linked inside the repository's folder instead.
    assert all(path.suffix == ".yml" for path in TARGET_DIRS["local"].iterdir())
    assert '--config.file="$PROMETHEUS_CONFIG_DIR/prometheus.yml"' in script
    promtool_check(promtool, built / "prometheus.yml")


def test_every_job_reads_a_target_file_that_both_modes_have():
    config = yaml.safe_load(CONFIG.read_text())
    files = {f for job in config["scrape_configs"] for sd in job["file_sd_configs"] for f in sd["files"]}
    for mode, directory in TARGET_DIRS.items():
        present = {f"targets/{path.name}" for path in directory.glob("*.yml")}
        assert files == present, mode


@pytest.mark.parametrize("mode", sorted(TARGET_DIRS))
def test_every_target_has_arch_and_component(mode):
    for stem, groups in targets(mode).items():
        for group in groups:
            assert group["labels"]["arch"] in ARCHES, (mode, stem, group)
            assert group["labels"]["component"], (mode, stem, group)


def test_both_modes_scrape_the_same_components():
    def components(mode):
        return {stem: sorted((g["labels"]["arch"], g["labels"]["component"]) for g in groups)
                for stem, groups in targets(mode).items() if groups}
    local, compose = components("local"), components("compose")
    # Per-process metrics locally, per-container metrics in compose: everything else is shared.
    assert local.pop("process") and compose.pop("cadvisor")
    assert local == compose
    assert {c for a, c in local["liberty"] if a == "rest"} == SERVICES
    assert {c for a, c in local["liberty"] if a == "graphql"} == SERVICES


def test_local_targets_are_on_loopback():
    for stem, groups in targets("local").items():
        for group in groups:
            for address in group["targets"]:
                assert address.startswith("127.0.0.1:"), (stem, address)


def test_local_targets_match_the_ports_of_the_start_scripts():
    # scripts/lib/ports.env, the list the start scripts source, as bench.topology reads it.
    liberty = {(g["labels"]["arch"], g["labels"]["component"]): g["targets"][0]
               for g in targets("local")["liberty"]}
    for arch in ("rest", "graphql"):
        for service in SERVICES:
            assert liberty[(arch, service)] == f"127.0.0.1:{SERVICE_PORTS[arch][service]}"
    assert targets("local")["router"][0]["targets"] == [f"127.0.0.1:{PORTS['ROUTER_METRICS_PORT']}"]


# process-exporter: each rule of monitoring/process-exporter.yml applied to the command lines of
# the real processes (Go's regexp and Python's re agree on the syntax used there).
def group_name(comm, cmdline):
    rules = yaml.safe_load((ROOT / "monitoring/process-exporter.yml").read_text())["process_names"]
    for rule in rules:
        if "comm" in rule and comm not in rule["comm"]:
            continue
        if "exe" in rule and cmdline.split()[0].rsplit("/", 1)[-1] not in rule["exe"]:
            continue
        matches = {}
        for pattern in rule.get("cmdline", []):
            found = re.search(pattern, cmdline)
            if not found:
                break
            matches.update(found.groupdict())
        else:
            return re.sub(r"\{\{\.Matches\.(\w+)\}\}", lambda m: matches[m[1]],
                          rule["name"].replace("{{.Comm}}", comm))
    return None


LIBERTY = ("java -javaagent:/repo/{s}/target/liberty/wlp/bin/tools/ws-javaagent.jar -Xmx256m "
           "-Dbench.instance={a}/{s} -jar /repo/{s}/target/liberty/wlp/bin/tools/ws-server.jar {s} --clean")
# The same components in docker-compose.yml's containers, as the host sees their processes.
CONTAINER_LIBERTY = ("/usr/lib/jvm/java-17/bin/java -javaagent:/opt/ol/wlp/bin/tools/ws-javaagent.jar -Xmx256m "
                     "-Dbench.instance={a}/{s} -jar /opt/ol/wlp/bin/tools/ws-server.jar defaultServer")


@pytest.mark.parametrize("comm,cmdline,expected", [
    ("java", LIBERTY.format(a="rest", s="user-service"), "rest/user-service"),
    ("java", LIBERTY.format(a="graphql", s="robot-service"), "graphql/robot-service"),
    ("java", "java -jar /x/wlp/bin/tools/ws-server.jar site-service --clean", "unknown/site-service"),
    ("nginx", "nginx: master process /usr/sbin/nginx -p /repo/.run/rest/nginx -c /repo/gateway/nginx/nginx.conf",
     "rest/nginx"),
    ("router", "/home/u/.cache/rest-vs-graphql/apollo-router-2.17.0/bin/router --config router.yaml "
               "--supergraph supergraph.graphql --log warn", "graphql/router"),
    ("java", CONTAINER_LIBERTY.format(a="rest", s="site-service"), "rest/site-service"),
    ("java", CONTAINER_LIBERTY.format(a="graphql", s="user-service"), "graphql/user-service"),
    ("nginx", "nginx: master process nginx -c /etc/nginx/gateway/compose.conf -g daemon off;", "rest/nginx"),
    ("router", "/dist/router --config /dist/config/router.yaml --supergraph /dist/config/supergraph.graphql "
               "--log warn", "graphql/router"),
    ("nginx", "nginx: master process nginx -g daemon off;", None),
    ("node", "node /repo/artillery/node_modules/.bin/artillery run --output x.json rest.yml", "rest/artillery"),
    ("node", "node node_modules/.bin/artillery run --overrides {} graphql.yml", "graphql/artillery"),
    ("node", "node /repo/artillery/node_modules/.bin/artillery run other.yml", "loadgen/artillery"),
    ("prometheus", "prometheus --config.file=x", "monitoring/prometheus"),
    ("node", "node /usr/bin/npm ci", None),
    ("java", "java -jar unrelated.jar", None),
])
def test_process_groups(comm, cmdline, expected):
    assert group_name(comm, cmdline) == expected


def test_process_group_names_split_into_arch_and_component():
    rules = yaml.safe_load((ROOT / "monitoring/process-exporter.yml").read_text())["process_names"]
    for rule in rules:
        arch, _, component = rule["name"].partition("/")
        assert component, rule["name"]
        assert arch in ARCHES | {"unknown", "{{.Matches.arch}}"}, rule["name"]
