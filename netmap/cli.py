"""Command line: ``python -m netmap validate|analyse ...``.

Library code raises :class:`~netmap.errors.NetmapError`; this module turns it into a
one-line message per problem and exit status 2, never a traceback.
"""
from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__, cli_project
from .analysis import AnalysisOptions, analyse
from .errors import InputError, NetmapError, ValidationFailed
from .insights.brokers import BrokerWeights
from .io import MAX_FILE_BYTES
from .metrics import communities
from .network import load_network, read_network
from .output import export_bundle, write_analysis
from .privacy import Pseudonymiser, new_key

__all__ = ["main"]

EXIT_OK, EXIT_BAD_INPUT = 0, 2

_INPUT_HELP = (
    "TIES is a CSV/TSV file of ties (columns source, target, optional weight and type; Gephi "
    "and Kumu names are accepted) or an .xlsx workbook with a ties sheet and optionally an "
    f"actors sheet. Files up to {MAX_FILE_BYTES // 2**20} MiB."
)


def _add_input_arguments(parser: argparse.ArgumentParser, optional: bool = False) -> None:
    parser.add_argument("ties", metavar="TIES", help="ties file (.csv, .tsv, .txt) or workbook (.xlsx)",
                        nargs="?" if optional else None)
    parser.add_argument("--actors", metavar="ACTORS", help="actors file: id, optional name, any attributes")
    parser.add_argument("--directed", action="store_true",
                        help="treat ties as directed (A→B differs from B→A); default undirected")


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

    validate = commands.add_parser(
        "validate", help="check input files and print a summary or the errors",
        description="Read and check the input, then print a summary (actors, ties, groups "
                    "found, warnings) or every error. " + _INPUT_HELP,
    )
    _add_input_arguments(validate)
    validate.add_argument("--quiet", action="store_true", help="print errors only")
    validate.set_defaults(run=run_validate)

    analyse = commands.add_parser(
        "analyse", aliases=["analyze"], help="compute every metric and write the result tables",
        description="Compute centrality, brokerage, cohesion and communities (see METRICS.md) and write "
                    "actors.csv (one row per actor: id, name, attributes, metrics, broker and hidden-wealth "
                    "scores), summary.json (network-level numbers), brokers.csv, hidden_wealth.csv, "
                    "introductions.csv and group_gaps.csv (each with a 'why' column) and run.json (options, "
                    "approximations, the link-prediction model's AUC) into DIR. "
                    + _INPUT_HELP,
    )
    _add_input_arguments(analyse, optional=True)
    _add_analysis_arguments(analyse)
    _add_privacy_arguments(analyse)
    cli_project.add_store_arguments(analyse)
    analyse.add_argument("--out", metavar="DIR", required=True, help="folder to write the results to (created)")
    analyse.set_defaults(run=run_analyse)

    report = commands.add_parser(
        "report", help="write the briefing, workbooks, pictures and Gephi/GraphML files",
        description="Analyse as 'analyse' does, then write into DIR: briefing.html (prints on A4, works "
                    "offline), netmap.xlsx (every table), kumu.xlsx (Elements/Connections for Kumu), map.svg and "
                    "map.png, network.gexf (Gephi) and network.graphml (yEd, igraph, R). " + _INPUT_HELP,
    )
    _add_input_arguments(report)
    _add_analysis_arguments(report)
    report.add_argument("--title", default="Network briefing", help="title of the briefing")
    _add_privacy_arguments(report)
    report.add_argument("--out", metavar="DIR", required=True, help="folder to write to (created)")
    report.set_defaults(run=run_report)
    cli_project.add_project_parser(commands)

    app = commands.add_parser(
        "app", help="open the app in your browser (only this computer can reach it)",
        description="Start netmap's app. It listens on 127.0.0.1, so only this computer can open it; "
                    "give --address 0.0.0.0 to let a team on your network reach it on purpose (see README).")
    app.add_argument("--address", help="address to listen on (default 127.0.0.1: this computer only)")
    app.add_argument("--port", type=int, help="port to listen on (default 8501)")
    app.set_defaults(run=run_app)
    from .compare_cli import add_compare_command

    add_compare_command(commands)
    return parser


def _add_analysis_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--group-by", metavar="COLUMN",
                        help="actor attribute that defines groups (e.g. sector, ward) for E-I and brokerage "
                             "roles; default: the detected communities")
    parser.add_argument("--weighted", action="store_true",
                        help="use tie weights: as strengths for strength, eigenvector, PageRank, constraint and "
                             "communities; as lengths 1/weight for betweenness, closeness and harmonic")
    parser.add_argument("--seed", type=int, default=0, help="seed for every random choice (default 0)")
    parser.add_argument("--method", choices=communities.METHODS, default="leiden",
                        help="community detection method (default leiden)")
    parser.add_argument("--resolution", type=float, default=1.0,
                        help="modularity resolution for community detection; higher = smaller communities "
                             "(default 1)")
    parser.add_argument("--capacity", metavar="COLUMN",
                        help="numeric actor attribute measuring resources for hidden wealth (default: count the "
                             "items in 'offers')")
    parser.add_argument("--broker-weights", metavar="B,H,R,E,T", default="0.30,0.15,0.20,0.15,0.20",
                        help="weights of the honest-broker components: betweenness, structural holes, groups "
                             "reached, evenness, third-party brokerage (default 0.30,0.15,0.20,0.15,0.20)")
    parser.add_argument("--introductions", type=int, default=50, metavar="N",
                        help="how many suggested introductions to write (default 50)")


