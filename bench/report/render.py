"""Write report.html, report.md, results.json and one HTML page per Artillery run.

HTML pages are self-contained: Chart.js (bench/report/package.json) is inlined, chart data is embedded
as JSON, nothing is fetched when the page opens.
"""

import json
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from bench.harness.warmup import CRITERION
from bench.report import charts
from bench.report.aggregate import disturbed, request_log_path
from bench.report.capacity import AT_REST_SHARE, SATURATED_SHARE
from bench.report.predictions import PREDICTED_COLUMNS
from bench.report.verdict import DISTURBED, ERRORS, INCONCLUSIVE, LATENCY, NO_DATA, RULE_TEXT, TIE
from bench.report.view_model import COLUMNS, GENERATOR_RULE, SYSTEM, Report, results_json
from bench.results.errors import InputError
from bench.results.measure import ERROR_KINDS, describe
from bench.scenarios import SCENARIOS, TITLES

TEMPLATES = Path(__file__).parent / "templates"
CHART_JS = Path(__file__).parent / "node_modules" / "chart.js" / "dist" / "chart.umd.min.js"


def chart_js_source() -> str:
    try:
        source = CHART_JS.read_text()
    except FileNotFoundError:
        raise InputError(f"{CHART_JS}: Chart.js is not installed; run `npm ci --prefix bench/report`") from None
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


def _spread(spread: dict | None, digits=1, unit="") -> str:
    """A figure measured several times: "median (min–max)", or the value alone when measured once."""
    if not spread:
        return "—"
    median, low, high = (_num(spread[key], digits) + unit for key in ("median", "min", "max"))
    return median if spread.get("n", 0) <= 1 else f"{median} ({low}–{high})"


def _signed_ms(value) -> str:
    return ("−" if value < 0 else "+") + _ms(abs(value))


def _signed_points(share) -> str:
    return ("−" if share < 0 else "+") + f"{abs(share) * 100:.1f}"


def winner_name(verdict, comparison) -> str:
    return comparison.names.get(verdict.winner, verdict.winner)


def verdict_text(verdict, comparison) -> str:
    """One verdict with its evidence: the difference (second minus first), its 95 % interval
    and the tie band, e.g. "GraphQL by 35 % (Δ −40 ms, CI −52…−31, band ±8)"."""
    if verdict is None or verdict.winner == NO_DATA:
        return "—"
    if verdict.decided_by == DISTURBED:
        return "inconclusive: disturbed by work outside the run ⚠"
    if verdict.winner == INCONCLUSIVE and verdict.decided_by != LATENCY:
        return "inconclusive (both > 1 % errors)"
    flag = " ⚠" if verdict.flagged else ""
    if verdict.decided_by == ERRORS:
        low, high = verdict.error_interval
        return (f"{winner_name(verdict, comparison)} (errors: Δ {_signed_points(verdict.error_difference)} pp, "
                f"CI {_signed_points(low)}…{_signed_points(high)}){flag}")
    evidence = (f"Δ {_signed_ms(verdict.difference_ms)} ms, "
                + (f"CI {_signed_ms(verdict.interval_ms[0])}…{_signed_ms(verdict.interval_ms[1])}, "
                   if verdict.interval_ms else "no interval, ")
                + f"band ±{_ms(verdict.band_ms)}")
    if verdict.winner == TIE:
        return f"tie ({evidence}){flag}"
    if verdict.winner == INCONCLUSIVE:
        return f"inconclusive: a stack was not steady ({evidence}){flag}"
    return f"{winner_name(verdict, comparison)} by {_pct(verdict.faster_by, 0)} ({evidence}){flag}"


def verdict_short(verdict, comparison) -> str:
    """A verdict in a few words, for the answer on the first screen: "REST by 23 %", "tie",
    "GraphQL (errors)"; ⚠ when flagged. The evidence is in the Winners section."""
    if verdict is None or verdict.winner == NO_DATA:
        return "—"
    flag = " ⚠" if verdict.flagged else ""
    if verdict.decided_by == DISTURBED:
        return "inconclusive (disturbed) ⚠"
    if verdict.winner == INCONCLUSIVE:
        reason = "not steady" if verdict.decided_by == LATENCY else "both > 1 % errors"
        return f"inconclusive ({reason}){flag}"
    if verdict.winner == TIE:
        return "tie" + flag
    if verdict.decided_by == ERRORS:
        return f"{winner_name(verdict, comparison)} (errors){flag}"
    return f"{winner_name(verdict, comparison)} by {_pct(verdict.faster_by, 0)}{flag}"


def outside_text(record) -> str:
    """A run's quiet-machine check in a table cell: the share of each of its cores that work
    outside the run took, and what the run's idle stacks took beside a trial; "⚠" when either
    disturbed it."""
    quiet, idle = record.quiet, record.idle_stacks_share
    if not quiet and idle is None:
        return "—"
    shares = ", ".join(f"CPU {core} {_pct(share)}" for core, share in (quiet or {}).get("outside_cpu", {}).items())
    if idle is not None:
        shares += ("; " if shares else "") + f"idle stacks {_pct(idle)}"
    return ("⚠ " if disturbed(record) else "") + shares


def run_number(record) -> str:
    """Which start (and, for a trial, which round) a run was: "2", or "2.1" for block 2 trial 1."""
    return f"{record.repeat}.{record.trial}" if record.idle_stacks is not None else str(record.repeat)


def verdict_css(verdict, comparison) -> str:
    if verdict is None or verdict.winner in (NO_DATA, INCONCLUSIVE):
        return ""
    if verdict.winner == TIE:
        return "tie"
    return {"REST": "win-rest", "GraphQL": "win-graphql"}.get(winner_name(verdict, comparison), "bad")


def _environment(markdown: bool) -> Environment:
    environment = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=not markdown,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters.update(ms=_ms, pct=_pct, num=_num, mb=_mb, spread=_spread)
    environment.globals.update(
        SCENARIOS=SCENARIOS, COLUMNS=COLUMNS, TITLES=TITLES, ERROR_KINDS=ERROR_KINDS,
        PREDICTED_COLUMNS=PREDICTED_COLUMNS, RULE_TEXT=RULE_TEXT, GENERATOR_RULE=GENERATOR_RULE,
        WARMUP_CRITERION=CRITERION, SYSTEM=SYSTEM, SATURATED_SHARE=SATURATED_SHARE, AT_REST_SHARE=AT_REST_SHARE, verdict_text=verdict_text, verdict_css=verdict_css,
        outside_text=outside_text, run_number=run_number, is_disturbed=disturbed, verdict_short=verdict_short, ANSWER_COLUMNS=(COLUMNS[-1], *COLUMNS[:-1]),
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
        "pairs": [c for c in report.comparisons if c.kind != "aa"],
        "aa_checks": [c for c in report.comparisons if c.kind == "aa"],
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
        phase = report.metadata.phase(run.record.phase)
        path.write_text(html.get_template("run.html.j2").render(
            run=run,
            phase=phase,
            arch_label={a.id: a.label for a in report.metadata.architectures}[run.record.architecture],
            report_link="../" * depth + "report.html",
            chart_js=chart_js,
            chart_data=embed_json(charts.run_charts(run, phase.target_rps)),
            scenario_stats={name: describe([(run.table.of((name,)), run.load)]) for name in SCENARIOS},
            request_log=request_log_path(Path("."), run.record),
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
