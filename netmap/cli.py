"""Command line: ``python -m netmap validate|analyse ...``.

Library code raises :class:`~netmap.errors.NetmapError`; this module turns it into a
one-line message per problem and exit status 2, never a traceback.
"""
from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__, cli_project, cli_spaces
from .errors import InputError, NetmapError, ValidationFailed
from .io import LIMITS, MAX_ROWS
from .survey_cli import add_confidence_arguments, add_survey_parser, confirmed_network, resampled

# The analysis, its writers and their libraries (scipy, igraph, networkx, pandas) are
# imported inside the commands that use them, so that `--help` answers at once (issue 15).

__all__ = ["main"]

EXIT_OK, EXIT_BAD_INPUT = 0, 2
#: netmap.metrics.communities.METHODS, spelled out so that building the parser imports no
#: graph library (a test checks the two agree).
COMMUNITY_METHODS = ("leiden", "louvain")
#: netmap.validate.COMBINE_RULES, spelled out for the same reason (a test checks the two agree).
COMBINE_RULES = ("sum", "max", "mean")
#: Where --skip-bad-rows writes the rows it set aside, inside --out (not with --pseudonymise).
SET_ASIDE_FILE = "set_aside.csv"

_INPUT_HELP = (
    "TIES is a CSV/TSV file of ties (columns source, target, optional weight and type; Gephi "
    "and Kumu names are accepted) or an .xlsx workbook with a ties sheet and optionally an "
    "actors sheet. Limits: "
    + "; ".join(f"{k} {v}" for k, v in LIMITS.items()) + "."
)


def _add_input_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("ties", metavar="TIES", nargs="?",
                        help="ties file (.csv, .tsv, .txt) or workbook (.xlsx); optional with --affiliations")
    parser.add_argument("--actors", metavar="ACTORS", help="actors file: id, optional name, any attributes")
    parser.add_argument("--directed", action="store_true",
                        help="treat ties as directed (A→B differs from B→A); default undirected")
    cli_spaces.add_arguments(parser)
    _add_reading_arguments(parser)


def _positive_rows(text: str) -> int:
    try:
        rows = int(text.replace(",", "").replace("_", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"--max-rows needs a whole number of rows, not {text!r}") from None
    if rows < 1:
        raise argparse.ArgumentTypeError("--max-rows needs at least 1 row")
    return rows


def _add_reading_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--combine", choices=COMBINE_RULES, default="sum",
                        help="how the weights of a tie given on several rows become one: sum (the default: each row "
                             "is one more contact, so 3 meetings make a tie of 3), max (the largest) or mean, for "
                             "weights that rate a tie on a scale such as 1 to 5, where ratings of 4 and 5 must not "
                             "make 9. The warning about each combined tie names the rule")
    parser.add_argument("--skip-bad-rows", action="store_true",
                        help="load the valid rows and set aside each row with a problem of its own (a blank source, "
                             "target or id, a weight that is not a number or out of range, a repeated id, extra "
                             f"cells) instead of stopping; each is listed, and written with every cell and its problem "
                             f"to {SET_ASIDE_FILE} in --out (or to --set-aside FILE). A problem with a whole file (a "
                             "missing column, no ties at all) still stops")
    parser.add_argument("--max-rows", metavar="N", type=_positive_rows,
                        help=f"read tables of up to N rows instead of {MAX_ROWS:,} (cells in proportion), for a large "
                             "file you trust, such as a national register; memory grows with the rows (about 1 GiB "
                             "per million ties)")
    parser.add_argument("--set-aside", metavar="FILE",
                        help=f"with --skip-bad-rows: write the rows set aside to FILE (default {SET_ASIDE_FILE} in "
                             "--out; validate writes them only here). They hold names as typed, so with --pseudonymise "
                             "they are written only to FILE, which must be outside --out")


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
    _add_input_arguments(analyse)
    _add_analysis_arguments(analyse)
    _add_privacy_arguments(analyse)
    add_confidence_arguments(analyse)
    cli_project.add_store_arguments(analyse)
    analyse.add_argument("--formats", metavar="LIST", default="csv", type=_formats,
                         help="what to write, separated by commas: csv (the tables, summary.json and run.json; "
                              "always written), gexf (network.gexf for Gephi), graphml (network.graphml for yEd, "
                              "igraph, R). Default: csv")
    analyse.add_argument("--out", metavar="DIR", required=True, help="folder to write the results to (created)")
    analyse.set_defaults(run=run_analyse)

    report = commands.add_parser(
        "report", help="write the briefing, workbooks, pictures and Gephi/GraphML files",
        description="Analyse as 'analyse' does, then write into DIR: briefing.html (prints on A4, works "
                    "offline), netmap.xlsx (every table), kumu.xlsx (Elements/Connections for Kumu), map.svg and "
                    "map.png, network.gexf (Gephi), network.graphml (yEd, igraph, R) and run.json (options, "
                    "estimates). " + _INPUT_HELP,
    )
    _add_input_arguments(report)
    _add_analysis_arguments(report)
    report.add_argument("--title", default="Network briefing", help="title of the briefing")
    report.add_argument("--locality", metavar="NAME", default="",
                        help="the place the map is of (e.g. Millbrook): shown in the briefing's title")
    _add_privacy_arguments(report)
    add_confidence_arguments(report)
    report.add_argument("--out", metavar="DIR", required=True, help="folder to write to (created)")
    report.set_defaults(run=run_report)
    add_survey_parser(commands)
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


