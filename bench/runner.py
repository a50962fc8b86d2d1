"""The benchmark runner: parity gate, load per architecture and phase, resources, report.

    bench run [--profile standard|quick] [--arch rest,graphql] ...

(scripts/run-test.sh installs what is missing and then runs this.) Results go to
results/<timestamp>/; Ctrl-C stops the load and every process the run started, then writes a
partial report from what was measured.
"""
import argparse
import json
import signal
import time
from collections import Counter
from pathlib import Path

from bench import topology
from bench.checks import parity
from bench.experiments import phases
from bench.experiments.faults import FaultPlan
from bench.experiments.ramp import RampPlan
from bench.harness import (
    cpu_profile,
    deployments,
    environment,
    gateway_metrics,
    loadgen,
    progress,
    prometheus,
    quiet,
    stacks,
    trials,
    warmup,
)
from bench.harness.console import log, timestamp
from bench.harness.profiles import DESIGNS, PROFILES, plan_design, plan_phases
from bench.report import aggregate, browser, generate
from bench.results import metadata, requestlog, resources
from bench.results.artillery_output import parse_artillery_output
from bench.results.errors import InputError
from bench.topology import GRAPHQL_URL, REST_URL, RESULTS_DIR, SERVICE_PORTS

ARCHITECTURES = {
    "rest": {"id": "rest", "label": "REST (naive dashboard)", "kind": "rest", "dashboard_mode": "naive"},
    "rest-batched": {"id": "rest-batched", "label": "REST (batched dashboard)", "kind": "rest",
                     "dashboard_mode": "batched"},
    "graphql": {"id": "graphql", "label": "GraphQL Federation", "kind": "graphql"},
}
# GraphQL against both REST forms: hand-batched (the fair pair) and naive (the N+1 cost), and
# GraphQL a second time, the A/A pair that shows whether the run can tell two equal things apart
# (GraphQL: the architecture whose figures moved most between runs, docs/results.md).
DEFAULT_ARCH = "rest,rest-batched,graphql,graphql"
# Sequential design: repeat k runs the architectures in the given order when k is odd, reversed
# when even, so that no architecture always runs first (or last) on a machine that drifts.
ORDER = "alternating"
CPU_GROUPS = ("shared", "per-component")  # scripts/lib/in-cpu-group.sh; local mode's default is the first
IDLE_PAUSE_S = 5
# SPEC section 8: the time from start to ready and the first requests after a start are measured.
COLD_STARTS = 3
PROFILER_START_S = 3


def instances(names: list) -> list:
    """The architectures to run, one entry per name in `names`. A name given again is the same
    architecture run again (an A/A check): it gets its own id, label and results, and `base`."""
    seen = Counter()
    chosen = []
    for name in names:
        seen[name] += 1
        arch = dict(ARCHITECTURES[name])
        if seen[name] > 1:
            arch.update(id=f"{name}-{seen[name]}", label=f"{arch['label']} #{seen[name]}", base=name)
        chosen.append(arch)
    return chosen


def run_order(chosen: list, repeat: int) -> list:
    return chosen if repeat % 2 else chosen[::-1]


class LoadError(Exception):
    """The load generator could not run."""


