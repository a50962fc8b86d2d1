"""Turn the per-request log of one run (one architecture, one phase, one repeat) into the
report's numbers: whether the load was applied as planned, and per cell (a scenario or a
traffic mix, pooled over repeats) latency, errors and payload.

Every figure comes from the requests themselves (artillery/processor.js logs each one):
- a failed request counts in latency at its time to failure, a timed-out one at its timeout,
  so overload can neither drop slow requests from the percentiles nor hide behind fast errors
  (the error rate and the success-only percentiles stand beside them);
- Overall is the percentile of all requests of the phase (the traffic as sent, SPEC mix); a
  re-weighted mix (API-3 at 30 %, ...) weights each request by its scenario's share in that mix
  divided by the scenario's request count: a percentile of the mixture, never an average of
  percentiles.

Achieved rate: requests / real arrival window (first to last send, scaled by n/(n-1) because n
evenly spaced arrivals cover n intervals). Late sends: Artillery schedules arrival k at
first + k x interval (its uniform arrival process, with the interval in whole microseconds) and
catches up after a stall with a burst, so the lateness of the k-th send is its send time minus
that schedule (anchored where no send is early: Artillery never sends before its time).
"""

import math
import statistics
from dataclasses import dataclass

import numpy as np

from bench.results.artillery_output import CONNECTION_CODES, TIMEOUT_CODES
from bench.results.errors import InputError
from bench.results.metadata import Phase
from bench.results.requestlog import NO_RESPONSE, OK
from bench.results.stats import quantile
from bench.scenarios import SCENARIOS

# The generator must never be the hidden limit: below 98 % of the target rate, arrivals
# stretched past the planned duration, or sends late beyond LATE_P99_BOUND_MS at the 99th
# percentile, and the cell is marked generator-limited.
MIN_ACHIEVED_SHARE = 0.98
OVERRUN_SHARE = 0.02
OVERRUN_FLOOR_S = 1.0
LATE_P99_BOUND_MS = 50.0

ERROR_KINDS = ("http", "graphql", "timeout", "connection", "other")
SUCCESS = 0  # kind code of a successful request; error kinds are 1 + their index in ERROR_KINDS
_SCENARIO = {name: index for index, name in enumerate(SCENARIOS)}


def classify(exchange) -> int:
    """The request's kind code: SUCCESS, or 1 + the index of its error kind.

    http: a non-2xx status; graphql: a 2xx answer carrying GraphQL `errors`; timeout, connection,
    other: no response, by error code. Each request counts once.
    """
    if exchange.outcome == OK:
        return SUCCESS
    if exchange.outcome == NO_RESPONSE:
        code = exchange.error or ""
        kind = "timeout" if code in TIMEOUT_CODES else "connection" if code in CONNECTION_CODES else "other"
    else:
        kind = "http" if exchange.status >= 300 else "graphql"
    return 1 + ERROR_KINDS.index(kind)


@dataclass(frozen=True)
class RequestTable:
    """One run's requests as columns (numpy arrays, in send order)."""

    sent_ms: np.ndarray
    latency_ms: np.ndarray
    scenario: np.ndarray  # index into SCENARIOS
    kind: np.ndarray  # SUCCESS or 1 + error kind index
    body_bytes: np.ndarray
    responded: np.ndarray  # got an HTTP response (a body, possibly an error body)

    @classmethod
    def from_exchanges(cls, exchanges: list, where: str) -> "RequestTable":
        unknown = {e.name for e in exchanges} - set(SCENARIOS)
        if unknown:
            raise InputError(f"{where}: request names {sorted(unknown)} are not scenarios {SCENARIOS}")
        ordered = sorted(exchanges, key=lambda e: e.sent_ms)
        return cls(
            sent_ms=np.array([e.sent_ms for e in ordered], dtype=float),
            latency_ms=np.array([e.latency_ms for e in ordered], dtype=float),
            scenario=np.array([_SCENARIO[e.name] for e in ordered], dtype=int),
            kind=np.array([classify(e) for e in ordered], dtype=int),
            body_bytes=np.array([e.body_bytes for e in ordered], dtype=float),
            responded=np.array([e.status > 0 for e in ordered], dtype=bool),
        )

    def __len__(self) -> int:
        return int(self.sent_ms.size)

    def select(self, mask) -> "RequestTable":
        return RequestTable(*(getattr(self, name)[mask] for name in self.__dataclass_fields__))

    def of(self, scenarios) -> "RequestTable":
        return self.select(np.isin(self.scenario, [_SCENARIO[name] for name in scenarios]))

    @property
    def failed(self) -> np.ndarray:
        return self.kind != SUCCESS

    def scenario_counts(self) -> dict:
        counts = np.bincount(self.scenario, minlength=len(SCENARIOS))
        return {name: int(counts[index]) for index, name in enumerate(SCENARIOS)}


