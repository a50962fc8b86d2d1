"""What a run was measured on: versions, commit, cores and CPU placement."""
import json
import os
import platform
import re
import subprocess
from pathlib import Path

from bench.topology import ROOT


def _output(*command, cwd=ROOT) -> str | None:
    try:
        result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return (result.stdout + result.stderr).strip() or None


def _first_match(pattern: str, text: str | None) -> str | None:
    match = re.search(pattern, text or "")
    return match.group(1) if match else None


def versions(router_bin: str) -> dict:
    artillery = ROOT / "artillery/node_modules/artillery/package.json"
    liberty = next(ROOT.glob("*-service/target/liberty/wlp/lib/versions/openliberty.properties"), None)
    return {
        "artillery": json.loads(artillery.read_text())["version"] if artillery.exists() else None,
        "node": _output("node", "--version"),
        "java": _first_match(r'version "([^"]+)"', _output("java", "-version")),
        "liberty": _first_match(r"com.ibm.websphere.productVersion=(\S+)", liberty.read_text() if liberty else None),
        "router": _first_match(r"(\d+\.\d+\.\d+\S*)", _output(router_bin, "--version")),
        "nginx": _first_match(r"nginx/(\S+)", _output("nginx", "-v")),
        "smallrye_graphql": _first_match(r"<smallrye.graphql.version>([^<]+)<", (ROOT / "pom.xml").read_text()),
    }


def commit() -> tuple:
    sha = _output("git", "rev-parse", "HEAD")
    dirty = bool(_output("git", "status", "--porcelain", "--untracked-files=no"))
    return sha, dirty


def host() -> dict:
    memory = _first_match(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()) if Path("/proc/meminfo").exists() else None
    cpu = _first_match(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text()) if Path("/proc/cpuinfo").exists() else None
    return {"cores": os.cpu_count(), "cpu_model": cpu, "memory_kib": int(memory) if memory else None,
            "os": platform.platform()}


def placement(generator_cpus: str | None, sut_cpus: str | None, cpu_groups: str = "shared") -> dict:
    """Default: Artillery on CPU 0 and the system under test on the others, when there are 2+ cores;
    the components of the system under test in one CPU cgroup, or each in its own when
    `cpu_groups` is "per-component" (scripts/lib/in-cpu-group.sh).

    Artillery busy-spins a whole core at any realistic rate (shared/notes/artillery.md), so
    sharing cores with the services would make it compete with what it measures.
    """
    cores = os.cpu_count() or 1
    if generator_cpus is None and sut_cpus is None and cores >= 2:
        generator_cpus, sut_cpus = "0", f"1-{cores - 1}" if cores > 2 else "1"
    return {"generator_cpus": generator_cpus or "any", "system_under_test_cpus": sut_cpus or "any",
            "cpu_groups": cpu_groups,
            "note": "taskset CPU lists; 'any' means not pinned; cpu_groups per-component: each component in its own "
                    "CPU cgroup weighted as cpu_split says, shared: all in one"}


def cpus(cpu_list: str | None) -> list:
    """The CPUs a taskset list names ("1", "1-3", "0,2-3"); all of them for 'any' or none."""
    if not cpu_list or cpu_list == "any":
        return list(range(os.cpu_count() or 1))
    chosen = set()
    for part in cpu_list.split(","):
        low, _, high = part.partition("-")
        chosen.update(range(int(low), int(high or low) + 1))
    return sorted(chosen)


def cpu_count(cpu_list: str | None) -> int:
    """How many CPUs a taskset list names; 'any' or none: all of them."""
    return len(cpus(cpu_list))


def cpu_times(path: Path = Path("/proc/stat")) -> dict | None:
    """{"cpu": (steal, total), "cpu0": ..., ...} in clock ticks since boot; None off Linux.

    total is user + nice + system + idle + iowait + irq + softirq + steal (guest time is already
    inside user and nice)."""
    try:
        lines = path.read_text().splitlines()
    except OSError:
        return None
    times = {}
    for line in lines:
        fields = line.split()
        if fields and fields[0].startswith("cpu") and len(fields) >= 9:
            values = [int(value) for value in fields[1:9]]
            times[fields[0]] = (values[7], sum(values))
    return times or None


def steal_share(before: dict | None, after: dict | None, cpu: str = "cpu") -> float | None:
    """Share of `cpu`'s time (the whole machine by default) the hypervisor gave to other guests
    between two `cpu_times` snapshots: time the system under test or the generator wanted to run
    and could not."""
    if not before or not after or cpu not in before or cpu not in after:
        return None
    stolen = after[cpu][0] - before[cpu][0]
    total = after[cpu][1] - before[cpu][1]
    return round(stolen / total, 4) if total > 0 else None
