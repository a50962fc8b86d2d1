"""Write report.html, report.md, results.json and one HTML page per Artillery run.

HTML pages are self-contained: Chart.js (bench/package.json) is inlined, chart data is embedded
as JSON, nothing is fetched when the page opens.
"""

import json
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from bench import charts
from bench.errors import InputError
from bench.guide import PREDICTED_COLUMNS
from bench.measure import ERROR_KINDS
from bench.model import COLUMNS, Report, results_json
from bench.scenarios import SCENARIOS, TITLES
from bench.verdict import RULE_TEXT

TEMPLATES = Path(__file__).parent / "templates"
CHART_JS = Path(__file__).parent / "node_modules" / "chart.js" / "dist" / "chart.umd.min.js"


def chart_js_source() -> str:
    try:
        source = CHART_JS.read_text()
    except FileNotFoundError:
        raise InputError(f"{CHART_JS}: Chart.js is not installed; run `npm ci --prefix bench`") from None
    return source.replace("</script", "<\\/script")


def embed_json(data) -> str:
    """JSON safe to place inside a <script> element."""
    return json.dumps(data).replace("</", "<\\/")


def _ms(value) -> str:
    if value is None:
        return "—"
    return f"{value:.0f}" if value >= 100 else f"{value:.1f}".rstrip("0").rstrip(".")


def _pct(value, digits=1) -> str:
    return "—" if value is None else f"{value * 100:.{digits}f} %"


def _num(value, digits=0) -> str:
    return "—" if value is None else f"{value:,.{digits}f}"


def _mb(value, digits=1) -> str:
    return _num(None if value is None else value / 1e6, digits)


def _environment(markdown: bool) -> Environment:
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=not markdown,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters.update(ms=_ms, pct=_pct, num=_num, mb=_mb)
    environment.globals.update(
        SCENARIOS=SCENARIOS, COLUMNS=COLUMNS, TITLES=TITLES, ERROR_KINDS=ERROR_KINDS,
        PREDICTED_COLUMNS=PREDICTED_COLUMNS, RULE_TEXT=RULE_TEXT,
    )
    return environment


def _context(report: Report) -> dict:
    metadata = report.metadata
    return {
        "report": report,
        "meta": metadata.raw,
        "phases": metadata.measured_phases,
        "all_phases": {phase.name: phase for phase in metadata.phases},
        "architectures": metadata.architectures,
        "arch_labels": {arch.id: arch.label for arch in metadata.architectures},
    }


def write_report(report: Report) -> list:
    """Write every output into the results directory; return the paths written."""
    out = report.results_dir
    written = []
    html = _environment(markdown=False)
    chart_js = chart_js_source()

    for run in report.runs:
        page = report.run_page(run)
        if page is None:
            continue
        path = out / page
        depth = len(Path(page).parent.parts)
        path.write_text(html.get_template("run.html.j2").render(
            run=run,
            phase=report.metadata.phase(run.record.phase),
            arch_label={a.id: a.label for a in report.metadata.architectures}[run.record.architecture],
            report_link="../" * depth + "report.html",
            chart_js=chart_js,
            chart_data=embed_json(charts.run_charts(run)),
        ))
        written.append(path)

    context = _context(report)
    targets = {
        out / "report.html": html.get_template("report.html.j2").render(
            **context, chart_js=chart_js,
            chart_data=embed_json(charts.report_charts(report)
                                  + charts.resilience_charts(report.resilience, context["arch_labels"]))
        ),
        out / "report.md": _environment(markdown=True).get_template("report.md.j2").render(**context),
        out / "results.json": json.dumps(results_json(report), indent=2) + "\n",
    }
    for path, text in targets.items():
        path.write_text(text)
        written.append(path)
    return written
