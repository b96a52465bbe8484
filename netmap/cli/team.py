"""What the team's commands share: every export from a store is a row of its audit trail.

The command line is the administrator's tool: whoever runs it holds the store. What leaves the
store through it — ``project export`` and ``dump``, ``analyse``/``report``/``compare`` of stored
waves, ``audit`` — is recorded with the person at the command line (``NETMAP_USER``, else the
login), the files written and whether they hold names or pseudonyms.
"""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from netmap.cli.options import add_db_argument, open_store_of

__all__ = ["record_export", "add_project_parsers"]

#: netmap.store.roles.ROLES, spelled out so that building the parser imports no SQLAlchemy (a test keeps them equal).
ROLES = ("viewer", "editor", "owner")


def add_project_parsers(sub) -> None:
    """Add the team's actions to ``project``'s subcommands: grant, revoke, forget, subject-access,
    retention, delete."""
    grant = sub.add_parser("grant", help="give a user a role on a project (owner, editor, viewer)",
                           description="Owners and editors see names and may edit the project's waves in the app; "
                                       "a viewer only looks, and without --names sees every actor as a pseudonym "
                                       "(on screen and in every download; the key is never offered). Replaces the "
                                       "user's earlier role on the project. Audited.")
    grant.add_argument("name", metavar="NAME", help="project")
    grant.add_argument("user", metavar="USER")
    grant.add_argument("--role", choices=ROLES, required=True)
    grant.add_argument("--names", action="store_true", help="a viewer sees names (owners and editors always do)")
    add_db_argument(grant)
    grant.set_defaults(run=run_grant)

    revoke = sub.add_parser("revoke", help="take a user's role on a project away (audited)")
    revoke.add_argument("name", metavar="NAME", help="project")
    revoke.add_argument("user", metavar="USER")
    add_db_argument(revoke)
    revoke.set_defaults(run=run_revoke)

    forget = sub.add_parser("forget", help="erase one person from every wave of a project (right to erasure)",
                            description="Removes actor ACTOR_ID from every wave of project NAME in one step: their "
                                        "actors row, ties, affiliations, survey spellings, notes, every revision's "
                                        "before and after, and their rows in the stored source files (rewritten); "
                                        "their name in free text becomes [erased]. The database is then compacted "
                                        "so the bytes are gone. The audit row keeps the reason, not the person.")
    forget.add_argument("name", metavar="NAME", help="project")
    forget.add_argument("actor", metavar="ACTOR_ID", help="the actor's id (netmap project export shows them)")
    forget.add_argument("--reason", metavar="TEXT", required=True,
                        help="why, without naming the person, e.g. 'request by email, 2026-03-02' (kept in the "
                             "audit trail)")
    add_db_argument(forget)
    forget.set_defaults(run=run_forget)

    access = sub.add_parser("subject-access", help="everything a project holds about one person, as a zip",
                            description="Writes FILE.zip with the person's rows in every wave, their ties (the other "
                                        "party by code), their notes and the history of their rows, and a README.")
    access.add_argument("name", metavar="NAME", help="project")
    access.add_argument("actor", metavar="ACTOR_ID")
    access.add_argument("--out", metavar="FILE.zip", required=True, help="the zip to write (must not exist)")
    add_db_argument(access)
    access.set_defaults(run=run_subject_access)

    retention = sub.add_parser("retention", help="keep uploaded source files for N days only",
                               description="Sets how long the files as uploaded are kept, and removes those older "
                                           "now (the actors and ties stay). Run it again, e.g. nightly, to apply "
                                           "the rule to files as they age.")
    retention.add_argument("name", metavar="NAME", help="project")
    retention.add_argument("--sources-days", metavar="N", type=int, required=True)
    add_db_argument(retention)
    retention.set_defaults(run=run_retention)

    delete = sub.add_parser("delete", help="delete a project for good (asks you to type its name)",
                            description="Deletes project NAME with every wave, file, revision and role, then "
                                        "compacts the database. The audit rows about it stay.")
    delete.add_argument("name", metavar="NAME", help="project")
    delete.add_argument("--confirm", metavar="NAME", help="the project's name again, instead of typing it when asked")
    add_db_argument(delete)
    delete.set_defaults(run=run_delete)


