"""The quick run that several end-to-end modules read: started once per session, because each
architecture's stack takes about two minutes to start on the benchmark machine's shared core.

Naive REST and GraphQL named twice: the report compares REST with each GraphQL copy and the two
copies with each other (the A/A check, test_aa_check.py). The settle stage is kept, bounded, so
the run also shows it. No phase is CPU-profiled here: a profiled phase is not an A/A phase (the
profile is checked on the failure run, test_failure_experiments.py).
"""
import json
import subprocess

import pytest
from e2e_support import QUICK, ROOT, SETTLE_MAX_S, stop_leftover_stacks

QUICK_ARCHITECTURES = "rest,graphql,graphql"


@pytest.fixture(scope="session")
def quick_run(tmp_path_factory):
    stop_leftover_stacks()
    out = tmp_path_factory.mktemp("quick")
    result = subprocess.run([*QUICK, "--settle-max", str(SETTLE_MAX_S), "--arch", QUICK_ARCHITECTURES,
                             "--out", str(out)], cwd=ROOT, capture_output=True, text=True, timeout=1500)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-3000:]
    return out, result, json.loads((out / "results.json").read_text())
