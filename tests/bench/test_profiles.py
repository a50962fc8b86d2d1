"""Phase plans of the runner's profiles (SPEC section 5)."""
import pytest

from bench.harness.profiles import plan_phases


def test_standard_profile_is_the_spec_load_plan_after_a_warm_up_until_steady():
    phases = plan_phases("standard")
    assert [(p.name, p.target_rps, p.duration_s, p.warmup, p.until_steady) for p in phases] == [
        ("warmup", 50, 120, True, False), ("settle", 100, 480, True, True), ("rps100", 100, 180, False, False),
        ("rps300", 300, 300, False, False), ("rps500", 500, 300, False, False)]


def test_quick_profile_has_the_same_shape_in_short_phases():
    phases = plan_phases("quick")
    assert [p.target_rps for p in phases] == [50, 100, 100, 300, 500]
    assert [p.duration_s for p in phases if not p.warmup] == [30, 30, 30]
    settle = phases[1]
    assert settle.until_steady and settle.target_rps == phases[2].target_rps  # settles at the first measured rate


@pytest.mark.parametrize("profile", ["standard", "quick"])
def test_the_warm_up_may_last_longer_than_the_jit_needs(profile):
    # Measured on the 2-core machine: the JIT compilers stop taking a large share of the system
    # under test's core after about six minutes of load (bench/harness/warmup.py), so the gentle stage
    # plus the settle bound must leave room beyond that; the standard settle bound is 8 min.
    gentle, settle = plan_phases(profile)[:2]
    assert gentle.duration_s + settle.duration_s >= 8 * 60
    assert profile != "standard" or settle.duration_s >= 8 * 60


def test_overrides():
    phases = plan_phases("quick", rates=[20, 40], durations=[10], warmup_duration=0, settle_max=0)
    assert [(p.name, p.target_rps, p.duration_s) for p in phases] == [("rps20", 20, 10), ("rps40", 40, 10)]
    phases = plan_phases("quick", rates=[20], durations=[30], warmup_rate=10, warmup_duration=5, settle_max=45)
    assert [(p.name, p.target_rps, p.duration_s) for p in phases] == [("warmup", 10, 5), ("settle", 20, 45),
                                                                       ("rps20", 20, 30)]


@pytest.mark.parametrize("kwargs", [{"rates": [100, 200], "durations": [1, 2, 3]}, {"rates": [0]},
                                    {"settle_max": -1}, {"warmup_rate": 0}])
def test_invalid_plans_are_refused(kwargs):
    with pytest.raises(ValueError):
        plan_phases("quick", **kwargs)


def test_unknown_profile_is_refused():
    with pytest.raises(ValueError, match="unknown profile"):
        plan_phases("marathon")


def test_rates_without_matching_durations_say_how_to_fix_it():
    with pytest.raises(ValueError, match=r"2 rates but 3 durations \(the quick profile's: 30,30,30\): give --durations"):
        plan_phases("quick", rates=[100, 300])
