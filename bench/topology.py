"""Where everything is: the repository's paths, the service names, every component's port and URL.

Read by every layer. The ports come from scripts/lib/ports.env, the list the shell scripts
source too, so the runner and the start scripts cannot disagree about where a component listens.
"""

import os
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTILLERY_DIR = ROOT / "artillery"
SCRIPTS_DIR = ROOT / "scripts"
RESULTS_DIR = ROOT / "results"
PORTS_FILE = SCRIPTS_DIR / "lib" / "ports.env"
# CPU weights per component for --cpu-split sized (equal weights need no file).
SIZED_CPU_SHARES_FILE = SCRIPTS_DIR / "lib" / "cpu-shares-sized.env"

# The three services, in the order the start scripts start them (scripts/lib/common.sh SERVICES).
SERVICES = ("user-service", "site-service", "robot-service")


def read_numbers(path: Path) -> dict[str, int]:
    """NAME=NUMBER lines of a file the scripts source too (ports.env, cpu-shares-*.env); comments and
    blank lines skipped."""
    ports = {}
    for line in path.read_text().splitlines():
        match = re.fullmatch(r"([A-Z_]+)=(\d+)", line.strip())
        if match:
            ports[match[1]] = int(match[2])
    return ports


PORTS = read_numbers(PORTS_FILE)


def _service_ports(kind: str) -> dict[str, int]:
    return {service: PORTS[f"{kind}_{service.upper().replace('-', '_')}_PORT"] for service in SERVICES}


# Service instance ports per architecture kind ("rest" for NGINX's upstreams, "graphql" for the subgraphs).
SERVICE_PORTS = {"rest": _service_ports("REST"), "graphql": _service_ports("GRAPHQL")}

REST_URL = f"http://127.0.0.1:{PORTS['GATEWAY_PORT']}"
GRAPHQL_URL = f"http://127.0.0.1:{PORTS['ROUTER_PORT']}"
NGINX_STATUS_URL = f"http://127.0.0.1:{PORTS['NGINX_STATUS_PORT']}/stub_status"
ROUTER_METRICS_URL = f"http://127.0.0.1:{PORTS['ROUTER_METRICS_PORT']}/metrics"
PROMETHEUS_URL = f"http://127.0.0.1:{PORTS['PROMETHEUS_PORT']}"


def cache_dir() -> Path:
    """Where slow one-time builds (the router) are kept: BENCH_CACHE_DIR, as in scripts/lib/common.sh."""
    return Path(os.environ.get("BENCH_CACHE_DIR", Path.home() / ".cache/rest-vs-graphql"))


def run_dir() -> Path:
    """Where running instances keep logs and pid files: BENCH_RUN_DIR, as in scripts/lib/common.sh."""
    return Path(os.environ.get("BENCH_RUN_DIR", ROOT / ".run"))
