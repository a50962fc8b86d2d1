"""End to end: the A/A check. The same architecture named twice runs twice on fresh stacks, at a
low rate, and the winner rule must call every cell a tie (or inconclusive): a declared winner
between two copies of one architecture is a false winner.

Runs in the e2e session (scripts/test.sh), because the runner starts and stops the stacks.
"""
import gzip
import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

from test_benchmark_runner import PORTS, assert_nothing_left_running, listening

ROOT = Path(__file__).resolve().parents[2]
# One measured level, short phases; the settle stage is kept (bounded) so the run also shows it.
RUNNER = [sys.executable, "-m", "bench.run", "--profile", "quick", "--arch", "graphql,graphql", "--rates", "20",
          "--durations", "30", "--warmup-rate", "20", "--warmup-duration", "15", "--settle-max", "100"]


@pytest.fixture(scope="module")
def aa_run(tmp_path_factory):
    if any(listening(port) for port in PORTS):
        subprocess.run([str(ROOT / "scripts/stop.sh")], check=True)
    out = tmp_path_factory.mktemp("aa")
    result = subprocess.run([*RUNNER, "--out", str(out)], cwd=ROOT, capture_output=True, text=True, timeout=1500)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-3000:]
    return out, json.loads((out / "results.json").read_text())


def test_both_copies_run_as_separate_columns(aa_run):
    out, results = aa_run
    assert [a["id"] for a in results["metadata"]["architectures"]] == ["graphql", "graphql-2"]
    for architecture in ("graphql", "graphql-2"):
        assert (out / f"runs/{architecture}/rps20.requests.ndjson.gz").is_file()
        assert (out / f"runs/{architecture}/rps20.html").is_file()
    assert_nothing_left_running()


def test_no_cell_has_a_winner(aa_run):
    out, results = aa_run
    (aa,) = [c for c in results["comparisons"] if c["kind"] == "aa"]
    winners = [v for v in aa["verdicts"] if v["winner"] not in ("tie", "inconclusive", "n/a")]
    assert aa["winners"] == 0, winners
    assert "**PASSED: no winner in any of the 7 cells.**" in (out / "report.md").read_text()
    # Every latency verdict carries its interval.
    assert all(v["interval_ms"] for v in aa["verdicts"] if v["decided_by"] == "latency")


def test_overall_p95_equals_the_p95_recomputed_from_the_request_log(aa_run):
    out, results = aa_run
    for architecture in ("graphql", "graphql-2"):
        lines = gzip.decompress((out / f"runs/{architecture}/rps20.requests.ndjson.gz").read_bytes()).splitlines()
        latencies = sorted(json.loads(line)["ms"] for line in lines)
        cell = next(c for c in results["cells"]
                    if (c["architecture"], c["phase"], c["column"]) == (architecture, "rps20", "Overall"))
        assert cell["requests"] == len(latencies)
        assert cell["p95"] == latencies[math.ceil(0.95 * len(latencies)) - 1]


def test_the_warm_up_and_the_generator_figures_are_recorded(aa_run):
    out, results = aa_run
    assert [(w["architecture"], w["settle_rps"], w["bound_s"]) for w in results["warmups"]] == [
        ("graphql", 20, 100), ("graphql-2", 20, 100)]
    measured = [r for r in results["runs"] if r["phase"] == "rps20"]
    assert all(r["load"]["late_p99_ms"] is not None and r["cpu_steal"] is not None for r in measured)
    report = (out / "report.md").read_text()
    assert "## Warm-up" in report and "late p50 / p99 / max ms" in report
