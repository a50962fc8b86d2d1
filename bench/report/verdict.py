"""The winner rule: which architecture won a cell (scenario or mix, at one load level), and how
sure that is.

Every comparison is `second - first` (for a REST/GraphQL pair: GraphQL minus REST), with a 95 %
confidence interval from the bootstrap replicates of each side (bench/results/stats.py: blocks of send
time within each run, and the runs themselves when repeated).

1. Errors. When at least one side's error rate is above 1 %: if both are, the cell is
   inconclusive (both are failing at this load). Otherwise the side at or below 1 % wins on
   errors, provided the interval of the error-rate difference lies entirely beyond
   ERROR_BAND; if it does not, the error rates are not told apart and the latency decides.
2. Latency. The p95 (every request, a failure at its time to failure) decides: a side wins
   only when the interval of the p95 difference lies entirely outside the tie band
   ±max(2 ms, 10 % of the smaller p95). Anything else is a tie: the difference is either too
   small to matter or too uncertain to call.
3. A cell where either side was generator-limited or incomplete keeps its verdict but is
   flagged: the load was not applied as planned. So is a cell whose stack was not steady after
   its warm-up (bench/harness/warmup.py): it may still have been getting faster.
4. A run that work outside the run disturbed (bench/harness/quiet.py), or a trial beside which
   the run's own idle stacks took as much (bench/harness/trials.py), is left out of its cell when
   the cell has other runs; a side whose every run was disturbed gets no verdict.
"""

from dataclasses import dataclass

from bench.harness.quiet import DISTURBED_SHARE
from bench.report.aggregate import Replicates
from bench.results.measure import CellStats
from bench.results.stats import CONFIDENCE, interval

MAX_ERROR_RATE = 0.01
ERROR_BAND = 0.005  # 0.5 percentage points
TIE_SHARE = 0.10
TIE_FLOOR_MS = 2.0

RULE_TEXT = (
    f"Per scenario and load level the p95 latency of every request (a failed request at its time to failure, a "
    f"timed-out one at its timeout) decides. A side wins only when the {CONFIDENCE * 100:g} % confidence interval of "
    f"the p95 difference lies entirely outside the tie band ±max({TIE_FLOOR_MS:g} ms, {TIE_SHARE * 100:g} % of the "
    "smaller p95); otherwise the cell is a tie. The interval is a bootstrap over 5 s blocks of send time within each "
    "run (at least 6 per phase) and over the runs themselves when repeated. Errors come first: an architecture with an "
    f"error rate above {MAX_ERROR_RATE * 100:g} % loses to one at or below it when the interval of the error-rate "
    f"difference lies beyond ±{ERROR_BAND * 100:g} percentage points (else the latency decides); if both are above "
    f"{MAX_ERROR_RATE * 100:g} %, the cell is inconclusive. Overall is every request of the phase (the SPEC mix "
    "50/30/15/5 as sent); the re-weighted rows weight each request by its scenario's share in that mix. Cells where "
    "the load generator fell short, or whose stack was not steady after its warm-up, are flagged ⚠; a latency "
    "difference between cells of which one was not steady is inconclusive (it may be warm-up, not architecture). "
    f"A run during which work outside the run took more than {DISTURBED_SHARE * 100:g} % of one of its cores, or "
    "a trial beside which the run's idle stacks took as much of a core, is disturbed: it is left out of its cell, "
    "and a cell with no other run is inconclusive."
)

TIE = "tie"
INCONCLUSIVE = "inconclusive"
NO_DATA = "n/a"
LATENCY, ERRORS, DISTURBED = "latency", "errors", "disturbed"


@dataclass(frozen=True)
class Verdict:
    winner: str  # an architecture id, TIE, INCONCLUSIVE or NO_DATA
    decided_by: str | None  # LATENCY or ERRORS; DISTURBED or None for n/a and inconclusive
    reason: str
    band_ms: float | None  # the tie band of the p95 difference
    difference_ms: float | None  # second minus first p95
    interval_ms: tuple | None  # its confidence interval
    error_difference: float | None  # second minus first error rate
    error_interval: tuple | None
    faster_by: float | None  # winner's p95 advantage as a share of the loser's p95 (latency wins)
    flagged: bool


def _pct(share: float) -> str:
    return f"{share * 100:.1f} %"