def add_arguments(parser: argparse.ArgumentParser):
    parser.add_argument("--profile", choices=sorted(PROFILES), default="standard",
                        help="standard: SPEC section 5 (about 20-24 min per architecture); quick: short phases")
    parser.add_argument("--arch", default=DEFAULT_ARCH,
                        help=f"comma-separated, from {', '.join(ARCHITECTURES)} (default {DEFAULT_ARCH}); "
                             "naming one twice (graphql,graphql) measures it twice as an A/A check")
    parser.add_argument("--latency", type=int, default=10, help="simulated latency per repository call, ms")
    parser.add_argument("--rates", type=_ints, help="measured phase rates, req/s (e.g. 100,300,500)")
    parser.add_argument("--durations", type=_ints, help="measured phase durations, s (one value or one per rate)")
    parser.add_argument("--warmup-rate", type=int, help="gentle warm-up rate, req/s")
    parser.add_argument("--warmup-duration", type=int, help="gentle warm-up duration, s (0: none)")
    parser.add_argument("--settle-max", type=int,
                        help="then load at the first measured rate until latency is steady and the JVMs have "
                             "stopped compiling, at most this many s (standard 480, quick 420; 0: no settle stage)")
    parser.add_argument("--design", choices=DESIGNS, default=DESIGNS[0],
                        help="interleaved (default): every stack up at once, each load level measured as rounds of "
                             "short trials, one per architecture in a random order, in blocks that start the stacks "
                             "afresh; sequential: one architecture after another, each on a stack of its own")
    parser.add_argument("--blocks", type=int,
                        help="interleaved: how many times the stacks are started, warmed and measured (standard 2, "
                             "quick 1); the durations are shared out over the blocks and trials")
    parser.add_argument("--trials", type=int,
                        help="interleaved: trials per architecture, load level and block (standard 2, quick 1)")
    parser.add_argument("--seed", type=int, help="interleaved: seed of the random trial order (default: the clock; "
                                                 "recorded in metadata.json)")
    parser.add_argument("--repeat", type=int,
                        help="sequential: run the architectures N times, in alternating order (reversed on even "
                             "repeats), each phase whole every time")
    parser.add_argument("--generator-cpus", help="taskset CPU list for Artillery (default 0 on 2+ cores)")
    parser.add_argument("--sut-cpus", help="taskset CPU list for the system under test (default: the others)")
    parser.add_argument("--deploy", choices=sorted(deployments.MODES), default=deployments.DEFAULT_MODE,
                        help="local (default): the components as processes of this machine; compose: as containers "
                             "from docker-compose.yml (Docker, or podman's Docker-compatible API), each with its "
                             "memory limit, its own cgroup and network namespace")
    parser.add_argument("--cpu-groups", choices=CPU_GROUPS,
                        help="local mode: shared (default): the system under test's components share its cores thread "
                             "by thread; per-component: each service instance and gateway in its own CPU cgroup, as "
                             "containers are (compose mode always is)")
    parser.add_argument("--cpu-split", choices=deployments.CPU_SPLITS,
                        help="with a CPU group per component (compose, or --cpu-groups per-component): sized "
                             "(default): the weights of scripts/lib/cpu-shares-sized.env, each component's measured "
                             "share of its architecture's CPU; equal: the container engine's default weight for every "
                             "component")
    parser.add_argument("--no-monitoring", action="store_true", help="do not collect per-component resources")
    parser.add_argument("--cpu-profile", metavar="PHASE",
                        help="record a Flight Recorder CPU profile of every Liberty JVM during this phase (e.g. "
                             "rps300), with the gateways' own metrics; summaries and flame graphs in the report")
    parser.add_argument("--idle-duration", type=int,
                        help="after the measured phases, measure each component's CPU with no load for this many "
                             "s (standard 30, quick 10; 0: not measured)")
    parser.add_argument("--out", type=Path, help="results directory (default results/<timestamp>)")
    failure = parser.add_argument_group("experiments after each architecture's phases: failures and cold starts")
    failure.add_argument("--fault", metavar="kill:SERVICE@Ts,restart@Ts",
                         help="kill one instance (user, site or robot) under constant load and restart it, "
                              "e.g. kill:user@30s,restart@60s; the load goes on 120 s after the restart")
    failure.add_argument("--hostile", metavar="SHARE", nargs="?", const=0.05, type=float,
                         help="add malformed requests at this share of the load (default 0.05), after a clean "
                              "phase at the same rate")
    failure.add_argument("--ramp", metavar="START:STEP:MAX", nargs="?", const="100:100:1500",
                         help="raise the rate step by step (default 100:100:1500 req/s) until a bound breaks; "
                              "then check recovery and measure the generator's ceiling")
    failure.add_argument("--cold-start", metavar="STARTS", nargs="?", const=COLD_STARTS, default=COLD_STARTS, type=int,
                         help=f"stop and start each architecture STARTS times (default {COLD_STARTS}; 0: none) and "
                              "time it from the start command to ready and to every scenario's first correct answer, "
                              "then its first 100 requests against the warm stack's")
    failure.add_argument("--ramp-step-duration", type=int, help="seconds per ramp step (standard 30, quick 15)")
    failure.add_argument("--ramp-p99-bound", type=float, default=1000.0,
                         help="p99 bound of a ramp step, ms (default 1000); errors are bound at 1 %%")
    failure.add_argument("--stress-rate", type=int, default=50,
                         help="req/s of the fault and hostile-input phases (default 50, the warm-up rate, "
                              "which every architecture serves cleanly)")
    failure.add_argument("--hostile-duration", type=int, help="seconds of each hostile-input phase "
                                                             "(standard 60, quick 20)")


