"""Capacity beside the load plan: what each stack's CPU per successful request implies for the
cores it was given, and each load level as a share of that, so a reader sees which cells are
decided by saturation rather than by architecture.

Per level, from the "system under test" row of the resources (every component but the load
generator):
- idle: the stack's CPU with no load (bench.runner.measure_idle), % of one core;
- net CPU per success: the level's CPU less the idle share, per successful request;
- capacity: (cores x 1000 ms - idle ms per second) / net CPU per success, in requests per
  second; without an idle figure, cores x 1000 ms / CPU per success;
- share: the level's target rate over that capacity. A level is saturated at a share of
  SATURATED_SHARE or more, or when the stack used that much of its cores.
An idle figure above AT_REST_SHARE of the cores is not an idle cost: the stack was still working
with no load (a backlog it kept serving, or a loop; a Liberty stack at rest uses 1-3 % of a core
here). It is shown, marked, and not subtracted: the whole cost per success counts.
"""
from dataclasses import dataclass

from bench.harness.environment import cpu_count
from bench.results.resources import IDLE_PHASE

SATURATED_SHARE = 0.9
AT_REST_SHARE = 0.1


@dataclass(frozen=True)
class CapacityRow:
    architecture: str
    target_rps: float
    cores: int
    cpu_percent: float | None  # the stack's CPU at this level, % of one core
    idle_cpu_percent: float | None
    cpu_ms_per_success: float | None
    net_cpu_ms_per_success: float | None
    capacity_rps: float | None
    load_share: float | None
    saturated: bool | None
    idle_at_rest: bool | None  # False: the stack was still busy with no load, its idle not subtracted


def sut_cores(placement: dict, host_cores: int | None) -> int:
    cpus = placement.get("system_under_test_cpus")
    return cpu_count(cpus) if cpus and cpus != "any" else (host_cores or cpu_count(None))


def row(architecture: str, target_rps: float, cores: int, usage, idle, cost) -> CapacityRow:
    """`usage`, `idle`: the system's ResourceUsage at the level and with no load (or None);
    `cost`: the level's Cost of the system (or None)."""
    cpu = usage.cpu_percent if usage else None
    idle_cpu = idle.cpu_percent if idle else None
    at_rest = None if idle_cpu is None else idle_cpu <= AT_REST_SHARE * cores * 100
    per_success = cost.cpu_ms_per_success if cost else None
    net = None
    capacity = None
    if per_success is not None:
        if at_rest and cpu:
            net = per_success * max(cpu - idle_cpu, 0.0) / cpu
            spare_ms = cores * 1000 - idle_cpu * 10
            capacity = spare_ms / net if net > 0 and spare_ms > 0 else None
        else:
            capacity = cores * 1000 / per_success if per_success > 0 else None
    share = target_rps / capacity if capacity else None
    busy = cpu / (cores * 100) if cpu is not None else None
    saturated = None if share is None and busy is None else (
        (share or 0) >= SATURATED_SHARE or (busy or 0) >= SATURATED_SHARE)
    return CapacityRow(architecture, target_rps, cores, cpu, idle_cpu, per_success, net, capacity, share, saturated,
                       at_rest)


def rows(metadata, resources: dict | None, costs: dict, system: str) -> tuple:
    if resources is None:
        return ()
    cores = sut_cores(metadata.raw.get("placement", {}), metadata.raw.get("host", {}).get("cores"))
    table = []
    for arch in metadata.architectures:
        idle = resources.get((arch.id, IDLE_PHASE), {}).get(system)
        for phase in metadata.measured_phases:
            usage = resources.get((arch.id, phase.name), {}).get(system)
            if usage is None:
                continue
            table.append(row(arch.id, phase.target_rps, cores, usage, idle,
                             costs.get((arch.id, phase.name), {}).get(system)))
    return tuple(table)


def idle_rows(metadata, resources: dict | None) -> tuple:
    """(architecture, component, ResourceUsage) of every idle measurement, in metadata order."""
    if resources is None:
        return ()
    return tuple((arch.id, name, usage) for arch in metadata.architectures
                 for name, usage in resources.get((arch.id, IDLE_PHASE), {}).items())
