"""The quiet-machine check: how much of each core the run uses went to work outside the run
during a phase, and how long the machine stalled on memory.

At its start the runner moves itself into a cpuacct cgroup of its own (join_run_group). What it
starts from then on inherits the group, daemons and short-lived processes included: Artillery,
Prometheus and its exporters, the services as local processes, the container engine's API
service. A container's processes are counted through its own cgroup, which the deployment names
(Deployment.accounting_cgroups). On each core, the CPU time the kernel counts for every task
(the root group's `cpuacct.usage_percpu`) minus the run's groups is what ran beside the run: a
build, a test suite, another benchmark, the kernel's own threads. On a quiet machine it reads
0.2-1 % of a core (measured 2026-12-07: the VM's agent and kernel threads); a phase where it
exceeds DISTURBED_SHARE on a core the run uses is disturbed, and the report leaves it out of
verdicts.

Needs root and the cgroup v1 cpuacct controller (this machine); elsewhere the check says it was
not measured. Memory pressure comes from /proc/pressure/memory ("some": the share of time at
least one task waited for memory); it is recorded, not judged, because a container held at its
own memory limit stalls the same way.
"""
import os
import threading
import time
from dataclasses import dataclass
from pathlib import Path

CPUACCT = Path("/sys/fs/cgroup/cpuacct")
PROC = Path("/proc")
RUN_GROUP_PREFIX = "rest-vs-graphql-run-"
DISTURBED_SHARE = 0.05  # of one core: ten times what a quiet machine shows here
WATCH_INTERVAL_S = 5.0
WARN_EVERY_S = 30.0
TOP_PROCESSES = 3
KERNEL_THREADS = "kernel threads"
_PF_KTHREAD = 0x00200000


def join_run_group(root: Path = CPUACCT, pid: int | None = None) -> Path | None:
    """Moves this process (and so whatever it starts later) into a cpuacct group of its own,
    after removing the empty groups of earlier runs; None when that is not possible here."""
    pid = pid or os.getpid()
    if not (root / "cpuacct.usage_percpu").exists():
        return None
    for stale in root.glob(f"{RUN_GROUP_PREFIX}*"):
        _remove_if_empty(stale)
    group = root / f"{RUN_GROUP_PREFIX}{pid}"
    try:
        group.mkdir(exist_ok=True)
        (group / "cgroup.procs").write_text(f"{pid}\n")
    except OSError:
        return None
    return group


def leave_run_group(group: Path | None, root: Path = CPUACCT, pid: int | None = None):
    """Back to the root group, and the run's group removed when nothing of the run is left in it."""
    if group is None:
        return
    try:
        (root / "cgroup.procs").write_text(f"{pid or os.getpid()}\n")
    except OSError:
        pass  # the process has ended
    _remove_if_empty(group)


def _remove_if_empty(group: Path):
    try:
        if not (group / "cgroup.procs").read_text().split():
            group.rmdir()
    except OSError:
        pass


def usage_percpu(group: Path) -> list | None:
    """ns of CPU per core used by the tasks of a cpuacct group (and its children)."""
    try:
        return [int(value) for value in (group / "cpuacct.usage_percpu").read_text().split()]
    except (OSError, ValueError):
        return None


def memory_stall_us(proc: Path = PROC) -> int | None:
    """µs since boot during which some task waited for memory (PSI)."""
    try:
        for line in (proc / "pressure/memory").read_text().splitlines():
            if line.startswith("some "):
                return int(dict(field.split("=") for field in line.split()[1:])["total"])
    except (OSError, ValueError, KeyError):
        return None
    return None


def process_times(proc: Path = PROC) -> dict:
    """{pid: (name, cpuacct group path, CPU ticks)} of every process; kernel threads are named
    KERNEL_THREADS."""
    times = {}
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            cgroup = (entry / "cgroup").read_text()
        except OSError:
            continue  # ended meanwhile
        name = stat[stat.index("(") + 1:stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2:].split()
        if int(fields[6]) & _PF_KTHREAD:
            name = KERNEL_THREADS
        group = next((line.split(":", 2)[2] for line in cgroup.splitlines()
                      if "cpuacct" in line.split(":", 2)[1].split(",")), "/")
        times[int(entry.name)] = (name, group, int(fields[11]) + int(fields[12]))
    return times


@dataclass(frozen=True)
class Reading:
    at: float  # time.monotonic()
    total: list  # ns per core, every task
    run: list  # ns per core, the run's groups
    memory_stall_us: int | None
    processes: dict  # process_times()


