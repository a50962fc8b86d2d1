"""The report and an Artillery run page, opened in headless Chromium (bench/report/browser.py): every
chart draws, nothing is logged as an error, no request leaves the machine, and the page does
not scroll sideways at a laptop's width. The report comes from the recorded fixtures (no stack).

BENCH_SCREENSHOTS_DIR=dir keeps a PNG of each page's first screen there, for a person to look at.
"""
import json
import os
import re
import shutil
import struct
from pathlib import Path
from types import SimpleNamespace

import pytest
from test_resilience_report import fault_document, hostile_document, ramp_document, write

from bench import runner as run
from bench.cli import main as bench
from bench.report import browser
from bench.scenarios import SCENARIOS

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SCREENSHOTS = os.environ.get("BENCH_SCREENSHOTS_DIR")


def add_third_architecture(out: Path):
    """The recorded REST runs once more as "REST (batched)": the default run compares three
    architectures, whose tables are the widest the report has."""
    shutil.copytree(out / "runs/rest", out / "runs/rest-batched")
    metadata = json.loads((out / "metadata.json").read_text())
    metadata["architectures"].insert(1, {"id": "rest-batched", "label": "REST (batched, stand-in)", "kind": "rest",
                                         "dashboard_mode": "batched", "scenario_file": "rest.yml"})
    metadata["runs"] += [dict(run, architecture="rest-batched", file=run["file"].replace("runs/rest/", "runs/rest-batched/"),
                              request_log=run["request_log"].replace("runs/rest/", "runs/rest-batched/"))
                         for run in metadata["runs"] if run["architecture"] == "rest"]
    (out / "metadata.json").write_text(json.dumps(metadata))


@pytest.fixture(scope="module")
def report_dir(tmp_path_factory):
    """The recorded quick run with three architectures plus a failure section (faults, hostile
    input, ramps), so that every kind of chart and the widest tables are on the page."""
    out = tmp_path_factory.mktemp("browser") / "quick"
    shutil.copytree(FIXTURES / "quick", out)
    add_third_architecture(out)
    for arch, failure, failed, latency in (("rest", ("error", 502), 0, 1500), ("graphql", ("error", 200), 2, 20)):
        write(out, "faults", arch, fault_document(arch, failure))
        write(out, "hostile", arch, hostile_document(arch, failed))
        write(out, "ramp", arch, ramp_document(arch, latency))
    write(out, "ramp", "generator", ramp_document("generator", 20))
    assert bench(["report", str(out)]) == 0
    return out


def chart_ids(html_path: Path) -> list:
    data = re.search(r'<script type="application/json" id="chart-data">(.*?)</script>', html_path.read_text(), re.S)
    return [chart["id"] for chart in json.loads(data.group(1))]


def screenshot_path(name: str, tmp_path: Path) -> Path:
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        return Path(SCREENSHOTS) / name
    return tmp_path / name


def png_size(path: Path) -> tuple:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", header[16:24])


def assert_readable_in_a_browser(page: dict, expected_charts: list):
    assert page["status"] in (200, None) and page["consoleErrors"] == [], page["consoleErrors"]
    assert page["blocked"] == [] and page["failed"] == [], (page["blocked"], page["failed"])
    assert all(url.startswith(("file:", "data:", "blob:")) for url in page["requests"]), page["requests"]
    assert page["duplicateIds"] == []
    drawn = {chart["id"]: chart["drawn"] for chart in page["charts"]}
    assert sorted(drawn) == sorted(expected_charts), "every chart config has exactly one canvas"
    assert all(drawn.values()), [chart for chart in page["charts"] if not chart["drawn"]]
    layout = page["layout"]
    assert layout["viewportWidth"] == browser.LAPTOP[0]
    assert not layout["horizontalOverflow"], f"wider than the window: {layout['tooWide']}"


def test_report_draws_every_chart_at_laptop_width(report_dir, tmp_path):
    shot = screenshot_path("report.png", tmp_path)
    page = browser.inspect_page(browser.file_url(report_dir / "report.html"), screenshot=shot)

    assert_readable_in_a_browser(page, chart_ids(report_dir / "report.html"))
    assert {"bytes", "ramp", "fault-success-rest"} <= {chart["id"] for chart in page["charts"]}
    assert png_size(shot) == browser.LAPTOP