def _add_privacy_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--pseudonymise", action="store_true",
                        help="replace every actor id and name by a stable code in every file; the key table is "
                             "written to pseudonym-key.DO-NOT-SHARE.csv, to keep apart from the export")
    parser.add_argument("--key", help="secret for the codes (the same key gives the same codes); default: a new "
                                      "random key, printed once")


def _pseudonym_key(args: argparse.Namespace) -> str | None:
    if not (args.pseudonymise or args.key):
        return None
    if args.key:
        return args.key
    key = new_key()
    print(f"pseudonym key (keep it to get the same codes next time): {key}")
    return key


def _options(args: argparse.Namespace) -> AnalysisOptions:
    if args.resolution <= 0:
        raise InputError(f"--resolution must be a positive number, not {args.resolution:g}")
    try:
        values = [float(w) for w in args.broker_weights.split(",")]
        if len(values) != 5:
            raise ValueError
        weights = BrokerWeights(*values)
    except ValueError:
        raise InputError(f"--broker-weights takes five non-negative numbers separated by commas, not "
                         f"'{args.broker_weights}'") from None
    if args.introductions < 0:
        raise InputError("--introductions must be zero or more")
    return AnalysisOptions(weighted=args.weighted, group_by=args.group_by, seed=args.seed,
                           community_method=args.method, resolution=args.resolution, broker_weights=weights,
                           capacity_column=args.capacity, introductions=args.introductions)


def run_validate(args: argparse.Namespace) -> int:
    network, report = load_network(args.ties, args.actors, directed=args.directed)
    if network is None:
        raise ValidationFailed(report)
    if args.quiet:
        return EXIT_OK
    created = sum(1 for i in report.warnings if i.action == "created")
    print(f"valid: {report_files(args)}")
    print(f"  actors:   {network.n_actors}" + (f" ({created} created from ties)" if created else ""))
    print(f"  ties:     {network.n_ties} ({'directed' if network.directed else 'undirected'})")
    groups = network.group_columns()
    if groups:
        shown = ", ".join(f"{name} ({count})" for name, count in groups.items())
        print(f"  groups:   {shown}")
    else:
        print("  groups:   none found; communities will be detected from the ties")
    print(f"  warnings: {len(report.warnings)}")
    for issue in report.warnings:
        print(f"    {issue.text}")
    return EXIT_OK


def run_analyse(args: argparse.Namespace) -> int:
    options = _options(args)
    network = cli_project.network_from_store(args) or read_network(args.ties, args.actors, directed=args.directed)
    result = analyse(network, options=options)
    cli_project.remember_options(args, options)
    key = _pseudonym_key(args)
    written = write_analysis(result, Path(args.out), key)
    shown = Pseudonymiser(result.actors, key).codes if key else dict(zip(result.actors["id"], result.actors["name"]))
    s = result.summary
    print(f"analysed {s['actors']} actors and {s['ties']} ties: {s['components']} component(s), "
          f"{s['communities']} communities (modularity {s['modularity']:.3f}), groups from '{result.group_column}'")
    top = result.brokers.dropna(subset=["broker_rank"]).head(3)
    if len(top):
        print("honest brokers: " + "; ".join(f"{r.broker_rank}. {shown[r.id]}" for r in top.itertuples()))
    assets = result.hidden_wealth.head(3)
    if len(assets):
        print("under-used assets: " + "; ".join(shown[a] for a in assets["id"]))
    print(result.link_model.message)
    for note in result.notes:
        print(f"note: {note}")
    print("wrote " + ", ".join(str(p) for p in written))
    return EXIT_OK


def run_report(args: argparse.Namespace) -> int:
    options = _options(args)
    network, validation = load_network(args.ties, args.actors, directed=args.directed)
    if network is None:
        raise ValidationFailed(validation)
    result = analyse(network, options=options)
    key = _pseudonym_key(args)
    written = export_bundle(result, Path(args.out), validation, key, args.title)
    for note in result.notes:
        print(f"note: {note}")
    print("wrote " + ", ".join(str(p) for p in written))
    if key:
        print("keep pseudonym-key.DO-NOT-SHARE.csv apart from the other files: it turns codes back into names")
    return EXIT_OK


def run_app(args: argparse.Namespace) -> int:
    from .launch import run_app as start

    return start(args.address, args.port)


def report_files(args: argparse.Namespace) -> str:
    return args.ties + (f" + {args.actors}" if args.actors else "")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except ValidationFailed as exc:
        for issue in exc.report.errors:
            print(f"error: {issue.text}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except NetmapError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT


def main_exit() -> None:
    """Entry point of the ``netmap`` console command."""
    sys.exit(main())
