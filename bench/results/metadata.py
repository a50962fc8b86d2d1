"""`metadata.json`: what the runner tells the report about a results directory.

Schema `bench.metadata/1` (fields not listed are kept and shown as they are):

    {
      "schema": "bench.metadata/1",
      "profile": "standard" | "quick" | any name,
      "started_at": ISO 8601, "ended_at": ISO 8601 or null (run interrupted),
      "commit": git commit or null, "dirty": true/false (optional),
      "versions": {"artillery": ..., "node": ..., "java": ..., "liberty": ..., "router": ..., "nginx": ...},
      "host": {"cores": 2, ...},
      "placement": {"generator_cpus": "0", "system_under_test_cpus": "1", ...},
      "simulated_latency_ms": 20 or null,
      "repeats": 1,                                 # starts of the stacks: blocks, or sequential repeats
      "order": "alternating" (repeat k runs the architectures in the given order when k is odd,
               reversed when even), "random per round" (interleaved) or "as given" (optional),
      "trial_design": {"design": "interleaved" | "sequential", "blocks": 2, "trials": 2,
                       "seed": 1796661646} (optional; bench/harness/profiles.py),
      "schedule": [{"block": 1, "phase": "rps100", "trial": 1,
                    "order": ["graphql", "rest", "graphql-2", "rest-batched"]}, ...] (interleaved),
      "architectures": [
        {"id": "rest", "label": "REST", "kind": "rest", "dashboard_mode": "naive"},
        {"id": "rest-batched", "label": "REST (batched dashboard)", "kind": "rest", "dashboard_mode": "batched"},
        {"id": "graphql", "label": "GraphQL Federation", "kind": "graphql"},
        {"id": "graphql-2", "label": "GraphQL Federation #2", "kind": "graphql", "base": "graphql"}
      ],                                            # "base": the same architecture named twice (A/A)
      "phases": [
        {"name": "warmup", "target_rps": 50, "duration_s": 120, "warmup": true},
        {"name": "settle", "target_rps": 100, "duration_s": 480, "warmup": true, "until_steady": true},
        {"name": "rps100", "target_rps": 100, "duration_s": 180, "warmup": false}, ...
      ],                                            # until_steady: duration_s is the upper bound;
                                                    # a measured phase's duration is one trial's
      "runs": [
        {"architecture": "rest", "phase": "rps100", "repeat": 1,   # the block (or sequential repeat)
         "trial": 1,                                # interleaved: the round within block and level
         "file": "runs/rest/rps100.json",          # relative to the results directory
         "request_log": "runs/rest/rps100.requests.ndjson.gz",   # every request (bench/results/requestlog.py)
         "started_at": ISO 8601, "ended_at": ISO 8601, "exit_code": 0,
         "cpu_steal": 0.004,                        # share of CPU time stolen during the phase (/proc/stat)
         "interrupted": false,                      # true: the file may be missing or partial
         "stopped_early": false,                    # true: a warm-up stopped once steady (no file)
         "steady": {...},                           # until_steady phases: bench/harness/warmup.py's verdict
         "quiet": {"outside_cpu": {"0": 0.004, "1": 0.011},   # share of each core the run uses that went
                   "memory_stall": 0.0,                      # to work outside the run; time some task waited
                   "disturbed": false,                       # for memory; above 5 % of a core: disturbed
                   "busiest_outside": [["cargo", 41.2]]},    # (bench/harness/quiet.py); null: not measured
         "idle_stacks": {"graphql": {"cpu_seconds": 0.8,      # interleaved, measured trials: what the other
                                     "memory_bytes": 9.1e8}}} # stacks used, idle, meanwhile (generator left out)
      ],
      "quiet_check": {"measured": true, "cores": [0, 1], "disturbed_share": 0.05} (optional),
      "notes": "free text" (optional)
    }

Layout of a results directory: `metadata.json`, optional `resources.json` (bench/results/resources.py),
`runs/<architecture>/<phase>.json` (with several blocks or repeats `<phase>.rep<k>.json`, with
several trials `<phase>[.rep<k>].t<n>.json`) and beside each its request log
`<phase>[.rep<k>][.t<n>].requests.ndjson.gz`. The report
finds runs through `runs[].file`, so the layout is a convention, not a requirement.
"""

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from bench.results.errors import InputError

SCHEMA = "bench.metadata/1"
KINDS = ("rest", "graphql")


@dataclass(frozen=True)
class Architecture:
    id: str
    label: str
    kind: str  # "rest" or "graphql"
    base: str | None = None  # set when this is the same architecture as `base`, named again (A/A)
    dashboard_mode: str | None = None


@dataclass(frozen=True)
class Phase:
    name: str
    target_rps: float
    duration_s: float
    warmup: bool
    until_steady: bool = False


