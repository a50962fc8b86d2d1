"""Running the project's scripts: the start scripts (through a deployment,
bench.harness.deployments), the monitoring, the generator ceiling's static target."""
import os
import subprocess
from pathlib import Path

from bench.topology import SCRIPTS_DIR

START_SCRIPTS = {"rest": "start-rest.sh", "graphql": "start-graphql.sh"}


class StackError(Exception):
    """A stack could not be started or stopped, or could not be reached or answered with an error."""


def run_script(name: str, env: dict, log: Path | None = None, args=()):
    """Runs scripts/<name>, showing its progress lines and keeping them in `log`."""
    with open(log, "a") if log else open(os.devnull, "w") as sink, subprocess.Popen(
            [str(SCRIPTS_DIR / name), *args], env={**os.environ, **env}, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, text=True) as script:
        for line in script.stdout:
            sink.write(line)
            print(f"    {line.rstrip()}", flush=True)
    if script.returncode != 0:
        raise StackError(f"scripts/{name} failed (exit {script.returncode}); see {log}")


def stack_env(latency_ms: int, sut_cpus: str | None, cpu_groups: str = "shared") -> dict:
    """What every start script (and scripts/instance.sh start) needs: the simulated latency, the
    system under test's CPUs and whether each component gets its own CPU group."""
    env = {"SIMULATED_LATENCY_MS": str(latency_ms), "SUT_CPU_GROUPS": cpu_groups}
    if sut_cpus and sut_cpus != "any":
        env["SUT_CPUS"] = sut_cpus
    return env


def start_static_target(placement: dict, log: Path):
    """The static NGINX answer the generator ceiling is measured against, placed as the system
    under test would be."""
    env = stack_env(0, placement["system_under_test_cpus"], placement.get("cpu_groups", "shared"))
    run_script("start-static-target.sh", {k: v for k, v in env.items() if k != "SIMULATED_LATENCY_MS"}, log)


def start_monitoring(log: Path, cpus: str | None = None) -> bool:
    """Starts Prometheus and the exporters, on the load generator's CPUs so they do not take
    time from the system under test."""
    script = SCRIPTS_DIR / "start-monitoring.sh"
    if not script.exists():
        return False
    run_script(script.name, {"MONITORING_CPUS": cpus} if cpus and cpus != "any" else {}, log)
    return True


def stop(kind: str, log: Path | None = None):
    """Stops one part (an architecture, the monitoring, the static target), leaving the others."""
    run_script("stop.sh", {}, log, args=(kind,))


def stop_all(log: Path | None = None):
    run_script("stop.sh", {}, log)
