"""Static checks of the monitoring and container files: no servers, no Docker engine needed."""
import shutil
from pathlib import Path

import pytest
import yaml
from cached_tools import cached_tool

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


@pytest.fixture(scope="session")
def compose_cli():
    """Docker Compose v2, built by scripts/install-compose.sh; `config` needs no Docker engine."""
    return cached_tool("COMPOSE_BIN")


@pytest.fixture(scope="session")
def router_cli():
    """The Apollo Router binary, built by scripts/install-router.sh."""
    return cached_tool("ROUTER_BIN")
