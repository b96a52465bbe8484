"""``netmap analyse``: compute every metric and write the result tables (the CLI contract)."""
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
    add_store_arguments,
    analysis_options,
    confirmed_network,
    describe_spaces,
    freeze_imports,
    network_from_store,
    output_formats,
    prepare_output,
    print_changes,
    print_key_note,
    pseudonym_key,
    reading_options,
    remember_options,
    resampled,
    set_aside_path,
    spaces_sources,
    with_meets_at,
    write_set_aside,
)
from netmap.errors import InputError, ValidationFailed

__all__ = ["add_parser", "run"]


def add_parser(commands) -> None:
    """Register the command on the command line's subcommands."""
    analyse = commands.add_parser(
        "analyse", aliases=["analyze"], help="compute every metric and write the result tables",
        description="Compute centrality, brokerage, cohesion and communities (see METRICS.md) and write "
                    "actors.csv (one row per actor: id, name, attributes, metrics, broker and hidden-wealth "
                    "scores), summary.json (network-level numbers), brokers.csv, hidden_wealth.csv, "
                    "introductions.csv and group_gaps.csv (each with a 'why' column) and run.json (options, "
                    "approximations, the link-prediction model's AUC) into DIR. "
                    + INPUT_HELP,
    )
    add_input_arguments(analyse)
    add_analysis_arguments(analyse)
    add_privacy_arguments(analyse)
    add_confidence_arguments(analyse)
    add_store_arguments(analyse)
    analyse.add_argument("--formats", metavar="LIST", default="csv", type=output_formats,
                         help="what to write, separated by commas: csv (the tables, summary.json and run.json; "
                              "always written), gexf (network.gexf for Gephi), graphml (network.graphml for yEd, "
                              "igraph, R). Default: csv")
    analyse.add_argument("--out", metavar="DIR", required=True, help="folder to write the results to (created)")
    analyse.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    # loaded when the command runs, so that `netmap --help` answers at once
    from netmap.analysis import analyse
    from netmap.insights.brokers import no_candidates_reason
    from netmap.network import load_network
    from netmap.outputs.folder import ANALYSE_FILES, remove_earlier, write_analysis
    from netmap.privacy import Pseudonymiser
    from netmap.words import plural

    freeze_imports()
    options = analysis_options(args)
    reading = reading_options(args)
    network, validation = network_from_store(args), None
    if network is not None and (args.skip_bad_rows or args.combine != "sum"):
        raise InputError("--skip-bad-rows and --combine apply when reading files, not to a stored wave")
    if network is None:
        network, validation = load_network(args.ties, args.actors, directed=args.directed, **spaces_sources(args),
                                           **reading)
        if network is None:
            raise ValidationFailed(validation)
    key = pseudonym_key(args)
    set_aside = set_aside_path(args, key)
    keep, key_out, earlier = prepare_output(args, key, ANALYSE_FILES, network)
    result = resampled(args, analyse(with_meets_at(confirmed_network(args, network), args), options=options))
    remember_options(args, options)
    remove_earlier(earlier)
    written = write_analysis(result, Path(args.out), key, keep, key_out, args.formats)
    set_aside_line = write_set_aside(validation, set_aside, key) if validation is not None else ""
    shown = Pseudonymiser(result.actors, key).codes if key else dict(zip(result.actors["id"], result.actors["name"]))
    s = result.summary
    print(f"analysed {plural(s['actors'], 'actor')} and {plural(s['ties'], 'tie')}: {s['components']} component(s), "
          f"{s['communities']} communities (modularity {s['modularity']:.3f}), groups from '{result.group_column}'")
    print_changes(network)
    if set_aside_line:
        print(set_aside_line)
    top = result.brokers.dropna(subset=["broker_rank"]).head(3)
    if len(top):
        print("honest brokers: " + "; ".join(f"{r.broker_rank}. {shown[r.id]}" for r in top.itertuples()))
    else:
        print(no_candidates_reason(result.brokers, result.group_column))
    assets = result.hidden_wealth.head(3)
    if len(assets):
        print("under-used assets: " + "; ".join(shown[a] for a in assets["id"]))
    for line in describe_spaces(result):
        print(line)
    print(result.link_model.message)
    for note in result.notes:
        print(f"note: {note}")
    print("wrote " + ", ".join(str(p) for p in written))
    if key:
        print_key_note(key_out)
    return EXIT_OK
