"""End to end: the A/A check. In the session's quick run (conftest.py) GraphQL is named twice;
the copy shares the GraphQL stack and runs its own settle stage and trials, interleaved with the
others, at a low rate. The winner rule must call every cell of the two copies a tie (or
inconclusive): a declared winner between two copies of one architecture is a false winner.

Runs in the e2e session (scripts/test.sh), because the runner starts and stops the stacks.
"""
import gzip
import json
import math

from e2e_support import QUICK_TRIALS, SETTLE_MAX_S


def test_both_copies_run_as_separate_columns(quick_run):
    out, _, results = quick_run
    assert [a["id"] for a in results["metadata"]["architectures"]] == ["rest", "graphql", "graphql-2"]
    for architecture in ("graphql", "graphql-2"):
        for trial in range(1, QUICK_TRIALS + 1):
            assert (out / f"runs/{architecture}/rps20.t{trial}.requests.ndjson.gz").is_file()
            assert (out / f"runs/{architecture}/rps20.t{trial}.html").is_file()


def test_no_cell_has_a_winner(quick_run):
    out, _, results = quick_run
    (aa,) = [c for c in results["comparisons"] if c["kind"] == "aa"]
    winners = [v for v in aa["verdicts"] if v["winner"] not in ("tie", "inconclusive", "n/a")]
    assert aa["winners"] == 0, winners
    assert "**PASSED: no winner in any of the 14 cells.**" in (out / "report.md").read_text()
    # Every latency verdict carries its interval.
    assert all(v["interval_ms"] for v in aa["verdicts"] if v["decided_by"] == "latency")


def test_overall_p95_equals_the_p95_recomputed_from_the_trials_request_logs(quick_run):
    # A cell is the union of its trials' requests: its p95 is their nearest-rank p95, not an
    # average of the trials' p95s.
    out, _, results = quick_run
    for architecture in ("graphql", "graphql-2"):
        lines = [line for trial in range(1, QUICK_TRIALS + 1) for line in gzip.decompress(
            (out / f"runs/{architecture}/rps20.t{trial}.requests.ndjson.gz").read_bytes()).splitlines()]
        latencies = sorted(json.loads(line)["ms"] for line in lines)
        cell = next(c for c in results["cells"]
                    if (c["architecture"], c["phase"], c["column"]) == (architecture, "rps20", "Overall"))
        assert cell["requests"] == len(latencies)
        assert cell["p95"] == latencies[math.ceil(0.95 * len(latencies)) - 1]


def test_the_warm_up_and_the_generator_figures_are_recorded(quick_run):
    out, _, results = quick_run
    assert [(w["architecture"], w["settle_rps"], w["bound_s"]) for w in results["warmups"]] == [
        ("rest", 10, SETTLE_MAX_S), ("graphql", 10, SETTLE_MAX_S), ("graphql-2", 10, SETTLE_MAX_S)]
    measured = [r for r in results["runs"] if r["phase"] == "rps20"]
    assert all(r["load"]["late_p99_ms"] is not None and r["cpu_steal"] is not None for r in measured)
    report = (out / "report.md").read_text()
    assert "## Warm-up" in report and "late p50 / p99 / max ms" in report
