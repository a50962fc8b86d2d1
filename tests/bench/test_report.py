"""End to end: bench report on recorded results directories."""

import json
import re
import shutil
import subprocess

import pytest

from bench.cli import main
from bench.report import render

CANVAS = re.compile(r'<canvas id="([^"]+)"')


def chart_data(html: str) -> list:
    match = re.search(r'<script type="application/json" id="chart-data">(.*?)</script>', html, re.S)
    return json.loads(match.group(1))


def test_quick_report_outputs(results_dir, capsys):
    out = results_dir("quick")

    assert main(["report", str(out)]) == 0

    written = capsys.readouterr().out.split()
    assert len(written) == 12 + 3
    for name in ("report.html", "report.md", "results.json"):
        assert (out / name).is_file()
    assert (out / "runs/graphql/rps50.rep2.html").is_file()


SECTIONS = ["The answer", "Conditions", "Load applied", "Warm-up", "Winners", "Predicted vs measured (SPEC section 7)",
            "Recommendation: the SPEC decision guide against the data", "Per scenario and load level",
            "Errors by kind", "Resources per component", "Capacity beside the plan"]


def test_both_pages_have_the_reports_sections_in_order(results_dir):
    out = results_dir("quick")
    assert main(["report", str(out)]) == 0

    assert re.findall(r"^## (.+)$", (out / "report.md").read_text(), re.M) == SECTIONS
    assert re.findall(r"<h2[^>]*>([^<]+)</h2>", (out / "report.html").read_text()) == SECTIONS


def test_report_html_is_self_contained_and_every_chart_has_a_canvas(results_dir):
    out = results_dir("quick")
    main(["report", str(out)])
    html = (out / "report.html").read_text()

    assert "Chart.js v4.6.1" in html
    assert not re.search(r'(src|href)="(https?:)?//', html)
    charts = chart_data(html)
    assert {c["id"] for c in charts} == set(CANVAS.findall(html))
    for chart in charts:
        labels = chart["config"]["data"].get("labels")
        if labels is not None:
            assert all(len(d["data"]) == len(labels) for d in chart["config"]["data"]["datasets"])
    latency = next(c for c in charts if c["id"] == "latency-API-1")["config"]["data"]
    results = json.loads((out / "results.json").read_text())
    p95 = [next(c["p95"] for c in results["cells"] if (c["architecture"], c["phase"], c["column"]) ==
                ("rest", phase, "API-1")) for phase in ("rps20", "rps50")]
    assert latency["labels"] == ["20 req/s", "50 req/s"]
    assert latency["datasets"][1] == {"label": "REST (nginx stand-in) p95", "data": p95, "backgroundColor": "#1f77b4ff"}


@pytest.mark.skipif(shutil.which("node") is None, reason="node not installed")
def test_page_script_is_valid_javascript(results_dir, tmp_path):
    out = results_dir("quick")
    main(["report", str(out)])
    boot = re.findall(r"<script>(.*?)</script>", (out / "report.html").read_text(), re.S)[-1]
    script = tmp_path / "boot.js"
    script.write_text(boot)

    assert subprocess.run(["node", "--check", str(script)], check=False).returncode == 0


def test_report_html_tables_links_and_verdicts(results_dir):
    out = results_dir("quick")
    main(["report", str(out)])
    html = (out / "report.html").read_text()

    for page in re.findall(r'<a href="(runs/[^"]+\.html)"', html):
        assert (out / page).is_file()
    assert len(set(re.findall(r'<a href="(runs/[^"]+\.html)"', html))) == 12
    # REST's API-4 always answers 503: GraphQL wins that cell on errors, with the interval shown.
    assert re.search(r'title="rest error rate 100.0 % &gt; 1.0 %; error-rate difference -100.0 pp, 95 % CI [^"]+">'
                     r'GraphQL \(errors: Δ −100.0 pp, CI −100.0…−100.0\)', html)
    assert "Not collected: this results directory has no <code>resources.json</code>." in html
    assert "predicted REST<br>measured not run" in html


