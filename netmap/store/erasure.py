"""Erasure, subject access, retention and deletion: the data-protection rights, on a project.

:func:`forget` removes one person from every place a project holds them, in one transaction:
each wave's actors, ties and extra tables (affiliations, survey aliases, review tables, notes),
the name review's decisions about them (``store/review.py``), every revision's before and after
(the history is rebuilt so that replaying it still gives the tables, now without them), the stored source files (rewritten without their rows), and their
name inside free text, notes and revision summaries. Then the database is compacted so that
the bytes are gone from the file as well (SQLite: secure_delete, VACUUM and a truncated
write-ahead log; PostgreSQL: VACUUM FULL). The audit row it leaves holds no personal data.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import zipfile
from dataclasses import dataclass, field

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import Connection

from netmap.errors import InputError, StoreError
from netmap.formats.cells import safe_frame
from netmap.formats.rewrite import ERASED, IDENTIFYING, Person, Unrewritable, rewrite_without
from netmap.privacy import Pseudonymiser
from netmap.store import schema as S
from netmap.store.audit import insert as audit
from netmap.store.review import about as decisions_about
from netmap.store.review import erase as erase_decisions
from netmap.store.review import names_for as decided_names
from netmap.store.roles import pseudonym_key
from netmap.store.store import default_author
from netmap.store.tables import ENCODE, KEYS, Change, TableState, apply, diff

__all__ = ["Erased", "apply_retention", "compact", "delete_project", "forget", "set_retention", "subject_access"]

#: Tables whose rows are keyed by the actor's id.
_BY_ID = {name for name, keys in KEYS.items() if keys == ("id",)}


@dataclass
class Erased:
    """What :func:`forget` changed: counts only, no personal data."""

    waves: int = 0
    rows: int = 0
    revisions: int = 0
    files_rewritten: list[str] = field(default_factory=list)
    files_removed: list[str] = field(default_factory=list)

    def detail(self, reason: str) -> dict:
        return {"reason": reason, "waves": self.waves, "rows removed": self.rows,
                "revisions rewritten": self.revisions, "files rewritten": len(self.files_rewritten),
                "files removed": len(self.files_removed)}


def _rows_of_person(name: str, state: TableState, person: Person) -> TableState:
    """``state`` without the person's rows; their id or name elsewhere blanked or erased."""
    rows: dict[str, dict] = {}
    # a shared space is a place, not a person: its row stays, a cell naming them (its owner) is blanked
    identifying = set() if name == "spaces" else {c for c in state.columns if c.strip().casefold() in IDENTIFYING}
    positional = name not in KEYS
    for key, cells in state.rows.items():
        if name in _BY_ID and key == person.id:
            continue
        if name == "ties" and person.id in json.loads(key):
            continue
        if positional and any(person.is_them(cells.get(c)) for c in identifying):
            continue
        clean = {c: (None if person.is_them(v) and c not in ("id", "source", "target") else person.scrub(v)
                     if c not in ("id", "source", "target", "weight") else v) for c, v in cells.items()}
        rows[str(len(rows)) if positional else key] = clean
    return TableState(list(state.columns), list(state.dtypes), rows)


def _names_of(conn: Connection, store, wave_ids: list[int], actor: str) -> tuple[str, ...]:
    """Every name the actor went by in any revision of these waves (and survey spellings)."""
    names: set[str] = set()
    for wave_id in wave_ids:
        version = conn.execute(sa.select(S.waves.c.version).where(S.waves.c.id == wave_id)).scalar_one()
        for changes in store._changes(conn, wave_id, 1, version).values():
            for c in changes:
                for cells in (c.before, c.after):
                    if not isinstance(cells, dict):
                        continue
                    if c.table == "actors" and c.row_key == actor and cells.get("name"):
                        names.add(cells["name"])
                    if cells.get("actor_id") == actor and cells.get("raw_name"):  # survey aliases
                        names.add(cells["raw_name"])
    return tuple(sorted(n for n in names if n and n.strip()))


