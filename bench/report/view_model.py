"""Everything the report shows, built from one results directory; also its results.json form."""

from collections import defaultdict
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from bench.harness import cpu_profile
from bench.harness.warmup import CRITERION
from bench.report import capacity
from bench.report.aggregate import build_cells, disturbed_runs, load_runs
from bench.report.predictions import AGGREGATION_MIX, N_PLUS_ONE_MIX, CostAtLevel, findings, prediction_rows
from bench.report.resilience import Resilience, as_json, documents, load_resilience
from bench.report.verdict import INCONCLUSIVE, NO_DATA, RULE_TEXT, TIE, decide
from bench.results.measure import LATE_P99_BOUND_MS, MIN_ACHIEVED_SHARE
from bench.results.metadata import Architecture, Metadata, load_metadata
from bench.results.resources import Cost, cost, load_resources, system_usage
from bench.results.stats import median
from bench.scenarios import OVERALL, SCENARIOS, TRAFFIC_MIX, mix_with

RESULTS_SCHEMA = "bench.results/2"
COLUMNS = SCENARIOS + (OVERALL,)  # what the report tabulates per architecture
# None: the traffic as sent (every request of the phase); otherwise each request is weighted.
MIXES = {
    OVERALL: None,
    N_PLUS_ONE_MIX: mix_with("API-3", 0.30),
    AGGREGATION_MIX: mix_with("API-4", 0.30),
}
SYSTEM = "system under test"  # the row of the resources table that sums every component but the generator
FAIR, NAIVE, AA = "fair", "naive", "aa"
GUIDE_STATUSES = ("supported", "contradicted")  # the decision-guide lines the answer shows
GENERATOR_RULE = (
    f"A run is generator-limited when it achieved less than {MIN_ACHIEVED_SHARE * 100:g} % of its target rate, its "
    "arrivals overran the planned duration by more than max(1 s, 2 %), or more than 1 % of its sends left over "
    f"{LATE_P99_BOUND_MS:g} ms later than Artillery's schedule (first send + k x interval): the generator, not the "
    "system, shaped that load. Its cells and verdicts are marked ⚠."
)


@dataclass(frozen=True)
class Comparison:
    first: Architecture  # the REST side of a pair; the first of two runs of one architecture (A/A)
    second: Architecture  # GraphQL; the second run (A/A)
    kind: str  # FAIR, NAIVE or AA
    title: str
    names: dict  # architecture id -> short name in verdict cells
    verdicts: dict  # (phase, column) -> Verdict, column in COLUMNS or a MIXES name
    predictions: tuple
    findings: tuple

    @property
    def winners(self) -> list:
        """(phase, column) of every cell with a declared winner."""
        return [key for key, v in self.verdicts.items() if v.winner not in (TIE, INCONCLUSIVE, NO_DATA)]


@dataclass(frozen=True)
class StartAgreement:
    """Whether the starts of the stacks (blocks, or repeats) would have named the same winners: the
    REST/GraphQL pairs judged on each start's runs alone."""

    starts: int
    judged: int  # cells with a verdict in every start
    contradictions: tuple  # (first id, second id, phase, column, {start: winner}) named REST in one, GraphQL in another

    def as_text(self) -> str:
        if not self.contradictions:
            return (f"the {self.starts} starts agree: no cell names REST in one and GraphQL in another "
                    f"({self.judged} cells judged in each)")
        first, second, phase, column, winners = self.contradictions[0]
        example = ", ".join(f"{winner} in start {start}" for start, winner in sorted(winners.items()))
        return (f"the {self.starts} starts CONTRADICT each other in {len(self.contradictions)} of {self.judged} cells "
                f"(e.g. {phase} {column}: {example}): such verdicts may not survive a rerun")


@dataclass(frozen=True)
class WarmupRow:
    architecture: str
    repeat: int
    gentle_rps: float | None
    gentle_s: float | None
    settle_rps: float | None
    bound_s: float | None
    steady: bool | None  # None: no settle stage
    steady_after_s: float | None
    needed_s: float | None  # gentle stage + settle stage until steady
    windows: tuple


