"""``python -m netmap project ...``: keep a locality's map as a project of waves.

Registered by :mod:`netmap.cli`; errors are typed (:class:`~netmap.errors.StoreError`,
:class:`~netmap.errors.ValidationFailed`) and become one line and exit status 2 there.
"""
from __future__ import annotations

import functools
from pathlib import Path

from netmap.cli.options import add_db_argument, open_store_of, pseudonym_key
from netmap.cli.team import add_project_parsers, record_export
from netmap.errors import InputError, NetmapError, ValidationFailed
from netmap.formats.spreadsheets import read_bytes, source_name

__all__ = ["add_parser"]


def add_parser(commands) -> None:
    """Add ``project`` and its subcommands to the top-level subparsers."""
    project = commands.add_parser(
        "project", help="keep a project: waves of the map over the years, edits with history",
        description="A project keeps named waves of a locality's map (e.g. '2025 baseline', '2026 follow-up'): the "
                    "files as uploaded, the actors and ties, notes and every edit with who and when. See "
                    "docs/store.md.")
    sub = project.add_subparsers(dest="project_command", metavar="ACTION", required=True)

    create = sub.add_parser("create", help="create an empty project (and the store file if needed)")
    create.add_argument("name", metavar="NAME")
    add_db_argument(create)
    create.set_defaults(run=_escaped(run_create))

    add = sub.add_parser("add-wave", help="store files as a new wave of a project (validated like 'analyse')",
                         description="Read and check TIES (and ACTORS) exactly as 'analyse' does, then store them as "
                                     "wave WAVE of project NAME in one step: nothing is stored if anything is wrong.")
    add.add_argument("name", metavar="NAME", help="project")
    add.add_argument("wave", metavar="WAVE", help="name of the new wave, e.g. '2025 baseline'")
    add.add_argument("ties", metavar="TIES", help="ties file (.csv, .tsv, .xlsx, .gexf, .graphml)")
    add.add_argument("--actors", metavar="A", help="actors file: id, optional name, any attributes")
    add.add_argument("--directed", action="store_true", help="ties have a direction (A→B is not B→A)")
    add.add_argument("--date", metavar="D", help="date of the wave, YYYY-MM-DD (waves are listed in date order)")
    add.add_argument("--note", metavar="T", default="", help="a note kept with the wave")
    add_db_argument(add)
    add.set_defaults(run=_escaped(run_add_wave))

    listing = sub.add_parser("list", help="list the projects, or the waves of project NAME")
    listing.add_argument("name", metavar="NAME", nargs="?")
    add_db_argument(listing)
    listing.set_defaults(run=_escaped(run_list))

    export = sub.add_parser("export", help="write a wave's actors.csv and ties.csv as stored",
                            description="Write actors.csv and ties.csv of wave WAVE into DIR, with every column that "
                                        "went in (ids as text, attributes unchanged) and the latest edits.")
    export.add_argument("name", metavar="NAME")
    export.add_argument("wave", metavar="WAVE")
    export.add_argument("--out", metavar="DIR", required=True, help="folder to write to (created)")
    export.add_argument("--force", action="store_true",
                        help="write into a non-empty --out: netmap's own earlier actors.csv and ties.csv are replaced")
    _add_pseudonym_arguments(export, "every actor id and name a stable code, free-text and contact columns left "
                                     "out (see netmap analyse --help)")
    add_db_argument(export)
    export.set_defaults(run=_escaped(run_export))

    history = sub.add_parser("history", help="every revision: who, when, what changed")
    history.add_argument("name", metavar="NAME")
    history.add_argument("--wave", metavar="WAVE", help="only this wave, with each changed row")
    add_db_argument(history)
    history.set_defaults(run=_escaped(run_history))

    dump = sub.add_parser("dump", help="write a whole project (waves, files, history) to a folder",
                          description="Back up project NAME into DIR as JSON and CSV: every wave, source file, "
                                      "note and revision. 'project load DIR' recreates it in any store. A dump holds "
                                      "every name, note and source file: keep it as you keep the store. With "
                                      "--pseudonymise it holds codes instead, to share (see docs/store.md).")
    dump.add_argument("name", metavar="NAME")
    dump.add_argument("--out", metavar="DIR", required=True, help="folder to write to (created)")
    dump.add_argument("--force", action="store_true",
                      help="write into a non-empty --out (an earlier dump of the project is written over)")
    _add_pseudonym_arguments(dump, "every actor and space a stable code in every table and revision, free-text and "
                                   "contact columns and notes left out; no source files (survey exports hold names "
                                   "and comments that cannot be made into codes), no roles, name review or key. "
                                   "'project load' makes it a project of codes")
    add_db_argument(dump)
    dump.set_defaults(run=_escaped(run_dump))

    load = sub.add_parser("load", help="recreate a dumped project in a store (e.g. move it to PostgreSQL)")
    load.add_argument("folder", metavar="DIR")
    add_db_argument(load)
    load.set_defaults(run=_escaped(run_load))
    add_project_parsers(sub)  # grant, revoke, forget …: the team's actions (netmap/cli/team.py)