def _rebuild(conn: Connection, store, wave, person: Person, erased: Erased) -> bool:
    """Rewrite one wave's history and tables without the person; True when they were in it."""
    history = store._changes(conn, wave.id, 1, wave.version)
    states: dict[str, TableState] = {}
    previous: dict[str, TableState] = {}
    rebuilt: dict[int, list[Change]] = {}
    found = False
    for number in range(1, wave.version + 1):
        changes = history.get(number, [])
        found = found or any(_touches(c, person) for c in changes)
        states = apply(states, changes)
        clean = {name: _rows_of_person(name, state, person) for name, state in states.items()}
        new = [c for name, state in clean.items() for c in diff(name, previous.get(name), state)]
        new += [Change(name, None, {"columns": old.columns, "dtypes": old.dtypes}, None)
                for name, old in previous.items() if name not in clean]
        rebuilt[number] = new
        previous = clean
    if not found:
        return False
    erased.waves += 1
    erased.rows += sum(len(states[n].rows) - len(previous[n].rows) for n in states if n in previous)
    revisions = conn.execute(sa.select(S.revisions.c.id, S.revisions.c.number, S.revisions.c.summary)
                             .where(S.revisions.c.wave_id == wave.id)).all()
    for rev_id, number, summary in revisions:
        conn.execute(S.revision_changes.delete().where(S.revision_changes.c.revision_id == rev_id))
        records = [{"revision_id": rev_id, "seq": i, "table_name": c.table, "row_key": c.row_key,
                    "position": c.position, "before": None if c.before is None else ENCODE(c.before),
                    "after": None if c.after is None else ENCODE(c.after)} for i, c in enumerate(rebuilt[number])]
        if records:
            conn.execute(S.revision_changes.insert(), records)
        scrubbed = person.scrub(summary)
        if scrubbed != summary:
            conn.execute(S.revisions.update().where(S.revisions.c.id == rev_id).values(summary=scrubbed))
        erased.revisions += 1
    for name, state in previous.items():
        store._write_table(conn, wave.id, name, state)
    notes = person.scrub(wave.notes)
    if notes != wave.notes:
        conn.execute(S.waves.update().where(S.waves.c.id == wave.id).values(notes=notes))
    return True


def _touches(change: Change, person: Person) -> bool:
    if change.table in _BY_ID and change.row_key == person.id:
        return True
    if change.table == "ties" and change.row_key and person.id in json.loads(change.row_key):
        return True
    return any(isinstance(cells, dict) and any(person.is_them(v) for v in cells.values())
               for cells in (change.before, change.after))


def _rewrite_files(conn: Connection, wave_id: int, person: Person, erased: Erased) -> None:
    files = conn.execute(sa.select(S.wave_files.c.id, S.wave_files.c.role, S.wave_files.c.filename,
                                   S.wave_files.c.content).where(S.wave_files.c.wave_id == wave_id)).all()
    for file_id, role, filename, content in files:
        try:
            rewritten = rewrite_without(filename, bytes(content), person, rows_are_people=role != "spaces")
        except Unrewritable:
            conn.execute(S.wave_files.delete().where(S.wave_files.c.id == file_id))
            erased.files_removed.append(filename)
            continue
        if rewritten is None:
            continue
        conn.execute(S.wave_files.update().where(S.wave_files.c.id == file_id).values(
            content=rewritten, sha256=hashlib.sha256(rewritten).hexdigest(), size=len(rewritten)))
        erased.files_rewritten.append(filename)


def _check_reason(reason: str, person: Person) -> str:
    reason = " ".join(str(reason or "").split())
    if not reason:
        raise InputError("--reason is blank: say why (e.g. 'request by email, 2026-03-02'), without naming the person")
    if person.mentioned_in(reason):
        raise InputError("--reason names the person being erased; the audit trail keeps the reason for good, so say "
                         "why without their name or id")
    return reason[:300]


def forget(store, project: str, actor: str, reason: str, *, by: str | None = None) -> Erased:
    """Erase actor ``actor`` from every wave of ``project`` (see the module's description).

    Raises
    ------
    StoreError
        No such project, or no actor with that id in it (nothing changed; audited without the id).
    InputError
        A blank reason, or one that names the person.
    """
    by = by or default_author()
    actor = str(actor or "").strip()
    erased = Erased()
    with store._write() as conn:
        if store.backend == "sqlite":
            conn.exec_driver_sql("PRAGMA secure_delete=ON")  # freed pages are zeroed, not left holding the rows
        pid = store._project_id(conn, project)
        waves = conn.execute(sa.select(S.waves).where(S.waves.c.project_id == pid).order_by(S.waves.c.id)).all()
        person = Person(actor, tuple(sorted(set(_names_of(conn, store, [w.id for w in waves], actor))
                                            | decided_names(conn, pid, actor))))
        reason = _check_reason(reason, person)
        if actor:
            for wave in waves:
                if _rebuild(conn, store, wave, person, erased):
                    _rewrite_files(conn, wave.id, person, erased)
            if erased.waves:  # the name review's decisions about them (spellings they were typed as)
                erased.rows += erase_decisions(conn, pid, person)
        if erased.waves == 0:
            outcome = "refused"
        else:
            audit(conn, "erasure", by, project, erased.detail(reason))
            outcome = "done"
    if outcome == "refused":
        with store._write() as conn:
            audit(conn, "erasure refused", by, project, {"reason": reason, "why": "no actor with that id"})
        raise StoreError(f"no actor with that id in any wave of project '{project}'; nothing was erased (netmap "
                         "project export shows the ids)")
    compact(store)
    return erased