@dataclass(frozen=True)
class RunRecord:
    architecture: str
    phase: str
    repeat: int  # the start of the stacks: the block (interleaved design) or the repeat (sequential)
    file: str
    started_at: str | None
    ended_at: str | None
    exit_code: int | None
    interrupted: bool
    request_log: str | None = None
    cpu_steal: float | None = None
    stopped_early: bool = False
    steady: dict | None = None
    quiet: dict | None = None  # the quiet-machine check (bench/harness/quiet.py); None: not made
    trial: int = 1  # the round within its block and load level (interleaved design)
    idle_stacks: dict | None = None  # what the other stacks used, idle, during the trial

    @property
    def idle_stacks_share(self) -> float | None:
        """What the idle stacks used during the trial, as a share of one core; None: not measured."""
        if not self.idle_stacks or not self.started_at or not self.ended_at:
            return None
        seconds = [usage.get("cpu_seconds") for usage in self.idle_stacks.values()]
        window = (datetime.fromisoformat(self.ended_at) - datetime.fromisoformat(self.started_at)).total_seconds()
        return None if None in seconds or window <= 0 else sum(seconds) / window

    @property
    def key(self) -> tuple:
        """Which measurement of its architecture and phase this is: (start, trial)."""
        return self.repeat, self.trial

    @property
    def disturbed(self) -> bool:
        return bool(self.quiet and self.quiet.get("disturbed"))


@dataclass(frozen=True)
class Metadata:
    raw: dict  # everything, for results.json and the report header
    architectures: tuple
    phases: tuple
    runs: tuple

    @property
    def measured_phases(self) -> tuple:
        return tuple(phase for phase in self.phases if not phase.warmup)

    def phase(self, name: str) -> Phase:
        return next(phase for phase in self.phases if phase.name == name)


def _require(entry: dict, key: str, where: str):
    if key not in entry:
        raise InputError(f"metadata.json: {where} lacks '{key}'")
    return entry[key]


def _architecture(entry: dict) -> Architecture:
    arch_id = _require(entry, "id", "an architecture")
    kind = _require(entry, "kind", f"architecture '{arch_id}'")
    if kind not in KINDS:
        raise InputError(f"metadata.json: architecture '{arch_id}' has kind '{kind}', expected one of {KINDS}")
    return Architecture(id=arch_id, label=entry.get("label", arch_id), kind=kind, base=entry.get("base"),
                        dashboard_mode=entry.get("dashboard_mode"))


def _phase(entry: dict) -> Phase:
    name = _require(entry, "name", "a phase")
    return Phase(
        name=name,
        target_rps=float(_require(entry, "target_rps", f"phase '{name}'")),
        duration_s=float(_require(entry, "duration_s", f"phase '{name}'")),
        warmup=bool(entry.get("warmup", False)),
        until_steady=bool(entry.get("until_steady", False)),
    )


def _run(entry: dict) -> RunRecord:
    where = f"run {entry.get('file', entry)}"
    return RunRecord(
        architecture=_require(entry, "architecture", where),
        phase=_require(entry, "phase", where),
        repeat=int(entry.get("repeat", 1)),
        file=_require(entry, "file", where),
        started_at=entry.get("started_at"),
        ended_at=entry.get("ended_at"),
        exit_code=entry.get("exit_code"),
        interrupted=bool(entry.get("interrupted", False)),
        request_log=entry.get("request_log"),
        cpu_steal=entry.get("cpu_steal"),
        stopped_early=bool(entry.get("stopped_early", False)),
        steady=entry.get("steady"),
        quiet=entry.get("quiet"),
        trial=int(entry.get("trial", 1)),
        idle_stacks=entry.get("idle_stacks"),
    )


def load_metadata(results_dir: Path) -> Metadata:
    path = Path(results_dir) / "metadata.json"
    try:
        raw = json.loads(path.read_text())
    except FileNotFoundError:
        raise InputError(f"{path}: not found; the runner writes it (schema in bench/results/metadata.py)") from None
    except json.JSONDecodeError as error:
        raise InputError(f"{path}: not valid JSON ({error})") from None
    if raw.get("schema") != SCHEMA:
        raise InputError(f"{path}: schema is {raw.get('schema')!r}, expected {SCHEMA!r}")
    try:
        metadata = Metadata(
            raw=raw,
            architectures=tuple(_architecture(e) for e in _require(raw, "architectures", "the top level")),
            phases=tuple(_phase(e) for e in _require(raw, "phases", "the top level")),
            runs=tuple(_run(e) for e in _require(raw, "runs", "the top level")),
        )
    except (TypeError, ValueError, AttributeError) as error:
        raise InputError(f"{path}: malformed ({error})") from None
    _check_references(metadata, path)
    return metadata


def _check_references(metadata: Metadata, path: Path) -> None:
    arch_ids = {arch.id for arch in metadata.architectures}
    if len(arch_ids) != len(metadata.architectures):
        raise InputError(f"{path}: two architectures share an id; a repeated one needs its own (e.g. graphql-2)")
    for arch in metadata.architectures:
        if arch.base is not None and arch.base not in arch_ids:
            raise InputError(f"{path}: architecture '{arch.id}' repeats unknown architecture '{arch.base}'")
    phase_names = {phase.name for phase in metadata.phases}
    for run in metadata.runs:
        if run.architecture not in arch_ids:
            raise InputError(f"{path}: run {run.file} names unknown architecture '{run.architecture}'")
        if run.phase not in phase_names:
            raise InputError(f"{path}: run {run.file} names unknown phase '{run.phase}'")