def _add_pseudonym_arguments(parser, what: str) -> None:
    """``--pseudonymise``, ``--key`` and ``--key-out``, as ``export`` and ``dump`` take them."""
    parser.add_argument("--pseudonymise", action="store_true",
                        help=f"{what}; the key table only with --key-out, outside --out")
    parser.add_argument("--key", help="secret for the codes (default: a new random key, printed once)")
    parser.add_argument("--key-out", metavar="FILE", help="with --pseudonymise: write the key table here")


def _key_out(args) -> Path | None:
    """Where the key table goes (``--key-out``), once the pseudonym arguments are checked."""
    if (args.key or args.key_out) and not args.pseudonymise:
        raise InputError("--key and --key-out only apply with --pseudonymise")
    return Path(args.key_out) if args.key_out else None


def printable(text) -> str:
    """``text`` escaped for the terminal (:func:`netmap.store.text.printable`)."""
    from netmap.store.text import printable as escaped  # netmap.store loads pandas: not for --help

    return escaped(text)


def _escaped(run):
    """``run`` with its error messages escaped (:func:`~netmap.store.text.printable`): they quote
    names, notes and paths as given, and a newline or an ESC in one must not reach the terminal."""

    @functools.wraps(run)
    def escaped(args) -> int:
        try:
            return run(args)
        except ValidationFailed:
            raise  # each issue is printed as read, and reading removed the control characters
        except NetmapError as exc:
            exc.args = (printable(exc),)
            raise

    return escaped


def run_create(args) -> int:
    with open_store_of(args, create=True) as store:
        store.create_project(args.name)
        print(f"created project '{printable(args.name.strip())}' in {store.where}")
    return 0


def run_add_wave(args) -> int:
    # loaded when the command runs, so that `netmap --help` answers at once
    from netmap.network import load_network
    from netmap.store import SourceFile, check_date

    date = check_date(args.date)  # before reading files: a typo in the date fails fast
    network, report = load_network(args.ties, args.actors, directed=args.directed)
    if network is None:
        raise ValidationFailed(report)
    files = [SourceFile.of("ties", source_name(args.ties), read_bytes(args.ties))]
    if args.actors:
        files.append(SourceFile.of("actors", source_name(args.actors), read_bytes(args.actors)))
    with open_store_of(args) as store:
        info = store.add_wave(args.name, args.wave, network, files=files, date=date, notes=args.note)
        print(f"added wave '{printable(info.name)}' to project '{printable(info.project)}': {info.actors} actors, "
              f"{info.ties} ties "
              f"({'directed' if info.directed else 'undirected'}) in {store.where}")
    for issue in report.warnings:
        print(f"  warning: {printable(issue.text)}")
    return 0


def run_list(args) -> int:
    with open_store_of(args) as store:
        if args.name is None:
            frame = store.projects()
            if frame.empty:
                print(f"no projects in {store.where} yet (netmap project create NAME)")
            else:
                print(frame.map(printable).to_string(index=False))
            return 0
        waves = store.waves(args.name)
    if not waves:
        print(f"project '{printable(args.name)}' has no waves yet (netmap project add-wave {printable(args.name)} WAVE "
              "TIES)")
        return 0
    for w in waves:
        files = ", ".join(f"{printable(f['filename'])} (sha256 {f['sha256'][:12]}…)" for f in w.files) or "no files"
        print(f"{printable(w.name)}\t{w.date or 'no date'}\t{w.actors} actors\t{w.ties} ties\t"
              f"{'directed' if w.directed else 'undirected'}\trevision {w.version}\t{files}"
              + (f"\tnote: {printable(w.notes)}" if w.notes else ""))
    return 0


def run_export(args) -> int:
    # loaded when the command runs, so that `netmap --help` answers at once
    from netmap.formats.files import write_csv
    from netmap.outputs.folder import prepare_out, remove_earlier, write_key_table
    from netmap.privacy import Pseudonymiser, withheld_columns

    key_out = _key_out(args)
    # the guards of every output folder: not over a non-empty folder without --force, the key
    # table never inside what is shared
    earlier = prepare_out(Path(args.out), ("actors.csv", "ties.csv"), force=args.force, private=args.pseudonymise,
                          key_out=key_out)
    with open_store_of(args) as store:
        actors, ties = store.wave_frames(args.name, args.wave)
    pseudonymiser = None
    key = pseudonym_key(args)
    if key is not None:
        actor_attrs = [c for c in actors.columns if c not in ("id", "name")]
        tie_attrs = [c for c in ties.columns if c not in ("source", "target", "weight")]
        withheld = withheld_columns(actors[actor_attrs]) | withheld_columns(ties[tie_attrs])
        pseudonymiser = Pseudonymiser(actors, key, withheld=withheld)
        actors, ties = pseudonymiser.frame(actors), pseudonymiser.frame(ties)
    remove_earlier(earlier)
    # formula-safe and atomic, as every file netmap writes
    written = [write_csv(Path(args.out) / name, frame) for name, frame in (("actors.csv", actors), ("ties.csv", ties))]
    if pseudonymiser is not None and key_out is not None:
        write_key_table(pseudonymiser, key_out)
    record_export(args.db, args.name, "project export", written, pseudonyms=pseudonymiser is not None,
                  detail={"wave": args.wave})
    print(f"wrote {len(actors)} actors and {len(ties)} ties: " + ", ".join(printable(p) for p in written))
    return 0


