"""Combine the runs of a results directory into cells: architecture x phase x scenario.

With `--repeat N` each cell has N runs: latencies and rates are the median over runs, counts
are totals, and the run-to-run coefficient of variation of p95 feeds the winner rule.
"""

import statistics
from dataclasses import dataclass
from pathlib import Path

from bench.artillery_output import ArtilleryRun, parse_artillery_output
from bench.errors import InputError
from bench.measure import ERROR_KINDS, LoadCheck, check_load, measure_run, mix
from bench.metadata import Metadata, RunRecord
from bench.scenarios import SCENARIOS


@dataclass(frozen=True)
class CellStats:
    repeats: int
    requests: int
    achieved_rps: float | None
    p50: float | None
    p95: float | None
    p99: float | None
    max: float | None
    ttfb_p95: float | None
    p95_cv: float | None  # None with fewer than two repeats
    errors: dict
    error_rate: float | None
    bytes_per_response: float | None
    generator_limited: bool
    incomplete: bool


@dataclass(frozen=True)
class LoadedRun:
    record: RunRecord
    output: ArtilleryRun | None  # None: interrupted before Artillery wrote its file
    load: LoadCheck | None
    measurements: dict  # scenario -> Measurement


def _median(values: list) -> float | None:
    present = [v for v in values if v is not None]
    return statistics.median(present) if present else None


def _cv(values: list) -> float | None:
    present = [v for v in values if v is not None]
    if len(present) < 2 or statistics.mean(present) == 0:
        return None
    return statistics.stdev(present) / statistics.mean(present)


def combine(measurements: list, loads: list) -> CellStats:
    """One cell from the same scenario measured in each repeat."""
    requests = sum(m.requests for m in measurements)
    rated = [(m.error_rate, m.requests) for m in measurements if m.error_rate is not None]
    rated_requests = sum(n for _, n in rated)
    maxima = [m.max for m in measurements if m.max is not None]
    return CellStats(
        repeats=len(measurements),
        requests=requests,
        achieved_rps=_median([m.achieved_rps for m in measurements]),
        p50=_median([m.p50 for m in measurements]),
        p95=_median([m.p95 for m in measurements]),
        p99=_median([m.p99 for m in measurements]),
        max=max(maxima) if maxima else None,
        ttfb_p95=_median([m.ttfb_p95 for m in measurements]),
        p95_cv=_cv([m.p95 for m in measurements]),
        errors={kind: sum(m.errors[kind] for m in measurements) for kind in ERROR_KINDS},
        error_rate=sum(rate * n for rate, n in rated) / rated_requests if rated_requests else None,
        bytes_per_response=_median([m.bytes_per_response for m in measurements]),
        generator_limited=any(load.generator_limited for load in loads),
        incomplete=any(load.incomplete for load in loads),
    )


def load_runs(results_dir: Path, metadata: Metadata) -> list:
    loaded = []
    for record in metadata.runs:
        path = Path(results_dir) / record.file
        if record.interrupted and not path.exists():
            loaded.append(LoadedRun(record, None, None, {}))
            continue
        try:
            output = parse_artillery_output(path)
        except InputError:
            if record.interrupted:  # a partial file from a run stopped with Ctrl-C
                loaded.append(LoadedRun(record, None, None, {}))
                continue
            raise
        phase = metadata.phase(record.phase)
        loaded.append(LoadedRun(record, output, check_load(output, phase), measure_run(output)))
    return loaded


def build_cells(metadata: Metadata, runs: list, mixes: dict) -> dict:
    """{(architecture, phase, column): CellStats} for measured (non-warm-up) phases.

    Columns are the scenarios plus one per entry of `mixes` ({name: weights}).
    """
    cells = {}
    for arch in metadata.architectures:
        for phase in metadata.measured_phases:
            done = [
                run for run in runs
                if run.record.architecture == arch.id and run.record.phase == phase.name and run.output
            ]
            if not done:
                continue
            loads = [run.load for run in done]
            for scenario in SCENARIOS:
                cells[(arch.id, phase.name, scenario)] = combine([run.measurements[scenario] for run in done], loads)
            for name, weights in mixes.items():
                cells[(arch.id, phase.name, name)] = combine([mix(run.measurements, weights) for run in done], loads)
    return cells

