from bench.harness.gateway_metrics import increase, parse_counters, parse_stub_status, summary

ROUTER = """# HELP apollo_router_cache_hit_total
apollo_router_cache_hit_total{kind="query planner",storage="memory"} 120
apollo_router_cache_miss_total{kind="query planner",storage="memory"} 4
apollo_router_query_planning_plan_duration_seconds_sum{planner="rust"} 0.5
apollo_router_query_planning_plan_duration_seconds_bucket{planner="rust",le="0.001"} 3
http_client_request_duration_seconds_count{subgraph="robot"} 900
http_server_active_requests 3
"""


def test_the_router_series_that_say_where_its_time_goes_are_kept():
    counters = parse_counters(ROUTER)

    assert counters == {
        'apollo_router_cache_hit_total{kind="query planner",storage="memory"}': 120.0,
        'apollo_router_cache_miss_total{kind="query planner",storage="memory"}': 4.0,
        'apollo_router_query_planning_plan_duration_seconds_sum{planner="rust"}': 0.5,
        'http_client_request_duration_seconds_count{subgraph="robot"}': 900.0,
    }


def test_nginx_handled_requests_come_from_stub_status():
    text = "Active connections: 2\nserver accepts handled requests\n 10 10 2345\nReading: 0 Writing: 1 Waiting: 1\n"
    assert parse_stub_status(text) == 2345
    assert parse_stub_status("<html>not stub_status</html>") is None


def test_the_increase_covers_series_seen_at_both_ends_and_survives_a_reset():
    before = {"a": 10.0, "b": 5.0, "gone": 1.0}
    after = {"a": 25.0, "b": 2.0, "new": 3.0}

    assert increase(before, after) == {"a": 15.0, "b": 2.0}
    assert increase(None, after) == {}
    assert summary("graphql", "graphql", 1, None, after)["increase"] == {}
    assert summary("rest", "rest", 1, before, after)["component"] == "nginx"
