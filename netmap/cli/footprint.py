"""``netmap footprint``: one organisation's footprint — where it sits, the introductions only it
is placed to make, what it could give and receive, the spaces it hosts or uses."""
from __future__ import annotations

import argparse
from pathlib import Path

from netmap.cli.options import (
    EXIT_OK,
    INPUT_HELP,
    add_analysis_arguments,
    add_input_arguments,
    add_privacy_arguments,
    add_store_arguments,
    analysis_options,
    open_store_of,
)
from netmap.cli.pipeline import analysed, finish
from netmap.errors import InputError

__all__ = ["add_parser", "run"]


def add_parser(commands) -> None:
    """Register ``footprint`` on the command line's subcommands."""
    parser = commands.add_parser(
        "footprint", help="one organisation's footprint: where it sits, introductions, what it could give",
        description="Analyse the map as 'analyse' does, then write into DIR footprint.html (one to two A4 pages "
                    "on one actor: where it sits, who would be cut off if it left, the introductions only it is "
                    "placed to make, the needs within two steps its offers meet and the offers that meet its "
                    "needs, the spaces it hosts or uses and, with an earlier wave, what changed) and "
                    "footprint_introductions.csv. " + INPUT_HELP,
        epilog="Example: python -m netmap footprint sample_networks/millbrook/ties.csv --actors "
               "sample_networks/millbrook/actors.csv --affiliations sample_networks/millbrook/affiliations.csv "
               "--spaces sample_networks/millbrook/spaces.csv --group-by sector --actor diy --out diy/")
    add_input_arguments(parser)
    parser.add_argument("--actor", metavar="ID", required=True, help="the id of the actor (organisation or person)")
    parser.add_argument("--earlier", metavar="TIES", help="ties file of an earlier wave: adds what changed")
    parser.add_argument("--earlier-actors", metavar="ACTORS", help="actors file of the earlier wave")
    parser.add_argument("--earlier-wave", metavar="WAVE", help="with --project: an earlier wave of the project")
    parser.add_argument("--locality", metavar="NAME", default="", help="the place the map is of (in the title)")
    add_analysis_arguments(parser)
    add_privacy_arguments(parser)
    add_store_arguments(parser)
    parser.add_argument("--out", metavar="DIR", required=True, help="folder to write to (created)")
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    # loaded when the command runs, so that `netmap --help` answers at once
    from netmap.analysis import analyse
    from netmap.network import read_network
    from netmap.outputs.folder import write_key_table
    from netmap.outputs.footprint import FOOTPRINT_FILES, shared_footprint, write_footprint
    from netmap.privacy import Pseudonymiser

    if args.earlier_wave and not args.project:
        raise InputError("--earlier-wave needs --project (and --wave): the waves of a stored project")
    if args.earlier_actors and not args.earlier:
        raise InputError("--earlier-actors goes with --earlier TIES")
    run_ = analysed(args, FOOTPRINT_FILES)
    earlier = None
    if args.earlier_wave:
        with open_store_of(args) as store:
            earlier = analyse(store.load_network(args.project, args.earlier_wave), options=analysis_options(args))
    elif args.earlier:
        earlier = analyse(read_network(args.earlier, args.earlier_actors, directed=args.directed),
                          options=analysis_options(args))
    found = run_.result.footprint(args.actor, earlier)
    pseudonymiser = Pseudonymiser.for_analysis(run_.result, run_.key, run_.keep) if run_.key else None
    written = write_footprint(shared_footprint(found, pseudonymiser), Path(args.out), args.locality)
    if pseudonymiser is not None and run_.key_out is not None:
        write_key_table(pseudonymiser, run_.key_out)
    lines = [f"footprint of {found.name if pseudonymiser is None else pseudonymiser.code_of(found.actor)}: "
             f"{found.numbers['contacts']} contacts, {len(found.introductions)} introductions it could make, "
             f"{len(found.could_give)} needs it could meet"]
    finish(run_, written, "'reading_warnings' in run.json, or netmap validate", lines)
    return EXIT_OK
