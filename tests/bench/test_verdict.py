from dataclasses import replace

import pytest

from bench.aggregate import CellStats
from bench.verdict import INCONCLUSIVE, NO_DATA, TIE, decide, noise_band_ms


def cell(p95, error_rate=0.0, cv=None, limited=False):
    return CellStats(
        repeats=1, requests=1000, achieved_rps=100.0, p50=p95 / 2, p95=p95, p99=p95 * 1.5, max=p95 * 2,
        ttfb_p95=p95, p95_cv=cv, errors={}, error_rate=error_rate, bytes_per_response=100.0,
        generator_limited=limited, incomplete=False,
    )


def test_lower_p95_beyond_ten_percent_wins():
    verdict = decide("rest", cell(100.0), "graphql", cell(80.0))

    assert verdict.winner == "graphql"
    assert verdict.band_ms == 8.0
    assert verdict.difference_ms == 20.0
    assert verdict.faster_by == pytest.approx(0.2)


def test_difference_within_ten_percent_is_a_tie():
    verdict = decide("rest", cell(100.0), "graphql", cell(91.0))

    assert verdict.winner == TIE
    assert verdict.faster_by is None


def test_two_millisecond_floor_for_fast_responses():
    assert decide("rest", cell(3.0), "graphql", cell(5.0)).winner == TIE
    assert decide("rest", cell(3.0), "graphql", cell(5.5)).winner == "rest"


def test_run_to_run_variation_widens_the_band():
    assert decide("rest", cell(100.0), "graphql", cell(80.0, cv=0.30)).winner == TIE
    assert noise_band_ms(cell(100.0, cv=0.05), cell(80.0, cv=0.30)) == pytest.approx(24.0)
    # A CV below 10 % never narrows the band.
    assert noise_band_ms(cell(100.0, cv=0.01), cell(80.0, cv=0.02)) == pytest.approx(8.0)


def test_error_rate_above_one_percent_loses_whatever_the_latency():
    verdict = decide("rest", cell(10.0, error_rate=0.02), "graphql", cell(500.0, error_rate=0.01))

    assert verdict.winner == "graphql"
    assert "rest error rate 2.0 % > 1.0 %" == verdict.reason


def test_both_above_one_percent_is_inconclusive():
    assert decide("rest", cell(10.0, 0.5), "graphql", cell(10.0, 0.02)).winner == INCONCLUSIVE


def test_missing_side_is_no_data():
    assert decide("rest", None, "graphql", cell(10.0)).winner == NO_DATA
    assert decide("rest", replace(cell(10.0), p95=None), "graphql", cell(10.0)).winner == NO_DATA


def test_generator_limited_cells_keep_their_verdict_but_are_flagged():
    verdict = decide("rest", cell(100.0, limited=True), "graphql", cell(50.0))

    assert verdict.winner == "graphql"
    assert verdict.flagged
