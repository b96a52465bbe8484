"""What the commands share: exit codes, argument groups, and turning arguments into options.

Each ``add_*_arguments`` registers one group of options on a command's parser; each function
below them turns parsed arguments into the plain values the library takes, so that argparse
objects go no further than :mod:`netmap.cli`. The analysis and its libraries (scipy, igraph,
networkx, pandas) are imported inside the functions that use them, so that ``--help`` answers
at once (issue 15).
"""
from __future__ import annotations

import argparse
import gc
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

from netmap.errors import InputError
from netmap.formats.spreadsheets import LIMITS, MAX_ROWS

if TYPE_CHECKING:
    from netmap.analysis import AnalysisOptions

EXIT_OK, EXIT_BAD_INPUT = 0, 2
#: netmap.metrics.communities.METHODS, spelled out so that building the parser imports no
#: graph library (a test checks the two agree).
COMMUNITY_METHODS = ("leiden", "louvain")
#: netmap.validate.COMBINE_RULES, spelled out for the same reason (a test checks the two agree).
COMBINE_RULES = ("sum", "max", "mean")
#: Where --skip-bad-rows writes the rows it set aside, inside --out (not with --pseudonymise).
SET_ASIDE_FILE = "set_aside.csv"

INPUT_HELP = (
    "TIES is a CSV/TSV file of ties (columns source, target, optional weight and type; Gephi "
    "and Kumu names are accepted) or an .xlsx workbook with a ties sheet and optionally an "
    "actors sheet. Limits: "
    + "; ".join(f"{k} {v}" for k, v in LIMITS.items()) + "."
)


#: netmap.validate.affiliations.COPRESENCE_CAP, spelled out so that building the parser imports no
#: table library (`--help` answers at once; a test checks the two agree).
COPRESENCE_CAP = 30
#: netmap.intake.responses.FORMATS, repeated so that `--help` need not import pandas (a test keeps them equal)
SURVEY_FORMATS = ("auto", "wide", "long", "roster", "network-canvas")
#: The help for ``--db``.
DB_HELP = ("the store: a file path (SQLite) or a URL such as postgresql://user@host/database (password from the "
            "URL, PGPASSWORD or ~/.pgpass; never written anywhere). Default: NETMAP_DB, else netmap.db in your "
            "data folder (~/.local/share/netmap on Linux)")


def add_input_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("ties", metavar="TIES", nargs="?",
                        help="ties file (.csv, .tsv, .txt) or workbook (.xlsx); optional with --affiliations")
    parser.add_argument("--actors", metavar="ACTORS", help="actors file: id, optional name, any attributes")
    parser.add_argument("--directed", action="store_true",
                        help="treat ties as directed (A→B differs from B→A); default undirected")
    add_spaces_arguments(parser)
    add_reading_arguments(parser)


def positive_rows(text: str) -> int:
    try:
        rows = int(text.replace(",", "").replace("_", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"--max-rows needs a whole number of rows, not {text!r}") from None
    if rows < 1:
        raise argparse.ArgumentTypeError("--max-rows needs at least 1 row")
    return rows


def add_reading_arguments(parser: argparse.ArgumentParser) -> None:
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
    parser.add_argument("--max-rows", metavar="N", type=positive_rows,
                        help=f"read tables of up to N rows instead of {MAX_ROWS:,} (cells in proportion), for a large "
                             "file you trust, such as a national register; memory grows with the rows (about 1 GiB "
                             "per million ties)")
    parser.add_argument("--set-aside", metavar="FILE",
                        help=f"with --skip-bad-rows: write the rows set aside to FILE (default {SET_ASIDE_FILE} in "
                             "--out; validate writes them only here). They hold names as typed, so with --pseudonymise "
                             "they are written only to FILE, which must be outside --out")


def output_formats(text: str) -> tuple[str, ...]:
    names = tuple(dict.fromkeys(part.strip().lower() for part in text.split(",") if part.strip()))
    unknown = [name for name in names if name not in ("csv", "gexf", "graphml")]  # netmap.outputs.folder.FORMATS
    if unknown:
        raise argparse.ArgumentTypeError(f"unknown format '{unknown[0]}'; choose from csv, gexf, graphml")
    return tuple(sorted(set(names) | {"csv"}))


def add_analysis_arguments(parser: argparse.ArgumentParser) -> None:
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


def add_privacy_arguments(parser: argparse.ArgumentParser) -> None:
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


def add_spaces_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--affiliations", metavar="FILE",
                        help="who uses, belongs to or attends which shared space: one row per actor and space "
                             "(actor/person/member, space/place/venue/event; optional weight or frequency, role, "
                             "date). With it, TIES may be left out: the actor network is then who meets whom")
    parser.add_argument("--spaces", metavar="FILE",
                        help="the shared spaces: id, name, kind, capacity, offers (hall, rooms …), owner, any other "
                             "attribute")
    parser.add_argument("--meets-at", metavar="CAP", type=int, nargs="?", const=COPRESENCE_CAP, default=None,
                        help="also count meeting at a shared space as a tie (type 'meets at', weight 1/(users − 1) per "
                             f"shared space, Newman 2001) for every other analysis; spaces with more than CAP users "
                             f"(default {COPRESENCE_CAP}) make no such ties")


