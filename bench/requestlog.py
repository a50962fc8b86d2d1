"""The per-request log Artillery writes when BENCH_REQUEST_LOG is set (see artillery/processor.js).

Fault and ramp runs need what Artillery's 10-second summaries cannot give: the outcome and
latency of each request at the second it was sent.
"""
import json
import math
from dataclasses import dataclass
from pathlib import Path

from bench.errors import InputError

OK, PARTIAL, ERROR, NO_RESPONSE = "ok", "partial", "error", "no-response"


@dataclass(frozen=True)
class Exchange:
    sent_ms: int
    name: str
    status: int  # 0: no response
    latency_ms: int
    outcome: str  # OK, PARTIAL, ERROR or NO_RESPONSE
    error: str | None = None

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


def read(prefix: Path) -> list:
    """Every exchange logged under `prefix`, in send order."""
    exchanges = []
    for path in files(prefix):
        for number, line in enumerate(path.read_text().splitlines(), start=1):
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
                exchanges.append(Exchange(entry["t"], entry["s"], entry["c"], entry["ms"], entry["o"], entry.get("e")))
            except (ValueError, KeyError, TypeError) as error:
                raise InputError(f"{path}:{number}: not a request-log line ({error})") from None
    return sorted(exchanges, key=lambda exchange: exchange.sent_ms)


def percentile(values, fraction: float):
    """Nearest-rank percentile of `values`; None when there are none."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]
