"""Shared test setup; the recorded Artillery output is in fixtures/ (see fixtures/README.md)."""

import shutil
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parent / "fixtures"

# The tests import the report generator from the repository root, wherever pytest runs from.
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))


@pytest.fixture
def results_dir(tmp_path):
    """Copy a recorded results directory into tmp_path, since the report writes into it."""

    def copy(name: str) -> Path:
        target = tmp_path / name
        shutil.copytree(FIXTURES / name, target)
        return target

    return copy
