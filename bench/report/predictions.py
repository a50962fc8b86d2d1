"""SPEC section 7: the predicted winners and the decision guide, tested against measured verdicts.

Everything here is derived from the data: each guide claim gets a status (supported,
contradicted, mixed, no difference, not tested, outside this benchmark) and the evidence that
led to it.
"""

from dataclasses import dataclass

from bench.report.verdict import Verdict
from bench.scenarios import OVERALL, SCENARIOS

REST, GRAPHQL = "REST", "GraphQL"

# SPEC section 7, verbatim: predicted winner per load level (req/s) and column.
PREDICTED = {
    100: {"API-1": REST, "API-2": "tie", "API-3": GRAPHQL, "API-4": "tie", OVERALL: "tie"},
    300: {"API-1": REST, "API-2": GRAPHQL, "API-3": GRAPHQL, "API-4": REST, OVERALL: GRAPHQL},
    500: {"API-1": REST, "API-2": GRAPHQL, "API-3": GRAPHQL, "API-4": REST, OVERALL: "tie"},
}
PREDICTED_COLUMNS = SCENARIOS + (OVERALL,)

N_PLUS_ONE_MIX = "API-3 at 30 %"
AGGREGATION_MIX = "API-4 at 30 %"


@dataclass(frozen=True)
class PredictionCell:
    column: str
    predicted: str
    measured: str  # REST, GraphQL, tie, inconclusive, n/a, or "not run"
    match: bool | None  # None when not measured
    flagged: bool


@dataclass(frozen=True)
class PredictionRow:
    level: int
    phase: str | None
    cells: tuple


@dataclass(frozen=True)
class Finding:
    claim: str
    favours: str  # REST, GraphQL or "-"
    status: str
    evidence: str


def label(verdict: Verdict, rest_id: str, graphql_id: str) -> str:
    return {rest_id: REST, graphql_id: GRAPHQL}.get(verdict.winner, verdict.winner)


def prediction_rows(verdicts: dict, phases: tuple, rest_id: str, graphql_id: str) -> tuple:
    """Rows of the predicted-vs-measured table; `verdicts` is {(phase, column): Verdict}."""
    rows = []
    for level, predicted in PREDICTED.items():
        phase = next((p for p in phases if p.target_rps == level), None)
        cells = []
        for column in PREDICTED_COLUMNS:
            verdict = verdicts.get((phase.name, column)) if phase else None
            measured = label(verdict, rest_id, graphql_id) if verdict else "not run"
            cells.append(PredictionCell(
                column=column,
                predicted=predicted[column],
                measured=measured,
                match=measured == predicted[column] if measured in (REST, GRAPHQL, "tie") else None,
                flagged=bool(verdict and verdict.flagged),
            ))
        rows.append(PredictionRow(level=level, phase=phase.name if phase else None, cells=tuple(cells)))
    return tuple(rows)


def _status(labels: list, favours: str) -> str:
    against = REST if favours == GRAPHQL else GRAPHQL
    wins, losses = labels.count(favours), labels.count(against)
    if not labels:
        return "not tested"
    if wins and losses:
        return "mixed"
    if wins:
        return "supported"
    if losses:
        return "contradicted"
    return "no difference"


def _per_level(verdicts: dict, phases: tuple, column: str, rest_id: str, graphql_id: str) -> tuple:
    labels, parts = [], []
    for phase in phases:
        verdict = verdicts.get((phase.name, column))
        if verdict is None:
            continue
        text = label(verdict, rest_id, graphql_id)
        labels.append(text)
        flag = " (load fell short)" if verdict.flagged else ""
        parts.append(f"{phase.target_rps:g} req/s: {text}{flag}")
    return labels, "; ".join(parts) or "no measured level"


def _level_claim(claim, favours, verdicts, phases, rest_id, graphql_id, untested) -> Finding:
    if not phases:
        return Finding(claim, favours, "not tested", untested)
    labels, evidence = _per_level(verdicts, phases, OVERALL, rest_id, graphql_id)
    return Finding(claim, favours, _status(labels, favours), f"Overall winner at {evidence}.")


def _scenario_claim(claim, favours, verdicts, phases, scenario, rest_id, graphql_id) -> Finding:
    labels, evidence = _per_level(verdicts, phases, scenario, rest_id, graphql_id)
    return Finding(claim, favours, _status(labels, favours), f"{scenario} winner at {evidence}.")


def _mix_claim(claim, favours, verdicts, phases, column, scenario, rest_id, graphql_id) -> Finding:
    labels, evidence = _per_level(verdicts, phases, column, rest_id, graphql_id)
    _, alone = _per_level(verdicts, phases, scenario, rest_id, graphql_id)
    text = f"Traffic re-weighted to {column} (others scaled): {evidence}. {scenario} alone: {alone}."
    return Finding(claim, favours, _status(labels, favours), text)


