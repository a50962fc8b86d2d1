"""What the report says about a compose run: the deployment in the conditions, each container's
limits, kills and network, and the cold start (on the recorded quick run, with the figures a
compose run adds)."""
import json
import re

import pytest

from bench.cli import main
from bench.experiments import cold_start

CONTAINERS = {"nginx": 268435456, "user-service": 536870912, "site-service": 536870912, "robot-service": 536870912}


def with_compose_figures(out, oom_killed="robot-service"):
    metadata = json.loads((out / "metadata.json").read_text())
    metadata["deployment"] = {
        "mode": "compose", "engine": {"name": "podman", "version": "4.3.1"},
        "stacks": {"rest": {name: {"image": f"localhost/rest-vs-graphql/{name}", "memory_limit_bytes": limit,
                                   "cpu_shares": 1024, "cpuset": "1"} for name, limit in CONTAINERS.items()}
                   | {"jvm": 'openjdk version "17.0.17" 2025-10-21\nOpenJDK Runtime Environment'}}}
    (out / "metadata.json").write_text(json.dumps(metadata))
    samples = [{"architecture": "rest", "phase": phase, "repeat": repeat, "component": name, "window_s": 30,
                "cpu_percent": 10.0, "cpu_seconds": 3.0, "rss_bytes": None, "cpu_throttled_s": 0.0,
                "memory_working_set_peak_bytes": limit // 2, "memory_peak_bytes": limit * 3 // 4,
                "memory_limit_bytes": limit, "net_rx_bytes": 2_000_000,
                "net_tx_bytes": 3_000_000, "oom_kills": int(name == oom_killed and repeat == 2),
                "restarts": int(name == oom_killed and repeat == 2)}
               for phase in ("rps20", "rps50") for repeat in (1, 2) for name, limit in CONTAINERS.items()]
    (out / "resources.json").write_text(json.dumps({"schema": "bench.resources/1", "samples": samples}))


def cold_start_document(ready=(11.0, 12.5, 14.0)):
    reference = {"latencies_ms": [10.0] * 100}
    starts = [{"service_ready_s": {"user-service": t, "site-service": t + 0.5, "robot-service": t + 1},
               "first_correct_s": {"API-1": t + 3, "API-2": t + 3.2, "API-3": t + 3.4, "API-4": t + 3.6},
               "start_command_s": t + 2, "error": None, "complete": True, "first_requests_ms": [40.0] * 100}
              for t in ready]
    return {"schema": cold_start.SCHEMA, "architecture": "rest", "kind": "rest", "deployment": "compose",
            "poll_s": 0.1, "first_requests": 100, "warm_latencies_ms": reference["latencies_ms"], "starts": starts,
            "summary": cold_start.summary(reference, starts)}


def test_the_report_names_the_deployment_and_each_containers_limits_and_kills(results_dir):
    out = results_dir("quick")
    with_compose_figures(out)
    assert main(["report", str(out)]) == 0
    markdown = (out / "report.md").read_text()

    assert "| deployment | compose on podman 4.3.1; rest: nginx localhost/rest-vs-graphql/nginx (memory 256 MiB" in markdown
    assert 'JVM: openjdk version "17.0.17"' in markdown
    containers = markdown.split("### Containers")[1].split("\n## ")[0]
    row = re.search(r"\| REST[^|]*\| 50 req/s \| robot-service \|[^\n]+", containers)[0]
    assert [cell.strip() for cell in row.split("|")[4:10]] == ["0.0", "268 / 403 / 537", "50 %", "1", "1", "2.0 / 3.0"], \
        "an OOM kill in one repeat of two is reported; the network bytes are the repeats' median"
    html = (out / "report.html").read_text()
    assert '<h3 id="containers">Containers</h3>' in html and 'class="bad"' in html


def test_a_run_without_containers_has_no_container_table(results_dir):
    out = results_dir("quick")
    assert main(["report", str(out)]) == 0
    assert "Containers" not in (out / "report.md").read_text()
    assert "| deployment | local processes (not recorded) |" in (out / "report.md").read_text()


def test_the_cold_start_section_shows_the_spread_over_the_starts(results_dir):
    out = results_dir("quick")
    (out / "cold-start").mkdir()
    (out / "cold-start/rest.json").write_text(json.dumps(cold_start_document()))
    assert main(["report", str(out)]) == 0
    markdown = (out / "report.md").read_text()

    section = markdown.split("## Cold start")[1]
    row = next(line for line in section.splitlines() if line.startswith("| REST"))
    cells = [cell.strip() for cell in row.split("|")[1:-1]]
    assert cells[1] == "user-service 12.5 (11.0–14.0); site-service 13.0 (11.5–14.5); robot-service 13.5 (12.0–15.0)"
    assert cells[2] == "16.1 (14.6–17.6)", "every scenario correct: the last scenario's first correct answer"
    assert cells[4:7] == ["40 (40–40) / 40 (40–40)", "10", "4.0× (4.0×–4.0×)"]
    assert re.findall(r"<h2[^>]*>([^<]+)</h2>", (out / "report.html").read_text())[-1] == "Cold start"
    assert json.loads((out / "results.json").read_text())["cold_starts"]["rest"]["summary"]["failed_starts"] == 0


def test_the_cold_start_sequence_is_the_traffic_mix_in_a_fixed_order():
    first, again = cold_start.sequence(), cold_start.sequence()
    assert first == again and len(first) == cold_start.FIRST_REQUESTS
    counts = {name: sum(1 for scenario, _ in first if scenario == name) for name in ("API-1", "API-2", "API-3", "API-4")}
    assert counts["API-1"] > counts["API-2"] > counts["API-3"] > counts["API-4"] > 0
    assert all(1 <= entity <= 5 for scenario, entity in first if scenario == "API-3")


def test_a_start_that_never_answered_counts_as_failed():
    reference = {"latencies_ms": [10.0, 12.0]}
    starts = [{"service_ready_s": {"user-service": 5.0}, "first_correct_s": {"API-1": 9.0}, "complete": False}]
    summary = cold_start.summary(reference, starts)
    assert summary["failed_starts"] == 1 and summary["all_correct_s"] is None
    assert summary["first_requests"]["median_ms"] is None


def test_the_warm_reference_waits_for_an_overloaded_stack_to_answer_again(monkeypatch):
    answers = iter([None, None, {"data": 1}, {"data": 2}, {"data": 3}, {"data": 4}])
    monkeypatch.setattr(cold_start, "exchange", lambda request, timeout_s=10.0: (5.0, next(answers, {"data": 0})))
    monkeypatch.setattr(cold_start.time, "sleep", lambda s: None)
    reference = cold_start.warm_reference("rest")
    assert reference["answers"]["API-1"] == {"data": 1} and len(reference["latencies_ms"]) == cold_start.FIRST_REQUESTS


def test_a_warm_stack_that_never_answers_again_stops_the_cold_start_with_the_scenario(monkeypatch):
    monkeypatch.setattr(cold_start, "exchange", lambda request, timeout_s=10.0: (5.0, None))
    monkeypatch.setattr(cold_start.time, "sleep", lambda s: None)
    with pytest.raises(RuntimeError, match="no correct answer to API-1 within 0 s"):
        cold_start.warm_reference("rest", recovery_s=0)
