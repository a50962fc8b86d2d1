"""Where an architecture runs: one Deployment interface, one implementation per deployment mode.

    local    the components as processes of this machine (scripts/start-*.sh), the default
    compose  the components as containers from docker-compose.yml, on Docker or on podman's
             Docker-compatible API (scripts/docker.sh)

The runner holds one Deployment for the whole run and asks it, not the scripts, to start and
stop an architecture, for the JVMs' pids and for each component's resources over a phase. A
deployment mode is one module here and one entry in MODES; a Kubernetes mode would be a third.
Both modes publish every component at the same addresses (scripts/lib/ports.env), so the load,
the parity check and Prometheus do not depend on the mode.
"""
from pathlib import Path

from bench import topology
from bench.harness.deployments.base import Deployment, ResourceMeter
from bench.harness.deployments.compose import ComposeDeployment
from bench.harness.deployments.local import LocalDeployment

MODES = {"local": LocalDeployment, "compose": ComposeDeployment}
DEFAULT_MODE = "local"
# How the system under test's CPU is divided among its components when each has a CPU group of its
# own: "equal", the container engine's default weight (1024) for every one, or "sized", the weights
# of scripts/lib/cpu-shares-sized.env (each component's measured demand, as an operator would size
# Kubernetes requests). Both modes read the same variables (docker-compose.yml,
# scripts/lib/cpu-groups.sh).
CPU_SPLITS = ("equal", "sized")
# Sized by default: with equal weights a component that needs more than its quarter of a busy core
# queues while the others have CPU to spare (measured: docs/methodology.md, "CPU split"), which
# would decide the verdict by a setting nobody chose.
DEFAULT_CPU_SPLIT = "sized"


def cpu_shares(split: str) -> dict:
    """{variable: weight} of a CPU split; empty for equal weights."""
    return topology.read_numbers(topology.SIZED_CPU_SHARES_FILE) if split == "sized" else {}


def create(mode: str, latency_ms: int, placement: dict, log: Path) -> Deployment:
    return MODES[mode](latency_ms, placement, log)


__all__ = ["CPU_SPLITS", "DEFAULT_CPU_SPLIT", "cpu_shares", "DEFAULT_MODE", "MODES", "Deployment", "ResourceMeter", "create"]
