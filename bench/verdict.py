"""The winner rule: which architecture won a cell (scenario or mix, at one load level).

1. An architecture whose error rate is above 1 % loses to one at or below 1 %. When both are
   above, the cell is inconclusive.
2. Otherwise compare p95 latency. The difference is a tie when it is within the noise band
   max(2 ms, r x the smaller p95), where r = 10 %, raised to the larger of the two run-to-run
   coefficients of variation of p95 when `--repeat` gave two or more runs per cell.
3. A cell where either side was generator-limited or incomplete keeps its verdict but is
   flagged: the load was not applied as planned.
"""

from dataclasses import dataclass

from bench.aggregate import CellStats

MAX_ERROR_RATE = 0.01
NOISE_SHARE = 0.10
NOISE_FLOOR_MS = 2.0

RULE_TEXT = (
    "Per scenario and load level the lower p95 latency wins; the difference is a tie when it is "
    f"within max({NOISE_FLOOR_MS:g} ms, {NOISE_SHARE * 100:g} % of the smaller p95), the {NOISE_SHARE * 100:g} % raised to the "
    "larger run-to-run coefficient of variation of p95 when repeated runs exist. An architecture "
    f"with an error rate above {MAX_ERROR_RATE * 100:g} % loses to one at or below it; if both are above, "
    "the cell is inconclusive. Overall uses the SPEC traffic mix (API-1 50 %, API-2 30 %, API-3 15 %, "
    "API-4 5 %): mix-weighted p95 and error rate, same rule. Cells where the load generator fell "
    "short are flagged."
)

TIE = "tie"
INCONCLUSIVE = "inconclusive"
NO_DATA = "n/a"


@dataclass(frozen=True)
class Verdict:
    winner: str  # an architecture id, TIE, INCONCLUSIVE or NO_DATA
    reason: str
    band_ms: float | None
    difference_ms: float | None  # first minus second p95
    faster_by: float | None  # winner's p95 advantage as a share of the loser's p95
    flagged: bool


def _pct(share: float) -> str:
    return f"{share * 100:.1f} %"


def _flagged(a: CellStats, b: CellStats) -> bool:
    return a.generator_limited or b.generator_limited or a.incomplete or b.incomplete


def noise_band_ms(a: CellStats, b: CellStats) -> float:
    share = max([NOISE_SHARE] + [cv for cv in (a.p95_cv, b.p95_cv) if cv is not None])
    return max(NOISE_FLOOR_MS, share * min(a.p95, b.p95))


def decide(a_id: str, a: CellStats | None, b_id: str, b: CellStats | None) -> Verdict:
    if a is None or b is None or a.error_rate is None or b.error_rate is None:
        return Verdict(NO_DATA, "not measured for both architectures", None, None, None, False)
    flagged = _flagged(a, b)
    a_fails, b_fails = a.error_rate > MAX_ERROR_RATE, b.error_rate > MAX_ERROR_RATE
    if a_fails and b_fails:
        reason = f"both error rates above {_pct(MAX_ERROR_RATE)} ({_pct(a.error_rate)}, {_pct(b.error_rate)})"
        return Verdict(INCONCLUSIVE, reason, None, None, None, flagged)
    if a_fails or b_fails:
        winner, loser_id, loser = (b_id, a_id, a) if a_fails else (a_id, b_id, b)
        reason = f"{loser_id} error rate {_pct(loser.error_rate)} > {_pct(MAX_ERROR_RATE)}"
        return Verdict(winner, reason, None, None, None, flagged)
    if a.p95 is None or b.p95 is None:
        return Verdict(NO_DATA, "no latency data", None, None, None, flagged)
    band = noise_band_ms(a, b)
    difference = a.p95 - b.p95
    if abs(difference) <= band:
        reason = f"p95 {a.p95:g} vs {b.p95:g} ms, within the {band:.1f} ms noise band"
        return Verdict(TIE, reason, band, difference, None, flagged)
    winner, fast, slow = (a_id, a.p95, b.p95) if difference < 0 else (b_id, b.p95, a.p95)
    reason = f"p95 {a.p95:g} vs {b.p95:g} ms, beyond the {band:.1f} ms noise band"
    return Verdict(winner, reason, band, difference, (slow - fast) / slow, flagged)
