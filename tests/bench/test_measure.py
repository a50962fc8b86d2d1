"""bench.measure: load checks and cell figures computed from per-request logs."""
from pathlib import Path

import numpy as np
import pytest

from bench.results.artillery_output import parse_artillery_output
from bench.results.measure import (
    ERROR_KINDS,
    LATE_P99_BOUND_MS,
    RequestTable,
    check_load,
    classify,
    describe,
    scheduled_interval_ms,
    send_lateness_ms,
)
from bench.results.metadata import Phase
from bench.results.requestlog import Exchange, read_compact

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def phase(rps, seconds):
    return Phase(name=f"rps{rps}", target_rps=rps, duration_s=seconds, warmup=False)


def table(name):
    path = FIXTURES / name
    return RequestTable.from_exchanges(read_compact(path), str(path))


def on_schedule(n, rps, latency=5, name="API-1", start=1_000_000):
    step = scheduled_interval_ms(rps)
    return [Exchange(round(start + i * step), name, 200, latency, "ok", None, 100) for i in range(n)]


def test_achieved_rate_uses_the_real_arrival_window():
    run = table("quick/runs/rest/rps20.rep1.requests.ndjson.gz")
    sent = run.sent_ms

    load = check_load(run, phase(20, 10))

    window = (sent.max() - sent.min()) / 1000 * len(run) / (len(run) - 1)
    assert load.requests == len(run) == 200
    assert load.arrival_window_s == pytest.approx(window)
    assert load.achieved_rps == pytest.approx(200 / window)
    assert not load.generator_limited and not load.incomplete
    assert load.reasons == ()


def test_overloaded_generator_is_flagged_from_real_output():
    load = check_load(table("overload/runs/rest/rps2500.requests.ndjson.gz"), phase(2500, 5))

    assert load.requests == 12500 == load.planned_requests
    assert load.generator_limited and not load.incomplete
    assert load.achieved_rps < 0.98 * 2500
    assert load.late_p99_ms > 1000  # it fell seconds behind its schedule
    assert any(reason.startswith("1 % of sends were over") for reason in load.reasons)


def test_fewer_requests_than_planned_is_incomplete_not_generator_limited():
    load = check_load(table("quick/runs/rest/rps20.rep1.requests.ndjson.gz"), phase(20, 20))

    assert load.incomplete and not load.generator_limited
    assert load.reasons == ("only 200 of 400 planned requests were sent",)


def test_the_schedule_uses_artillerys_whole_microsecond_interval():
    assert scheduled_interval_ms(100) == 10.0
    assert scheduled_interval_ms(300) == 3.333
    assert scheduled_interval_ms(7) == 142.857


def test_sends_on_schedule_are_not_late():
    lateness = send_lateness_ms([e.sent_ms for e in on_schedule(1000, 100)], 100)
    assert np.abs(lateness).max() <= 0.5


def test_a_stall_makes_the_sends_after_it_late_until_artillery_catches_up():
    # 100 req/s; the generator stalls 200 ms at send 50, then sends the 20 overdue requests at
    # once (Artillery's timer catches up with a burst) and is back on schedule.
    sent = [1000 + 10 * i for i in range(50)] + [1000 + 700] * 20 + [1000 + 10 * i for i in range(70, 200)]
    lateness = send_lateness_ms(sent, 100)
    assert lateness[:50].max() == 0
    assert lateness[50] == 200 and lateness[69] == 10
    assert lateness[70:].max() == 0


def test_late_sends_beyond_the_bound_flag_the_run_generator_limited():
    # 100 req/s; every second the generator stalls 80 ms: the 8 sends due in the stall leave at
    # its end, 80, 70, ..., 10 ms late. Of 1000 sends, the ten 80s are the top 1 %: p99 is 70.
    exchanges = on_schedule(1000, 100)
    stalled = [Exchange(e.sent_ms + (80 - 10 * (i % 100)) if i % 100 < 8 else e.sent_ms, e.name, e.status,
                        e.latency_ms, e.outcome) for i, e in enumerate(exchanges)]
    limited = check_load(RequestTable.from_exchanges(stalled, "test"), phase(100, 10))
    clean = check_load(RequestTable.from_exchanges(exchanges, "test"), phase(100, 10))

    assert LATE_P99_BOUND_MS < 70
    assert limited.late_max_ms == 80 and limited.late_p99_ms == 70 and limited.late_p50_ms == 0
    assert limited.generator_limited and "1 % of sends were over 70 ms late (bound 50 ms)" in limited.reasons
    assert not clean.generator_limited and clean.late_max_ms <= 0.5


@pytest.mark.parametrize("exchange, kind", [
    (Exchange(0, "API-1", 200, 1, "ok"), None),
    (Exchange(0, "API-1", 503, 1, "error"), "http"),
    (Exchange(0, "API-1", 200, 1, "partial"), "graphql"),
    (Exchange(0, "API-1", 200, 1, "error"), "graphql"),
    (Exchange(0, "API-1", 0, 10004, "no-response", "ERR_SOCKET_TIMEOUT"), "timeout"),
    (Exchange(0, "API-1", 0, 3, "no-response", "ECONNRESET"), "connection"),
    (Exchange(0, "API-1", 0, 3, "no-response", "EPROTO"), "other"),
])
def test_each_request_gets_one_kind(exchange, kind):
    assert classify(exchange) == (0 if kind is None else 1 + ERROR_KINDS.index(kind))


