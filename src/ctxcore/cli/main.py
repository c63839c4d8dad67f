"""``python -m ctxcore`` / ``ctxcore``: argument parsing, dispatch, one-line errors.

How the standard streams are handled. Python starts with ``sys.stdout`` (or ``sys.stdin``,
``sys.stderr``) set to ``None`` when the descriptor is closed (``>&-``), and flushes stdout
once more at exit, where a failure can only be printed as "Exception ignored ..." and turns
the exit status into 120. So ``main`` refuses to run without a stdout, flushes it itself before
returning (a closed pipe or a full disk is then reported where it can be), and after a failed
write points the descriptor at the null device, so that the flush at exit has nothing to fail
on (the way the Python documentation recommends, in the signal module's "Note on SIGPIPE").
Errors go to stderr only if there is one: ``print(file=None)`` would write them to stdout.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from typing import TextIO, TypeVar

from ctxcore.cli.commands import (
    SCHEMAS,
    check_config,
    check_secrets,
    decode_context,
    encode_context,
    secret_spec,
    secret_version,
    show_config,
    show_schema,
    where_secret,
)
from ctxcore.cli.demo import ENGINES, run_demo
from ctxcore.core.errors import CtxcoreError, MissingExtraError

_T = TypeVar("_T")

_DESCRIPTION = "ctxcore: the execution-context layer of a workflow SDK."

EXIT_ERROR = 1
"""An error, said in one line on stderr: bad input or configuration, a closed stdin or stdout,
a full disk under stdout (argparse exits 2 for a bad command line)."""

EXIT_MISSING_EXTRA = 2
"""A command needs an optional extra that is not installed (``demo --engine dask`` without
``ctxcore[dask]``): said in one line naming the extra to install. 2, as for a bad command line:
the command cannot run as asked on this installation."""

EXIT_INTERRUPTED = 130
"""Interrupted (Ctrl-C): 128 + SIGINT, what a shell reports for a program SIGINT ended."""

EXIT_BROKEN_PIPE = 128 + 13
"""The reader of stdout went away (``ctxcore config | head -1``): 128 + SIGPIPE (13 on every
POSIX system), what a shell reports for a C program that SIGPIPE ended (``yes | head -1``
under ``set -o pipefail``); nothing is said, as such a program says nothing."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ctxcore", description=_DESCRIPTION)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    demo = commands.add_parser("demo", help="run a small local workflow end to end")
    demo.add_argument("--output", metavar="DIR", help="where to write (default: a new temp dir)")
    demo.add_argument(
        "--engine",
        choices=ENGINES,
        default="local",
        help="where the nodes run: this process (default), a process pool, a local Dask "
        "cluster or a local Ray instance (dask and ray need the ctxcore[dask] or ctxcore[ray] "
        "extra)",
    )

    config = commands.add_parser("config", help="the configuration resolved from env and files")
    config.add_argument("--config", metavar="FILE", help="a config file instead of discovery")
    config.add_argument("--explain", action="store_true", help="where each value came from")
    config.add_argument("--json", action="store_true", help="machine-readable output")
    config.add_argument(
        "--check",
        action="store_true",
        help=(
            "list unknown keys and variables and errors (exit 1 if there is any), and renamed"
            " ones as warnings"
        ),
    )
    config.add_argument(
        "--entries",
        action="append",
        default=[],
        metavar="MODULE[:CLASS]",
        help="also the configuration entries a module or class declares (a plugin's)",
    )

    context = commands.add_parser("context", help="decode or encode an _F_SS_C value")
    actions = context.add_subparsers(dest="action", required=True, metavar="ACTION")
    decode = actions.add_parser("decode", help="_F_SS_C value (or - for stdin) to JSON")
    decode.add_argument("value")
    encode = actions.add_parser("encode", help="settings JSON (or - for stdin) to _F_SS_C")
    encode.add_argument("value")

    schema = commands.add_parser("schema", help="the JSON Schema of a record's JSON layout")
    schema.add_argument("record", choices=sorted(SCHEMAS))

    secrets = commands.add_parser("secrets", help="where secrets are looked up")
    where_actions = secrets.add_subparsers(dest="action", required=True, metavar="ACTION")
    where = where_actions.add_parser("where", help="the env var and file of a secret")
    where.add_argument("group")
    where.add_argument("key")
    where.add_argument("--version", default=None)
    check = where_actions.add_parser(
        "check", help="which secrets can be found and where each missing one was looked for"
    )
    check.add_argument("secrets", nargs="+", type=_usage(secret_spec), metavar="GROUP[:KEY]")
    check.add_argument(
        "--version",
        default=None,
        type=_usage(secret_version),
        help="the group_version of every secret named",
    )
    return parser


