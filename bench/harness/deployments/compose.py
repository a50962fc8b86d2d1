"""Containers from docker-compose.yml: each component in its own container, with its memory limit
(SPEC section 8), its own cgroup on the system under test's CPUs, its own network namespace, and
traffic between components across the compose network's bridge. The start scripts bring up one
architecture's profile (BENCH_DEPLOY=compose scripts/start-rest.sh); scripts/docker.sh is the
Docker CLI against this machine's engine (Docker, or podman's Docker-compatible API).

Each container publishes its port on 127.0.0.1 at the address local mode uses, so the load,
parity check and Prometheus reach it unchanged; the per-container figures come from the
kernel's own counters (bench.harness.deployments.cgroups).
"""
import json
import os
import subprocess
import threading
import time
from pathlib import Path

from bench.harness import stacks
from bench.harness.deployments.base import Deployment, ResourceMeter
from bench.harness.deployments.cgroups import PROC, ContainerCgroup, established, oom_kills_in_kernel_log
from bench.topology import SCRIPTS_DIR, SERVICES

PROJECT = "rest-vs-graphql"  # docker-compose.yml's name
# The labels every benchmark container carries (docker-compose.yml).
ARCH_LABEL, COMPONENT_LABEL = "bench.arch", "bench.component"
SERVICE_CONTAINER_PORT = 9080  # where every service listens inside its container


def docker(*arguments, timeout: int = 60) -> str:
    """The Docker CLI against this machine's engine (scripts/docker.sh); its standard output."""
    try:
        result = subprocess.run([str(SCRIPTS_DIR / "docker.sh"), *arguments], capture_output=True, text=True,
                                timeout=timeout)
    except subprocess.TimeoutExpired:
        raise stacks.StackError(f"scripts/docker.sh {' '.join(arguments)} did not finish in {timeout} s") from None
    if result.returncode != 0:
        raise stacks.StackError(f"scripts/docker.sh {' '.join(arguments)} failed: {result.stderr.strip()[-500:]}")
    return result.stdout


def containers(kind: str | None = None) -> list:
    """`docker inspect` of the architecture's running containers (every architecture's: None)."""
    filters = ["--filter", f"label=com.docker.compose.project={PROJECT}"]
    if kind is not None:
        filters += ["--filter", f"label={ARCH_LABEL}={kind}"]
    ids = docker("ps", "--quiet", *filters).split()
    return json.loads(docker("inspect", *ids)) if ids else []


def component(container: dict) -> str:
    return (container.get("Config", {}).get("Labels") or {}).get(COMPONENT_LABEL, container.get("Name", "?"))


class ComposeDeployment(Deployment):
    mode = "compose"

    def jvm_pids(self, kind: str) -> dict:
        """The services' JVMs: the java process in each service container's cgroup."""
        pids = {}
        for container in containers(kind):
            name = component(container)
            if name in SERVICES:
                pid = _java_pid(container["State"]["Pid"])
                if pid:
                    pids[name] = pid
        return pids

    def stop_everything(self):
        """Also the engine's helpers the scripts started (podman's API service, the healthcheck
        ticker), the project's networks and volumes."""
        stacks.run_script("stop.sh", {"BENCH_DEPLOY": self.mode}, self.log, args=("static-target", "containers"))

    def established_connections(self, kind: str) -> int | None:
        """Counted inside each service container's network namespace, where the gateway's
        connections arrive (the host sees only the published port's)."""
        try:
            return sum(established(PROC / str(c["State"]["Pid"]), SERVICE_CONTAINER_PORT)
                       for c in containers(kind) if component(c) in SERVICES)
        except (OSError, stacks.StackError):
            return None

    def meter(self, kind: str) -> ResourceMeter:
        return ContainerMeter(kind)

    def accounting_cgroups(self) -> list:
        """Every running container of the project, of both architectures: each has a cgroup of its own."""
        groups = []
        for container in containers():
            try:
                groups.append(ContainerCgroup(container["State"]["Pid"]).directory("cpuacct"))
            except (OSError, KeyError):
                continue  # ended meanwhile
        return groups

    def describe(self) -> dict:
        return {"mode": self.mode, "engine": _engine(),
                "note": "containers from docker-compose.yml, each in its own cgroup and network namespace, "
                        "traffic across the compose network's bridge"}

    def describe_stack(self, kind: str) -> dict:
        """Each container's image, limits and CPU placement, and the JVM the services run."""
        described = {}
        for container in containers(kind):
            host = container.get("HostConfig", {})
            described[component(container)] = {
                "image": container.get("Config", {}).get("Image"), "image_id": container.get("Image"),
                "memory_limit_bytes": host.get("Memory") or None, "cpu_shares": host.get("CpuShares") or None,
                "cpu_quota_cores": (host.get("NanoCpus") or 0) / 1e9 or None,
                "cpuset": host.get("CpusetCpus") or None}
        pids = self.jvm_pids(kind)
        if pids:
            described["jvm"] = jvm_release(next(iter(pids.values())))
        return described