@dataclass(frozen=True)
class Report:
    results_dir: Path
    metadata: Metadata
    runs: list  # LoadedRun
    cells: dict  # (architecture, phase, column) -> CellStats
    resources: dict | None  # (architecture, phase) -> {component: ResourceUsage}, SYSTEM included
    costs: dict  # (architecture, phase) -> {component: Cost}, SYSTEM included
    comparisons: tuple
    warmups: tuple  # WarmupRow
    generated_at: str
    resilience: Resilience  # the failure experiments, when the run had any
    capacity: tuple = ()  # capacity.CapacityRow per architecture and measured level
    idle: tuple = ()  # (architecture, component, ResourceUsage) with no load
    cpu_profiles: dict | None = None  # cpu_profiles.json, when the run recorded one
    cold_starts: dict = field(default_factory=dict)  # architecture id -> bench.cold-start/1 document
    agreement: StartAgreement | None = None  # None: one start per architecture

    @property
    def deployment(self) -> str:
        """Where the architectures ran, in words: the mode, the engine and, per container, its image,
        memory limit and CPU placement (metadata "deployment", bench.harness.deployments)."""
        raw = self.metadata.raw.get("deployment")
        if not raw:
            return "local processes (not recorded)"
        engine = raw.get("engine") or {}
        text = raw.get("mode", "?") + (f" on {engine.get('name')} {engine.get('version')}" if engine.get("name") else "")
        for kind, containers in sorted((raw.get("stacks") or {}).items()):
            jvm = containers.get("jvm")
            parts = [f"{name} {c.get('image')} ({_limits(c)})" for name, c in containers.items() if name != "jvm"]
            text += f"; {kind}: " + ", ".join(parts) + (f"; JVM: {jvm.splitlines()[0]}" if jvm else "")
        return text + (f". {raw['note']}" if raw.get("note") else "")

    @property
    def trust(self) -> tuple:
        """(one line on how far the verdicts can be trusted, False when they cannot be): the A/A
        pairs, the disturbed runs, the flagged cells and how many starts the intervals cover."""
        pairs = [c for c in self.comparisons if c.kind != AA]
        checks = [c for c in self.comparisons if c.kind == AA]
        failed = [c for c in checks if c.winners]
        if failed:
            parts = ["A/A FAILED (" + ", ".join(f"{c.first.id} twice: a winner in {len(c.winners)} of "
                                                 f"{len(c.verdicts)} cells" for c in failed)
                     + "): these verdicts are not to be trusted"]
        elif checks:
            parts = ["A/A passed (" + ", ".join(f"{c.first.id} twice: no winner in {len(c.verdicts)} cells"
                                                 for c in checks) + ")"]
        else:
            parts = ["no A/A pair in this run (name an architecture twice: --arch graphql,graphql)"]
        check = self.metadata.raw.get("quiet_check")
        if check and check.get("measured"):
            parts.append(f"{len(disturbed_runs(self.metadata))} disturbed runs left out")
        else:
            parts.append("work beside the run " + ("not measured" if check else "not recorded"))
        cells = [v for c in pairs for v in c.verdicts.values() if v.winner != NO_DATA]
        parts.append(f"{sum(v.flagged for v in cells)} of {len(cells)} verdict cells flagged ⚠")
        parts.append(self._coverage)
        if self.agreement:
            parts.append(self.agreement.as_text())
        return "; ".join(parts), not failed

    @property
    def _coverage(self) -> str:
        """What variation the verdicts' intervals cover: starts of the stacks, trials, or one run."""
        design = self.metadata.raw.get("trial_design") or {}
        repeats = self.metadata.raw.get("repeats", 1)
        if design.get("design") == "interleaved":
            trials = design.get("trials", 1)
            counted = f"{repeats} start{'s' if repeats > 1 else ''} x {trials} trial{'s' if trials > 1 else ''}"
            if repeats > 1:
                return f"interleaved trials, {counted} per architecture and level: the intervals cover starts and trials"
            return (f"interleaved trials, {counted} per architecture and level: one start, so the intervals cover "
                    "the variation within it, not between starts")
        if repeats == 1:
            return "one start per architecture: the intervals cover the variation within a start, not between starts"
        return f"{repeats} starts per architecture"

    def saturation(self, target_rps: float) -> str:
        """Which architectures a load level saturated (bench.report.capacity), in words for beside
        its verdicts; "" when none was."""
        labels = {arch.id: arch.label for arch in self.metadata.architectures}
        hits = [(labels[row.architecture], f"{row.load_share * 100:.0f} % of its capacity" if row.load_share
                 else f"its cores {row.cpu_percent / row.cores:.0f} % busy")
                for row in self.capacity if row.target_rps == target_rps and row.saturated]
        if not hits:
            return ""
        return ("saturated: " + ", ".join(f"{label} ({how})" for label, how in hits)
                + ": a capacity finding, not a latency one")

    @property
    def guide_lines(self) -> list:
        """[(claim, what each pair says of it, "supported" | "contradicted" | "mixed")] for every
        line of the decision guide that some pair supports or contradicts, for the answer."""
        labels = {arch.id: arch.label for arch in self.metadata.architectures}
        said = defaultdict(list)
        for c in self.comparisons:
            if c.kind == AA:
                continue
            for finding in c.findings:
                if finding.status in GUIDE_STATUSES:
                    said[finding.claim].append((labels[c.first.id], finding.status))
        lines = []
        for claim, verdicts in said.items():
            statuses = list(dict.fromkeys(status for _, status in verdicts))
            text = "; ".join(f"{status} with " + " and ".join(label for label, said_status in verdicts
                                                               if said_status == status)
                             for status in statuses)
            lines.append((claim, text, statuses[0] if len(statuses) == 1 else "mixed"))
        return lines

    @property
    def quiet_machine(self) -> str:
        """The quiet-machine check in words: how many measured runs were disturbed, and the most
        that work outside the run took of one of its cores (bench.harness.quiet)."""
        check = self.metadata.raw.get("quiet_check")
        if not check:
            return "not recorded (a run from before the check)"
        if not check.get("measured"):
            return "not measured here (needs root and the cgroup v1 cpuacct controller)"
        measured = {phase.name for phase in self.metadata.measured_phases}
        runs = [record for record in self.metadata.runs
                if record.phase in measured and (record.quiet or record.idle_stacks is not None)]
        disturbed = disturbed_runs(self.metadata)
        most = max((share for record in runs if record.quiet for share in record.quiet["outside_cpu"].values()),
                   default=None)
        cores = ", ".join(str(core) for core in check.get("cores", []))
        text = (f"{len(disturbed)} of {len(runs)} measured runs disturbed (work outside the run above "
                f"{check['disturbed_share'] * 100:g} % of CPU {cores}: left out of the verdicts)")
        by_idle_stacks = sum(not record.disturbed for record in disturbed)
        if by_idle_stacks:
            text = (f"{len(disturbed)} of {len(runs)} measured runs disturbed, left out of the verdicts: "
                    f"{len(disturbed) - by_idle_stacks} by work outside the run above {check['disturbed_share'] * 100:g} "
                    f"% of CPU {cores}, {by_idle_stacks} by the run's own idle stacks above it")
        return text + (f"; the most it took of one core in a run: {most * 100:.1f} %" if most is not None else "")

    @property
    def containers(self) -> bool:
        """True when the run measured containers (compose mode): their limits, kills and network."""
        return any(usage.memory_limit_bytes is not None or usage.net_rx_bytes is not None
                   for components in (self.resources or {}).values() for usage in components.values())

    def run_page(self, run) -> str | None:
        """Path of a run's HTML page relative to the results directory."""
        return str(Path(run.record.file).with_suffix(".html")) if run.table is not None else None

    @property
    def _idle_stacks(self) -> str:
        """What keeping the other stacks up cost the measured one, over the measured trials."""
        shares = [share for record in self.metadata.runs if (share := record.idle_stacks_share) is not None]
        if not shares:
            return ""
        return (f"; beside a trial the idle stacks used {median(shares) * 100:.1f} % of a core (median over "
                f"{len(shares)} trials, highest {max(shares) * 100:.1f} %)")

    @property
    def order(self) -> str:
        """How the architectures were ordered, in words."""
        order = self.metadata.raw.get("order")
        ids = ", ".join(arch.id for arch in self.metadata.architectures)
        design = self.metadata.raw.get("trial_design") or {}
        if design.get("design") == "interleaved":
            return (f"interleaved: {design['blocks']} block(s), each a start and warm-up of every stack, then per load "
                    f"level {design['trials']} round(s) of one trial per architecture ({ids}) in a random order "
                    f"(seed {design['seed']}); every stack stays up while another is measured"
                    + self._idle_stacks)
        repeats = self.metadata.raw.get("repeats", 1)
        if repeats > 1 and order == "alternating":
            return (f"sequential, {repeats} repeats, alternating: odd repeats ran {ids}, even repeats the reverse, so "
                    "no architecture always runs first")
        if repeats > 1:
            return f"sequential, {repeats} repeats, {order or 'as given'}: {ids} in every repeat"
        return f"sequential: {ids}, one run each, each on a stack of its own"