def compact(store) -> None:
    """Make deleted rows unrecoverable from the database files: SQLite rebuilds the file
    (VACUUM) and empties the write-ahead log; PostgreSQL rewrites the tables (VACUUM FULL).

    (A PostgreSQL server's own write-ahead log and any backup keep older pages until they are
    recycled or expire: docs/deploy.md says how long.)"""
    if store.backend == "sqlite":
        with store.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA secure_delete=ON")
            conn.exec_driver_sql("VACUUM")
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        return
    with store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        for table in ("table_rows", "revision_changes", "revisions", "wave_tables", "wave_files", "waves",
                      "project_settings", "project_roles", "review_decisions", "projects"):
            conn.exec_driver_sql(f"VACUUM FULL {table}")  # names from this module, never from input


# ----------------------------------------------------------------- subject access

_README = """What netmap holds about one person in project '{project}'
Written {when} by {by}.

Each folder is one wave (one map of the locality at one time) in which they appear:
  actor.csv         their own row: id, name and every attribute recorded about them
  ties.csv          their ties; the other person or organisation of each tie is shown by a code,
                    because they are someone else's personal data
  other tables      rows of other tables that are about them (shared spaces used, survey spellings,
                    notes)
  history.csv       every recorded change to their rows: when, by whom, and before -> after
  source-files.txt  how many rows of each file as uploaded hold them (the files themselves are
                    kept byte for byte and name other people too)

name-review.csv (when there is one): the names typed in a survey that the team decided stand for
them, or that name them: the name as typed, who the team decided it is, when and by whom.

netmap keeps no scores about anyone: rankings and measures are worked out again from these tables
each time the map is analysed.
"""


def subject_access(store, project: str, actor: str, *, by: str | None = None) -> bytes:
    """A zip of everything ``project`` holds about actor ``actor`` (audited without the id).

    Raises
    ------
    StoreError
        No such project, or no actor with that id in it.
    """
    by = by or default_author()
    actor = str(actor or "").strip()
    buffer = io.BytesIO()
    waves_with = 0
    with store._read() as conn:
        pid = store._project_id(conn, project)
        waves = conn.execute(sa.select(S.waves).where(S.waves.c.project_id == pid).order_by(S.waves.c.id)).all()
        person = Person(actor, _names_of(conn, store, [w.id for w in waves], actor))
        key = None
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for wave in waves:
                states = store._current_states(conn, wave.id)
                history = store._changes(conn, wave.id, 1, wave.version)
                if not actor or not any(_touches(c, person) for changes in history.values() for c in changes):
                    continue
                waves_with += 1
                folder = f"{waves_with:02d} {wave.name}".replace("/", "-")
                if key is None:
                    key = pseudonym_key(store, project)
                _wave_files(archive, folder, states, history, person, key, conn, store, wave.id)
            decided = decisions_about(conn, pid, person) if waves_with else []
            if decided:
                archive.writestr("name-review.csv", _csv(
                    [{"typed name": r.raw_name, "decided to be": r.actor_name if r.actor_id else "someone else",
                      "decided at": r.decided_at, "decided by": r.decided_by} for r in decided],
                    ["typed name", "decided to be", "decided at", "decided by"]))
            archive.writestr("README.txt", _README.format(project=project, by=by,
                                                          when=dt.date.today().isoformat()))
    if waves_with == 0:
        with store._write() as conn:
            audit(conn, "subject access refused", by, project, {"why": "no actor with that id"})
        raise StoreError(f"no actor with that id in any wave of project '{project}'; nothing was written")
    with store._write() as conn:
        audit(conn, "subject access", by, project, {"waves": waves_with})
    return buffer.getvalue()


