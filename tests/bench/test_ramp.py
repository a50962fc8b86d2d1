"""bench.ramp: steps, the knee and whose knee it is; bench.recovery's thread check."""
import pytest

from bench.experiments.ramp import RampPlan, judge_against_generator, knee, step_result
from bench.experiments.recovery import is_recovered, threads_settled
from bench.results.requestlog import Exchange

PLAN = RampPlan(100, 100, 500, 10, 1000.0)


def exchanges(rate, seconds=10, latency=20, failed_every=0, sent_share=1.0):
    """rate * seconds requests, sent at sent_share of the rate (a generator that fell behind
    stretches the phase)."""
    count = rate * seconds
    return [Exchange(int(i * 1000 / (rate * sent_share)), "API-1", 500 if failed_every and i % failed_every == 0 else 200, latency,
                     "error" if failed_every and i % failed_every == 0 else "ok") for i in range(count)]


def test_parse_and_rates():
    plan = RampPlan.parse("100:200:900", 30, 800)
    assert plan.rates() == [100, 300, 500, 700, 900]
    assert plan.step_s == 30 and plan.p99_bound_ms == 800


@pytest.mark.parametrize("text", ["100:100", "0:100:500", "500:100:100", "a:b:c"])
def test_parse_rejects_bad_ramps(text):
    with pytest.raises(ValueError, match="--ramp"):
        RampPlan.parse(text, 30, 1000)


def test_a_step_within_the_bounds_holds():
    step = step_result(exchanges(100), 100, PLAN)
    assert step["held"] and step["reasons"] == []
    assert step["p99_ms"] == 20 and step["error_rate"] == 0
    assert step["sent_rps"] == 100.0


def test_p99_over_the_bound_breaks_a_step():
    step = step_result(exchanges(100, latency=1500), 100, PLAN)
    assert not step["held"] and not step["generator_limited"]
    assert step["reasons"] == ["p99 1500 ms > 1000 ms"]


def test_more_than_one_percent_errors_breaks_a_step():
    step = step_result(exchanges(100, failed_every=50), 100, PLAN)
    assert step["error_rate"] == pytest.approx(0.02)
    assert step["reasons"] == ["errors 2.00 % > 1 %"]


def test_a_generator_that_fell_behind_is_named_first():
    step = step_result(exchanges(300, sent_share=0.8), 300, PLAN)
    assert step["generator_limited"]
    assert step["reasons"][0] == "generator sent 240 req/s of 300"


def test_knee_is_the_last_step_that_held():
    steps = [step_result(exchanges(rate), rate, PLAN) for rate in (100, 200)]
    steps.append(step_result(exchanges(300, latency=2000), 300, PLAN))
    result = knee(steps)
    assert result["knee_rps"] == 200 and result["broke_at_rps"] == 300
    assert result["broke_because"] == ["p99 2000 ms > 1000 ms"]


def test_breaking_at_the_first_step_leaves_no_knee():
    assert knee([step_result(exchanges(100, latency=2000), 100, PLAN)])["knee_rps"] is None


def test_a_ramp_that_never_broke_has_its_last_step_as_lower_bound():
    steps = [step_result(exchanges(rate), rate, PLAN) for rate in (100, 200)]
    assert knee(steps) == {"knee_rps": 200, "knee_throughput_rps": steps[1]["throughput_rps"], "broke_at_rps": None,
                           "broke_because": [], "generator_limited": False}


def generator(knee_rps, broke_at):
    return {"knee_rps": knee_rps, "broke_at_rps": broke_at}


def test_a_knee_below_the_generator_ceiling_is_the_systems():
    system = {"broke_at_rps": 300, "generator_limited": False}
    assert "the system's own knee" in judge_against_generator(system, generator(500, None))


def test_a_knee_where_the_generator_also_broke_is_not_the_systems():
    system = {"broke_at_rps": 1300, "generator_limited": False}
    assert "not the system's knee" in judge_against_generator(system, generator(1200, 1300))


def test_a_generator_limited_step_is_not_the_systems_knee():
    system = {"broke_at_rps": 300, "generator_limited": True}
    assert "not the system's knee" in judge_against_generator(system, generator(500, None))


def test_threads_settle_when_no_instance_has_more_active_threads_than_before():
    assert threads_settled({"9101": 1.0, "9102": 0.0}, {"9101": 2.0, "9102": 0.0})
    assert threads_settled({"9101": 1.0}, {"9101": 5.0}) is False
    assert threads_settled({"9101": None}, {"9101": 1.0}) is None


def test_a_step_with_a_single_request_is_generator_limited_not_a_crash():
    step = step_result(exchanges(1, seconds=1), 100, PLAN)
    assert step["generator_limited"] and step["reasons"][0] == "generator sent 0 req/s of 100"


def test_no_baseline_is_not_a_recovery():
    assert is_recovered({"API-1": None}, {"API-1": 5.0}) is False
    assert is_recovered({"API-1": 10.0, "API-3": None}, {"API-1": 14.0, "API-3": None})
