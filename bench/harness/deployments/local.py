"""Local processes: each service instance a Liberty server process, the gateway a process of this
machine, all on 127.0.0.1 (scripts/start-rest.sh, scripts/start-graphql.sh). Per-component CPU
and memory come from Prometheus' process exporter; loopback traffic has no per-process count."""
from pathlib import Path

from bench import topology
from bench.harness.deployments.base import Deployment
from bench.topology import SERVICES


class LocalDeployment(Deployment):
    mode = "local"

    def jvm_pids(self, kind: str) -> dict:
        return liberty_pids_by_service(kind)

    def describe(self) -> dict:
        return {"mode": self.mode, "note": "processes on this machine, loopback between them"}


def liberty_pids_by_service(kind: str, run_dir: Path | None = None) -> dict:
    """{service: JVM pid} of an architecture's running Liberty servers, from the pid files the
    start scripts leave (scripts/lib/liberty.sh: $RUN_DIR/<kind>/liberty/.pid/<service>.pid)."""
    run_dir = run_dir or topology.run_dir()
    pids = {}
    for service in SERVICES:
        try:
            pids[service] = int((run_dir / kind / "liberty/.pid" / f"{service}.pid").read_text().strip())
        except (OSError, ValueError):
            continue
    return pids
