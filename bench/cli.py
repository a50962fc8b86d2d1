"""The benchmark's one command line: `bench <command>` (also `python -m bench <command>`).

    bench run [--profile standard|quick] [--arch rest,graphql] ...   the benchmark (scripts/run-test.sh)
    bench report results/<timestamp>                                 the report of a results directory
    bench agree results/<first> results/<second>                     whether two runs name the same winners
    bench parity [--rest URL] [--graphql URL]                        parity check of two running stacks
    bench probe [--requests 100]                                     low-load latency of two running stacks

Each command is a module with add_arguments(parser) and main(args) -> exit status; a module
that validates its arguments together has check_arguments(parser, args).
"""
import argparse
import sys

from bench import runner
from bench.checks import parity, probe
from bench.report import generate, rerun

COMMANDS = {"run": runner, "report": generate, "agree": rerun, "parity": parity, "probe": probe}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="bench", description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True, metavar="command")
    for name, module in COMMANDS.items():
        summary = module.__doc__.split("\n\n")[0].strip()
        command = commands.add_parser(name, help=summary, description=summary)
        module.add_arguments(command)
        command.set_defaults(module=module, parser=command)
    return parser


def parse_args(argv=None) -> argparse.Namespace:
    args = build_parser().parse_args(argv)
    check = getattr(args.module, "check_arguments", None)
    if check:
        check(args.parser, args)
    return args


def main(argv=None) -> int:
    args = parse_args(argv)
    return args.module.main(args)


if __name__ == "__main__":
    sys.exit(main())