def _bytes_by_scenario(cells: dict, metadata: Metadata, rest_id: str, graphql_id: str) -> dict:
    def median_bytes(arch_id, scenario):
        return median(cells[(arch_id, phase.name, scenario)].bytes_per_success
                      for phase in metadata.measured_phases if (arch_id, phase.name, scenario) in cells)

    return {s: (median_bytes(rest_id, s), median_bytes(graphql_id, s)) for s in SCENARIOS}


def _cost_by_level(costs: dict, metadata: Metadata, rest_id: str, graphql_id: str) -> list:
    levels = []
    for phase in metadata.measured_phases:
        rest = costs.get((rest_id, phase.name), {}).get(SYSTEM)
        graphql = costs.get((graphql_id, phase.name), {}).get(SYSTEM)
        if rest and graphql and rest.cpu_ms_per_success is not None and graphql.cpu_ms_per_success is not None:
            levels.append(CostAtLevel(phase.target_rps, rest.cpu_ms_per_success, graphql.cpu_ms_per_success,
                                      rest.successes_per_core_s, graphql.successes_per_core_s))
    return levels


def _pairs(metadata: Metadata) -> list:
    """(first, second, kind): GraphQL against hand-batched REST (the fair pair), then against
    naive REST (the N+1 cost), then every architecture named twice against its first run (the
    copy is judged against its original only)."""
    rests = [a for a in metadata.architectures if a.kind == "rest" and a.base is None]
    graphqls = [a for a in metadata.architectures if a.kind == "graphql" and a.base is None]
    pairs = [(r, g, FAIR if r.dashboard_mode == "batched" else NAIVE) for g in graphqls for r in rests]
    pairs.sort(key=lambda pair: pair[2] != FAIR)
    by_id = {a.id: a for a in metadata.architectures}
    pairs += [(by_id[a.base], a, AA) for a in metadata.architectures if a.base in by_id]
    return pairs


