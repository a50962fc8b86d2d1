"""Per-component CPU and memory of a phase, read from the run's Prometheus.

The process exporter's series carry `arch` and `component` labels (monitoring/prometheus);
the phase window is given by the runner. Network bytes per process are not observable on
loopback without per-container accounting (cAdvisor in compose mode), so they stay null here.
"""
import json
import urllib.parse
import urllib.request
from datetime import datetime

PROMETHEUS = "http://127.0.0.1:9090"
# The console pages scripts/start-monitoring.sh generates from the Grafana dashboards.
LIVE_VIEW = f"{PROMETHEUS}/consoles/index.html"
CPU = 'sum by (arch, component) (rate(namedprocess_namegroup_cpu_seconds_total[{window}s])) * 100'
RSS = 'max by (arch, component) (max_over_time(namedprocess_namegroup_memory_bytes{{memtype="resident"}}[{window}s]))'


def query(promql: str, at: float, base=PROMETHEUS) -> list:
    url = f"{base}/api/v1/query?" + urllib.parse.urlencode({"query": promql, "time": at})
    with urllib.request.urlopen(url, timeout=10) as response:
        body = json.load(response)
    if body.get("status") != "success":
        raise RuntimeError(f"Prometheus query failed: {promql}: {body}")
    return body["data"]["result"]


def phase_samples(architecture: str, kind: str, phase: str, repeat: int, started_at: str, ended_at: str,
                  base=PROMETHEUS) -> list:
    """One resources.json sample per component of `kind` (and the load generator) in the window."""
    start = datetime.strptime(started_at, "%Y-%m-%dT%H:%M:%S%z").timestamp()
    end = datetime.strptime(ended_at, "%Y-%m-%dT%H:%M:%S%z").timestamp()
    window = max(10, int(end - start))
    values = {}
    for field, promql in (("cpu_percent", CPU), ("rss_bytes", RSS)):
        for series in query(promql.format(window=window), end, base):
            labels = series["metric"]
            if labels.get("arch") in (kind, "loadgen"):
                values.setdefault(labels.get("component", "unknown"), {})[field] = float(series["value"][1])
    return [{"architecture": architecture, "phase": phase, "repeat": repeat, "component": component,
             "cpu_percent": round(fields.get("cpu_percent", 0), 1) if "cpu_percent" in fields else None,
             "rss_bytes": fields.get("rss_bytes"), "net_rx_bytes": None, "net_tx_bytes": None}
            for component, fields in sorted(values.items())]
