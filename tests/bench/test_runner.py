"""The runner's choices that need no stack: architectures, their order, CPU steal, early stop."""
import json
import signal
import subprocess
import time

import pytest

from bench.cli import parse_args
from bench.harness import environment
from bench.harness.deployments.local import liberty_pids_by_service
from bench.harness.loadgen import _EarlyStop
from bench.runner import DEFAULT_ARCH, instances, run_order


def test_the_default_compares_graphql_with_both_rest_forms_and_itself():
    assert DEFAULT_ARCH == "rest,rest-batched,graphql,graphql"
    assert [a["id"] for a in parse_args(["run"]).instances] == ["rest", "rest-batched", "graphql", "graphql-2"]


def test_an_architecture_named_twice_is_run_twice_under_its_own_id():
    chosen = instances(["graphql", "graphql"])

    assert [a["id"] for a in chosen] == ["graphql", "graphql-2"]
    assert [a["label"] for a in chosen] == ["GraphQL Federation", "GraphQL Federation #2"]
    assert "base" not in chosen[0] and chosen[1]["base"] == "graphql"
    assert chosen[1]["kind"] == "graphql"


def test_the_default_design_interleaves_trials_that_share_out_the_durations():
    args = parse_args(["run", "--seed", "7"])
    assert args.trial_design.as_metadata() == {"design": "interleaved", "blocks": 2, "trials": 2, "seed": 7}
    assert [(p.name, p.duration_s) for p in args.phases if not p.warmup] == [("rps100", 45), ("rps300", 75),
                                                                           ("rps500", 75)]
    quick = parse_args(["run", "--profile", "quick", "--trials", "3", "--durations", "30"])
    assert (quick.trial_design.blocks, quick.trial_design.trials) == (1, 3)
    assert {p.duration_s for p in quick.phases if not p.warmup} == {10}


def test_the_sequential_design_runs_each_phase_whole_every_repeat():
    args = parse_args(["run", "--design", "sequential", "--repeat", "2"])
    assert (args.trial_design.blocks, args.trial_design.trials, args.repeat) == (2, 1, 2)
    assert [p.duration_s for p in args.phases if not p.warmup] == [180, 300, 300]


@pytest.mark.parametrize("options, message", [
    (["--repeat", "2"], "--repeat is the sequential design's"),
    (["--design", "sequential", "--blocks", "2"], "--blocks is the interleaved design's"),
    (["--design", "sequential", "--trials", "2"], "--trials needs the interleaved design"),
    (["--durations", "3", "--trials", "2"], "cannot be cut into 4 trials"),
    (["--blocks", "0"], "blocks and trials must be at least 1"),
])
def test_design_options_that_do_not_fit_are_refused(capsys, options, message):
    with pytest.raises(SystemExit):
        parse_args(["run", *options])
    assert message in capsys.readouterr().err


def test_repeats_alternate_the_order():
    chosen = instances(["rest", "rest-batched", "graphql"])
    assert [a["id"] for a in run_order(chosen, 1)] == ["rest", "rest-batched", "graphql"]
    assert [a["id"] for a in run_order(chosen, 2)] == ["graphql", "rest-batched", "rest"]
    assert run_order(chosen, 3) == run_order(chosen, 1)


def test_settle_bound_comes_from_the_profile_or_the_option():
    assert [p.name for p in parse_args(["run", "--profile", "quick"]).phases][:2] == ["warmup", "settle"]
    assert "settle" not in [p.name for p in parse_args(["run", "--profile", "quick", "--settle-max", "0"]).phases]


def test_the_cpu_profile_names_a_phase_and_the_idle_cost_has_a_default(capsys):
    args = parse_args(["run", "--profile", "quick", "--cpu-profile", "rps300"])
    assert (args.cpu_profile, args.idle_duration) == ("rps300", 10)
    assert parse_args(["run"]).idle_duration == 30 and parse_args(["run"]).cpu_profile is None
    assert parse_args(["run"]).cpu_groups == "shared" and parse_args(["run", "--cpu-groups", "per-component"]).cpu_groups
    with pytest.raises(SystemExit):
        parse_args(["run", "--cpu-profile", "rps999"])
    assert "no such phase; the phases are warmup, settle, rps100, rps300, rps500" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        parse_args(["run", "--idle-duration", "-1"])


