"""bench.hostile: reading the hostile run's counters and the pass condition."""
import json

import pytest

from bench.experiments.hostile import hostile_counts, hostile_rate, verdict
from bench.results.errors import InputError


def write_output(tmp_path, counters):
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps({"aggregate": {"counters": counters}}))
    return path


def test_counts_per_request_name(tmp_path):
    counts = hostile_counts(write_output(tmp_path, {
        "hostile.passed.malformed-id": 7, "hostile.status.malformed-id.400": 7,
        "hostile.passed.oversized-body": 3, "hostile.failed.oversized-body": 1,
        "hostile.status.oversized-body.413": 3, "hostile.status.oversized-body.502": 1,
        "hostile.untyped.oversized-body": 4, "http.codes.400": 7, "errors.ECONNRESET": 2}))
    assert counts["requests"]["malformed-id"] == {"passed": 7, "failed": 0, "untyped": 0, "statuses": {"400": 7}}
    assert counts["requests"]["oversized-body"]["statuses"] == {"413": 3, "502": 1}
    assert counts["requests"]["oversized-body"]["untyped"] == 4
    assert counts["no_response"] == 2


def test_missing_output_names_the_file(tmp_path):
    with pytest.raises(InputError, match="hostile.json"):
        hostile_counts(tmp_path / "hostile.json")


def test_hostile_rate_is_a_whole_share_with_a_floor_of_one():
    assert hostile_rate(100, 0.05) == 5
    assert hostile_rate(50, 0.05) == 2
    assert hostile_rate(10, 0.05) == 1


GOOD = {"requests": {"malformed-id": {"passed": 5, "failed": 0, "untyped": 0, "statuses": {"400": 5}}},
        "no_response": 0}


def test_passes_when_every_check_holds():
    result = verdict({"p95_ms": 40.0}, {"p95_ms": 45.0}, GOOD)
    assert result["passed"] and result["normal_p95_limit_ms"] == 50.0


def test_a_5xx_fails_it():
    counts = {"requests": {"x": {"passed": 4, "failed": 1, "untyped": 0, "statuses": {"400": 4, "502": 1}}},
              "no_response": 0}
    result = verdict({"p95_ms": 40.0}, {"p95_ms": 41.0}, counts)
    assert not result["passed"] and result["server_errors"] == 1
    assert not result["checks"]["no 5xx"]


def test_well_formed_p95_outside_its_range_fails_it():
    result = verdict({"p95_ms": 100.0}, {"p95_ms": 126.0}, GOOD)
    assert not result["checks"]["well-formed p95 within its normal range"]
    assert verdict({"p95_ms": 100.0}, {"p95_ms": 125.0}, GOOD)["passed"]


def test_requests_without_response_fail_it():
    counts = {**GOOD, "no_response": 1}
    assert not verdict({"p95_ms": 40.0}, {"p95_ms": 40.0}, counts)["passed"]


def test_no_hostile_request_is_not_a_pass():
    assert not verdict({"p95_ms": 40.0}, {"p95_ms": 40.0}, {"requests": {}, "no_response": 0})["passed"]