def test_report_md_holds_the_tables(results_dir):
    out = results_dir("quick")
    main(["report", str(out)])
    md = (out / "report.md").read_text()
    results = json.loads((out / "results.json").read_text())
    cell = next(c for c in results["cells"] if (c["architecture"], c["phase"], c["column"]) == ("rest", "rps20", "API-1"))

    assert (f"| REST (nginx stand-in) | 20 req/s | {cell['requests']} | {cell['achieved_rps']:.1f} | "
            f"{cell['p50']:g} | {cell['p95']:g} | {cell['p99']:g} | {cell['max']:g} |") in md
    assert "| 100 req/s (not run) | REST / not run |" in md
    assert "| GraphQL when load is under ~500 RPS | no difference |" in md
    assert "| design and order | sequential, 2 repeats, as given: rest, graphql in every repeat |" in md
    assert "Δ: GraphQL minus REST, p95 in ms" in md
    assert re.search(r"\| 20 req/s \| REST \(errors: Δ \+\d+\.\d pp, CI \+\d+\.\d…\+\d+\.\d\)", md)
    assert re.search(r"tie \(Δ [+−]\d+ ms, CI [+−]\d+…[+−]\d+, band ±2\)", md)


def test_results_json_has_every_number_and_the_metadata(results_dir):
    out = results_dir("quick")
    main(["report", str(out)])
    results = json.loads((out / "results.json").read_text())

    assert results["schema"] == "bench.results/2"
    assert results["metadata"]["versions"]["artillery"] == "2.0.34"
    assert len(results["runs"]) == 12
    warmup = results["runs"][0]
    assert warmup["warmup"] and warmup["page"] == "runs/rest/warmup.rep1.html"
    assert warmup["load"]["requests"] == 50
    assert warmup["request_log"] == "runs/rest/warmup.rep1.requests.ndjson.gz"
    cell = next(c for c in results["cells"] if (c["architecture"], c["phase"], c["column"]) == ("graphql", "rps20", "API-1"))
    assert cell["target_rps"] == 20 and cell["errors"]["graphql"] > 0
    assert set(cell) >= {"p50", "p95", "p99", "max", "ok_p50", "ok_p95", "ok_p99", "bytes_per_success",
                         "bytes_per_error_response", "p95_by_repeat", "successes"}
    comparison = results["comparisons"][0]
    assert (comparison["first"], comparison["second"], comparison["kind"]) == ("rest", "graphql", "naive")
    verdict = next(v for v in comparison["verdicts"] if (v["phase"], v["column"]) == ("rps50", "API-4"))
    assert verdict["decided_by"] in ("errors", None)
    api3 = next(v for v in comparison["verdicts"] if (v["phase"], v["column"]) == ("rps50", "API-3"))
    assert len(api3["interval_ms"]) == 2 and api3["band_ms"] == 2.0
    assert "confidence interval" in results["winner_rule"] and "late" in results["generator_rule"]
    assert results["resources"] is None


def test_run_page_renders_its_log_and_artillery_json(results_dir):
    out = results_dir("faults")
    main(["report", str(out)])
    page = (out / "runs/rest/rps10.html").read_text()

    assert '<a href="../../report.html">' in page
    assert "ERR_SOCKET_TIMEOUT: 7" in page and "ECONNRESET:" in page and "500:" in page
    assert "50 requests over 5.00 s = 10.0 req/s" in page
    assert "<code>runs/rest/rps10.requests.ndjson.gz</code>" in page
    charts = {c["id"]: c["config"] for c in chart_data(page)}
    assert set(charts) == {"rate", "p95", "failed", "late"}
    assert len(charts["rate"]["data"]["labels"]) == 5  # one point per second of the 5 s phase
    api3_p95 = next(d for d in charts["p95"]["data"]["datasets"] if d["label"] == "API-3")["data"]
    assert all(value is None or value >= 10_000 for value in api3_p95)  # timeouts at their timeout


