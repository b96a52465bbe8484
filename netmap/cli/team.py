"""What the team's commands share: every export from a store is a row of its audit trail.

The command line is the administrator's tool: whoever runs it holds the store. What leaves the
store through it — ``project export`` and ``dump``, ``analyse``/``report``/``compare`` of stored
waves, ``audit`` — is recorded with the person at the command line (``NETMAP_USER``, else the
login), the files written and whether they hold names or pseudonyms.
"""
from __future__ import annotations

import argparse
from collections.abc import Iterable
from pathlib import Path

from netmap.cli.options import DB_HELP, open_store_of

__all__ = ["record_export", "add_project_parsers"]

#: netmap.store.roles.ROLES, spelled out so that building the parser imports no SQLAlchemy (a test keeps them equal).
ROLES = ("viewer", "editor", "owner")


def _db(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", metavar="DB", help=DB_HELP)


def add_project_parsers(sub) -> None:
    """Add the team's actions to ``project``'s subcommands: grant, revoke."""
    grant = sub.add_parser("grant", help="give a user a role on a project (owner, editor, viewer)",
                           description="Owners and editors see names and may edit the project's waves in the app; "
                                       "a viewer only looks, and without --names sees every actor as a pseudonym "
                                       "(on screen and in every download; the key is never offered). Replaces the "
                                       "user's earlier role on the project. Audited.")
    grant.add_argument("name", metavar="NAME", help="project")
    grant.add_argument("user", metavar="USER")
    grant.add_argument("--role", choices=ROLES, required=True)
    grant.add_argument("--names", action="store_true", help="a viewer sees names (owners and editors always do)")
    _db(grant)
    grant.set_defaults(run=run_grant)

    revoke = sub.add_parser("revoke", help="take a user's role on a project away (audited)")
    revoke.add_argument("name", metavar="NAME", help="project")
    revoke.add_argument("user", metavar="USER")
    _db(revoke)
    revoke.set_defaults(run=run_revoke)


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
