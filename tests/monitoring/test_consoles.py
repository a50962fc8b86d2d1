"""The live view (monitoring/consoles) is generated from the Grafana dashboards, so the two
cannot drift: every panel of every dashboard has its console graph with the same queries,
legends, unit and order, a panel added to a dashboard appears without further edits, and bad
dashboards are refused with a clear message. No servers: tests/system/test_dashboards.py
opens the pages in Chromium against the real Prometheus."""
import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GENERATOR = ROOT / "monitoring/consoles/generate.py"
DASHBOARDS = sorted((ROOT / "monitoring/grafana/dashboards").glob("*.json"))
SPEC = importlib.util.spec_from_file_location("generate_consoles", GENERATOR)
generate = importlib.util.module_from_spec(SPEC)
SPEC.loader.exec_module(generate)

# The only template actions a generated page may contain: the library's templates, the path
# prefix and the header comment. Anything else would be dashboard text run as a template.
ALLOWED_ACTIONS = re.compile(r'\{\{(/\*.*?\*/| template "bench_\w+"( `[^`]*`)? | pathPrefix )\}\}', re.S)


def embedded(page: Path) -> dict:
    text = page.read_text()
    data = re.search(r'<script type="application/json" id="bench-dashboard">(.*?)</script>', text, re.S)
    return json.loads(data.group(1))


def grafana_panels(dashboard: dict):
    for panel in dashboard["panels"]:
        if panel.get("type") == "row":
            yield from grafana_panels(panel)
        else:
            yield panel


