from pathlib import Path

import pytest

from bench.artillery_output import parse_artillery_output
from bench.measure import check_load, measure_run, mix
from bench.metadata import Phase
from bench.scenarios import TRAFFIC_MIX

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def phase(rps, seconds):
    return Phase(name=f"rps{rps}", target_rps=rps, duration_s=seconds, warmup=False)


def test_achieved_rate_uses_the_real_arrival_window():
    run = parse_artillery_output(FIXTURES / "quick/runs/rest/rps20.rep1.json")

    load = check_load(run, phase(20, 10))

    # 200 arrivals, first to last 9.942 s apart: they cover 9.942 * 200 / 199 s.
    assert load.arrival_window_s == pytest.approx(9.99196, abs=1e-4)
    assert load.achieved_rps == pytest.approx(20.016, abs=1e-3)
    assert not load.generator_limited and not load.incomplete
    assert load.reasons == ()


def test_overloaded_generator_is_flagged_from_real_output():
    run = parse_artillery_output(FIXTURES / "overload/runs/rest/rps2500.json")

    load = check_load(run, phase(2500, 5))

    assert load.requests == 12500 == load.planned_requests
    assert load.achieved_rps == pytest.approx(1861.1, abs=0.1)
    assert load.generator_limited
    assert not load.incomplete
    assert load.reasons == (
        "achieved 1861.1 req/s = 74.4 % of 2500",
        "arrivals took 6.7 s instead of 5 s",
    )


def test_short_of_target_by_more_than_two_percent_is_generator_limited():
    run = parse_artillery_output(FIXTURES / "quick/runs/rest/rps20.rep1.json")

    # Same run judged against a higher target over a shorter plan: 20.0 < 98 % of 20.5.
    assert check_load(run, phase(20.5, 200 / 20.5)).generator_limited
    assert not check_load(run, phase(20.4, 200 / 20.4)).generator_limited


def test_fewer_requests_than_planned_is_incomplete_not_generator_limited():
    run = parse_artillery_output(FIXTURES / "quick/runs/rest/rps20.rep1.json")

    load = check_load(run, phase(20, 20))  # as if stopped halfway through a 20 s phase

    assert load.incomplete and not load.generator_limited
    assert load.reasons == ("only 200 of 400 planned requests were sent",)


def test_error_kinds_and_rates():
    measurements = measure_run(parse_artillery_output(FIXTURES / "faults/runs/rest/rps10.json"))

    assert measurements["API-1"].error_rate == 0
    assert measurements["API-2"].errors == {"http": 14, "graphql": 0, "timeout": 0, "connection": 0, "other": 0}
    assert measurements["API-3"].errors["timeout"] == 7
    assert measurements["API-3"].p95 is None and measurements["API-3"].error_rate == 1
    assert measurements["API-4"].errors["connection"] == 2
    assert measurements["API-1"].bytes_per_response == 2  # "[]"


def test_scenario_rate_and_bytes():
    measurements = measure_run(parse_artillery_output(FIXTURES / "quick/runs/rest/rps20.rep1.json"))

    assert measurements["API-1"].achieved_rps == pytest.approx(110 / 9.99196, abs=1e-3)
    assert measurements["API-1"].bytes_per_response == 69
    assert measurements["API-4"].error_rate == 1


def test_traffic_mix_weights_percentiles_and_error_rates():
    measurements = measure_run(parse_artillery_output(FIXTURES / "quick/runs/rest/rps20.rep1.json"))

    overall = mix(measurements, TRAFFIC_MIX)

    # p95 4, 3, 5, 1 ms weighted 50/30/15/5; only API-4 (5 %) fails.
    assert overall.p95 == pytest.approx(0.5 * 4 + 0.3 * 3 + 0.15 * 5 + 0.05 * 1)
    assert overall.error_rate == pytest.approx(0.05)
    assert overall.requests == 200
    assert overall.max == 12
    assert overall.achieved_rps == pytest.approx(20.016, abs=1e-3)


def test_mix_has_no_latency_when_a_weighted_scenario_has_none():
    measurements = measure_run(parse_artillery_output(FIXTURES / "faults/runs/rest/rps10.json"))

    assert mix(measurements, TRAFFIC_MIX).p95 is None
