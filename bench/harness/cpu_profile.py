"""Where the CPU goes: a Flight Recorder profile of every Liberty JVM during one phase
(`--cpu-profile PHASE`), summarised per component, with a flame graph.

The runner starts a recording on each JVM with `jcmd <pid> JFR.start` (the JDK's `profile`
settings: a Java stack sample every 10 ms per running thread, up to STACK_DEPTH frames deep) when
the phase starts and stops it
when the phase ends. bench/harness/jfr/JfrSummary.java reads the file with the JDK's own consumer API and
writes the samples as collapsed stacks plus the window's GC pauses and JIT time; this module turns
them into the summary (top frames, CPU samples by subsystem) and bench/harness/flamegraph.py draws them.

cpu_profiles.json, schema `bench.cpu_profiles/1`:

    {"schema": "bench.cpu_profiles/1", "phase": "rps300",
     "components": [
       {"architecture": "graphql", "component": "robot-service", "repeat": 1,
        "recording": "profiles/graphql/robot-service.jfr", "flamegraph": "profiles/graphql/robot-service.svg",
        "samples": 5230, "window_s": 60.1, "gc_count": 210, "gc_pause_ms": 812.5, "jit_ms": 950.0,
        "top_frames": [{"frame": "java.util.HashMap.getNode", "samples": 120, "share": 0.023}, ...],
        "categories": [{"category": "GraphQL parsing and validation", "samples": 800, "share": 0.15}, ...]}]}

A stack sample's subsystem is the first known one met walking from the executing frame towards
the thread's root, so a HashMap lookup inside the JSON writer counts as JSON, and the JSON writer
called by the HTTP layer still counts as JSON. Gateways are not JVMs: the router's own metrics
(query planning, its caches) and NGINX's request counter are recorded beside the profiles
(bench/harness/gateway_metrics.py).
"""
import json
import subprocess
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from bench.harness import flamegraph

SCHEMA = "bench.cpu_profiles/1"
SUMMARISER = Path(__file__).resolve().parent / "jfr" / "JfrSummary.java"
RECORDING = "bench-cpu-profile"
# Frames kept per sample (JFR's default is 64, which cuts Liberty's deep request stacks short
# of their root); settable only before a JVM's first recording.
STACK_DEPTH = 256
TOP_FRAMES = 15
# (category, class-name prefixes), most specific first within each subsystem.
CATEGORIES = (
    ("GraphQL parsing and validation", ("graphql.parser", "graphql.language", "graphql.validation",
                                        "org.antlr")),
    ("GraphQL execution", ("graphql.", "io.smallrye.graphql", "com.apollographql")),
    ("JSON", ("org.eclipse.yasson", "org.eclipse.parsson", "org.glassfish.json", "jakarta.json",
              "com.fasterxml.jackson")),
    ("logging and tracing", ("com.ibm.ws.logging", "com.ibm.websphere.ras", "com.ibm.ejs.ras", "java.util.logging",
                             "com.ibm.ws.kernel.boot.logging", "org.jboss.logging")),
    ("metrics", ("io.smallrye.metrics", "io.micrometer", "com.ibm.ws.microprofile.metrics",
                 "io.openliberty.microprofile.metrics", "io.openliberty.http.monitor")),
    ("fault tolerance", ("io.smallrye.faulttolerance", "com.ibm.ws.microprofile.faulttolerance",
                         "io.openliberty.microprofile.faulttolerance", "net.jodah.failsafe")),
    ("HTTP client (outgoing calls)", ("org.jboss.resteasy.client", "org.jboss.resteasy.microprofile.client",
                                      "org.apache.http", "java.net.HttpURLConnection", "sun.net.www")),
    ("JAX-RS", ("org.jboss.resteasy", "jakarta.ws.rs", "io.openliberty.org.jboss.resteasy")),
    ("CDI", ("org.jboss.weld",)),
    ("HTTP server and servlet", ("com.ibm.ws.http", "com.ibm.ws.webcontainer", "com.ibm.ws.tcpchannel",
                                 "com.ibm.io.async", "com.ibm.ws.channelfw", "com.ibm.wsspi.http",
                                 "com.ibm.ws.transport")),
    ("thread pools and concurrency", ("com.ibm.ws.threading", "com.ibm.ws.concurrent", "java.util.concurrent")),
    ("our services", ("dev.restvsgraphql",)),
)
OTHER = "other"


@dataclass(frozen=True)
class Recording:
    architecture: str
    component: str
    repeat: int
    pid: int
    path: Path