def test_generator_limited_run_is_marked(results_dir):
    out = results_dir("overload")
    main(["report", str(out)])

    md = (out / "report.md").read_text()
    assert re.search(r"⚠ achieved [\d.]+ req/s = [\d.]+ % of 2500; arrivals took [\d.]+ s instead of 5 s; 1 % of sends "
                     r"were over [\d,]+ ms late \(bound 50 ms\)", md)
    assert "| REST (nginx stand-in) | 2,500 req/s ⚠ |" in md
    assert "No REST/GraphQL pair in this run" in md


def resource_samples(cpu_by_arch):
    return [
        {"architecture": arch, "phase": phase, "repeat": repeat, "component": component, "window_s": 10,
         "cpu_percent": cpu, "rss_bytes": 50e6, "net_rx_bytes": 1e6, "net_tx_bytes": 2e6,
         "threads_active_peak": 7, "threads_active_mean": 3.25, "pool_size_peak": 8, "pool_size_mean": 6.0,
         "outgoing_active_peak": 5, "outgoing_size_peak": 9, "outgoing_queued_peak": 2, "inflight_peak": None, "inflight_mean": None}
        for arch, cpu in cpu_by_arch.items()
        for phase in ("rps20", "rps50")
        for repeat in (1, 2)
        for component in ("gateway", "artillery")
    ]


def test_resources_and_cpu_per_successful_request_are_rendered(results_dir):
    out = results_dir("quick")
    (out / "resources.json").write_text(json.dumps({"schema": "bench.resources/1",
                                                    "samples": resource_samples({"rest": 30.0, "graphql": 60.0})}))

    assert main(["report", str(out)]) == 0

    html = (out / "report.html").read_text()
    assert "Not collected" not in html
    assert {"cpu-0", "rss-1"} <= set(CANVAS.findall(html))
    results = json.loads((out / "results.json").read_text())
    overall = next(c for c in results["cells"] if (c["architecture"], c["phase"], c["column"]) == ("rest", "rps20", "Overall"))
    # 30 % of a core over 10 s in each of 2 repeats = 6 CPU seconds for all the phase's successes.
    expected = 6.0 * 1000 / overall["successes"]
    row = next(r for r in results["resources"] if (r["architecture"], r["phase"], r["component"]) == ("rest", "rps20", "gateway"))
    assert row["cpu_seconds"] == pytest.approx(6.0) and row["cpu_ms_per_success"] == pytest.approx(expected)
    system = next(r for r in results["resources"] if (r["architecture"], r["phase"], r["component"]) ==
                  ("rest", "rps20", "system under test"))
    assert system["cpu_ms_per_success"] == pytest.approx(expected)  # the generator is left out
    md = (out / "report.md").read_text()
    assert (f"| REST (nginx stand-in) | 20 req/s | gateway | 30.0 | {expected:.2f} | {1000 / expected:,.0f} | 50.0 | "
            "7 / 3.2 | 8 / 6.0 | 5 / 9; 2 | — / — |") in md
    assert "| REST when infrastructure cost matters | supported |" in md
    assert "per successful request" in md


def aa_results(results_dir):
    """The recorded REST stand-in as an A/A pair: repeat 1 as `rest`, repeat 2 as `rest-2`."""
    out = results_dir("quick")
    metadata = json.loads((out / "metadata.json").read_text())
    rest = metadata["architectures"][0]
    metadata["architectures"] = [rest, {**rest, "id": "rest-2", "label": rest["label"] + " #2", "base": "rest"}]
    runs = []
    for run in metadata["runs"]:
        if run["architecture"] == "rest":
            runs.append({**run, "architecture": "rest" if run["repeat"] == 1 else "rest-2", "repeat": 1})
    metadata["runs"], metadata["repeats"] = runs, 1
    (out / "metadata.json").write_text(json.dumps(metadata))
    return out