def test_cpu_steal_between_two_snapshots(tmp_path):
    stat = tmp_path / "stat"
    stat.write_text("cpu  100 0 50 800 10 0 5 35 7 0\ncpu0 50 0 25 400 5 0 2 18 3 0\nintr 1 2 3\n")
    before = environment.cpu_times(stat)
    stat.write_text("cpu  200 0 100 1500 20 0 10 170 9 0\ncpu0 90 0 45 800 10 0 4 51 4 0\nintr 1 2 3\n")
    after = environment.cpu_times(stat)

    # Whole machine: 135 of 1000 ticks stolen (guest time is inside user, not added again).
    assert before["cpu"] == (35, 1000)
    assert environment.steal_share(before, after) == 0.135
    assert environment.steal_share(before, after, "cpu0") == pytest.approx(33 / 500, abs=1e-4)
    assert environment.steal_share(None, after) is None
    assert environment.cpu_times(tmp_path / "missing") is None


def test_cpu_lists_are_counted_as_taskset_reads_them():
    assert [environment.cpu_count(cpus) for cpus in ("1", "1-3", "0,2-3")] == [1, 3, 3]
    assert environment.cpu_count("any") == environment.cpu_count(None) >= 1


def test_the_liberty_pids_come_from_the_start_scripts_pid_files(tmp_path):
    pids = tmp_path / "graphql/liberty/.pid"
    pids.mkdir(parents=True)
    (pids / "user-service.pid").write_text("101\n")
    (pids / "robot-service.pid").write_text("103")
    (pids / "site-service.pid").write_text("")  # being written: skipped
    assert liberty_pids_by_service("graphql", tmp_path) == {"user-service": 101, "robot-service": 103}
    assert liberty_pids_by_service("rest", tmp_path) == {}


def test_compose_mode_puts_every_component_in_its_own_cpu_group():
    assert parse_args(["run"]).cpu_groups == "shared"
    assert parse_args(["run", "--deploy", "compose"]).cpu_groups == "per-component"
    assert parse_args(["run", "--cpu-groups", "per-component"]).deploy == "local"


def test_a_group_per_component_is_weighted_by_measured_demand_unless_asked_for_equal_weights():
    assert parse_args(["run", "--deploy", "compose"]).cpu_split == "sized"
    assert parse_args(["run", "--deploy", "compose", "--cpu-split", "equal"]).cpu_split == "equal"
    assert parse_args(["run"]).cpu_split is None, "shared: one group, nothing to split"


def test_a_split_needs_a_group_per_component(capsys):
    with pytest.raises(SystemExit):
        parse_args(["run", "--cpu-split", "equal"])
    assert "needs a CPU group per component" in capsys.readouterr().err


def test_compose_mode_refuses_a_shared_cpu_group(capsys):
    with pytest.raises(SystemExit):
        parse_args(["run", "--deploy", "compose", "--cpu-groups", "shared"])
    assert "--cpu-groups shared needs --deploy local" in capsys.readouterr().err


def test_early_stop_interrupts_the_process_group_once_asked():
    # A shell started in the background hands its children SIGINT ignored; Artillery (Node)
    # installs its own handler, `sleep` would not, so the stand-in gets the default back.
    process = subprocess.Popen(["sleep", "30"], start_new_session=True,
                               preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    polls = []

    def steady():
        polls.append(time.monotonic())
        return len(polls) >= 2

    stopper = _EarlyStop(process, steady)
    assert process.wait(timeout=10) == -2  # SIGINT, as Artillery gets it (it then shuts down gracefully)
    stopper.finish()
    assert stopper.stopped and len(polls) == 2


def test_early_stop_never_asked_leaves_the_process_alone():
    process = subprocess.Popen(["sleep", "1"], start_new_session=True)
    stopper = _EarlyStop(process, lambda: False)
    assert process.wait(timeout=10) == 0
    stopper.finish()
    assert not stopper.stopped


def test_the_idle_cost_is_the_stacks_components_without_the_generator(tmp_path, monkeypatch):
    from bench import runner as runner
    run = runner.Run(parse_args(["run", "--profile", "quick", "--idle-duration", "1", "--out", str(tmp_path)]))
    monkeypatch.setattr(runner, "IDLE_PAUSE_S", 0)
    windows = []

    def samples(architecture, kind, phase, repeat, started, ended):
        windows.append((architecture, kind, phase, repeat))
        return [{"component": "router", "cpu_percent": 2.0}, {"component": "artillery", "cpu_percent": 50.0}]

    monkeypatch.setattr(runner.prometheus, "phase_samples", samples)
    arch = runner.ARCHITECTURES["graphql"]
    runner.measure_idle(run, arch, 1)
    assert windows == [] and run.resources["samples"] == [], "no monitoring: nothing measured"

    run.monitoring = True
    runner.measure_idle(run, arch, 1)
    assert windows == [("graphql", "graphql", "idle", 1)]
    assert run.resources["samples"] == [{"component": "router", "cpu_percent": 2.0}]
    assert json.loads((tmp_path / "resources.json").read_text())["samples"][0]["component"] == "router"
