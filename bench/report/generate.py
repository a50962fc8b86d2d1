"""Generate the benchmark report for one results directory.

    bench report results/<timestamp>

Reads metadata.json, the Artillery run files it lists and, if present, resources.json; writes
report.html, report.md, results.json and one HTML page beside each run file. Exits 2 with a
message naming the file when an input is missing or corrupt.
"""

import argparse
import sys
from pathlib import Path

from bench.report.render import write_report
from bench.report.view_model import build_report
from bench.results.errors import InputError


def add_arguments(parser: argparse.ArgumentParser):
    parser.add_argument("results_dir", type=Path, help="directory holding metadata.json and runs/")


def generate(results_dir: Path) -> int:
    """Writes the report files and prints their paths; 2 with a message when an input is unusable."""
    if not results_dir.is_dir():
        print(f"bench report: {results_dir} is not a directory", file=sys.stderr)
        return 2
    try:
        written = write_report(build_report(results_dir))
    except InputError as error:
        print(f"bench report: {error}", file=sys.stderr)
        return 2
    for path in written:
        print(path)
    return 0


def main(args: argparse.Namespace) -> int:
    return generate(args.results_dir)