def test_a_b_same_architecture_is_reported_as_an_a_a_check(results_dir):
    out = aa_results(results_dir)

    assert main(["report", str(out)]) == 0

    md = (out / "report.md").read_text()
    assert "### A/A: REST (nginx stand-in) vs REST (nginx stand-in) #2 (the same architecture twice" in md
    assert "No REST/GraphQL pair in this run" in md
    results = json.loads((out / "results.json").read_text())
    aa = results["comparisons"][0]
    assert aa["kind"] == "aa" and (aa["first"], aa["second"]) == ("rest", "rest-2")
    assert aa["winners"] == 0, [v for v in aa["verdicts"] if v["winner"] not in ("tie", "inconclusive", "n/a")]
    assert "**PASSED: no winner in any of the 14 cells.**" in md
    assert aa["predicted_vs_measured"] == [] and aa["findings"] == []


def test_missing_metadata_exits_2(tmp_path, capsys):
    assert main(["report", str(tmp_path)]) == 2
    assert "metadata.json: not found" in capsys.readouterr().err


def test_corrupt_run_file_exits_2_naming_it(results_dir, capsys):
    out = results_dir("faults")
    (out / "runs/rest/rps10.json").write_text("{")

    assert main(["report", str(out)]) == 2
    assert "runs/rest/rps10.json: not valid JSON" in capsys.readouterr().err


def test_missing_chart_js_exits_2_with_the_fix(results_dir, capsys, monkeypatch, tmp_path):
    monkeypatch.setattr(render, "CHART_JS", tmp_path / "chart.umd.min.js")

    assert main(["report", str(results_dir("faults"))]) == 2
    assert "npm ci --prefix bench/report" in capsys.readouterr().err


def test_warm_up_until_steady_is_shown_with_what_it_needed(results_dir):
    out = results_dir("quick")
    metadata = json.loads((out / "metadata.json").read_text())
    metadata["phases"].insert(1, {"name": "settle", "target_rps": 20, "duration_s": 120, "warmup": True,
                                  "until_steady": True})
    windows = [{"start_s": 20.0 * i, "requests": 200, "p50_ms": p95 / 2, "p95_ms": p95, "error_rate": 0.0}
               for i, p95 in enumerate([90, 40, 21, 20, 20])]
    # REST's JIT compiler threads were measured (their share of the system under test's CPUs), GraphQL's not.
    measured = [dict(window, jit_share=share) for window, share in zip(windows, [0.3, 0.2, 0.09, 0.05, 0.04])]
    settled = {"steady": True, "steady_after_s": 100.0, "bound_s": 120, "criterion": "test", "windows": measured}
    unsettled = {"steady": False, "steady_after_s": None, "bound_s": 120, "criterion": "test", "windows": windows[:2]}
    for arch, steady in (("rest", settled), ("graphql", unsettled)):
        index = next(i for i, r in enumerate(metadata["runs"]) if r["architecture"] == arch and r["phase"] == "warmup")
        metadata["runs"].insert(index + 1, {"architecture": arch, "phase": "settle", "repeat": 1,
                                            "file": f"runs/{arch}/settle.rep1.json", "exit_code": 130,
                                            "stopped_early": steady["steady"], "interrupted": False,
                                            "cpu_steal": 0.002, "steady": steady})
    (out / "metadata.json").write_text(json.dumps(metadata))
    # The unsettled stage ran to its bound, so Artillery wrote its files: reuse a recorded run's.
    shutil.copy(out / "runs/graphql/rps20.rep1.json", out / "runs/graphql/settle.rep1.json")
    shutil.copy(out / "runs/graphql/rps20.rep1.requests.ndjson.gz", out / "runs/graphql/settle.rep1.requests.ndjson.gz")

    assert main(["report", str(out)]) == 0

    md = (out / "report.md").read_text()
    assert ("| REST (nginx stand-in) | 1 | 10 req/s for 5 s | 20 req/s, at most 120 s | 100 s | 105 s | "
            "20 / 40, JIT 20 %; 10.5 / 21, JIT 9 %; 10 / 20, JIT 5 %; 10 / 20, JIT 4 % |") in md
    assert ("| GraphQL (nginx stand-in) | 1 | 10 req/s for 5 s | 20 req/s, at most 120 s | ⚠ not steady within the "
            "bound | more than 125 s | 45 / 90; 20 / 40 |") in md
    assert "| REST (nginx stand-in) | settle (warm-up) | 1 | 20 | | | | | 0.2 % | — | stopped once steady (see Warm-up) |" in md
    html = (out / "report.html").read_text()
    assert '<canvas id="warmup-windows">' in html
    ids = re.findall(r'\bid="([^"]+)"', re.sub(r"<script.*?</script>", "", html, flags=re.S))
    assert len(ids) == len(set(ids)), "a chart finds its canvas by id: ids must be unique"
    warmup = next(c for c in chart_data(html) if c["id"] == "warmup-windows")["config"]["data"]["datasets"]
    assert warmup[0]["data"][-1] == {"x": 100.0, "y": 10}  # the last window's end (80 + 20 s), its median
    results = json.loads((out / "results.json").read_text())
    assert [(w["architecture"], w["repeat"], w["needed_s"]) for w in results["warmups"]][:2] == [
        ("rest", 1, 105.0), ("rest", 2, 5.0)]
    # The unsteady stack's cells and verdicts carry the flag.
    cell = next(c for c in results["cells"] if (c["architecture"], c["phase"], c["column"]) == ("graphql", "rps20", "API-1"))
    assert cell["unsteady"] and all(v["flagged"] for v in results["comparisons"][0]["verdicts"])