def _payload_claim(bytes_by_scenario: dict) -> Finding:
    """`bytes_by_scenario`: {scenario: (rest_bytes, graphql_bytes)} per successful response, None
    if unknown. Error bodies are left out: a failing side would otherwise look light."""
    labels, parts = [], []
    for scenario, (rest_bytes, graphql_bytes) in bytes_by_scenario.items():
        if not rest_bytes or graphql_bytes is None:
            continue
        change = graphql_bytes / rest_bytes - 1
        labels.append(GRAPHQL if graphql_bytes < rest_bytes else REST if graphql_bytes > rest_bytes else "tie")
        parts.append(f"{scenario}: REST {rest_bytes:,.0f} B, GraphQL {graphql_bytes:,.0f} B ({change * 100:+.0f} %)")
    evidence = ("Response body per successful response: " + "; ".join(parts) + "." if parts
                else "No successful responses measured.")
    return Finding("GraphQL when payload size matters (mobile)", GRAPHQL, _status(labels, GRAPHQL), evidence)


# CPU per successful request closer than this share is reported as no difference: it is one
# figure per phase from Prometheus (5 s samples), without an interval.
COST_TIE_SHARE = 0.10


@dataclass(frozen=True)
class CostAtLevel:
    level: float
    rest_ms: float  # CPU ms of the system under test per successful request
    graphql_ms: float
    rest_per_core_s: float | None  # successful requests per CPU second
    graphql_per_core_s: float | None


def _cost_claim(cost_by_level: list) -> Finding:
    """`cost_by_level`: [CostAtLevel], or [] when resources were not collected."""
    claim = "REST when infrastructure cost matters"
    if not cost_by_level:
        return Finding(claim, REST, "not tested", "Component resources were not collected (no resources.json).")
    labels, parts = [], []
    for cost in cost_by_level:
        cheaper, dearer = sorted((cost.rest_ms, cost.graphql_ms))
        if dearer and (dearer - cheaper) / dearer > COST_TIE_SHARE:
            labels.append(REST if cost.rest_ms < cost.graphql_ms else GRAPHQL)
        else:
            labels.append("tie")
        per_core = (f" ({cost.rest_per_core_s:,.0f} vs {cost.graphql_per_core_s:,.0f} successful requests per "
                    "core-second)" if cost.rest_per_core_s and cost.graphql_per_core_s else "")
        parts.append(f"{cost.level:g} req/s: REST {cost.rest_ms:.2f} ms, GraphQL {cost.graphql_ms:.2f} ms{per_core}")
    evidence = ("CPU of the system under test (all components but the generator) per successful request, "
                f"differences under {COST_TIE_SHARE * 100:g} % counted as none: " + "; ".join(parts) + ".")
    return Finding(claim, REST, _status(labels, REST), evidence)


def findings(verdicts, phases, rest_id, graphql_id, bytes_by_scenario, cost_by_level) -> tuple:
    low = tuple(p for p in phases if p.target_rps <= 500)
    high = tuple(p for p in phases if p.target_rps >= 1000)
    top = max((p.target_rps for p in phases), default=0)
    outside = "Not something a latency benchmark of four fixed queries can measure."
    return (
        _level_claim("GraphQL when load is under ~500 RPS", GRAPHQL, verdicts, low, rest_id, graphql_id,
                     "No measured level at or below 500 req/s."),
        _level_claim("REST when load is over ~1000 RPS", REST, verdicts, high, rest_id, graphql_id,
                     f"Highest measured level: {top:g} req/s (one Artillery process tops out near "
                     "1100-1500 req/s on this machine)."),
        _mix_claim("GraphQL when N+1 shapes are common (API-3 type at 30 % or more)", GRAPHQL, verdicts, phases,
                   N_PLUS_ONE_MIX, "API-3", rest_id, graphql_id),
        _mix_claim("REST when heavy aggregation dominates (API-4 type at 30 % or more)", REST, verdicts, phases,
                   AGGREGATION_MIX, "API-4", rest_id, graphql_id),
        _scenario_claim("REST when APIs are simple and predictable", REST, verdicts, phases, "API-1",
                        rest_id, graphql_id),
        _payload_claim(bytes_by_scenario),
        _cost_claim(cost_by_level),
        Finding("GraphQL when clients need varied data shapes", GRAPHQL, "outside this benchmark", outside),
        Finding("REST when legacy systems must integrate", REST, "outside this benchmark", outside),
        Finding("Hybrid: GraphQL for public/read-heavy, REST for internal/write-heavy", "-",
                "outside this benchmark", outside + " All four scenarios are reads."),
    )
