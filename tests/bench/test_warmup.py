"""bench.warmup: when a stack counts as steady, judged on complete windows of requests."""
import json

from bench.harness.warmup import (
    COMPLETE_AFTER_MS,
    JIT_MAX_SHARE,
    MIN_SCENARIO_REQUESTS,
    STREAK,
    WINDOW_S,
    JitMeter,
    SteadyWatch,
    Window,
    steady_after,
    windows,
)
from bench.results.requestlog import CLIENT_TIMEOUT_MS, Exchange

ORIGIN = 1_000_000
WINDOW_MS = WINDOW_S * 1000


def traffic(p50_by_window, rate=10):
    """`rate` requests per second per window; in each window 60 % of the requests take the
    window's median and the rest 5 ms, so its p50 is exactly that value and its p95 too."""
    exchanges = []
    for window, p50 in enumerate(p50_by_window):
        for i in range(rate * WINDOW_S):
            exchanges.append(Exchange(ORIGIN + window * WINDOW_MS + i * 1000 // rate, "API-1", 200,
                                      p50 if i % 5 < 3 else 5, "ok"))
    return exchanges


def test_only_complete_windows_are_judged():
    exchanges = traffic([50, 50, 50, 50])
    # 3.5 windows after the start plus the completion margin: windows 0-2 are complete.
    judged = windows(exchanges, ORIGIN, ORIGIN + 3.5 * WINDOW_MS + COMPLETE_AFTER_MS)
    assert [w.start_s for w in judged] == [0, 20, 40]
    assert COMPLETE_AFTER_MS > CLIENT_TIMEOUT_MS  # a window waits until even a timed-out request is in
    assert judged[0] == Window(start_s=0, requests=200, p50_ms=50, p95_ms=50, error_rate=0.0,
                               by_scenario={"API-1": [50, 200]})


def test_windows_take_the_median_of_every_request_sent_in_them():
    slow = [Exchange(ORIGIN + i * 100, "API-1", 200, 200 if i % 10 < 6 else 10, "ok") for i in range(200)]
    window = windows(slow, ORIGIN, ORIGIN + WINDOW_MS + COMPLETE_AFTER_MS)[0]
    assert (window.p50_ms, window.p95_ms) == (200, 200)


def steady_windows(p50s, errors=None):
    return [Window(20.0 * i, 100, p50, 3 * p50, (errors or {}).get(i, 0.0)) for i, p50 in enumerate(p50s)]


def test_latency_that_keeps_falling_is_not_steady_until_it_levels_off():
    # A JIT warming up: each window 20 % faster until 30 ms, then flat.
    falling = [120, 96, 77, 61, 49, 39, 31, 30, 30]
    assert steady_after(steady_windows(falling[:7])) is None
    # Windows 5-7 (39, 31, 30): middle 31, band ±3.1, 39 is outside. Windows 6-8 (31, 30, 30):
    # steady at the end of window 8, 180 s in.
    assert steady_after(steady_windows(falling)) == 180.0


def test_three_windows_within_ten_percent_of_their_middle_are_steady():
    assert STREAK == 3
    assert steady_after(steady_windows([60, 55, 50])) == 60.0  # middle 55, band ±5.5
    assert steady_after(steady_windows([61, 55, 50])) is None


def test_the_p95_is_shown_but_not_judged():
    spiky = [Window(20.0 * i, 100, 30, p95, 0.0) for i, p95 in enumerate([90, 160, 85])]
    assert steady_after(spiky) == 60.0


def test_two_millisecond_floor_for_fast_stacks():
    assert steady_after(steady_windows([3, 5, 4])) == 60.0  # middle 4, band ±2 (10 % would be 0.4)


def test_errors_above_one_percent_are_never_steady():
    assert steady_after(steady_windows([50, 50, 50], errors={1: 0.02})) is None
    assert steady_after(steady_windows([50, 50, 50, 50], errors={0: 0.02})) == 80.0


def test_an_empty_window_breaks_the_streak():
    assert steady_after([Window(0, 100, 50, 90, 0.0), Window(20, 0, None, None, None),
                         Window(40, 100, 50, 90, 0.0)]) is None