class ContainerMeter(ResourceMeter):
    """Per container over a phase: CPU time and throttling, the peak of its working set (sampled every
    SAMPLE_S) and of its cgroup's memory against the limit, OOM kills, restarts, network bytes in
    and out of its interface."""

    SAMPLE_S = 1.0

    def __init__(self, kind: str):
        self.kind = kind
        self.before = {}
        self.kernel_before = None
        self.working_set_peaks = {}
        self._began = time.monotonic()
        self._stop = threading.Event()
        self._sampler = None

    def begin(self):
        self.before = {}
        for container in containers(self.kind):
            cgroup = ContainerCgroup(container["State"]["Pid"])
            cgroup.reset_memory_peak()
            self.before[component(container)] = (container, cgroup, cgroup.read())
        self.kernel_before = oom_kills_in_kernel_log([entry[1].memory_path() for entry in self.before.values()])
        self._began = time.monotonic()
        self._sampler = threading.Thread(target=self._sample, daemon=True, name=f"working-set-{self.kind}")
        self._sampler.start()

    def _sample(self):
        while True:
            for name, (_, cgroup, _) in self.before.items():
                value = cgroup.working_set()
                if value is not None:
                    self.working_set_peaks[name] = max(value, self.working_set_peaks.get(name, 0))
            if self._stop.wait(self.SAMPLE_S):
                return

    def end(self) -> dict:
        self.elapsed_s = round(time.monotonic() - self._began, 2)
        self._stop.set()
        if self._sampler:
            self._sampler.join(timeout=5)
        now = {component(c): c for c in containers(self.kind)}
        kernel = oom_kills_in_kernel_log([entry[1].memory_path() for entry in self.before.values()])
        figures = {}
        for name, (container, cgroup, start) in self.before.items():
            current = now.get(name)
            restarts = None if current is None else current.get("RestartCount", 0) - container.get("RestartCount", 0)
            same_cgroup = current is not None and current["State"]["Pid"] == container["State"]["Pid"]
            figures[name] = _deltas(cgroup, start, same_cgroup) | {
                "window_s": self.elapsed_s, "memory_working_set_peak_bytes": self.working_set_peaks.get(name),
                "restarts": restarts,
                "oom_kills": _oom_kills(cgroup, start, same_cgroup, self.kernel_before, kernel),
                "oom_killed_now": bool(current and current["State"].get("OOMKilled")),
            }
        return figures


def _deltas(cgroup: ContainerCgroup, start, same_cgroup: bool) -> dict:
    """The counters' change over the phase; None where the container restarted (its counters
    started again from zero in a new cgroup)."""
    if not same_cgroup:
        return {"memory_limit_bytes": start.memory_limit_bytes}
    end = cgroup.read()

    def delta(field, scale=1.0):
        a, b = getattr(start, field), getattr(end, field)
        return None if a is None or b is None or b < a else round((b - a) * scale, 3)

    return {"cpu_seconds": delta("cpu_ns", 1e-9), "cpu_throttled_s": delta("throttled_ns", 1e-9),
            "memory_peak_bytes": cgroup.memory_peak(), "memory_limit_bytes": end.memory_limit_bytes,
            "net_rx_bytes": delta("net_rx_bytes"), "net_tx_bytes": delta("net_tx_bytes")}


def _oom_kills(cgroup, start, same_cgroup, kernel_before, kernel_after) -> int | None:
    path = cgroup.memory_path()
    if kernel_before is not None and kernel_after is not None:
        return kernel_after.get(path, 0) - kernel_before.get(path, 0)
    if same_cgroup and start.oom_kills is not None:
        end = cgroup.read().oom_kills
        return None if end is None else end - start.oom_kills
    return None


def jvm_release(pid: int) -> str | None:
    """The JVM a container runs, from its installation's `release` file (JAVA_VERSION, IMPLEMENTOR,
    JAVA_RUNTIME_VERSION, ...), read through /proc/<pid>/root: no process is started in the
    container (podman keeps an exec session's monitor process alive for minutes afterwards)."""
    try:
        java = Path(os.readlink(PROC / str(pid) / "exe"))
        text = (PROC / str(pid) / "root" / java.parent.parent.relative_to("/") / "release").read_text()
    except (OSError, ValueError):
        return None
    fields = dict(line.split("=", 1) for line in text.splitlines() if "=" in line)
    wanted = ("IMPLEMENTOR", "JAVA_RUNTIME_VERSION", "JVM_VARIANT")
    return ", ".join(f"{key} {fields[key].strip(chr(34))}" for key in wanted if key in fields) or None


def _java_pid(init_pid: int) -> int | None:
    """The java process among the container's processes (its init may be a shell script)."""
    try:
        cgroup = ContainerCgroup(init_pid)
    except OSError:
        return None
    for pid in [init_pid, *cgroup.process_ids()]:
        try:
            if (PROC / str(pid) / "comm").read_text().strip() == "java":
                return pid
        except OSError:
            continue
    return None


def _engine() -> dict:
    try:
        version = json.loads(docker("version", "--format", "{{json .Server}}"))
    except (stacks.StackError, json.JSONDecodeError):
        return {"name": None, "version": None}
    components = {c.get("Name"): c.get("Version") for c in version.get("Components") or []}
    name = "podman" if "Podman Engine" in components else "docker"
    return {"name": name, "version": components.get("Podman Engine") or version.get("Version"),
            "api_version": version.get("ApiVersion"), "os": version.get("Os"), "kernel": version.get("KernelVersion")}
