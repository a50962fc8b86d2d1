"""What the end-to-end tests share: the ports the stacks use and the check that nothing is left."""
import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# The benchmark command in the quick profile at low rates and in short phases.
QUICK = [sys.executable, "-m", "bench", "run", "--profile", "quick", "--rates", "10,20", "--durations", "8",
         "--warmup-rate", "10", "--warmup-duration", "4"]
# The quick run's settle stage (conftest.py) is bounded to this many seconds.
SETTLE_MAX_S = 30
# scripts/lib/cpu-groups.sh: one CPU cgroup per component, removed when it stops.
CPU_GROUP_ROOT = Path("/sys/fs/cgroup/cpu/rest-vs-graphql")
PORTS = (8080, 4000, 9101, 9102, 9103, 9201, 9202, 9203, 8088, 9180, 8079, 9090, 9091)


def listening(port):
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def stop_leftover_stacks():
    if any(listening(port) for port in PORTS):
        subprocess.run([str(ROOT / "scripts/stop.sh")], check=True)


def assert_nothing_left_running():
    assert [port for port in PORTS if listening(port)] == []
    leftovers = subprocess.run(["pgrep", "-f", r"artillery run|apollo-router-.*/bin/router|bench\.instance=|\.run/rest/nginx|\.run/static-target"],
                               capture_output=True, text=True).stdout.split()
    assert leftovers == [], f"processes left running: {leftovers}"
    assert not CPU_GROUP_ROOT.exists(), f"CPU groups left behind: {sorted(CPU_GROUP_ROOT.rglob('*/'))}"