def test_the_watch_reads_the_growing_log_and_records_its_verdict(tmp_path):
    log = tmp_path / "settle.1-0.ndjson"
    lines = [json.dumps({"t": e.sent_ms, "s": e.name, "c": e.status, "ms": e.latency_ms, "o": e.outcome})
             for e in traffic([300, 120, 50, 52, 49])]
    now = {"ms": ORIGIN}
    watch = SteadyWatch(tmp_path / "settle", clock=lambda: now["ms"] / 1000)

    log.write_text("\n".join(lines[:600]) + "\n")
    now["ms"] = ORIGIN + 3 * WINDOW_MS + COMPLETE_AFTER_MS
    assert watch() is False  # 300, 120, 50: still falling
    log.write_text("\n".join(lines) + "\n")
    now["ms"] = ORIGIN + 5 * WINDOW_MS + COMPLETE_AFTER_MS
    assert watch() is True

    verdict = watch.verdict(bound_s=180)
    assert verdict["steady"] and verdict["steady_after_s"] == 100.0 and verdict["bound_s"] == 180
    assert [w["p50_ms"] for w in verdict["windows"]] == [300, 120, 50, 52, 49]
    assert "3 consecutive 20 s windows" in verdict["criterion"]


def test_a_streak_whose_jvms_still_compile_is_not_steady():
    # Latency flat, but the JIT compilers took 24 % and then 12 % of the core (the measured
    # minutes at 100 req/s): not steady until the streak's share is at most 10 %.
    def jit_windows(shares):
        return [Window(20.0 * i, 100, 30, 60, 0.0, share) for i, share in enumerate(shares)]

    assert JIT_MAX_SHARE == 0.10
    assert steady_after(jit_windows([0.24, 0.24, 0.24, 0.12, 0.12, 0.12])) is None
    # windows 20-80 s: 12, 12, 8 % = 10.7 %; windows 40-100 s: 12, 8, 5 % = 8.3 %
    assert steady_after(jit_windows([0.12, 0.12, 0.12, 0.08, 0.05, 0.05])) == 100.0
    assert steady_after(jit_windows([None, None, None])) == 60.0  # not measured: latency alone decides


def fake_proc(root, threads):
    """A /proc with one JVM: {tid: (comm, utime, stime)}."""
    for tid, (comm, utime, stime) in threads.items():
        task = root / "4242/task" / str(tid)
        task.mkdir(parents=True, exist_ok=True)
        (task / "comm").write_text(comm + "\n")
        # the comm in stat may hold spaces and parentheses; fields 14 and 15 are utime and stime
        (task / "stat").write_text(f"{tid} ({comm}) S 1 2 3 4 5 6 7 8 9 10 {utime} {stime} 0 0 20 0\n")


def test_the_jit_meter_counts_only_the_compiler_threads_of_the_jvms(tmp_path):
    fake_proc(tmp_path, {1: ("java", 500, 100), 2: ("C1 CompilerThre", 40, 10), 3: ("C2 CompilerThre", 100, 0),
                         4: ("Default Executor", 900, 0)})
    meter = JitMeter([4242], cpus=1, proc=tmp_path, ticks_per_s=100)
    meter.sample(0)
    assert meter.measured and meter.share(0, 10_000) is None  # nothing after the window yet
    # 10 s later the compilers used 2 s of CPU: 20 % of one core; the executor's time is not JIT
    fake_proc(tmp_path, {2: ("C1 CompilerThre", 90, 10), 3: ("C2 CompilerThre", 250, 0), 4: ("Default Executor", 5000, 0)})
    meter.sample(10_000)
    assert meter.share(0, 10_000) == 0.2
    assert JitMeter([4242], cpus=2, proc=tmp_path, ticks_per_s=100).share(0, 1) is None  # no samples


def test_the_jit_meter_counts_a_compiler_thread_from_its_start(tmp_path):
    fake_proc(tmp_path, {2: ("C2 CompilerThre", 100, 0)})
    meter = JitMeter([4242], cpus=2, proc=tmp_path, ticks_per_s=100)
    meter.sample(0)
    meter.sample(1000)
    # HotSpot started another compiler thread, which ran for 0.4 s before the next sample
    fake_proc(tmp_path, {2: ("C2 CompilerThre", 120, 0), 7: ("C2 CompilerThre", 30, 10)})
    meter.sample(2000)
    assert meter.share(1000, 2000) == 0.3  # (0.2 + 0.4) s of CPU in 1 s on two CPUs
    assert meter.share(0, 2000) == 0.15


def test_without_compiler_threads_the_meter_measures_nothing(tmp_path):
    fake_proc(tmp_path, {1: ("java", 500, 100)})
    meter = JitMeter([4242, 999], cpus=1, proc=tmp_path, ticks_per_s=100)  # 999: no such process
    meter.sample(0)
    meter.sample(20_000)
    assert not meter.measured and meter.share(0, 20_000) is None


