"""bench.stats: exact (weighted) percentiles and the block bootstrap, on inputs whose answer is known."""
import math
from fractions import Fraction

import numpy as np
import pytest

from bench.results.stats import BlockSample, block_seconds, blocks, bootstrap, interval, quantile, seed_for


def test_quantile_is_nearest_rank():
    values = list(range(1, 101))
    assert quantile(values, 0.99) == 99
    assert quantile(values, 0.5) == 50
    assert quantile(values, 1.0) == 100
    assert quantile([7.0], 0.95) == 7.0
    assert quantile([], 0.5) is None


@pytest.mark.parametrize("n", [1, 2, 3, 19, 20, 21, 40, 100, 999, 1000, 1001, 12345])
@pytest.mark.parametrize("fraction", [0.5, 0.95, 0.99])
def test_quantile_matches_exact_rank_arithmetic(n, fraction):
    # ceil(p x n) computed exactly (p x n in floating point can land a hair above an integer).
    rank = math.ceil(Fraction(str(fraction)) * n)
    assert quantile(np.arange(1, n + 1)[::-1], fraction) == rank


def test_weighted_quantile_counts_each_value_by_its_weight():
    assert quantile([1, 2, 3, 4], 0.5, weights=[1, 1, 1, 1]) == 2  # equal weights: nearest rank
    assert quantile([1, 2, 3, 4], 0.5, weights=[3, 1, 0, 0]) == 1
    assert quantile([4, 3, 2, 1], 0.75, weights=[1, 0, 0, 3]) == 1
    assert quantile([1, 2], 0.5, weights=[0, 0]) is None


def test_mixture_percentile_is_not_an_average_of_percentiles():
    # 990 fast requests (1 ms) and 10 slow ones (100 ms), re-weighted so the slow kind is 10 %:
    # the mixture's p95 is 100 ms, while the mean of the two kinds' p95s would be 10.9 ms.
    values = [1.0] * 990 + [100.0] * 10
    weights = [0.9 / 990] * 990 + [0.1 / 10] * 10
    assert quantile(values, 0.95) == 1.0
    assert quantile(values, 0.95, weights) == 100.0
    assert quantile(values, 0.89, weights) == 1.0


def test_blocks_are_five_seconds_and_at_least_six_per_phase():
    assert block_seconds(300) == 5.0
    assert block_seconds(30) == 5.0
    assert block_seconds(12) == 2.0
    index, count = blocks([5000, 5999, 7000, 9500], 1.0)
    assert index.tolist() == [0, 0, 2, 4] and count == 5


def sample(latencies, per_block=10, failed=None, group=None):
    latencies = np.asarray(latencies, dtype=float)
    block = np.arange(latencies.size) // per_block
    return BlockSample(latencies, np.zeros(latencies.size, bool) if failed is None else failed, block,
                       int(block.max()) + 1, group)


def test_constant_latency_has_no_spread():
    p95, errors = bootstrap([sample([10.0] * 500)], 0.95, seed=1)
    assert set(p95.tolist()) == {10.0}
    assert set(errors.tolist()) == {0.0}
    assert interval(p95, p95 + 5) == (5.0, 5.0)


def test_error_rate_replicates_centre_on_the_error_rate():
    failed = np.zeros(1000, bool)
    failed[::10] = True  # one failure in each block of ten: every replicate has 10 %
    _, errors = bootstrap([sample(np.ones(1000), failed=failed)], 0.95, seed=2)
    assert set(np.round(errors, 12).tolist()) == {0.1}


def test_weighted_groups_are_rescaled_in_every_replicate():
    group = np.array([0] * 990 + [1] * 10)
    rng = np.random.default_rng(0)
    order = rng.permutation(1000)  # the slow requests land in random blocks
    latencies = np.where(group == 1, 100.0, 1.0)[order]
    p95, _ = bootstrap([sample(latencies, group=group[order])], 0.95, weights=[0.9, 0.1], seed=3)
    assert set(p95[np.isfinite(p95)].tolist()) == {100.0}