def test_capacity_idle_cost_and_cpu_profiles_are_rendered(results_dir):
    out = results_dir("quick")
    samples = resource_samples({"rest": 30.0, "graphql": 60.0})
    samples += [{"architecture": arch, "phase": "idle", "repeat": 1, "component": "gateway", "window_s": 10,
                 "cpu_percent": 3.0, "rss_bytes": 40e6, "net_rx_bytes": None, "net_tx_bytes": None}
                for arch in ("rest", "graphql")]
    (out / "resources.json").write_text(json.dumps({"schema": "bench.resources/1", "samples": samples}))
    (out / "cpu_profiles.json").write_text(json.dumps({
        "schema": "bench.cpu_profiles/1", "phase": "rps50",
        "components": [{"architecture": "graphql", "component": "robot-service", "repeat": 1,
                        "recording": "profiles/graphql/robot-service.jfr",
                        "flamegraph": "profiles/graphql/robot-service.svg", "samples": 5000, "window_s": 50.0,
                        "gc_count": 10, "gc_pause_ms": 500.0, "jit_ms": 250.0,
                        "top_frames": [{"frame": "java.util.HashMap.getNode", "samples": 100, "share": 0.02}],
                        "categories": [{"category": "JSON", "samples": 2500, "share": 0.5}]}],
        "gateways": [{"architecture": "graphql", "component": "router", "repeat": 1, "source": "x",
                      "increase": {"apollo_router_cache_miss_total": 4.0}}]}))

    assert main(["report", str(out)]) == 0

    html = (out / "report.html").read_text()
    assert 'id="capacity"' in html and 'id="idle"' in html and 'id="cpu-profiles"' in html
    assert '<a href="profiles/graphql/robot-service.svg">Flame graph</a>' in html
    assert "GC: 10 collections, 500 ms of pauses (1.0 %)" in html
    results = json.loads((out / "results.json").read_text())
    rest20 = next(r for r in results["capacity"] if (r["architecture"], r["target_rps"]) == ("rest", 20))
    # 30 % busy, 3 % of it idle: the net cost is 90 % of the cost; capacity = (cores x 1000 - 30 ms) / net.
    assert rest20["net_cpu_ms_per_success"] == pytest.approx(rest20["cpu_ms_per_success"] * 0.9)
    assert rest20["capacity_rps"] == pytest.approx((rest20["cores"] * 1000 - 30) / rest20["net_cpu_ms_per_success"])
    assert results["cpu_profiles"]["components"][0]["categories"][0]["category"] == "JSON"
    md = (out / "report.md").read_text()
    assert "## Capacity beside the plan" in md and "| REST (nginx stand-in) | gateway | 3.0 | 40.0 |" in md
    assert "| GraphQL (nginx stand-in) | robot-service | 5,000 | 500 | 250 | JSON 50 % | [svg](profiles/graphql/robot-service.svg) |" in md