class FakeMeter:
    """A JIT meter whose share is set by the test, sampled with the watch's clock."""

    measured = True

    def __init__(self):
        self.shares, self.sampled = {}, []

    def sample(self, now_ms):
        self.sampled.append(now_ms)

    def share(self, start_ms, end_ms):
        return self.shares.get((start_ms - ORIGIN) // WINDOW_MS)


def test_the_watch_samples_the_jit_and_waits_for_it(tmp_path):
    (tmp_path / "settle.1-0.ndjson").write_text("\n".join(
        json.dumps({"t": e.sent_ms, "s": e.name, "c": e.status, "ms": e.latency_ms, "o": e.outcome})
        for e in traffic([50, 50, 50, 50])) + "\n")
    meter = FakeMeter()
    meter.shares = {0: 0.30, 1: 0.12, 2: 0.12, 3: 0.03}
    now = {"ms": ORIGIN + 3 * WINDOW_MS + COMPLETE_AFTER_MS}
    watch = SteadyWatch(tmp_path / "settle", clock=lambda: now["ms"] / 1000, jit=meter)

    assert watch() is False and meter.sampled == [now["ms"]]  # latency flat, but 18 % compiling
    now["ms"] += WINDOW_MS
    assert watch() is True  # windows 20-80 s: 12, 12, 3 % = 9 %
    verdict = watch.verdict(bound_s=420)
    assert verdict["steady_after_s"] == 80.0 and verdict["jit_measured"] is True
    assert [w["jit_share"] for w in verdict["windows"]] == [0.30, 0.12, 0.12, 0.03]
    assert "JIT compiler threads used at most 10 %" in verdict["criterion"]


def mixed_windows(medians_by_scenario: dict, mix_p50s: list, requests: int = 100):
    """Windows of a two-scenario mix: each scenario's median per window, and the mix's median."""
    return [Window(20.0 * i, 2 * requests, mix, 3 * mix, 0.0,
                   by_scenario={name: [medians[i], requests] for name, medians in medians_by_scenario.items()})
            for i, mix in enumerate(mix_p50s)]


def test_a_mix_whose_median_jumps_between_its_scenarios_is_steady_when_each_scenario_is():
    # API-1 at 11 ms is half the mix, API-2 at 25 ms the other half: the mix's median lands on
    # either group (as recorded on 2026-12-07: 23, 22, 17, 22, 19 ms) while neither moves.
    flipping = mixed_windows({"API-1": [11, 11, 11.5, 11], "API-2": [25, 25, 24, 25]}, [23, 17, 22, 19])

    assert steady_after(flipping) == 60.0
    assert steady_after([Window(w.start_s, w.requests, w.p50_ms, w.p95_ms, 0.0) for w in flipping]) is None


def test_one_scenario_still_getting_faster_keeps_the_stack_unsteady():
    falling = mixed_windows({"API-1": [11, 11, 11, 11, 11], "API-2": [60, 45, 35, 28, 25]}, [20, 20, 20, 20, 20])

    assert steady_after(falling) is None


def test_scenarios_with_too_few_requests_are_not_judged_and_without_any_the_mix_decides():
    few = MIN_SCENARIO_REQUESTS - 1
    sparse = [Window(20.0 * i, 120, 20, 60, 0.0, by_scenario={"API-1": [11, 100], "API-4": [p50, few]})
              for i, p50 in enumerate([90, 40, 70])]
    assert steady_after(sparse) == 60.0  # API-4's three medians from 19 requests each say little
    smoke = [Window(20.0 * i, 10, p50, 2 * p50, 0.0, by_scenario={"API-1": [p50, 10]}) for i, p50 in
             enumerate([30, 20, 20, 20])]
    assert steady_after(smoke) == 80.0  # the mix: 30, 20, 20 is not steady, 20, 20, 20 is


def test_windows_hold_each_scenarios_median_and_count():
    mix = [Exchange(ORIGIN + i * 100, "API-1" if i % 2 else "API-3", 200, 10 if i % 2 else 30, "ok") for i in range(200)]

    window = windows(mix, ORIGIN, ORIGIN + WINDOW_MS + COMPLETE_AFTER_MS)[0]

    assert window.by_scenario == {"API-1": [10, 100], "API-3": [30, 100]}
