import gzip
import json
import shutil
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from bench.report.aggregate import build_cells, load_runs
from bench.report.view_model import MIXES
from bench.results import requestlog
from bench.results.errors import InputError
from bench.results.metadata import load_metadata
from bench.results.stats import quantile

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="module")
def quick():
    metadata = load_metadata(FIXTURES / "quick")
    runs = load_runs(FIXTURES / "quick", metadata)
    cells, replicates = build_cells(metadata, runs, MIXES)
    return runs, cells, replicates


def logged(relative):
    return requestlog.read_compact(FIXTURES / "quick" / relative)


def test_warm_up_is_excluded_and_every_cell_is_filled(quick):
    _, cells, replicates = quick
    phases = {phase for _, phase, _ in cells}
    columns = {column for _, _, column in cells}

    assert phases == {"rps20", "rps50"}
    assert columns == {"API-1", "API-2", "API-3", "API-4", "Overall", "API-3 at 30 %", "API-4 at 30 %"}
    assert len(cells) == len(replicates) == 2 * 2 * 7


def test_overall_p95_equals_the_p95_recomputed_from_the_request_logs(quick):
    _, cells, _ = quick
    latencies = [e.latency_ms for rep in (1, 2) for e in logged(f"runs/rest/rps50.rep{rep}.requests.ndjson.gz")]

    overall = cells[("rest", "rps50", "Overall")]

    assert overall.requests == len(latencies)
    assert overall.p95 == quantile(latencies, 0.95) == sorted(latencies)[int(np.ceil(0.95 * len(latencies))) - 1]
    assert overall.max == max(latencies)


def test_repeats_pool_requests_and_keep_each_repeats_p95(quick):
    _, cells, _ = quick
    reps = [[e.latency_ms for e in logged(f"runs/rest/rps20.rep{rep}.requests.ndjson.gz") if e.name == "API-1"]
            for rep in (1, 2)]

    cell = cells[("rest", "rps20", "API-1")]

    assert cell.repeats == 2 and cell.requests == sum(map(len, reps))
    assert cell.p95 == quantile(reps[0] + reps[1], 0.95)
    assert cell.p95_by_repeat == tuple(quantile(r, 0.95) for r in reps)


def test_error_rate_is_pooled_over_repeats(quick):
    _, cells, _ = quick
    exchanges = [e for rep in (1, 2) for e in logged(f"runs/graphql/rps20.rep{rep}.requests.ndjson.gz")
                 if e.name == "API-1"]
    cell = cells[("graphql", "rps20", "API-1")]

    assert cell.errors["graphql"] == sum(not e.succeeded for e in exchanges) > 0
    assert cell.error_rate == pytest.approx(cell.errors["graphql"] / len(exchanges))


def test_rest_api4_always_fails_and_its_replicates_say_so(quick):
    _, cells, replicates = quick
    assert cells[("rest", "rps50", "API-4")].error_rate == 1
    assert np.all(replicates[("rest", "rps50", "API-4")].error_rate == 1)
    assert np.isfinite(replicates[("rest", "rps50", "Overall")].p95).all()


def test_interrupted_run_without_output_is_tolerated(tmp_path):
    metadata = load_metadata(FIXTURES / "quick")
    stopped = replace(metadata.runs[0], file="runs/none.json", interrupted=True)

    runs = load_runs(tmp_path, replace(metadata, runs=(stopped,)))

    assert runs[0].output is None and runs[0].load is None and runs[0].table is None


def test_missing_run_file_that_was_not_interrupted_is_an_error(tmp_path):
    metadata = load_metadata(FIXTURES / "quick")

    with pytest.raises(InputError, match="not found"):
        load_runs(tmp_path, metadata)


def test_missing_request_log_is_an_error_naming_it(tmp_path):
    out = tmp_path / "quick"
    shutil.copytree(FIXTURES / "quick", out)
    (out / "runs/rest/rps20.rep1.requests.ndjson.gz").unlink()

    with pytest.raises(InputError, match=r"rps20.rep1.requests.ndjson.gz: per-request log not found"):
        load_runs(out, load_metadata(out))


def test_requests_missing_from_the_log_count_as_failures_at_the_timeout(tmp_path):
    out = tmp_path / "quick"
    shutil.copytree(FIXTURES / "quick", out)
    path = out / "runs/rest/rps20.rep1.requests.ndjson.gz"
    lines = gzip.decompress(path.read_bytes()).decode().splitlines()
    kept = [line for line in lines if json.loads(line)["s"] != "API-2"]
    dropped = len(lines) - len(kept)
    path.write_bytes(gzip.compress(("\n".join(kept) + "\n").encode()))

    run = next(r for r in load_runs(out, load_metadata(out)) if r.record.file == "runs/rest/rps20.rep1.json")

    assert len(run.table) == len(lines)
    assert run.load.reasons[-1] == (f"{dropped} requests created but missing from the request log: counted as "
                                    "failures at the client timeout")
    api2 = run.table.of(("API-2",))
    assert api2.failed.all() and set(api2.latency_ms.tolist()) == {requestlog.CLIENT_TIMEOUT_MS}


def _disturb(results_dir, runs):
    out = results_dir("quick")
    metadata = json.loads((out / "metadata.json").read_text())
    for run in metadata["runs"]:
        if (run["architecture"], run["phase"], run["repeat"]) in runs:
            run["quiet"] = {"outside_cpu": {"1": 0.2}, "memory_stall": 0.0, "disturbed": True, "busiest_outside": []}
    (out / "metadata.json").write_text(json.dumps(metadata))
    metadata = load_metadata(out)
    return build_cells(metadata, load_runs(out, metadata), MIXES)[0]


def test_a_disturbed_repeat_is_left_out_while_the_cell_has_another(results_dir, quick):
    _, undisturbed, _ = quick
    cells = _disturb(results_dir, {("rest", "rps50", 2)})

    cell = cells[("rest", "rps50", "Overall")]
    assert cell.repeats == 1 and not cell.disturbed
    assert cell.p95_by_repeat == undisturbed[("rest", "rps50", "Overall")].p95_by_repeat[:1]


def test_a_cell_whose_every_run_was_disturbed_keeps_them_and_says_so(results_dir):
    cells = _disturb(results_dir, {("rest", "rps50", 1), ("rest", "rps50", 2)})

    assert cells[("rest", "rps50", "Overall")].repeats == 2 and cells[("rest", "rps50", "Overall")].disturbed
    assert not cells[("rest", "rps20", "Overall")].disturbed
