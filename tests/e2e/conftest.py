"""The runs several end-to-end modules read, each started once per session: a stack takes one to
two minutes to start on the benchmark machine's shared core, so the runs share stacks.

The local run: naive REST and GraphQL named twice, in the default interleaved design with two
trials per level, so both stacks are up at once and every cell pools two trials. The report
compares REST with GraphQL and the two GraphQL copies with each other (the A/A check,
test_aa_check.py); the settle stage is kept, bounded, so the run also shows it. The same run
carries the failure experiments (fault, hostile input, ramp, test_failure_experiments.py) on REST
and the first GraphQL copy, and the CPU profile of the first measured phase's first trial on all
three, so the A/A pair is profiled alike.

The compose run (test_compose_run.py): batched REST and GraphQL as containers, in the sequential
design (one stack after the other), so that design runs end to end too.
"""
import json
import subprocess

import pytest
from e2e_support import QUICK, QUICK_TRIALS, ROOT, SETTLE_MAX_S, stop_leftover_stacks

QUICK_ARCHITECTURES = "rest,graphql,graphql"
# The failure experiments, at low rates and in short phases (the real figures come from longer
# runs, docs/results.md).
FAILURE_OPTIONS = ["--stress-rate", "20", "--fault", "kill:user@8s,restart@14s", "--hostile", "--hostile-duration", "8",
                   "--ramp", "40:40:120", "--ramp-step-duration", "6", "--cpu-profile", "rps10"]
COMPOSE_ARCHITECTURES = "rest-batched,graphql"


def _run(out, *options, timeout):
    result = subprocess.run([*QUICK, *options, "--out", str(out)], cwd=ROOT, capture_output=True, text=True,
                            timeout=timeout)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-3000:]
    return out, result, json.loads((out / "results.json").read_text())


@pytest.fixture(scope="session")
def quick_run(tmp_path_factory):
    stop_leftover_stacks()
    return _run(tmp_path_factory.mktemp("quick"), "--settle-max", str(SETTLE_MAX_S), "--arch", QUICK_ARCHITECTURES,
                "--trials", str(QUICK_TRIALS), *FAILURE_OPTIONS, timeout=2700)


@pytest.fixture(scope="session")
def compose_run(tmp_path_factory):
    stop_leftover_stacks()
    return _run(tmp_path_factory.mktemp("compose"), "--deploy", "compose", "--design", "sequential", "--settle-max",
                "0", "--arch", COMPOSE_ARCHITECTURES, "--cold-start", "1", "--idle-duration", "5", timeout=1800)
