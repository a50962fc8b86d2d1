"""The interface every deployment mode implements (bench.harness.deployments)."""
from abc import ABC, abstractmethod
from pathlib import Path

from bench.harness import stacks
from bench.harness.deployments import cgroups
from bench.harness.deployments.cgroups import PROC
from bench.topology import SERVICE_PORTS


class ResourceMeter(ABC):
    """Each component's resources over one phase, from the deployment's own accounting: begin()
    when the phase starts, end() when it ends."""

    elapsed_s: float | None = None  # between begin() and end()

    @abstractmethod
    def begin(self):
        ...

    @abstractmethod
    def end(self) -> dict:
        """{component: {field: value}} with fields of resources.json (cpu_seconds, memory_peak_bytes,
        memory_limit_bytes, net_rx_bytes, net_tx_bytes, oom_kills, restarts, ...); a field the mode
        cannot measure is absent, and Prometheus' figure (if any) stands."""


class NoMeter(ResourceMeter):
    """A mode whose per-component figures all come from Prometheus."""

    def begin(self):
        pass

    def end(self) -> dict:
        return {}


class Deployment(ABC):
    """Starts and stops the architectures of a run in one deployment mode and reads their
    components. `kind` is an architecture kind: "rest" or "graphql"."""

    mode: str

    def __init__(self, latency_ms: int, placement: dict, log: Path):
        self.latency_ms = latency_ms
        self.placement = placement
        self.log = log

    def script_env(self) -> dict:
        """What the start scripts and scripts/instance.sh read: latency, placement, the mode."""
        return {**stacks.stack_env(self.latency_ms, self.placement["system_under_test_cpus"],
                                   self.placement.get("cpu_groups", "shared")),
                **{name: str(weight) for name, weight in self.placement.get("cpu_shares", {}).items()},
                "BENCH_DEPLOY": self.mode}

    def start(self, kind: str):
        """Starts the architecture and returns when every component is ready."""
        stacks.run_script(stacks.START_SCRIPTS[kind], self.script_env(), self.log)

    def stop(self, kind: str):
        stacks.run_script("stop.sh", {"BENCH_DEPLOY": self.mode}, self.log, args=(kind,))

    def stop_load_targets(self):
        """Both architectures and the static target; the monitoring stays up."""
        stacks.run_script("stop.sh", {"BENCH_DEPLOY": self.mode}, self.log,
                          args=("static-target", "rest", "graphql"))

    def stop_everything(self):
        """At the end of a run: the load targets and whatever the mode started to run them."""
        self.stop_load_targets()

    @abstractmethod
    def jvm_pids(self, kind: str) -> dict:
        """{service: pid of its JVM, as this machine's /proc sees it} of a running architecture."""

    def established_connections(self, kind: str) -> int | None:
        """TCP connections established to the architecture's service instances (clients' and the
        gateway's), counted in the socket table of the network namespace they listen in."""
        try:
            return sum(cgroups.established(PROC / "self", port) for port in SERVICE_PORTS[kind].values())
        except OSError:
            return None

    def meter(self, kind: str) -> ResourceMeter:
        return NoMeter()

    def accounting_cgroups(self) -> list:
        """The cpuacct cgroup directories of the run's components that live outside the runner's
        own group (bench.harness.quiet); local processes inherit the runner's, so none here."""
        return []

    @abstractmethod
    def describe(self) -> dict:
        """What the run's metadata records about the mode (engine, placement of the components)."""

    def describe_stack(self, kind: str) -> dict:
        """What a started architecture runs on, where the mode knows more than the run's versions
        (compose: each container's image, limits and CPU placement, the JVM in the images)."""
        return {}