def _wave_files(archive, folder: str, states, history, person: Person, key: str, conn, store, wave_id) -> None:
    actors = states.get("actors")
    others = pd.DataFrame({"id": list(actors.rows), "name": [r.get("name") for r in actors.rows.values()]}) \
        if actors is not None else pd.DataFrame({"id": [], "name": []})
    codes = Pseudonymiser(others, key).codes
    if actors is not None and person.id in actors.rows:
        archive.writestr(f"{folder}/actor.csv", _csv([actors.rows[person.id]], actors.columns))
    ties = states.get("ties")
    if ties is not None:
        mine = []
        for key_text, cells in ties.rows.items():
            if person.id in json.loads(key_text):
                row = dict(cells)
                for end in ("source", "target"):
                    if row.get(end) != person.id:
                        row[end] = codes.get(row.get(end), row.get(end))
                mine.append(row)
        if mine:
            archive.writestr(f"{folder}/ties.csv", _csv(mine, ties.columns))
    for name, state in states.items():
        if name in ("actors", "ties"):
            continue
        mine = [cells for key_text, cells in state.rows.items()
                if (name in _BY_ID and key_text == person.id) or any(person.is_them(v) for v in cells.values())]
        if mine:
            archive.writestr(f"{folder}/{name}.csv", _csv(mine, state.columns))
    lines = []
    authors = {r.number: (r.created_at, r.author, r.kind) for r in conn.execute(
        sa.select(S.revisions.c.number, S.revisions.c.created_at, S.revisions.c.author, S.revisions.c.kind)
        .where(S.revisions.c.wave_id == wave_id))}
    for number, changes in sorted(history.items()):
        for c in changes:
            if c.row_key is not None and _touches(c, person) and c.table in ("actors", "actor_notes", *_BY_ID):
                when, who, kind = authors[number]
                lines.append({"revision": number, "when": when, "by": who, "kind": kind, "table": c.table,
                              "before": json.dumps(c.before, ensure_ascii=False) if c.before else "",
                              "after": json.dumps(c.after, ensure_ascii=False) if c.after else ""})
    if lines:
        archive.writestr(f"{folder}/history.csv", pd.DataFrame(lines).to_csv(index=False))
    counts = []
    for filename, content in conn.execute(sa.select(S.wave_files.c.filename, S.wave_files.c.content)
                                          .where(S.wave_files.c.wave_id == wave_id)):
        text = bytes(content).decode("utf-8", errors="replace")
        held = sum(1 for line in text.splitlines() if person.mentioned_in(line))
        if held:
            counts.append(f"{filename}: {held} row(s)")
    if counts:
        archive.writestr(f"{folder}/source-files.txt", "\n".join(counts) + "\n")


def _csv(rows: list[dict], columns: list[str]) -> str:
    """Formula-safe: a name typed as '=…' must not run in the spreadsheet of the person reading it."""
    return safe_frame(pd.DataFrame(rows, columns=columns)).to_csv(index=False)


# ----------------------------------------------------------------- retention and deletion

def set_retention(store, project: str, sources_days: int, *, by: str | None = None) -> int:
    """Keep uploaded source files for ``sources_days`` days, and remove those older now; returns
    how many were removed. Audited."""
    if sources_days < 1:
        raise InputError("--sources-days takes a whole number of days, 1 or more")
    by = by or default_author()
    pseudonym_key(store, project)  # makes the settings row if there is none
    with store._write() as conn:
        pid = store._project_id(conn, project)
        conn.execute(S.project_settings.update().where(S.project_settings.c.project_id == pid)
                     .values(sources_days=sources_days))
    return apply_retention(store, project, by=by)


def apply_retention(store, project: str, *, by: str | None = None, now: dt.datetime | None = None) -> int:
    """Remove the project's source files older than its retention (none set: nothing removed)."""
    by = by or default_author()
    now = now or dt.datetime.now(dt.UTC)
    with store._write() as conn:
        if store.backend == "sqlite":
            conn.exec_driver_sql("PRAGMA secure_delete=ON")
        pid = store._project_id(conn, project)
        days = conn.execute(sa.select(S.project_settings.c.sources_days)
                            .where(S.project_settings.c.project_id == pid)).scalar()
        if days is None:
            return 0
        cutoff = (now - dt.timedelta(days=days)).isoformat().replace("+00:00", "Z")
        old = [w for (w,) in conn.execute(sa.select(S.waves.c.id).where(S.waves.c.project_id == pid,
                                                                        S.waves.c.created_at < cutoff))]
        removed = conn.execute(S.wave_files.delete().where(S.wave_files.c.wave_id.in_(old))).rowcount if old else 0
        audit(conn, "retention", by, project, {"sources days": days, "files removed": removed})
    if removed:
        compact(store)
    return removed


def delete_project(store, project: str, *, by: str | None = None) -> dict:
    """Delete a project with every wave, file, revision and role, then compact. Audited (the
    audit rows about the project stay)."""
    by = by or default_author()
    with store._write() as conn:
        if store.backend == "sqlite":
            conn.exec_driver_sql("PRAGMA secure_delete=ON")
        pid = store._project_id(conn, project)
        waves = conn.execute(sa.select(sa.func.count()).select_from(S.waves)
                             .where(S.waves.c.project_id == pid)).scalar_one()
        conn.execute(S.projects.delete().where(S.projects.c.id == pid))
        audit(conn, "project deleted", by, project, {"waves": waves})
    compact(store)
    return {"waves": waves}


__all__ += ["ERASED"]
