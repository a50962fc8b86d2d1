from pathlib import Path

import pytest

from bench.results.artillery_output import parse_artillery_output
from bench.results.errors import InputError

FIXTURES = Path(__file__).resolve().parent / "fixtures"


def test_rest_run_per_scenario_counts_and_time_to_first_byte():
    run = parse_artillery_output(FIXTURES / "quick/runs/rest/rps20.rep1.json")

    assert run.requests == 200
    assert run.downloaded_bytes == 12583
    api1, api4 = run.scenarios["API-1"], run.scenarios["API-4"]
    assert api1.requests == 98
    assert api1.status_codes == {"200": 98}
    assert api1.ttfb.p95 == 1.0
    assert api4.status_codes == {"503": 10}


def test_graphql_errors_are_counted_per_scenario():
    run = parse_artillery_output(FIXTURES / "quick/runs/graphql/rps50.rep2.json")

    assert {name: s.graphql_errors for name, s in run.scenarios.items()} == {
        "API-1": 9, "API-2": 16, "API-3": 1, "API-4": 2,
    }


def test_transport_errors_are_kept_by_code():
    rest = parse_artillery_output(FIXTURES / "faults/runs/rest/rps10.json")
    graphql = parse_artillery_output(FIXTURES / "faults/runs/graphql/rps10.json")

    assert rest.scenarios["API-3"].transport_errors == {"ERR_SOCKET_TIMEOUT": 7}
    assert rest.scenarios["API-3"].ttfb is None
    assert rest.scenarios["API-4"].transport_errors == {"ECONNRESET": 5}
    assert rest.scenarios["API-2"].status_codes == {"500": 16}
    assert graphql.scenarios["API-1"].transport_errors == {"ECONNREFUSED": 23}
    assert graphql.requests == 50 and graphql.downloaded_bytes == 0


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
