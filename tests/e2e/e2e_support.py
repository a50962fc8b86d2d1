"""What the end-to-end tests share: the ports the stacks use and the check that nothing is left."""
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ENGINE_CONF = ROOT / "docker/engine/containers.conf"
# The benchmark command in the quick profile at low rates and in short phases.
QUICK = [sys.executable, "-m", "bench", "run", "--profile", "quick", "--rates", "10,20", "--durations", "8",
         "--warmup-rate", "10", "--warmup-duration", "4", "--cold-start", "0"]
# The quick run's settle stage (conftest.py) is bounded to this many seconds.
SETTLE_MAX_S = 30
# The quick run's trials per architecture and level: its 8 s per level become two 4 s trials.
QUICK_TRIALS = 2
# scripts/lib/cpu-groups.sh: one CPU cgroup per component, removed when it stops.
CPU_GROUP_ROOT = Path("/sys/fs/cgroup/cpu/rest-vs-graphql")
PORTS = (8080, 4000, 9101, 9102, 9103, 9201, 9202, 9203, 8088, 9180, 8079, 9090, 9091)


def listening(port):
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def stop_leftover_stacks():
    if any(listening(port) for port in PORTS):
        subprocess.run([str(ROOT / "scripts/stop.sh")], check=True)


def project_containers_networks_volumes() -> list:
    """What podman still holds of the compose project (docker-compose.yml's name), as
    "<kind> <name>" lines; empty where podman is not installed."""
    if not shutil.which("podman"):
        return []
    left = []
    for kind in ("ps -a", "network ls", "volume ls"):
        listing = subprocess.run(["podman", *kind.split(), "--filter", "label=com.docker.compose.project=rest-vs-graphql",
                                  "--format", "{{.Name}}" if kind != "ps -a" else "{{.Names}}"],
                                 capture_output=True, text=True, env={**os.environ, "CONTAINERS_CONF": str(ENGINE_CONF)})
        left += [f"{kind.split()[0]} {name}" for name in listing.stdout.split()]
    return left


def assert_nothing_left_running():
    assert [port for port in PORTS if listening(port)] == []
    assert project_containers_networks_volumes() == []
    assert subprocess.run(["pgrep", "-f", "podman system service"], capture_output=True).returncode == 1, \
        "podman's API service is still running"
    leftovers = subprocess.run(["pgrep", "-f", r"artillery run|apollo-router-.*/bin/router|bench\.instance=|\.run/rest/nginx|\.run/static-target"],
                               capture_output=True, text=True).stdout.split()
    assert leftovers == [], f"processes left running: {leftovers}"
    assert not CPU_GROUP_ROOT.exists(), f"CPU groups left behind: {sorted(CPU_GROUP_ROOT.rglob('*/'))}"
