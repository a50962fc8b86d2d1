"""The report's failure section, from experiment files built by the real analysis functions."""
import json

from bench.cli import main
from bench.experiments.faults import FaultPlan, analyse
from bench.experiments.hostile import verdict
from bench.experiments.ramp import RampPlan, knee, step_result
from bench.results.requestlog import Exchange

ORIGIN = 1_700_000_000_000


def fault_document(arch_id, failure):
    exchanges = [Exchange(ORIGIN + n * 100, name, failure[1] if 100 <= n < 200 and name == "API-1" else 200, 15,
                          failure[0] if 100 <= n < 200 and name == "API-1" else "ok")
                 for n in range(400) for name in ("API-1", "API-2")]
    events = {"kill_ms": ORIGIN + 10_000, "killed_ms": ORIGIN + 10_100, "restart_ms": ORIGIN + 15_000,
              "ready_ms": ORIGIN + 19_000}
    plan = FaultPlan("user-service", 10, 15)
    return {"schema": "bench.fault/1", "architecture": arch_id, "kind": arch_id, "plan": plan.as_metadata(),
            "rate": 20, **analyse(exchanges, events, plan)}


def ramp_document(arch_id, break_latency):
    plan = RampPlan(100, 100, 300, 10, 1000.0)
    steps = []
    for rate in plan.rates():
        latency = break_latency if rate == 300 else 20
        step = step_result([Exchange(i * 1000 // rate, "API-1", 200, latency, "ok") for i in range(rate * 10)],
                           rate, plan)
        steps.append(step)
        if not step["held"]:
            break
    recovery = {"recovered": True, "recovered_after_s": 5.2, "limit_s": 60, "probes": [],
                "active_threads": {"9101": 1.0}, "established_connections": 12}
    return {"schema": "bench.ramp/1", "architecture": arch_id, "kind": arch_id, "plan": plan.as_metadata(),
            "steps": steps, **knee(steps), "baseline_ms": {"API-1": 14.0},
            "resources_before": {"active_threads": {"9101": 1.0}, "established_connections": 10},
            "recovery": recovery, "tested_up_to_rps": 300}


def hostile_document(arch_id, failed):
    counts = {"requests": {"malformed-id": {"passed": 10, "failed": failed, "untyped": 0,
                                            "statuses": {"400": 10, **({"500": failed} if failed else {})}}},
              "no_response": 0}
    clean, mixed = {"requests": 500, "p95_ms": 40.0, "error_rate": 0.0}, {"requests": 500, "p95_ms": 42.0,
                                                                          "error_rate": 0.0}
    return {"schema": "bench.hostile/1", "architecture": arch_id, "kind": arch_id, "rate": 50, "share": 0.05,
            "hostile_rate": 2.5, "duration_s": 60, "clean": clean, "mixed": mixed, "hostile": counts,
            **verdict(clean, mixed, counts)}


def write(out, experiment, name, data):
    (out / experiment).mkdir(exist_ok=True)
    (out / experiment / f"{name}.json").write_text(json.dumps(data))


def test_failure_section_shows_faults_hostile_input_and_knees(results_dir):
    out = results_dir("quick")
    write(out, "faults", "rest", fault_document("rest", ("error", 502)))
    write(out, "faults", "graphql", fault_document("graphql", ("error", 200)))
    write(out, "hostile", "rest", hostile_document("rest", 0))
    write(out, "hostile", "graphql", hostile_document("graphql", 2))
    write(out, "ramp", "rest", ramp_document("rest", 1500))
    write(out, "ramp", "graphql", ramp_document("graphql", 20))
    write(out, "ramp", "generator", ramp_document("generator", 20))

    assert main(["report", str(out)]) == 0

    html = (out / "report.html").read_text()
    assert 'id="failure"' in html
    assert "HTTP 502: 100" in html and "HTTP 200: data null + errors: 100" in html
    assert "PASSED" in html and "FAILED: every hostile request got its expected answer, no 5xx" in html
    assert "the system&#39;s own knee" in html or "the system's own knee" in html
    assert 'id="fault-success-rest"' in html and 'id="ramp"' in html
    markdown = (out / "report.md").read_text()
    assert "## Failure behaviour" in markdown
    assert "| REST (nginx stand-in) | API-1 | 400 | 100 | 0.01 | HTTP 502: 100 |" in markdown
    assert markdown.index("| REST (nginx stand-in) | API-1") < markdown.index("| GraphQL (nginx stand-in) | API-1")
    results = json.loads((out / "results.json").read_text())
    assert results["resilience"]["ramps"]["rest"]["knee_rps"] == 200
    assert results["resilience"]["ramps"]["graphql"]["broke_at_rps"] is None


def test_no_experiments_no_failure_section(results_dir):
    out = results_dir("quick")
    assert main(["report", str(out)]) == 0
    assert 'id="failure"' not in (out / "report.html").read_text()
    assert "Failure behaviour" not in (out / "report.md").read_text()


def test_a_corrupt_experiment_file_is_named(results_dir, capsys):
    out = results_dir("quick")
    (out / "faults").mkdir()
    (out / "faults" / "rest.json").write_text("{")
    assert main(["report", str(out)]) == 2
    assert "faults/rest.json" in capsys.readouterr().err
