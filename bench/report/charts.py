"""Chart.js configurations (plain data) for the report and the run pages.

The pages only do `new Chart(canvas, config)` for each entry, so all chart content is decided
here and can be tested without a browser.
"""

import statistics

import numpy as np

from bench.harness.warmup import WINDOW_S
from bench.report.view_model import COLUMNS, SYSTEM
from bench.results.measure import send_lateness_ms
from bench.results.stats import quantile
from bench.scenarios import SCENARIOS

# Colour per architecture (in metadata order) and per scenario; lighter shades for p50/p99.
ARCH_COLOURS = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd")
SCENARIO_COLOURS = {"API-1": "#1f77b4", "API-2": "#ff7f0e", "API-3": "#2ca02c", "API-4": "#d62728"}
PERCENTILE_ALPHA = {"p50": "66", "p95": "ff", "p99": "aa"}


def _bar(labels, datasets, y_title, stacked=False) -> dict:
    return {
        "type": "bar",
        "data": {"labels": labels, "datasets": datasets},
        "options": {
            "animation": False,
            "responsive": True,
            "scales": {"x": {"stacked": stacked}, "y": {"beginAtZero": True, "stacked": stacked,
                                                         "title": {"display": True, "text": y_title}}},
        },
    }


def _line(labels, datasets, y_title) -> dict:
    config = _bar(labels, datasets, y_title)
    config["type"] = "line"
    return config


def _level_label(phase) -> str:
    return f"{phase.target_rps:g} req/s"


def _latency_chart(report, column) -> dict:
    phases = report.metadata.measured_phases
    datasets = []
    for index, arch in enumerate(report.metadata.architectures):
        colour = ARCH_COLOURS[index % len(ARCH_COLOURS)]
        for percentile, alpha in PERCENTILE_ALPHA.items():
            values = [getattr(report.cells.get((arch.id, p.name, column)), percentile, None) for p in phases]
            datasets.append({"label": f"{arch.label} {percentile}", "data": values, "backgroundColor": colour + alpha})
    return _bar([_level_label(p) for p in phases], datasets, "latency (ms)")


def _error_chart(report, column) -> dict:
    phases = report.metadata.measured_phases
    datasets = []
    for index, arch in enumerate(report.metadata.architectures):
        rates = [getattr(report.cells.get((arch.id, p.name, column)), "error_rate", None) for p in phases]
        datasets.append({
            "label": arch.label,
            "data": [None if r is None else round(r * 100, 3) for r in rates],
            "backgroundColor": ARCH_COLOURS[index % len(ARCH_COLOURS)],
        })
    return _bar([_level_label(p) for p in phases], datasets, "error rate (%)")


def _bytes_chart(report) -> dict:
    datasets = []
    for index, arch in enumerate(report.metadata.architectures):
        values = []
        for scenario in SCENARIOS:
            sizes = [
                report.cells[key].bytes_per_success
                for key in ((arch.id, p.name, scenario) for p in report.metadata.measured_phases)
                if key in report.cells and report.cells[key].bytes_per_success is not None
            ]
            values.append(statistics.median(sizes) if sizes else None)
        datasets.append({"label": arch.label, "data": values, "backgroundColor": ARCH_COLOURS[index % len(ARCH_COLOURS)]})
    return _bar(list(SCENARIOS), datasets, "response body per successful response (bytes)")


def _resource_chart(report, phase, field, scale, title) -> dict:
    components = []
    for arch in report.metadata.architectures:
        for name in report.resources.get((arch.id, phase.name), {}):
            if name not in components and name != SYSTEM:
                components.append(name)
    datasets = []
    for index, arch in enumerate(report.metadata.architectures):
        usage = report.resources.get((arch.id, phase.name), {})
        values = [
            None if name not in usage or getattr(usage[name], field) is None else getattr(usage[name], field) / scale
            for name in components
        ]
        datasets.append({"label": arch.label, "data": values, "backgroundColor": ARCH_COLOURS[index % len(ARCH_COLOURS)]})
    return _bar(components, datasets, title)


def report_charts(report) -> list:
    """[{"id": canvas id, "config": Chart.js config}] for report.html."""
    charts = []
    for column in COLUMNS:
        charts.append({"id": f"latency-{column}", "config": _latency_chart(report, column)})
        charts.append({"id": f"errors-{column}", "config": _error_chart(report, column)})
    charts.append({"id": "bytes", "config": _bytes_chart(report)})
    if any(row.windows for row in report.warmups):
        charts.append({"id": "warmup-windows", "config": _warmup_chart(report)})
    if report.resources is not None:
        for index, phase in enumerate(report.metadata.measured_phases):
            charts.append({"id": f"cpu-{index}", "config": _resource_chart(report, phase, "cpu_percent", 1, "CPU (% of one core)")})
            charts.append({"id": f"rss-{index}", "config": _resource_chart(report, phase, "rss_bytes", 1e6, "memory RSS (MB)")})
    return charts


def _warmup_chart(report) -> dict:
    """Median latency of each settle-stage window (what bench.warmup judges), per architecture
    and repeat: how latency settled."""
    datasets = []
    arch_index = {arch.id: index for index, arch in enumerate(report.metadata.architectures)}
    labels = {arch.id: arch.label for arch in report.metadata.architectures}
    for row in report.warmups:
        colour = ARCH_COLOURS[arch_index[row.architecture] % len(ARCH_COLOURS)]
        datasets.append({
            "label": labels[row.architecture] + (f" repeat {row.repeat}" if row.repeat > 1 else ""),
            "data": [{"x": w["start_s"] + WINDOW_S, "y": w.get("p50_ms")} for w in row.windows],
            "borderColor": colour, "backgroundColor": colour,
        })
    return _xy_line(datasets, "seconds into the settle stage (end of window)", "median latency of the window (ms, log scale)",
                    log_y=True)