def _agreement(metadata: Metadata, runs: list) -> StartAgreement | None:
    """The REST/GraphQL verdicts of each start of the stacks on its own runs, side by side."""
    measured = {phase.name for phase in metadata.measured_phases}
    starts = sorted({run.record.repeat for run in runs if run.table is not None and run.record.phase in measured})
    if len(starts) < 2:
        return None
    judged_by_start = {start: build_cells(metadata, [run for run in runs if run.record.repeat == start], MIXES)
                       for start in starts}
    judged, contradictions = 0, []
    for first, second, kind in _pairs(metadata):
        if kind == AA:
            continue
        for phase in metadata.measured_phases:
            for column in SCENARIOS + tuple(MIXES):
                a, b = (first.id, phase.name, column), (second.id, phase.name, column)
                winners = {start: decide(first.id, cells.get(a), replicates.get(a),
                                         second.id, cells.get(b), replicates.get(b)).winner
                           for start, (cells, replicates) in judged_by_start.items()}
                judged += NO_DATA not in winners.values()
                if {first.id, second.id} <= set(winners.values()):
                    contradictions.append((first.id, second.id, phase.name, column, winners))
    return StartAgreement(len(starts), judged, tuple(contradictions))


def _title(first: Architecture, second: Architecture, kind: str) -> str:
    if kind == AA:
        return f"A/A: {first.label} vs {second.label} (the same architecture twice: every cell must be a tie)"
    what = "the fair pair" if kind == FAIR else "the N+1 cost"
    return f"{second.label} vs {first.label}: {what}"


