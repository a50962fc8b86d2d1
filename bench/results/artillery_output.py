"""Read one Artillery 2 `--output` JSON file: Artillery's own view of a run, shown on its run page
and used to check the per-request log (every figure of the report comes from that log).

Metric names relied on (all seen in real output of artillery/rest.yml and graphql.yml):
- `vusers.created_by_name.<scenario>`: virtual users per scenario; each sends exactly one
  request, so this is the request count (it also counts requests that never got a response).
- `plugins.metrics-by-endpoint.<scenario>.codes.<status>` and `.errors.<code>`: responses by
  HTTP status and transport errors (ECONNREFUSED, ERR_SOCKET_TIMEOUT, ...) per request name.
- `plugins.metrics-by-endpoint.response_time.<scenario>`: Artillery's time to first byte.
- `graphql.errors.<scenario>`: emitted by artillery/processor.js.
- `http.downloaded_bytes`: wire bytes of all responses (from Content-Length).
"""

import json
from dataclasses import dataclass, field
from pathlib import Path

from bench.results.errors import InputError
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
    ttfb: Latency | None  # Artillery's own response_time


@dataclass(frozen=True)
class ArtilleryRun:
    path: Path
    scenarios: dict  # scenario -> ScenarioOutput
    downloaded_bytes: int
    counters: dict = field(repr=False)

    @property
    def requests(self) -> int:
        return sum(s.requests for s in self.scenarios.values())


def _suffix_counts(counters: dict, prefix: str) -> dict:
    return {key[len(prefix):]: int(value) for key, value in counters.items() if key.startswith(prefix)}


def _scenario_output(counters: dict, summaries: dict, name: str) -> ScenarioOutput:
    summary = summaries.get(f"{ENDPOINT}response_time.{name}")
    return ScenarioOutput(
        requests=int(counters.get(f"vusers.created_by_name.{name}", 0)),
        status_codes=_suffix_counts(counters, f"{ENDPOINT}{name}.codes."),
        transport_errors=_suffix_counts(counters, f"{ENDPOINT}{name}.errors."),
        graphql_errors=int(counters.get(f"graphql.errors.{name}", 0)),
        ttfb=Latency.from_summary(summary) if summary and summary.get("count") else None,
    )


def parse_artillery_output(path: Path) -> ArtilleryRun:
    """Parse one `artillery run --output` file; InputError when it is missing or malformed."""
    try:
        document = json.loads(Path(path).read_text())
        aggregate = document["aggregate"]
        counters = aggregate.get("counters", {})
        summaries = aggregate.get("summaries", {})
        return ArtilleryRun(
            path=Path(path),
            scenarios={name: _scenario_output(counters, summaries, name) for name in SCENARIOS},
            downloaded_bytes=int(counters.get("http.downloaded_bytes", 0)),
            counters=counters,
        )
    except FileNotFoundError:
        raise InputError(f"{path}: Artillery output file not found") from None
    except json.JSONDecodeError as error:
        raise InputError(f"{path}: not valid JSON ({error}); was the Artillery run cut short?") from None
    except (KeyError, TypeError, ValueError) as error:
        raise InputError(f"{path}: not an Artillery 2 --output file (bad or missing {error})") from None