def _points(value: float) -> str:
    return f"{value * 100:+.1f} pp"


def _flagged(a: CellStats, b: CellStats) -> bool:
    return any(cell.generator_limited or cell.incomplete or cell.unsteady or cell.disturbed for cell in (a, b))


def tie_band_ms(a: CellStats, b: CellStats) -> float:
    return max(TIE_FLOOR_MS, TIE_SHARE * min(a.p95, b.p95))


def _outside(bounds: tuple | None, band: float) -> int:
    """+1 when the interval lies above +band, -1 below -band, 0 otherwise (or unknown)."""
    if bounds is None:
        return 0
    low, high = bounds
    return 1 if low > band else -1 if high < -band else 0


def decide(a_id: str, a: CellStats | None, a_reps: Replicates | None,
           b_id: str, b: CellStats | None, b_reps: Replicates | None) -> Verdict:
    if a is None or b is None or a.error_rate is None or b.error_rate is None:
        return Verdict(NO_DATA, None, "not measured for both architectures", None, None, None, None, None, None, False)
    flagged = _flagged(a, b)
    if a.disturbed or b.disturbed:
        side = ", ".join(arch_id for arch_id, cell in ((a_id, a), (b_id, b)) if cell.disturbed)
        return Verdict(INCONCLUSIVE, DISTURBED, f"every run of {side} was disturbed by work outside the run (see Load "
                                           "applied): not judged", None, None, None, None, None, None, flagged)
    error_difference = b.error_rate - a.error_rate
    error_interval = interval(a_reps.error_rate, b_reps.error_rate) if a_reps and b_reps else None
    a_fails, b_fails = a.error_rate > MAX_ERROR_RATE, b.error_rate > MAX_ERROR_RATE

    def verdict(winner, decided_by, reason, band=None, difference=None, bounds=None, faster_by=None):
        return Verdict(winner, decided_by, reason, band, difference, bounds, error_difference, error_interval,
                       faster_by, flagged)

    if a_fails and b_fails:
        return verdict(INCONCLUSIVE, None, f"both error rates above {_pct(MAX_ERROR_RATE)} "
                                           f"({_pct(a.error_rate)}, {_pct(b.error_rate)})")
    errors_note = ""
    if a_fails or b_fails:
        side = _outside(error_interval, ERROR_BAND)
        loser_id, loser = (a_id, a) if a_fails else (b_id, b)
        if (side > 0 and b_fails) or (side < 0 and a_fails):
            winner = b_id if a_fails else a_id
            low, high = error_interval
            return verdict(winner, ERRORS, f"{loser_id} error rate {_pct(loser.error_rate)} > {_pct(MAX_ERROR_RATE)}; "
                                           f"error-rate difference {_points(error_difference)}, "
                                           f"{CONFIDENCE * 100:g} % CI {_points(low)} to {_points(high)}")
        errors_note = (f"; {loser_id} error rate {_pct(loser.error_rate)} is above {_pct(MAX_ERROR_RATE)} but not "
                       f"told apart from the other's {_pct((b if a_fails else a).error_rate)}")
    if a.p95 is None or b.p95 is None:
        return verdict(NO_DATA, None, "no latency data" + errors_note)
    band = tie_band_ms(a, b)
    difference = b.p95 - a.p95
    bounds = interval(a_reps.p95, b_reps.p95) if a_reps and b_reps else None
    numbers = (f"p95 {a.p95:g} vs {b.p95:g} ms, difference {difference:+g} ms, "
               + (f"{CONFIDENCE * 100:g} % CI {bounds[0]:+g} to {bounds[1]:+g} ms" if bounds else "no interval")
               + f", tie band ±{band:.1f} ms")
    side = _outside(bounds, band)
    if side == 0:
        return verdict(TIE, LATENCY, numbers + errors_note, band, difference, bounds)
    if a.unsteady or b.unsteady:
        return verdict(INCONCLUSIVE, LATENCY, numbers + "; a stack was not steady after its warm-up, so the "
                       "difference may be warm-up, not architecture" + errors_note, band, difference, bounds)
    winner, fast, slow = (b_id, b.p95, a.p95) if side < 0 else (a_id, a.p95, b.p95)
    return verdict(winner, LATENCY, numbers + errors_note, band, difference, bounds, (slow - fast) / slow if slow else None)