def _comparison(first, second, kind, cells, replicates, metadata, costs) -> Comparison:
    phases = metadata.measured_phases
    verdicts = {}
    for phase in phases:
        for column in SCENARIOS + tuple(MIXES):
            a, b = (first.id, phase.name, column), (second.id, phase.name, column)
            verdicts[(phase.name, column)] = decide(first.id, cells.get(a), replicates.get(a),
                                                    second.id, cells.get(b), replicates.get(b))
    if kind == AA:
        return Comparison(first, second, kind, _title(first, second, kind), {first.id: first.id, second.id: second.id},
                          verdicts, (), ())
    return Comparison(
        first=first, second=second, kind=kind, title=_title(first, second, kind),
        names={first.id: "REST", second.id: "GraphQL"},
        verdicts=verdicts,
        predictions=prediction_rows(verdicts, phases, first.id, second.id),
        findings=findings(
            verdicts, phases, first.id, second.id,
            _bytes_by_scenario(cells, metadata, first.id, second.id),
            _cost_by_level(costs, metadata, first.id, second.id),
        ),
    )


def _successes_by_run(runs: list) -> dict:
    """{(architecture, phase): {(repeat, trial): successful requests}} of the measured runs."""
    successes = defaultdict(dict)
    for run in runs:
        if run.table is not None:
            successes[(run.record.architecture, run.record.phase)][run.record.key] = int((~run.table.failed).sum())
    return successes


def _with_system(resources: dict | None) -> dict | None:
    if resources is None:
        return None
    return {key: {**components, **({SYSTEM: total} if (total := system_usage(components)) else {})}
            for key, components in resources.items()}


def _costs(resources: dict | None, runs: list) -> dict:
    successes = _successes_by_run(runs)
    return {key: {name: cost(usage, successes.get(key, {})) for name, usage in components.items()}
            for key, components in (resources or {}).items()}


def _warmups(metadata: Metadata) -> tuple:
    rows = []
    for arch in metadata.architectures:
        for repeat in sorted({r.repeat for r in metadata.runs if r.architecture == arch.id}):
            mine = {r.phase: r for r in metadata.runs if r.architecture == arch.id and r.repeat == repeat}
            gentle = next((p for p in metadata.phases if p.warmup and not p.until_steady and p.name in mine), None)
            settle = next((p for p in metadata.phases if p.until_steady and p.name in mine), None)
            if gentle is None and settle is None:
                continue
            steady = (mine[settle.name].steady or {}) if settle else {}
            after = steady.get("steady_after_s")
            gentle_s = gentle.duration_s if gentle else 0.0
            rows.append(WarmupRow(
                architecture=arch.id, repeat=repeat,
                gentle_rps=gentle.target_rps if gentle else None, gentle_s=gentle.duration_s if gentle else None,
                settle_rps=settle.target_rps if settle else None, bound_s=settle.duration_s if settle else None,
                steady=steady.get("steady") if settle else None, steady_after_s=after,
                needed_s=gentle_s + after if after is not None else (gentle_s if settle is None else None),
                windows=tuple(steady.get("windows", ())),
            ))
    return tuple(rows)


