"""Static checks of the monitoring and container files: no servers, no Docker engine needed."""
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


@pytest.fixture(scope="session")
def promtool():
    path = shutil.which("promtool")
    # scripts/start-monitoring.sh installs it (Debian package prometheus) on the machines that
    # run the tests; a missing promtool is a broken set-up, not a reason to skip.
    assert path, "promtool not found: install the Debian package prometheus"
    return path


@pytest.fixture(scope="session")
def nginx():
    path = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").is_file() else None)
    # The install step (Debian package nginx-light) puts it there, as scripts/start-rest.sh needs.
    assert path, "nginx not found: install the Debian package nginx-light"
    return path


def cached_tool(variable):
    """Path of a tool the install step builds into the cache, as scripts/lib/common.sh names it
    (so BENCH_CACHE_DIR and the version variables are honoured)."""
    result = subprocess.run(["bash", "-c", f'source scripts/lib/common.sh && printf %s "${variable}"'],
                            cwd=ROOT, capture_output=True, text=True, check=True)
    path = Path(result.stdout)
    # The install step (scripts/test.sh) builds these; a missing one is a broken set-up.
    assert path.is_file(), f"{path} is missing: run scripts/test.sh or the install script that builds it"
    return str(path)


@pytest.fixture(scope="session")
def compose_cli():
    """Docker Compose v2, built by scripts/install-compose.sh; `config` needs no Docker engine."""
    return cached_tool("COMPOSE_BIN")


@pytest.fixture(scope="session")
def router_cli():
    """The Apollo Router binary, built by scripts/install-router.sh."""
    return cached_tool("ROUTER_BIN")
