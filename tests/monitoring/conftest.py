"""Static checks of the monitoring and container files: no servers, no Docker engine needed."""
import shutil
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