def _formats(text: str) -> tuple[str, ...]:
    names = tuple(dict.fromkeys(part.strip().lower() for part in text.split(",") if part.strip()))
    unknown = [name for name in names if name not in ("csv", "gexf", "graphml")]  # netmap.output.FORMATS
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown format '{unknown[0]}'; choose from csv, gexf, graphml")
    return tuple(sorted(set(names) | {"csv"}))


def _add_analysis_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--group-by", metavar="COLUMN",
                        help="actor attribute that defines groups (e.g. sector, ward) for E-I and brokerage "
                             "roles; default: the detected communities")
    parser.add_argument("--weighted", action="store_true",
                        help="use tie weights: as strengths for strength, eigenvector, PageRank, constraint and "
                             "communities; as lengths (strongest weight)/weight for betweenness, closeness and harmonic, so the "
                             "strongest tie is one step and closeness stays in 0-1")
    parser.add_argument("--seed", type=int, default=0, help="seed for every random choice (default 0)")
    parser.add_argument("--method", choices=COMMUNITY_METHODS, default="leiden",
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
    parser.add_argument("--exact", action="store_true",
                        help="compute betweenness, closeness, harmonic, the diameter and the average path length "
                             "exactly at any size; by default they are estimated above 5,000 actors (sampled "
                             "sources and pivots, diameter bounds; run.json says which), since exact values take "
                             "minutes at 50,000 actors")


def _add_privacy_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--pseudonymise", action="store_true",
                        help="replace every actor id and name by a stable code in every file (also inside "
                             "sentences and messages), and leave out free-text and contact columns (email, phone, "
                             "address, notes, offers, needs, any other free text)")
    parser.add_argument("--key", help="secret for the codes (the same key gives the same codes); default: a new "
                                      "random key, printed once")
    parser.add_argument("--key-out", metavar="FILE",
                        help="with --pseudonymise: write the key table (code, id, name) to FILE, which must be "
                             "outside --out; without it no key table is written")
    parser.add_argument("--keep-columns", metavar="COL,COL", default="",
                        help="with --pseudonymise: free-text or contact columns to keep anyway (names inside them "
                             "are still replaced by codes)")
    parser.add_argument("--force", action="store_true",
                        help="write into a non-empty --out folder: netmap's own earlier files there are removed "
                             "first (other files are kept; with --pseudonymise they must be moved first)")


def _pseudonym_key(args: argparse.Namespace) -> str | None:
    from .privacy import new_key

    if not (args.pseudonymise or args.key):
        return None
    if args.key:
        return args.key
    key = new_key()
    print(f"pseudonym key (keep it to get the same codes next time): {key}")
    return key


def _options(args: argparse.Namespace) -> AnalysisOptions:
    from .analysis import AnalysisOptions
    from .insights.brokers import BrokerWeights

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
                           capacity_column=args.capacity, introductions=args.introductions, exact=args.exact)


