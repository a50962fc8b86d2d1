from pathlib import Path

import pytest

from bench.artillery_output import parse_artillery_output
from bench.errors import InputError

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def test_rest_run_per_scenario_counts_and_latency():
    run = parse_artillery_output(FIXTURES / "quick/runs/rest/rps20.rep1.json")

    assert run.requests == 200
    assert run.send_window_ms == 9943.0
    assert run.downloaded_bytes == 12583
    api1, api4 = run.scenarios["API-1"], run.scenarios["API-4"]
    assert api1.requests == 98
    assert api1.status_codes == {"200": 98}
    assert api1.response_bytes == 6762
    assert (api1.latency.p50, api1.latency.p95, api1.latency.p99, api1.latency.max) == (1.0, 5.0, 7.0, 12.0)
    assert api1.ttfb.p95 == 1.0
    assert api4.status_codes == {"503": 10}
    assert api4.non_2xx == 10 and api4.failed == 10


def test_body_bytes_add_up_to_artillery_wire_bytes_when_content_length_is_sent():
    run = parse_artillery_output(FIXTURES / "quick/runs/rest/rps20.rep1.json")

    assert sum(s.response_bytes for s in run.scenarios.values()) == run.downloaded_bytes


def test_graphql_errors_are_counted_per_scenario():
    run = parse_artillery_output(FIXTURES / "quick/runs/graphql/rps50.rep2.json")

    assert {name: s.graphql_errors for name, s in run.scenarios.items()} == {
        "API-1": 9, "API-2": 16, "API-3": 1, "API-4": 2,
    }
    assert run.scenarios["API-1"].failed == 9


def test_transport_errors_are_classified():
    rest = parse_artillery_output(FIXTURES / "faults/runs/rest/rps10.json")
    graphql = parse_artillery_output(FIXTURES / "faults/runs/graphql/rps10.json")

    assert rest.scenarios["API-3"].transport_errors == {"ERR_SOCKET_TIMEOUT": 7}
    assert rest.scenarios["API-3"].timeouts == 7
    assert rest.scenarios["API-3"].latency is None
    assert rest.scenarios["API-4"].connection_errors == 5
    assert rest.scenarios["API-2"].non_2xx == 16
    assert graphql.scenarios["API-1"].transport_errors == {"ECONNREFUSED": 23}
    assert sum(s.failed for s in graphql.scenarios.values()) == 50
    assert graphql.downloaded_bytes == 0


def test_intermediate_buckets_are_kept():
    run = parse_artillery_output(FIXTURES / "quick/runs/rest/rps20.rep1.json")

    assert len(run.buckets) >= 2
    assert sum(b.counters.get("vusers.created", 0) for b in run.buckets) == 200


def test_missing_file_is_an_input_error(tmp_path):
    with pytest.raises(InputError, match="not found"):
        parse_artillery_output(tmp_path / "nope.json")


def test_truncated_file_is_an_input_error(tmp_path):
    path = tmp_path / "cut.json"
    path.write_text((FIXTURES / "quick/runs/rest/rps20.rep1.json").read_text()[:500])

    with pytest.raises(InputError, match="not valid JSON"):
        parse_artillery_output(path)


def test_json_that_is_not_artillery_output_is_an_input_error(tmp_path):
    path = tmp_path / "other.json"
    path.write_text('{"hello": 1}')

    with pytest.raises(InputError, match="not an Artillery 2 --output file"):
        parse_artillery_output(path)
