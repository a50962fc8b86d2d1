"""Generate the benchmark report for one results directory.

    python3 -m bench.report results/<timestamp>

Reads metadata.json, the Artillery run files it lists and, if present, resources.json; writes
report.html, report.md, results.json and one HTML page beside each run file. Exits 2 with a
message naming the file when an input is missing or corrupt.
"""

import argparse
import sys
from pathlib import Path

from bench.errors import InputError
from bench.model import build_report
from bench.render import write_report


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python3 -m bench.report", description=__doc__.splitlines()[0])
    parser.add_argument("results_dir", type=Path, help="directory holding metadata.json and runs/")
    args = parser.parse_args(argv)
    if not args.results_dir.is_dir():
        print(f"bench.report: {args.results_dir} is not a directory", file=sys.stderr)
        return 2
    try:
        written = write_report(build_report(args.results_dir))
    except InputError as error:
        print(f"bench.report: {error}", file=sys.stderr)
        return 2
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
