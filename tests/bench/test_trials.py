"""The interleaved design's schedule (bench/harness/trials.py)."""
from collections import Counter

from bench.harness.profiles import plan_design, plan_phases
from bench.harness.trials import TRIAL_GAP_S, busy_ticks, drain, kinds, rounds, warm_up
from bench.runner import instances

ARMS = instances(["rest", "rest-batched", "graphql", "graphql"])
PHASES = plan_phases("standard", splits=4)


def test_each_stack_is_warmed_gently_once_and_every_architecture_settles_on_its_own_requests():
    assert [(arch["id"], phase.name) for arch, phase in warm_up(ARMS, PHASES)] == [
        ("rest", "warmup"), ("graphql", "warmup"),
        ("rest", "settle"), ("rest-batched", "settle"), ("graphql", "settle"), ("graphql-2", "settle")]
    assert kinds(ARMS) == ["rest", "graphql"]


def test_every_round_runs_each_architecture_once_level_after_level():
    design = plan_design("standard", seed=3)
    scheduled = rounds(ARMS, PHASES, design, block=1)
    assert len(scheduled) == 3 * design.trials * len(ARMS)
    assert [t.phase.name for t in scheduled] == [name for name in ("rps100", "rps300", "rps500") for _ in range(8)]
    per_round = Counter((t.phase.name, t.trial, t.arch["id"]) for t in scheduled)
    assert set(per_round.values()) == {1} and len(per_round) == len(scheduled)
    assert all([t.position for t in scheduled[i:i + 4]] == [1, 2, 3, 4] for i in range(0, len(scheduled), 4))


def test_the_order_is_random_but_reproducible_from_the_seed():
    design = plan_design("standard", seed=3)
    order = [[t.arch["id"] for t in rounds(ARMS, PHASES, design, block)] for block in (1, 2)]
    assert order[0] == [t.arch["id"] for t in rounds(ARMS, PHASES, design, 1)]
    assert order[0] != order[1]  # each block draws its own orders
    firsts = Counter(t.arch["id"] for seed in range(50) for t in rounds(ARMS, PHASES, plan_design("standard", seed=seed), 1)
                     if t.position == 1)
    assert set(firsts) == {arch["id"] for arch in ARMS}  # no architecture always runs first


def test_the_next_trial_waits_until_the_cores_are_back_near_idle():
    # A stack past its capacity keeps its core busy after its load stops: 100 %, 100 %, then
    # 50 % and 2 % per second; three seconds under 10 % end the wait.
    busy_per_second = iter([100, 100, 50, 2, 2, 2, 2])
    ticks = [0, 0]

    def read(cpus):
        return tuple(ticks)

    def sleep(seconds):
        if seconds == 1:
            ticks[0] += next(busy_per_second)
            ticks[1] += 100

    waited, drained = drain([1], read=read, sleep=sleep)
    assert drained and waited == TRIAL_GAP_S + 6


def test_a_stack_that_never_idles_stops_the_wait_at_its_limit():
    ticks = [0, 0]

    def sleep(seconds):
        ticks[0] += 100 * seconds
        ticks[1] += 100 * seconds

    assert drain([1], limit_s=10, read=lambda cpus: tuple(ticks), sleep=sleep) == (TRIAL_GAP_S + 10, False)


def test_busy_ticks_count_only_the_cpus_asked_for(tmp_path):
    stat = tmp_path / "stat"
    stat.write_text("cpu  30 0 10 150 10 0 0 0 0 0\ncpu0 10 0 5 80 5 0 0 0 0 0\ncpu1 20 0 5 70 5 0 0 0 0 0\n")
    assert busy_ticks([1], stat) == (25, 100)
    assert busy_ticks([0, 1], stat) == (40, 200)
