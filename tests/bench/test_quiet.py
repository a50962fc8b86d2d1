"""The quiet-machine check: what work outside the run took of the run's cores during a phase."""
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from bench.harness import quiet
from bench.harness.quiet import Reading, busiest_outside, disturbed, memory_stall_us, outside_shares, process_times


def reading(at, total, run, processes=None, stall=None):
    return Reading(at=at, total=total, run=run, memory_stall_us=stall, processes=processes or {})


def test_what_the_run_did_not_use_of_a_core_is_outside_it():
    before = reading(0.0, [0, 0], [0, 0])
    after = reading(10.0, [6e9, 9e9], [5.9e9, 8.0e9])  # ns: core 0 had 0.1 s beside the run, core 1 1 s

    shares = outside_shares(before, after, [0, 1])

    assert shares == pytest.approx({0: 0.01, 1: 0.1})
    assert disturbed(shares) and not disturbed({0: 0.01, 1: quiet.DISTURBED_SHARE})


def test_only_the_cores_the_run_uses_are_judged():
    shares = outside_shares(reading(0.0, [0, 0], [0, 0]), reading(1.0, [9e8, 0], [0, 0]), [1])

    assert shares == {1: 0.0}


def test_the_busiest_processes_outside_the_run_are_named_and_the_runs_own_are_not():
    ticks = os.sysconf("SC_CLK_TCK")
    before = reading(0.0, [0], [0], {10: ("cargo", "/", 0), 11: ("java", "/rest-vs-graphql-run-7", 0),
                                     12: ("java", "/libpod_parent/libpod-abc", 0), 13: ("sleep", "/", 5)})
    after = reading(2.0, [0], [0], {10: ("cargo", "/", ticks), 11: ("java", "/rest-vs-graphql-run-7", 2 * ticks),
                                    12: ("java", "/libpod_parent/libpod-abc/inner", ticks),
                                    13: ("rustc", "/", ticks // 2),  # the pid was reused: all of it is new
                                    14: (quiet.KERNEL_THREADS, "/", ticks // 10)})

    ranked = busiest_outside(before, after, {"/rest-vs-graphql-run-7", "/libpod_parent/libpod-abc"})

    assert [name for name, _ in ranked] == ["cargo", "rustc", quiet.KERNEL_THREADS]
    assert ranked[0][1] == pytest.approx(0.5)


def test_memory_stall_and_processes_are_read_from_proc(tmp_path):
    (tmp_path / "pressure").mkdir()
    (tmp_path / "pressure/memory").write_text("some avg10=0.00 avg60=0.00 avg300=0.00 total=1234\n"
                                              "full avg10=0.00 avg60=0.00 avg300=0.00 total=99\n")
    process = tmp_path / "42"
    process.mkdir()
    # A name with spaces and parentheses, as tmux names its server; flags 0x00200000: a kernel thread.
    process.joinpath("stat").write_text("42 (tmux: (server)) S 1 42 42 0 -1 4194560 0 0 0 0 70 30 0 0 20 0 1\n")
    process.joinpath("cgroup").write_text("3:cpuset:/\n2:cpuacct:/build\n1:cpu:/\n")
    worker = tmp_path / "7"
    worker.mkdir()
    worker.joinpath("stat").write_text("7 (kworker/1:2) I 2 0 0 0 -1 69238880 0 0 0 0 0 5 0 0 20 0 1\n")
    worker.joinpath("cgroup").write_text("2:cpuacct:/\n")
    (tmp_path / "self").mkdir()

    assert memory_stall_us(tmp_path) == 1234
    assert process_times(tmp_path) == {42: ("tmux: (server)", "/build", 100), 7: (quiet.KERNEL_THREADS, "/", 5)}
    assert memory_stall_us(tmp_path / "nowhere") is None


def test_without_the_cpuacct_controller_there_is_no_run_group(tmp_path):
    assert quiet.join_run_group(root=tmp_path) is None
    watch = quiet.QuietWatch([0], [], print, root=tmp_path)
    watch.begin()
    assert watch.end() is None


def _writable_cpuacct() -> bool:
    return os.geteuid() == 0 and os.access(quiet.CPUACCT / "cgroup.procs", os.W_OK)


def _spin(core: int) -> subprocess.Popen:
    return subprocess.Popen(["taskset", "-c", str(core), "sh", "-c", "while :; do :; done"],
                            start_new_session=True)


@pytest.mark.skipif(not _writable_cpuacct(), reason="needs root and the cgroup v1 cpuacct controller")
def test_on_the_real_cgroups_a_busy_process_outside_the_run_disturbs_it_and_is_named():
    """Two busy loops on one core: the one in the run's group is the run's, the other is not."""
    core = os.cpu_count() - 1
    inside, outside = _spin(core), _spin(core)
    group = None
    try:
        group = quiet.join_run_group(pid=inside.pid)
        assert group is not None and str(inside.pid) in (group / "cgroup.procs").read_text().split()
        warnings = []
        watch = quiet.QuietWatch([core], [group], warnings.append, interval_s=0.5)
        watch.begin()
        time.sleep(2.0)
        checked = watch.end()
    finally:
        for process in (inside, outside):
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        quiet.leave_run_group(group, pid=inside.pid)

    share = checked["outside_cpu"][str(core)]
    assert quiet.DISTURBED_SHARE < share < 0.9  # about half the core: the other half was the run's
    assert checked["disturbed"]
    assert "sh" in [busy[0] for busy in checked["busiest_outside"]]  # named, beside any other outside work
    assert warnings and "went to work outside the run" in warnings[0]
    assert not Path(group).exists()  # removed once empty
