"""Every component of both running stacks sits in its own CPU cgroup (scripts/lib/in-cpu-group.sh),
as a container runtime would place it: the scheduler then shares a contended core between
components first, not between their threads."""
import os
import re
import subprocess
from pathlib import Path

import pytest

from stack import ROOT

RUN = ROOT / ".run"
SERVICES = ("user-service", "site-service", "robot-service")


def cpu_group(pid: int) -> str:
    text = Path(f"/proc/{pid}/cgroup").read_text()
    return re.search(r"^\d+:(?:[^:]*,)?cpu(?:,[^:]*)?:(.*)$", text, re.M).group(1)


def pid_of(path: Path) -> int:
    return int(path.read_text().strip())


@pytest.mark.skipif(not os.access("/sys/fs/cgroup/cpu", os.W_OK), reason="needs root and the cgroup v1 cpu controller")
def test_each_component_has_its_own_cpu_group(stacks):
    expected = {f"{arch}/{service}": pid_of(RUN / arch / "liberty/.pid" / f"{service}.pid")
                for arch in ("rest", "graphql") for service in SERVICES}
    expected["rest/nginx"] = pid_of(RUN / "rest/nginx/nginx.pid")
    expected["graphql/router"] = pid_of(RUN / "graphql/router.pid")

    for group, pid in expected.items():
        assert cpu_group(pid) == f"/rest-vs-graphql/{group}", group
    workers = subprocess.run(["pgrep", "-P", str(expected["rest/nginx"])], capture_output=True, text=True).stdout.split()
    assert workers and all(cpu_group(int(worker)) == "/rest-vs-graphql/rest/nginx" for worker in workers)
    shares = {(Path("/sys/fs/cgroup/cpu/rest-vs-graphql") / group / "cpu.shares").read_text().strip()
              for group in expected}
    assert shares == {"1024"}, "equal shares: no component is favoured"
