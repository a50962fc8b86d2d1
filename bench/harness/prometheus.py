"""Per-component CPU, memory and queue figures of a phase, read from the run's Prometheus.

The process exporter's series carry `arch` and `component` labels (monitoring/prometheus); the
phase window is given by the runner. Network bytes per process are not observable on loopback
without per-container accounting (cAdvisor in compose mode), so they stay null here.

Queue figures, so a reader can tell a CPU-bound side from a queue-bound one: each Liberty
instance's default executor (MicroProfile Metrics vendor metrics `threadpool_activeThreads` and
`threadpool_size`, pool="Default_Executor"), the REST services' own pool for outgoing calls
(application metrics `outgoing_threads_active`, `outgoing_threads_size` and
`outgoing_threads_queued` from common/.../client/OutgoingCallThreads.java; a GraphQL instance
makes no outgoing calls and has none) and each gateway's requests in flight (NGINX:
`nginx_connections_writing` from stub_status, connections being processed, which counts the
exporter's own scrape; Apollo Router: `http_server_active_requests`). Peak and mean over the
samples Prometheus took in the window (every 5 s), so a peak between two samples is missed.
"""
import json
import urllib.parse
import urllib.request
from datetime import datetime

from bench.topology import PROMETHEUS_URL

PROMETHEUS = PROMETHEUS_URL
# The console pages scripts/start-monitoring.sh generates from the Grafana dashboards.
LIVE_VIEW = f"{PROMETHEUS}/consoles/index.html"
CPU = 'sum by (arch, component) (rate(namedprocess_namegroup_cpu_seconds_total[{window}s])) * 100'
RSS = 'max by (arch, component) (max_over_time(namedprocess_namegroup_memory_bytes{{memtype="resident"}}[{window}s]))'
# (field prefix, selector): each gives <prefix>_peak and <prefix>_mean per component.
QUEUES = (
    ("threads_active", 'threadpool_activeThreads{{pool="Default_Executor"}}'),
    ("pool_size", 'threadpool_size{{pool="Default_Executor"}}'),
    ("outgoing_active", "outgoing_threads_active"),
    ("outgoing_size", "outgoing_threads_size"),
    ("outgoing_queued", "outgoing_threads_queued"),
    ("inflight", "nginx_connections_writing"),
    ("inflight", "http_server_active_requests"),
)
PEAK = "max by (arch, component) (max_over_time({selector}[{window}s]))"
MEAN = "avg by (arch, component) (avg_over_time({selector}[{window}s]))"
FIELDS = ("cpu_percent", "cpu_seconds", "rss_bytes") + tuple(
    f"{prefix}_{statistic}" for prefix in dict.fromkeys(prefix for prefix, _ in QUEUES) for statistic in ("peak", "mean"))


def query(promql: str, at: float, base=PROMETHEUS) -> list:
    url = f"{base}/api/v1/query?" + urllib.parse.urlencode({"query": promql, "time": at})
    with urllib.request.urlopen(url, timeout=10) as response:
        body = json.load(response)
    if body.get("status") != "success":
        raise RuntimeError(f"Prometheus query failed: {promql}: {body}")
    return body["data"]["result"]


def _queries(window: int):
    yield "cpu_percent", CPU.format(window=window)
    yield "rss_bytes", RSS.format(window=window)
    for prefix, selector in QUEUES:
        selector = selector.format()
        yield f"{prefix}_peak", PEAK.format(selector=selector, window=window)
        yield f"{prefix}_mean", MEAN.format(selector=selector, window=window)


def phase_samples(architecture: str, kind: str, phase: str, repeat: int, started_at: str, ended_at: str,
                  base=PROMETHEUS) -> list:
    """One resources.json sample per component of `kind` (and the load generator) in the window."""
    start = datetime.strptime(started_at, "%Y-%m-%dT%H:%M:%S%z").timestamp()
    end = datetime.strptime(ended_at, "%Y-%m-%dT%H:%M:%S%z").timestamp()
    window = max(10, int(end - start))
    values = {}
    for field, promql in _queries(window):
        for series in query(promql, end, base):
            labels = series["metric"]
            if labels.get("arch") in (kind, "loadgen"):
                values.setdefault(labels.get("component", "unknown"), {})[field] = float(series["value"][1])
    samples = []
    for component, fields in sorted(values.items()):
        cpu = fields.get("cpu_percent")
        fields["cpu_seconds"] = None if cpu is None else round(cpu / 100 * window, 3)
        samples.append({"architecture": architecture, "phase": phase, "repeat": repeat, "component": component,
                        "window_s": window, **{f: _rounded(f, fields.get(f)) for f in FIELDS},
                        "net_rx_bytes": None, "net_tx_bytes": None})
    return samples


def _rounded(field: str, value: float | None):
    if value is None:
        return None
    return round(value, 1) if field == "cpu_percent" or field.endswith("_mean") else value
