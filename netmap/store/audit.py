"""The audit trail: who signed in, exported, granted, erased — one row per event, append-only.

Rows are only ever inserted: no netmap command updates or deletes one, and the database
refuses it (triggers made by migration 0002). A row names users and projects and says what
kind of data left (names or pseudonyms), never an actor: erasing a person leaves the trail
as it is, and the erasure's own row holds no personal data.

Other parts of netmap add events with :func:`record`::

    from netmap.store.audit import record
    record(store, "collection opened", "ann", project="Millbrook", detail="wave '2026'")
"""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from netmap.errors import InputError
from netmap.store import schema as S

__all__ = ["COLUMNS", "EVENTS", "audit_rows", "record"]

#: The events netmap writes (others may add their own words).
EVENTS = ("sign-in", "sign-in failed", "sign-in refused", "sign-out", "session expired", "session refused",
          "user added", "user removed", "password changed", "grant", "revoke", "access refused", "export",
          "download", "erasure", "subject access", "retention", "project deleted", "project loaded",
          "collection opened", "collection closed")
#: The columns of :func:`audit_rows` and of ``netmap audit --out``.
COLUMNS = ["at", "event", "user", "project", "address", "detail"]
#: Longest text kept in one cell (a hostile user name or detail cannot fill the disk row by row).
MAX_CELL = 500


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


def _cell(value) -> str | None:
    if value is None:
        return None
    text = str(value)
    return text if len(text) <= MAX_CELL else text[:MAX_CELL - 1] + "…"


def _detail(detail) -> str:
    if isinstance(detail, Mapping):
        return _cell(json.dumps(dict(detail), ensure_ascii=False, sort_keys=True, default=str))
    return _cell(detail or "")


def insert(conn: Connection, event: str, user: str | None, project: str | None = None, detail="",
           address: str | None = None) -> None:
    """Add one row inside the caller's transaction (so the event and what it records commit together)."""
    conn.execute(S.audit.insert().values(at=_now(), event=_cell(event), user_name=_cell(user),
                                         project=_cell(project), address=_cell(address), detail=_detail(detail)))


def record(store, event: str, user: str | None, project: str | None = None, detail: str | Mapping = "",
           address: str | None = None) -> None:
    """Append one event to the audit trail of ``store``, in its own transaction.

    Parameters
    ----------
    event
        What happened, in words: one of :data:`EVENTS` or another short phrase.
    user
        Who did it: the signed-in user, or the person at the command line.
    project
        The project it concerns, if any.
    detail
        What else to keep: which files, "names" or "pseudonyms", counts. Never an actor's name
        or id: the trail outlives every erasure. A mapping is kept as JSON.
    address
        Where the request came from (the app's sign-ins), if known.
    """
    with store._write() as conn:
        insert(conn, event, user, project, detail, address)


def audit_rows(store, project: str | None = None, since: str | None = None) -> pd.DataFrame:
    """The trail in the order it was written, optionally only one project's rows and those at or
    after ``since`` (a date ``YYYY-MM-DD`` or a time ``YYYY-MM-DDTHH:MM``, UTC)."""
    query = sa.select(S.audit.c.at, S.audit.c.event, S.audit.c.user_name, S.audit.c.project, S.audit.c.address,
                      S.audit.c.detail).order_by(S.audit.c.id)
    if project is not None:
        query = query.where(S.audit.c.project == project)
    if since is not None:
        query = query.where(S.audit.c.at >= _since(since))
    with store._read() as conn:
        rows = conn.execute(query).all()
    return pd.DataFrame([tuple(r) for r in rows], columns=COLUMNS, dtype=object)


def _since(text: str) -> str:
    """``since`` as the start of an ISO time comparable with the stored ``at`` (UTC)."""
    text = str(text).strip()
    try:
        when = dt.datetime.fromisoformat(text)
    except ValueError:
        raise InputError(f"--since '{text}' is not a date written YYYY-MM-DD (or YYYY-MM-DDTHH:MM)") from None
    if when.tzinfo is not None:
        when = when.astimezone(dt.UTC).replace(tzinfo=None)
    return when.isoformat(timespec="microseconds") + "Z"
