"""The Grafana dashboards are real: after a short real load on both architectures with the
local monitoring on (scripts/start-monitoring.sh), every panel query of both dashboards is run
against the real Prometheus and must be valid and return series; panels that compare the
architectures must return series for both `arch` values.

The load is Artillery's own scenario files at a low rate, with publish-metrics pushing to the
Pushgateway (monitoring/artillery-overrides.sh), exactly as a benchmark run would.
"""
import json
import math
import os
import signal
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import pytest
from stack import ROOT, request, run_script

pytestmark = pytest.mark.usefixtures("stacks")

PROMETHEUS = "http://127.0.0.1:9090"
RUN_DIR = Path(os.environ.get("BENCH_RUN_DIR", ROOT / ".run"))
DASHBOARDS = sorted((ROOT / "monitoring/grafana/dashboards").glob("*.json"))
ARCHES = {"rest", "graphql"}
# Low enough for 2 shared cores, long enough for two 10 s Artillery windows and several scrapes.
LOAD = {"RATE": "10", "DURATION": "25"}


def prometheus_query(expr):
    """Instant query; returns (status, body) without raising on a PromQL error."""
    reply = request(f"{PROMETHEUS}/api/v1/query?" + urllib.parse.urlencode({"query": expr}))
    return reply.status, reply.json()


def panel_targets():
    for path in DASHBOARDS:
        for panel in json.loads(path.read_text())["panels"]:
            for target in panel["targets"]:
                yield pytest.param(panel["title"], target["expr"],
                                   id=f"{path.stem}:{panel['id']}{target['refId']}")


def compares_architectures(title):
    return "REST vs GraphQL" in title or "NGINX vs Router" in title


def monitoring_pids():
    return {path.stem: int(path.read_text()) for path in (RUN_DIR / "monitoring").glob("*.pid")}


