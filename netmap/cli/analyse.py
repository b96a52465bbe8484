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
    describe_spaces,
    output_formats,
)
from netmap.cli.pipeline import analysed, finish

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
    from netmap.insights.brokers import no_candidates_reason
    from netmap.outputs.folder import ANALYSE_FILES, write_analysis
    from netmap.privacy import Pseudonymiser
    from netmap.words import plural

    run_ = analysed(args, ANALYSE_FILES)
    result, key = run_.result, run_.key
    written = write_analysis(result, Path(args.out), key, run_.keep, run_.key_out, args.formats)
    shown = Pseudonymiser(result.actors, key).codes if key else dict(zip(result.actors["id"], result.actors["name"]))
    s = result.summary
    print(f"analysed {plural(s['actors'], 'actor')} and {plural(s['ties'], 'tie')}: {s['components']} component(s), "
          f"{s['communities']} communities (modularity {s['modularity']:.3f}), groups from '{result.group_column}'")
    lines = []
    top = result.brokers.dropna(subset=["broker_rank"]).head(3)
    if len(top):
        lines.append("honest brokers: " + "; ".join(f"{r.broker_rank}. {shown[r.id]}" for r in top.itertuples()))
    else:
        lines.append(no_candidates_reason(result.brokers, result.group_column))
    assets = result.hidden_wealth.head(3)
    if len(assets):
        lines.append("under-used assets: " + "; ".join(shown[a] for a in assets["id"]))
    lines += describe_spaces(result)
    lines.append(result.link_model.message)
    finish(run_, written, "'reading_warnings' in run.json, or netmap validate", lines)
    return EXIT_OK