def check_arguments(parser: argparse.ArgumentParser, args: argparse.Namespace):
    """Checks the options against each other and completes them (phases, experiment plans, defaults)."""
    args.arch = [name.strip() for name in args.arch.split(",") if name.strip()]
    unknown = [name for name in args.arch if name not in ARCHITECTURES]
    if unknown or not args.arch:
        parser.error(f"unknown architecture {unknown}; choose from {', '.join(ARCHITECTURES)}")
    if (args.repeat is not None and args.repeat < 1) or args.latency < 0:
        parser.error("--repeat must be >= 1 and --latency >= 0")
    if args.design == "interleaved" and args.repeat is not None:
        parser.error("--repeat is the sequential design's; the interleaved design repeats in --blocks")
    if args.design == "sequential" and args.blocks is not None:
        parser.error("--blocks is the interleaved design's; the sequential design repeats with --repeat")
    args.instances = instances(args.arch)
    if args.cpu_groups is None:
        args.cpu_groups = "per-component" if args.deploy == "compose" else CPU_GROUPS[0]
    elif args.deploy == "compose" and args.cpu_groups == "shared":
        parser.error("--cpu-groups shared needs --deploy local: every container has a CPU cgroup of its own")
    if args.cpu_split is not None and args.cpu_groups == "shared":
        parser.error(f"--cpu-split {args.cpu_split} needs a CPU group per component (--cpu-groups per-component, "
                     "or --deploy compose)")
    if args.cpu_split is None and args.cpu_groups != "shared":
        args.cpu_split = deployments.DEFAULT_CPU_SPLIT
    quick = args.profile == "quick"
    if args.ramp_step_duration is None:
        args.ramp_step_duration = 15 if quick else 30
    if args.hostile_duration is None:
        args.hostile_duration = 20 if quick else 60
    if args.stress_rate <= 0 or args.hostile_duration <= 0:
        parser.error("--stress-rate and --hostile-duration must be positive")
    if args.idle_duration is None:
        args.idle_duration = 10 if quick else 30
    if args.idle_duration < 0:
        parser.error("--idle-duration must be at least 0")
    if args.cold_start < 0:
        parser.error("--cold-start STARTS must be at least 0")
    if args.hostile is not None and not 0 < args.hostile <= 0.5:
        parser.error("--hostile SHARE must be above 0 and at most 0.5")
    try:
        args.trial_design = plan_design(args.profile, args.design, args.blocks if args.repeat is None else args.repeat,
                                        args.trials, int(time.time()) if args.seed is None else args.seed)
        args.repeat = args.trial_design.blocks
        args.phases = plan_phases(args.profile, args.rates, args.durations, args.warmup_rate, args.warmup_duration,
                                  args.settle_max, args.trial_design.splits)
        args.fault = FaultPlan.parse(args.fault) if args.fault else None
        args.ramp = RampPlan.parse(args.ramp, args.ramp_step_duration, args.ramp_p99_bound) if args.ramp else None
    except ValueError as error:
        parser.error(str(error))
    phase_names = [phase.name for phase in args.phases]
    if args.cpu_profile is not None and args.cpu_profile not in phase_names:
        parser.error(f"--cpu-profile {args.cpu_profile}: no such phase; the phases are {', '.join(phase_names)}")