def _prepare_out(args: argparse.Namespace, key: str | None, names,
                 network) -> tuple[tuple[str, ...], Path | None, list[Path]]:
    """Check --out, --key-out and --keep-columns before anything is computed (see output.prepare_out);
    the earlier outputs that --force replaces are removed only once the analysis has succeeded."""
    from .output import prepare_out

    keep = tuple(c.strip() for c in args.keep_columns.split(",") if c.strip())
    if (keep or args.key_out) and not key:
        raise InputError("--keep-columns and --key-out only apply with --pseudonymise")
    unknown = [c for c in keep if c not in network.actors.columns and c not in network.ties.columns]
    if unknown:
        raise InputError(f"--keep-columns: no column '{unknown[0]}' in the actors or ties")
    key_out = Path(args.key_out) if args.key_out else None
    earlier = prepare_out(Path(args.out), names, inputs=(args.ties, args.actors), force=args.force,
                          private=bool(key), key_out=key_out)
    return keep, key_out, earlier


def _key_note(key_out: Path | None) -> None:
    if key_out is None:
        print("no key table written (add --key-out FILE, outside --out, to get one); with the same --key netmap "
              "gives the same codes")
    else:
        print(f"key table written to {key_out}: keep it apart from the files you share; it turns codes back into "
              "names")


def _reading(args: argparse.Namespace) -> dict:
    """The keyword arguments of :func:`netmap.network.load_network` for --combine and --skip-bad-rows."""
    if args.set_aside and not args.skip_bad_rows:
        raise InputError("--set-aside only applies with --skip-bad-rows")
    return {"combine": args.combine, "skip_bad_rows": args.skip_bad_rows}


def _set_aside_path(args: argparse.Namespace, key: str | None) -> Path | None:
    """Where the rows set aside go, checked before anything is written: --set-aside FILE, else
    set_aside.csv in --out; never beside pseudonymised files (they hold names as typed)."""
    if not args.skip_bad_rows:
        return None
    out = Path(args.out) if getattr(args, "out", None) else None
    if not args.set_aside:
        return out / SET_ASIDE_FILE if out is not None and not key else None
    path = Path(args.set_aside)
    # netmap.output has the same checks but imports the analysis: `validate` stays light (issue 15)
    if key and out is not None and out.resolve() in path.resolve().parents:
        raise InputError(f"--set-aside {path} is inside the output folder {out}; the rows set aside hold names as "
                         "typed and must be kept apart from the pseudonymised files you share")
    inputs = [Path(f) for f in (args.ties, args.actors, args.affiliations, args.spaces) if f]
    if any(path.resolve() == source.resolve() for source in inputs):
        raise InputError(f"--set-aside {path} is your input file; netmap never writes over its input")
    if path.is_dir():
        raise InputError(f"--set-aside {path} is a folder; give the name of the file to write")
    if path.exists() and not getattr(args, "force", False):
        raise InputError(f"--set-aside {path} already exists; give another file name"
                         + (", or --force to replace it" if hasattr(args, "force") else ""))
    return path


def _write_set_aside(report, path: Path | None, key: str | None) -> str:
    """Write the rows set aside (every cell, then file, row, column, problem); return the line
    that says so ("" when no row was set aside)."""
    from .export import safe_frame
    from .insights.text import plural

    if not report.bad_rows:
        return ""
    line = f"set aside {plural(len(report.bad_rows), 'bad row')} ({report.bad_rows_where()})"
    if path is None:
        why = (": they hold names as typed, so they are not written beside pseudonymised files; add --set-aside FILE "
               "outside --out to keep them") if key else ": add --set-aside FILE to write them to a file"
        return line + why
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        safe_frame(report.set_aside_frame()).to_csv(path, index=False, encoding="utf-8")
    except OSError as exc:
        raise InputError(f"{path}: cannot write ({exc.strerror or exc})") from None
    return (f"{line}: written to {path} with every cell and the problem of each; fix them and add them back to "
            "your file")


def run_validate(args: argparse.Namespace) -> int:
    from .network import load_network

    reading = _reading(args)
    set_aside = _set_aside_path(args, None)
    network, report = load_network(args.ties, args.actors, directed=args.directed, **cli_spaces.sources(args),
                                   **reading)
    if network is None:
        raise ValidationFailed(report)
    set_aside_line = _write_set_aside(report, set_aside, None)
    if args.quiet:
        return EXIT_OK
    created = sum(1 for i in report.warnings if i.action == "created")
    print(f"valid: {report_files(args)}")
    print(f"  actors:   {network.n_actors}" + (f" ({created} created from ties)" if created else ""))
    print(f"  ties:     {network.n_ties} ({'directed' if network.directed else 'undirected'})")
    for line in cli_spaces.validate_lines(network):
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


