"""python -m bench: the same command line as `bench` (bench/cli.py)."""
import sys

from bench.cli import main

sys.exit(main())