def concatenate(tables: list) -> RequestTable:
    return RequestTable(*(np.concatenate([getattr(t, name) for t in tables]) for name in RequestTable.__dataclass_fields__))


def scheduled_interval_ms(target_rps: float) -> float:
    """Artillery's arrival interval: 1000/rate ms, cut to whole microseconds (arrivals/uniform)."""
    return math.floor(1e6 / target_rps) / 1000


def send_lateness_ms(sent_ms, target_rps: float) -> np.ndarray:
    """How late each send (in send order) was against Artillery's uniform schedule. The schedule's
    start is not logged; Artillery never sends early, so it is placed where no send is early."""
    ordered = np.sort(np.asarray(sent_ms, dtype=float))
    if not ordered.size:
        return ordered
    behind = ordered - np.arange(ordered.size) * scheduled_interval_ms(target_rps)
    return behind - behind.min()


@dataclass(frozen=True)
class LoadCheck:
    target_rps: float
    planned_s: float
    requests: int
    planned_requests: int
    arrival_window_s: float | None
    achieved_rps: float | None
    late_p50_ms: float | None  # send lateness against Artillery's schedule
    late_p99_ms: float | None
    late_max_ms: float | None
    cpu_steal: float | None  # share of the machine's CPU time stolen by the hypervisor in the phase
    generator_limited: bool
    incomplete: bool
    reasons: tuple


def arrival_window_s(sent_ms) -> float | None:
    n = len(sent_ms)
    if n < 2:
        return None
    span = float(np.max(sent_ms) - np.min(sent_ms))
    return span / 1000.0 * n / (n - 1) if span > 0 else None


def check_load(table: RequestTable, phase: Phase, cpu_steal: float | None = None, missing: int = 0) -> LoadCheck:
    """`missing`: requests Artillery created that are not in the request log (they count as
    failures at the client timeout, see aggregate.load_runs); a reason is given for them."""
    window = arrival_window_s(table.sent_ms)
    achieved = len(table) / window if window else None
    planned_requests = round(phase.target_rps * phase.duration_s)
    lateness = send_lateness_ms(table.sent_ms, phase.target_rps)
    late_p99 = quantile(lateness, 0.99)
    reasons = []
    if achieved is not None and achieved < MIN_ACHIEVED_SHARE * phase.target_rps:
        reasons.append(f"achieved {achieved:.1f} req/s = {achieved / phase.target_rps * 100:.1f} % of {phase.target_rps:g}")
    overrun = window - phase.duration_s if window else 0.0
    if overrun > max(OVERRUN_FLOOR_S, OVERRUN_SHARE * phase.duration_s):
        reasons.append(f"arrivals took {window:.1f} s instead of {phase.duration_s:g} s")
    if late_p99 is not None and late_p99 > LATE_P99_BOUND_MS:
        reasons.append(f"1 % of sends were over {late_p99:,.0f} ms late (bound {LATE_P99_BOUND_MS:g} ms)")
    generator_limited = bool(reasons)
    incomplete = len(table) < MIN_ACHIEVED_SHARE * planned_requests
    if incomplete:
        reasons.append(f"only {len(table)} of {planned_requests} planned requests were sent")
    if missing:
        reasons.append(f"{missing} requests created but missing from the request log: counted as failures at "
                       "the client timeout")
    return LoadCheck(
        target_rps=phase.target_rps,
        planned_s=phase.duration_s,
        requests=len(table),
        planned_requests=planned_requests,
        arrival_window_s=window,
        achieved_rps=achieved,
        late_p50_ms=quantile(lateness, 0.50),
        late_p99_ms=late_p99,
        late_max_ms=float(lateness.max()) if lateness.size else None,
        cpu_steal=cpu_steal,
        generator_limited=generator_limited,
        incomplete=incomplete,
        reasons=tuple(reasons),
    )


