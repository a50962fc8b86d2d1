"""The runner's progress line, read from Artillery's real console output."""
from pathlib import Path

from bench.loadgen import ProgressParser

CONSOLE = Path(__file__).parent / "fixtures/console"


def feed(name):
    parser, ends = ProgressParser(), 0
    for line in (CONSOLE / name).read_text().splitlines(keepends=True):
        ends += parser.feed(line)
    return parser, ends


def test_reads_rate_and_overall_p95_of_a_clean_period():
    parser, ends = feed("graphql-rps100-first-period.log")
    assert ends == 1
    assert parser.rate == 100
    assert parser.p95 == 645.6  # http.response_time, not a per-endpoint p95
    assert parser.errors == 0


def test_counts_error_statuses_of_a_failing_period():
    parser, _ = feed("rest-rps300-second-period.log")
    assert parser.rate == 302
    assert parser.p95 == 2231
    assert parser.errors == 642 + 5  # http.codes.503 + http.codes.504
