"""End to end: python3 -m bench.report on recorded results directories."""

import json
import re
import shutil
import subprocess

import pytest

from bench import render
from bench.report import main

CANVAS = re.compile(r'<canvas id="([^"]+)"')


def chart_data(html: str) -> list:
    match = re.search(r'<script type="application/json" id="chart-data">(.*?)</script>', html, re.S)
    return json.loads(match.group(1))


def test_quick_report_outputs(results_dir, capsys):
    out = results_dir("quick")

    assert main([str(out)]) == 0

    written = capsys.readouterr().out.split()
    assert len(written) == 12 + 3
    for name in ("report.html", "report.md", "results.json"):
        assert (out / name).is_file()
    assert (out / "runs/graphql/rps50.rep2.html").is_file()


def test_report_html_is_self_contained_and_every_chart_has_a_canvas(results_dir):
    out = results_dir("quick")
    main([str(out)])
    html = (out / "report.html").read_text()

    assert "Chart.js v4.6.1" in html
    assert not re.search(r'(src|href)="(https?:)?//', html)
    charts = chart_data(html)
    assert {c["id"] for c in charts} == set(CANVAS.findall(html))
    for chart in charts:
        labels = chart["config"]["data"]["labels"]
        assert all(len(d["data"]) == len(labels) for d in chart["config"]["data"]["datasets"])
    latency = next(c for c in charts if c["id"] == "latency-API-1")["config"]["data"]
    assert latency["labels"] == ["20 req/s", "50 req/s"]
    assert latency["datasets"][1] == {"label": "REST (nginx stand-in) p95", "data": [5.0, 4.0], "backgroundColor": "#1f77b4ff"}


@pytest.mark.skipif(shutil.which("node") is None, reason="node not installed")
def test_page_script_is_valid_javascript(results_dir, tmp_path):
    out = results_dir("quick")
    main([str(out)])
    boot = re.findall(r"<script>(.*?)</script>", (out / "report.html").read_text(), re.S)[-1]
    script = tmp_path / "boot.js"
    script.write_text(boot)

    assert subprocess.run(["node", "--check", str(script)], check=False).returncode == 0


def test_report_html_tables_links_and_verdicts(results_dir):
    out = results_dir("quick")
    main([str(out)])
    html = (out / "report.html").read_text()

    for page in re.findall(r'<a href="(runs/[^"]+\.html)"', html):
        assert (out / page).is_file()
    assert len(set(re.findall(r'<a href="(runs/[^"]+\.html)"', html))) == 12
    assert 'title="graphql error rate 6.9 % &gt; 1.0 %">REST (errors)</td>' in html
    assert "Not collected: this results directory has no <code>resources.json</code>." in html
    assert "predicted REST<br>measured not run" in html


def test_report_md_holds_the_tables(results_dir):
    out = results_dir("quick")
    main([str(out)])
    md = (out / "report.md").read_text()

    assert "| REST (nginx stand-in) | 20 req/s | 207 | 10.4 | 1 | 5 ±28 % | 6.5 | 12 | 0.00 % | 69 |" in md
    assert "| 20 req/s | REST (errors) | REST (errors) | REST (errors) | inconclusive | inconclusive |" in md
    assert "| 100 req/s (not run) | REST / not run |" in md
    assert "| GraphQL when load is under ~500 RPS | no difference |" in md
    assert "| GraphQL (nginx stand-in) | 50 req/s | API-1 | 484 | 0 | 29 | 0 | 0 | 0 |" in md


def test_results_json_has_every_number_and_the_metadata(results_dir):
    out = results_dir("quick")
    main([str(out)])
    results = json.loads((out / "results.json").read_text())

    assert results["schema"] == "bench.results/1"
    assert results["metadata"]["versions"]["artillery"] == "2.0.34"
    assert len(results["runs"]) == 12
    warmup = results["runs"][0]
    assert warmup["warmup"] and warmup["page"] == "runs/rest/warmup.rep1.html"
    assert warmup["load"]["requests"] == 50
    cell = next(c for c in results["cells"] if (c["architecture"], c["phase"], c["column"]) == ("graphql", "rps20", "API-1"))
    assert cell["requests"] == 216 and cell["errors"]["graphql"] == 15 and cell["target_rps"] == 20
    verdict = next(v for v in results["comparisons"][0]["verdicts"] if (v["phase"], v["column"]) == ("rps50", "API-3"))
    assert verdict["winner"] == "rest"
    assert results["resources"] is None


def test_run_page_renders_its_artillery_json(results_dir):
    out = results_dir("faults")
    main([str(out)])
    page = (out / "runs/rest/rps10.html").read_text()

    assert '<a href="../../report.html">' in page
    assert "ERR_SOCKET_TIMEOUT: 7" in page and "ECONNRESET: 2" in page and "500: 14" in page
    assert "50 requests over 4.99 s = 10.0 req/s" in page
    assert {c["id"] for c in chart_data(page)} == {"rate", "p95", "failed"}


def test_generator_limited_run_is_marked(results_dir):
    out = results_dir("overload")
    main([str(out)])

    md = (out / "report.md").read_text()
    assert "⚠ achieved 1861.1 req/s = 74.4 % of 2500; arrivals took 6.7 s instead of 5 s" in md
    assert "| REST (nginx stand-in) | 2,500 req/s ⚠ |" in md
    assert "No REST/GraphQL pair in this run" in md


def test_resources_are_rendered_when_present(results_dir):
    out = results_dir("quick")
    samples = [
        {"architecture": arch, "phase": phase, "repeat": 1, "component": component,
         "cpu_percent": cpu, "rss_bytes": 50e6, "net_rx_bytes": 1e6, "net_tx_bytes": 2e6}
        for arch, cpu in (("rest", 30.0), ("graphql", 60.0))
        for phase in ("rps20", "rps50")
        for component in ("gateway", "artillery")
    ]
    (out / "resources.json").write_text(json.dumps({"schema": "bench.resources/1", "samples": samples}))

    assert main([str(out)]) == 0

    html = (out / "report.html").read_text()
    assert "Not collected" not in html
    assert {"cpu-0", "rss-1"} <= set(CANVAS.findall(html))
    md = (out / "report.md").read_text()
    assert "| REST (nginx stand-in) | 20 req/s | gateway | 30.0 | 50.0 | 1.00 | 2.00 |" in md
    assert "| REST when infrastructure cost matters | supported |" in md


def test_missing_metadata_exits_2(tmp_path, capsys):
    assert main([str(tmp_path)]) == 2
    assert "metadata.json: not found" in capsys.readouterr().err


def test_corrupt_run_file_exits_2_naming_it(results_dir, capsys):
    out = results_dir("faults")
    (out / "runs/rest/rps10.json").write_text("{")

    assert main([str(out)]) == 2
    assert "runs/rest/rps10.json: not valid JSON" in capsys.readouterr().err


def test_missing_chart_js_exits_2_with_the_fix(results_dir, capsys, monkeypatch, tmp_path):
    monkeypatch.setattr(render, "CHART_JS", tmp_path / "chart.umd.min.js")

    assert main([str(results_dir("faults"))]) == 2
    assert "npm ci --prefix bench" in capsys.readouterr().err
