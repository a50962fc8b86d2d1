"""The progress lines of one load phase, read from Artillery's console output.

Artillery prints three kinds of block, all in the same `name: ....... value` format:
- a report per 10 s period (`Metrics for period to: HH:MM:SS(+zone) (width: 9.98s)`), aligned
  to the wall clock: the first and last are partial, and the width is the time between the
  period's first and last measurement;
- `Phase started` / `Phase completed` lines when arrivals begin and end (the run goes on
  until the requests in flight are answered or time out);
- at the end, a `Summary report` of the whole run.

Printing every block alike shows the summary (the phase's totals) as one more window, with the
last window's elapsed time but the whole phase's p95 and errors; and Artillery's
`http.request_rate` divides a period's requests by at least one second, so a period cut after
0.2 s reads 60 req/s in a 300 req/s phase. So here each window's rate is its requests over its
own width, windows and totals are different, labelled lines, and errors are counted the way
the report counts them (non-2xx, transport errors, GraphQL errors).
"""
import re
from dataclasses import dataclass, field

# The generator must never be the hidden limit: the same bounds the report applies to a
# whole phase (bench/results/measure.py), here to each 10 s window and to the phase's clock.
from bench.results.measure import MIN_ACHIEVED_SHARE, OVERRUN_FLOOR_S, OVERRUN_SHARE

PERIOD_S = 10  # Artillery's reporting period
MIN_WINDOW_S = 2.0  # shorter windows (a phase's first fraction of a second) give no usable rate
DAY_S = 24 * 3600

_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_CLOCK = r"(\d\d):(\d\d):(\d\d)\([+-]\d{4}\)"
_PERIOD = re.compile(rf"^Metrics for period to: {_CLOCK}(?: \(width: ([\d.]+)s\))?")
_SUMMARY = re.compile(rf"^Summary report @ {_CLOCK}")
_PHASE = re.compile(rf"^Phase (started|completed): .*\) {_CLOCK}")
_COUNTER = re.compile(r"^([^\s:][^:]*):\s*\.*\s*([\d.]+)(/sec)?\s*$")
_SUMMARY_HEAD = re.compile(r"^([^\s:][^:]*):\s*$")
_SUMMARY_VALUE = re.compile(r"^\s+(\w+):\s*\.*\s*(-?[\d.]+)\s*$")
_ERROR_COUNTER = re.compile(r"^(errors\..+|http\.codes\.[^2]\d\d|graphql\.errors\..+)$")
_TRANSPORT_ERROR = re.compile(r"^errors\.")
_LATENCY = "bench.latency."


def _seconds(match, first_group=1) -> int:
    hours, minutes, seconds = (int(match.group(first_group + i)) for i in range(3))
    return hours * 3600 + minutes * 60 + seconds


def _since(start_s: float, at_s: float) -> float:
    """Seconds from one time of day to a later one (a run may pass midnight)."""
    return (at_s - start_s) % DAY_S


@dataclass
class Block:
    """One period report or the summary report."""

    kind: str  # "period" or "summary"
    at_s: int  # time of day: the period's end, or when the summary was printed
    width_s: float | None = None
    counters: dict = field(default_factory=dict)
    summaries: dict = field(default_factory=dict)

    def count(self, pattern: re.Pattern) -> int:
        return sum(value for name, value in self.counters.items() if pattern.match(name))

    @property
    def sent(self) -> int:
        """Requests sent: each virtual user sends one (artillery/README.md)."""
        return int(self.counters.get("vusers.created", 0))

    @property
    def errors(self) -> int:
        return self.count(_ERROR_COUNTER)

    @property
    def completed(self) -> int:
        """Requests that got a response or failed without one."""
        return int(self.counters.get("http.responses", 0)) + self.count(_TRANSPORT_ERROR)

    def p95_by_request(self) -> dict:
        """Full-exchange p95 (artillery/processor.js bench.latency.<name>) per request name."""
        return {name[len(_LATENCY):]: values["p95"] for name, values in self.summaries.items()
                if name.startswith(_LATENCY) and "p95" in values}

    def slowest_p95(self) -> tuple | None:
        """(p95 ms, what it is): the slowest request name's, or Artillery's overall time to first
        byte when the processor's metric is missing. Percentiles of different scenarios are
        never averaged."""
        by_name = self.p95_by_request()
        if by_name:
            name = max(by_name, key=by_name.get)
            return by_name[name], f"slowest: {name}"
        ttfb = self.summaries.get("http.response_time", {})
        return (ttfb["p95"], "time to first byte, all requests") if "p95" in ttfb else None


