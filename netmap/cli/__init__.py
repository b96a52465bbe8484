"""Command line: ``python -m netmap validate|analyse ...``, one module per command.

Library code raises :class:`~netmap.errors.NetmapError`; this module turns it into a
one-line message per problem and exit status 2, never a traceback.
"""
from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Sequence

from netmap import __version__
from netmap.cli import analyse, app, audit, collect, compare, footprint, project, report, survey, users, validate
from netmap.cli.options import EXIT_BAD_INPUT, EXIT_OK
from netmap.errors import NetmapError, ValidationFailed

__all__ = ["main", "main_exit", "build_parser"]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="netmap",
        description="Map and analyse the network of a locality: validate input, compute "
                    "centrality, brokerage and communities, find honest brokers and hidden wealth.",
        epilog="Exit status: 0 success, 2 bad input (each problem is printed on one line naming "
               "file, row and column).",
    )
    parser.add_argument("--version", action="version", version=f"netmap {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    for command in (validate, analyse, report, footprint, survey, project, app, compare, collect, users, audit):
        command.add_parser(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status.

    A reader that stops early (``netmap validate … | head -3``) closes the pipe: the output
    ends quietly with status 0, as with other command-line tools, instead of a
    BrokenPipeError traceback.
    """
    try:
        status = _main(argv)
        sys.stdout.flush()  # a closed pipe shows up here, not in the interpreter's last flush
        return status
    except SystemExit:  # --help, --version and usage errors: argparse printed, then exits
        try:
            sys.stdout.flush()
        except BrokenPipeError:
            _silence_stdout()
        raise
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_OK


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush does not fail again."""
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # no real file descriptor (e.g. under a test's capture)
        pass


def _main(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if getattr(args, "max_rows", None):
            # loaded when the command runs, so that `netmap --help` answers at once
            from netmap.formats.spreadsheets import larger_tables

            with larger_tables(args.max_rows):
                return args.run(args)
        return args.run(args)
    except ValidationFailed as exc:
        for issue in exc.report.errors:
            print(f"error: {issue.text}", file=sys.stderr)
        if exc.report.only_bad_rows and hasattr(args, "skip_bad_rows"):
            report, rows = exc.report, exc.report.valid_rows
            print(f"hint: every error is confined to its own row ({report.bad_rows_where()}): add --skip-bad-rows to "
                  f"read the other {rows:,} row{'' if rows == 1 else 's'} (--set-aside FILE saves the bad ones for "
                  "correcting)", file=sys.stderr)
        return EXIT_BAD_INPUT
    except NetmapError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    finally:
        gc.unfreeze()


def main_exit() -> None:
    """Entry point of the ``netmap`` console command."""
    sys.exit(main())
