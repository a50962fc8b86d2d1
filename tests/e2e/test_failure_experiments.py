"""End to end: the failure experiments (--fault, --hostile, --ramp) against both real stacks, at
low rates and in short phases, with the first measured phase CPU-profiled: they run in the
session's quick run (conftest.py), on REST and the first GraphQL copy.

Runs in the e2e session (scripts/test.sh), because the runner starts and stops the stacks.
"""
import json

import pytest
from e2e_support import assert_nothing_left_running

from bench.experiments.faults import HEALTHY_SHARE

ARCHITECTURES = ("rest", "graphql")


@pytest.fixture(scope="module")
def failure_run(quick_run):
    out, result, _ = quick_run
    return out, result.stdout


def test_every_architecture_is_cpu_profiled(failure_run):
    out, stdout = failure_run
    profiles = json.loads((out / "results.json").read_text())["cpu_profiles"]
    assert profiles["phase"] == "rps10"
    for architecture in (*ARCHITECTURES, "graphql-2"):
        mine = [p for p in profiles["components"] if p["architecture"] == architecture]
        assert {p["component"] for p in mine} == {"user-service", "site-service", "robot-service"}, stdout[-3000:]
        for profile in mine:
            assert profile["samples"] > 0 and profile["window_s"] > 2 and profile["categories"]
            assert (out / profile["flamegraph"]).read_text().startswith("<svg")
            assert (out / profile["recording"]).stat().st_size > 0
    gateways = {g["architecture"]: g for g in profiles["gateways"]}
    assert gateways["rest"]["increase"]["nginx_requests_total"] >= 30  # 10 req/s for one 4 s trial
    assert any(name.startswith(("apollo_router_", "http_")) for name in gateways["graphql"]["increase"])
    report = (out / "report.html").read_text()
    assert 'id="cpu-profiles"' in report and "Flame graph" in report


def document(out, experiment, name):
    return json.loads((out / experiment / f"{name}.json").read_text())


def unhealthy_seconds(fault: dict) -> dict:
    """What a failed recovery check shows: when the instance was killed, restarted and ready, and
    per scenario its summary and every second after the restart that was not healthy."""
    restart_s = fault["events_s"].get("restart_ms", 0)
    return {"events_s": fault["events_s"], "scenarios": {
        name: {"summary": fault["scenarios"][name],
               "unhealthy": [row for row in rows if row["second"] >= restart_s
                             and row["success_rate"] is not None and row["success_rate"] < HEALTHY_SHARE]}
        for name, rows in fault["timeline"].items()}}


@pytest.mark.parametrize("architecture", ARCHITECTURES)
def test_fault_phase_reports_first_error_surface_and_recovery(failure_run, architecture):
    out, _ = failure_run
    fault = document(out, "faults", architecture)
    assert fault["plan"] == {"service": "user-service", "kill_at_s": 8, "restart_at_s": 14, "duration_s": 134}
    assert set(fault["events_s"]) == {"kill_ms", "killed_ms", "restart_ms", "ready_ms"}
    api1 = fault["scenarios"]["API-1"]  # lists users: the killed service answers it
    assert api1["failures"] > 0 and api1["first_error_after_kill_s"] is not None
    assert fault["all_recovered"] and fault["recovered_after_restart_s"] is not None, unhealthy_seconds(fault)
    assert fault["hung_requests"] == 0
    assert len(fault["timeline"]["API-1"]) >= 70
    surfaces = " ".join(api1["surfaces"])
    if architecture == "graphql":
        assert "data null + errors" in surfaces or "HTTP 200" in surfaces
        assert any("partial data + errors" in s for s in fault["scenarios"]["API-2"]["surfaces"])
    else:
        assert "HTTP 502" in surfaces


@pytest.mark.parametrize("architecture", ARCHITECTURES)
def test_hostile_mix_passes(failure_run, architecture):
    out, _ = failure_run
    result = document(out, "hostile", architecture)
    assert result["hostile_requests"] > 0 and result["server_errors"] == 0
    assert result["checks"]["every hostile request got its expected answer"], result["hostile"]
    assert result["clean"]["requests"] > 0 and result["mixed"]["requests"] > 0


@pytest.mark.parametrize("architecture", ARCHITECTURES)
def test_ramp_reports_knee_recovery_and_generator_ceiling(failure_run, architecture):
    out, _ = failure_run
    ramp = document(out, "ramp", architecture)
    assert [step["target_rps"] for step in ramp["steps"]][0] == 40
    assert all(step["p99_ms"] is not None for step in ramp["steps"])
    assert "knee_rps" in ramp and "broke_at_rps" in ramp
    assert ramp["recovery"]["recovered"], ramp["recovery"]
    assert set(ramp["baseline_ms"]) == {"API-1", "API-2", "API-3", "API-4"}
    generator = document(out, "ramp", "generator")
    assert generator["steps"] and generator["tested_up_to_rps"] >= max(s["target_rps"] for s in ramp["steps"])


def test_report_has_the_failure_section_and_nothing_is_left_running(failure_run):
    out, stdout = failure_run
    report = (out / "report.html").read_text()
    for anchor in ('id="faults"', 'id="hostile"', 'id="ramp"', 'id="fault-success-graphql"',
                   'id="fault-success-rest"', "generator alone"):
        assert anchor in report
    assert "## Failure behaviour" in (out / "report.md").read_text()
    assert "Killing user-service" in stdout or "fault" in stdout
    assert_nothing_left_running()