def _limits(container: dict) -> str:
    memory = container.get("memory_limit_bytes")
    return ", ".join(part for part in (
        f"memory {memory / 2 ** 20:.0f} MiB" if memory else "no memory limit",
        f"CPU shares {container['cpu_shares']}" if container.get("cpu_shares") else None,
        f"CPU limit {container['cpu_quota_cores']:g} cores" if container.get("cpu_quota_cores") else None,
        f"CPUs {container['cpuset']}" if container.get("cpuset") else None) if part)


def build_report(results_dir: Path) -> Report:
    metadata = load_metadata(results_dir)
    runs = load_runs(results_dir, metadata)
    cells, replicates = build_cells(metadata, runs, MIXES)
    resources = _with_system(load_resources(results_dir))
    costs = _costs(resources, runs)
    return Report(
        results_dir=Path(results_dir),
        metadata=metadata,
        runs=runs,
        cells=cells,
        resources=resources,
        costs=costs,
        comparisons=tuple(_comparison(first, second, kind, cells, replicates, metadata, costs)
                          for first, second, kind in _pairs(metadata)),
        warmups=_warmups(metadata),
        generated_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
        resilience=load_resilience(Path(results_dir), [arch.id for arch in metadata.architectures]),
        capacity=capacity.rows(metadata, resources, costs, SYSTEM),
        idle=capacity.idle_rows(metadata, resources),
        cpu_profiles=cpu_profile.load(results_dir),
        cold_starts=documents(Path(results_dir) / "cold-start", [arch.id for arch in metadata.architectures]),
        agreement=_agreement(metadata, runs),
    )


def results_json(report: Report) -> dict:
    """Every number of the report plus the run metadata, for results.json."""
    phases = {phase.name: phase for phase in report.metadata.phases}
    return {
        "schema": RESULTS_SCHEMA,
        "generated_at": report.generated_at,
        "metadata": report.metadata.raw,
        "winner_rule": RULE_TEXT,
        "generator_rule": GENERATOR_RULE,
        "warmup_criterion": CRITERION,
        "order": report.order,
        "start_agreement": asdict(report.agreement) if report.agreement else None,
        "traffic_mixes": {name: weights or {"as sent": TRAFFIC_MIX} for name, weights in MIXES.items()},
        "runs": [
            {
                **asdict(run.record),
                "page": report.run_page(run),
                "warmup": phases[run.record.phase].warmup,
                "load": asdict(run.load) if run.load else None,
            }
            for run in report.runs
        ],
        "cells": [
            {"architecture": arch, "phase": phase, "target_rps": phases[phase].target_rps, "column": column,
             **asdict(stats)}
            for (arch, phase, column), stats in report.cells.items()
        ],
        "comparisons": [
            {
                "kind": c.kind,
                "title": c.title,
                "first": c.first.id,
                "second": c.second.id,
                "difference": "second minus first",
                "verdicts": [{"phase": phase, "column": column, **asdict(v)} for (phase, column), v in c.verdicts.items()],
                "winners": len(c.winners),
                "predicted_vs_measured": [asdict(row) for row in c.predictions],
                "findings": [asdict(f) for f in c.findings],
            }
            for c in report.comparisons
        ],
        "warmups": [asdict(row) for row in report.warmups],
        "resilience": as_json(report.resilience),
        "capacity": [asdict(row) for row in report.capacity],
        "capacity_rule": capacity.__doc__.split("\n\n", 1)[1].strip(),
        "cpu_profiles": report.cpu_profiles,
        "cold_starts": report.cold_starts,
        "resources": None if report.resources is None else [
            {"architecture": arch, "phase": phase, "component": component, **asdict(usage),
             **asdict(report.costs.get((arch, phase), {}).get(component, Cost(None, None)))}
            for (arch, phase), components in report.resources.items()
            for component, usage in components.items()
        ],
    }