@pytest.fixture(scope="module")
def pages(tmp_path_factory):
    out = tmp_path_factory.mktemp("consoles")
    done = subprocess.run([sys.executable, str(GENERATOR), str(out)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return out


def test_one_page_per_dashboard_and_an_index(pages):
    assert sorted(p.name for p in pages.iterdir()) == sorted([d.stem + ".html" for d in DASHBOARDS] + ["index.html"])
    index = (pages / "index.html").read_text()
    for path in DASHBOARDS:
        assert f'href="{path.stem}.html"' in index


@pytest.mark.parametrize("path", DASHBOARDS, ids=lambda p: p.stem)
def test_every_grafana_panel_has_its_console_graph(pages, path):
    dashboard = json.loads(path.read_text())
    console = embedded(pages / f"{path.stem}.html")
    assert console["title"] == dashboard["title"] and console["uid"] == dashboard["uid"]
    expected = sorted(grafana_panels(dashboard), key=lambda p: (p["gridPos"]["y"], p["gridPos"]["x"]))
    assert [p["id"] for p in console["panels"]] == [p["id"] for p in expected]
    for panel, graph in zip(expected, console["panels"]):
        assert graph["title"] == panel["title"] and graph["description"] == panel["description"]
        assert graph["unit"] == panel["fieldConfig"]["defaults"]["unit"]
        assert graph["width"] == panel["gridPos"]["w"]
        assert [q["expr"] for q in graph["queries"]] == [t["expr"] for t in panel["targets"]]
        assert [q["legend"] for q in graph["queries"]] == \
            [re.sub(r"\{\{(\w+)\}\}", r"[[\1]]", t["legendFormat"]) for t in panel["targets"]]
        stacking = panel["fieldConfig"]["defaults"]["custom"]["stacking"]["mode"]
        assert graph["stacked"] is (stacking != "none")


@pytest.mark.parametrize("name", [d.stem + ".html" for d in DASHBOARDS] + ["index.html"])
def test_pages_run_no_dashboard_text_as_a_template(pages, name):
    actions = re.findall(r"\{\{.*?\}\}", (pages / name).read_text(), re.S)
    assert actions and all(ALLOWED_ACTIONS.fullmatch(action) for action in actions), actions


def embedded_text(page: Path) -> str:
    return re.search(r'id="bench-dashboard">(.*?)</script>', page.read_text(), re.S).group(1)


def write_dashboard(tmp_path, dashboard, name="extra.json"):
    path = tmp_path / name
    path.write_text(json.dumps(dashboard))
    return path


def test_a_panel_added_to_a_dashboard_appears_without_further_edits(tmp_path):
    dashboard = json.loads((ROOT / "monitoring/grafana/dashboards/resource-utilization.json").read_text())
    dashboard["panels"].append({
        "id": 99, "type": "timeseries", "title": "Liberty thread pool: active threads {{not a template}}",
        "description": "Added later </script> with \"quotes\" and {{braces}}",
        "gridPos": {"h": 9, "w": 24, "x": 0, "y": 90},
        "fieldConfig": {"defaults": {"unit": "a-unit-nobody-mapped", "custom": {}}},
        "targets": [{"refId": "A", "expr": 'sum by (arch) (liberty_threads{x=~"a{{2}}"})',
                     "legendFormat": "{{arch}} {{ component }} active"}],
    })
    out = tmp_path / "out"
    generate.generate(out, [write_dashboard(tmp_path, dashboard)])

    page = out / "extra.html"
    last = embedded(page)["panels"][-1]
    assert last["id"] == 99 and last["width"] == 24 and last["unit"] == "a-unit-nobody-mapped"
    assert last["queries"] == [{"ref": "A", "expr": 'sum by (arch) (liberty_threads{x=~"a{{2}}"})',
                                "legend": "[[arch]] [[component]] active"}]
    actions = re.findall(r"\{\{.*?\}\}", page.read_text(), re.S)
    assert all(ALLOWED_ACTIONS.fullmatch(action) for action in actions), actions
    assert "<" not in embedded_text(page)  # nothing in the data can end its <script> element


def test_panels_inside_rows_are_drawn_and_rows_are_not(tmp_path):
    panel = {"id": 2, "type": "timeseries", "title": "inside", "gridPos": {"x": 0, "y": 1, "w": 12},
             "targets": [{"refId": "A", "expr": "up"}]}
    row = {"id": 1, "type": "row", "title": "a row", "collapsed": True, "gridPos": {"x": 0, "y": 0}, "panels": [panel]}
    generate.generate(tmp_path / "out", [write_dashboard(tmp_path, {"title": "Rows", "panels": [row]})])
    panels = embedded(tmp_path / "out/extra.html")["panels"]
    assert [(p["id"], p["queries"][0]["legend"]) for p in panels] == [(2, None)]


@pytest.mark.parametrize("dashboard,message", [
    ({"title": "T", "panels": [{"id": 1, "title": "no query", "targets": []}]},
     "panel 'no query' has no Prometheus query to draw"),
    ({"title": "T", "panels": [{"id": 1, "title": "empty", "targets": [{"refId": "A", "expr": " "}]}]},
     "panel 'empty' target A has no PromQL expr"),
    ({"title": "T", "panels": []}, "the dashboard has no panels"),
    ({"panels": []}, "not a Grafana dashboard"),
])
def test_dashboards_that_cannot_be_drawn_are_refused(tmp_path, dashboard, message):
    with pytest.raises(generate.DashboardError, match=re.escape(message)):
        generate.generate(tmp_path / "out", [write_dashboard(tmp_path, dashboard)])


def test_the_command_names_the_bad_file(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text("{ not json")
    done = subprocess.run([sys.executable, str(GENERATOR), str(tmp_path / "out"), str(broken)],
                          capture_output=True, text=True)
    assert done.returncode == 2 and "broken.json: cannot read the dashboard" in done.stderr


def test_the_library_loads_only_what_prometheus_serves_itself():
    library = (ROOT / "monitoring/consoles/bench.lib").read_text()
    sources = re.findall(r'(?:src|href)="([^"]+)"', library)
    assert sources and all(s.startswith("{{ pathPrefix }}/classic/static/") for s in sources), sources
    for source in sources:
        # Debian's prometheus package serves /classic/static from here.
        assert (Path("/usr/share/prometheus/web/static") / source.split("/classic/static/")[1]).exists(), source


def test_start_monitoring_generates_the_pages_and_serves_them():
    script = (ROOT / "scripts/start-monitoring.sh").read_text().replace("\\\n", " ")
    generate_at = script.index('monitoring/consoles/generate.py" "$MON_DIR/consoles"')
    prometheus = next(line for line in script.splitlines() if line.startswith("launch prometheus"))
    assert generate_at < script.index("launch prometheus")
    assert '--web.console.templates="$MON_DIR/consoles"' in prometheus
    assert '--web.console.libraries="$ROOT/monitoring/consoles"' in prometheus
