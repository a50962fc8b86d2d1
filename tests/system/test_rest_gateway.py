"""The REST architecture through NGINX on 127.0.0.1:8080 (issue acceptance checks)."""
import pytest
from stack import get, outgoing_calls, request, run_script

pytestmark = pytest.mark.usefixtures("stacks")

SITE_SERVICE_PORT = 9102


def test_users_list_has_all_operators():
    reply = get("/api/v1/users")
    assert reply.status == 200 and reply.is_json
    assert len(reply.json()) == 100


def test_robot_details_carry_operator_and_site_names():
    details = get("/api/v1/robots/7/details").json()
    assert details["name"] == "RB-0007"
    assert details["operator"]["name"] and details["operator"]["id"] == details["operator"]["id"]
    assert details["site"]["name"] == "Seoul Logistics Hub"


@pytest.mark.parametrize("mode", ["naive", "batched"])
def test_dashboard_lists_forty_robots_with_operator_and_cpu(mode):
    dashboard = get(f"/api/v1/sites/3/dashboard?mode={mode}").json()
    assert dashboard["site"]["id"] == 3
    assert len(dashboard["robots"]) == 40
    for robot in dashboard["robots"]:
        assert robot["operator"]["name"]
        assert 0 < robot["telemetry"]["cpu"] <= 100


def test_naive_dashboard_makes_one_call_per_robot_and_batched_one_per_service():
    before_user, before_telemetry = outgoing_calls(SITE_SERVICE_PORT, "user"), outgoing_calls(SITE_SERVICE_PORT, "telemetry")
    get("/api/v1/sites/1/dashboard")
    assert outgoing_calls(SITE_SERVICE_PORT, "user") - before_user == 40
    assert outgoing_calls(SITE_SERVICE_PORT, "telemetry") - before_telemetry == 40

    before_users, before_batch = outgoing_calls(SITE_SERVICE_PORT, "users"), outgoing_calls(SITE_SERVICE_PORT, "telemetryOf")
    get("/api/v1/sites/1/dashboard?mode=batched")
    assert outgoing_calls(SITE_SERVICE_PORT, "users") - before_users == 1
    assert outgoing_calls(SITE_SERVICE_PORT, "telemetryOf") - before_batch == 1


def test_both_dashboard_forms_return_the_same_data():
    assert get("/api/v1/sites/4/dashboard").json() == get("/api/v1/sites/4/dashboard?mode=batched").json()


def test_overview_has_site_stats_top_operators_and_recent_alerts():
    overview = get("/api/v1/monitoring/overview").json()
    assert len(overview["siteStats"]) == 5
    assert all(stats["siteName"] and stats["robotCount"] == 40 for stats in overview["siteStats"])
    assert len(overview["topOperators"]) == 5
    assert all(operator["name"] for operator in overview["topOperators"])
    assert len(overview["recentAlerts"]) == 10
    timestamps = [alert["timestamp"] for alert in overview["recentAlerts"]]
    assert timestamps == sorted(timestamps, reverse=True)


@pytest.mark.parametrize("path,status", [
    ("/api/v1/users/abc", 400),
    ("/api/v1/robots/abc/details", 400),
    ("/api/v1/sites/x/dashboard", 400),
    ("/api/v1/users/999", 404),
    ("/api/v1/robots/999/details", 404),
    ("/api/v1/sites/9/dashboard", 404),
    ("/api/v1/users?ids=" + ",".join(str(i) for i in range(1, 202)), 400),
    ("/api/v1/no-such-thing", 404),
    ("/not-even-api", 404),
])
def test_bad_input_gets_a_json_error(path, status):
    reply = get(path)
    assert reply.status == status
    assert reply.is_json, reply.headers
    assert reply.json()["status"] == status


def test_oversized_body_is_refused_with_json():
    reply = request("http://127.0.0.1:8080/api/v1/users", data=b"x" * 70_000,
                    headers={"Content-Type": "application/json"})
    assert reply.status == 413
    assert reply.is_json


def test_a_stopped_service_gives_json_errors_fast_and_the_rest_keeps_working():
    run_script("instance.sh", "stop", "rest", "user-service")
    try:
        down = get("/api/v1/users")
        assert down.status == 502 and down.is_json
        details = get("/api/v1/robots/7/details")
        assert details.status in (502, 503) and details.is_json
        assert "user-service" in details.json()["message"] or details.status == 503
        assert details.elapsed < 3.0
        assert get("/api/v1/sites/1").status == 200
        assert get("/api/v1/robots/7").status == 200
    finally:
        run_script("instance.sh", "start", "rest", "user-service")
    assert get("/api/v1/users").status == 200


@pytest.mark.parametrize("port, paths", [
    (9101, {"/api/v1/users", "/api/v1/users/{id}"}),
    (9102, {"/api/v1/sites", "/api/v1/sites/{id}", "/api/v1/sites/{id}/dashboard"}),
    (9103, {"/api/v1/robots", "/api/v1/robots/telemetry", "/api/v1/robots/{id}", "/api/v1/robots/{id}/details",
            "/api/v1/robots/{id}/telemetry", "/api/v1/monitoring/overview"}),
])
def test_openapi_document_lists_only_the_services_own_resources(port, paths):
    """The REST client interfaces of the other services are not this service's resources."""
    document = get("/openapi?format=JSON", base=f"http://127.0.0.1:{port}").json()
    assert set(document["paths"]) == paths
