"""A container's resources as the kernel counts them: its cgroup (CPU time, memory, limit, OOM
kills) and its network namespace's interfaces (bytes across the bridge).

Read directly instead of through cAdvisor or `docker stats`: the figures are exact counters read
at a phase's start and end (no 5 s sampling), they work the same on Docker and podman (both put
each container in its own cgroup; the path comes from /proc/<pid>/cgroup), and `docker stats`
through podman's API swaps receive and transmit and drops the peak (shared/notes). cgroup v1
(this machine) and v2 are both read.
"""
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

CGROUP_ROOT = Path("/sys/fs/cgroup")
PROC = Path("/proc")


@dataclass(frozen=True)
class Counters:
    """One reading of a container's counters."""

    cpu_ns: int | None
    throttled_ns: int | None
    memory_bytes: int | None
    memory_limit_bytes: int | None
    oom_kills: int | None  # the cgroup's own count; lost when the container restarts (a new cgroup)
    net_rx_bytes: int | None
    net_tx_bytes: int | None


class ContainerCgroup:
    """The cgroup(s) and network namespace of the process `pid` (a container's init process)."""

    def __init__(self, pid: int, proc: Path = PROC, root: Path = CGROUP_ROOT):
        self.pid = pid
        self.proc = proc
        self.root = root
        self.paths = cgroup_paths((proc / str(pid) / "cgroup").read_text())

    @property
    def unified(self) -> bool:
        return "" in self.paths and not any(key for key in self.paths)

    def directory(self, controller: str) -> Path:
        """The directory of the container's cgroup of `controller` (cgroup v2: its one group)."""
        return self._file(controller, "x").parent

    def _file(self, controller: str, name: str) -> Path:
        if self.unified:
            return self.root / self.paths[""].lstrip("/") / name
        for key, path in self.paths.items():
            if controller in key.split(","):
                return self.root / key / path.lstrip("/") / name
        raise FileNotFoundError(f"no {controller} cgroup for pid {self.pid}")

    def _read(self, controller: str, name: str) -> str | None:
        try:
            return self._file(controller, name).read_text()
        except OSError:
            return None

    def process_ids(self) -> list:
        """Every process in the container's cgroup."""
        text = self._read("cpu" if self.unified else "cpuacct", "cgroup.procs") or ""
        return [int(pid) for pid in text.split()]

    def memory_path(self) -> str:
        """The memory cgroup's path, as the kernel names it in an OOM kill message."""
        return self.paths.get("" if self.unified else next((k for k in self.paths if "memory" in k.split(",")), ""), "")

    def read(self) -> Counters:
        if self.unified:
            cpu = _keyed(self._read("cpu", "cpu.stat"))
            usage, throttled = cpu.get("usage_usec"), cpu.get("throttled_usec")
            limit = self._read("memory", "memory.max")
            return Counters(
                cpu_ns=None if usage is None else usage * 1000,
                throttled_ns=None if throttled is None else throttled * 1000,
                memory_bytes=_int(self._read("memory", "memory.current")),
                memory_limit_bytes=None if limit is None or limit.strip() == "max" else _int(limit),
                oom_kills=_keyed(self._read("memory", "memory.events")).get("oom_kill"),
                **self._network())
        throttled = _keyed(self._read("cpu", "cpu.stat")).get("throttled_time")
        limit = _int(self._read("memory", "memory.limit_in_bytes"))
        return Counters(
            cpu_ns=_int(self._read("cpuacct", "cpuacct.usage")),
            throttled_ns=throttled,
            memory_bytes=_int(self._read("memory", "memory.usage_in_bytes")),
            # v1 writes "no limit" as the largest page-aligned number
            memory_limit_bytes=None if limit is None or limit >= 2 ** 62 else limit,
            oom_kills=_keyed(self._read("memory", "memory.oom_control")).get("oom_kill"),
            **self._network())

    def working_set(self) -> int | None:
        """Memory in use less the inactive file cache the kernel reclaims before it would OOM-kill:
        the figure cAdvisor and `kubectl top` compare with a limit (container_memory_working_set_bytes).
        The cgroup's own usage and peak also count the page cache of every file the JVM read."""
        if self.unified:
            usage, inactive = _int(self._read("memory", "memory.current")), _keyed(
                self._read("memory", "memory.stat")).get("inactive_file", 0)
        else:
            usage, inactive = _int(self._read("memory", "memory.usage_in_bytes")), _keyed(
                self._read("memory", "memory.stat")).get("total_inactive_file", 0)
        return None if usage is None else max(0, usage - inactive)

    def reset_memory_peak(self) -> bool:
        """Starts a new peak (v1: max_usage_in_bytes; v2: memory.peak on kernels that allow it)."""
        try:
            self._file("memory", "memory.peak" if self.unified else "memory.max_usage_in_bytes").write_text("0\n")
            return True
        except OSError:
            return False

    def memory_peak(self) -> int | None:
        return _int(self._read("memory", "memory.peak" if self.unified else "memory.max_usage_in_bytes"))

    def _network(self) -> dict:
        try:
            text = (self.proc / str(self.pid) / "net/dev").read_text()
        except OSError:
            return {"net_rx_bytes": None, "net_tx_bytes": None}
        rx, tx = interface_bytes(text)
        return {"net_rx_bytes": rx, "net_tx_bytes": tx}