def run_history(args) -> int:
    with open_store_of(args) as store:
        frame = store.history(args.name, args.wave)
        details = {}
        if args.wave:
            details = {n: store.revision_changes(args.name, args.wave, n) for n in frame["revision"]}
    if frame.empty:
        print(f"project '{printable(args.name)}' has no revisions yet")
        return 0
    for r in frame.itertuples(index=False):
        print(f"{printable(r.wave)}\trevision {r.revision}\t{printable(r.when)}\t{printable(r.who)}\t{r.kind}\t"
              f"{printable(r.summary)}")
        changes = details.get(r.revision)
        if changes is not None and r.kind != "import":
            for c in changes.head(50).itertuples(index=False):
                what = (f"{c.column}: {c.before} → {c.after}" if c.change == "changed"
                        else c.before if c.change == "removed" else c.after)
                print(printable(f"    {c.table} {c.row} {c.change} {what}"))
            if len(changes) > 50:
                print(f"    … and {len(changes) - 50} more changed cells")
    return 0


def run_dump(args) -> int:
    # loaded when the command runs, so that `netmap --help` answers at once
    from netmap.outputs.folder import prepare_out
    from netmap.store.dump_writer import dump_project

    key_out = _key_out(args)
    out = Path(args.out)
    if args.pseudonymise and out.is_dir() and any(out.iterdir()):
        # what is there may be a dump with names: never written over by one to share
        raise InputError(f"--out {out} is not empty: a pseudonymised dump goes into an empty folder of its own "
                         "(--force does not write over what is there, which may hold names)")
    # a dump holds every name, note and source file: never mixed into a folder by accident; a
    # pseudonymised one goes into a folder of its own, its key table never inside it
    prepare_out(Path(args.out), ("project.json",), force=args.force, private=args.pseudonymise, key_out=key_out)
    key = pseudonym_key(args)
    with open_store_of(args) as store:
        written = dump_project(store, args.name, args.out, key=key, key_out=key_out)
        record_export(store, args.name, "project dump", [f"{len(written)} files in {Path(args.out).name}"],
                      pseudonyms=key is not None)
    print(f"dumped project '{printable(args.name)}' into {printable(args.out)} ({len(written)} files)")
    if key is not None:
        print("pseudonymised: actors and spaces are codes, free-text and contact columns, notes, who made each change "
              "and roles are left out, and so are the source files as uploaded (survey exports hold names and "
              "comments that cannot be made into codes)"
              + (f"; the key table is in {printable(key_out)}" if key_out else "; no key table was written"))
    return 0


def run_load(args) -> int:
    # loaded when the command runs, so that `netmap --help` answers at once
    from netmap.store.dump import check_dump, load_project
    from netmap.words import plural

    check_dump(args.folder)  # a damaged or hostile project.json is refused before any store is opened
    created = _new_store_file(args.db)
    try:
        with open_store_of(args, create=True) as store:
            loaded = load_project(store, args.folder)
            print(f"loaded project '{printable(loaded.project)}' ({plural(loaded.waves, 'wave')}) into {store.where}")
            if loaded.pseudonymised:
                print("a pseudonymised dump: its actors and spaces are codes, and it has no source files, notes or "
                      "roles (names come back only through the key table kept apart)")
            if loaded.roles:
                print(f"gave back {plural(len(loaded.roles), 'role')}: {', '.join(map(printable, loaded.roles))}")
            for user in loaded.missing:  # accounts are made by a person, with a password: never by a load
                print(f"not given back: the role of '{printable(user)}', who has no account in this store (netmap "
                      f"users add {printable(user)}, then netmap project grant)")
    except BaseException:
        if created is not None:  # the load made this file: a refused dump leaves no store behind
            for path in (created, *(created.with_name(created.name + end) for end in ("-wal", "-shm", "-journal"))):
                path.unlink(missing_ok=True)
        raise
    return 0


def _new_store_file(db: str | None) -> Path | None:
    """The SQLite file ``--db`` names when it does not exist yet (opening the store creates it)."""
    # loaded when the command runs, so that `netmap --help` answers at once
    from netmap.store import default_db

    db = db or default_db()
    if "://" in db:
        return None
    path = Path(db).expanduser()
    return None if path.exists() or path.is_symlink() else path
