"""Warm-up until steady: after a gentle start, each stack is loaded at the first measured rate
until its latency has settled, with an upper bound on the time, and the warm-up it needed is
recorded.

Criterion: the requests are cut into WINDOW_S windows by send time; a window is judged once it
is complete (its last request was sent more than the client timeout ago, so every request of it
has answered or timed out). The stack is steady when STREAK consecutive complete windows each
have an error rate of at most MAX_ERROR_RATE and, for every scenario with at least
MIN_SCENARIO_REQUESTS requests in each of those windows, a median latency (every request,
failures at their time to failure) within ±max(FLOOR_MS, SHARE of the median) of the middle of
that scenario's medians. Three JVMs on one core keep compiling for minutes, and that shows as a
median that keeps falling; a fixed, short warm-up measured that instead of the architectures.
The median, not the p95: on the 2-core machine a stack that has stopped getting faster still
has slow spells lasting 2-3 s every 15-20 s (most likely garbage collections of the three JVMs
that share one core), which move a 10 s window's p95 by ±30 %, so a p95 rule would never end;
windows of 20 s hold about one spell each.

Per scenario, not the median of the traffic mix: in the SPEC's mix API-1 (about 11 ms) is half
the requests and the others take 20-35 ms, so the mix's median sits on the edge between the two
groups and jumps between them when API-1's share of a window moves by a point. Recorded on
2026-12-07 (GraphQL in containers at 100 req/s): window medians of the mix 23, 22, 17, 22, 19,
25 ms while every scenario's own median held within its band; the mix rule called the stack
steady at 220 s, the per-scenario rule at 120 s. Replayed on 21 recorded settle stages it was
never later than the mix rule (docs/methodology.md, "Warm-up until steady"). Only where no
scenario has enough requests in the windows (a smoke run at a few requests per second) is the
mix's median judged instead.

Latency alone is not enough: the JIT compilers of the three JVMs keep taking a large share of
the system under test's core for minutes after the median looks flat. Measured on the 2-core
machine (one stack, its C1/C2 compiler threads' CPU time per minute as a share of the one core
it runs on): 22, 44, 38, 17 % over four minutes at 50 req/s, then 24, 12, 11, 5, 6 % at 100
req/s, so about six minutes of load pass before compilation stops competing with the requests.
So where the JVMs' compiler threads can be read (/proc, the Liberty pid files), the streak must
also have spent at most JIT_MAX_SHARE of the system under test's CPUs in them.
"""
import os
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from bench.results.requestlog import CLIENT_TIMEOUT_MS, LiveReader
from bench.results.stats import quantile

WINDOW_S = 20
STREAK = 3
SHARE = 0.10
FLOOR_MS = 2.0
MAX_ERROR_RATE = 0.01
MIN_SCENARIO_REQUESTS = 20  # in each window of a streak, for a scenario's median to be judged
JIT_MAX_SHARE = 0.10  # of the system under test's CPUs, over the streak's 60 s
# HotSpot's compiler threads ("C1 CompilerThread0", ...), as /proc shows their names (15 characters).
COMPILER_THREADS = ("C1 CompilerThre", "C2 CompilerThre")
# A window counts as complete this long after its last send: the client timeout plus a margin
# for the log line to be written.
COMPLETE_AFTER_MS = CLIENT_TIMEOUT_MS + 1000

CRITERION = (f"{STREAK} consecutive {WINDOW_S} s windows (by send time, each judged once all its requests answered "
             f"or timed out) with at most {MAX_ERROR_RATE * 100:g} % errors and, per scenario (with at least "
             f"{MIN_SCENARIO_REQUESTS} requests in each window; else the whole mix), a median latency within "
             f"±max({FLOOR_MS:g} ms, {SHARE * 100:g} %) of the windows' middle median, during which the JVMs' JIT "
             f"compiler threads used at most {JIT_MAX_SHARE * 100:g} % of the system under test's CPUs "
             f"(where they can be read)")


@dataclass(frozen=True)
class Window:
    start_s: float  # from the first send of the stage
    requests: int
    p50_ms: float | None
    p95_ms: float | None  # shown beside the median, not judged
    error_rate: float | None
    jit_share: float | None = None  # JIT compiler threads' share of the SUT's CPUs; None: not measured
    by_scenario: dict = field(default_factory=dict)  # scenario -> [its median latency ms, its requests]


