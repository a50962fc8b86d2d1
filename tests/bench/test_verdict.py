"""The winner rule: a winner only when the confidence interval clears the tie band."""
from dataclasses import replace
from types import SimpleNamespace

import numpy as np
import pytest

from bench.report import render
from bench.report.aggregate import Replicates
from bench.report.verdict import ERRORS, INCONCLUSIVE, LATENCY, NO_DATA, TIE, decide, tie_band_ms
from bench.results.measure import CellStats


def cell(p95, error_rate=0.0, limited=False):
    return CellStats(
        repeats=1, requests=1000, successes=round(1000 * (1 - error_rate)), achieved_rps=100.0, p50=p95 / 2, p95=p95,
        p99=p95 * 1.5, max=p95 * 2, ok_p50=p95 / 2, ok_p95=p95, ok_p99=p95 * 1.5, p95_by_repeat=(p95,), errors={},
        error_rate=error_rate, bytes_per_success=100.0, error_responses=0, bytes_per_error_response=None,
        generator_limited=limited, incomplete=False,
    )


def reps(p95, spread=0.0, error_rate=0.0, error_spread=0.0, seed=0):
    """Replicates spread evenly around the point values: the 95 % interval of one side alone is
    about ±0.95 x spread; of a difference of two independent sides about ±1.35 x spread."""
    rng = np.random.default_rng(seed)
    return Replicates(p95 + spread * rng.uniform(-1, 1, 1000), error_rate + error_spread * rng.uniform(-1, 1, 1000))


def test_a_clear_difference_whose_interval_clears_the_band_wins():
    verdict = decide("rest", cell(100.0), reps(100.0, 2), "graphql", cell(80.0), reps(80.0, 2, seed=1))

    assert verdict.winner == "graphql" and verdict.decided_by == LATENCY
    assert verdict.band_ms == 8.0
    assert verdict.difference_ms == -20.0
    low, high = verdict.interval_ms
    assert -24 < low < high < -16
    assert verdict.faster_by == pytest.approx(0.2)


def test_the_same_difference_with_a_wide_interval_is_a_tie():
    # 20 ms apart, beyond the 8 ms band, but the interval reaches into the band: not called.
    verdict = decide("rest", cell(100.0), reps(100.0, 15), "graphql", cell(80.0), reps(80.0, 15, seed=1))

    assert verdict.winner == TIE and verdict.faster_by is None
    assert verdict.interval_ms[1] > -verdict.band_ms


def test_a_difference_inside_the_band_is_a_tie_however_certain():
    verdict = decide("rest", cell(100.0), reps(100.0), "graphql", cell(93.0), reps(93.0))

    assert verdict.interval_ms == (-7.0, -7.0)
    assert verdict.winner == TIE


def test_two_millisecond_floor_for_fast_responses():
    assert tie_band_ms(cell(3.0), cell(5.0)) == 2.0
    assert decide("rest", cell(3.0), reps(3.0), "graphql", cell(5.0), reps(5.0)).winner == TIE
    assert decide("rest", cell(3.0), reps(3.0), "graphql", cell(5.5), reps(5.5)).winner == "rest"


def test_no_replicates_means_no_interval_and_no_winner():
    verdict = decide("rest", cell(100.0), None, "graphql", cell(50.0), None)

    assert verdict.winner == TIE and verdict.interval_ms is None
    assert "no interval" in verdict.reason


def test_error_rate_above_one_percent_loses_when_the_difference_is_clear():
    verdict = decide("rest", cell(10.0, error_rate=0.05), reps(10.0, error_rate=0.05, error_spread=0.01),
                     "graphql", cell(500.0, error_rate=0.0), reps(500.0))

    assert verdict.winner == "graphql" and verdict.decided_by == ERRORS
    assert verdict.error_difference == pytest.approx(-0.05)
    assert verdict.reason.startswith("rest error rate 5.0 % > 1.0 %; error-rate difference -5.0 pp, 95 % CI")


def test_error_rates_not_told_apart_leave_the_decision_to_latency():
    # 1.2 % against 0.8 %, with an interval that covers a zero difference: latency decides.
    verdict = decide("rest", cell(100.0, error_rate=0.012), reps(100.0, error_rate=0.012, error_spread=0.01),
                     "graphql", cell(100.0, error_rate=0.008), reps(100.0, error_rate=0.008, error_spread=0.01, seed=2))

    assert verdict.winner == TIE and verdict.decided_by == LATENCY
    assert "rest error rate 1.2 % is above 1.0 % but not told apart" in verdict.reason


def test_both_above_one_percent_is_inconclusive():
    verdict = decide("rest", cell(10.0, 0.5), reps(10.0, error_rate=0.5), "graphql", cell(10.0, 0.02),
                     reps(10.0, error_rate=0.02))
    assert verdict.winner == INCONCLUSIVE and verdict.decided_by is None


def test_missing_side_is_no_data():
    assert decide("rest", None, None, "graphql", cell(10.0), reps(10.0)).winner == NO_DATA
    assert decide("rest", replace(cell(10.0), p95=None), reps(10.0), "graphql", cell(10.0), reps(10.0)).winner == NO_DATA


def test_generator_limited_cells_keep_their_verdict_but_are_flagged():
    verdict = decide("rest", cell(100.0, limited=True), reps(100.0), "graphql", cell(50.0), reps(50.0))

    assert verdict.winner == "graphql"
    assert verdict.flagged


def test_a_latency_difference_against_an_unsteady_cell_is_inconclusive():
    steady = decide("rest", cell(100.0), reps(100.0), "graphql", cell(50.0), reps(50.0))
    assert steady.winner == "graphql"

    result = decide("rest", replace(cell(100.0), unsteady=True), reps(100.0), "graphql", cell(50.0), reps(50.0))

    assert result.winner == INCONCLUSIVE and "not steady" in result.reason and result.flagged
    assert render.verdict_text(result, SimpleNamespace(names={})).startswith("inconclusive: a stack was not steady (Δ")


def test_both_failing_reads_as_errors_in_the_report():
    result = decide("rest", cell(100.0, error_rate=0.2), reps(100.0), "graphql", cell(50.0, error_rate=0.3), reps(50.0))

    assert render.verdict_text(result, SimpleNamespace(names={})) == "inconclusive (both > 1 % errors)"


def test_a_disturbed_side_gets_no_verdict_however_clear_the_difference():
    verdict = decide("rest", replace(cell(100.0), disturbed=True), reps(100.0), "graphql", cell(50.0), reps(50.0))

    assert verdict.winner == INCONCLUSIVE and verdict.flagged
    assert "every run of rest was disturbed" in verdict.reason
    assert render.verdict_text(verdict, SimpleNamespace(names={})) == \
        "inconclusive: disturbed by work outside the run ⚠"