class QuietWatch:
    """One phase: begin() before the load, end() after it. Between them a thread reads every
    WATCH_INTERVAL_S and warns (through `warn`, at most every WARN_EVERY_S) when work outside the
    run takes more than DISTURBED_SHARE of a core the run uses, naming the busiest processes."""

    def __init__(self, cores: list, run_groups: list, warn, root: Path = CPUACCT, proc: Path = PROC,
                 interval_s: float = WATCH_INTERVAL_S):
        self.cores = cores
        self.run_groups = [Path(group) for group in run_groups]  # the run's cpuacct group directories
        # the same groups as /proc/<pid>/cgroup names them
        self.run_paths = {"/" + str(group.relative_to(root)) for group in self.run_groups if group.is_relative_to(root)}
        self.warn = warn
        self.root = root
        self.proc = proc
        self.interval_s = interval_s
        self.first: Reading | None = None
        self.busiest: dict = {}  # process name -> CPU s outside the run, over the phase
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._warned_at = float("-inf")

    def read(self) -> Reading | None:
        total = usage_percpu(self.root)
        if total is None:
            return None
        run = [0] * len(total)
        for group in self.run_groups:
            for core, used in enumerate(usage_percpu(group) or []):
                if core < len(run):
                    run[core] += used
        return Reading(time.monotonic(), total, run, memory_stall_us(self.proc), process_times(self.proc))

    def begin(self):
        self.first = self.read()
        if self.first is not None:
            self._thread = threading.Thread(target=self._watch, name="quiet-watch", daemon=True)
            self._thread.start()

    def _watch(self):
        last = self.first
        while not self._stop.wait(self.interval_s):
            now = self.read()
            if now is None:
                return
            ranked = busiest_outside(last, now, self.run_paths, limit=None)
            for name, share in ranked:
                self.busiest[name] = self.busiest.get(name, 0.0) + share * (now.at - last.at)
            shares = outside_shares(last, now, self.cores)
            worst = max(shares, key=shares.get) if shares else None
            if worst is not None and shares[worst] > DISTURBED_SHARE and now.at - self._warned_at >= WARN_EVERY_S:
                self._warned_at = now.at
                names = ", ".join(f"{name} {share * 100:.0f} %" for name, share in ranked[:TOP_PROCESSES])
                self.warn(f"WARNING: {shares[worst] * 100:.0f} % of CPU {worst} went to work outside the run in the "
                          f"last {now.at - last.at:.0f} s ({names or 'short-lived processes'}): this phase will be "
                          "marked disturbed and left out of the verdicts")
            last = now

    def end(self) -> dict | None:
        """{"outside_cpu": {core: share of it}, "memory_stall": share of the time, "disturbed": bool,
        "busiest_outside": [[name, CPU s], ...]}; None when not measured here."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        last = self.read() if self.first is not None else None
        if last is None:
            return None
        shares = outside_shares(self.first, last, self.cores)
        elapsed_us = (last.at - self.first.at) * 1e6
        stall = (None if last.memory_stall_us is None or self.first.memory_stall_us is None or elapsed_us <= 0
                 else round((last.memory_stall_us - self.first.memory_stall_us) / elapsed_us, 4))
        busiest = sorted(self.busiest.items(), key=lambda item: -item[1])[:TOP_PROCESSES]
        return {"outside_cpu": {str(core): round(share, 4) for core, share in shares.items()},
                "memory_stall": stall,
                "disturbed": disturbed(shares),
                "busiest_outside": [[name, round(seconds, 1)] for name, seconds in busiest if seconds >= 0.05]}


def outside_shares(before: Reading, after: Reading, cores: list) -> dict:
    """{core: share of that core used outside the run's groups between two readings}."""
    elapsed_ns = (after.at - before.at) * 1e9
    if elapsed_ns <= 0:
        return {}
    shares = {}
    for core in cores:
        if core < len(after.total) and core < len(before.total):
            outside = (after.total[core] - before.total[core]) - (after.run[core] - before.run[core])
            shares[core] = min(1.0, max(0.0, outside / elapsed_ns))
    return shares


def disturbed(shares: dict) -> bool:
    return any(share > DISTURBED_SHARE for share in shares.values())


def busiest_outside(before: Reading, after: Reading, run_paths: set, limit: int | None = TOP_PROCESSES) -> list:
    """[(process name, share of one core)] outside the run between two readings, busiest first
    (processes that started and ended in between are not seen)."""
    elapsed = after.at - before.at
    if elapsed <= 0:
        return []
    ticks = os.sysconf("SC_CLK_TCK")
    used = {}
    for pid, (name, group, cpu) in after.processes.items():
        if any(group == path or group.startswith(path + "/") for path in run_paths):
            continue
        earlier = before.processes.get(pid)
        delta = cpu - (earlier[2] if earlier and earlier[0] == name else 0)
        if delta > 0:
            used[name] = used.get(name, 0) + delta
    ranked = sorted(((name, delta / ticks / elapsed) for name, delta in used.items()), key=lambda item: -item[1])
    return ranked if limit is None else ranked[:limit]
