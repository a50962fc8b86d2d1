"""Runs one Artillery phase and prints its progress (bench/harness/progress.py) while it runs."""
import os
import signal
import subprocess
import threading
import time
from pathlib import Path

from bench.harness.console import timestamp
from bench.harness.progress import PhaseProgress
from bench.topology import ARTILLERY_DIR, ROOT

SCENARIO_FILES = {"rest": "rest.yml", "graphql": "graphql.yml"}


def _print_now(text: str):
    print(text, flush=True)  # shown while the phase runs, also when stdout is a pipe


def run_phase(kind, phase, output: Path, log_path: Path, label: str, dashboard_mode="naive",
              generator_cpus=None, push_metrics=False, print_line=_print_now, request_log: Path | None = None,
              scenario_file: str | None = None, on_start=None, stop_when=None) -> dict:
    """Runs Artillery for one phase of one architecture; returns the run record for metadata.

    With `push_metrics`, Artillery also pushes its metrics to the monitoring's Pushgateway
    (labelled with the architecture), which is what the Grafana dashboards compare. With
    `request_log`, it logs every exchange there (bench/results/requestlog.py). `scenario_file`
    replaces the architecture's own file in artillery/; `on_start` is called once Artillery runs.
    `stop_when`, polled every second, ends the phase early (Artillery stops gracefully, without
    its --output file) when it returns True: the record then says `"stopped_early": true`.
    """
    env = {**os.environ, "ARTILLERY_DISABLE_TELEMETRY": "1", "RATE": str(phase.target_rps),
           "DURATION": str(phase.duration_s), "REST_DASHBOARD_MODE": dashboard_mode}
    if request_log:
        env["BENCH_REQUEST_LOG"] = str(request_log)
    command = ["npx", "--no-install", "artillery", "run", "--output", str(output)]
    if push_metrics:
        overrides = subprocess.run([str(ROOT / "monitoring/artillery-overrides.sh"), kind],
                                   capture_output=True, text=True, check=True).stdout.strip()
        command += ["--overrides", overrides]
    command.append(scenario_file or SCENARIO_FILES[kind])
    if generator_cpus:
        command = ["taskset", "-c", generator_cpus, *command]
    output.parent.mkdir(parents=True, exist_ok=True)
    started, started_at = time.monotonic(), timestamp()
    progress = PhaseProgress(label, phase.target_rps, phase.duration_s)
    interrupted = False
    with open(log_path, "w") as log, subprocess.Popen(
            command, cwd=ARTILLERY_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            start_new_session=True) as artillery:
        if on_start:
            on_start()
        stopper = _EarlyStop(artillery, stop_when) if stop_when else None
        try:
            for line in artillery.stdout:
                log.write(line)
                for message in progress.feed(line):
                    print_line(message)
            for message in progress.finish():
                print_line(message)
            artillery.wait()
        except KeyboardInterrupt:
            interrupted = True
            os.killpg(artillery.pid, signal.SIGTERM)
            try:
                artillery.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(artillery.pid, signal.SIGKILL)
        finally:
            if stopper:
                stopper.finish()
    return {"started_at": started_at, "ended_at": timestamp(), "exit_code": artillery.returncode,
            "interrupted": interrupted, "elapsed_s": round(time.monotonic() - started, 1),
            **({"stopped_early": stopper.stopped} if stopper else {})}


class _EarlyStop(threading.Thread):
    """Polls `stop_when` once a second while Artillery runs; sends it SIGINT when it says so."""

    def __init__(self, artillery: subprocess.Popen, stop_when):
        super().__init__(daemon=True, name="early-stop")
        self.artillery, self.stop_when = artillery, stop_when
        self.stopped = False
        self._done = threading.Event()
        self.start()

    def run(self):
        while not self._done.wait(1.0):
            if self.artillery.poll() is not None:
                return
            if self.stop_when():
                self.stopped = True
                os.killpg(self.artillery.pid, signal.SIGINT)
                return

    def finish(self):
        self._done.set()
        self.join(timeout=5)
