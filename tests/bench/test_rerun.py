"""bench agree: two runs' verdicts side by side, from the results.json each report wrote."""
import json

import pytest

from bench import cli
from bench.report import rerun
from bench.report.verdict import NO_DATA

ARCHITECTURES = [{"id": "rest-batched", "label": "REST (batched dashboard)"},
                 {"id": "graphql", "label": "GraphQL Federation"},
                 {"id": "graphql-2", "label": "GraphQL Federation #2"}]


def verdict(phase, column, winner, difference=None, interval=None, flagged=False):
    return {"phase": phase, "column": column, "winner": winner, "difference_ms": difference,
            "interval_ms": interval, "flagged": flagged}


def write_run(directory, fair, aa=(), commit="abc1234def"):
    directory.mkdir()
    results = {"metadata": {"commit": commit, "started_at": "2026-12-07T20:55:17+0000",
                            "deployment": {"mode": "local"}, "architectures": ARCHITECTURES},
               "comparisons": [{"kind": "fair", "first": "rest-batched", "second": "graphql", "verdicts": list(fair)},
                               {"kind": "aa", "first": "graphql", "second": "graphql-2", "verdicts": list(aa)}]}
    (directory / "results.json").write_text(json.dumps(results))
    return directory


def run_agree(capsys, first, second):
    status = cli.main(["agree", str(first), str(second)])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def test_runs_that_name_the_same_winners_agree(tmp_path, capsys):
    fair = [verdict("rps100", "Overall", "rest-batched", 10, [8, 12]), verdict("rps100", "API-1", "tie", 1, [0, 2])]
    aa = [verdict("rps100", "Overall", "tie", 0, [-1, 2])]
    first = write_run(tmp_path / "a", fair, aa)
    second = write_run(tmp_path / "b", [verdict("rps100", "Overall", "rest-batched", 14, [9, 20]),
                                        verdict("rps100", "API-1", "tie", 0, [-1, 1])], aa)
    status, out, _ = run_agree(capsys, first, second)
    assert status == 0
    assert ("| GraphQL Federation vs REST (batched dashboard) | rps100 | REST (batched dashboard) (+10 ms, +8…+12) | "
            "REST (batched dashboard) (+14 ms, +9…+20) | same |") in out
    assert "judged in both runs (every scenario and mix, every level): 2; the same verdict in 2" in out
    assert "A/A GraphQL Federation vs GraphQL Federation #2 in run 1: PASSED" in out
    assert "different commits" not in out


def test_a_contradiction_is_named_and_fails(tmp_path, capsys):
    first = write_run(tmp_path / "a", [verdict("rps300", "Overall", "rest-batched", 15, [8, 26])])
    second = write_run(tmp_path / "b", [verdict("rps300", "Overall", "graphql", -5, [-9, -3], flagged=True)],
                       commit="fff0000")
    status, out, _ = run_agree(capsys, first, second)
    assert status == 1
    assert "a contradiction in 1 (REST in one run, GraphQL in the other)" in out
    assert "- CONTRADICTION rps300 Overall: REST (batched dashboard) (+15 ms, +8…+26) against GraphQL Federation " \
           "(-5 ms, -9…-3) ⚠" in out
    assert "Note: the runs are of different commits." in out


def test_a_winner_against_a_tie_differs_without_contradicting(tmp_path, capsys):
    first = write_run(tmp_path / "a", [verdict("rps500", "Overall", "rest-batched", 30, [10, 50])])
    second = write_run(tmp_path / "b", [verdict("rps500", "Overall", "inconclusive", 30, [-5, 60])])
    status, out, _ = run_agree(capsys, first, second)
    assert status == 0
    assert "a different one in 1" in out


def test_cells_without_data_in_either_run_are_not_counted(tmp_path, capsys):
    first = write_run(tmp_path / "a", [verdict("rps500", "Overall", NO_DATA)])
    second = write_run(tmp_path / "b", [verdict("rps500", "Overall", "graphql", -3, [-5, -1])])
    status, out, _ = run_agree(capsys, first, second)
    assert status == 0
    assert "Cells judged in both runs (every scenario and mix, every level): 0" in out


def test_a_failed_aa_check_fails_the_comparison(tmp_path, capsys):
    fair = [verdict("rps100", "Overall", "tie", 0, [-1, 1])]
    first = write_run(tmp_path / "a", fair, [verdict("rps100", "Overall", "graphql-2", 9, [3, 15])])
    second = write_run(tmp_path / "b", fair, [verdict("rps100", "Overall", "tie", 0, [-1, 1])])
    status, out, _ = run_agree(capsys, first, second)
    assert status == 1
    assert "in run 1: FAILED" in out and "in run 2: PASSED" in out


@pytest.mark.parametrize("content,message", [(None, "generate the report first (bench report"),
                                             ("{not json", "is not a report's results.json")])
def test_an_unusable_input_is_named(tmp_path, capsys, content, message):
    good = write_run(tmp_path / "good", [verdict("rps100", "Overall", "tie", 0, [-1, 1])])
    bad = tmp_path / "bad"
    bad.mkdir()
    if content is not None:
        (bad / "results.json").write_text(content)
    status, _, err = run_agree(capsys, good, bad)
    assert status == 2
    assert message in err and str(bad) in err


def test_a_real_report_compared_with_itself_agrees_everywhere(results_dir, capsys):
    """The reader takes what `bench report` writes: a recorded quick run against itself."""
    run = results_dir("quick")
    assert cli.main(["report", str(run)]) == 0
    capsys.readouterr()
    status, out, _ = run_agree(capsys, run, run)
    cells = rerun.agreement(rerun.load(run), rerun.load(run))
    assert cells and all(cell.outcome == rerun.SAME for cell in cells)
    assert f"the same verdict in {len(cells)}, a different one in 0" in out
    assert status == (0 if all(rerun.load(run).aa_passed().values()) else 1)
