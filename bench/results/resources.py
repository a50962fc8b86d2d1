"""`resources.json`: per-component resource use, written by the runner (from Prometheus, and in
compose mode from each container's own counters).

Optional. When absent the report says "not collected". Schema `bench.resources/1`:

    {
      "schema": "bench.resources/1",
      "source": "prometheus http://127.0.0.1:9090" (free text),
      "samples": [
        {"architecture": "rest", "phase": "rps100", "repeat": 1, "component": "nginx",
         "trial": 1,                 # interleaved design: the trial within the block (default 1)
         "window_s": 187,            # the phase window the figures cover (start to end of the run)
         "cpu_percent": 12.5,        # mean over the window, % of one core (200 = two cores)
         "cpu_seconds": 23.4,        # CPU time used in the window
         "rss_bytes": 13000000,      # peak resident memory during the phase
         "net_rx_bytes": 1234567,    # received during the phase
         "net_tx_bytes": 7654321,    # sent during the phase
         "threads_active_peak": 12, "threads_active_mean": 4.2,   # Liberty: busy threads of the
         "pool_size_peak": 14, "pool_size_mean": 9.8,             #   default executor, its size
         "outgoing_active_peak": 20, "outgoing_active_mean": 7.5, # REST services: busy threads of
         "outgoing_size_peak": 24, "outgoing_size_mean": 18.0,    #   the outgoing-call pool, its size
         "outgoing_queued_peak": 3, "outgoing_queued_mean": 0.2,  #   and the calls waiting for a thread
         "inflight_peak": 30, "inflight_mean": 6.1,               # gateway: requests in flight
         # compose mode, from the container's cgroup and network interface (the CPU figures above
         # then come from there too: the whole container, not only its main process):
         "cpu_throttled_s": 0.0,            # time the container's CPU limit held it back
         "memory_working_set_peak_bytes": 250000000,  # peak of memory in use less the inactive file
                                            #   cache (sampled every second; cAdvisor's working set)
         "memory_peak_bytes": 310000000,    # peak of the cgroup's memory (page cache included)
         "memory_limit_bytes": 536870912,   # its limit (SPEC section 8)
         "oom_kills": 0, "restarts": 0}     # out-of-memory kills and restarts during the phase
      ]
    }

Any number may be null or absent (not measured; older files lack the queue figures, and only
the REST services have an outgoing-call pool). Components
are free names (nginx, router, user-service, ..., artillery); the report lists them in the
order first seen. With several repeats the report shows the median of each number, except CPU
seconds, which are summed so that CPU per successful request pools every repeat.
"""

import json
from collections import defaultdict
from dataclasses import dataclass, fields
from pathlib import Path

from bench.results.errors import InputError
from bench.results.stats import median

SCHEMA = "bench.resources/1"
GENERATOR = "artillery"  # the load generator: never part of the system under test's cost
# The samples the runner takes with no load after the measured phases (bench.runner.measure_idle).
IDLE_PHASE = "idle"


@dataclass(frozen=True)
class ResourceUsage:
    cpu_percent: float | None
    rss_bytes: float | None
    net_rx_bytes: float | None
    net_tx_bytes: float | None
    threads_active_peak: float | None = None
    threads_active_mean: float | None = None
    pool_size_peak: float | None = None
    pool_size_mean: float | None = None
    outgoing_active_peak: float | None = None
    outgoing_active_mean: float | None = None
    outgoing_size_peak: float | None = None
    outgoing_size_mean: float | None = None
    outgoing_queued_peak: float | None = None
    outgoing_queued_mean: float | None = None
    inflight_peak: float | None = None
    inflight_mean: float | None = None
    cpu_throttled_s: float | None = None
    memory_working_set_peak_bytes: float | None = None
    memory_peak_bytes: float | None = None
    memory_limit_bytes: float | None = None
    oom_kills: float | None = None
    restarts: float | None = None
    cpu_seconds: float | None = None  # summed over the runs in `cpu_repeats`
    cpu_repeats: tuple = ()  # (repeat, trial) of every run with a CPU figure


# Over several repeats: events are summed (one OOM kill in any repeat is reported), the memory peak
# is the highest, the CPU time is summed (see `cpu_repeats`), every other figure is the median.
SUMMED_FIELDS = ("oom_kills", "restarts")
HIGHEST_FIELDS = ("memory_working_set_peak_bytes", "memory_peak_bytes")
MEDIAN_FIELDS = tuple(f.name for f in fields(ResourceUsage)
                      if f.name not in ("cpu_seconds", "cpu_repeats", *SUMMED_FIELDS, *HIGHEST_FIELDS))


def cpu_seconds(sample: dict) -> float | None:
    if sample.get("cpu_seconds") is not None:
        return float(sample["cpu_seconds"])
    if sample.get("cpu_percent") is not None and sample.get("window_s"):
        return sample["cpu_percent"] / 100 * sample["window_s"]
    return None


def run_key(sample: dict) -> tuple:
    """Which run of its architecture and phase a sample covers: (repeat, trial), as RunRecord.key."""
    return sample.get("repeat", 1), sample.get("trial", 1)