def test_without_resources_capacity_and_idle_say_why(results_dir):
    out = results_dir("quick")
    assert main(["report", str(out)]) == 0
    md = (out / "report.md").read_text()
    assert "Not computed: no resources were collected." in md and "Where the CPU goes" not in md


def _quiet(share):
    return {"outside_cpu": {"0": 0.003, "1": share}, "memory_stall": 0.0, "disturbed": share > 0.05,
            "busiest_outside": [["cargo", 30.0]] if share > 0.05 else []}


def test_a_disturbed_run_is_shown_counted_and_left_out_of_the_verdicts(results_dir):
    out = results_dir("quick")
    metadata = json.loads((out / "metadata.json").read_text())
    metadata["quiet_check"] = {"measured": True, "cores": [0, 1], "disturbed_share": 0.05}
    for run in metadata["runs"]:
        # GraphQL at 50 req/s: both repeats disturbed; REST at 20 req/s: its second repeat only.
        hit = (run["architecture"], run["phase"]) == ("graphql", "rps50") or \
              (run["architecture"], run["phase"], run["repeat"]) == ("rest", "rps20", 2)
        run["quiet"] = _quiet(0.31 if hit else 0.004)
    (out / "metadata.json").write_text(json.dumps(metadata))

    assert main(["report", str(out)]) == 0

    md = (out / "report.md").read_text()
    assert ("| quiet machine | 3 of 8 measured runs disturbed (work outside the run above 5 % of CPU 0, 1: left out "
            "of the verdicts); the most it took of one core in a run: 31.0 % |") in md
    assert "| CPU 0 0.3 %, CPU 1 0.4 % |" in md
    assert "⚠ CPU 0 0.3 %, CPU 1 31.0 % |" in md
    verdicts = next(line for line in md.splitlines() if line.startswith("| 50 req/s |"))
    assert "inconclusive: disturbed by work outside the run ⚠" in verdicts
    rows_20 = next(line for line in md.splitlines() if line.startswith("| 20 req/s |"))
    assert "disturbed" not in rows_20  # REST's other repeat stands in for the disturbed one
    results = json.loads((out / "results.json").read_text())
    assert any(run["quiet"] and run["quiet"]["disturbed"] for run in results["runs"])


def test_a_run_without_the_check_says_so(results_dir):
    out = results_dir("quick")
    metadata = json.loads((out / "metadata.json").read_text())
    metadata["quiet_check"] = {"measured": False, "cores": [0, 1], "disturbed_share": 0.05}
    (out / "metadata.json").write_text(json.dumps(metadata))

    assert main(["report", str(out)]) == 0

    assert "| quiet machine | not measured here (needs root and the cgroup v1 cpuacct controller) |" in (
        out / "report.md").read_text()


def test_report_md_opens_with_the_answer(results_dir):
    out = results_dir("quick")
    assert main(["report", str(out)]) == 0

    md = (out / "report.md").read_text()
    sections = [line for line in md.splitlines() if line.startswith("## ")]
    assert sections[:2] == ["## The answer", "## Conditions"]
    answer = md[md.index("## The answer"):md.index("## Conditions")]
    assert "**Trust:** no A/A pair in this run" in answer and "2 starts per architecture" in answer
    assert "| REST form against GraphQL Federation | p95 of | 20 req/s | 50 req/s |" in answer
    assert "| REST (nginx stand-in) | Overall | inconclusive (both > 1 % errors) ⚠ |" in answer
    assert '- The guide\'s "REST when APIs are simple and predictable": supported with REST (nginx stand-in)' in answer


