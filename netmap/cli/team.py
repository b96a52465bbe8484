"""What the team's commands share: every export from a store is a row of its audit trail.

The command line is the administrator's tool: whoever runs it holds the store. What leaves the
store through it — ``project export`` and ``dump``, ``analyse``/``report``/``compare`` of stored
waves, ``audit`` — is recorded with the person at the command line (``NETMAP_USER``, else the
login), the files written and whether they hold names or pseudonyms.
"""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

__all__ = ["record_export"]


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
