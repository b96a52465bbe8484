"""``netmap validate``: read and check the input, print a summary or every error."""
from __future__ import annotations

import argparse

from netmap.cli.options import (
    EXIT_OK,
    INPUT_HELP,
    add_input_arguments,
    reading_options,
    report_files,
    set_aside_path,
    spaces_lines,
    spaces_sources,
    write_set_aside,
)
from netmap.errors import ValidationFailed

__all__ = ["add_parser", "run"]


def add_parser(commands) -> None:
    """Register the command on the command line's subcommands."""
    validate = commands.add_parser(
        "validate", help="check input files and print a summary or the errors",
        description="Read and check the input, then print a summary (actors, ties, groups "
                    "found, warnings) or every error. " + INPUT_HELP,
    )
    add_input_arguments(validate)
    validate.add_argument("--quiet", action="store_true", help="print errors only")
    validate.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    # loaded when the command runs, so that `netmap --help` answers at once
    from netmap.network import load_network

    reading = reading_options(args)
    set_aside = set_aside_path(args, None)
    network, report = load_network(args.ties, args.actors, directed=args.directed, **spaces_sources(args),
                                   **reading)
    if network is None:
        raise ValidationFailed(report)
    set_aside_line = write_set_aside(report, set_aside, None)
    if args.quiet:
        return EXIT_OK
    created = sum(1 for i in report.warnings if i.action == "created")
    print(f"valid: {report_files(args)}")
    print(f"  actors:   {network.n_actors}" + (f" ({created} created from ties)" if created else ""))
    print(f"  ties:     {network.n_ties} ({'directed' if network.directed else 'undirected'})")
    for line in spaces_lines(network):
        print(line)
    groups = network.group_columns()
    if groups:
        shown = ", ".join(f"{name} ({count})" for name, count in groups.items())
        print(f"  groups:   {shown}")
    else:
        print("  groups:   none found; communities will be detected from the ties")
    print(f"  warnings: {len(report.warnings)}")
    for issue in report.warnings:
        print(f"    {issue.text}")
    if set_aside_line:
        print(set_aside_line)
    return EXIT_OK