def _ints(text: str) -> list:
    try:
        return [int(value) for value in text.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected comma-separated integers, got '{text}'") from None


class Run:
    """One benchmark run: its results directory, metadata and logs."""

    def __init__(self, args):
        self.args = args
        self.dir = (args.out or RESULTS_DIR / time.strftime("%Y%m%d-%H%M%S")).resolve()
        self.dir.mkdir(parents=True, exist_ok=True)
        self.log = self.dir / "run.log"
        self.placement = environment.placement(args.generator_cpus, args.sut_cpus, args.cpu_groups)
        if args.cpu_groups != "shared":
            self.placement |= {"cpu_split": args.cpu_split, "cpu_shares": deployments.cpu_shares(args.cpu_split)}
        self.deployment = deployments.create(args.deploy, args.latency, self.placement, self.log)
        sha, dirty = environment.commit()
        self.metadata = {
            "schema": metadata.SCHEMA, "profile": args.profile, "started_at": timestamp(), "ended_at": None,
            "commit": sha, "dirty": dirty, "versions": environment.versions(_router_bin()),
            "host": environment.host(), "placement": self.placement, "deployment": self.deployment.describe(),
            "simulated_latency_ms": args.latency,
            "repeats": args.repeat, "order": ORDER if not args.trial_design.interleaved else "random per round",
            "trial_design": args.trial_design.as_metadata(), "schedule": [],
            "architectures": args.instances,
            "phases": [phase.as_metadata() for phase in args.phases], "runs": [],
            "cpu_profile_phase": args.cpu_profile, "idle_duration_s": args.idle_duration,
            "experiments": {
                "fault": args.fault.as_metadata() if args.fault else None,
                "hostile": {"share": args.hostile, "duration_s": args.hostile_duration} if args.hostile else None,
                "ramp": args.ramp.as_metadata() if args.ramp else None,
                "cold_start": {"starts": args.cold_start} if args.cold_start else None,
                "stress_rate": args.stress_rate,
            },
        }
        self.resources = {"schema": resources.SCHEMA, "samples": [], "source": f"prometheus {prometheus.PROMETHEUS}" + (
            "; each container's cgroup and network interface" if args.deploy == "compose" else "")}
        self.monitoring = False
        self.cores = sorted(set(environment.cpus(self.placement["generator_cpus"]))
                            | set(environment.cpus(self.placement["system_under_test_cpus"])))
        self.run_group = None  # the runner's cpuacct group (bench.harness.quiet), from main()

    def save(self):
        (self.dir / "metadata.json").write_text(json.dumps(self.metadata, indent=2) + "\n")
        if self.resources["samples"]:
            (self.dir / "resources.json").write_text(json.dumps(self.resources, indent=2) + "\n")


def _router_bin() -> str:
    cache = topology.cache_dir()
    return str(next(cache.glob("apollo-router-*/bin/router"), "router"))


def check_parity(run: Run):
    """Both stacks up, every scenario compared; refuses to go on when they disagree."""
    log("Parity check: starting both stacks")
    for kind in ("rest", "graphql"):
        start_stack(run, kind)
    modes = sorted({arch.get("dashboard_mode", "naive") for arch in run.args.instances
                    if arch["kind"] == "rest"}) or ["naive"]
    log("Waiting until both stacks answer every scenario (a cold JVM's first answers take seconds)")
    parity.wait_until_answering(REST_URL, GRAPHQL_URL, modes[0], progress=log)
    for mode in modes:
        mismatches = parity.check(REST_URL, GRAPHQL_URL, mode,
                                  progress=lambda line: None, on_retry=log)
        if mismatches:
            raise SystemExit("Parity check FAILED, refusing to load the stacks:\n  " + "\n  ".join(mismatches[:50]))
        log(f"Parity check passed (REST dashboard {mode}): every GraphQL value equals the REST value")


def wait_until_answering(arch: dict):
    """One request of every scenario answered by the freshly started stack of `arch` before its
    load starts, so its first phase does not count a cold JVM's first 504s."""
    if arch["kind"] == "rest":
        parity.wait_until_answering(rest_base=REST_URL, dashboard_mode=arch.get("dashboard_mode", "naive"), progress=log)
    else:
        parity.wait_until_answering(graphql_base=GRAPHQL_URL, progress=log)


def measure(run: Run, arch: dict, repeat: int):
    """Sequential design: every phase of one architecture, the warm-up (gentle, then until
    steady) and the measured phases."""
    phases = run.args.phases
    _show_live_view(run)
    for index, phase in enumerate(phases, start=1):
        label = f"{arch['id']} {phase.name} {index}/{len(phases)}" + (f" rep {repeat}" if run.args.repeat > 1 else "")
        run_phase(run, arch, phase, repeat, label)


def _show_live_view(run: Run):
    if run.monitoring:
        log(f"Live view while the load runs: {prometheus.LIVE_VIEW} (the Grafana dashboards, refreshed every 10 s)")


def run_phase(run: Run, arch: dict, phase, repeat: int, label: str, trial: int | None = None) -> dict:
    """One phase (or trial) of one architecture, with its per-request log, the machine's CPU
    steal, the quiet-machine check and, for a measured one, each component's resources (and,
    in the interleaved design, what the idle stacks beside it used). Returns its metadata entry."""
    name = arch["id"]
    design = run.args.trial_design
    stem = (f"{phase.name}{'' if run.args.repeat == 1 else f'.rep{repeat}'}"
            f"{'' if trial is None or design.trials == 1 else f'.t{trial}'}")
    relative = f"runs/{name}/{stem}.json"
    what = (" (warm-up until steady, not measured)" if phase.until_steady
            else " (warm-up, not measured)" if phase.warmup else "")
    log(f"{label}: {phase.target_rps} req/s for {'at most ' if phase.until_steady else ''}{phase.duration_s} s{what}")
    prefix = requestlog.log_prefix(run.dir / "runs" / name, stem)
    watch = warmup.SteadyWatch(prefix, jit=_jit_meter(run, arch)) if phase.until_steady else None
    before = environment.cpu_times()
    watch_quiet = _quiet_watch(run)
    profiled = phase.name == run.args.cpu_profile and (trial is None or (repeat, trial) == (1, 1))
    profiling = _start_profile(run, arch, repeat) if profiled else None
    meter = None if phase.warmup else resources_meter(run, arch["kind"])
    beside = [] if phase.warmup or not design.interleaved else _idle_stack_meters(run, arch["kind"])
    record = loadgen.run_phase(arch["kind"], phase, run.dir / relative, run.dir / f"{relative[:-5]}.log",
                               label, arch.get("dashboard_mode", "naive"),
                               None if run.placement["generator_cpus"] == "any" else run.placement["generator_cpus"],
                               push_metrics=run.monitoring, request_log=prefix, stop_when=watch)
    if profiling and record["interrupted"]:
        cpu_profile.stop(profiling[0], log)  # Ctrl-C: the files are kept, the summaries skipped
    elif profiling:
        _finish_profile(run, arch, repeat, phase.name, *profiling)
    log_path = requestlog.compact(prefix)
    entry = {"architecture": name, "phase": phase.name, "repeat": repeat,
             **({} if trial is None else {"trial": trial}), "file": relative,
             "request_log": str(log_path.relative_to(run.dir)), **record,
             "cpu_steal": environment.steal_share(before, environment.cpu_times()),
             "quiet": watch_quiet.end() if watch_quiet else None}
    _print_load(label, run.dir / relative, log_path, phase, entry["cpu_steal"])
    _print_disturbed(label, entry["quiet"], measured=not phase.warmup)
    if watch:
        entry["steady"] = watch.verdict(phase.duration_s)
        log(f"{label}: steady after {watch.steady_s:g} s" if watch.steady_s is not None else
            f"{label}: NOT steady within {phase.duration_s} s ({warmup.CRITERION}); the report flags it")
    if beside:
        entry["idle_stacks"] = _idle_stack_usage(run, beside, phase.name, repeat, record)
    run.metadata["runs"].append(entry)
    if not phase.warmup:
        run.resources["samples"] += [{**sample, **({} if trial is None else {"trial": trial})} for sample in
                                     collect_resources(run, arch, phase.name, repeat, record["started_at"],
                                                       record["ended_at"], meter)]
    run.save()
    if record["interrupted"]:
        raise KeyboardInterrupt  # Ctrl-C reached Artillery's phase: end the run like anywhere else
    if record["exit_code"] != 0 and not record.get("stopped_early"):
        if not (run.dir / relative).exists():
            raise LoadError(f"{label}: Artillery failed without output (see {run.dir / relative[:-5]}.log)")
        log(f"{label}: Artillery exited {record['exit_code']}: no response at all came back "
            f"(see {relative[:-5]}.log); continuing, the report shows the errors")
    return entry


def _idle_stack_meters(run: Run, kind: str) -> list:
    """[(kind, meter)] of the other stacks that stay up, idle, while `kind` is measured."""
    return [(other, resources_meter(run, other)) for other in trials.kinds(run.args.instances) if other != kind]


def _idle_stack_usage(run: Run, beside: list, phase: str, repeat: int, record: dict) -> dict:
    """{kind: {"cpu_seconds", "memory_bytes"}} of the idle stacks over a trial: what keeping every
    stack up costs the one measured (its components only, the generator left out)."""
    usage = {}
    for kind, meter in beside:
        samples = [sample for sample in collect_resources(run, {"id": f"{kind} (idle)", "kind": kind}, phase, repeat,
                                                          record["started_at"], record["ended_at"], meter)
                   if sample["component"] != resources.GENERATOR]
        cpu = [resources.cpu_seconds(sample) for sample in samples]
        memory = [sample.get("memory_working_set_peak_bytes") or sample.get("rss_bytes") for sample in samples]
        usage[kind] = {"cpu_seconds": round(sum(cpu), 3) if cpu and None not in cpu else None,
                       "memory_bytes": sum(memory) if memory and None not in memory else None}
    return usage


def _quiet_watch(run: Run):
    """The quiet-machine check of one phase, begun; None where it cannot be made."""
    if run.run_group is None:
        return None
    try:
        groups = [run.run_group, *run.deployment.accounting_cgroups()]
    except (OSError, stacks.StackError) as error:
        log(f"Quiet-machine check not made for this phase: the containers' cgroups were not found ({error})")
        return None
    watch = quiet.QuietWatch(run.cores, groups, log)
    watch.begin()
    return watch


def _print_disturbed(label: str, checked: dict | None, measured: bool):
    if not checked or not checked["disturbed"]:
        return
    cores = ", ".join(f"CPU {core} {share * 100:.1f} %" for core, share in checked["outside_cpu"].items())
    busiest = ", ".join(f"{name} {seconds:g} s" for name, seconds in checked["busiest_outside"])
    consequence = "the report leaves it out of the verdicts" if measured else "a warm-up: not measured"
    log(f"[{label}] WARNING: work outside the run took {cores} of the run's cores "
        f"({busiest or 'short-lived processes'}): disturbed, {consequence}")


def resources_meter(run: Run, kind: str):
    """The deployment's own per-component meter, begun; None (Prometheus alone) when it fails."""
    meter = run.deployment.meter(kind)
    try:
        meter.begin()
    except (OSError, stacks.StackError) as error:
        log(f"{kind}: the {run.deployment.mode} deployment's per-component figures are not available: {error}")
        return None
    return meter


def collect_resources(run: Run, arch: dict, phase: str, repeat: int, started_at: str, ended_at: str, meter) -> list:
    """Each component's resources over the phase: Prometheus' samples (CPU and memory of the
    processes, the queue figures), overlaid with the deployment's own counters where it has them
    (compose: each container's CPU, memory against its limit, OOM kills, restarts, network)."""
    samples = []
    if run.monitoring:
        try:
            samples = prometheus.phase_samples(arch["id"], arch["kind"], phase, repeat, started_at, ended_at)
        except (OSError, RuntimeError) as error:
            log(f"Resources of {arch['id']} {phase} not collected from Prometheus: {error}")
    if meter is not None:
        try:
            figures = meter.end()
        except (OSError, stacks.StackError) as error:
            log(f"Resources of {arch['id']} {phase} not collected from the {run.deployment.mode} deployment: {error}")
            figures = {}
        samples = resources.overlay(samples, figures, arch["id"], phase, repeat, started_at, ended_at)
    for sample in samples:
        if sample.get("oom_kills") or sample.get("restarts"):
            log(f"WARNING: {arch['id']} {phase}: {sample['component']} was OOM-killed {sample.get('oom_kills') or 0} "
                f"time(s) and restarted {sample.get('restarts') or 0} time(s); the report shows it")
    return samples


def _start_profile(run: Run, arch: dict, repeat: int):
    pids = run.deployment.jvm_pids(arch["kind"])
    recordings = cpu_profile.start(arch["id"], pids, run.dir / "profiles" / arch["id"], repeat, log)
    log(f"{arch['id']}: recording a CPU profile of {', '.join(r.component for r in recordings) or 'no JVM'}")
    time.sleep(PROFILER_START_S)  # the recorder's own start-up (loading and compiling it) before the load
    return recordings, gateway_metrics.snapshot(arch["kind"])


def _finish_profile(run: Run, arch: dict, repeat: int, phase: str, recordings: list, gateway_before: dict | None):
    """Stops the recordings and summarises them (on the load generator's CPUs) before the next
    phase starts, with the gateway's own metrics over the phase."""
    gateway = gateway_metrics.summary(arch["id"], arch["kind"], repeat, gateway_before,
                                      gateway_metrics.snapshot(arch["kind"]))
    summaries = []
    for recording in cpu_profile.stop(recordings, log):
        try:
            summaries.append(cpu_profile.summarise(recording, run.dir, run.placement["generator_cpus"]))
        except (OSError, RuntimeError, ValueError) as error:
            log(f"CPU profile of {arch['id']} {recording.component} not summarised: {error}")
    for summary in summaries:
        top = ", ".join(f"{c['category']} {c['share'] * 100:.0f} %" for c in summary["categories"][:4])
        log(f"{arch['id']} {summary['component']}: {summary['samples']} CPU samples; {top}")
    cpu_profile.write(run.dir, phase, summaries, [gateway])


def measure_idle(run: Run, arch: dict, repeat: int):
    """Each component's CPU with no load (after a pause for the last requests and GC to end), so
    per-request costs can be read net of it."""
    seconds = run.args.idle_duration
    if seconds <= 0:
        return
    log(f"{arch['id']}: measuring the idle cost ({seconds} s without load)")
    time.sleep(IDLE_PAUSE_S)
    meter = resources_meter(run, arch["kind"])
    started = timestamp()
    time.sleep(seconds)
    samples = collect_resources(run, arch, resources.IDLE_PHASE, repeat, started, timestamp(), meter)
    run.resources["samples"] += [s for s in samples if s["component"] != resources.GENERATOR]
    run.save()


def _jit_meter(run: Run, arch: dict):
    """The JIT meter of the architecture's Liberty JVMs for the settle stage; None (latency alone
    decides) when their pid files are not there."""
    pids = list(run.deployment.jvm_pids(arch["kind"]).values())
    if not pids:
        log(f"{arch['id']}: the Liberty pid files were not found: the settle stage is judged on latency alone")
        return None
    return warmup.JitMeter(pids, environment.cpu_count(run.placement["system_under_test_cpus"]))


def _print_load(label: str, output: Path, log_path: Path, phase, cpu_steal):
    """After a phase: how the load was applied, judged from its request log by the report's rule
    (bench.progress.load_lines). A phase without Artillery output (stopped once steady, or cut
    short) is judged by the report alone."""
    if not output.exists():
        return
    try:
        check, _ = aggregate.check_run(parse_artillery_output(output), log_path, phase, cpu_steal)
    except InputError as error:
        log(f"{label}: load not checked ({error}); the report says more")
        return
    for line in progress.load_lines(label, check, measured=not phase.warmup):
        print(line, flush=True)


def benchmark(run: Run):
    args = run.args
    check_parity(run)
    if args.trial_design.interleaved:  # block 1 measures the stacks the parity check started
        for kind in sorted(set(SERVICE_PORTS) - set(trials.kinds(args.instances))):
            _stop_stack(run, kind)
    else:
        run.deployment.stop_load_targets()
    if not args.no_monitoring:
        run.monitoring = stacks.start_monitoring(run.log, run.placement["generator_cpus"])
        if not run.monitoring:
            log("Monitoring not available (scripts/start-monitoring.sh missing): resources not collected")
    if args.trial_design.interleaved:
        interleaved(run)
    else:
        sequential(run)
    if args.ramp:
        reached = [_highest_rate(run, arch["id"]) for arch in args.instances if "base" not in arch]
        phases.run_generator_ceiling(run, args.ramp, max(reached))


def sequential(run: Run):
    """One architecture after another, each on a stack started for it, `--repeat` times."""
    for repeat in range(1, run.args.repeat + 1):
        for arch in run_order(run.args.instances, repeat):
            kind = arch["kind"]
            log(f"Starting the {kind} stack for {arch['id']}")
            start_stack(run, kind)
            wait_until_answering(arch)
            measure(run, arch, repeat)
            measure_idle(run, arch, repeat)
            if repeat == 1 and "base" not in arch:  # the second copy of an A/A pair needs no failure experiments
                run_experiments(run, arch)
            _stop_stack(run, kind)


def interleaved(run: Run):
    """Every stack up at once; per block: start and warm them, then every load level as rounds of
    one trial per architecture in a random order (bench.harness.trials). After the last block's
    trials, the idle cost and the failure experiments, with the other stack up and idle."""
    args, design = run.args, run.args.trial_design
    arms, blocks = args.instances, design.blocks
    for block in range(1, blocks + 1):
        of_block = f" (block {block}/{blocks})" if blocks > 1 else ""
        for kind in trials.kinds(arms) if block > 1 else ():
            log(f"Starting the {kind} stack{of_block}")
            start_stack(run, kind)
            wait_until_answering(next(arch for arch in arms if arch["kind"] == kind))
        _show_live_view(run)
        for arch, phase in trials.warm_up(arms, args.phases):
            run_phase(run, arch, phase, block, f"{arch['id']} {phase.name}{of_block}")
        scheduled = trials.rounds(arms, args.phases, design, block)
        for number, trial in enumerate(scheduled, start=1):
            if trial.position == 1:
                order = [t.arch["id"] for t in scheduled if (t.phase, t.trial) == (trial.phase, trial.trial)]
                run.metadata["schedule"].append({"block": block, "phase": trial.phase.name, "trial": trial.trial,
                                                 "order": order})
                log(f"{trial.phase.name} round {trial.trial}/{design.trials}{of_block}: {', '.join(order)}")
            label = (f"{trial.arch['id']} {trial.phase.name} trial {trial.trial}/{design.trials}{of_block} "
                     f"[{number}/{len(scheduled)}]")
            entry = run_phase(run, trial.arch, trial.phase, block, label, trial.trial)
            _drain(run, entry, label)
        if block == blocks:
            for arch in arms:
                measure_idle(run, arch, block)
            for arch in arms:
                if "base" not in arch:  # the second copy of an A/A pair needs no failure experiments
                    run_experiments(run, arch)
        for kind in trials.kinds(arms):
            _stop_stack(run, kind)


def _drain(run: Run, entry: dict, label: str):
    """After a trial: until the system under test's CPUs are back near idle, so the next trial
    does not share them with this one's queued work; how long it took is recorded."""
    waited, drained = trials.drain(environment.cpus(run.placement["system_under_test_cpus"]))
    entry["drained_after_s"] = waited if drained else None
    run.save()
    if not drained:
        log(f"{label}: WARNING the system under test's CPUs were still busy {waited:g} s after the trial "
            "(queued work of a stack past its capacity); going on, the next trial records what the idle stacks used")
    elif waited > trials.TRIAL_GAP_S + trials.IDLE_STREAK_S:
        log(f"{label}: the system under test's CPUs were back near idle after {waited:g} s")


def run_experiments(run: Run, arch: dict):
    """The failure experiments asked for, on the architecture's stack. The fault comes last: the
    instance it restarts is a cold JVM, which would hold back a ramp after it (the ramp's own
    overload is followed by its recovery check)."""
    args = run.args
    if args.hostile:
        phases.run_hostile(run, arch, args.hostile)
    if args.ramp:
        phases.run_ramp(run, arch, args.ramp)
    if args.fault:
        phases.run_fault(run, arch, args.fault)
    if args.cold_start:
        phases.run_cold_start(run, arch, args.cold_start)


def _highest_rate(run: Run, name: str) -> int:
    steps = json.loads((run.dir / "ramp" / f"{name}.json").read_text())["steps"]
    return max(step["target_rps"] for step in steps)


def start_stack(run: Run, kind: str):
    """Starts an architecture through the run's deployment and records what it runs on."""
    run.deployment.start(kind)
    described = run.deployment.describe_stack(kind)
    if described:
        run.metadata["deployment"].setdefault("stacks", {})[kind] = described
        run.save()


def _stop_stack(run: Run, kind: str):
    log(f"Stopping the {kind} stack")
    run.deployment.stop(kind)


def main(args: argparse.Namespace) -> int:
    run = Run(args)
    log(f"Results: {run.dir}")
    run.run_group = quiet.join_run_group()
    run.metadata["quiet_check"] = {"measured": run.run_group is not None, "cores": run.cores,
                                   "disturbed_share": quiet.DISTURBED_SHARE}
    if run.run_group is None:
        log("The quiet-machine check is not available here (it needs root and the cgroup v1 cpuacct controller): "
            "work outside the run is not measured")
    log(f"Profile {args.profile}: " + ", ".join(f"{p.name} {p.target_rps} req/s {p.duration_s}s" for p in args.phases)
        + f"; architectures {', '.join(a['id'] for a in args.instances)} ({_design_text(args.trial_design)}); "
        f"latency {args.latency} ms; "
        f"placement {run.placement}")
    completed = False
    try:
        try:
            benchmark(run)
            completed = True
        except KeyboardInterrupt:
            log("Interrupted: stopping everything and writing a partial report")
        except (stacks.StackError, LoadError, phases.ExperimentError) as error:
            log(f"ERROR: {error}")
        finally:
            signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not interrupt the clean-up
            run.deployment.stop_everything()  # the monitoring (the live view) stays up until the report is written
            run.metadata["ended_at"] = timestamp() if completed else None
            run.metadata["completed"] = completed
            run.save()
        return write_report(run, completed)
    finally:
        stacks.stop("monitoring", run.log)  # also after an unexpected error: nothing is left running
        quiet.leave_run_group(run.run_group)


def _design_text(design) -> str:
    if design.interleaved:
        return (f"interleaved: {design.blocks} block(s) x {design.trials} trial(s) per level, random order, "
                f"seed {design.seed}")
    return f"sequential, {design.blocks} repeat(s), order {ORDER}"


def write_report(run: Run, completed: bool) -> int:
    """The report, then a PNG of its first screen beside it (a missing browser only warns)."""
    if not run.metadata["runs"]:
        log("No load was run: no report")
        return 1
    status = generate.generate(run.dir)
    if status != 0:
        log("Report generation failed")
        return 1
    log(f"Report: {run.dir / 'report.html'}")
    screenshot = browser.save_report_screenshot(run.dir, log)
    if screenshot:
        log(f"Its first screen, as a browser shows it: {screenshot}")
    return 0 if completed else 1