def test_a_failed_a_a_pair_says_on_the_first_screen_that_the_verdicts_are_not_to_be_trusted(results_dir):
    out = results_dir("quick")
    metadata = json.loads((out / "metadata.json").read_text())
    # The recorded REST runs as a second "graphql" would tie; the REST runs as a copy of GraphQL differ.
    metadata["architectures"].append({"id": "graphql-2", "label": "GraphQL #2", "kind": "graphql", "base": "graphql"})
    metadata["runs"] += [dict(run, architecture="graphql-2") for run in metadata["runs"] if run["architecture"] == "rest"]
    (out / "metadata.json").write_text(json.dumps(metadata))

    assert main(["report", str(out)]) == 0

    answer = (out / "report.md").read_text().split("## Conditions")[0]
    assert "**Trust:** A/A FAILED (graphql twice: a winner in" in answer
    assert "these verdicts are not to be trusted" in answer
    html = (out / "report.html").read_text()
    assert '<p class="bad" data-first-screen><strong>Trust:</strong> A/A FAILED' in html


def test_a_level_that_saturates_a_stack_is_named_beside_its_verdicts(results_dir):
    out = results_dir("quick")
    # GraphQL's system at 95 % of one core of a one-core placement: saturated at both levels.
    metadata = json.loads((out / "metadata.json").read_text())
    metadata["placement"]["system_under_test_cpus"] = "1"
    (out / "metadata.json").write_text(json.dumps(metadata))
    (out / "resources.json").write_text(json.dumps({"schema": "bench.resources/1",
                                                    "samples": resource_samples({"rest": 30.0, "graphql": 95.0})}))

    assert main(["report", str(out)]) == 0

    md = (out / "report.md").read_text()
    answer = md.split("## Conditions")[0]
    assert "| REST form against GraphQL Federation | p95 of | 20 req/s ⚑ | 50 req/s ⚑ |" in answer
    assert re.search(r"⚑ 50 req/s: saturated: GraphQL \(nginx stand-in\) \(\d+ % of its capacity\): a capacity "
                     r"finding, not a latency one\.", answer)
    assert "REST (nginx stand-in) (" not in answer  # REST at 30 % of the core has headroom
    assert re.search(r"\| 50 req/s ⚑ saturated: GraphQL", md)  # the Winners tables too
    html = (out / "report.html").read_text()
    assert html.count("⚑ saturated: GraphQL (nginx stand-in)") >= 4  # the answer's levels and the Winners rows


def test_interleaved_trials_are_pooled_per_cell_and_the_design_is_stated(results_dir):
    # The recorded run's two repeats as two trials of one block of the interleaved design, the
    # other stack idle beside each at 3 % of a core over its 10 s.
    out = results_dir("quick")
    metadata = json.loads((out / "metadata.json").read_text())
    metadata["trial_design"] = {"design": "interleaved", "blocks": 1, "trials": 2, "seed": 11}
    metadata["repeats"] = 1
    for run in metadata["runs"]:
        run["trial"], run["repeat"] = run["repeat"], 1
        run["started_at"], run["ended_at"] = "2026-12-07T10:00:00+0000", "2026-12-07T10:00:10+0000"
        run["idle_stacks"] = {"other": {"cpu_seconds": 0.3, "memory_bytes": 9e8}}
    (out / "metadata.json").write_text(json.dumps(metadata))

    assert main(["report", str(out)]) == 0

    md = (out / "report.md").read_text()
    assert ("| design and order | interleaved: 1 block(s), each a start and warm-up of every stack, then per load "
            "level 2 round(s) of one trial per architecture (rest, graphql) in a random order (seed 11); every stack "
            "stays up while another is measured; beside a trial the idle stacks used 3.0 % of a core") in md
    assert ("interleaved trials, 1 start x 2 trials per architecture and level: one start, so the intervals cover the "
            "variation within it, not between starts") in md
    results = json.loads((out / "results.json").read_text())
    trials = [r for r in results["runs"] if (r["architecture"], r["phase"]) == ("rest", "rps20")]
    cell = next(c for c in results["cells"] if (c["architecture"], c["phase"], c["column"]) == ("rest", "rps20",
                                                                                                 "Overall"))
    assert len(trials) == 2 and cell["requests"] == sum(r["load"]["requests"] for r in trials)