def run_analyse(args: argparse.Namespace) -> int:
    from .analysis import analyse
    from .insights.brokers import no_candidates_reason
    from .insights.text import plural
    from .network import load_network
    from .output import ANALYSE_FILES, remove_earlier, write_analysis
    from .privacy import Pseudonymiser

    _freeze_imports()
    options = _options(args)
    reading = _reading(args)
    network, validation = cli_project.network_from_store(args), None
    if network is not None and (args.skip_bad_rows or args.combine != "sum"):
        raise InputError("--skip-bad-rows and --combine apply when reading files, not to a stored wave")
    if network is None:
        network, validation = load_network(args.ties, args.actors, directed=args.directed, **cli_spaces.sources(args),
                                           **reading)
        if network is None:
            raise ValidationFailed(validation)
    key = _pseudonym_key(args)
    set_aside = _set_aside_path(args, key)
    keep, key_out, earlier = _prepare_out(args, key, ANALYSE_FILES, network)
    result = resampled(args, analyse(cli_spaces.prepare(confirmed_network(args, network), args), options=options))
    cli_project.remember_options(args, options)
    remove_earlier(earlier)
    written = write_analysis(result, Path(args.out), key, keep, key_out, args.formats)
    set_aside_line = _write_set_aside(validation, set_aside, key) if validation is not None else ""
    shown = Pseudonymiser(result.actors, key).codes if key else dict(zip(result.actors["id"], result.actors["name"]))
    s = result.summary
    print(f"analysed {plural(s['actors'], 'actor')} and {plural(s['ties'], 'tie')}: {s['components']} component(s), "
          f"{s['communities']} communities (modularity {s['modularity']:.3f}), groups from '{result.group_column}'")
    _print_changes(network)
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
    for line in cli_spaces.describe(result):
        print(line)
    print(result.link_model.message)
    for note in result.notes:
        print(f"note: {note}")
    print("wrote " + ", ".join(str(p) for p in written))
    if key:
        _key_note(key_out)
    return EXIT_OK


def run_report(args: argparse.Namespace) -> int:
    from .analysis import analyse
    from .network import load_network
    from .output import REPORT_FILES, export_bundle, remove_earlier

    _freeze_imports()
    options = _options(args)
    network, validation = load_network(args.ties, args.actors, directed=args.directed, **cli_spaces.sources(args),
                                       **_reading(args))
    if network is None:
        raise ValidationFailed(validation)
    key = _pseudonym_key(args)
    set_aside = _set_aside_path(args, key)
    keep, key_out, earlier = _prepare_out(args, key, REPORT_FILES, network)
    result = resampled(args, analyse(cli_spaces.prepare(confirmed_network(args, network), args), options=options))
    remove_earlier(earlier)
    written = export_bundle(result, Path(args.out), validation, key, args.title, keep, key_out,
                            locality=args.locality)
    set_aside_line = _write_set_aside(validation, set_aside, key)
    _print_changes(network, "the 'validation' sheet of netmap.xlsx, or netmap validate")
    if set_aside_line:
        print(set_aside_line)
    for note in result.notes:
        print(f"note: {note}")
    print("wrote " + ", ".join(str(p) for p in written))
    if key:
        _key_note(key_out)
    return EXIT_OK


def _freeze_imports() -> None:
    """Keep the garbage collector off the objects imported so far (pandas, scipy, igraph: over
    a million). An analysis allocates enough for Python to run its full collection a few
    times, each walking them all again: 0.07 s of a 2,000-actor ``analyse`` (issue 15).
    :func:`main` unfreezes them, so that calling it many times in one process collects as usual."""
    gc.freeze()


def _print_changes(network, where: str = "'reading_warnings' in run.json, or netmap validate") -> None:
    """One line on what reading changed (every row is in run.json and in ``validate``)."""
    from .reading import changes_summary

    changes = changes_summary(network.warnings)
    if changes:
        print(f"{changes} (every row: {where})")


def run_app(args: argparse.Namespace) -> int:
    from .launch import run_app as start

    return start(args.address, args.port)


def report_files(args: argparse.Namespace) -> str:
    return " + ".join(f for f in (args.ties, args.actors, args.affiliations, args.spaces) if f)


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
            from .io import larger_tables

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