@dataclass(frozen=True)
class CellStats:
    """One scenario or traffic mix of one architecture at one load level, over all its repeats.
    Latencies in ms (None without requests); `p*` count every request, `ok_p*` successes only."""

    repeats: int
    requests: int
    successes: int
    achieved_rps: float | None  # median over repeats
    p50: float | None
    p95: float | None
    p99: float | None
    max: float | None
    ok_p50: float | None
    ok_p95: float | None
    ok_p99: float | None
    p95_by_repeat: tuple  # the same p95 per repeat: the run-to-run spread
    errors: dict  # ERROR_KINDS -> requests
    error_rate: float | None
    bytes_per_success: float | None  # decoded body of successful responses
    error_responses: int  # failed requests that got a response (with a body)
    bytes_per_error_response: float | None
    generator_limited: bool
    incomplete: bool
    unsteady: bool = False  # a run's stack was not steady after its warm-up (bench/harness/warmup.py)
    disturbed: bool = False  # every run of the cell was disturbed by work outside it (bench/harness/quiet.py)


def request_weights(table: RequestTable, weights: dict | None) -> np.ndarray | None:
    """Per-request weight for a mixture: the scenario's share divided by its request count."""
    if weights is None:
        return None
    counts = np.bincount(table.scenario, minlength=len(SCENARIOS)).astype(float)
    shares = np.array([weights.get(name, 0.0) for name in SCENARIOS])
    if any(shares[index] > 0 and counts[index] == 0 for index in range(len(SCENARIOS))):
        return np.full(len(table), np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        per_request = np.where(counts > 0, shares / counts, 0.0)
    return per_request[table.scenario]


def _weighted_mean(values, weights) -> float | None:
    if values.size == 0:
        return None
    if weights is None:
        return float(values.mean())
    total = weights.sum()
    return float((values * weights).sum() / total) if total > 0 else None


def _quantile(table: RequestTable, weights, fraction) -> float | None:
    if weights is not None and np.isnan(weights).any():
        return None  # a weighted scenario has no request: the mixture is not defined
    return quantile(table.latency_ms, fraction, weights)


def describe(runs: list, weights: dict | None = None, unsteady: bool = False, disturbed: bool = False) -> CellStats:
    """One cell from its runs: [(RequestTable of the cell's scenarios, LoadCheck)], one per
    repeat. `weights`: None for the requests as sent, or {scenario: share} for a mixture.
    `unsteady`: a run's stack was not steady after its warm-up; `disturbed`: the runs are all
    disturbed ones (the caller leaves disturbed runs out when it has others)."""
    pooled = concatenate([table for table, _ in runs])
    per_request = request_weights(pooled, weights)
    ok = ~pooled.failed
    ok_weights = None if per_request is None else per_request[ok]
    success = pooled.select(ok)
    failed_with_body = pooled.failed & pooled.responded
    rates = [len(table) / load.arrival_window_s for table, load in runs if load.arrival_window_s]
    return CellStats(
        repeats=len(runs),
        requests=len(pooled),
        successes=int(ok.sum()),
        achieved_rps=statistics.median(rates) if rates else None,
        p50=_quantile(pooled, per_request, 0.50),
        p95=_quantile(pooled, per_request, 0.95),
        p99=_quantile(pooled, per_request, 0.99),
        max=float(pooled.latency_ms.max()) if len(pooled) else None,
        ok_p50=_quantile(success, ok_weights, 0.50),
        ok_p95=_quantile(success, ok_weights, 0.95),
        ok_p99=_quantile(success, ok_weights, 0.99),
        p95_by_repeat=tuple(_quantile(table, request_weights(table, weights), 0.95) for table, _ in runs),
        errors={kind: int((pooled.kind == 1 + index).sum()) for index, kind in enumerate(ERROR_KINDS)},
        error_rate=_weighted_mean(pooled.failed.astype(float), per_request) if len(pooled) else None,
        bytes_per_success=_weighted_mean(success.body_bytes, ok_weights),
        error_responses=int(failed_with_body.sum()),
        bytes_per_error_response=float(pooled.body_bytes[failed_with_body].mean()) if failed_with_body.any() else None,
        generator_limited=any(load.generator_limited for _, load in runs),
        incomplete=any(load.incomplete for _, load in runs),
        unsteady=unsteady,
        disturbed=disturbed,
    )
