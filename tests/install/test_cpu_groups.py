"""scripts/lib/in-cpu-group.sh: with SUT_CPU_GROUPS=per-component a component runs in its own CPU
cgroup (the real cgroup v1 cpu controller), the pid stays the command's, and stop removes the
groups; by default it stays where it was started."""
import os
import re
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HELPER = ROOT / "scripts/lib/in-cpu-group.sh"
CONTROLLER = Path("/sys/fs/cgroup/cpu")
TEST_ROOT = CONTROLLER / "rest-vs-graphql-test"


def run(group, *command, **env):
    base = {k: v for k, v in os.environ.items() if k != "SUT_CPU_GROUPS"}
    return subprocess.run([str(HELPER), group, *command], capture_output=True, text=True, check=True,
                          env={**base, "CPU_GROUP_ROOT": str(TEST_ROOT), **env})


def remove_groups(prefix):
    subprocess.run(["bash", "-c", f'source {ROOT}/scripts/lib/cpu-groups.sh && remove_cpu_groups "{prefix}"'],
                   env={**os.environ, "CPU_GROUP_ROOT": str(TEST_ROOT)}, check=True)


@pytest.mark.skipif(not os.access(CONTROLLER, os.W_OK), reason="needs root and the cgroup v1 cpu controller")
def test_a_component_runs_in_its_own_group_and_stop_removes_it():
    try:
        result = run("rest/nginx", "bash", "-c", "echo $$; grep -E '[:,]cpu[,:]' /proc/self/cgroup",
                     SUT_CPU_GROUPS="per-component")
        pid, line = result.stdout.split("\n")[:2]
        assert line.endswith("/rest-vs-graphql-test/rest/nginx"), line
        assert int(pid) > 0  # the command itself reported its pid: exec kept it
        assert (TEST_ROOT / "rest/nginx/cpu.shares").read_text().strip() == "1024"  # an equal share
    finally:
        remove_groups("rest")
    assert not TEST_ROOT.exists()


@pytest.mark.parametrize("env", [{}, {"SUT_CPU_GROUPS": "shared"}], ids=["default", "shared"])
def test_shared_the_default_leaves_the_command_in_the_callers_group(env):
    result = run("rest/nginx", "grep", "-E", "[:,]cpu[,:]", "/proc/self/cgroup", **env)
    assert "rest-vs-graphql-test" not in result.stdout
    assert not TEST_ROOT.exists()


def test_without_a_writable_controller_it_warns_and_still_runs():
    result = subprocess.run([str(HELPER), "rest/nginx", "echo", "ran"], capture_output=True, text=True, check=True,
                            env={**os.environ, "CPU_GROUP_ROOT": "/proc/no-cgroups-here",
                                 "SUT_CPU_GROUPS": "per-component"})
    assert result.stdout == "ran\n"
    assert "WARNING: cannot use the CPU cgroup /proc/no-cgroups-here/rest/nginx" in result.stderr


@pytest.mark.skipif(not os.access(CONTROLLER, os.W_OK), reason="needs root and the cgroup v1 cpu controller")
def test_a_components_weight_comes_from_the_variable_compose_reads_too():
    try:
        run("graphql/router", "true", SUT_CPU_GROUPS="per-component", ROUTER_CPU_SHARES="2048")
        run("graphql/user-service", "true", SUT_CPU_GROUPS="per-component", GRAPHQL_USER_SERVICE_CPU_SHARES="512")
        assert (TEST_ROOT / "graphql/router/cpu.shares").read_text().strip() == "2048"
        assert (TEST_ROOT / "graphql/user-service/cpu.shares").read_text().strip() == "512"
    finally:
        remove_groups("graphql")
    compose = (ROOT / "docker-compose.yml").read_text()
    assert "${ROUTER_CPU_SHARES:-1024}" in compose and "${GRAPHQL_USER_SERVICE_CPU_SHARES:-1024}" in compose


def test_the_sized_split_weighs_every_component_compose_knows_and_keeps_each_architectures_total():
    from bench.harness.deployments import cpu_shares
    sized = cpu_shares("sized")
    compose = (ROOT / "docker-compose.yml").read_text()
    assert set(sized) == set(re.findall(r"\$\{([A-Z_]+_CPU_SHARES):-1024\}", compose))
    for architecture in ("REST", "GRAPHQL"):
        gateway = "NGINX_CPU_SHARES" if architecture == "REST" else "ROUTER_CPU_SHARES"
        total = sized[gateway] + sum(value for name, value in sized.items() if name.startswith(f"{architecture}_"))
        assert abs(total - 4 * 1024) <= 4, (architecture, total)
    assert cpu_shares("equal") == {}
