"""bench.warmup: when a stack counts as steady, judged on complete windows of requests."""
import json

from bench.requestlog import CLIENT_TIMEOUT_MS, Exchange
from bench.warmup import COMPLETE_AFTER_MS, STREAK, WINDOW_S, SteadyWatch, Window, steady_after, windows

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
    assert judged[0] == Window(start_s=0, requests=200, p50_ms=50, p95_ms=50, error_rate=0.0)


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
