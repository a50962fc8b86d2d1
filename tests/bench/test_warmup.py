"""bench.warmup: when a stack counts as steady, judged on complete windows of requests."""
import json

from bench.requestlog import CLIENT_TIMEOUT_MS, Exchange
from bench.warmup import COMPLETE_AFTER_MS, STREAK, SteadyWatch, Window, steady_after, windows

ORIGIN = 1_000_000


def traffic(p95_by_window, rate=20):
    """`rate` requests per second for 10 s per window; in each window 10 % of the requests take
    the window's p95 and the rest 10 ms, so its p95 is exactly that value."""
    exchanges = []
    for window, p95 in enumerate(p95_by_window):
        for i in range(rate * 10):
            exchanges.append(Exchange(ORIGIN + window * 10_000 + i * 1000 // rate, "API-1", 200,
                                      p95 if i % 10 == 0 else 10, "ok"))
    return exchanges


def test_only_complete_windows_are_judged():
    exchanges = traffic([50, 50, 50, 50])
    # 35 s after the start plus the completion margin: windows 0-2 are complete, window 3 is not.
    judged = windows(exchanges, ORIGIN, ORIGIN + 35_000 + COMPLETE_AFTER_MS)
    assert [w.start_s for w in judged] == [0, 10, 20]
    assert COMPLETE_AFTER_MS > CLIENT_TIMEOUT_MS  # a window waits until even a timed-out request is in
    assert judged[0] == Window(start_s=0, requests=200, p95_ms=50, error_rate=0.0)


def test_windows_take_the_p95_of_every_request_sent_in_them():
    # 10 % of window 0 at 200 ms: its p95 is 200.
    slow = [Exchange(ORIGIN + i * 50, "API-1", 200, 200 if i % 10 == 0 else 10, "ok") for i in range(200)]
    assert windows(slow, ORIGIN, ORIGIN + 10_000 + COMPLETE_AFTER_MS)[0].p95_ms == 200


def steady_windows(p95s, errors=None):
    return [Window(10.0 * i, 100, p95, (errors or {}).get(i, 0.0)) for i, p95 in enumerate(p95s)]


def test_latency_that_keeps_falling_is_not_steady_until_it_levels_off():
    # A JIT warming up: each window 20 % faster until 100 ms, then flat.
    falling = [400, 320, 256, 205, 164, 131, 105, 100, 100, 100]
    assert steady_after(steady_windows(falling[:7])) is None
    # 131, 105, 100: median 105, band ±10.5: 131 is outside. 105, 100, 100: steady.
    assert steady_after(steady_windows(falling)) == 90.0


def test_three_windows_within_ten_percent_of_their_median_are_steady():
    assert STREAK == 3
    assert steady_after(steady_windows([60, 55, 50])) == 30.0  # median 55, band ±5.5
    assert steady_after(steady_windows([61, 55, 50])) is None


def test_two_millisecond_floor_for_fast_stacks():
    assert steady_after(steady_windows([3, 5, 4])) == 30.0  # median 4, band ±2 (10 % would be 0.4)


def test_errors_above_one_percent_are_never_steady():
    assert steady_after(steady_windows([50, 50, 50], errors={1: 0.02})) is None
    assert steady_after(steady_windows([50, 50, 50, 50], errors={0: 0.02})) == 40.0


def test_an_empty_window_breaks_the_streak():
    assert steady_after([Window(0, 100, 50, 0.0), Window(10, 0, None, None), Window(20, 100, 50, 0.0)]) is None


def test_the_watch_reads_the_growing_log_and_records_its_verdict(tmp_path):
    log = tmp_path / "settle.1-0.ndjson"
    lines = [json.dumps({"t": e.sent_ms, "s": e.name, "c": e.status, "ms": e.latency_ms, "o": e.outcome})
             for e in traffic([300, 120, 50, 52, 49])]
    now = {"ms": ORIGIN}
    watch = SteadyWatch(tmp_path / "settle", clock=lambda: now["ms"] / 1000)

    log.write_text("\n".join(lines[:600]) + "\n")
    now["ms"] = ORIGIN + 30_000 + COMPLETE_AFTER_MS
    assert watch() is False  # 300, 120, 50: still falling
    log.write_text("\n".join(lines) + "\n")
    now["ms"] = ORIGIN + 50_000 + COMPLETE_AFTER_MS
    assert watch() is True

    verdict = watch.verdict(bound_s=180)
    assert verdict["steady"] and verdict["steady_after_s"] == 50.0 and verdict["bound_s"] == 180
    assert [w["p95_ms"] for w in verdict["windows"]] == [300, 120, 50, 52, 49]
    assert "3 consecutive 10 s windows" in verdict["criterion"]
