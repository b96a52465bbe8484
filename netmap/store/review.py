"""The name review's decisions, kept with a project as each is made (table ``review_decisions``).

A decision says which actor a typed name stands for (``actor_id`` "" = a different person,
kept apart as its own actor). The app writes each one the moment a person makes it and reads
them back when the survey is opened again, so that closing the browser loses nothing::

    from netmap.store.review import decide, decisions, undo
    decide(store, "Millbrook", {"Carla at church": ("r025", "Carla Ahmed")}, by="Ann")
    decisions(store, "Millbrook")       # {"Carla at church": ("r025", "Carla Ahmed")}
    undo(store, "Millbrook", ["Carla at church"])
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping

import sqlalchemy as sa
from sqlalchemy.engine import Connection

from netmap.errors import InputError
from netmap.intake.names import MAX_NAME_CHARS
from netmap.store import schema as S
from netmap.store.store import _clean_author, _now

__all__ = ["about", "decide", "decisions", "erase", "names_for", "undo"]

_T = S.review_decisions


def decisions(store, project: str) -> dict[str, tuple[str, str]]:
    """Every kept decision of ``project``: typed name → (actor id, actor name).

    Raises
    ------
    netmap.errors.StoreError
        No such project.
    """
    with store._read() as conn:
        pid = store._project_id(conn, project)
        rows = conn.execute(sa.select(_T.c.raw_name, _T.c.actor_id, _T.c.actor_name)
                            .where(_T.c.project_id == pid).order_by(_T.c.raw_name)).all()
    return {raw: (actor_id, name) for raw, actor_id, name in rows}


def decide(store, project: str, chosen: Mapping[str, tuple[str, str]], *, by: str | None = None) -> None:
    """Keep decisions (typed name → (actor id, actor name)), replacing earlier ones about the
    same names, in one transaction.

    Raises
    ------
    netmap.errors.InputError
        A typed name that is blank or longer than a name can be.
    netmap.errors.StoreError
        No such project.
    """
    rows = [(str(raw).strip(), str(actor_id or "").strip(), str(name or "").strip())
            for raw, (actor_id, name) in chosen.items()]
    for raw, _, name in rows:
        if not raw or len(raw) > MAX_NAME_CHARS or len(name) > MAX_NAME_CHARS:
            raise InputError(f"a typed name must have 1 to {MAX_NAME_CHARS} characters (the name limit) to be kept")
    if not rows:
        return
    author, at = _clean_author(by), _now()
    with store._write() as conn:
        pid = store._project_id(conn, project)
        # delete then insert: the same statements on SQLite and PostgreSQL (no dialect upsert)
        conn.execute(_T.delete().where(_T.c.project_id == pid, _T.c.raw_name.in_([r for r, _, _ in rows])))
        conn.execute(_T.insert(), [{"project_id": pid, "raw_name": raw, "actor_id": actor_id,
                                    "actor_name": name or raw, "decided_at": at, "decided_by": author}
                                   for raw, actor_id, name in rows])


def undo(store, project: str, raw_names: Iterable[str] | None = None) -> int:
    """Forget the decisions about ``raw_names`` (None: every decision of the project); returns
    how many were forgotten.

    Raises
    ------
    netmap.errors.StoreError
        No such project.
    """
    with store._write() as conn:
        pid = store._project_id(conn, project)
        query = _T.delete().where(_T.c.project_id == pid)
        if raw_names is not None:
            query = query.where(_T.c.raw_name.in_([str(r).strip() for r in raw_names]))
        return conn.execute(query).rowcount


def names_for(conn: Connection, project_id: int, actor: str) -> set[str]:
    """The typed names decided to be ``actor`` (spellings an erasure must find too)."""
    return set(conn.execute(sa.select(_T.c.raw_name).where(_T.c.project_id == project_id,
                                                           _T.c.actor_id == actor)).scalars())


def about(conn: Connection, project_id: int, person) -> list:
    """The decisions about ``person`` (a :class:`~netmap.formats.rewrite.Person`): decided to be
    them, or naming them (rows of id, raw_name, actor_id, actor_name, decided_at, decided_by)."""
    rows = conn.execute(sa.select(_T.c.id, _T.c.raw_name, _T.c.actor_id, _T.c.actor_name, _T.c.decided_at,
                                  _T.c.decided_by).where(_T.c.project_id == project_id).order_by(_T.c.raw_name)).all()
    return [r for r in rows if r.actor_id == person.id or person.is_them(r.raw_name) or person.is_them(r.actor_name)]


def erase(conn: Connection, project_id: int, person) -> int:
    """Delete, inside the caller's transaction, every decision :func:`about` ``person``.
    Returns how many."""
    gone = [r.id for r in about(conn, project_id, person)]
    if gone:
        conn.execute(_T.delete().where(_T.c.id.in_(gone)))
    return len(gone)
