from bench.report.predictions import AGGREGATION_MIX, N_PLUS_ONE_MIX, PREDICTED, CostAtLevel, findings, prediction_rows
from bench.report.verdict import LATENCY, TIE, Verdict
from bench.results.metadata import Phase

PHASES = tuple(Phase(f"rps{r}", r, 60, False) for r in (100, 300, 500))


def v(winner, flagged=False):
    return Verdict(winner, LATENCY, "test", None, None, None, None, None, None, flagged)


def verdicts(table):
    """{level: {column: winner}} -> {(phase, column): Verdict}."""
    return {(f"rps{level}", column): v(winner) for level, row in table.items() for column, winner in row.items()}


def test_prediction_table_marks_agreement_per_cell():
    measured = {level: {column: {"REST": "r", "GraphQL": "g", "tie": TIE}[w] for column, w in row.items()}
                for level, row in PREDICTED.items()}
    measured[300]["API-4"] = "g"  # predicted REST

    rows = prediction_rows(verdicts(measured), PHASES, "r", "g")

    assert [row.level for row in rows] == [100, 300, 500]
    api4_at_300 = rows[1].cells[3]
    assert (api4_at_300.predicted, api4_at_300.measured, api4_at_300.match) == ("REST", "GraphQL", False)
    assert sum(cell.match for row in rows for cell in row.cells) == 14


def test_levels_that_were_not_run_are_said_so():
    rows = prediction_rows({}, (Phase("rps20", 20, 10, False),), "r", "g")

    assert all(row.phase is None for row in rows)
    assert {cell.measured for row in rows for cell in row.cells} == {"not run"}
    assert {cell.match for row in rows for cell in row.cells} == {None}


def test_findings_are_derived_from_the_verdicts():
    columns = ("API-1", "API-2", "API-3", "API-4", "Overall", N_PLUS_ONE_MIX, AGGREGATION_MIX)
    table = {level: dict.fromkeys(columns, TIE) for level in (100, 300, 500)}
    table[100]["Overall"] = table[300]["Overall"] = "g"
    table[500]["Overall"] = "r"
    for level in table:
        table[level][N_PLUS_ONE_MIX] = "g"
        table[level]["API-1"] = "r"
    table[300]["API-3"] = "g"

    result = {f.claim: f for f in findings(
        verdicts(table), PHASES, "r", "g",
        bytes_by_scenario={"API-1": (1000, 400), "API-2": (800, 200), "API-3": (9000, 3000), "API-4": (5000, None)},
        cost_by_level=[CostAtLevel(100, 2.0, 3.0, 500.0, 333.0), CostAtLevel(300, 2.0, 2.1, 500.0, 476.0)],
    )}

    under_500 = result["GraphQL when load is under ~500 RPS"]
    assert under_500.status == "mixed"
    assert under_500.evidence == "Overall winner at 100 req/s: GraphQL; 300 req/s: GraphQL; 500 req/s: REST."
    assert result["REST when load is over ~1000 RPS"].status == "not tested"
    assert "Highest measured level: 500 req/s" in result["REST when load is over ~1000 RPS"].evidence
    n_plus_one = result["GraphQL when N+1 shapes are common (API-3 type at 30 % or more)"]
    assert n_plus_one.status == "supported"
    assert "API-3 alone: 100 req/s: tie; 300 req/s: GraphQL; 500 req/s: tie." in n_plus_one.evidence
    assert result["REST when heavy aggregation dominates (API-4 type at 30 % or more)"].status == "no difference"
    assert result["REST when APIs are simple and predictable"].status == "supported"
    payload = result["GraphQL when payload size matters (mobile)"]
    assert payload.status == "supported"
    assert "API-1: REST 1,000 B, GraphQL 400 B (-60 %)" in payload.evidence
    assert payload.evidence.startswith("Response body per successful response:")
    assert "API-4" not in payload.evidence
    cost = result["REST when infrastructure cost matters"]
    assert cost.status == "supported"  # cheaper at 100 req/s; within 10 % at 300 req/s
    assert ("100 req/s: REST 2.00 ms, GraphQL 3.00 ms (500 vs 333 successful requests per core-second); "
            "300 req/s: REST 2.00 ms, GraphQL 2.10 ms") in cost.evidence
    assert "per successful request" in cost.evidence


def test_cost_within_ten_percent_is_no_difference():
    result = findings({}, PHASES, "r", "g", {}, [CostAtLevel(100, 2.0, 2.1, None, None)])

    cost = next(f for f in result if f.claim == "REST when infrastructure cost matters")
    assert cost.status == "no difference"


def test_cost_claim_without_resources_is_not_tested():
    result = findings({}, PHASES, "r", "g", {}, [])

    cost = next(f for f in result if f.claim == "REST when infrastructure cost matters")
    assert cost.status == "not tested"
    assert "no resources.json" in cost.evidence