def test_starts_that_name_different_winners_are_shown_on_the_first_screen(results_dir):
    # The second start's runs with the architectures swapped: what REST won in start 1, GraphQL
    # wins in start 2.
    out = results_dir("quick")
    metadata = json.loads((out / "metadata.json").read_text())
    swap = {"rest": "graphql", "graphql": "rest"}
    for run in metadata["runs"]:
        if run["repeat"] == 2:
            run["architecture"] = swap[run["architecture"]]
    (out / "metadata.json").write_text(json.dumps(metadata))

    assert main(["report", str(out)]) == 0

    answer = (out / "report.md").read_text().split("## Conditions")[0]
    assert ("the 2 starts CONTRADICT each other in 3 of 14 cells (e.g. rps20 API-4: graphql in start 1, rest in "
            "start 2): such verdicts may not survive a rerun") in answer
    agreement = json.loads((out / "results.json").read_text())["start_agreement"]
    assert agreement["starts"] == 2 and agreement["contradictions"][0][:4] == ["rest", "graphql", "rps20", "API-4"]


def test_agreeing_starts_are_counted(results_dir):
    out = results_dir("quick")
    assert main(["report", str(out)]) == 0
    assert ("the 2 starts agree: no cell names REST in one and GraphQL in another (14 cells judged in each)"
            in (out / "report.md").read_text())


def test_a_trial_beside_a_busy_idle_stack_is_disturbed_and_left_out(results_dir):
    # The other stack still worked through its queue during GraphQL's second 50 req/s trial:
    # 1.3 s of CPU in 10 s, 13 % of a core, above the 5 % bound.
    out = results_dir("quick")
    metadata = json.loads((out / "metadata.json").read_text())
    metadata["trial_design"] = {"design": "interleaved", "blocks": 1, "trials": 2, "seed": 11}
    metadata["quiet_check"] = {"measured": True, "cores": [0, 1], "disturbed_share": 0.05}
    for run in metadata["runs"]:
        run["trial"], run["repeat"] = run["repeat"], 1
        run["started_at"], run["ended_at"] = "2026-12-07T10:00:00+0000", "2026-12-07T10:00:10+0000"
        busy = (run["architecture"], run["phase"], run["trial"]) == ("graphql", "rps50", 2)
        run["idle_stacks"] = {"other": {"cpu_seconds": 1.3 if busy else 0.1, "memory_bytes": 9e8}}
    (out / "metadata.json").write_text(json.dumps(metadata))

    assert main(["report", str(out)]) == 0

    md = (out / "report.md").read_text()
    assert "| 1.2 |" in md and "⚠ idle stacks 13.0 %" in md and "idle stacks 1.0 %" in md
    assert ("| quiet machine | 1 of 8 measured runs disturbed, left out of the verdicts: 0 by work outside the run "
            "above 5 % of CPU 0, 1, 1 by the run's own idle stacks above it |") in md
    results = json.loads((out / "results.json").read_text())
    pooled = next(c for c in results["cells"] if (c["architecture"], c["phase"], c["column"]) == ("graphql", "rps50",
                                                                                                   "Overall"))
    first = next(r for r in results["runs"] if (r["architecture"], r["phase"], r["trial"]) == ("graphql", "rps50", 1))
    assert pooled["requests"] == first["load"]["requests"]  # the disturbed trial is left out
