"""Read one Artillery 2 `--output` JSON file into per-scenario numbers.

Metric names relied on (all seen in real output of artillery/rest.yml and graphql.yml):
- `vusers.created_by_name.<scenario>`: virtual users per scenario; each sends exactly one
  request, so this is the request count (it also counts requests that never got a response).
- `plugins.metrics-by-endpoint.<scenario>.codes.<status>` and `.errors.<code>`: responses by
  HTTP status and transport errors (ECONNREFUSED, ERR_SOCKET_TIMEOUT, ...) per request name.
- `plugins.metrics-by-endpoint.response_time.<scenario>`: Artillery's time to first byte.
- `bench.latency.<scenario>`, `bench.response_bytes.<scenario>`, `graphql.errors.<scenario>`,
  `bench.send_offset_ms`: emitted by artillery/processor.js (see there why).
- `http.downloaded_bytes`: wire bytes of all responses (from Content-Length).
"""

import json
from dataclasses import dataclass, field
from pathlib import Path

from bench.errors import InputError
from bench.scenarios import SCENARIOS

ENDPOINT = "plugins.metrics-by-endpoint."
TIMEOUT_CODES = frozenset({"ETIMEDOUT", "ESOCKETTIMEDOUT", "ERR_SOCKET_TIMEOUT"})
CONNECTION_CODES = frozenset(
    {"ECONNREFUSED", "ECONNRESET", "ECONNABORTED", "EPIPE", "EHOSTUNREACH", "ENETUNREACH", "EADDRNOTAVAIL"}
)


@dataclass(frozen=True)
class Latency:
    """An Artillery histogram summary in ms (percentiles are DDSketch estimates, ~1 %)."""

    count: int
    min: float
    max: float
    mean: float
    p50: float
    p95: float
    p99: float

    @classmethod
    def from_summary(cls, summary: dict) -> "Latency":
        return cls(
            count=int(summary["count"]),
            min=float(summary["min"]),
            max=float(summary["max"]),
            mean=float(summary["mean"]),
            p50=float(summary["p50"]),
            p95=float(summary["p95"]),
            p99=float(summary["p99"]),
        )


@dataclass(frozen=True)
class ScenarioOutput:
    requests: int
    status_codes: dict  # "200" -> responses
    transport_errors: dict  # "ECONNREFUSED" -> requests without a response
    graphql_errors: int
    response_bytes: int
    latency: Latency | None  # full exchange, from processor.js
    ttfb: Latency | None  # Artillery's own response_time

    @property
    def responses(self) -> int:
        return sum(self.status_codes.values())

    @property
    def non_2xx(self) -> int:
        return sum(n for code, n in self.status_codes.items() if not code.startswith("2"))

    @property
    def timeouts(self) -> int:
        return sum(n for code, n in self.transport_errors.items() if code in TIMEOUT_CODES)

    @property
    def connection_errors(self) -> int:
        return sum(n for code, n in self.transport_errors.items() if code in CONNECTION_CODES)

    @property
    def other_errors(self) -> int:
        return sum(self.transport_errors.values()) - self.timeouts - self.connection_errors

    @property
    def failed(self) -> int:
        """Requests that count as errors; each request counts once (see processor.js)."""
        return self.non_2xx + self.graphql_errors + sum(self.transport_errors.values())


@dataclass(frozen=True)
class Bucket:
    """One `intermediate` period (10 s, aligned to the wall clock; first and last are partial)."""

    period_ms: int
    first_ms: int
    last_ms: int
    counters: dict
    summaries: dict


@dataclass(frozen=True)
class ArtilleryRun:
    path: Path
    scenarios: dict  # scenario -> ScenarioOutput
    send_window_ms: float | None  # first to last request sent
    downloaded_bytes: int
    first_metric_ms: int | None
    last_metric_ms: int | None
    counters: dict = field(repr=False)
    summaries: dict = field(repr=False)
    buckets: tuple = field(repr=False)

    @property
    def requests(self) -> int:
        return sum(s.requests for s in self.scenarios.values())


def _suffix_counts(counters: dict, prefix: str) -> dict:
    return {key[len(prefix):]: int(value) for key, value in counters.items() if key.startswith(prefix)}


def _latency(summaries: dict, name: str) -> Latency | None:
    summary = summaries.get(name)
    return Latency.from_summary(summary) if summary and summary.get("count") else None


def scenario_output(counters: dict, summaries: dict, name: str) -> ScenarioOutput:
    """One scenario's numbers from a counters/summaries pair (the aggregate or one bucket)."""
    return ScenarioOutput(
        requests=int(counters.get(f"vusers.created_by_name.{name}", 0)),
        status_codes=_suffix_counts(counters, f"{ENDPOINT}{name}.codes."),
        transport_errors=_suffix_counts(counters, f"{ENDPOINT}{name}.errors."),
        graphql_errors=int(counters.get(f"graphql.errors.{name}", 0)),
        response_bytes=int(counters.get(f"bench.response_bytes.{name}", 0)),
        latency=_latency(summaries, f"bench.latency.{name}"),
        ttfb=_latency(summaries, f"{ENDPOINT}response_time.{name}"),
    )


def _bucket(raw: dict) -> Bucket:
    return Bucket(
        period_ms=int(raw["period"]),
        first_ms=int(raw.get("firstMetricAt") or raw["period"]),
        last_ms=int(raw.get("lastMetricAt") or raw["period"]),
        counters=raw.get("counters", {}),
        summaries=raw.get("summaries", {}),
    )


def parse_artillery_output(path: Path) -> ArtilleryRun:
    """Parse one `artillery run --output` file; InputError when it is missing or malformed."""
    try:
        document = json.loads(Path(path).read_text())
        aggregate = document["aggregate"]
        counters = aggregate.get("counters", {})
        summaries = aggregate.get("summaries", {})
        window = summaries.get("bench.send_offset_ms")
        return ArtilleryRun(
            path=Path(path),
            scenarios={name: scenario_output(counters, summaries, name) for name in SCENARIOS},
            send_window_ms=float(window["max"]) if window else None,
            downloaded_bytes=int(counters.get("http.downloaded_bytes", 0)),
            first_metric_ms=aggregate.get("firstMetricAt"),
            last_metric_ms=aggregate.get("lastMetricAt"),
            counters=counters,
            summaries=summaries,
            buckets=tuple(_bucket(raw) for raw in document.get("intermediate", [])),
        )
    except FileNotFoundError:
        raise InputError(f"{path}: Artillery output file not found") from None
    except json.JSONDecodeError as error:
        raise InputError(f"{path}: not valid JSON ({error}); was the Artillery run cut short?") from None
    except (KeyError, TypeError, ValueError) as error:
        raise InputError(f"{path}: not an Artillery 2 --output file (bad or missing {error})") from None