def start(architecture: str, pids: dict, directory: Path, repeat: int, log) -> list:
    """Starts a recording on each JVM ({component: pid}); the ones that refuse are logged and
    left out."""
    directory.mkdir(parents=True, exist_ok=True)
    recordings = []
    for component, pid in pids.items():
        path = directory / f"{component}{'' if repeat == 1 else f'.rep{repeat}'}.jfr"
        _jcmd(pid, "JFR.configure", f"stackdepth={STACK_DEPTH}")
        result = _jcmd(pid, "JFR.start", f"name={RECORDING}", "settings=profile", f"filename={path}")
        if result.returncode != 0 or "Started recording" not in result.stdout:
            log(f"CPU profile of {architecture} {component} not started: {(result.stdout + result.stderr).strip()[:300]}")
            continue
        recordings.append(Recording(architecture, component, repeat, pid, path))
    return recordings


def stop(recordings: list, log) -> list:
    """Stops the recordings (each JVM writes its file); the ones whose file is missing are left out."""
    written = []
    for recording in recordings:
        result = _jcmd(recording.pid, "JFR.stop", f"name={RECORDING}")
        if result.returncode != 0 or not recording.path.exists():
            log(f"CPU profile of {recording.architecture} {recording.component} not written: "
                f"{(result.stdout + result.stderr).strip()[:300]}")
            continue
        written.append(recording)
    return written


def _jcmd(pid: int, *command: str) -> subprocess.CompletedProcess:
    try:
        return subprocess.run(["jcmd", str(pid), *command], capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as error:
        return subprocess.CompletedProcess([], 1, "", str(error))


def summarise(recording: Recording, results_dir: Path, cpus: str | None = None) -> dict:
    """The summary of one written recording, with its collapsed stacks and flame graph beside it.
    `cpus`: where the summariser runs (the load generator's CPUs, off the system under test)."""
    collapsed = recording.path.with_suffix(".collapsed")
    command = ["java", str(SUMMARISER), str(recording.path), str(collapsed)]
    if cpus and cpus != "any":
        command = ["taskset", "-c", cpus, *command]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    if result.returncode != 0:
        raise RuntimeError(f"{SUMMARISER.name} failed on {recording.path}: {result.stderr.strip()[:500]}")
    totals = json.loads(result.stdout.strip().splitlines()[-1])
    stacks = read_collapsed(collapsed.read_text())
    svg = recording.path.with_suffix(".svg")
    svg.write_text(flamegraph.render(stacks, f"{recording.architecture} {recording.component}: "
                                             f"{totals['samples']} CPU samples in {totals['window_s']:g} s"))
    return {"architecture": recording.architecture, "component": recording.component, "repeat": recording.repeat,
            "recording": str(recording.path.relative_to(results_dir)),
            "flamegraph": str(svg.relative_to(results_dir)), **totals,
            "top_frames": top_frames(stacks), "categories": categories(stacks)}


def read_collapsed(text: str) -> Counter:
    """{root-first stack: samples} from collapsed-stack lines ("a;b;c 12")."""
    stacks = Counter()
    for line in text.splitlines():
        stack, _, count = line.rpartition(" ")
        if stack and count.isdigit():
            stacks[stack] += int(count)
    return stacks


def category(stack: str) -> str:
    for frame in reversed(stack.split(";")):
        for name, prefixes in CATEGORIES:
            if frame.startswith(prefixes):
                return name
    return OTHER


def categories(stacks: Counter) -> list:
    counts = Counter()
    for stack, samples in stacks.items():
        counts[category(stack)] += samples
    total = sum(counts.values())
    return [{"category": name, "samples": samples, "share": round(samples / total, 4)}
            for name, samples in counts.most_common()]


def top_frames(stacks: Counter, limit: int = TOP_FRAMES) -> list:
    """The executing (leaf) frames with the most samples: where the CPU itself was spent."""
    leaves = Counter()
    for stack, samples in stacks.items():
        leaves[stack.rsplit(";", 1)[-1]] += samples
    total = sum(leaves.values())
    return [{"frame": frame, "samples": samples, "share": round(samples / total, 4)}
            for frame, samples in leaves.most_common(limit)]


def write(results_dir: Path, phase: str, summaries: list, gateways: list):
    path = results_dir / "cpu_profiles.json"
    existing = json.loads(path.read_text()) if path.exists() else {"schema": SCHEMA, "phase": phase,
                                                                    "components": [], "gateways": []}
    existing["components"] += summaries
    existing["gateways"] += gateways
    path.write_text(json.dumps(existing, indent=2) + "\n")


def load(results_dir: Path) -> dict | None:
    path = Path(results_dir) / "cpu_profiles.json"
    if not path.exists():
        return None
    raw = json.loads(path.read_text())
    if raw.get("schema") != SCHEMA:
        return None
    return raw
