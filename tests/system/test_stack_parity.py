"""Both stacks answer every scenario with the same information (the runner's pre-load check)."""
import subprocess
import sys

import pytest
from stack import GRAPHQL, REST, ROOT

from bench.checks.parity import check

pytestmark = pytest.mark.usefixtures("stacks")


@pytest.mark.parametrize("dashboard_mode", ["naive", "batched"])
def test_graphql_values_equal_rest_values(dashboard_mode):
    assert check(REST, GRAPHQL, dashboard_mode, progress=lambda line: None) == []


def test_committed_supergraph_matches_the_running_subgraphs():
    result = subprocess.run(["node", str(ROOT / "gateway/composition/compose.mjs"), "--check"],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_parity_command_exits_zero():
    result = subprocess.run([sys.executable, "-m", "bench", "parity"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "Parity OK" in result.stdout
