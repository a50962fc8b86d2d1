"""End to end: the benchmark command against both real stacks, at a low rate (the quick run of
conftest.py), and Ctrl-C.

Runs in its own pytest session (scripts/test.sh), because the runner starts and stops the
stacks itself.
"""
import json
import signal
import subprocess
import time
import urllib.request

import pytest
from e2e_support import QUICK, QUICK_TRIALS, ROOT, assert_nothing_left_running, stop_leftover_stacks


def test_quick_profile_fills_every_cell_of_the_report(quick_run):
    out, result, results = quick_run
    assert "Parity check passed" in result.stdout
    assert "req/s (target 10) | last " in result.stdout, "progress lines while the load runs"
    assert "phase done, totals: " in result.stdout, "a totals line at the end of each phase"
    assert "] request log: " in result.stdout and " | sends behind schedule: p50 " in result.stdout, \
        "the load of each phase judged from its request log"
    assert "Live view while the load runs: http://127.0.0.1:9090/consoles/index.html" in result.stdout
    assert (out / "report-first-screen.png").stat().st_size > 0, "the report's first screen as a PNG"
    assert result.stdout.index("Report: ") < result.stdout.rindex("Stopped: monitoring"), \
        "the live view stays up until the report is written"
    metadata = json.loads((out / "metadata.json").read_text())
    assert metadata["completed"] is True and metadata["ended_at"]
    assert metadata["versions"]["router"] == "2.17.0" and metadata["versions"]["liberty"]
    assert metadata["placement"]["generator_cpus"] and metadata["simulated_latency_ms"] == 10
    # A gentle warm-up per stack, a settle stage per architecture, 2 trials x 2 levels per architecture.
    assert len(metadata["runs"]) == 2 + 3 + 3 * 2 * QUICK_TRIALS
    assert all(run["exit_code"] == 0 for run in metadata["runs"])
    assert metadata["trial_design"]["design"] == "interleaved" and metadata["trial_design"]["trials"] == QUICK_TRIALS
    assert [sorted(entry["order"]) for entry in metadata["schedule"]] == [["graphql", "graphql-2", "rest"]] * 4
    measured = [run for run in metadata["runs"] if run["phase"].startswith("rps")]
    for run in measured:  # what the other stack, up and idle, used during each trial
        other = "graphql" if run["architecture"] == "rest" else "rest"
        assert set(run["idle_stacks"]) == {other} and run["idle_stacks"][other]["cpu_seconds"] is not None, run
    report = (out / "report.html").read_text()
    assert [a["id"] for a in metadata["architectures"]] == ["rest", "graphql", "graphql-2"]
    for architecture in ("rest", "graphql", "graphql-2"):
        for phase in ("rps10", "rps20"):
            for trial in range(1, QUICK_TRIALS + 1):
                assert (out / f"runs/{architecture}/{phase}.t{trial}.html").exists()
                assert f"runs/{architecture}/{phase}.t{trial}.html" in report
    for scenario in ("API-1", "API-2", "API-3", "API-4"):
        assert scenario in report
    assert "Predicted" in report or "predicted" in report
    assert results and (out / "report.md").exists()
    assert_nothing_left_running()


def test_every_architecture_has_its_idle_cost_and_capacity(quick_run):
    out, result, results = quick_run
    idle = {(r["architecture"], r["component"]) for r in results["resources"] if r["phase"] == "idle"}
    assert {("rest", "nginx"), ("graphql", "router"), ("graphql-2", "robot-service")} <= idle
    assert {row["architecture"] for row in results["capacity"]} == {"rest", "graphql", "graphql-2"}
    assert all(row["net_cpu_ms_per_success"] is not None for row in results["capacity"])
    assert 'id="capacity"' in (out / "report.html").read_text()


def test_ctrl_c_stops_everything_and_writes_a_partial_report(tmp_path):
    # A test session started in the background by a shell inherits SIGINT ignored, and so would
    # the runner: give it the default handling a terminal's Ctrl-C meets.
    runner = subprocess.Popen([*QUICK, "--settle-max", "0", "--arch", "rest,graphql", "--out", str(tmp_path)], cwd=ROOT,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    seen = []
    deadline = time.monotonic() + 600
    for line in runner.stdout:
        seen.append(line)
        if "rest rps10" in line and "req/s for" in line:  # the first measured phase has begun
            live_view = urllib.request.urlopen("http://127.0.0.1:9090/consoles/performance-overview.html", timeout=10)
            assert live_view.status == 200 and "Performance Overview" in live_view.read().decode()
            time.sleep(3)
            runner.send_signal(signal.SIGINT)
            break
        assert time.monotonic() < deadline, "the first phase never started:\n" + "".join(seen[-30:])
    seen += runner.stdout.readlines()
    runner.wait(timeout=180)
    output = "".join(seen)
    assert "Interrupted" in output, output[-3000:]
    metadata = json.loads((tmp_path / "metadata.json").read_text())
    assert metadata["completed"] is False and metadata["ended_at"] is None
    assert any(run["interrupted"] for run in metadata["runs"])
    assert (tmp_path / "report.html").exists(), "a partial report"
    assert_nothing_left_running()


@pytest.fixture(scope="module", autouse=True)
def no_stacks_before():
    stop_leftover_stacks()
