"""The GraphQL Federation architecture through the Apollo Router on 127.0.0.1:4000."""
import json

import pytest
from stack import graphql, repository_calls, run_script

from bench.checks.parity import scenario_requests

pytestmark = pytest.mark.usefixtures("stacks")

QUERIES = {name: query for name, (_, query) in scenario_requests().items()}
GRAPHQL_PORTS = {"user-service": 9201, "site-service": 9202, "robot-service": 9203}


def data_of(reply):
    assert reply.status == 200, reply.body
    body = reply.json()
    assert "errors" not in body, body
    return body["data"]


def test_api1_lists_all_users():
    assert len(data_of(graphql(QUERIES["API-1"]))["users"]) == 100


def test_api2_joins_operator_and_site():
    robot = data_of(graphql(QUERIES["API-2"], {"id": "7"}))["robot"]
    assert robot["operator"]["name"] and robot["site"]["name"] == "Seoul Logistics Hub"


def test_api3_resolves_forty_robots_with_operator_and_cpu():
    site = data_of(graphql(QUERIES["API-3"], {"id": "2"}))["site"]
    assert len(site["robots"]) == 40
    assert all(robot["operator"]["name"] and robot["telemetry"]["cpu"] > 0 for robot in site["robots"])


def test_api3_batches_every_level_whatever_the_number_of_robots():
    ports = GRAPHQL_PORTS
    before = {repo: repository_calls(ports[service], repo) for service, repo in
              [("site-service", "sites"), ("robot-service", "robots"), ("robot-service", "telemetry"),
               ("user-service", "users")]}
    data_of(graphql(QUERIES["API-3"], {"id": "5"}))
    after = {repo: repository_calls(ports[service], repo) for service, repo in
             [("site-service", "sites"), ("robot-service", "robots"), ("robot-service", "telemetry"),
              ("user-service", "users")]}
    assert {repo: after[repo] - before[repo] for repo in before} == {"sites": 1, "robots": 1, "telemetry": 1, "users": 1}


def test_api4_aggregates_with_names_from_other_subgraphs():
    overview = data_of(graphql(QUERIES["API-4"]))["monitoringOverview"]
    assert len(overview["siteStats"]) == 5 and all(s["site"]["name"] for s in overview["siteStats"])
    assert len(overview["topOperators"]) == 5 and all(o["operator"]["name"] for o in overview["topOperators"])
    assert len(overview["recentAlerts"]) == 10 and all(a["robot"]["site"]["name"] for a in overview["recentAlerts"])


def test_other_combinations_resolve_across_subgraphs():
    data = data_of(graphql("{ sites { name robots { name operator { email role } telemetry { battery } } } "
                           "robot(id: \"150\") { site { robots { id } } operator { name } } }"))
    assert len(data["sites"]) == 5 and all(len(site["robots"]) == 40 for site in data["sites"])
    assert all(robot["operator"]["email"] for site in data["sites"] for robot in site["robots"])
    assert len(data["robot"]["site"]["robots"]) == 40


def test_unknown_id_is_null_without_error():
    body = graphql(QUERIES["API-2"], {"id": "999"}).json()
    assert body["data"]["robot"] is None


def test_malformed_query_is_a_400_with_errors():
    reply = graphql("{ users { id ")
    assert reply.status == 400
    assert reply.json()["errors"]


def test_malformed_json_body_is_a_400_with_errors():
    reply = graphql(None, raw=b"{ not json")
    assert reply.status == 400
    assert reply.json()["errors"]


def test_unknown_field_is_a_validation_error():
    reply = graphql("{ users { shoeSize } }")
    assert reply.status == 400
    assert "shoeSize" in json.dumps(reply.json()["errors"])


def test_query_deeper_than_the_limit_is_rejected():
    deep = "{ robot(id: \"1\") { " + "site { robots { " * 40 + "id" + " } }" * 40 + " } }"
    reply = graphql(deep)
    assert reply.status == 400
    assert reply.json()["errors"]


def test_too_many_aliases_are_rejected():
    aliased = "{ " + " ".join(f"u{i}: users {{ id }}" for i in range(400)) + " }"
    reply = graphql(aliased)
    assert reply.status == 400
    assert reply.json()["errors"]


def test_body_over_the_size_limit_is_refused():
    reply = graphql(None, raw=json.dumps({"query": "{ users { id } }", "pad": "x" * 70_000}).encode())
    assert 400 <= reply.status < 500


def test_a_stopped_subgraph_gives_partial_data_and_errors_fast():
    run_script("instance.sh", "stop", "graphql", "user-service")
    try:
        reply = graphql(QUERIES["API-2"], {"id": "7"})
        body = reply.json()
        assert reply.elapsed < 3.0
        assert body["errors"]
        assert body["data"]["robot"]["site"]["name"] == "Seoul Logistics Hub"
        assert body["data"]["robot"]["operator"] is None or body["data"]["robot"]["operator"].get("name") is None
        assert data_of(graphql("{ sites { name } }"))["sites"]
    finally:
        run_script("instance.sh", "start", "graphql", "user-service")
    assert len(data_of(graphql(QUERIES["API-1"]))["users"]) == 100
