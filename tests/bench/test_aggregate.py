import statistics
from dataclasses import replace
from pathlib import Path

import pytest

from bench.aggregate import build_cells, load_runs
from bench.errors import InputError
from bench.metadata import load_metadata
from bench.model import MIXES

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="module")
def quick_cells():
    metadata = load_metadata(FIXTURES / "quick")
    return build_cells(metadata, load_runs(FIXTURES / "quick", metadata), MIXES)


def test_warm_up_is_excluded_and_every_cell_is_filled(quick_cells):
    phases = {phase for _, phase, _ in quick_cells}
    columns = {column for _, _, column in quick_cells}

    assert phases == {"rps20", "rps50"}
    assert columns == {"API-1", "API-2", "API-3", "API-4", "Overall", "API-3 at 30 %", "API-4 at 30 %"}
    assert len(quick_cells) == 2 * 2 * 7


def test_repeats_sum_counts_and_take_medians(quick_cells):
    cell = quick_cells[("rest", "rps20", "API-1")]

    # Repeat 1: 110 requests, p95 4 ms; repeat 2: 97 requests, p95 6 ms.
    assert cell.repeats == 2
    assert cell.requests == 207
    assert cell.p95 == 5.0
    assert cell.p95_cv == pytest.approx(statistics.stdev([4, 6]) / 5)
    assert cell.max == 12.0
    assert cell.error_rate == 0.0


def test_error_rate_is_pooled_over_repeats(quick_cells):
    cell = quick_cells[("graphql", "rps20", "API-1")]

    assert cell.errors["graphql"] == 15
    assert cell.error_rate == pytest.approx(15 / 216)


def test_overall_counts_every_request_of_the_phase(quick_cells):
    assert quick_cells[("rest", "rps50", "Overall")].requests == 1000
    assert quick_cells[("rest", "rps50", "Overall")].error_rate == pytest.approx(0.05)


def test_interrupted_run_without_output_is_tolerated(tmp_path):
    metadata = load_metadata(FIXTURES / "quick")
    stopped = replace(metadata.runs[0], file="runs/none.json", interrupted=True)

    runs = load_runs(tmp_path, replace(metadata, runs=(stopped,)))

    assert runs[0].output is None and runs[0].load is None


def test_missing_run_file_that_was_not_interrupted_is_an_error(tmp_path):
    metadata = load_metadata(FIXTURES / "quick")

    with pytest.raises(InputError, match="not found"):
        load_runs(tmp_path, metadata)