def test_the_reports_first_screen_holds_the_answer(report_dir, tmp_path):
    """At 1366x768, without scrolling: the trust line, both pairs' verdicts at every load level
    (Overall and each scenario), and the decision-guide lines they support or contradict."""
    page = browser.inspect_page(browser.file_url(report_dir / "report.html"), wait_ms=200)
    trust, table, guide = page["firstScreen"]

    assert all(element["within"] for element in page["firstScreen"]), [e["bottom"] for e in page["firstScreen"]]
    assert trust["text"].startswith("Trust: no A/A pair in this run")
    rows = [row.split("\t") for row in table["text"].splitlines()]
    assert rows[0] == ["REST form against GraphQL Federation", "p95 of", "20 req/s", "50 req/s"]
    assert [row[0] for row in rows[1:] if len(row) == 4] == ["REST (batched, stand-in)", "REST (nginx stand-in)"]
    assert sum(row[-3] in ("Overall", *SCENARIOS) for row in rows[1:]) == 10  # both pairs, every column
    assert "The guide's \"REST when APIs are simple and predictable\": supported with" in guide["text"]


def test_an_artillery_run_page_draws_its_charts(report_dir, tmp_path):
    run_page = report_dir / "runs/graphql/rps50.rep2.html"
    page = browser.inspect_page(browser.file_url(run_page), screenshot=screenshot_path("run-page.png", tmp_path))

    assert_readable_in_a_browser(page, chart_ids(run_page))
    assert {chart["id"] for chart in page["charts"]} == {"rate", "p95", "failed", "late"}


def test_the_checks_catch_a_broken_page(tmp_path):
    # An empty chart, an id used twice, a console error, a script from another host, a too-wide
    # table and a must-see paragraph below the fold: each must show in the inspection, or the
    # tests above could not fail.
    page_file = tmp_path / "broken.html"
    page_file.write_text("""<!doctype html><html><body>
<canvas id="empty" width="200" height="100"></canvas><p id="empty">same id</p>
<table style="width: 3000px"><tr><td>wide</td></tr></table>
<script src="http://outside.invalid/chart.js"></script>
<script>console.error("broken on purpose");</script>
<p data-first-screen style="margin-top: 2000px">below the fold</p>
</body></html>""")
    page = browser.inspect_page(browser.file_url(page_file), wait_ms=100)

    assert page["charts"] == [{"kind": "canvas", "id": "empty", "width": 200, "height": 100,
                               "paintedPixels": 0, "drawn": False}]
    assert "broken on purpose" in page["consoleErrors"] and page["duplicateIds"] == ["empty"]
    assert page["blocked"] == ["http://outside.invalid/chart.js"]
    assert page["layout"]["horizontalOverflow"] and page["layout"]["tooWide"][0]["tag"] == "table"
    assert page["firstScreen"] == [{"text": "below the fold", "bottom": page["firstScreen"][0]["bottom"], "within": False}]


def test_each_run_saves_the_report_first_screen_beside_it(report_dir):
    warnings = []
    shot = browser.save_report_screenshot(report_dir, warnings.append)

    assert shot == report_dir / "report-first-screen.png" and warnings == []
    assert png_size(shot) == browser.LAPTOP


def test_a_missing_chromium_is_a_warning_not_a_failed_run(report_dir, monkeypatch, tmp_path):
    monkeypatch.setenv("CHROMIUM", str(tmp_path / "no-chromium"))
    (report_dir / "report-first-screen.png").unlink(missing_ok=True)
    messages = []
    monkeypatch.setattr(run, "log", messages.append)

    status = run.write_report(SimpleNamespace(dir=report_dir, metadata={"runs": [{}]}), completed=True)

    assert status == 0 and (report_dir / "report.html").is_file()
    assert not (report_dir / "report-first-screen.png").exists()
    assert messages == [f"Report: {report_dir / 'report.html'}",
                        f"WARNING: no screenshot of the report: no Chromium at {tmp_path / 'no-chromium'} "
                        "(Debian package chromium; scripts/lib/toolchain.sh installs it; CHROMIUM=path overrides)"]


def test_an_unreadable_page_is_a_browser_error(tmp_path):
    with pytest.raises(browser.BrowserError, match="page-check.mjs exited"):
        browser.inspect_page(browser.file_url(tmp_path / "missing.html"), wait_ms=0)


def test_a_relative_screenshot_path_is_the_callers_not_the_scripts(report_dir, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    browser.inspect_page(browser.file_url(report_dir / "report.html"), screenshot=Path("first.png"), wait_ms=0)

    assert png_size(tmp_path / "first.png") == browser.LAPTOP
    assert not (browser.REPORT_DIR / "first.png").exists()