def add_confidence_arguments(parser: argparse.ArgumentParser) -> None:
    """``--resamples``, ``--missing`` and ``--confirmed-only`` for ``analyse``."""
    parser.add_argument("--resamples", type=int, default=0, metavar="N",
                        help="how sure are we: recompute the honest-broker and hidden-wealth rankings on N perturbed "
                             "networks (seeded) and add top10_share, rank_low and rank_high (5th-95th percentile) to "
                             "brokers.csv and hidden_wealth.csv, and Kendall's tau to run.json (Borgatti, Carley & "
                             "Krackhardt 2006; Smith & Moody 2013). Survey ties (with reported_by) lose respondents' "
                             "answers at the survey's non-response rate; other data lose ties at --missing")
    parser.add_argument("--missing", type=float, metavar="FRACTION",
                        help="share of respondents (survey data) or ties to remove in each resample (default: the "
                             "survey's non-response rate, or 0.2 of the ties)")
    parser.add_argument("--confirmed-only", action="store_true",
                        help="survey data: use only ties both people reported (column 'confirmed'); default all "
                             "reported ties")


def add_db_argument(parser: argparse.ArgumentParser) -> None:
    """``--db``: the store a command reads or writes."""
    parser.add_argument("--db", metavar="DB", help=DB_HELP)


def add_store_arguments(parser: argparse.ArgumentParser) -> None:
    """``--db``, ``--project``, ``--wave``: analyse a stored wave instead of files."""
    group = parser.add_argument_group("a stored wave instead of files (see 'netmap project')")
    group.add_argument("--db", metavar="DB", help=DB_HELP)
    group.add_argument("--project", metavar="NAME", help="project to read the wave from")
    group.add_argument("--wave", metavar="WAVE", help="wave of the project to analyse")


# From arguments to options


def reading_options(args: argparse.Namespace) -> dict:
    """The keyword arguments of :func:`netmap.network.load_network` for --combine and --skip-bad-rows."""
    if args.set_aside and not args.skip_bad_rows:
        raise InputError("--set-aside only applies with --skip-bad-rows")
    return {"combine": args.combine, "skip_bad_rows": args.skip_bad_rows}


def pseudonym_key(args: argparse.Namespace) -> str | None:
    # loaded when the command runs, so that `netmap --help` answers at once
    from netmap.privacy import new_key

    if not (args.pseudonymise or args.key):
        return None
    if args.key:
        return args.key
    key = new_key()
    print(f"pseudonym key (keep it to get the same codes next time): {key}")
    return key


def analysis_options(args: argparse.Namespace) -> AnalysisOptions:
    # loaded when the command runs, so that `netmap --help` answers at once
    from netmap.analysis import AnalysisOptions
    from netmap.analysis import BrokerWeights

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


def prepare_output(args: argparse.Namespace, key: str | None, names,
                 network) -> tuple[tuple[str, ...], Path | None, list[Path]]:
    """Check --out, --key-out and --keep-columns before anything is computed (see output.prepare_out);
    the earlier outputs that --force replaces are removed only once the analysis has succeeded."""
    # loaded when the command runs, so that `netmap --help` answers at once
    from netmap.outputs.folder import prepare_out

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


def print_key_note(key_out: Path | None) -> None:
    if key_out is None:
        print("no key table written (add --key-out FILE, outside --out, to get one); with the same --key netmap "
              "gives the same codes")
    else:
        print(f"key table written to {key_out}: keep it apart from the files you share; it turns codes back into "
              "names")


def set_aside_path(args: argparse.Namespace, key: str | None) -> Path | None:
    """Where the rows set aside go, checked before anything is written: --set-aside FILE, else
    set_aside.csv in --out; never beside pseudonymised files (they hold names as typed)."""
    if not args.skip_bad_rows:
        return None
    out = Path(args.out) if getattr(args, "out", None) else None
    if not args.set_aside:
        return out / SET_ASIDE_FILE if out is not None and not key else None
    path = Path(args.set_aside)
    # netmap.outputs.folder has the same checks but imports the analysis: `validate` stays light (issue 15)
    if key and out is not None and out.resolve() in path.resolve().parents:
        raise InputError(f"--set-aside {path} is inside the output folder {out}; the rows set aside hold names as "
                         "typed and must be kept apart from the pseudonymised files you share")
    inputs = [Path(f) for f in (args.ties, args.actors, args.affiliations, args.spaces) if f]
    if any(path.resolve() == source.resolve() for source in inputs):
        raise InputError(f"--set-aside {path} is your input file; netmap never overwrites its input")
    if path.is_dir():
        raise InputError(f"--set-aside {path} is a folder; give the name of the file to write")
    if path.exists() and not getattr(args, "force", False):
        raise InputError(f"--set-aside {path} already exists; give another file name"
                         + (", or --force to replace it" if hasattr(args, "force") else ""))
    return path