def _usage(parse: Callable[[str], _T]) -> Callable[[str], _T]:
    """``parse`` for argparse: its ``ValueError`` becomes a usage error (exit 2), said as is."""

    def parsed(text: str) -> _T:
        try:
            return parse(text)
        except ValueError as error:
            raise argparse.ArgumentTypeError(str(error)) from None

    return parsed


def _run(args: argparse.Namespace) -> int:
    out = sys.stdout
    if args.command == "demo":
        return run_demo(out, output=args.output, engine=args.engine)
    if args.command == "config" and args.check:
        return check_config(out, config_file=args.config, as_json=args.json, entries=args.entries)
    if args.command == "config":
        return show_config(
            out,
            config_file=args.config,
            explain=args.explain,
            as_json=args.json,
            entries=args.entries,
        )
    if args.command == "context":
        action = decode_context if args.action == "decode" else encode_context
        return action(out, args.value)
    if args.command == "schema":
        return show_schema(out, args.record)
    if args.action == "check":
        return check_secrets(out, args.secrets, args.version)
    return where_secret(out, args.group, args.key, args.version)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status.

    0: done. 1 (``EXIT_ERROR``): an error, in one line on stderr (a closed stdin or stdout
    included). 2: a bad command line (argparse), or an optional extra the command needs is not
    installed (``EXIT_MISSING_EXTRA``, in one line). 130: interrupted. 141 (``EXIT_BROKEN_PIPE``):
    the reader of stdout went away (a pipe closed early); quiet, as a program that SIGPIPE ended
    is, with the status a shell reports for one.
    """
    stdout: TextIO | None = sys.stdout
    if stdout is None:
        _say("ctxcore: error: standard output is closed")
        return EXIT_ERROR
    args = _parser().parse_args(argv)
    try:
        code = _run(args)
    except BrokenPipeError:
        _detach(stdout)
        return EXIT_BROKEN_PIPE
    except MissingExtraError as error:
        _say(f"ctxcore {args.command}: error: {_one_line(error)}")
        code = EXIT_MISSING_EXTRA
    except (CtxcoreError, ValueError, OSError) as error:
        _say(f"ctxcore {args.command}: error: {_one_line(error)}")
        code = EXIT_ERROR
    except KeyboardInterrupt:
        _say("ctxcore: interrupted")
        code = EXIT_INTERRUPTED
    return _flushed(stdout, args.command, code)


def _flushed(stdout: TextIO, command: str, code: int) -> int:
    """``code``, once stdout has written what it holds: now, not at exit (see the module)."""
    try:
        stdout.flush()
    except BrokenPipeError:
        _detach(stdout)
        return EXIT_BROKEN_PIPE
    except (OSError, ValueError) as error:
        _detach(stdout)
        if code:  # the same failure was said already, by the write that raised it
            return code
        _say(f"ctxcore {command}: error: cannot write the output: {_one_line(error)}")
        return EXIT_ERROR
    return code


def _one_line(error: BaseException) -> str:
    return " ".join(str(error).split()) or type(error).__name__


def _say(line: str) -> None:
    """Write ``line`` to stderr if there is one (never to stdout), whatever happens to it."""
    stderr: TextIO | None = sys.stderr
    if stderr is None:
        return
    try:
        stderr.write(line + "\n")
        stderr.flush()
    except (OSError, ValueError):
        _detach(stderr)


def _detach(stream: TextIO) -> None:
    """Point ``stream``'s descriptor at the null device: what it still holds is dropped there
    by the flush at exit, which then cannot fail (see the module). A stream without a
    descriptor (one an embedding put in place) is left as it is."""
    try:
        null = os.open(os.devnull, os.O_WRONLY)
        try:
            os.dup2(null, stream.fileno())
        finally:
            os.close(null)
    except (OSError, ValueError):
        pass