def run_grant(args) -> int:
    # loaded when the command runs, so that `netmap --help` answers at once
    from netmap.store.roles import grant

    with open_store_of(args) as store:
        role = grant(store, args.name, args.user, args.role, names=args.names)
    print(f"'{args.user.strip()}' is now {role.words} of project '{args.name}'"
          + ("" if role.names else ": every actor is shown as a pseudonym, and no key is offered"))
    return 0


def run_revoke(args) -> int:
    # loaded when the command runs, so that `netmap --help` answers at once
    from netmap.store.roles import revoke

    with open_store_of(args) as store:
        revoke(store, args.name, args.user)
    print(f"'{args.user.strip()}' has no role on project '{args.name}' any more; an open wave of it is closed at "
          "their next step")
    return 0


def record_export(store_or_db, project: str | None, what: str, files: Iterable, pseudonyms: bool = False,
                  detail: dict | None = None) -> None:
    """One ``export`` row: ``what`` was written to ``files`` (their names only), with names or
    pseudonyms. ``store_or_db`` is an open store, or the ``--db`` value to open."""
    # loaded when the command runs, so that `netmap --help` answers at once
    from netmap.store import Store, open_store
    from netmap.store.audit import record
    from netmap.store.store import default_author

    names = sorted({Path(f).name for f in files})
    row = {"what": what, "files": names, "holds": "pseudonyms" if pseudonyms else "names", **(detail or {})}
    if isinstance(store_or_db, Store):
        record(store_or_db, "export", default_author(), project, row)
        return
    with open_store(store_or_db) as store:
        record(store, "export", default_author(), project, row)


def run_forget(args) -> int:
    # loaded when the command runs, so that `netmap --help` answers at once
    from netmap.store.erasure import forget

    with open_store_of(args) as store:
        erased = forget(store, args.name, args.actor, args.reason)
    print(f"erased one actor from {erased.waves} wave(s) of project '{args.name}': {erased.rows} row(s) removed, "
          f"{erased.revisions} revision(s) and {len(erased.files_rewritten)} source file(s) rewritten; the database was "
          "compacted")
    if erased.files_removed:
        print(f"removed {len(erased.files_removed)} source file(s) netmap cannot rewrite row by row: "
              + ", ".join(erased.files_removed))
    print("backups and dumps made before now still hold them: they go as those expire (docs/deploy.md)")
    return 0


def run_subject_access(args) -> int:
    # loaded when the command runs, so that `netmap --help` answers at once
    from netmap.errors import InputError
    from netmap.formats.files import write_bytes
    from netmap.store.erasure import subject_access

    out = Path(args.out)
    if out.exists():
        raise InputError(f"--out {out} already exists; give a new file name")
    with open_store_of(args) as store:
        data = subject_access(store, args.name, args.actor)
    write_bytes(out, data)
    print(f"wrote {out}: everything project '{args.name}' holds about that actor")
    return 0


def run_retention(args) -> int:
    # loaded when the command runs, so that `netmap --help` answers at once
    from netmap.store.erasure import set_retention

    with open_store_of(args) as store:
        removed = set_retention(store, args.name, args.sources_days)
    print(f"project '{args.name}' keeps uploaded files for {args.sources_days} day(s); removed {removed} older file(s)")
    return 0


def run_delete(args) -> int:
    # loaded when the command runs, so that `netmap --help` answers at once
    from netmap.errors import InputError
    from netmap.store.erasure import delete_project

    typed = args.confirm
    if typed is None:
        try:
            typed = input(f"Type the project's name ({args.name}) to delete it for good: ")
        except EOFError:
            typed = ""
    if typed.strip() != args.name.strip():
        raise InputError("the name typed is not the project's; nothing was deleted")
    with open_store_of(args) as store:
        done = delete_project(store, args.name)
    print(f"deleted project '{args.name}' ({done['waves']} wave(s)) and compacted the database; its audit rows stay")
    return 0
