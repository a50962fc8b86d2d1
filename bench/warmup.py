"""Warm-up until steady: after a gentle start, each stack is loaded at the first measured rate
until its latency has settled, with an upper bound on the time, and the warm-up it needed is
recorded.

Criterion: the requests are cut into WINDOW_S windows by send time; a window is judged once it
is complete (its last request was sent more than the client timeout ago, so every request of it
has answered or timed out). The stack is steady when STREAK consecutive complete windows each
have an error rate of at most MAX_ERROR_RATE and a median latency (every request, failures at
their time to failure) within ±max(FLOOR_MS, SHARE of the median) of the median of those
windows' medians. Three JVMs on one core keep compiling for minutes, and that shows as a median
that keeps falling; a fixed, short warm-up measured that instead of the architectures. The
median, not the p95: on the 2-core machine a stack that has stopped getting faster still has
slow spells lasting 2-3 s every 15-20 s (most likely garbage collections of the three JVMs that
share one core), which move a 10 s window's p95 by ±30 %, so a p95 rule would never end;
windows of 20 s hold about one spell each.
"""
import time
from dataclasses import asdict, dataclass

from bench.requestlog import CLIENT_TIMEOUT_MS, LiveReader
from bench.stats import quantile

WINDOW_S = 20
STREAK = 3
SHARE = 0.10
FLOOR_MS = 2.0
MAX_ERROR_RATE = 0.01
# A window counts as complete this long after its last send: the client timeout plus a margin
# for the log line to be written.
COMPLETE_AFTER_MS = CLIENT_TIMEOUT_MS + 1000

CRITERION = (f"{STREAK} consecutive {WINDOW_S} s windows (by send time, each judged once all its requests answered "
             f"or timed out) with at most {MAX_ERROR_RATE * 100:g} % errors and a median latency within "
             f"±max({FLOOR_MS:g} ms, {SHARE * 100:g} %) of the windows' middle median")


@dataclass(frozen=True)
class Window:
    start_s: float  # from the first send of the stage
    requests: int
    p50_ms: float | None
    p95_ms: float | None  # shown beside the median, not judged
    error_rate: float | None


def windows(exchanges: list, origin_ms: float, now_ms: float, window_s: float = WINDOW_S) -> list:
    """The complete windows of `exchanges`, in order (an empty window is kept: no request sent)."""
    count = int(max(0.0, now_ms - COMPLETE_AFTER_MS - origin_ms) // (window_s * 1000))
    buckets = [[] for _ in range(count)]
    for exchange in exchanges:
        index = int((exchange.sent_ms - origin_ms) // (window_s * 1000))
        if 0 <= index < count:
            buckets[index].append(exchange)
    return [Window(start_s=index * window_s, requests=len(bucket),
                   p50_ms=quantile([e.latency_ms for e in bucket], 0.50),
                   p95_ms=quantile([e.latency_ms for e in bucket], 0.95),
                   error_rate=sum(not e.succeeded for e in bucket) / len(bucket) if bucket else None)
            for index, bucket in enumerate(buckets)]


def _steady(streak: list) -> bool:
    if len(streak) < STREAK or any(w.p50_ms is None or w.error_rate > MAX_ERROR_RATE for w in streak):
        return False
    middle = quantile([w.p50_ms for w in streak], 0.5)
    band = max(FLOOR_MS, SHARE * middle)
    return all(abs(w.p50_ms - middle) <= band for w in streak)


def steady_after(all_windows: list, window_s: float = WINDOW_S) -> float | None:
    """Seconds from the first send to the end of the first steady streak, or None."""
    for end in range(STREAK, len(all_windows) + 1):
        if _steady(all_windows[end - STREAK:end]):
            return all_windows[end - 1].start_s + window_s
    return None


class SteadyWatch:
    """Polled by loadgen.run_phase while the settle stage runs (`stop_when`): reads the stage's
    request log as it grows and says when the stack is steady."""

    def __init__(self, request_log_prefix, clock=time.time):
        self.reader = LiveReader(request_log_prefix)
        self.clock = clock
        self.exchanges = []
        self.windows = []
        self.steady_s = None

    def __call__(self) -> bool:
        self.exchanges += self.reader.poll()
        if not self.exchanges:
            return False
        origin = min(e.sent_ms for e in self.exchanges)
        self.windows = windows(self.exchanges, origin, self.clock() * 1000)
        self.steady_s = steady_after(self.windows)
        return self.steady_s is not None

    def verdict(self, bound_s: float) -> dict:
        """What metadata.json records for the stage (`steady` of its run record)."""
        return {"steady": self.steady_s is not None, "steady_after_s": self.steady_s, "bound_s": bound_s,
                "criterion": CRITERION, "windows": [asdict(w) for w in self.windows]}
