"""Whether two runs name the same winners: every verdict of one run beside the other's.

    bench agree results/<first> results/<second>

Reads the results.json each report wrote (`bench report` makes it) and prints, in Markdown, the
Overall verdicts of every REST/GraphQL pair at every load level with both runs' differences and
intervals, each run's A/A result, and a count of every cell judged in both runs: the same
verdict, a different one (a winner in one run, a tie or no conclusion in the other), or a
contradiction (REST in one run, GraphQL in the other). Exits 1 when the runs contradict each
other or an A/A check failed, 2 when an input is unusable.
"""

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path

from bench.report.verdict import INCONCLUSIVE, NO_DATA, TIE

AA = "aa"
OVERALL = "Overall"
SAME, DIFFERENT, CONTRADICTION = "same", "different", "CONTRADICTION"


@dataclass(frozen=True)
class RunSummary:
    """What one results.json says that a comparison of runs needs."""

    path: Path
    commit: str
    started_at: str
    deployment: str
    comparisons: dict  # (kind, first, second) -> {(phase, column): verdict dict}
    labels: dict  # architecture id -> label

    def aa_passed(self) -> dict:
        """(first, second) of each A/A pair -> whether no cell named a winner."""
        return {(first, second): all(v["winner"] in (TIE, INCONCLUSIVE, NO_DATA) for v in verdicts.values())
                for (kind, first, second), verdicts in self.comparisons.items() if kind == AA}


@dataclass(frozen=True)
class CellAgreement:
    kind: str
    first: str
    second: str
    phase: str
    column: str
    verdicts: tuple  # (first run's verdict dict, second run's)
    outcome: str  # SAME, DIFFERENT or CONTRADICTION


def load(results_dir: Path) -> RunSummary:
    path = results_dir / "results.json"
    try:
        results = json.loads(path.read_text())
        metadata = results["metadata"]
        comparisons = {(c["kind"], c["first"], c["second"]): {(v["phase"], v["column"]): v for v in c["verdicts"]}
                       for c in results["comparisons"]}
        labels = {a["id"]: a["label"] for a in metadata["architectures"]}
        return RunSummary(results_dir, metadata["commit"] or "unknown", metadata["started_at"],
                          # runs from before the deployment modes were all local
                          metadata.get("deployment", {"mode": "local"})["mode"], comparisons, labels)
    except FileNotFoundError:
        raise ValueError(f"{path} is missing: generate the report first (bench report {results_dir})") from None
    except (json.JSONDecodeError, KeyError, TypeError) as error:
        raise ValueError(f"{path} is not a report's results.json ({error})") from None


def _outcome(a: dict, b: dict) -> str | None:
    """None when either run could not judge the cell."""
    winners = (a["winner"], b["winner"])
    if NO_DATA in winners:
        return None
    if winners[0] == winners[1]:
        return SAME
    named = [w for w in winners if w not in (TIE, INCONCLUSIVE)]
    return CONTRADICTION if len(named) == 2 else DIFFERENT


def agreement(first: RunSummary, second: RunSummary) -> list:
    """Every REST/GraphQL cell both runs judged, with its outcome (A/A pairs are judged on their own)."""
    cells = []
    for key, verdicts in first.comparisons.items():
        kind, a_id, b_id = key
        if kind == AA or key not in second.comparisons:
            continue
        for cell, verdict in verdicts.items():
            other = second.comparisons[key].get(cell)
            outcome = _outcome(verdict, other) if other else None
            if outcome:
                cells.append(CellAgreement(kind, a_id, b_id, cell[0], cell[1], (verdict, other), outcome))
    return cells


def _verdict_text(verdict: dict, labels: dict) -> str:
    winner = verdict["winner"]
    name = labels.get(winner, winner)
    if verdict.get("difference_ms") is None:
        text = name
    else:
        low, high = verdict.get("interval_ms") or (None, None)
        interval = f", {low:+,.0f}…{high:+,.0f}" if low is not None else ""
        text = f"{name} ({verdict['difference_ms']:+,.0f} ms{interval})"
    return text + (" ⚠" if verdict.get("flagged") else "")


def as_markdown(first: RunSummary, second: RunSummary) -> str:
    cells = agreement(first, second)
    labels = {**first.labels, **second.labels}
    lines = [f"Run 1: {first.path} (commit {first.commit[:7]}, {first.deployment}, started {first.started_at})",
             f"Run 2: {second.path} (commit {second.commit[:7]}, {second.deployment}, started {second.started_at})"]
    if first.commit != second.commit:
        lines.append("Note: the runs are of different commits.")
    lines += ["", "Overall p95, second minus first architecture of each pair, 95 % CI (⚠: flagged cell):", "",
              "| pair | level | run 1 | run 2 | |", "|---|---|---|---|---|"]
    for cell in cells:
        if cell.column == OVERALL:
            pair = f"{labels.get(cell.second, cell.second)} vs {labels.get(cell.first, cell.first)}"
            lines.append(f"| {pair} | {cell.phase} | {_verdict_text(cell.verdicts[0], labels)} | "
                         f"{_verdict_text(cell.verdicts[1], labels)} | {cell.outcome} |")
    counts = {outcome: sum(c.outcome == outcome for c in cells) for outcome in (SAME, DIFFERENT, CONTRADICTION)}
    lines += ["", f"Cells judged in both runs (every scenario and mix, every level): {len(cells)}; the same verdict "
              f"in {counts[SAME]}, a different one in {counts[DIFFERENT]} (a winner in one run, a tie or no "
              f"conclusion in the other), a contradiction in {counts[CONTRADICTION]} (REST in one run, GraphQL "
              "in the other)."]
    for cell in (c for c in cells if c.outcome == CONTRADICTION):
        lines.append(f"- CONTRADICTION {cell.phase} {cell.column}: {_verdict_text(cell.verdicts[0], labels)} "
                     f"against {_verdict_text(cell.verdicts[1], labels)}")
    for number, run in ((1, first), (2, second)):
        for (a_id, b_id), passed in run.aa_passed().items():
            lines.append(f"A/A {labels.get(a_id, a_id)} vs {labels.get(b_id, b_id)} in run {number}: "
                         f"{'PASSED' if passed else 'FAILED'}")
    return "\n".join(lines) + "\n"


def add_arguments(parser: argparse.ArgumentParser):
    parser.add_argument("first", type=Path, help="results directory of the first run")
    parser.add_argument("second", type=Path, help="results directory of the second run")


def main(args: argparse.Namespace) -> int:
    try:
        first, second = load(args.first), load(args.second)
    except ValueError as error:
        print(f"bench agree: {error}", file=sys.stderr)
        return 2
    print(as_markdown(first, second), end="")
    contradicted = any(c.outcome == CONTRADICTION for c in agreement(first, second))
    aa_failed = not all(p for run in (first, second) for p in run.aa_passed().values())
    return 1 if contradicted or aa_failed else 0
