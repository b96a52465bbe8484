"""The project store: projects → waves → tables of text and revisions, in one database.

Every write is one transaction (a killed process leaves the store as it was before that
write). Every edit of a wave names the version it started from and is refused when another
save came first, with a message showing that other change (optimistic concurrency).
"""
from __future__ import annotations

import datetime as dt
import getpass
import hashlib
import json
import os
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.engine import URL, Connection, Engine

from netmap.errors import ConflictError, InputError, StoreError, ValidationFailed
from netmap.network import StakeholderNetwork
from netmap.store import schema as S
from netmap.store.engine import create_store_engine, first_line, migrate, resolve_url, shown_url
from netmap.store.tables import ENCODE, Change, TableState, apply, describe, diff, frame_to_state, state_to_frame
from netmap.store.text import NAME_CHARS, check_name, printable, strip_unsafe, unsafe_characters
from netmap.store.validation import validate_frames

__all__ = ["Store", "open_store", "WaveInfo", "SourceFile", "default_author", "NETWORK_TABLES"]

#: Tables that make the network; other tables of a wave are extra (notes, affiliations …).
NETWORK_TABLES = ("actors", "ties")
#: The two-mode tables of a network (netmap.validate.affiliations), stored as extra tables of its wave.
TWO_MODE_TABLES = ("affiliations", "spaces")
#: Rows written per INSERT batch (keeps memory flat on 50,000-tie waves).
BATCH = 5000


def default_author() -> str:
    """The name recorded with a revision when none is given: ``NETMAP_USER``, else the login."""
    name = os.environ.get("NETMAP_USER", "").strip()
    if name:
        return name
    try:
        return getpass.getuser()
    except Exception:  # no login name (some containers): still record something honest
        return "unknown"


def _clean_author(author: str | None) -> str:
    """Who made a change, as recorded: ``author`` (else :func:`default_author`) without the
    characters :func:`~netmap.store.text.printable` would have to escape, at most 200 characters."""
    name = strip_unsafe(author or "").strip()[:NAME_CHARS].strip()
    return name or strip_unsafe(default_author()).strip()[:NAME_CHARS] or "unknown"


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def check_date(text: str | None) -> str | None:
    """A wave date as ``YYYY-MM-DD`` (None when blank); raise InputError otherwise."""
    if text is None or not str(text).strip():
        return None
    text = str(text).strip()
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise InputError(f"date '{printable(text)}' is not a date written YYYY-MM-DD (e.g. 2025-03-31)") from None


@dataclass(frozen=True)
class SourceFile:
    """A file as uploaded: ``role`` is ``ties`` or ``actors``."""

    role: str
    filename: str
    content: bytes
    sha256: str = ""

    @classmethod
    def of(cls, role: str, filename: str, content: bytes) -> "SourceFile":
        return cls(role, filename, content, hashlib.sha256(content).hexdigest())


@dataclass(frozen=True)
class WaveInfo:
    """What a wave holds, without its rows."""

    project: str
    name: str
    date: str | None
    notes: str
    directed: bool
    version: int
    actors: int
    ties: int
    created_at: str
    created_by: str
    options: dict | None = None
    files: list[dict] = field(default_factory=list)
    tables: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Revision:
    wave: str
    number: int
    author: str
    created_at: str
    kind: str
    summary: str
    rows_changed: int


