"""Everything the report shows, built from one results directory; also its results.json form."""

import statistics
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from pathlib import Path

from bench.aggregate import build_cells, load_runs
from bench.guide import AGGREGATION_MIX, GENERATOR, N_PLUS_ONE_MIX, findings, prediction_rows
from bench.metadata import Architecture, Metadata, load_metadata
from bench.resilience import Resilience, as_json, load_resilience
from bench.resources import load_resources
from bench.scenarios import OVERALL, SCENARIOS, TRAFFIC_MIX, mix_with
from bench.verdict import RULE_TEXT, decide

RESULTS_SCHEMA = "bench.results/1"
COLUMNS = SCENARIOS + (OVERALL,)  # what the report tabulates per architecture
MIXES = {
    OVERALL: TRAFFIC_MIX,
    N_PLUS_ONE_MIX: mix_with("API-3", 0.30),
    AGGREGATION_MIX: mix_with("API-4", 0.30),
}


@dataclass(frozen=True)
class Comparison:
    rest: Architecture
    graphql: Architecture
    verdicts: dict  # (phase, column) -> Verdict, column in COLUMNS or a MIXES name
    predictions: tuple
    findings: tuple


@dataclass(frozen=True)
class Report:
    results_dir: Path
    metadata: Metadata
    runs: list  # LoadedRun
    cells: dict  # (architecture, phase, column) -> CellStats
    resources: dict | None  # (architecture, phase) -> {component: ResourceUsage}
    comparisons: tuple
    generated_at: str
    resilience: Resilience  # the failure experiments, when the run had any

    def run_page(self, run) -> str | None:
        """Path of a run's HTML page relative to the results directory."""
        return str(Path(run.record.file).with_suffix(".html")) if run.output else None


def _bytes_by_scenario(cells: dict, metadata: Metadata, rest_id: str, graphql_id: str) -> dict:
    def median_bytes(arch_id, scenario):
        values = [
            cells[(arch_id, phase.name, scenario)].bytes_per_response
            for phase in metadata.measured_phases
            if (arch_id, phase.name, scenario) in cells
            and cells[(arch_id, phase.name, scenario)].bytes_per_response is not None
        ]
        return statistics.median(values) if values else None

    return {s: (median_bytes(rest_id, s), median_bytes(graphql_id, s)) for s in SCENARIOS}


def _cpu_by_level(resources: dict | None, metadata: Metadata, rest_id: str, graphql_id: str) -> list:
    def system_cpu(arch_id, phase):
        components = (resources or {}).get((arch_id, phase.name), {})
        values = [u.cpu_percent for name, u in components.items() if name != GENERATOR and u.cpu_percent is not None]
        return sum(values) if values else None

    levels = []
    for phase in metadata.measured_phases:
        rest_cpu, graphql_cpu = system_cpu(rest_id, phase), system_cpu(graphql_id, phase)
        if rest_cpu is not None and graphql_cpu is not None:
            levels.append((phase.target_rps, rest_cpu, graphql_cpu))
    return levels


def _comparison(rest, graphql, cells, metadata, resources) -> Comparison:
    phases = metadata.measured_phases
    verdicts = {
        (phase.name, column): decide(
            rest.id, cells.get((rest.id, phase.name, column)), graphql.id, cells.get((graphql.id, phase.name, column))
        )
        for phase in phases
        for column in SCENARIOS + tuple(MIXES)
    }
    return Comparison(
        rest=rest,
        graphql=graphql,
        verdicts=verdicts,
        predictions=prediction_rows(verdicts, phases, rest.id, graphql.id),
        findings=findings(
            verdicts, phases, rest.id, graphql.id,
            _bytes_by_scenario(cells, metadata, rest.id, graphql.id),
            _cpu_by_level(resources, metadata, rest.id, graphql.id),
        ),
    )


def build_report(results_dir: Path) -> Report:
    metadata = load_metadata(results_dir)
    runs = load_runs(results_dir, metadata)
    cells = build_cells(metadata, runs, MIXES)
    resources = load_resources(results_dir)
    rests = [a for a in metadata.architectures if a.kind == "rest"]
    graphqls = [a for a in metadata.architectures if a.kind == "graphql"]
    return Report(
        results_dir=Path(results_dir),
        metadata=metadata,
        runs=runs,
        cells=cells,
        resources=resources,
        comparisons=tuple(_comparison(r, g, cells, metadata, resources) for g in graphqls for r in rests),
        generated_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        resilience=load_resilience(Path(results_dir), [arch.id for arch in metadata.architectures]),
    )


def results_json(report: Report) -> dict:
    """Every number of the report plus the run metadata, for results.json."""
    phases = {phase.name: phase for phase in report.metadata.phases}
    return {
        "schema": RESULTS_SCHEMA,
        "generated_at": report.generated_at,
        "metadata": report.metadata.raw,
        "winner_rule": RULE_TEXT,
        "traffic_mixes": MIXES,
        "runs": [
            {
                **asdict(run.record),
                "page": report.run_page(run),
                "warmup": phases[run.record.phase].warmup,
                "load": asdict(run.load) if run.load else None,
                "scenarios": {name: asdict(m) for name, m in run.measurements.items()},
            }
            for run in report.runs
        ],
        "cells": [
            {"architecture": arch, "phase": phase, "target_rps": phases[phase].target_rps, "column": column,
             **asdict(stats)}
            for (arch, phase, column), stats in report.cells.items()
        ],
        "comparisons": [
            {
                "rest": c.rest.id,
                "graphql": c.graphql.id,
                "verdicts": [{"phase": phase, "column": column, **asdict(v)} for (phase, column), v in c.verdicts.items()],
                "predicted_vs_measured": [asdict(row) for row in c.predictions],
                "findings": [asdict(f) for f in c.findings],
            }
            for c in report.comparisons
        ],
        "resilience": as_json(report.resilience),
        "resources": None if report.resources is None else [
            {"architecture": arch, "phase": phase, "component": component, **asdict(usage)}
            for (arch, phase), components in report.resources.items()
            for component, usage in components.items()
        ],
    }
