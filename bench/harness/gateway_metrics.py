"""What the gateways' own metrics say about a phase, beside the JVMs' CPU profiles: they are not
JVMs, so Flight Recorder cannot look inside them.

Apollo Router: the counters and histogram sums of its Prometheus endpoint, as the increase over
the phase (query planning time and count, its caches' hits and misses, requests to subgraphs);
NGINX: the requests its stub_status counted. Read from the gateways themselves at the start and
the end of the phase, so the figures do not depend on the Prometheus of the monitoring stack.
"""
import re
import urllib.request

from bench import topology

ROUTER_METRICS = topology.ROUTER_METRICS_URL
NGINX_STATUS = topology.NGINX_STATUS_URL
# Router series worth a line: query planning, caches, subgraph calls, the requests themselves.
ROUTER_SERIES = re.compile(r"^(apollo_router_(query_planning|cache)\w*|http_client_request_duration\w*|"
                           r"http_server_request_duration\w*)(_sum|_count|_total)$")
_SAMPLE = re.compile(r"^([a-zA-Z_:][\w:]*)(\{[^}]*\})?\s+([-+0-9.eE]+|NaN|\+Inf)")


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode()
    except OSError:
        return None


def parse_counters(text: str) -> dict:
    """{series with labels: value} of the router series in a Prometheus text exposition."""
    values = {}
    for line in text.splitlines():
        match = _SAMPLE.match(line)
        if match and ROUTER_SERIES.match(match.group(1)):
            values[match.group(1) + (match.group(2) or "")] = float(match.group(3))
    return values


def parse_stub_status(text: str) -> int | None:
    """NGINX's handled requests ("server accepts handled requests" then three numbers)."""
    match = re.search(r"server accepts handled requests\s+\d+\s+\d+\s+(\d+)", text)
    return int(match.group(1)) if match else None


def snapshot(kind: str) -> dict | None:
    if kind == "graphql":
        text = _get(ROUTER_METRICS)
        return None if text is None else parse_counters(text)
    text = _get(NGINX_STATUS)
    requests = None if text is None else parse_stub_status(text)
    return None if requests is None else {"nginx_requests_total": float(requests)}


def increase(before: dict | None, after: dict | None) -> dict:
    """Series present in both snapshots, with their increase; a counter reset counts from zero."""
    if not before or not after:
        return {}
    return {name: round(after[name] - before[name] if after[name] >= before[name] else after[name], 6)
            for name in sorted(after) if name in before}


def summary(architecture: str, kind: str, repeat: int, before: dict | None, after: dict | None) -> dict:
    component = "router" if kind == "graphql" else "nginx"
    return {"architecture": architecture, "component": component, "repeat": repeat,
            "source": ROUTER_METRICS if kind == "graphql" else NGINX_STATUS,
            "increase": increase(before, after)}