class ConsoleReader:
    """Turns Artillery's console lines into events: ("started" | "completed", time of day) and
    ("block", Block), each returned by feed() as soon as its last line has arrived."""

    def __init__(self):
        self._block = None
        self._summary_name = None
        self._seen_metric = False

    def feed(self, line: str) -> list:
        line = _ANSI.sub("", line.rstrip("\n"))
        events = []
        if match := _PHASE.match(line):
            events += self._close()
            events.append((match.group(1), _seconds(match, 2)))
        elif match := _PERIOD.match(line):
            events += self._close()
            self._block = Block("period", _seconds(match), float(match.group(4)) if match.group(4) else None)
        elif match := _SUMMARY.match(line):
            events += self._close()
            self._block = Block("summary", _seconds(match))
        elif self._block is not None:
            events += self._metric_line(line)
        return events

    def _metric_line(self, line: str) -> list:
        if not line.strip():
            # A blank line ends a block once it has metrics (the body is printed in one piece).
            return self._close() if self._seen_metric else []
        if line.startswith("---"):
            return []
        if line.startswith("No measurements recorded"):
            self._seen_metric = True
        elif match := _SUMMARY_VALUE.match(line):
            if self._summary_name:
                self._block.summaries.setdefault(self._summary_name, {})[match.group(1)] = float(match.group(2))
        elif match := _SUMMARY_HEAD.match(line):
            self._summary_name, self._seen_metric = match.group(1), True
        elif match := _COUNTER.match(line):
            self._summary_name, self._seen_metric = None, True
            if not match.group(3):  # "/sec" marks Artillery's own rates, which are not used
                self._block.counters[match.group(1)] = int(float(match.group(2)))
        else:
            return self._close()  # anything else (a warning, "Checks:") ends the block
        return []

    def finish(self) -> list:
        """The events still pending when Artillery's output ends."""
        return self._close()

    def _close(self) -> list:
        block, self._block, self._summary_name, self._seen_metric = self._block, None, None, False
        return [("block", block)] if block is not None else []


def _clock(seconds: float) -> str:
    seconds = max(0, int(round(seconds)))
    return f"{seconds // 60:02d}:{seconds % 60:02d}"


def _rate(value: float) -> str:
    if value == int(value) or value >= 100:
        return f"{value:,.0f}"
    return f"{value:,.1f}"


def _ms(value: float) -> str:
    return f"{value:,.0f} ms" if value >= 10 else f"{value:.1f} ms"


def _share(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f} %" if whole else "-"


