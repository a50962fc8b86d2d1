"""End to end: the benchmark command with --deploy compose, on the real container engine
(podman's Docker-compatible API here, driven by the real Docker Compose), at a low rate: the
session's compose run (conftest.py), batched REST and GraphQL with one cold start each.

Checks what only containers give (each component's CPU, memory against its limit and network
bytes across the bridge, the images and JVM they ran), the cold-start section, and that no
container, network, volume or engine helper is left afterwards.
"""

import pytest
from e2e_support import assert_nothing_left_running

MiB = 2 ** 20
LIMITS = {"rest-batched": {"nginx": 256 * MiB, "user-service": 512 * MiB, "site-service": 512 * MiB,
                           "robot-service": 512 * MiB},
          "graphql": {"router": 1024 * MiB, "user-service": 512 * MiB, "site-service": 512 * MiB,
                      "robot-service": 512 * MiB}}


def test_the_run_says_where_it_ran(compose_run):
    out, result, results = compose_run
    metadata = results["metadata"]
    assert metadata["completed"] is True
    deployment = metadata["deployment"]
    assert deployment["mode"] == "compose" and deployment["engine"]["name"] in ("podman", "docker")
    assert metadata["placement"]["cpu_groups"] == "per-component" and metadata["placement"]["cpu_split"] == "sized"
    for kind, components in (("rest", LIMITS["rest-batched"]), ("graphql", LIMITS["graphql"])):
        stack = deployment["stacks"][kind]
        assert set(components) <= set(stack), stack
        assert all(stack[name]["memory_limit_bytes"] == limit for name, limit in components.items())
        assert "JAVA_RUNTIME_VERSION 17." in stack["jvm"], "the JVM the service images run"
    assert "| deployment | compose on " in (out / "report.md").read_text()


@pytest.mark.parametrize("architecture", LIMITS)
def test_every_container_has_cpu_memory_against_its_limit_and_network(compose_run, architecture):
    _, _, results = compose_run
    measured = {r["component"]: r for r in results["resources"]
                if r["architecture"] == architecture and r["phase"] == "rps10"}
    for component, limit in LIMITS[architecture].items():
        row = measured[component]
        assert row["cpu_seconds"] > 0 and row["cpu_percent"] > 0, row
        assert 0 < row["memory_working_set_peak_bytes"] <= row["memory_peak_bytes"] <= limit, row
        assert row["memory_limit_bytes"] == limit, row
        assert row["net_rx_bytes"] > 0 and row["net_tx_bytes"] > 0, row
        assert row["oom_kills"] == 0 and row["restarts"] == 0, row
    assert measured["system under test"]["memory_limit_bytes"] == sum(LIMITS[architecture].values())
    idle = {r["component"] for r in results["resources"] if r["architecture"] == architecture and r["phase"] == "idle"}
    assert set(LIMITS[architecture]) <= idle


def test_the_report_shows_the_containers_and_the_cold_start(compose_run):
    out, _, results = compose_run
    markdown = (out / "report.md").read_text()
    assert "### Containers" in markdown and "## Cold start" in markdown
    for architecture in LIMITS:
        cold = results["cold_starts"][architecture]
        assert cold["deployment"] == "compose" and cold["summary"]["failed_starts"] == 0
        start = cold["starts"][0]
        assert start["complete"] and len(start["first_requests_ms"]) == 100
        assert set(start["service_ready_s"]) == {"user-service", "site-service", "robot-service"}
        assert max(start["service_ready_s"].values()) <= min(start["first_correct_s"].values()), \
            "no correct answer through the gateway before the services are ready"


def test_nothing_of_the_project_is_left(compose_run):
    assert_nothing_left_running()