def stop_monitoring():
    """Stops what start-monitoring.sh started (as scripts/stop.sh would) and waits for it."""
    pids = monitoring_pids()
    for pid in pids.values():
        try:
            os.kill(pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
    deadline = time.monotonic() + 15
    for pid in pids.values():
        while time.monotonic() < deadline and Path(f"/proc/{pid}").exists():
            time.sleep(0.2)
    for path in (RUN_DIR / "monitoring").glob("*.pid"):
        path.unlink()


@pytest.fixture(scope="module")
def monitoring():
    run_script("start-monitoring.sh")
    try:
        yield
    finally:
        stop_monitoring()


def run_load():
    """Artillery against both gateways at once, each run tagged with its arch."""
    artillery = ROOT / "artillery/node_modules/.bin/artillery"
    env = {**os.environ, **LOAD, "ARTILLERY_DISABLE_TELEMETRY": "1"}
    runs = []
    for arch in sorted(ARCHES):
        overrides = subprocess.run([str(ROOT / "monitoring/artillery-overrides.sh"), arch],
                                   check=True, capture_output=True, text=True).stdout.strip()
        runs.append(subprocess.Popen([str(artillery), "run", "--overrides", overrides, f"{arch}.yml"],
                                     cwd=ROOT / "artillery", env=env, stdout=subprocess.PIPE,
                                     stderr=subprocess.STDOUT, text=True))
    for run in runs:
        output, _ = run.communicate(timeout=180)
        assert run.returncode == 0, output[-3000:]
        assert "Error pushing metrics" not in output, output[-3000:]


def wait_for(expr, predicate, timeout=60):
    deadline = time.monotonic() + timeout
    while True:
        status, body = prometheus_query(expr)
        result = body.get("data", {}).get("result", []) if status == 200 else []
        if predicate(result):
            return result
        assert time.monotonic() < deadline, f"Prometheus never satisfied: {expr} (last: {result})"
        time.sleep(2)


@pytest.fixture(scope="module")
def loaded(monitoring):
    run_load()
    # Artillery's last push and a scrape after it; then the 1m rate windows still cover the load.
    wait_for('sum by (arch) (artillery_counters{metric="vusers_completed"})',
             lambda result: ARCHES <= {series["metric"].get("arch") for series in result})
    time.sleep(6)


@pytest.mark.parametrize("title,expr", list(panel_targets()))
def test_panel_query_returns_series(loaded, title, expr):
    status, body = prometheus_query(expr)
    assert status == 200 and body["status"] == "success", f"invalid PromQL in '{title}': {body}"
    result = body["data"]["result"]
    assert result, f"'{title}' returned no series: {expr}"
    if compares_architectures(title):
        arches = {series["metric"].get("arch") for series in result
                  if math.isfinite(float(series["value"][1]))}
        assert ARCHES <= arches, f"'{title}' has finite values only for {arches}: {expr}"


def test_every_series_carries_arch_and_component(loaded):
    status, body = prometheus_query('count by (job) ({__name__=~".+", arch=""}) '
                                    'or count by (job) ({__name__=~".+", component=""})')
    assert status == 200 and body["data"]["result"] == [], body


def test_all_targets_are_up(loaded):
    status, body = prometheus_query("up == 0")
    down = [series["metric"] for series in body["data"]["result"]]
    assert status == 200 and down == [], f"targets down: {down}"


def test_process_groups_split_by_architecture(loaded):
    """Liberty JVMs differ only by the -Dbench.arch marker the start scripts give them."""
    status, body = prometheus_query('namedprocess_namegroup_num_procs{component=~".+-service"} > 0')
    groups = {(s["metric"]["arch"], s["metric"]["component"]) for s in body["data"]["result"]}
    expected = {(arch, service) for arch in ARCHES
                for service in ("user-service", "site-service", "robot-service")}
    assert groups == expected


def test_monitoring_listens_on_loopback_only(loaded):
    sockets = subprocess.run(["ss", "-ltnpH"], check=True, capture_output=True, text=True).stdout
    for name, pid in monitoring_pids().items():
        addresses = [line.split()[3] for line in sockets.splitlines() if f"pid={pid}," in line]
        assert addresses, f"{name} (pid {pid}) listens nowhere"
        assert all(address.startswith("127.0.0.1:") for address in addresses), (name, addresses)


# --- The live view: the same dashboards as Prometheus console pages, in a real browser -----------

CONSOLE_PAGES = ["index.html", *(path.stem + ".html" for path in DASHBOARDS)]


@pytest.mark.parametrize("page", CONSOLE_PAGES)
def test_console_page_draws_every_panel_in_chromium(loaded, page, tmp_path):
    """Headless Chromium at laptop width: one drawn graph per Grafana panel, no console error,
    no request beyond this Prometheus, no sideways scrolling (monitoring/consoles)."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from bench.report import browser

    screenshots = Path(os.environ.get("BENCH_SCREENSHOTS_DIR", tmp_path))
    screenshots.mkdir(parents=True, exist_ok=True)
    result = browser.inspect_page(f"{PROMETHEUS}/consoles/{page}", screenshot=screenshots / f"console-{page}.png",
                                  wait_ms=2000)

    assert result["status"] == 200 and result["consoleErrors"] == [], result["consoleErrors"]
    assert result["blocked"] == [] and result["failed"] == [], (result["blocked"], result["failed"])
    assert all(url.startswith(PROMETHEUS + "/") for url in result["requests"]), result["requests"]
    assert not result["layout"]["horizontalOverflow"], result["layout"]["tooWide"]
    assert result["duplicateIds"] == []
    if page != "index.html":
        panels = json.loads((ROOT / "monitoring/grafana/dashboards" / page.replace(".html", ".json")).read_text())["panels"]
        charts = {chart["id"]: chart for chart in result["charts"]}
        assert sorted(charts) == sorted(f"panel-{panel['id']}" for panel in panels)
        assert [chart for chart in charts.values() if not chart["drawn"]] == []