class PhaseProgress:
    """Progress of one phase: feed() it Artillery's console lines, print what it returns.

    One line per 10 s window while the phase runs (phase clock, the window's send rate against
    the target, its p95 and error share, the phase's errors so far), a warning when the
    generator falls behind (a window below the target rate, or arrivals running past the
    planned duration), and one line with the phase's totals at the end.
    """

    def __init__(self, label: str, target_rps: float, duration_s: float):
        self.label = label
        self.target_rps = target_rps
        self.duration_s = duration_s
        self.reader = ConsoleReader()
        self.started_s = None
        self.completed_s = None
        self.sent = 0
        self.completed = 0
        self.errors = 0

    def feed(self, line: str) -> list:
        return self._handle(self.reader.feed(line))

    def finish(self) -> list:
        """Lines for what Artillery printed last, when its output ends without a blank line."""
        return self._handle(self.reader.finish())

    def _handle(self, events: list) -> list:
        lines = []
        for kind, value in events:
            if kind == "started":
                self.started_s = value
            elif kind == "completed":
                self.completed_s = value
            elif value.kind == "period":
                lines += self._window(value)
            else:
                lines += self._totals(value)
        return lines

    def _line(self, text: str) -> str:
        return f"  [{self.label}] {text}"

    def _window(self, block: Block) -> list:
        self.sent += block.sent
        self.completed += block.completed
        self.errors += block.errors
        width = block.width_s
        parts, warnings = [], []
        elapsed = self._elapsed(block)
        arriving = self.completed_s is None or _since(block.at_s, self.completed_s) < DAY_S / 2
        if elapsed is not None and arriving:
            parts.append(f"{_clock(elapsed)} of {_clock(self.duration_s)}")
        elif elapsed is not None:
            parts.append(f"{_clock(elapsed)} (arrivals ended at {_clock(_since(self.started_s, self.completed_s))})")
        elif not arriving:
            parts.append("arrivals ended")
        if arriving and width and width >= MIN_WINDOW_S:
            rate = block.sent / width
            parts.append(f"sent {_rate(rate)} req/s (target {_rate(self.target_rps)})")
            if rate < MIN_ACHIEVED_SHARE * self.target_rps:
                warnings.append(f"the generator is behind: it sent {_rate(rate)} req/s in the last {width:.0f} s, "
                                f"{100 * rate / self.target_rps:.0f} % of the {_rate(self.target_rps)} req/s target")
        elif arriving:
            parts.append(f"sent {block.sent:,} requests (target {_rate(self.target_rps)} req/s)")
        window = f"last {width:.0f} s" if width else "last window"
        slowest = block.slowest_p95()
        p95 = f"p95 {_ms(slowest[0])} ({slowest[1]})" if slowest else "p95 -"
        parts.append(f"{window}: {p95}, errors {_share(block.errors, block.completed)} "
                     f"({block.errors:,} of {block.completed:,} completed)")
        parts.append(f"phase so far: {self.errors:,} errors")
        if not arriving and self.sent > self.completed:
            parts.append(f"{self.sent - self.completed:,} requests in flight")
        if arriving and elapsed is not None and elapsed > self.duration_s + self._overrun_slack():
            warnings.append(f"arrivals are running past the planned {_clock(self.duration_s)}: "
                            "the generator cannot send at the target rate")
        return [self._line(" | ".join(parts))] + [self._line(f"WARNING: {text}") for text in warnings]

    def _elapsed(self, block: Block) -> float | None:
        """Phase clock at the window's last measurement. A window starts at its period's start
        (the phase's start for the first one) and lasts `width`; Artillery stamps the phase
        start in whole seconds, so this is good to about a second."""
        if self.started_s is None or block.width_s is None:
            return None
        to_period_end = _since(self.started_s, block.at_s)
        if to_period_end > DAY_S / 2:
            return None  # the period ended before the phase started
        return max(0, to_period_end - PERIOD_S) + block.width_s

    def _overrun_slack(self) -> float:
        return max(OVERRUN_FLOOR_S, OVERRUN_SHARE * self.duration_s) + 1  # +1: whole-second stamps

    def _totals(self, block: Block) -> list:
        """The summary report: the phase's totals, as the report will count them. Whether the
        generator kept up with the whole phase is judged afterwards from the request log
        (load_lines), by the report's own rule."""
        sent, errors, completed = block.sent, block.errors, block.completed
        parts = [f"phase done, totals: {sent:,} requests sent",
                 f"errors {errors:,} = {_share(errors, completed)} of {completed:,} completed"]
        by_name = block.p95_by_request()
        if by_name:
            parts.append("p95 " + ", ".join(f"{name} {_ms(value)}" for name, value in sorted(by_name.items())))
        return [self._line(" | ".join(parts))]


def load_lines(label: str, check, measured: bool = True) -> list:
    """How the load was applied, from the phase's request log (a bench.measure.LoadCheck): the
    arrival window and rate, how late the sends were against Artillery's schedule, and a warning
    when the report marks the phase generator-limited (or, for a warm-up, would)."""
    line = f"  [{label}] request log: {check.requests:,} requests sent"
    if check.arrival_window_s:
        line += (f" in {check.arrival_window_s:.1f} s = {_rate(check.achieved_rps)} req/s (target "
                 f"{_rate(check.target_rps)} for {check.planned_s:g} s)")
    if check.late_p99_ms is not None:
        line += (f" | sends behind schedule: p50 {_ms(check.late_p50_ms)}, p99 {_ms(check.late_p99_ms)}, "
                 f"max {_ms(check.late_max_ms)}")
    if check.cpu_steal is not None:
        line += f" | CPU steal {100 * check.cpu_steal:.1f} %"
    lines = [line]
    if check.generator_limited:
        consequence = "the report marks it generator-limited" if measured else "a warm-up: not measured"
        lines.append(f"  [{label}] WARNING: the generator did not keep up with this phase "
                     f"({'; '.join(check.reasons)}): {consequence}")
    return lines