def established(process: Path, port: int) -> int:
    """TCP connections in state ESTABLISHED whose local port is `port`, in the network namespace of
    `process` (a /proc/<pid> directory): /proc/<pid>/net/tcp and tcp6."""
    count = 0
    for table in ("tcp", "tcp6"):
        try:
            lines = (process / "net" / table).read_text().splitlines()[1:]
        except FileNotFoundError:
            continue
        for line in lines:
            fields = line.split()
            if len(fields) > 3 and fields[3] == "01" and int(fields[1].rsplit(":", 1)[1], 16) == port:
                count += 1
    return count


def cgroup_paths(text: str) -> dict:
    """/proc/<pid>/cgroup: {controllers: path}; v1 lines "4:cpu,cpuacct:/x", the v2 line "0::/x"
    under the key "". Named hierarchies (name=systemd) are left out."""
    paths = {}
    for line in text.splitlines():
        parts = line.split(":", 2)
        if len(parts) == 3 and not parts[1].startswith("name="):
            paths[parts[1]] = parts[2]
    if "" in paths and any(key for key in paths):
        del paths[""]  # hybrid hierarchy: the v1 controllers hold the figures
    return paths


def interface_bytes(net_dev: str) -> tuple:
    """(received, sent) bytes of every interface but loopback, from /proc/<pid>/net/dev."""
    rx = tx = 0
    for line in net_dev.splitlines()[2:]:
        name, _, fields = line.partition(":")
        values = fields.split()
        if name.strip() != "lo" and len(values) >= 9:
            rx += int(values[0])
            tx += int(values[8])
    return rx, tx


def oom_kills_in_kernel_log(memory_paths: list, kernel_log: str | None = None) -> dict | None:
    """{cgroup path: OOM kills the kernel log names in it}; None when the log cannot be read.
    The count survives a restart (the cgroup's own counter does not: a restarted container has a
    fresh cgroup at the same path), so it is what tells an OOM kill from a crash."""
    if kernel_log is None:
        try:
            kernel_log = subprocess.run(["dmesg"], capture_output=True, text=True, timeout=10, check=True).stdout
        except (OSError, subprocess.SubprocessError):
            return None
    counts = {path: 0 for path in memory_paths}
    for match in re.finditer(r"oom-kill:\S*?oom_memcg=([^,\s]+)", kernel_log):
        if match[1] in counts:
            counts[match[1]] += 1
    return counts


def _keyed(text: str | None) -> dict:
    """"name value" lines (cpu.stat, memory.events, memory.oom_control) as {name: int}."""
    values = {}
    for line in (text or "").splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[1].lstrip("-").isdigit():
            values[parts[0]] = int(parts[1])
    return values


def _int(text: str | None) -> int | None:
    try:
        return int(text.strip()) if text is not None else None
    except ValueError:
        return None
