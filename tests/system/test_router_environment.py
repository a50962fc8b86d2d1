"""gateway/router/router.yaml in compose mode, on the real router: started the way
docker-compose.yml starts it (from the gateway/router folder, with ROUTER_LISTEN_HOST and a
subgraph URL in its environment), it listens and fetches where the variables say. The listen host
here is 127.0.0.2 (compose uses 0.0.0.0 inside its container), and the users subgraph points at
a closed port, so a users query fails while a sites query is answered by the local subgraph
(SITE_SUBGRAPH_URL unset: its default)."""
import os
import subprocess
import time

import pytest
from stack import ROOT, request

pytestmark = pytest.mark.usefixtures("stacks")

HOST = "127.0.0.2"


def router_binary():
    result = subprocess.run(["bash", "-c", 'source scripts/lib/common.sh && printf %s "$ROUTER_BIN"'],
                            cwd=ROOT, capture_output=True, text=True, check=True)
    return result.stdout


def own_listening_addresses(pid):
    listing = subprocess.run(["ss", "-Hltnp"], capture_output=True, text=True, check=True).stdout
    return sorted(line.split()[3] for line in listing.splitlines() if f"pid={pid}," in line)


@pytest.fixture(scope="module")
def compose_style_router(tmp_path_factory):
    names = ("ROUTER_LISTEN_HOST", "USER_SUBGRAPH_URL", "SITE_SUBGRAPH_URL", "ROBOT_SUBGRAPH_URL")
    env = {key: value for key, value in os.environ.items() if key not in names}
    env.update({"ROUTER_LISTEN_HOST": HOST, "USER_SUBGRAPH_URL": "http://127.0.0.1:9/graphql",
                "RUST_BACKTRACE": "0", "APOLLO_TELEMETRY_DISABLED": "true"})
    log = tmp_path_factory.mktemp("router") / "router.log"
    with open(log, "w") as output:
        router = subprocess.Popen([router_binary(), "--config", "router.yaml", "--supergraph", "supergraph.graphql",
                                   "--log", "warn"], cwd=ROOT / "gateway/router", env=env,
                                  stdout=output, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while not ready():
            assert router.poll() is None and time.monotonic() < deadline, log.read_text()[-2000:]
            time.sleep(0.5)
        yield router
    finally:
        router.terminate()
        router.wait(timeout=30)


def ready():
    try:
        return request(f"http://{HOST}:8088/health?ready", timeout=2).status == 200
    except OSError:  # not listening yet
        return False


def query(text):
    return request(f"http://{HOST}:4000/", data=f'{{"query": "{text}"}}'.encode(),
                   headers={"Content-Type": "application/json"}).json()


def test_it_listens_on_the_host_the_environment_names(compose_style_router):
    assert own_listening_addresses(compose_style_router.pid) == sorted(f"{HOST}:{port}" for port in (4000, 8088, 9180))


def test_a_subgraph_url_from_the_environment_replaces_the_supergraphs(compose_style_router):
    users = query("{ users { id } }")
    assert users["errors"][0]["extensions"]["service"] == "users", users
    sites = query("{ sites { id } }")
    assert "errors" not in sites and len(sites["data"]["sites"]) > 0, sites
