"""bench.prometheus: what the runner asks Prometheus per phase, and how the answers become
resources.json samples (against a local HTTP stand-in that answers like Prometheus' query API)."""
import json
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from bench.harness.prometheus import phase_samples


def series(component, value, arch="graphql"):
    return {"metric": {"arch": arch, "component": component}, "value": [0, str(value)]}


ANSWERS = {  # a substring of the query -> its result
    "namedprocess_namegroup_cpu_seconds_total": [series("router", 40.0), series("artillery", 99.0, "loadgen"),
                                                 series("nginx", 7.0, "rest")],
    "namedprocess_namegroup_memory_bytes": [series("router", 5e7)],
    "max_over_time(threadpool_activeThreads": [series("user-service", 12)],
    "avg_over_time(threadpool_activeThreads": [series("user-service", 4.56)],
    "max_over_time(threadpool_size": [series("user-service", 14)],
    "avg_over_time(threadpool_size": [series("user-service", 9.0)],
    "max_over_time(outgoing_threads_active": [series("user-service", 20, "rest")],
    "avg_over_time(outgoing_threads_active": [series("user-service", 7.45, "rest")],
    "max_over_time(outgoing_threads_size": [series("user-service", 24, "rest")],
    "avg_over_time(outgoing_threads_size": [series("user-service", 18.0, "rest")],
    "max_over_time(outgoing_threads_queued": [series("user-service", 3, "rest")],
    "avg_over_time(outgoing_threads_queued": [series("user-service", 0.24, "rest")],
    "max_over_time(http_server_active_requests": [series("router", 31)],
    "avg_over_time(http_server_active_requests": [series("router", 6.04)],
}


@pytest.fixture
def prometheus():
    queries = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            query = urllib.parse.parse_qs(urllib.parse.urlparse(self.path).query)["query"][0]
            queries.append(query)
            result = next((answer for key, answer in ANSWERS.items() if key in query), [])
            body = json.dumps({"status": "success", "data": {"resultType": "vector", "result": result}}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", queries
    server.shutdown()


def test_cpu_memory_threads_and_in_flight_requests_per_component(prometheus):
    base, queries = prometheus

    samples = phase_samples("graphql-2", "graphql", "rps100", 1, "2026-12-01T10:00:00+0000",
                            "2026-12-01T10:00:40+0000", base=base)

    by_component = {s["component"]: s for s in samples}
    assert set(by_component) == {"router", "artillery", "user-service"}  # nginx is the other architecture's
    router = by_component["router"]
    assert router["architecture"] == "graphql-2" and router["window_s"] == 40
    assert router["cpu_percent"] == 40.0 and router["cpu_seconds"] == 16.0  # 40 % of a core for 40 s
    assert (router["inflight_peak"], router["inflight_mean"]) == (31, 6.0)
    assert by_component["user-service"]["threads_active_peak"] == 12
    assert by_component["user-service"]["threads_active_mean"] == 4.6
    assert by_component["user-service"]["pool_size_peak"] == 14
    assert by_component["user-service"]["cpu_seconds"] is None
    assert any('threadpool_activeThreads{pool="Default_Executor"}[40s]' in q for q in queries)
    assert any("nginx_connections_writing[40s]" in q for q in queries)
    assert by_component["user-service"]["outgoing_active_peak"] is None  # GraphQL instances make no outgoing calls


def test_the_rest_services_outgoing_call_threads(prometheus):
    # main's gauges (common/.../client/OutgoingCallThreads.java), as the Resource Utilization
    # dashboard's "Outgoing call threads" panel reads them.
    base, queries = prometheus

    samples = phase_samples("rest-batched", "rest", "rps100", 1, "2026-12-01T10:00:00+0000",
                            "2026-12-01T10:00:40+0000", base=base)

    service = next(s for s in samples if s["component"] == "user-service")
    assert (service["outgoing_active_peak"], service["outgoing_active_mean"]) == (20, 7.5)
    assert (service["outgoing_size_peak"], service["outgoing_size_mean"]) == (24, 18.0)
    assert (service["outgoing_queued_peak"], service["outgoing_queued_mean"]) == (3, 0.2)
    assert any(q == "max by (arch, component) (max_over_time(outgoing_threads_active[40s]))" for q in queries)
