"""The failure experiments the runner adds after an architecture's load phases (SPEC: how each
architecture fails): a fault phase, a hostile-input mix and an overload ramp with its recovery
check. Each writes <results>/<experiment>/<architecture>.json, which the report reads.
"""
import json
import subprocess
from pathlib import Path

from bench.experiments import cold_start, faults, hostile, ramp, recovery
from bench.harness import loadgen, stacks
from bench.harness.console import log
from bench.harness.profiles import PhasePlan
from bench.results import requestlog
from bench.results.errors import InputError


class ExperimentError(Exception):
    """An experiment could not run (a script or Artillery failed)."""


def _write(path: Path, data: dict):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=2) + "\n")


def _generator_cpus(run):
    cpus = run.placement["generator_cpus"]
    return None if cpus == "any" else cpus


def _load(run, kind, phase, directory: Path, label: str, dashboard_mode="naive", scenario_file=None, on_start=None):
    """One Artillery run with the per-request log on; returns (record, exchanges)."""
    prefix = requestlog.log_prefix(directory, phase.name)
    record = loadgen.run_phase(kind, phase, directory / f"{phase.name}.json", directory / f"{phase.name}.log", label,
                               dashboard_mode, _generator_cpus(run), request_log=prefix, scenario_file=scenario_file,
                               on_start=on_start)
    if record["interrupted"]:
        raise KeyboardInterrupt
    return record, requestlog.read(prefix)


def run_fault(run, arch: dict, plan: faults.FaultPlan):
    name, kind = arch["id"], arch["kind"]
    directory = run.dir / "faults" / name
    phase = PhasePlan("fault", run.args.stress_rate, plan.duration_s)
    log(f"{name} fault: {phase.target_rps} req/s for {phase.duration_s} s; kill {plan.service} at "
        f"{plan.kill_at_s} s, restart at {plan.restart_at_s} s")
    injector = faults.Injector(plan, kind, run.log, requestlog.log_prefix(directory, phase.name),
                               run.deployment.script_env())
    injector.start()
    try:
        record, exchanges = _load(run, kind, phase, directory, f"{name} fault", arch.get("dashboard_mode", "naive"),
                                  on_start=injector.begin)
    finally:
        injector.cancel()
        injector.join(timeout=300)
    if injector.failure:
        raise ExperimentError(f"{name} fault: {injector.failure}")
    analysis = faults.analyse(exchanges, injector.events, plan)
    _write(run.dir / "faults" / f"{name}.json", {
        "schema": faults.SCHEMA, "architecture": name, "kind": kind, "plan": plan.as_metadata(),
        "rate": phase.target_rps, "record": record, **analysis})
    log(f"{name} fault: recovered {analysis['recovered_after_restart_s']} s after the restart "
        f"(instance ready {analysis['events_s'].get('ready_ms')} s into the phase)")


def run_hostile(run, arch: dict, share: float):
    name, kind = arch["id"], arch["kind"]
    directory = run.dir / "hostile" / name
    rate, duration = run.args.stress_rate, run.args.hostile_duration
    mode = arch.get("dashboard_mode", "naive")
    log(f"{name} hostile input: clean phase, {rate} req/s for {duration} s")
    _, clean = _load(run, kind, PhasePlan("clean", rate, duration), directory, f"{name} clean", mode)
    side_rate = hostile.hostile_rate(rate, share)
    log(f"{name} hostile input: {rate} req/s well-formed + {side_rate} req/s hostile for {duration} s")
    try:
        side = hostile.start_hostile(kind, side_rate, duration, directory / "hostile.json",
                                     directory / "hostile.log", _generator_cpus(run))
        try:
            _, mixed = _load(run, kind, PhasePlan("mixed", rate, duration), directory, f"{name} mixed", mode)
            try:
                side.wait(timeout=hostile.LEAD_S + 60)
            except subprocess.TimeoutExpired:
                pass  # stopped below; its missing output is reported as the experiment's error
        finally:
            hostile.stop(side)
        counts = hostile.hostile_counts(directory / "hostile.json")
    except InputError as error:
        raise ExperimentError(f"{name} hostile input: {error}") from None
    clean_stats, mixed_stats = hostile.well_formed(clean), hostile.well_formed(mixed)
    outcome = hostile.verdict(clean_stats, mixed_stats, counts)
    _write(run.dir / "hostile" / f"{name}.json", {
        "schema": hostile.SCHEMA, "architecture": name, "kind": kind, "rate": rate, "share": share,
        "hostile_rate": side_rate, "duration_s": duration, "clean": clean_stats, "mixed": mixed_stats,
        "hostile": counts, **outcome})
    log(f"{name} hostile input: {'PASSED' if outcome['passed'] else 'FAILED'} "
        f"({outcome['hostile_requests']} hostile requests; {outcome['checks']})")


