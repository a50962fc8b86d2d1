"""The per-request log Artillery writes when BENCH_REQUEST_LOG is set (see artillery/processor.js).

Every phase the runner starts writes one: the report computes every per-cell figure from it,
and the fault and ramp experiments need what Artillery's 10-second summaries cannot give, the
outcome and latency of each request at the second it was sent. While Artillery runs, the log is
one NDJSON file per process and thread (`<prefix>.<pid>-<thread>.ndjson`); after the phase the
runner compacts them into one gzip-compressed NDJSON file in send order (`compact`), which keeps
every request at about a tenth of the size (a standard run: ~800,000 lines, ~15 MB).
"""
import gzip
import json
import math
from dataclasses import dataclass
from pathlib import Path

from bench.results.errors import InputError

OK, PARTIAL, ERROR, NO_RESPONSE = "ok", "partial", "error", "no-response"
COMPACT_SUFFIX = ".requests.ndjson.gz"
# Artillery's client timeout (config.http.timeout in artillery/*.yml, checked by a test): a
# request that reaches it has hung, and it counts at this latency.
CLIENT_TIMEOUT_MS = 10_000


@dataclass(frozen=True)
class Exchange:
    sent_ms: int
    name: str
    status: int  # 0: no response
    latency_ms: int  # for a request without a response: until it failed (a timeout: its timeout)
    outcome: str  # OK, PARTIAL, ERROR or NO_RESPONSE
    error: str | None = None
    body_bytes: int = 0  # decoded response body; 0 without a response

    @property
    def succeeded(self) -> bool:
        return self.outcome == OK

    def surface(self) -> str:
        """How a failure reached the client, in words for the report."""
        if self.outcome == NO_RESPONSE:
            return f"no response ({self.error})"
        if self.outcome == PARTIAL:
            return f"HTTP {self.status}: partial data + errors"
        if self.status < 300:
            return f"HTTP {self.status}: data null + errors"
        return f"HTTP {self.status}"


def log_prefix(directory: Path, name: str) -> Path:
    """The BENCH_REQUEST_LOG value for one run: its files are <prefix>.<pid>-<thread>.ndjson."""
    directory.mkdir(parents=True, exist_ok=True)
    return directory / name


def files(prefix: Path) -> list:
    """The log files Artillery has opened under `prefix` (one per process and thread)."""
    return sorted(prefix.parent.glob(f"{prefix.name}.*.ndjson"))


def compact_path(prefix: Path) -> Path:
    return prefix.parent / f"{prefix.name}{COMPACT_SUFFIX}"


def parse_line(line: str, where: str) -> Exchange:
    try:
        entry = json.loads(line)
        return Exchange(entry["t"], entry["s"], entry["c"], entry["ms"], entry["o"], entry.get("e"), entry.get("b", 0))
    except (ValueError, KeyError, TypeError) as error:
        raise InputError(f"{where}: not a request-log line ({error})") from None


def _read_lines(path: Path, lines) -> list:
    return [parse_line(line, f"{path}:{number}") for number, line in enumerate(lines, start=1) if line.strip()]


def read(prefix: Path) -> list:
    """Every exchange logged under `prefix` (the per-process files, or the compacted file when
    the raw ones are gone), in send order."""
    raw = files(prefix)
    if not raw and compact_path(prefix).exists():
        return read_compact(compact_path(prefix))
    exchanges = []
    for path in raw:
        exchanges += _read_lines(path, path.read_text().splitlines())
    return sorted(exchanges, key=lambda exchange: exchange.sent_ms)


def read_compact(path: Path) -> list:
    """The exchanges of one compacted log (`compact`), in send order."""
    try:
        with gzip.open(path, "rt") as stream:
            return _read_lines(path, stream)
    except FileNotFoundError:
        raise InputError(f"{path}: per-request log not found (the runner writes one per phase)") from None
    except (OSError, EOFError) as error:
        raise InputError(f"{path}: not a readable gzip file ({error}); was the run cut short?") from None


def compact(prefix: Path) -> Path:
    """Merges the per-process files of `prefix` into one gzip NDJSON file in send order and
    deletes them. Every line is kept as written; returns the compacted file's path."""
    exchanges = read(prefix)
    target = compact_path(prefix)
    lines = []
    for exchange in exchanges:
        entry = {"t": exchange.sent_ms, "s": exchange.name, "c": exchange.status, "ms": exchange.latency_ms,
                 "o": exchange.outcome, "b": exchange.body_bytes}
        if exchange.error is not None:
            entry["e"] = exchange.error
        lines.append(json.dumps(entry, separators=(",", ":")))
    with gzip.open(target, "wt", compresslevel=6) as stream:
        stream.write("\n".join(lines) + ("\n" if lines else ""))
    for path in files(prefix):
        path.unlink()
    return target


class LiveReader:
    """Reads the exchanges logged under `prefix` while Artillery is still writing them: each
    `poll` returns the lines completed since the previous one (a half-written last line waits
    for the next poll)."""

    def __init__(self, prefix: Path):
        self.prefix = prefix
        self._offsets = {}
        self._partial = {}

    def poll(self) -> list:
        fresh = []
        for path in files(self.prefix):
            with open(path, "rb") as stream:
                stream.seek(self._offsets.get(path, 0))
                chunk = stream.read()
            self._offsets[path] = self._offsets.get(path, 0) + len(chunk)
            text = self._partial.pop(path, "") + chunk.decode("utf-8", errors="replace")
            *complete, rest = text.split("\n")
            if rest:
                self._partial[path] = rest
            fresh += [parse_line(line, str(path)) for line in complete if line.strip()]
        return fresh


def percentile(values, fraction: float):
    """Nearest-rank percentile of `values`; None when there are none."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]
