"""Statistics on per-request data: exact percentiles, also of a weighted mixture of scenarios, and
a block bootstrap for how uncertain a percentile (and an error rate) is.

Percentiles are nearest-rank: the p-quantile of n requests is the ceil(p x n)-th smallest
latency. With weights (a traffic mix other than the one sent), each request counts with its
weight: the p-quantile is the smallest latency whose cumulative weight reaches p x the total
weight. Equal weights give the nearest-rank value, so the two definitions agree.

The bootstrap resamples blocks of consecutive send time, not single requests: requests sent
close together share the system's state (a garbage collection, a queue), so they are not
independent, and resampling them one by one would understate the spread. With several runs
it first resamples the starts of the stacks (the blocks of the interleaved design, the repeats of
the sequential one), then the trials within each chosen start, then windows within each chosen
trial (a hierarchical bootstrap), so start-to-start and trial-to-trial variation widen the
interval as they should. A level with one member is not resampled.
"""
import statistics
import zlib

import numpy as np

# Blocks of 5 s, at least 6 per phase. On the 2-core machine latency has slow spells lasting 2-3 s
# every 15-20 s (most likely garbage collections of three JVMs sharing one core): a block must
# hold a spell with its neighbours, or the interval comes out too narrow. A 30 s phase has 6
# blocks, a 5-minute phase 60.
BLOCK_S = 5.0
MIN_BLOCKS = 6
REPLICATES = 1000
CONFIDENCE = 0.95
_CHUNK = 100  # replicates computed at once (bounds memory on wide latency ranges)
_EPSILON = 1e-9  # relative slack when comparing cumulative weights with p x total


def median(values) -> float | None:
    """The median of the values that are present (not None); None when there are none."""
    present = [value for value in values if value is not None]
    return statistics.median(present) if present else None


def quantile(values, fraction: float, weights=None) -> float | None:
    """Nearest-rank (weighted) quantile of `values`; None when there are none."""
    values = np.asarray(values, dtype=float)
    if values.size == 0:
        return None
    order = np.argsort(values, kind="stable")
    ordered = values[order]
    cumulative = np.cumsum(np.ones_like(ordered) if weights is None else np.asarray(weights, dtype=float)[order])
    if cumulative[-1] <= 0:
        return None
    target = fraction * cumulative[-1] * (1 - _EPSILON)
    return float(ordered[min(int(np.searchsorted(cumulative, target, side="left")), ordered.size - 1)])


def block_seconds(duration_s: float) -> float:
    return min(BLOCK_S, duration_s / MIN_BLOCKS)