def test_runs_are_resampled_before_blocks():
    # Two runs, one at 10 ms and one at 20 ms. A replicate draws two runs with replacement:
    # (first, first) gives p95 10; any draw with the second run gives 20. So P(10) = 1/4.
    p95, _ = bootstrap([sample([10.0] * 300), sample([20.0] * 300)], 0.95, replicates=4000, seed=4)
    assert np.mean(p95 == 10.0) == pytest.approx(0.25, abs=0.03)
    assert set(p95.tolist()) == {10.0, 20.0}


def test_starts_are_resampled_before_their_trials():
    # Two starts of the stacks with two trials each: the first start's trials at 10 ms, the
    # second's at 20 ms. Resampled as starts, a replicate is all-10 with probability 1/4; as four
    # independent runs only when all four draws are first-start trials, (1/2)^4 = 1/16.
    trials = [sample([10.0] * 300), sample([10.0] * 300), sample([20.0] * 300), sample([20.0] * 300)]
    for trial, start in zip(trials, (1, 1, 2, 2)):
        trial.start = start
    p95, _ = bootstrap(trials, 0.95, replicates=4000, seed=4)
    assert np.mean(p95 == 10.0) == pytest.approx(0.25, abs=0.03)
    for trial in trials:
        trial.start = None
    p95, _ = bootstrap(trials, 0.95, replicates=4000, seed=4)
    assert np.mean(p95 == 10.0) == pytest.approx(1 / 16, abs=0.015)


def test_trials_of_one_start_are_resampled_within_it():
    # One start, two trials at 10 and 20 ms: the start is always drawn, its trials with
    # replacement, so (first, first) gives p95 10 with probability 1/4, as runs did.
    trials = [sample([10.0] * 300), sample([20.0] * 300)]
    for trial in trials:
        trial.start = 1
    p95, _ = bootstrap(trials, 0.95, replicates=4000, seed=4)
    assert np.mean(p95 == 10.0) == pytest.approx(0.25, abs=0.03)


def test_same_distribution_twice_is_rarely_told_apart():
    # A/A on synthetic data: 200 pairs drawn from one log-normal distribution; a 95 % interval
    # should exclude a zero difference in about 5 % of them.
    rng = np.random.default_rng(5)
    excluded = 0
    for trial in range(200):
        first = np.round(rng.lognormal(3, 0.5, 1200))
        second = np.round(rng.lognormal(3, 0.5, 1200))
        a, _ = bootstrap([sample(first, 40)], 0.95, replicates=400, seed=trial)
        b, _ = bootstrap([sample(second, 40)], 0.95, replicates=400, seed=10_000 + trial)
        low, high = interval(a, b)
        excluded += low > 0 or high < 0
    assert 2 <= excluded <= 20


def test_block_resampling_widens_the_interval_when_neighbours_are_alike():
    # Latency that drifts from block to block (a queue building and draining): resampling
    # single requests would understate the spread.
    rng = np.random.default_rng(6)
    level = np.repeat(rng.normal(50, 15, 30), 40)
    latencies = np.round(level + rng.normal(0, 2, level.size))
    by_block, _ = bootstrap([sample(latencies, 40)], 0.95, seed=7)
    by_request, _ = bootstrap([sample(latencies, 1)], 0.95, seed=7)
    width = np.subtract(*np.percentile(by_block, [97.5, 2.5]))
    assert width > 3 * np.subtract(*np.percentile(by_request, [97.5, 2.5]))


def test_interval_needs_enough_finite_replicates():
    assert interval(np.full(50, 1.0), np.full(50, 2.0)) is None
    assert interval(np.full(1000, np.nan), np.full(1000, 2.0)) is None


def test_same_cell_always_gets_the_same_seed():
    assert seed_for("graphql|rps100|API-1") == seed_for("graphql|rps100|API-1")
    assert seed_for("graphql|rps100|API-1") != seed_for("graphql-2|rps100|API-1")
