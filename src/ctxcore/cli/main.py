"""``python -m ctxcore`` / ``ctxcore``: argument parsing and dispatch."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from ctxcore.cli.demo import run_demo


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ctxcore", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("demo", help="run a small local workflow end to end")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the process exit code."""
    args = _parser().parse_args(argv)
    if args.command == "demo":
        return run_demo(sys.stdout)
    return 2
