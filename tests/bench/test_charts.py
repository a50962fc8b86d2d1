"""Per-second series of a run, from its request log (the run pages' charts)."""
from bench.report.charts import per_second
from bench.results.measure import RequestTable
from bench.results.requestlog import Exchange


def test_per_second_counts_percentiles_failures_and_late_sends():
    # 10 req/s for 3 s; second 1 is slow, has one failure and one send that left 50 ms late.
    exchanges = []
    for i in range(30):
        sent = 1000 * 1000 + i * 100 + (50 if i == 18 else 0)
        slow = 10 <= i < 20
        failed = i == 12
        exchanges.append(Exchange(sent, "API-1" if i % 2 else "API-2", 503 if failed else 200,
                                  300 if slow else 20, "error" if failed else "ok"))
    table = RequestTable.from_exchanges(exchanges, "test")

    series = per_second(table, 10)

    assert series["seconds"] == [0, 1, 2]
    api1, api2 = series["scenarios"]["API-1"], series["scenarios"]["API-2"]
    assert api1["requests"] == [5, 5, 5] and api2["requests"] == [5, 5, 5]
    assert api1["p95_ms"] == [20, 300, 20]
    assert api2["failed"] == [0, 1, 0] and api1["failed"] == [0, 0, 0]
    assert series["scenarios"]["API-3"]["requests"] == [0, 0, 0] and series["scenarios"]["API-3"]["p95_ms"] == [None] * 3
    assert series["late_max_ms"] == [0, 50, 0]
