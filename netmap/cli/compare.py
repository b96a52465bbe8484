"""``python -m netmap compare``: what changed between two waves, from files or from a project store."""
from __future__ import annotations

import argparse
from pathlib import Path

from netmap.cli.options import (
    EXIT_OK,
    INPUT_HELP,
    add_analysis_arguments,
    add_privacy_arguments,
    analysis_options,
    pseudonym_key,
)
from netmap.cli.team import record_export
from netmap.errors import InputError

# the analysis, pandas and scikit-learn load inside the command, so that `--help` answers at once

__all__ = ["add_parser", "run"]


def add_parser(commands) -> None:
    """Register ``compare`` on the command line's subcommands."""
    parser = commands.add_parser(
        "compare", help="what changed between two waves of the same locality",
        description="Analyse an earlier and a later wave with the same options and write into DIR: "
                    "actor_changes.csv (joined / left / stayed, broker rank and score, betweenness, cut-off count "
                    "and community before and after, why), tie_changes.csv (new / lost / stronger / weaker / "
                    "unchanged), introductions_followed.csv (introductions suggested on the earlier wave that are "
                    "ties in the later one) and changes.json (turnover with Jaccard indices, network measures before "
                    "and after, Spearman and Kendall rank correlations, community agreement ARI and NMI, fragile "
                    "points resolved and new, group gaps narrowed or widened, the summary). Waves come from files "
                    "(BEFORE_TIES AFTER_TIES) or from a project store (--db, --project, --before, --after). "
                    + INPUT_HELP,
        epilog="Example: python -m netmap compare sample_networks/millbrook/ties.csv "
               "sample_networks/millbrook/wave2/ties.csv --before-actors sample_networks/millbrook/actors.csv "
               "--after-actors sample_networks/millbrook/wave2/actors.csv --group-by sector --out changes/")
    parser.add_argument("before", metavar="BEFORE_TIES", nargs="?", help="ties file of the earlier wave")
    parser.add_argument("after", metavar="AFTER_TIES", nargs="?", help="ties file of the later wave")
    parser.add_argument("--before-actors", metavar="A", help="actors file of the earlier wave")
    parser.add_argument("--after-actors", metavar="A", help="actors file of the later wave")
    parser.add_argument("--directed", action="store_true", help="treat ties as directed in both waves")
    parser.add_argument("--db", metavar="DB", help="project store: a file path or a postgresql://user@host/db URL "
                                                   "(default: NETMAP_DB, else the store in your data folder)")
    parser.add_argument("--project", metavar="NAME", help="project in the store (with --db)")
    parser.add_argument("--before-wave", "--before", dest="before_wave", metavar="W1",
                        help="name of the earlier wave in the project (with --db)")
    parser.add_argument("--after-wave", "--after", dest="after_wave", metavar="W2",
                        help="name of the later wave in the project (with --db)")
    add_analysis_arguments(parser)
    add_privacy_arguments(parser)
    parser.add_argument("--briefing", action="store_true",
                        help="also write briefing.html: the later wave's briefing with a 'What changed' section")
    parser.add_argument("--title", default="What changed", help="title of the briefing (with --briefing)")
    parser.add_argument("--locality", metavar="NAME", default="",
                        help="the place the waves are of (e.g. Millbrook): shown in the briefing's title")
    parser.add_argument("--out", metavar="DIR", required=True, help="folder to write the results to (created)")
    parser.set_defaults(run=run)


def _waves(args: argparse.Namespace):
    """The two networks, from files or from the store, with a label for each."""
    # loaded when the command runs, so that `netmap --help` answers at once
    from netmap.network import read_network

    store_args = [args.project, args.before_wave, args.after_wave]
    if args.db or any(store_args):
        if args.before or args.after or args.before_actors or args.after_actors:
            raise InputError("give either two ties files or --db with --project, --before and --after, not both")
        missing = [flag for flag, value in (("--project", args.project), ("--before", args.before_wave),
                                            ("--after", args.after_wave)) if not value]
        if missing:
            raise InputError(f"comparing waves of a project needs {', '.join(missing)}")
        # loaded when the command runs, so that `netmap --help` answers at once
        from netmap.store import open_store

        store = open_store(args.db)  # None: NETMAP_DB or the user's data folder, as every project command
        try:
            return (store.load_network(args.project, args.before_wave),
                    store.load_network(args.project, args.after_wave),
                    f"{args.project}: {args.before_wave}", f"{args.project}: {args.after_wave}")
        finally:
            store.close()
    if not (args.before and args.after):
        raise InputError("compare needs two ties files, BEFORE_TIES and AFTER_TIES (or --db, --project, --before "
                         "and --after)")
    return (read_network(args.before, args.before_actors, directed=args.directed),
            read_network(args.after, args.after_actors, directed=args.directed), args.before, args.after)


def run(args: argparse.Namespace) -> int:
    # loaded when the command runs, so that `netmap --help` answers at once
    from netmap.analysis import analyse
    from netmap.compare import Changes, compare, pseudonymised, write_changes
    from netmap.outputs.folder import COMPARE_FILES, prepare_out, remove_earlier, write_key_table

    options = analysis_options(args)
    before_net, after_net, before_label, after_label = _waves(args)
    out = Path(args.out)
    key = pseudonym_key(args)
    if args.key_out and not key:
        raise InputError("--key-out only applies with --pseudonymise")
    key_out = Path(args.key_out) if args.key_out else None
    # the same rules as analyse: never over an input, never the key table beside what is shared
    inputs = [getattr(args, name, None) for name in ("before", "after", "before_actors", "after_actors")]
    earlier = prepare_out(out, COMPARE_FILES, inputs=[i for i in inputs if i and Path(i).exists()],
                          force=args.force, private=bool(key), key_out=key_out)
    changes = compare(analyse(before_net, options=options), analyse(after_net, options=options))
    remove_earlier(earlier)
    shown = changes
    if key:
        p, numbers = pseudonymised(changes, key)
        shown = Changes(changes.before, changes.after, p.frame(changes.actors), p.frame(changes.ties),
                        p.frame(changes.introductions_followed), numbers, numbers["summary"])
    written = write_changes(shown, out)
    if key and key_out is not None:
        write_key_table(p, key_out)
        print(f"key table written to {key_out}: keep it apart from the files you share")
    if args.briefing:
        # loaded when the command runs, so that `netmap --help` answers at once
        from netmap.formats.files import write_text
        from netmap.outputs.briefing import briefing_html

        pseudo = p if key else None  # knows the actors of both waves
        html = briefing_html(changes.after, args.title, pseudo, changes=changes, earlier=before_label,
                             locality=args.locality)
        written.append(write_text(out / "briefing.html", html))
    if args.project:  # stored waves: what was written is an export from the store
        record_export(args.db, args.project, "comparison of stored waves", written, bool(key),
                      {"waves": [args.before_wave, args.after_wave]})
    print(f"compared {before_label} with {after_label}")
    print(shown.summary_text())
    print("wrote " + ", ".join(str(p) for p in written))
    return EXIT_OK