def write_set_aside(report, path: Path | None, key: str | None) -> str:
    """Write the rows set aside (every cell, then file, row, column, problem); return the line
    that says so ("" when no row was set aside)."""
    # loaded when the command runs, so that `netmap --help` answers at once
    from netmap.formats.cells import safe_frame
    from netmap.words import plural

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


def print_changes(network, where: str = "'reading_warnings' in run.json, or netmap validate") -> None:
    """One line on what reading changed (every row is in run.json and in ``validate``)."""
    # loaded when the command runs, so that `netmap --help` answers at once
    from netmap.validate.summary import changes_summary

    changes = changes_summary(network.warnings)
    if changes:
        print(f"{changes} (every row: {where})")


def freeze_imports() -> None:
    """Keep the garbage collector off the objects imported so far (pandas, scipy, igraph: over
    a million). An analysis allocates enough for Python to run its full collection a few
    times, each walking them all again: 0.07 s of a 2,000-actor ``analyse`` (issue 15).
    :func:`main` unfreezes them, so that calling it many times in one process collects as usual."""
    gc.freeze()


def report_files(args: argparse.Namespace) -> str:
    return " + ".join(f for f in (args.ties, args.actors, args.affiliations, args.spaces) if f)


def spaces_sources(args: argparse.Namespace) -> dict:
    """The keyword arguments :func:`netmap.network.load_network` takes for the second mode."""
    if args.ties is None and args.affiliations is None:
        raise InputError("give a TIES file, or --affiliations FILE (or both)")
    if args.spaces and not args.affiliations:
        raise InputError("--spaces needs --affiliations FILE saying who uses each space")
    return {"affiliations": args.affiliations, "spaces": args.spaces}


def with_meets_at(network, args: argparse.Namespace):
    """The network with "meets at" ties added when ``--meets-at`` was given."""
    if getattr(args, "meets_at", None) is None:
        return network
    if args.meets_at < 2:
        raise InputError("--meets-at takes the largest space (in users) whose users count as meeting, 2 or more")
    if network.affiliations is None:
        raise InputError("--meets-at needs --affiliations FILE")
    # loaded when the command runs, so that `netmap --help` answers at once
    from netmap.network import with_copresence

    # the spaces above the cap are named in the analysis' notes and in spaces.csv's reasons
    return with_copresence(network, args.meets_at)[0]


def spaces_lines(network) -> list[str]:
    """Lines for ``validate``: the second mode's counts."""
    if network.affiliations is None:
        return []
    return [f"  spaces:   {len(network.spaces)} ({len(network.affiliations)} affiliations)"]


def describe_spaces(result) -> list[str]:
    """Lines for the terminal: the top shared spaces and the under-used ones."""
    if result.spaces is None:
        return []
    table = result.spaces.spaces
    lines = []
    top = table[table["shared_space_score"] > 0].head(3)
    if len(top):
        lines.append("shared spaces: " + "; ".join(f"{i + 1}. {r.name}" for i, r in enumerate(top.itertuples())))
    under = table[table["under_used_score"] >= 0.5].sort_values("under_used_score", ascending=False).head(3)
    if len(under):
        lines.append("under-used spaces: " + "; ".join(str(n) for n in under["name"]))
    return lines


def confirmed_network(args: argparse.Namespace, network):
    """The network with only confirmed ties when ``--confirmed-only`` was given."""
    if not getattr(args, "confirmed_only", False):
        return network
    import dataclasses

    # loaded when the command runs, so that `netmap --help` answers at once
    from netmap.insights.nonresponse import confirmed_only

    if "confirmed" not in network.ties.columns:
        raise InputError("--confirmed-only needs a 'confirmed' column in the ties (as 'survey' writes)")
    return dataclasses.replace(network, ties=confirmed_only(network.ties))  # keeps spaces and warnings


def resampled(args: argparse.Namespace, result):
    """The analysis with the ranking confidence columns when ``--resamples N`` was given."""
    if not getattr(args, "resamples", 0):
        if getattr(args, "missing", None) is not None:
            raise InputError("--missing needs --resamples N")
        return result
    return result.with_confidence(args.resamples, args.missing)


def open_store_of(args, create: bool = False):
    """The store ``--db`` names (default: NETMAP_DB, else the store in the user's data folder)."""
    # loaded when the command runs, so that `netmap --help` answers at once
    from netmap.store import open_store

    return open_store(args.db, create=create)


def network_from_store(args):
    """The network named by ``--project``/``--wave``, or None when reading files (and for a
    command without these options)."""
    if not (getattr(args, "project", None) or getattr(args, "wave", None)):
        return None  # files: read_network says what is missing
    if not (args.project and args.wave):
        raise InputError("--project and --wave go together: name the project and the wave to analyse")
    if args.ties or args.actors or args.directed:
        raise InputError("give either TIES (and --actors, --directed) or --project/--wave, not both")
    with open_store_of(args) as store:
        return store.load_network(args.project, args.wave)


def remember_options(args, options) -> None:
    """Keep the options just used with the stored wave (the app and the next run start from them)."""
    if not getattr(args, "project", None):
        return

    with open_store_of(args) as store:
        store.save_options(args.project, args.wave, asdict(options))
