"""``netmap report``: the briefing, workbooks, pictures and Gephi/GraphML files."""
from __future__ import annotations

import argparse
from pathlib import Path

from netmap.cli.options import (
    EXIT_OK,
    INPUT_HELP,
    add_analysis_arguments,
    add_confidence_arguments,
    add_input_arguments,
    add_privacy_arguments,
)
from netmap.cli.pipeline import analysed, finish

__all__ = ["add_parser", "run"]


def add_parser(commands) -> None:
    """Register the command on the command line's subcommands."""
    report = commands.add_parser(
        "report", help="write the briefing, workbooks, pictures and Gephi/GraphML files",
        description="Analyse as 'analyse' does, then write into DIR: briefing.html (prints on A4, works "
                    "offline), netmap.xlsx (every table), kumu.xlsx (Elements/Connections for Kumu), map.svg and "
                    "map.png, network.gexf (Gephi), network.graphml (yEd, igraph, R) and run.json (options, "
                    "estimates). " + INPUT_HELP,
    )
    add_input_arguments(report)
    add_analysis_arguments(report)
    report.add_argument("--title", default="Network briefing", help="title of the briefing")
    report.add_argument("--locality", metavar="NAME", default="",
                        help="the place the map is of (e.g. Millbrook): shown in the briefing's title")
    add_privacy_arguments(report)
    add_confidence_arguments(report)
    report.add_argument("--out", metavar="DIR", required=True, help="folder to write to (created)")
    report.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    # loaded when the command runs, so that `netmap --help` answers at once
    from netmap.outputs.folder import REPORT_FILES, export_bundle

    run_ = analysed(args, REPORT_FILES)
    written = export_bundle(run_.result, Path(args.out), run_.validation, run_.key, args.title, run_.keep,
                            run_.key_out, locality=args.locality)
    finish(run_, written, "the 'validation' sheet of netmap.xlsx, or netmap validate")
    return EXIT_OK