class Store:
    """A netmap project store on one database. Open it with :func:`open_store`."""

    def __init__(self, engine: Engine):
        self.engine = engine
        # SQLite has one write lock per database, and a writer that finds it taken sleeps in
        # growing steps (the busy handler) before it retries: under many writers in one process
        # (the questionnaire server's threads) the waits, not the work, made the slow saves.
        # Threads of this process queue here instead, and take the database's lock in turn.
        self._writer = threading.RLock() if engine.url.get_backend_name() == "sqlite" else None

    # ----------------------------------------------------------------- general
    @property
    def url(self) -> URL:
        return self.engine.url

    @property
    def where(self) -> str:
        """The store as shown to people (never with a password)."""
        return shown_url(self.engine.url)

    @property
    def backend(self) -> str:
        return self.engine.url.get_backend_name()

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _write(self):
        return _Guard(self, self.engine.begin(), self._writer)

    def _read(self):
        return _Guard(self, self.engine.connect())

    # ----------------------------------------------------------------- projects
    def projects(self) -> pd.DataFrame:
        """One row per project: name, waves, created_at, created_by."""
        with self._read() as conn:
            count = sa.func.count(S.waves.c.id)
            query = (sa.select(S.projects.c.name, count.label("waves"), S.projects.c.created_at,
                               S.projects.c.created_by)
                     .select_from(S.projects.outerjoin(S.waves, S.waves.c.project_id == S.projects.c.id))
                     .group_by(S.projects.c.id).order_by(S.projects.c.name))
            rows = conn.execute(query).all()
        return pd.DataFrame([tuple(r) for r in rows], columns=["project", "waves", "created_at", "created_by"])

    def project_names(self) -> list[str]:
        with self._read() as conn:
            return list(conn.execute(sa.select(S.projects.c.name).order_by(S.projects.c.name)).scalars())

    def create_project(self, name: str, author: str | None = None) -> None:
        """Create an empty project; a name used before is refused."""
        name = _clean_name(name, "project")
        with self._write() as conn:
            if conn.execute(sa.select(S.projects.c.id).where(S.projects.c.name == name)).first():
                raise StoreError(f"project '{printable(name)}' already exists in {self.where}")
            conn.execute(S.projects.insert().values(name=name, created_at=_now(),
                                                    created_by=_clean_author(author)))

    def _project_id(self, conn: Connection, project: str) -> int:
        found = conn.execute(sa.select(S.projects.c.id).where(S.projects.c.name == project)).scalar()
        if found is None:
            names = list(conn.execute(sa.select(S.projects.c.name).order_by(S.projects.c.name)).scalars())
            listing = ", ".join(f"'{printable(n)}'" for n in names[:10]) or "none yet"
            raise StoreError(f"no project '{printable(project)}' in {self.where} (projects: {listing})")
        return found

    # ----------------------------------------------------------------- waves
    def _wave_query(self):
        return (sa.select(S.waves, S.projects.c.name.label("project_name"))
                .join(S.projects, S.projects.c.id == S.waves.c.project_id))

    def _wave(self, conn: Connection, project: str, wave: str):
        pid = self._project_id(conn, project)
        row = conn.execute(self._wave_query().where(S.waves.c.project_id == pid, S.waves.c.name == wave)).first()
        if row is None:
            names = self._wave_names(conn, pid)
            listing = ", ".join(f"'{printable(n)}'" for n in names[:10]) or "none yet"
            raise StoreError(f"project '{printable(project)}' has no wave '{printable(wave)}' (waves: {listing})")
        return row

    def _wave_names(self, conn: Connection, project_id: int) -> list[str]:
        query = (sa.select(S.waves.c.name).where(S.waves.c.project_id == project_id)
                 .order_by(S.waves.c.wave_date.is_(None), S.waves.c.wave_date, S.waves.c.id))
        return list(conn.execute(query).scalars())

    def wave_names(self, project: str) -> list[str]:
        """The project's waves in date order (undated waves last, in the order they were added)."""
        with self._read() as conn:
            return self._wave_names(conn, self._project_id(conn, project))

    def waves(self, project: str) -> list[WaveInfo]:
        """Every wave of the project, in date order."""
        with self._read() as conn:
            pid = self._project_id(conn, project)
            return [self._info(conn, self._wave(conn, project, name)) for name in self._wave_names(conn, pid)]

    def wave_info(self, project: str, wave: str) -> WaveInfo:
        with self._read() as conn:
            return self._info(conn, self._wave(conn, project, wave))

    def _info(self, conn: Connection, row) -> WaveInfo:
        counts = dict(conn.execute(
            sa.select(S.wave_tables.c.name, sa.func.count(S.table_rows.c.id))
            .select_from(S.wave_tables.outerjoin(S.table_rows, S.table_rows.c.table_id == S.wave_tables.c.id))
            .where(S.wave_tables.c.wave_id == row.id).group_by(S.wave_tables.c.name)).all())
        files = [dict(role=f.role, filename=f.filename, sha256=f.sha256, size=f.size) for f in conn.execute(
            sa.select(S.wave_files.c.role, S.wave_files.c.filename, S.wave_files.c.sha256, S.wave_files.c.size)
            .where(S.wave_files.c.wave_id == row.id).order_by(S.wave_files.c.id))]
        return WaveInfo(row.project_name, row.name, row.wave_date, row.notes, bool(row.directed), row.version,
                        counts.get("actors", 0), counts.get("ties", 0), row.created_at, row.created_by,
                        json.loads(row.options) if row.options else None, files, sorted(counts))

    def add_wave(self, project: str, wave: str, network: StakeholderNetwork, *,
                 files: Iterable[SourceFile] = (), date: str | None = None, notes: str = "",
                 author: str | None = None, tables: Mapping[str, pd.DataFrame] | None = None) -> WaveInfo:
        """Store a validated network as a new wave, with its source files, in one transaction.

        ``tables`` adds extra tables (affiliations, spaces, aliases) to the same wave.
        Raises StoreError when the project is missing or already has a wave of this name.
        """
        wave = _clean_name(wave, "wave")
        date = check_date(date)
        author = _clean_author(author)
        states = {"actors": frame_to_state("actors", network.actors), "ties": frame_to_state("ties", network.ties)}
        for name in TWO_MODE_TABLES:  # shared spaces: kept with the wave, given back by load_network
            frame = getattr(network, name, None)
            if frame is not None:
                states[name] = frame_to_state(name, frame, keep_dtypes=True)
        for name, frame in (tables or {}).items():
            _check_extra_name(name)
            states[name] = frame_to_state(name, frame, keep_dtypes=True)
        changes = [c for name, state in states.items() for c in diff(name, None, state)]
        file_list = list(files)
        summary = (f"imported {len(network.actors):,} actors and {len(network.ties):,} ties"
                   + (" from " + ", ".join(f.filename for f in file_list) if file_list else ""))
        with self._write() as conn:
            pid = self._project_id(conn, project)
            if wave in self._wave_names(conn, pid):
                raise StoreError(f"project '{printable(project)}' already has a wave '{printable(wave)}'; choose another name")
            wave_id = conn.execute(S.waves.insert().values(
                project_id=pid, name=wave, wave_date=date, notes=notes or "", directed=bool(network.directed),
                options=None, version=1, created_at=_now(), created_by=author).returning(S.waves.c.id)).scalar_one()
            for f in file_list:
                digest = hashlib.sha256(f.content).hexdigest()
                conn.execute(S.wave_files.insert().values(wave_id=wave_id, role=f.role, filename=f.filename,
                                                          content=f.content, sha256=digest, size=len(f.content)))
            for name, state in states.items():
                self._write_table(conn, wave_id, name, state)
            self._add_revision(conn, wave_id, 1, author, "import", summary, changes)
            return self._info(conn, self._wave(conn, project, wave))

    def load_network(self, project: str, wave: str, revision: int | None = None) -> StakeholderNetwork:
        """The wave's network (as after ``revision``, default the latest), validated as an upload."""
        with self._read() as conn:
            row = self._wave(conn, project, wave)
            states = self._states(conn, row, revision)
        return _network(project, wave, states, bool(row.directed))

    def wave_frames(self, project: str, wave: str, revision: int | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
        """The stored actors and ties tables as text (None when blank), exactly as stored."""
        with self._read() as conn:
            states = self._states(conn, self._wave(conn, project, wave), revision)
        return state_to_frame(states["actors"]), state_to_frame(states["ties"])

    def source_files(self, project: str, wave: str) -> list[SourceFile]:
        """The files the wave was made from, byte for byte."""
        with self._read() as conn:
            row = self._wave(conn, project, wave)
            found = conn.execute(sa.select(S.wave_files).where(S.wave_files.c.wave_id == row.id)
                                 .order_by(S.wave_files.c.id)).all()
        return [SourceFile(f.role, f.filename, bytes(f.content), f.sha256) for f in found]

    def save_options(self, project: str, wave: str, options: Mapping) -> None:
        """Remember the analysis options last used on the wave (not a revision: no data changes)."""
        text = json.dumps(dict(options), sort_keys=True, default=str)
        with self._write() as conn:
            row = self._wave(conn, project, wave)
            conn.execute(S.waves.update().where(S.waves.c.id == row.id).values(options=text))

    def load_options(self, project: str, wave: str) -> dict | None:
        return self.wave_info(project, wave).options

    # ----------------------------------------------------------------- extra tables
    def save_table(self, project: str, wave: str, name: str, frame: pd.DataFrame, *,
                   author: str | None = None, base_version: int | None = None) -> int:
        """Store an extra table (aliases, affiliations, spaces …) with the wave, as a revision.

        Numbers and booleans come back as such from :meth:`load_table`; other cells as text.
        Returns the revision number (the wave's new version); with ``base_version``, refused
        when another save came first.
        """
        _check_extra_name(name)
        new = frame_to_state(name, frame, keep_dtypes=True)
        return self._commit(project, wave, {name: new}, author, "table", f"saved table '{name}'", base_version)

    def load_table(self, project: str, wave: str, name: str, revision: int | None = None) -> pd.DataFrame | None:
        """An extra table of the wave, or None when the wave has none of that name."""
        with self._read() as conn:
            states = self._states(conn, self._wave(conn, project, wave), revision)
        state = states.get(name)
        return None if state is None else state_to_frame(state, typed=name not in NETWORK_TABLES)

    def actor_notes(self, project: str, wave: str) -> dict[str, str]:
        frame = self.load_table(project, wave, "actor_notes")
        if frame is None:
            return {}
        return {r.id: r.note for r in frame.itertuples() if r.note}

    def set_actor_note(self, project: str, wave: str, actor: str, note: str, *, author: str | None = None,
                       base_version: int | None = None) -> int:
        """Write (or, with a blank note, remove) the note on one actor of the wave."""
        notes = self.actor_notes(project, wave)
        if note and note.strip():
            notes[actor] = note.strip()
        else:
            notes.pop(actor, None)
        frame = pd.DataFrame({"id": list(notes), "note": list(notes.values())}, dtype=object)
        return self._commit(project, wave, {"actor_notes": frame_to_state("actor_notes", frame)}, author, "note",
                            f"note on '{actor}'", base_version)

    # ----------------------------------------------------------------- edits, history, restore
    def edit_wave(self, project: str, wave: str, *, base_version: int, actors: pd.DataFrame | None = None,
                  ties: pd.DataFrame | None = None, author: str | None = None, summary: str = ""):
        """Save edited actors and/or ties tables as one revision.

        The tables go through the same validation as an upload (errors name the table, row
        and column and nothing is saved). Returns ``(revision number or None when nothing
        changed, validation report)``.

        Raises
        ------
        ValidationFailed
            An edited cell breaks the rules of an upload.
        ConflictError
            Someone saved the wave after ``base_version``; their change is in the message.
        """
        with self._read() as conn:
            row = self._wave(conn, project, wave)
            current = self._current_states(conn, row.id)
            # Unchanged version after reading the tables: they are the tables of that version
            # (every write of a wave's tables bumps its version in the same transaction).
            again = conn.execute(sa.select(S.waves.c.version).where(S.waves.c.id == row.id)).scalar()
        known = (row.version, current) if again == row.version else None
        network, report = validate_frames(actors if actors is not None else state_to_frame(current["actors"]),
                                          ties if ties is not None else state_to_frame(current["ties"]),
                                          bool(row.directed))
        if network is None:
            raise ValidationFailed(report)
        new = {"actors": frame_to_state("actors", network.actors), "ties": frame_to_state("ties", network.ties)}
        number = self._commit(project, wave, new, author, "edit", summary, base_version, known)
        return number, report

    def _commit(self, project: str, wave: str, new: dict[str, TableState], author: str | None, kind: str,
                summary: str, base_version: int | None,
                known: tuple[int, dict[str, TableState]] | None = None) -> int | None:
        """Write ``new`` tables as one revision on top of version ``base_version``.

        ``known`` is ``(version, tables)`` already read by the caller; used when it is the
        base version (if the base is not current the update below refuses the save anyway).
        """
        author = _clean_author(author)
        with self._write() as conn:
            row = self._wave(conn, project, wave)
            base = row.version if base_version is None else base_version
            current = known[1] if known and known[0] == base else self._current_states(conn, row.id)
            changes = [c for name, state in new.items() for c in diff(name, current.get(name), state)]
            if not changes:
                if base != row.version:
                    self._refuse(conn, row, base)
                return None
            # The check and the bump are one statement: of two savers starting from the same
            # version exactly one matches (the other waits on the row lock, then matches none).
            bumped = conn.execute(S.waves.update().where(S.waves.c.id == row.id, S.waves.c.version == base)
                                  .values(version=base + 1)).rowcount
            if bumped != 1:
                self._refuse(conn, row, base)
            summary = summary or describe(changes)
            self._add_revision(conn, row.id, base + 1, author, kind, summary, changes)
            updated = apply(current, changes)
            for name in new:
                self._update_table(conn, row.id, name, current.get(name), updated[name], changes)
            return base + 1

    def _refuse(self, conn: Connection, row, base: int):
        others = conn.execute(sa.select(S.revisions).where(S.revisions.c.wave_id == row.id,
                                                           S.revisions.c.number > base)
                              .order_by(S.revisions.c.number)).all()
        if not others:
            raise ConflictError(f"wave '{printable(row.name)}' changed while you were editing; reload it and save again")
        shown = "; ".join(f"revision {r.number} by {r.author} at {r.created_at}: {r.summary}" for r in others[:3])
        more = f" and {len(others) - 3} more" if len(others) > 3 else ""
        theirs = [c for changes in self._changes(conn, row.id, base + 1, others[-1].number).values()
                  for c in changes if c.row_key is not None]
        detail = "; ".join(_change_text(c) for c in theirs[:3]) + (" …" if len(theirs) > 3 else "")
        raise ConflictError(
            f"not saved: wave '{printable(row.name)}' was changed after you opened it ({printable(shown)}{more}"
            f"{' — ' + printable(detail) if detail else ''}); your edit is kept "
            f"unsaved — reload the wave, check their change, and apply yours again",
            [dict(number=r.number, author=r.author, created_at=r.created_at, summary=r.summary) for r in others])

    def history(self, project: str, wave: str | None = None) -> pd.DataFrame:
        """Every revision of the project (or one wave): wave, revision, when, who, kind, summary,
        rows_changed; newest first."""
        with self._read() as conn:
            pid = self._project_id(conn, project)
            if wave is not None:
                self._wave(conn, project, wave)
            changed = (sa.select(S.revision_changes.c.revision_id, sa.func.count().label("n"))
                       .where(S.revision_changes.c.row_key.is_not(None))
                       .group_by(S.revision_changes.c.revision_id).subquery())
            query = (sa.select(S.waves.c.name, S.revisions.c.number, S.revisions.c.created_at, S.revisions.c.author,
                               S.revisions.c.kind, S.revisions.c.summary, sa.func.coalesce(changed.c.n, 0))
                     .join(S.waves, S.waves.c.id == S.revisions.c.wave_id)
                     .outerjoin(changed, changed.c.revision_id == S.revisions.c.id)
                     .where(S.waves.c.project_id == pid)
                     .order_by(S.revisions.c.created_at.desc(), S.revisions.c.id.desc()))
            if wave is not None:
                query = query.where(S.waves.c.name == wave)
            rows = conn.execute(query).all()
        return pd.DataFrame([tuple(r) for r in rows],
                            columns=["wave", "revision", "when", "who", "kind", "summary", "rows_changed"])

    def revision_changes(self, project: str, wave: str, number: int) -> pd.DataFrame:
        """The row-level changes of one revision: table, row, change (added / removed /
        changed), column, before, after — one line per changed cell."""
        with self._read() as conn:
            row = self._wave(conn, project, wave)
            changes = self._changes(conn, row.id, number, number).get(number)
            if changes is None:
                raise StoreError(f"wave '{printable(wave)}' has no revision {number} (it has 1 to {row.version})")
        records = []
        for c in changes:
            if c.row_key is None:
                continue
            shown = _shown_key(c.table, c.row_key)
            if c.before is None:
                records.append((c.table, shown, "added", "", None, _row_text(c.after)))
            elif c.after is None:
                records.append((c.table, shown, "removed", "", _row_text(c.before), None))
            else:
                for column in dict.fromkeys([*c.before, *c.after]):
                    if c.before.get(column) != c.after.get(column):
                        records.append((c.table, shown, "changed", column, c.before.get(column),
                                        c.after.get(column)))
        return pd.DataFrame(records, columns=["table", "row", "change", "column", "before", "after"], dtype=object)

    def restore(self, project: str, wave: str, number: int, *, base_version: int | None = None,
                author: str | None = None) -> int | None:
        """Make the wave as it was after revision ``number``, as a new revision (history is kept)."""
        with self._read() as conn:
            row = self._wave(conn, project, wave)
            if not 1 <= number <= row.version:
                raise StoreError(f"wave '{printable(wave)}' has no revision {number} (it has 1 to {row.version})")
            target = self._states(conn, row, number)
            current = self._current_states(conn, row.id)
        new = dict(target)
        for name in current:
            if name not in target:  # a table added later: restoring drops it
                new[name] = TableState(current[name].columns, current[name].dtypes, {})
        return self._commit(project, wave, new, author, "restore", f"restored revision {number}", base_version)

    # ----------------------------------------------------------------- internals
    def _current_states(self, conn: Connection, wave_id: int) -> dict[str, TableState]:
        tables = conn.execute(sa.select(S.wave_tables).where(S.wave_tables.c.wave_id == wave_id)
                              .order_by(S.wave_tables.c.id)).all()
        states = {}
        for t in tables:
            columns = json.loads(t.columns)
            rows = conn.execute(sa.select(S.table_rows.c.row_key, S.table_rows.c.cells)
                                .where(S.table_rows.c.table_id == t.id).order_by(S.table_rows.c.position))
            states[t.name] = TableState(columns, json.loads(t.dtypes),
                                        {key: dict(zip(columns, json.loads(cells))) for key, cells in rows})
        return states

    def _states(self, conn: Connection, row, revision: int | None) -> dict[str, TableState]:
        if revision is None or revision == row.version:
            return self._current_states(conn, row.id)
        if not 1 <= revision <= row.version:
            raise StoreError(f"wave '{printable(row.name)}' has no revision {revision} (it has 1 to {row.version})")
        states: dict[str, TableState] = {}
        for _, changes in sorted(self._changes(conn, row.id, 1, revision).items()):
            states = apply(states, changes)
        return states

    def _changes(self, conn: Connection, wave_id: int, first: int, last: int) -> dict[int, list[Change]]:
        query = (sa.select(S.revisions.c.number, S.revision_changes.c.table_name, S.revision_changes.c.row_key,
                           S.revision_changes.c.before, S.revision_changes.c.after, S.revision_changes.c.position)
                 .select_from(S.revisions.outerjoin(S.revision_changes,
                                                    S.revision_changes.c.revision_id == S.revisions.c.id))
                 .where(S.revisions.c.wave_id == wave_id, S.revisions.c.number.between(first, last))
                 .order_by(S.revisions.c.number, S.revision_changes.c.seq))
        out: dict[int, list[Change]] = {}
        for number, table, key, before, after, position in conn.execute(query):
            bucket = out.setdefault(number, [])
            if table is not None:
                bucket.append(Change(table, key, _loads(before), _loads(after), position))
        return out

    def _add_revision(self, conn: Connection, wave_id: int, number: int, author: str, kind: str, summary: str,
                      changes: list[Change], created_at: str | None = None) -> None:
        rev_id = conn.execute(S.revisions.insert().values(
            wave_id=wave_id, number=number, author=author, created_at=created_at or _now(), kind=kind,
            summary=summary).returning(S.revisions.c.id)).scalar_one()
        records = [dict(revision_id=rev_id, seq=i, table_name=c.table, row_key=c.row_key, position=c.position,
                        before=_dumps(c.before), after=_dumps(c.after)) for i, c in enumerate(changes)]
        for start in range(0, len(records), BATCH):
            conn.execute(S.revision_changes.insert(), records[start:start + BATCH])

    def _write_table(self, conn: Connection, wave_id: int, name: str, state: TableState) -> None:
        table_id = conn.execute(sa.select(S.wave_tables.c.id).where(S.wave_tables.c.wave_id == wave_id,
                                                                    S.wave_tables.c.name == name)).scalar()
        meta = dict(columns=json.dumps(state.columns, ensure_ascii=False), dtypes=json.dumps(state.dtypes))
        if table_id is None:
            table_id = conn.execute(S.wave_tables.insert().values(wave_id=wave_id, name=name, **meta)
                                    .returning(S.wave_tables.c.id)).scalar_one()
        else:
            conn.execute(S.wave_tables.update().where(S.wave_tables.c.id == table_id).values(**meta))
            conn.execute(S.table_rows.delete().where(S.table_rows.c.table_id == table_id))
        records = [dict(table_id=table_id, position=i, row_key=key,
                        cells=ENCODE([cells.get(c) for c in state.columns]))
                   for i, (key, cells) in enumerate(state.rows.items())]
        for start in range(0, len(records), BATCH):
            conn.execute(S.table_rows.insert(), records[start:start + BATCH])

    def _update_table(self, conn: Connection, wave_id: int, name: str, old: TableState | None, new: TableState,
                      changes: list[Change]) -> None:
        mine = [c for c in changes if c.table == name]
        if old is None or any(c.row_key is None or c.before is None or c.after is None for c in mine):
            self._write_table(conn, wave_id, name, new)  # rows added or removed: positions move
            return
        table_id = conn.execute(sa.select(S.wave_tables.c.id).where(S.wave_tables.c.wave_id == wave_id,
                                                                    S.wave_tables.c.name == name)).scalar_one()
        for c in mine:  # only cells changed: update those rows in place
            conn.execute(S.table_rows.update()
                         .where(S.table_rows.c.table_id == table_id, S.table_rows.c.row_key == c.row_key)
                         .values(cells=ENCODE([c.after.get(col) for col in new.columns])))


class _Guard:
    """A connection context that turns database failures into one-line StoreErrors."""

    def __init__(self, store: Store, context, lock=None):
        self.store, self.context, self.lock = store, context, lock

    def __enter__(self) -> Connection:
        if self.lock is not None:
            self.lock.acquire()
        try:
            return self.context.__enter__()
        except sa.exc.DBAPIError as exc:
            self._release()
            raise StoreError(f"cannot reach the store {self.store.where}: {first_line(exc, self.store.url)}") from None
        except BaseException:
            self._release()
            raise

    def _release(self) -> None:
        if self.lock is not None:
            self.lock.release()

    def __exit__(self, kind, exc, tb):
        try:
            result = self.context.__exit__(kind, exc, tb)
        except sa.exc.IntegrityError as error:
            raise StoreError(f"the store {self.store.where} refused the change: {first_line(error, self.store.url)}") from None
        except sa.exc.DBAPIError as error:
            raise StoreError(f"the store {self.store.where} failed: {first_line(error, self.store.url)}") from None
        finally:
            self._release()
        if isinstance(exc, sa.exc.IntegrityError):
            raise StoreError(f"the store {self.store.where} refused the change (someone may have saved the same "
                             f"name at the same time): {first_line(exc, self.store.url)}") from None
        if isinstance(exc, sa.exc.DBAPIError):
            raise StoreError(f"the store {self.store.where} failed: {first_line(exc, self.store.url)}") from None
        return result




def _dumps(value) -> str | None:
    return None if value is None else ENCODE(value)


def _loads(text: str | None):
    return None if text is None else json.loads(text)


def _clean_name(name: str, what: str) -> str:
    return check_name(name or "", what)


def _check_extra_name(name: str) -> None:
    if name in NETWORK_TABLES or not str(name).strip():
        raise InputError(f"'{printable(name)}' cannot be an extra table's name (actors and ties are the network itself)")
    if not isinstance(name, str) or len(name) > NAME_CHARS or unsafe_characters(name):
        raise InputError(f"'{printable(name)}' cannot be a table's name: give text of up to {NAME_CHARS} characters "
                         "without control characters")


def _shown_key(table: str, key: str) -> str:
    if table == "ties":
        source, target = json.loads(key)
        return f"{source} – {target}"
    return key if table in ("actors", "actor_notes") else f"row {int(key) + 1}"


def _change_text(c: Change) -> str:
    """One row change in words: 'ties a – b: weight 1 → 3', 'actors x added'."""
    shown = f"{c.table} {_shown_key(c.table, c.row_key)}"
    if c.before is None:
        return f"{shown} added"
    if c.after is None:
        return f"{shown} removed"
    cells = [f"{k} {c.before.get(k)} → {c.after.get(k)}" for k in dict.fromkeys([*c.before, *c.after])
             if c.before.get(k) != c.after.get(k)]
    return f"{shown}: " + ", ".join(cells)


def _row_text(cells: dict | None) -> str | None:
    if cells is None:
        return None
    return ", ".join(f"{k}={v}" for k, v in cells.items() if v is not None)


def _network(project: str, wave: str, states: dict[str, TableState], directed: bool) -> StakeholderNetwork:
    network, report = validate_frames(state_to_frame(states["actors"]), state_to_frame(states["ties"]), directed,
                                      label=f"{project} / {wave}")
    if network is None:
        raise ValidationFailed(report)
    extra = {name: state_to_frame(states[name], typed=True) for name in TWO_MODE_TABLES if name in states}
    if extra:
        network = StakeholderNetwork(network.actors, network.ties, directed, **extra)
    return network


def open_store(db: str | None = None, *, create: bool = False) -> Store:
    """Open (and migrate) the store at ``db``: a file path (SQLite) or a ``postgresql://`` URL.

    ``db`` None means ``NETMAP_DB`` or the user's data folder (:func:`default_db`). A SQLite
    file is created only when ``create`` is true; a store written by a newer netmap is
    refused.

    Raises
    ------
    StoreError
        Wrong or unreachable ``db``, not a netmap store, or a newer store (one line each).
    """
    engine = create_store_engine(resolve_url(db), create=create)
    try:
        migrate(engine)
    except BaseException:
        engine.dispose()
        raise
    return Store(engine)