def test_a_timed_out_request_counts_at_its_timeout():
    run = table("faults/runs/rest/rps10.requests.ndjson.gz")
    load = check_load(run, phase(10, 5))

    dashboard = describe([(run.of(("API-3",)), load)])
    overall = describe([(run, load)])

    # The stand-in's dashboard never answers: 7 requests, each given up at Artillery's 10 s timeout.
    assert dashboard.requests == 7 and dashboard.errors["timeout"] == 7 and dashboard.error_rate == 1
    assert 10_000 <= dashboard.p50 <= dashboard.max < 10_100
    assert dashboard.ok_p95 is None
    assert overall.max == dashboard.max and overall.p99 >= 10_000


def test_error_kinds_rates_and_success_only_bytes():
    run = table("faults/runs/rest/rps10.requests.ndjson.gz")
    load = check_load(run, phase(10, 5))

    def cell(name):
        return describe([(run.of((name,)), load)])

    artillery = parse_artillery_output(FIXTURES / "faults/runs/rest/rps10.json").scenarios
    assert cell("API-1").error_rate == 0 and cell("API-1").bytes_per_success == 2  # "[]"
    errors = artillery["API-2"].status_codes["500"]  # the same requests, counted by Artillery
    assert cell("API-2").errors == {"http": errors, "graphql": 0, "timeout": 0, "connection": 0, "other": 0}
    assert cell("API-2").bytes_per_success is None  # every answer was an error...
    assert cell("API-2").error_responses == errors and cell("API-2").bytes_per_error_response == 16  # ...apart
    assert cell("API-4").errors["connection"] == artillery["API-4"].transport_errors["ECONNRESET"] > 0


def test_failures_count_in_latency_and_success_percentiles_stand_beside():
    exchanges = [Exchange(i, "API-1", 200, 10, "ok") for i in range(90)]
    exchanges += [Exchange(100 + i, "API-1", 0, 10_003, "no-response", "ETIMEDOUT") for i in range(10)]
    run = RequestTable.from_exchanges(exchanges, "test")

    cell = describe([(run, check_load(run, phase(1000, 0.1)))])

    assert cell.p50 == 10 and cell.p95 == 10_003 and cell.max == 10_003
    assert cell.ok_p50 == cell.ok_p95 == cell.ok_p99 == 10
    assert cell.error_rate == pytest.approx(0.1) and cell.successes == 90


def test_overall_is_the_percentile_of_every_request_and_mixes_weight_requests():
    # API-1: 900 requests at 5 ms; API-3: 100 at 200 ms (10 % of the traffic as sent).
    exchanges = [Exchange(i, "API-1", 200, 5, "ok", None, 10) for i in range(900)]
    exchanges += [Exchange(900 + i, "API-3", 200, 200, "ok", None, 1000) for i in range(100)]
    run = RequestTable.from_exchanges(exchanges, "test")
    load = check_load(run, phase(1000, 1))

    as_sent = describe([(run, load)])
    reweighted = describe([(run, load)], {"API-1": 0.7, "API-3": 0.3})

    # As sent: 10 % slow, so p50 5 ms and p95 200 ms (the mean of the two scenarios' p95s,
    # weighted 90/10, would be 24.5 ms).
    assert (as_sent.p50, as_sent.p95) == (5, 200)
    # Re-weighted to 30 % slow: the median stays fast, p95 is slow; the median flips once the
    # slow share passes one half.
    assert reweighted.p50 == 5 and reweighted.p95 == 200
    assert describe([(run, load)], {"API-1": 0.75, "API-3": 0.25}).p50 == 5
    assert describe([(run, load)], {"API-1": 0.4, "API-3": 0.6}).p50 == 200
    assert reweighted.bytes_per_success == pytest.approx(0.7 * 10 + 0.3 * 1000)
    assert reweighted.requests == 1000


def test_a_mix_is_undefined_when_a_weighted_scenario_has_no_request():
    run = RequestTable.from_exchanges(on_schedule(100, 100), "test")
    cell = describe([(run, check_load(run, phase(100, 1)))], {"API-1": 0.5, "API-2": 0.5})
    assert cell.p95 is None and cell.error_rate is None


def test_repeats_are_pooled_and_their_p95s_kept():
    first = RequestTable.from_exchanges(on_schedule(100, 100, latency=4), "test")
    second = RequestTable.from_exchanges(on_schedule(100, 100, latency=6), "test")
    load = check_load(first, phase(100, 1))

    cell = describe([(first, load), (second, load)])

    assert cell.repeats == 2 and cell.requests == 200
    assert cell.p50 == 4 and cell.p95 == 6  # exact over all 200 requests
    assert cell.p95_by_repeat == (4, 6)


def test_unknown_request_names_are_an_input_error():
    from bench.results.errors import InputError
    with pytest.raises(InputError, match="not scenarios"):
        RequestTable.from_exchanges([Exchange(0, "hostile-1", 400, 1, "error")], "x.ndjson.gz")
