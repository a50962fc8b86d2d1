"""Phase plans of the runner's profiles (SPEC section 5)."""
import pytest

from bench.profiles import plan_phases


def test_standard_profile_is_the_spec_load_plan():
    phases = plan_phases("standard")
    assert [(p.name, p.target_rps, p.duration_s, p.warmup) for p in phases] == [
        ("warmup", 50, 120, True), ("rps100", 100, 180, False), ("rps300", 300, 300, False),
        ("rps500", 500, 300, False)]


def test_quick_profile_has_the_same_shape_in_short_phases():
    phases = plan_phases("quick")
    assert [p.target_rps for p in phases] == [50, 100, 300, 500]
    assert all(p.duration_s <= 30 for p in phases)


def test_overrides():
    phases = plan_phases("quick", rates=[20, 40], durations=[10], warmup_duration=0)
    assert [(p.name, p.target_rps, p.duration_s) for p in phases] == [("rps20", 20, 10), ("rps40", 40, 10)]


@pytest.mark.parametrize("kwargs", [{"rates": [100, 200], "durations": [1, 2, 3]}, {"rates": [0]}])
def test_invalid_plans_are_refused(kwargs):
    with pytest.raises(ValueError):
        plan_phases("quick", **kwargs)


def test_unknown_profile_is_refused():
    with pytest.raises(ValueError, match="unknown profile"):
        plan_phases("marathon")