def run_ramp(run, arch: dict, plan: ramp.RampPlan):
    name, kind = arch["id"], arch["kind"]
    directory = run.dir / "ramp" / name
    log(f"{name} ramp: low-load latency before the ramp")
    baseline = recovery.low_load_latency(name)
    before = recovery.resource_state(kind, run.deployment.established_connections)
    steps = _ramp_steps(run, kind, plan, directory, name, arch.get("dashboard_mode", "naive"))
    log(f"{name} ramp: load stopped; waiting for low-load latency (at most {recovery.RECOVERY_LIMIT_S} s)")
    after = recovery.wait_for_recovery(name, kind, baseline, run.deployment.established_connections)
    after["threads_settled"] = recovery.threads_settled(before["active_threads"], after["active_threads"])
    _write(run.dir / "ramp" / f"{name}.json", {
        "schema": ramp.SCHEMA, "architecture": name, "kind": kind, "plan": plan.as_metadata(), "steps": steps,
        **ramp.knee(steps), "baseline_ms": baseline, "resources_before": before, "recovery": after})
    log(f"{name} ramp: knee {ramp.knee(steps)['knee_rps']} req/s; "
        + (f"recovered in {after['recovered_after_s']} s" if after["recovered"] else "did NOT recover in time"))


def run_cold_start(run, arch: dict, starts: int):
    """Stops and starts the architecture `starts` times through the run's deployment and times each
    start until every scenario answers correctly, then its first requests (bench.experiments.cold_start)."""
    name, kind = arch["id"], arch["kind"]
    log(f"{name} cold start: the first requests on the warm stack, for reference")
    try:
        reference = cold_start.warm_reference(name)
    except RuntimeError as error:
        raise ExperimentError(f"{name} cold start: {error}") from None
    starts_measured = []
    for number in range(1, starts + 1):
        log(f"{name} cold start {number}/{starts}: stopping the {kind} stack and starting it again")
        result = cold_start.one_start(run.deployment, kind, name, reference)
        starts_measured.append(result)
        if not result["complete"]:
            raise ExperimentError(f"{name} cold start {number}: not every scenario answered correctly within "
                                  f"{cold_start.READY_LIMIT_S} s ({result['error'] or 'no error from the start'})")
        log(f"{name} cold start {number}/{starts}: services ready after "
            + ", ".join(f"{s} {t:g} s" for s, t in sorted(result["service_ready_s"].items()))
            + "; every scenario correct after " + f"{max(result['first_correct_s'].values()):g} s")
    _write(run.dir / "cold-start" / f"{name}.json", {
        "schema": cold_start.SCHEMA, "architecture": name, "kind": kind, "deployment": run.deployment.mode,
        "poll_s": cold_start.POLL_S, "first_requests": cold_start.FIRST_REQUESTS,
        "warm_latencies_ms": reference["latencies_ms"], "starts": starts_measured,
        "summary": cold_start.summary(reference, starts_measured)})


def run_generator_ceiling(run, plan: ramp.RampPlan, highest_rps: int):
    """The same ramp against a static answer, up to the highest rate any architecture reached."""
    directory = run.dir / "ramp" / "generator"
    rates = [rate for rate in plan.rates() if rate <= highest_rps]
    log(f"Generator ceiling: the ramp against a static NGINX answer, up to {highest_rps} req/s")
    stacks.start_static_target(run.placement, run.log)
    try:
        steps = _ramp_steps(run, "static", plan, directory, "generator", scenario_file="generator-ceiling.yml",
                            rates=rates)
    finally:
        stacks.stop("static-target", run.log)
    _write(run.dir / "ramp" / "generator.json", {
        "schema": ramp.SCHEMA, "architecture": "generator", "kind": "static", "plan": plan.as_metadata(),
        "steps": steps, **ramp.knee(steps), "tested_up_to_rps": highest_rps})


def _ramp_steps(run, kind, plan, directory, name, dashboard_mode="naive", scenario_file=None, rates=None) -> list:
    steps = []
    for rate in rates or plan.rates():
        phase = PhasePlan(f"step{rate}", rate, plan.step_s)
        log(f"{name} ramp: {rate} req/s for {plan.step_s} s")
        _, exchanges = _load(run, kind, phase, directory, f"{name} ramp {rate}", dashboard_mode, scenario_file)
        step = ramp.step_result(exchanges, rate, plan)
        steps.append(step)
        log(f"{name} ramp {rate} req/s: p99 {step['p99_ms']} ms, errors {100 * (step['error_rate'] or 0):.2f} %, "
            + ("held" if step["held"] else "broke: " + "; ".join(step["reasons"])))
        if not step["held"]:
            break
    return steps