def per_second(table, target_rps: float) -> dict:
    """Per second of send time (0 = the run's first send): requests, p95 and failures per
    scenario, and the worst send lateness against Artillery's schedule at `target_rps`."""
    if not len(table):
        return {"seconds": [], "scenarios": {}, "late_max_ms": []}
    second = ((table.sent_ms - table.sent_ms.min()) // 1000).astype(int)
    seconds = int(second.max()) + 1
    scenarios = {}
    for index, name in enumerate(SCENARIOS):
        mine = table.scenario == index
        rows = {"requests": [], "p95_ms": [], "failed": []}
        for s in range(seconds):
            chosen = mine & (second == s)
            rows["requests"].append(int(chosen.sum()))
            rows["p95_ms"].append(quantile(table.latency_ms[chosen], 0.95))
            rows["failed"].append(int((chosen & table.failed).sum()))
        scenarios[name] = rows
    order = np.argsort(table.sent_ms, kind="stable")
    late = np.empty(len(table))
    late[order] = send_lateness_ms(table.sent_ms, target_rps)
    late_max = [float(late[second == s].max()) if (second == s).any() else None for s in range(seconds)]
    return {"seconds": list(range(seconds)), "scenarios": scenarios, "late_max_ms": late_max}


def run_charts(run, target_rps: float) -> list:
    """Per-second timelines of one run, from its request log, for its run page."""
    series = per_second(run.table, target_rps)
    labels = series["seconds"]

    def by_scenario(field):
        return [
            {"label": name, "data": series["scenarios"][name][field],
             "backgroundColor": SCENARIO_COLOURS[name], "borderColor": SCENARIO_COLOURS[name], "pointRadius": 0}
            for name in SCENARIOS
        ]

    late = [{"label": "latest send of the second vs schedule", "data": series["late_max_ms"],
             "backgroundColor": "#7f7f7f", "borderColor": "#7f7f7f", "pointRadius": 0}]
    return [
        {"id": "rate", "config": _line(labels, by_scenario("requests"), "requests sent per second")},
        {"id": "p95", "config": _line(labels, by_scenario("p95_ms"), "p95 latency of the second's requests (ms)")},
        {"id": "failed", "config": _bar(labels, by_scenario("failed"), "failed requests", stacked=True)},
        {"id": "late", "config": _line(labels, late, "send lateness, worst of the second (ms)")},
    ]


def _xy_line(datasets, x_title, y_title, log_y=False) -> dict:
    y_axis = {"type": "logarithmic"} if log_y else {"beginAtZero": True}
    return {
        "type": "line",
        "data": {"datasets": datasets},
        "options": {
            "animation": False,
            "responsive": True,
            "scales": {"x": {"type": "linear", "title": {"display": True, "text": x_title}},
                       "y": {**y_axis, "title": {"display": True, "text": y_title}}},
        },
    }


def _fault_charts(arch_id, fault) -> list:
    """Per second of the fault phase: success rate and p95 of each scenario."""
    def series(value):
        return [
            {"label": name, "data": [{"x": row["second"], "y": value(row)} for row in rows],
             "borderColor": SCENARIO_COLOURS.get(name, "#7f7f7f"), "backgroundColor": SCENARIO_COLOURS.get(name, "#7f7f7f"),
             "pointRadius": 0}
            for name, rows in fault["timeline"].items()
        ]

    def percent(row):
        return None if row["success_rate"] is None else round(100 * row["success_rate"], 1)

    return [
        {"id": f"fault-success-{arch_id}", "config": _xy_line(series(percent), "second of the fault phase", "success (%)")},
        {"id": f"fault-p95-{arch_id}", "config": _xy_line(series(lambda row: row["p95_ms"]), "second of the fault phase",
                                                           "p95 latency (ms)")},
    ]


def _ramp_chart(resilience, labels) -> dict:
    """Latency against achieved throughput, each architecture's ramp and the generator's."""
    ramps = {**resilience.ramps, **({"generator": resilience.generator} if resilience.generator else {})}
    datasets = []
    for index, (arch_id, ramp) in enumerate(ramps.items()):
        colour = "#7f7f7f" if arch_id == "generator" else ARCH_COLOURS[index % len(ARCH_COLOURS)]
        for percentile, alpha in (("p95", "ff"), ("p99", "aa")):
            datasets.append({
                "label": f"{labels.get(arch_id, 'generator alone (static answer)')} {percentile}",
                "data": [{"x": step["throughput_rps"], "y": step[f"{percentile}_ms"]} for step in ramp["steps"]],
                "borderColor": colour + alpha, "backgroundColor": colour + alpha,
                "borderDash": [6, 4] if percentile == "p99" else [],
            })
    # Logarithmic: latency past the knee is hundreds of times the latency before it.
    return _xy_line(datasets, "achieved throughput (successful responses/s)", "latency (ms, log scale)", log_y=True)


def resilience_charts(resilience, labels: dict) -> list:
    """Charts of the failure experiments, for report.html."""
    charts = []
    for arch_id, fault in resilience.faults.items():
        charts += _fault_charts(arch_id, fault)
    if resilience.ramps:
        charts.append({"id": "ramp", "config": _ramp_chart(resilience, labels)})
    return charts