def windows(exchanges: list, origin_ms: float, now_ms: float, window_s: float = WINDOW_S, jit=None) -> list:
    """The complete windows of `exchanges`, in order (an empty window is kept: no request sent).
    `jit(start_ms, end_ms)`, when given, is the JIT share over a window's wall-clock time."""
    count = int(max(0.0, now_ms - COMPLETE_AFTER_MS - origin_ms) // (window_s * 1000))
    buckets = [[] for _ in range(count)]
    for exchange in exchanges:
        index = int((exchange.sent_ms - origin_ms) // (window_s * 1000))
        if 0 <= index < count:
            buckets[index].append(exchange)
    width_ms = window_s * 1000
    return [Window(start_s=index * window_s, requests=len(bucket),
                   p50_ms=quantile([e.latency_ms for e in bucket], 0.50),
                   p95_ms=quantile([e.latency_ms for e in bucket], 0.95),
                   error_rate=sum(not e.succeeded for e in bucket) / len(bucket) if bucket else None,
                   jit_share=jit(origin_ms + index * width_ms, origin_ms + (index + 1) * width_ms) if jit else None,
                   by_scenario=_medians_by_scenario(bucket))
            for index, bucket in enumerate(buckets)]


def _medians_by_scenario(bucket: list) -> dict:
    latencies = {}
    for exchange in bucket:
        latencies.setdefault(exchange.name, []).append(exchange.latency_ms)
    return {name: [quantile(values, 0.50), len(values)] for name, values in sorted(latencies.items())}


def _within_band(medians: list) -> bool:
    middle = quantile(medians, 0.5)
    band = max(FLOOR_MS, SHARE * middle)
    return all(abs(median - middle) <= band for median in medians)


def _steady(streak: list) -> bool:
    if len(streak) < STREAK or any(w.p50_ms is None or w.error_rate > MAX_ERROR_RATE for w in streak):
        return False
    jit = [w.jit_share for w in streak if w.jit_share is not None]
    # equal windows: the mean of their shares is the share over the streak's whole span
    if jit and sum(jit) / len(jit) > JIT_MAX_SHARE:
        return False
    judged = [name for name in streak[0].by_scenario
              if all(w.by_scenario.get(name, (None, 0))[1] >= MIN_SCENARIO_REQUESTS for w in streak)]
    if not judged:
        return _within_band([w.p50_ms for w in streak])
    return all(_within_band([w.by_scenario[name][0] for w in streak]) for name in judged)


def steady_after(all_windows: list, window_s: float = WINDOW_S) -> float | None:
    """Seconds from the first send to the end of the first steady streak, or None."""
    for end in range(STREAK, len(all_windows) + 1):
        if _steady(all_windows[end - STREAK:end]):
            return all_windows[end - 1].start_s + window_s
    return None


class JitMeter:
    """CPU time of the JIT compiler threads of some JVMs (the system under test's Liberty
    servers), read from /proc/<pid>/task/<tid>/stat at each `sample`. Compiler threads come and
    go (HotSpot starts extra ones under a backlog): each sample lists the threads and reads the
    name of each new one, so a new compiler thread is counted from its start; one that ends
    loses at most its time since the last sample."""

    def __init__(self, pids, cpus: int, proc: Path = Path("/proc"), ticks_per_s: int | None = None):
        self.pids = list(pids)
        self.cpus = max(1, cpus)
        self.proc = proc
        self.ticks_per_s = ticks_per_s or os.sysconf("SC_CLK_TCK")
        self.samples = []  # (epoch ms, compiler ticks counted since the first sample)
        self._compiler = {}  # task directory -> whether it is a compiler thread
        self._last = {}  # stat file -> its ticks at the previous sample
        self._counted = 0

    def _threads(self) -> list:
        found = []
        for pid in self.pids:
            try:
                tasks = list((self.proc / str(pid) / "task").iterdir())
            except OSError:
                continue  # the JVM is gone
            for task in tasks:
                if task not in self._compiler:
                    try:
                        self._compiler[task] = (task / "comm").read_text().strip().startswith(COMPILER_THREADS)
                    except OSError:
                        continue  # the thread ended while being read
                if self._compiler[task]:
                    found.append(task / "stat")
        return found

    @staticmethod
    def _ticks(stat: str) -> int:
        fields = stat[stat.rindex(")") + 2:].split()  # after "pid (comm) ": state is field 3
        return int(fields[11]) + int(fields[12])  # utime, stime (fields 14, 15)

    def sample(self, now_ms: float):
        first = not self.samples
        for path in self._threads():
            try:
                ticks = self._ticks(path.read_text())
            except (OSError, ValueError, IndexError):
                continue
            if not first:
                self._counted += ticks - self._last.get(path, 0)
            self._last[path] = ticks
        self.samples.append((now_ms, self._counted))

    @property
    def measured(self) -> bool:
        return bool(self._last)

    def share(self, start_ms: float, end_ms: float) -> float | None:
        """Share of the CPUs spent compiling between the last sample at or before `start_ms` and
        the first at or after `end_ms`; None when the samples do not cover it or no compiler
        thread was found."""
        before = [s for s in self.samples if s[0] <= start_ms]
        after = [s for s in self.samples if s[0] >= end_ms]
        if not self.measured or not before or not after or after[0][0] <= before[-1][0]:
            return None
        (t0, c0), (t1, c1) = before[-1], after[0]
        return round((c1 - c0) / self.ticks_per_s / ((t1 - t0) / 1000) / self.cpus, 4)


class SteadyWatch:
    """Polled by loadgen.run_phase while the settle stage runs (`stop_when`): reads the stage's
    request log as it grows, samples the JIT meter when there is one, and says when the stack is
    steady."""

    def __init__(self, request_log_prefix, clock=time.time, jit: JitMeter | None = None):
        self.reader = LiveReader(request_log_prefix)
        self.clock = clock
        self.jit = jit
        self.exchanges = []
        self.windows = []
        self.steady_s = None

    def __call__(self) -> bool:
        now_ms = self.clock() * 1000
        if self.jit:
            self.jit.sample(now_ms)
        self.exchanges += self.reader.poll()
        if not self.exchanges:
            return False
        origin = min(e.sent_ms for e in self.exchanges)
        self.windows = windows(self.exchanges, origin, now_ms, jit=self.jit.share if self.jit else None)
        self.steady_s = steady_after(self.windows)
        return self.steady_s is not None

    def verdict(self, bound_s: float) -> dict:
        """What metadata.json records for the stage (`steady` of its run record)."""
        return {"steady": self.steady_s is not None, "steady_after_s": self.steady_s, "bound_s": bound_s,
                "criterion": CRITERION, "jit_measured": bool(self.jit and self.jit.measured),
                "windows": [asdict(w) for w in self.windows]}
