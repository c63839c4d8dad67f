"""``python -m ctxcore`` / ``ctxcore``: argument parsing, dispatch, one-line errors."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from ctxcore.cli.commands import decode_context, encode_context, show_config, where_secret
from ctxcore.cli.demo import run_demo
from ctxcore.core.errors import CtxcoreError

_DESCRIPTION = "ctxcore: the execution-context layer of a workflow SDK."


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ctxcore", description=_DESCRIPTION)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    demo = commands.add_parser("demo", help="run a small local workflow end to end")
    demo.add_argument("--output", metavar="DIR", help="where to write (default: a new temp dir)")

    config = commands.add_parser("config", help="the configuration resolved from env and files")
    config.add_argument("--config", metavar="FILE", help="a config file instead of discovery")
    config.add_argument("--explain", action="store_true", help="where each value came from")
    config.add_argument("--json", action="store_true", help="machine-readable output")

    context = commands.add_parser("context", help="decode or encode an _F_SS_C value")
    actions = context.add_subparsers(dest="action", required=True, metavar="ACTION")
    decode = actions.add_parser("decode", help="_F_SS_C value (or - for stdin) to JSON")
    decode.add_argument("value")
    encode = actions.add_parser("encode", help="settings JSON (or - for stdin) to _F_SS_C")
    encode.add_argument("value")

    secrets = commands.add_parser("secrets", help="where secrets are looked up")
    where_actions = secrets.add_subparsers(dest="action", required=True, metavar="ACTION")
    where = where_actions.add_parser("where", help="the env var and file of a secret")
    where.add_argument("group")
    where.add_argument("key")
    where.add_argument("--version", default=None)
    return parser


def _run(args: argparse.Namespace) -> int:
    out = sys.stdout
    if args.command == "demo":
        return run_demo(out, output=args.output)
    if args.command == "config":
        return show_config(out, config_file=args.config, explain=args.explain, as_json=args.json)
    if args.command == "context":
        action = decode_context if args.action == "decode" else encode_context
        return action(out, args.value)
    return where_secret(out, args.group, args.key, args.version)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code. Errors are one line on stderr."""
    args = _parser().parse_args(argv)
    try:
        return _run(args)
    except (CtxcoreError, ValueError, OSError) as error:
        message = " ".join(str(error).split()) or type(error).__name__
        print(f"ctxcore {args.command}: error: {message}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("ctxcore: interrupted", file=sys.stderr)
        return 130
