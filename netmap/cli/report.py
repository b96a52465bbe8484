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
    analysis_options,
    confirmed_network,
    freeze_imports,
    prepare_output,
    print_changes,
    print_key_note,
    pseudonym_key,
    reading_options,
    resampled,
    set_aside_path,
    spaces_sources,
    with_meets_at,
    write_set_aside,
)
from netmap.errors import ValidationFailed

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
    from netmap.analysis import analyse
    from netmap.network import load_network
    from netmap.outputs.folder import REPORT_FILES, export_bundle, remove_earlier

    freeze_imports()
    options = analysis_options(args)
    network, validation = load_network(args.ties, args.actors, directed=args.directed, **spaces_sources(args),
                                       **reading_options(args))
    if network is None:
        raise ValidationFailed(validation)
    key = pseudonym_key(args)
    set_aside = set_aside_path(args, key)
    keep, key_out, earlier = prepare_output(args, key, REPORT_FILES, network)
    result = resampled(args, analyse(with_meets_at(confirmed_network(args, network), args), options=options))
    remove_earlier(earlier)
    written = export_bundle(result, Path(args.out), validation, key, args.title, keep, key_out,
                            locality=args.locality)
    set_aside_line = write_set_aside(validation, set_aside, key)
    print_changes(network, "the 'validation' sheet of netmap.xlsx, or netmap validate")
    if set_aside_line:
        print(set_aside_line)
    for note in result.notes:
        print(f"note: {note}")
    print("wrote " + ", ".join(str(p) for p in written))
    if key:
        print_key_note(key_out)
    return EXIT_OK