def _usage(samples: list) -> ResourceUsage:
    timed = [(run_key(s), cpu_seconds(s)) for s in samples if cpu_seconds(s) is not None]
    present = {f: [s[f] for s in samples if s.get(f) is not None] for f in (*SUMMED_FIELDS, *HIGHEST_FIELDS)}
    return ResourceUsage(**{f: median([s.get(f) for s in samples]) for f in MEDIAN_FIELDS},
                         **{f: sum(present[f]) if present[f] else None for f in SUMMED_FIELDS},
                         **{f: max(present[f]) if present[f] else None for f in HIGHEST_FIELDS},
                         cpu_seconds=sum(value for _, value in timed) if timed else None,
                         cpu_repeats=tuple(sorted(repeat for repeat, _ in timed)))


# What a deployment's own meter measures (bench.harness.deployments), overlaid on Prometheus' figures.
COUNTER_FIELDS = ("cpu_seconds", "cpu_throttled_s", "memory_working_set_peak_bytes", "memory_peak_bytes",
                  "memory_limit_bytes", "net_rx_bytes", "net_tx_bytes", "oom_kills", "restarts")


def overlay(samples: list, figures: dict, architecture: str, phase: str, repeat: int, started_at: str,
            ended_at: str) -> list:
    """Prometheus' samples of a phase with a deployment's own figures ({component: {field: value}})
    in place of theirs: a component's CPU is then its container's, over the meter's window. A
    component only the deployment saw gets a sample of its own."""
    by_component = {sample["component"]: dict(sample) for sample in samples}
    for component, values in figures.items():
        sample = by_component.setdefault(component, {
            "architecture": architecture, "phase": phase, "repeat": repeat, "component": component,
            "window_s": values.get("window_s"), "cpu_percent": None, "rss_bytes": None})
        sample.update({field: values.get(field) for field in COUNTER_FIELDS})
        if values.get("window_s"):
            sample["window_s"] = values["window_s"]
            cpu = values.get("cpu_seconds")
            sample["cpu_percent"] = None if cpu is None else round(cpu / values["window_s"] * 100, 1)
    return list(by_component.values())


def load_resources(results_dir: Path) -> dict | None:
    """{(architecture, phase): {component: ResourceUsage}}, or None when not collected."""
    path = Path(results_dir) / "resources.json"
    if not path.exists():
        return None
    try:
        raw = json.loads(path.read_text())
    except json.JSONDecodeError as error:
        raise InputError(f"{path}: not valid JSON ({error})") from None
    if raw.get("schema") != SCHEMA:
        raise InputError(f"{path}: schema is {raw.get('schema')!r}, expected {SCHEMA!r}")
    grouped = defaultdict(lambda: defaultdict(list))
    try:
        for sample in raw["samples"]:
            key = (sample["architecture"], sample["phase"])
            grouped[key][sample["component"]].append(sample)
    except (KeyError, TypeError) as error:
        raise InputError(f"{path}: a sample lacks {error}") from None
    return {key: {component: _usage(samples) for component, samples in components.items()}
            for key, components in grouped.items()}


@dataclass(frozen=True)
class Cost:
    """CPU per successful request of one component (or the whole system under test) in a phase."""

    cpu_ms_per_success: float | None
    successes_per_core_s: float | None


def cost(usage: ResourceUsage, successes_by_run: dict) -> Cost:
    """`successes_by_run`: {(repeat, trial): successful requests of the phase}; only the runs with
    a CPU figure count, so the two sides of the ratio cover the same runs."""
    successes = sum(successes_by_run.get(key, 0) for key in usage.cpu_repeats)
    if usage.cpu_seconds is None or not successes:
        return Cost(None, None)
    return Cost(usage.cpu_seconds * 1000 / successes,
                successes / usage.cpu_seconds if usage.cpu_seconds > 0 else None)


def system_usage(components: dict) -> ResourceUsage | None:
    """The system under test as one component: every component but the load generator, CPU
    summed over the repeats every one of them was measured in. Its CPU is unknown when a
    component's is (a container that restarted mid-phase): a sum without it would understate the
    cost. Limits, OOM kills and restarts add up over every component."""
    parts = [u for name, u in components.items() if name != GENERATOR]
    if not parts:
        return None
    cpu_known = all(u.cpu_seconds is not None for u in parts)
    repeats = set(parts[0].cpu_repeats).intersection(*(u.cpu_repeats for u in parts))
    if cpu_known and any(set(u.cpu_repeats) != repeats for u in parts):
        return None  # a component lacks a repeat: the sum would mix runs
    return ResourceUsage(cpu_percent=sum(u.cpu_percent or 0 for u in parts) if cpu_known else None,
                         rss_bytes=None, net_rx_bytes=None, net_tx_bytes=None,
                         cpu_seconds=sum(u.cpu_seconds for u in parts) if cpu_known else None,
                         cpu_repeats=tuple(sorted(repeats)) if cpu_known else (),
                         cpu_throttled_s=_total(parts, "cpu_throttled_s") if cpu_known else None,
                         memory_limit_bytes=_total(parts, "memory_limit_bytes"),
                         **{field: _total(parts, field) for field in SUMMED_FIELDS})


def _total(parts: list, field: str) -> float | None:
    """The sum over the components that have the figure; None when none has it."""
    values = [getattr(u, field) for u in parts if getattr(u, field) is not None]
    return sum(values) if values else None