def blocks(sent_ms, block_s: float) -> tuple:
    """(block index of each request, number of blocks) from send times, first send = block 0."""
    sent_ms = np.asarray(sent_ms, dtype=float)
    if sent_ms.size == 0:
        return np.zeros(0, dtype=int), 0
    index = ((sent_ms - sent_ms.min()) // (block_s * 1000)).astype(int)
    return index, int(index.max()) + 1


def seed_for(key: str) -> int:
    """A fixed seed per cell, so the same results directory always gives the same report."""
    return zlib.crc32(key.encode())


class BlockSample:
    """One run's requests of one cell, ready to be resampled: latency (a failure at its time to
    failure), whether it failed, its group (scenario, for a mixture) and its block; `start`: the
    start of the stacks the run was measured on (runs that share one are resampled together)."""

    def __init__(self, latency_ms, failed, block, blocks_total: int, group=None, start=None):
        self.start = start
        self.latency_ms = np.asarray(latency_ms, dtype=float)
        self.failed = np.asarray(failed, dtype=bool)
        self.block = np.asarray(block, dtype=int)
        self.blocks_total = blocks_total
        self.group = np.zeros(self.latency_ms.size, dtype=int) if group is None else np.asarray(group, dtype=int)


def _draw(rng, picks: np.ndarray, members: int) -> np.ndarray:
    """Each replicate draws picks x members times from `members` equally likely ones."""
    if members == 1:
        return picks[:, None]
    return rng.multinomial(picks * members, np.full(members, 1 / members))


def _block_counts(rng, blocks_per_run: list, replicates: int, starts: list | None = None) -> np.ndarray:
    """How often each block (of every run, side by side) is drawn in each replicate: the starts
    are drawn with replacement, then as many runs from each drawn start as it has, then as many
    blocks from each drawn run as it has. `starts`: each run's start (None: a start per run)."""
    starts = list(range(len(blocks_per_run))) if starts is None else starts
    members = {}
    for run, start in enumerate(starts):
        members.setdefault(start, []).append(run)
    groups = list(members.values())
    start_picks = rng.multinomial(len(groups), np.full(len(groups), 1 / len(groups)), size=replicates)
    run_picks = np.zeros((replicates, len(blocks_per_run)), dtype=int)
    for g, runs in enumerate(groups):
        run_picks[:, runs] = _draw(rng, start_picks[:, g], len(runs))
    parts = [_draw(rng, run_picks[:, r], n) if n else np.zeros((replicates, 0), dtype=int)
             for r, n in enumerate(blocks_per_run)]
    return np.hstack(parts).astype(np.float32)


def bootstrap(samples: list, fraction: float, weights=None, replicates: int = REPLICATES, seed: int = 0) -> tuple:
    """Bootstrap replicates of the `fraction` quantile and of the error rate.

    `samples`: one BlockSample per run (trial). `weights`: None to pool every request as sent, or one
    weight per group for a mixture (each group is then scaled to its weight, whatever its count
    in the replicate). Returns two arrays of `replicates` values (NaN where a replicate drew no
    request of a weighted group).
    """
    samples = [s for s in samples if s.latency_ms.size]
    if not samples:
        return np.full(replicates, np.nan), np.full(replicates, np.nan)
    rng = np.random.default_rng(seed)
    values, position = np.unique(np.concatenate([s.latency_ms for s in samples]), return_inverse=True)
    groups = 1 if weights is None else len(weights)
    offsets = np.cumsum([0] + [s.blocks_total for s in samples])
    block = np.concatenate([s.block + offset for s, offset in zip(samples, offsets)])
    group = np.zeros(block.size, dtype=int) if weights is None else np.concatenate([s.group for s in samples])
    failed = np.concatenate([s.failed for s in samples])
    cells = group * offsets[-1] + block  # (group, block) pairs, flattened
    histogram = np.bincount(cells * values.size + position, minlength=groups * offsets[-1] * values.size)
    histogram = histogram.reshape(groups, offsets[-1], values.size).astype(np.float32)
    counts = histogram.sum(axis=2)  # requests per group and block
    failures = np.bincount(cells, weights=failed, minlength=groups * offsets[-1]).reshape(groups, offsets[-1])
    failures = failures.astype(np.float32)
    mix = np.ones(1) if weights is None else np.asarray(weights, dtype=float)

    quantiles, error_rates = [], []
    for start in range(0, replicates, _CHUNK):
        drawn = _block_counts(rng, [s.blocks_total for s in samples], min(_CHUNK, replicates - start),
                              None if any(s.start is None for s in samples) else [s.start for s in samples])
        mixture = np.zeros((drawn.shape[0], values.size))
        errors = np.zeros(drawn.shape[0])
        with np.errstate(divide="ignore", invalid="ignore"):
            for g in range(groups):
                n = drawn @ counts[g]
                mixture += mix[g] * (drawn @ histogram[g]) / n[:, None]
                errors += mix[g] * (drawn @ failures[g]) / n
        cumulative = np.cumsum(mixture, axis=1)
        total = cumulative[:, -1]
        index = np.minimum((cumulative < (fraction * total * (1 - _EPSILON))[:, None]).sum(axis=1), values.size - 1)
        chosen = values[index]
        chosen[~np.isfinite(total) | (total <= 0)] = np.nan
        quantiles.append(chosen)
        error_rates.append(errors)
    return np.concatenate(quantiles), np.concatenate(error_rates)


def interval(first: np.ndarray, second: np.ndarray, confidence: float = CONFIDENCE) -> tuple | None:
    """Percentile interval of `second - first` from independent replicates of each; None when
    there are too few finite replicates (fewer than 100)."""
    difference = np.asarray(second) - np.asarray(first)
    difference = difference[np.isfinite(difference)]
    if difference.size < 100:
        return None
    tail = (1 - confidence) / 2 * 100
    low, high = np.percentile(difference, [tail, 100 - tail])
    return float(low), float(high)
