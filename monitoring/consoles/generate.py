"""Generates the live view: one Prometheus console page per Grafana dashboard.

    python3 monitoring/consoles/generate.py OUT_DIR [DASHBOARD.json ...]

Reads the dashboards (default: every monitoring/grafana/dashboards/*.json) and writes
OUT_DIR/<dashboard file name>.html plus OUT_DIR/index.html. Every panel becomes one graph with
the panel's own queries, legends, unit, minimum, stacking, width and order, and a table of its
current values; nothing is written by hand per panel, so a panel added to a dashboard appears
in the live view at the next start of the monitoring (scripts/start-monitoring.sh runs this).
A panel without a Prometheus query is an error rather than a silently missing graph.

The pages are Prometheus console templates drawn by monitoring/consoles/bench.lib (Rickshaw
graphs, served by Debian's Prometheus itself): they load nothing from the network.
Standard library only, so it runs before the project's virtual environment exists.
"""
import argparse
import html
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DASHBOARDS_DIR = ROOT / "monitoring/grafana/dashboards"
INDEX = "index.html"
GRID_COLUMNS = 24  # Grafana's grid width
# Grafana's "{{label}}" legend placeholders; the pages use "[[label]]" (prom_console.js style),
# which also keeps "{{" out of the Go template text.
LEGEND_LABEL = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")


class DashboardError(Exception):
    """A dashboard that cannot be shown as a console page."""


def legend(legend_format) -> str | None:
    """Grafana legendFormat -> the page's series name pattern; None lets the page pick one."""
    if not legend_format or legend_format == "__auto":
        return None
    return LEGEND_LABEL.sub(r"[[\1]]", legend_format)


def panel_spec(panel: dict, source: str) -> dict:
    """What the page needs to draw one Grafana panel."""
    title = panel.get("title") or f"panel {panel.get('id')}"
    targets = [target for target in panel.get("targets", []) if not target.get("hide")]
    queries = []
    for target in targets:
        expr = (target.get("expr") or "").strip()
        if not expr:
            raise DashboardError(f"{source}: panel '{title}' target {target.get('refId')} has no PromQL expr")
        queries.append({"ref": target.get("refId", ""), "expr": expr, "legend": legend(target.get("legendFormat"))})
    if not queries:
        raise DashboardError(f"{source}: panel '{title}' has no Prometheus query to draw")
    defaults = panel.get("fieldConfig", {}).get("defaults", {})
    stacking = defaults.get("custom", {}).get("stacking", {}).get("mode", "none")
    grid = panel.get("gridPos", {})
    return {
        "id": panel.get("id"),
        "title": title,
        "description": panel.get("description", ""),
        "unit": defaults.get("unit", "short"),
        "min": defaults.get("min"),
        "max": defaults.get("max"),
        "stacked": stacking in ("normal", "percent"),
        "width": min(GRID_COLUMNS, max(1, int(grid.get("w", GRID_COLUMNS)))),
        "position": (int(grid.get("y", 0)), int(grid.get("x", 0))),
        "queries": queries,
    }


def _panels(panels: list):
    """Panels in dashboard order, the ones inside collapsed rows included; rows themselves are
    only headings in Grafana and are skipped."""
    for panel in panels:
        if panel.get("type") == "row":
            yield from _panels(panel.get("panels", []))
        else:
            yield panel


def dashboard_spec(path: Path) -> dict:
    try:
        dashboard = json.loads(Path(path).read_text())
    except (OSError, json.JSONDecodeError) as error:
        raise DashboardError(f"{path}: cannot read the dashboard ({error})") from None
    source = _relative(path)
    if not isinstance(dashboard, dict) or not dashboard.get("title") or not isinstance(dashboard.get("panels"), list):
        raise DashboardError(f"{source}: not a Grafana dashboard (needs a title and a panels list)")
    panels = sorted((panel_spec(panel, source) for panel in _panels(dashboard["panels"])),
                    key=lambda spec: spec["position"])
    if not panels:
        raise DashboardError(f"{source}: the dashboard has no panels")
    for spec in panels:
        del spec["position"]
    return {"uid": dashboard.get("uid"), "title": dashboard["title"], "description": dashboard.get("description", ""),
            "source": source, "page": Path(path).stem + ".html", "panels": panels}


