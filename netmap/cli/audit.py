"""``netmap audit --out audit.csv``: the audit trail of a store, as a spreadsheet.

Reading the trail is itself audited (it names users and where they signed in from).
"""
from __future__ import annotations

import argparse
from pathlib import Path

from netmap.cli.options import DB_HELP, open_store_of
from netmap.errors import InputError

__all__ = ["add_parser"]


def add_parser(commands) -> None:
    """Register ``audit`` on the command line's subcommands."""
    audit = commands.add_parser(
        "audit", help="write the audit trail (sign-ins, exports, grants, erasures) to a CSV file",
        description="Write every audit row (at, event, user, project, address, detail) in the order written. The "
                    "trail is append-only: no netmap command changes or deletes a row.")
    audit.add_argument("--project", metavar="NAME", help="only the rows about this project")
    audit.add_argument("--since", metavar="DATE", help="only rows at or after DATE (YYYY-MM-DD, UTC)")
    audit.add_argument("--out", metavar="FILE", required=True, help="the CSV file to write (replaced if it exists)")
    audit.add_argument("--db", metavar="DB", help=DB_HELP)
    audit.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    # loaded when the command runs, so that `netmap --help` answers at once
    from netmap.formats.files import write_csv
    from netmap.store.audit import audit_rows, record
    from netmap.store.store import default_author

    out = Path(args.out)
    with open_store_of(args) as store:
        if store.backend == "sqlite" and out.resolve() == Path(store.url.database).resolve():
            raise InputError(f"--out {out} is the store itself; give another file")
        rows = audit_rows(store, args.project, args.since)
        write_csv(out, rows)
        record(store, "export", default_author(), args.project,
               {"what": "audit trail", "rows": len(rows), "file": out.name, "since": args.since})
    print(f"wrote {len(rows):,} audit row{'' if len(rows) == 1 else 's'} to {out}")
    return 0
