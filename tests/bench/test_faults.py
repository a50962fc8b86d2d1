"""bench.faults: the --fault option and the analysis of a fault phase's per-request log."""
import pytest

from bench.experiments.faults import FaultPlan, analyse
from bench.results.requestlog import Exchange

ORIGIN = 1_700_000_000_000


def test_parse_names_the_service_and_the_times():
    plan = FaultPlan.parse("kill:user@30s,restart@60s")
    assert plan == FaultPlan("user-service", 30, 60)
    assert plan.duration_s == 180


@pytest.mark.parametrize("text, message", [
    ("kill:user@30", "expects kill:"),
    ("kill:gateway@10s,restart@20s", "unknown service 'gateway'"),
    ("kill:site@20s,restart@10s", "must come after the kill"),
    ("kill:site@0s,restart@10s", "must come after the kill"),
])
def test_parse_rejects_bad_plans_with_a_clear_message(text, message):
    with pytest.raises(ValueError, match=message):
        FaultPlan.parse(text)


def second(n, name="API-1", outcome="ok", status=200, latency=12, error=None):
    return Exchange(ORIGIN + n * 1000, name, status, latency, outcome, error)


def phase(fail_from=10, fail_until=20, seconds=40, name="API-1", failure=("error", 502)):
    """Ten requests a second; failing between the two seconds."""
    exchanges = []
    for n in range(seconds):
        for tenth in range(10):
            outcome, status = failure if fail_from <= n < fail_until else ("ok", 200)
            exchanges.append(Exchange(ORIGIN + n * 1000 + tenth * 100, name, status, 15, outcome))
    return exchanges


EVENTS = {"kill_ms": ORIGIN + 10_000, "killed_ms": ORIGIN + 10_200, "restart_ms": ORIGIN + 15_000,
          "ready_ms": ORIGIN + 18_000}


def test_first_error_recovery_and_surface():
    result = analyse(phase(), EVENTS, FaultPlan("user-service", 10, 15))
    api1 = result["scenarios"]["API-1"]
    assert api1["failures"] == 100
    assert api1["first_error_after_kill_s"] == 0.01  # sent at 10.0 s, answered 15 ms later
    assert api1["surfaces"] == {"HTTP 502": 100}
    assert api1["recovered_after_restart_s"] == 5.0  # healthy from second 20, restart at 15 s
    assert result["recovered_after_restart_s"] == 5.0 and result["all_recovered"]
    assert result["events_s"]["ready_ms"] == 18.0
    assert len(result["timeline"]["API-1"]) == 40
    assert result["timeline"]["API-1"][12]["success_rate"] == 0


def test_a_scenario_that_never_failed_is_unaffected():
    exchanges = phase() + phase(fail_from=99, name="API-4")
    result = analyse(sorted(exchanges, key=lambda e: e.sent_ms), EVENTS, FaultPlan("user-service", 10, 15))
    assert result["scenarios"]["API-4"]["failures"] == 0
    assert result["scenarios"]["API-4"]["recovered_after_restart_s"] is None
    assert result["recovered_after_restart_s"] == 5.0


def test_failing_until_the_end_is_not_recovered():
    result = analyse(phase(fail_until=40), EVENTS, FaultPlan("user-service", 10, 15))
    assert result["scenarios"]["API-1"]["recovered_after_restart_s"] is None
    assert result["recovered_after_restart_s"] is None and not result["all_recovered"]


def test_a_healthy_tail_shorter_than_five_seconds_is_not_a_recovery():
    result = analyse(phase(fail_until=37), EVENTS, FaultPlan("user-service", 10, 15))
    assert result["recovered_after_restart_s"] is None


def test_graphql_partial_answers_and_refused_connections_are_told_apart():
    exchanges = phase(failure=("partial", 200)) + [second(12, outcome="no-response", status=0, latency=3,
                                                          error="ECONNREFUSED")]
    result = analyse(sorted(exchanges, key=lambda e: e.sent_ms), EVENTS, FaultPlan("user-service", 10, 15))
    assert result["scenarios"]["API-1"]["surfaces"] == {"HTTP 200: partial data + errors": 100,
                                                       "no response (ECONNREFUSED)": 1}


def test_a_request_that_reached_the_client_timeout_counts_as_hung():
    exchanges = phase() + [second(11, outcome="no-response", status=0, latency=10_000, error="ETIMEDOUT")]
    result = analyse(sorted(exchanges, key=lambda e: e.sent_ms), EVENTS, FaultPlan("user-service", 10, 15))
    assert result["hung_requests"] == 1


def test_no_exchanges_is_an_empty_analysis_the_report_can_show():
    result = analyse([], {}, FaultPlan("user-service", 10, 15))
    assert result["recovered_after_restart_s"] is None
    assert result["all_recovered"] is False and result["hung_requests"] == 0