def _relative(path: Path) -> str:
    try:
        return str(Path(path).resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


def _template_safe_json(data) -> str:
    """JSON to place inside the page's <script>: "{{" would start a Go template action and "<"
    could end the script element; both only occur inside JSON strings, where the escapes decode
    back to the same text."""
    return json.dumps(data, indent=1).replace("{{", "{\\u007b").replace("<", "\\u003c")


def _text(text: str) -> str:
    """Plain text for the template: HTML-escaped, and "{{" kept from starting a template action."""
    return html.escape(text).replace("{{", "{&#123;")


def _go_string(text: str) -> str:
    """A Go template raw string literal (html/template escapes it where it is printed)."""
    return "`" + text.replace("`", "'") + "`"


def _nav(pages: list, current: str) -> str:
    links = [f'<a class="nav-link{" active" if page == current else ""}" href="{_text(page)}">{_text(title)}</a>'
             for page, title in [(INDEX, "Live view"), *pages]]
    links.append('<a class="nav-link" href="{{ pathPrefix }}/graph">Prometheus: query</a>')
    links.append('<a class="nav-link" href="{{ pathPrefix }}/targets">Prometheus: targets</a>')
    return '<nav class="navbar navbar-expand navbar-dark bg-dark bench-nav">' + "".join(links) + "</nav>"


def render_page(spec: dict, pages: list) -> str:
    title = _text(spec["title"])
    return f"""{{{{/* Generated by monitoring/consoles/generate.py from {spec['source']}: edit the dashboard, not this file. */}}}}
{{{{ template "bench_head" {_go_string(spec["title"])} }}}}
{_nav(pages, spec['page'])}
<main class="container-fluid">
<h1>{title}</h1>
<p class="bench-note">{_text(spec['description'])}</p>
<p class="bench-note">The panels and queries of the Grafana dashboard <code>{_text(spec['source'])}</code>,
drawn from this run's Prometheus. Artillery pushes its figures every 10 s, Prometheus scrapes every 5 s.</p>
{{{{ template "bench_controls" }}}}
<div class="row" id="bench-panels"></div>
</main>
<script type="application/json" id="bench-dashboard">{_template_safe_json(spec)}</script>
{{{{ template "bench_tail" }}}}
"""


def render_index(specs: list, pages: list) -> str:
    items = "\n".join(
        f'<li><a href="{_text(spec["page"])}">{_text(spec["title"])}</a>: '
        f'{len(spec["panels"])} panels. {_text(spec["description"])}</li>' for spec in specs)
    return f"""{{{{/* Generated by monitoring/consoles/generate.py: the list of dashboards. */}}}}
{{{{ template "bench_head" `Live view` }}}}
{_nav(pages, INDEX)}
<main class="container-fluid">
<h1>Live view of the benchmark</h1>
<p>The Grafana dashboards of <code>monitoring/grafana/dashboards/</code>, as pages of this run's own Prometheus
(no Grafana needed; where Grafana runs, as in docker compose, its dashboards are the primary view):</p>
<ul class="bench-index">
{items}
</ul>
<p class="bench-note">Each page refreshes itself every 10 s. The queries and what they measure: docs/monitoring.md.</p>
</main>
{{{{ template "bench_end" }}}}
"""


def generate(out_dir: Path, paths: list) -> list:
    """Writes the pages; returns the paths written."""
    specs = [dashboard_spec(path) for path in paths]
    if not specs:
        raise DashboardError("no dashboards given")
    names = [spec["page"] for spec in specs]
    if len(set(names)) != len(names) or INDEX in names:
        raise DashboardError(f"dashboard file names must be unique and not index: {names}")
    pages = [(spec["page"], spec["title"]) for spec in specs]
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for spec in specs:
        written.append(out_dir / spec["page"])
        written[-1].write_text(render_page(spec, pages))
    written.append(out_dir / INDEX)
    written[-1].write_text(render_index(specs, pages))
    return written


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="monitoring/consoles/generate.py", description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path, help="directory for the console pages (--web.console.templates)")
    parser.add_argument("dashboards", type=Path, nargs="*", help="Grafana dashboard JSON files "
                                                                 "(default: monitoring/grafana/dashboards/*.json)")
    args = parser.parse_args(argv)
    paths = args.dashboards or sorted(DASHBOARDS_DIR.glob("*.json"))
    try:
        written = generate(args.out_dir, paths)
    except DashboardError as error:
        print(f"generate.py: {error}", file=sys.stderr)
        return 2
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
