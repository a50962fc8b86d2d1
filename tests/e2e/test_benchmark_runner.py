"""End to end: the benchmark command against both real stacks, at a low rate.

Runs in its own pytest session (scripts/test.sh), because the runner starts and stops the
stacks itself.
"""
import json
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PORTS = (8080, 4000, 9101, 9102, 9103, 9201, 9202, 9203, 8088, 9180, 8079, 9090, 9091)
RUNNER = [sys.executable, "-m", "bench.run", "--profile", "quick", "--rates", "10,20", "--durations", "8",
          "--warmup-rate", "10", "--warmup-duration", "4", "--settle-max", "0"]


def listening(port):
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def assert_nothing_left_running():
    assert [port for port in PORTS if listening(port)] == []
    leftovers = subprocess.run(["pgrep", "-f", r"artillery run|apollo-router-.*/bin/router|bench\.instance=|\.run/rest/nginx|\.run/static-target"],
                               capture_output=True, text=True).stdout.split()
    assert leftovers == [], f"processes left running: {leftovers}"


@pytest.fixture(scope="module")
def quick_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("quick")
    result = subprocess.run([*RUNNER, "--arch", "rest,rest-batched,graphql", "--out", str(out)], cwd=ROOT,
                            capture_output=True, text=True, timeout=1200)
    return out, result


def test_quick_profile_fills_every_cell_of_the_report(quick_run):
    out, result = quick_run
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "Parity check passed" in result.stdout
    assert "req/s (target 10) | last " in result.stdout, "progress lines while the load runs"
    assert "phase done, totals: " in result.stdout, "a totals line at the end of each phase"
    assert "] request log: " in result.stdout and " | sends behind schedule: p50 " in result.stdout, \
        "the load of each phase judged from its request log"
    assert "Live view while the load runs: http://127.0.0.1:9090/consoles/index.html" in result.stdout
    assert (out / "report-first-screen.png").stat().st_size > 0, "the report's first screen as a PNG"
    assert result.stdout.index("Report: ") < result.stdout.rindex("Stopped: monitoring"), \
        "the live view stays up until the report is written"
    results = json.loads((out / "results.json").read_text())
    metadata = json.loads((out / "metadata.json").read_text())
    assert metadata["completed"] is True and metadata["ended_at"]
    assert metadata["versions"]["router"] == "2.17.0" and metadata["versions"]["liberty"]
    assert metadata["placement"]["generator_cpus"] and metadata["simulated_latency_ms"] == 10
    assert len(metadata["runs"]) == 3 * 3  # 3 architectures x (warm-up + 2 phases)
    assert all(run["exit_code"] == 0 for run in metadata["runs"])
    report = (out / "report.html").read_text()
    for architecture in ("rest", "rest-batched", "graphql"):
        for phase in ("rps10", "rps20"):
            assert (out / f"runs/{architecture}/{phase}.html").exists()
            assert f"runs/{architecture}/{phase}.html" in report
    for scenario in ("API-1", "API-2", "API-3", "API-4"):
        assert scenario in report
    assert "Predicted" in report or "predicted" in report
    assert results and (out / "report.md").exists()
    assert_nothing_left_running()


def test_ctrl_c_stops_everything_and_writes_a_partial_report(tmp_path):
    # A test session started in the background by a shell inherits SIGINT ignored, and so would
    # the runner: give it the default handling a terminal's Ctrl-C meets.
    runner = subprocess.Popen([*RUNNER, "--arch", "rest,graphql", "--out", str(tmp_path)], cwd=ROOT,
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
    if any(listening(port) for port in PORTS):
        subprocess.run([str(ROOT / "scripts/stop.sh")], check=True)
