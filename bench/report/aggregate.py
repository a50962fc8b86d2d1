"""Combine the runs of a results directory into cells: architecture x phase x column, where a
column is a scenario or a traffic mix.

A cell pools the requests of all its runs (the trials of the interleaved design, the repeats of
the sequential one): its percentiles are exact over all of them, and the bootstrap behind the
verdicts resamples the starts of the stacks, the trials within each and then windows of send time
within each trial (bench/results/stats.py), so the spread between starts and between trials is
part of the uncertainty.
"""

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bench.harness.quiet import DISTURBED_SHARE
from bench.results import requestlog, stats
from bench.results.artillery_output import ArtilleryRun, parse_artillery_output
from bench.results.errors import InputError
from bench.results.measure import ERROR_KINDS, SUCCESS, LoadCheck, RequestTable, check_load, concatenate, describe
from bench.results.metadata import Metadata, RunRecord
from bench.results.requestlog import CLIENT_TIMEOUT_MS
from bench.scenarios import SCENARIOS

VERDICT_QUANTILE = 0.95  # the verdicts compare p95


@dataclass(frozen=True)
class LoadedRun:
    record: RunRecord
    output: ArtilleryRun | None  # None: Artillery wrote no file (interrupted, or a warm-up stopped once steady)
    load: LoadCheck | None
    table: RequestTable | None  # every request of the run, from its request log


@dataclass(frozen=True)
class Replicates:
    """Bootstrap replicates of a cell's p95 and error rate (bench.stats.bootstrap)."""

    p95: np.ndarray
    error_rate: np.ndarray


def _missing_from_log(table: RequestTable, output: ArtilleryRun | None) -> RequestTable:
    """Requests Artillery created that the log lacks (none is expected): appended as failures
    ("other") at the client timeout, sent with the last logged request."""
    if output is None or not len(table):
        return table
    logged = table.scenario_counts()
    missing = {name: output.scenarios[name].requests - logged[name] for name in SCENARIOS}
    extra = [(SCENARIOS.index(name), n) for name, n in missing.items() if n > 0]
    if not extra:
        return table
    count = sum(n for _, n in extra)
    return concatenate([table, RequestTable(
        sent_ms=np.full(count, table.sent_ms.max()),
        latency_ms=np.full(count, float(CLIENT_TIMEOUT_MS)),
        scenario=np.concatenate([np.full(n, index) for index, n in extra]),
        kind=np.full(count, 1 + ERROR_KINDS.index("other")),
        body_bytes=np.zeros(count),
        responded=np.zeros(count, dtype=bool),
    )])


def request_log_path(results_dir: Path, record: RunRecord) -> Path:
    relative = record.request_log or str(Path(record.file).with_suffix("")) + requestlog.COMPACT_SUFFIX
    return Path(results_dir) / relative


def load_runs(results_dir: Path, metadata: Metadata) -> list:
    loaded = []
    for record in metadata.runs:
        path = Path(results_dir) / record.file
        log_path = request_log_path(results_dir, record)
        tolerated = record.interrupted or record.stopped_early
        if tolerated and not (path.exists() and log_path.exists()):
            loaded.append(LoadedRun(record, None, None, None))
            continue
        try:
            output = parse_artillery_output(path)
        except InputError:
            if tolerated:  # a partial file from a run stopped with Ctrl-C
                loaded.append(LoadedRun(record, None, None, None))
                continue
            raise
        load, table = check_run(output, log_path, metadata.phase(record.phase), record.cpu_steal)
        loaded.append(LoadedRun(record, output, load, table))
    return loaded


def check_run(output: ArtilleryRun, log_path: Path, phase, cpu_steal: float | None) -> tuple:
    """(LoadCheck, RequestTable) of one run from its Artillery output and compacted request log:
    what the report judges, and what the runner prints after each phase (bench/runner.py)."""
    logged = RequestTable.from_exchanges(requestlog.read_compact(log_path), str(log_path))
    table = _missing_from_log(logged, output)
    return check_load(table, phase, cpu_steal, len(table) - len(logged)), table


def _runs_of(runs: list, arch_id: str, phase_name: str) -> list:
    return [run for run in runs if run.record.architecture == arch_id and run.record.phase == phase_name and run.table]


def _block_sample(run: LoadedRun, table: RequestTable, block_s: float) -> stats.BlockSample:
    # Blocks count from the run's first send, so every scenario of a run shares the same blocks.
    index = ((table.sent_ms - run.table.sent_ms.min()) // (block_s * 1000)).astype(int)
    _, total = stats.blocks(run.table.sent_ms, block_s)
    return stats.BlockSample(table.latency_ms, table.kind != SUCCESS, index, total, table.scenario,
                             start=run.record.repeat)


def disturbed(record: RunRecord) -> bool:
    """Work outside the run took more than the quiet-machine bound of a core the run uses
    (bench/harness/quiet.py), or the run's own idle stacks did during the trial (the queued work
    of a stack past its capacity, bench/harness/trials.py)."""
    return record.disturbed or (record.idle_stacks_share or 0.0) > DISTURBED_SHARE


def disturbed_runs(metadata: Metadata) -> list:
    """The measured runs that were disturbed (`disturbed`)."""
    measured = {phase.name for phase in metadata.measured_phases}
    return [record for record in metadata.runs if record.phase in measured and disturbed(record)]


def _unsteady_repeats(metadata: Metadata, arch_id: str) -> set:
    """Repeats of `arch_id` whose settle stage ended without the stack being steady."""
    return {r.repeat for r in metadata.runs
            if r.architecture == arch_id and r.steady is not None and not r.steady.get("steady")}


def build_cells(metadata: Metadata, runs: list, mixes: dict) -> tuple:
    """({(architecture, phase, column): CellStats}, {same key: Replicates}) for measured phases.

    Columns are the scenarios plus one per entry of `mixes` ({name: weights}); a mix whose
    weights are None is the traffic as sent (Overall).
    """
    cells, replicates = {}, {}
    for arch in metadata.architectures:
        for phase in metadata.measured_phases:
            done = _runs_of(runs, arch.id, phase.name)
            if not done:
                continue
            undisturbed = [run for run in done if not disturbed(run.record)]
            every_run_disturbed = not undisturbed  # disturbed runs are left out while the cell has others
            done = undisturbed or done
            block_s = stats.block_seconds(phase.duration_s)
            unsteady = bool(_unsteady_repeats(metadata, arch.id) & {run.record.repeat for run in done})
            columns = {scenario: ((scenario,), None) for scenario in SCENARIOS}
            columns.update({name: (SCENARIOS, weights) for name, weights in mixes.items()})
            for column, (scenarios, weights) in columns.items():
                tables = [run.table.of(scenarios) for run in done]
                key = (arch.id, phase.name, column)
                cells[key] = describe([(table, run.load) for table, run in zip(tables, done)], weights, unsteady,
                                      every_run_disturbed)
                group_weights = None if weights is None else [weights.get(name, 0.0) for name in SCENARIOS]
                p95, error_rate = stats.bootstrap(
                    [_block_sample(run, table, block_s) for run, table in zip(done, tables)], VERDICT_QUANTILE,
                    group_weights, seed=stats.seed_for("|".join(key)))
                replicates[key] = Replicates(p95, error_rate)
    return cells, replicates
