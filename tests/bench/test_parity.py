"""The parity check's comparison rules (the live check against both stacks is in tests/system)."""
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bench.checks import parity
from bench.checks.parity import (
    StackError,
    check,
    differences,
    project_dashboard,
    project_overview,
    scenario_requests,
    wait_until_answering,
)


def test_reads_the_load_tests_own_requests():
    requests = scenario_requests()
    assert set(requests) == {"API-1", "API-2", "API-3", "API-4"}
    assert requests["API-2"][0].startswith("/api/v1/robots/{{")
    assert "operator { name }" in requests["API-3"][1]


def test_graphql_may_return_fewer_fields_but_not_other_values():
    rest = {"robot": {"id": 7, "name": "RB-0007", "model": "AMR-200", "operator": {"name": "Ada"}}}
    assert differences({"robot": {"id": "7", "name": "RB-0007", "operator": {"name": "Ada"}}}, rest) == []
    found = differences({"robot": {"id": "7", "name": "RB-0008", "operator": {"name": "Ada"}}}, rest)
    assert found == ["$.robot.name: GraphQL 'RB-0008' != REST 'RB-0007'"]


def test_a_field_rest_lacks_and_a_list_of_other_length_are_mismatches():
    assert differences({"a": {"b": 1}}, {"a": {}}) == ["$.a.b: missing in REST"]
    assert differences({"a": [1, 2]}, {"a": [1]}) == ["$.a: GraphQL has 2 items, REST has 1"]
    assert differences({"a": 1.5}, {"a": 1.5000000001}) == []
    assert differences({"id": "3"}, {"id": 4}) == ["$.id: GraphQL '3' != REST 4"]


def test_projections_put_rest_answers_in_the_graphql_shape():
    dashboard = {"site": {"id": 1, "name": "S"}, "robots": [{"id": 1, "operator": {"name": "A"}}]}
    assert project_dashboard(dashboard) == {"site": {"id": 1, "name": "S", "robots": dashboard["robots"]}}
    overview = project_overview({
        "siteStats": [{"siteId": 2, "siteName": "Busan", "robotCount": 40}],
        "topOperators": [{"operatorId": 10, "name": "Ada", "robotCount": 12, "alertCount": 3}],
        "recentAlerts": [{"id": 68, "robotId": 198, "robotName": "RB-0198", "siteId": 5, "siteName": "Gwangju",
                          "severity": "CRITICAL"}]})["monitoringOverview"]
    assert overview["siteStats"][0]["site"] == {"id": 2, "name": "Busan"}
    assert overview["topOperators"][0]["operator"] == {"id": 10, "name": "Ada"}
    assert overview["recentAlerts"][0]["robot"] == {"id": 198, "name": "RB-0198", "site": {"id": 5, "name": "Gwangju"}}


class ColdStack(BaseHTTPRequestHandler):
    """Answers 504 to its first requests, as a gateway in front of a cold JVM does."""
    failures_left = 0

    def answer(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        cold = ColdStack.failures_left > 0
        ColdStack.failures_left -= 1
        body = b'{"error":"Gateway Timeout"}' if cold else b'{"data":{}}'
        self.send_response(504 if cold else 200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = answer

    def log_message(self, *args):
        pass


@pytest.fixture
def cold_stack():
    server = ThreadingHTTPServer(("127.0.0.1", 0), ColdStack)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_waits_while_a_cold_stack_times_out_then_goes_on(cold_stack):
    ColdStack.failures_left = 3
    retries = []
    wait_until_answering(cold_stack, cold_stack, progress=retries.append, sleep=lambda s: None)
    assert len(retries) == 3 and all("not answering yet" in line for line in retries)


def test_gives_up_with_the_last_error_after_its_timeout(cold_stack):
    ColdStack.failures_left = 10**6
    clock = iter(range(0, 10**6, 50))
    with pytest.raises(StackError, match="still failing 180 s after the stacks started.*504"):
        wait_until_answering(cold_stack, cold_stack, progress=lambda line: None, sleep=lambda s: None,
                             clock=lambda: next(clock))


def test_check_retries_a_request_that_missed_a_deadline_and_compares_its_answer(monkeypatch):
    answers = {"rest": [StackError("answered 504")], "graphql": []}

    def answer(kind, value):
        if answers[kind]:
            raise answers[kind].pop()
        return value
    monkeypatch.setattr(parity, "rest_get", lambda base, path, entity_id, mode: answer("rest", {"id": entity_id}))
    monkeypatch.setattr(parity, "graphql_post", lambda base, query, entity_id: answer("graphql", {"id": entity_id}))
    for projection in ("project_users", "project_robot", "project_dashboard", "project_overview"):
        monkeypatch.setattr(parity, projection, lambda rest: rest)
    retries = []
    assert check("rest", "graphql", progress=lambda line: None, on_retry=retries.append, sleep=lambda s: None) == []
    assert retries == ["  API-1: not answering yet (answered 504); retrying"]


def test_check_gives_up_on_a_request_still_failing_after_its_retries(cold_stack):
    ColdStack.failures_left = 10**6
    clock = iter(range(0, 10**6, 5))
    with pytest.raises(StackError, match="API-1 still failing after 60 s of retries.*504"):
        check(cold_stack, cold_stack, progress=lambda line: None, sleep=lambda s: None, clock=lambda: next(clock))
