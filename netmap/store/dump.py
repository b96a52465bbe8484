"""``project load``: a whole project as a folder of JSON and CSV, what it holds and how it is read back.

The writing side, ``project dump``, is :mod:`netmap.store.dump_writer`.

Layout of the folder::

    project.json                      project, waves (date, notes, options …), file checksums,
                                      the project's roles and settings (pseudonym key, retention)
    waves/01/files/<role>-<filename>  the source files, byte for byte
    waves/01/revisions.jsonl          every revision with its row-level changes (the truth)
    waves/01/<table>.csv              the current tables, for people to read (not read back)
    review.json                       the name review's decisions (typed name -> actor), if any

Loading replays the revisions, so the project comes back with its whole history, in any
store (SQLite or PostgreSQL).

Who may do what comes back too, but never an account: a dump names each role's user and holds
no password hash, identity or sign-in record. Loading gives a role to the user of that name
when the target store has one (an audited ``grant``, by the person loading) and reports the
others, for whoever runs the store to add and grant by hand. The project's pseudonym key comes
back with it, so a viewer without names sees the same codes after a restore as before; a dump
is therefore as secret as the store it came from. The audit trail stays in the source store.

A pseudonymised dump (``dump_writer.dump_project(..., key=...)``, ``project dump --pseudonymise``) holds
codes instead (:mod:`netmap.store.pseudonymised`) and none of the source files, notes, authors,
roles, review or key; its ``project.json`` says ``"pseudonymised": true`` and it loads like any
other dump, as a project of codes.

A dump is untrusted input, read as an upload is (issue 21):

* ``project.json`` is at most :data:`MAX_MANIFEST_BYTES`; every field has its JSON type
  (``"directed": "false"`` is refused, not read as true); names, dates and authors pass the
  store's own checks;
* each role is one of the store's roles for a valid user name, the pseudonym key is the
  store's kind of key, the retention a number of days;
* ``review.json`` is at most :data:`MAX_REVIEW_BYTES` and as many decisions as a table has
  rows, each a short typed name, actor and author without control characters, decided once;
* every path stays inside the dump folder once links are followed, and names a regular file;
  a source file is at most the upload limit and matches its checksum and size;
* ``revisions.jsonl`` is at most :data:`MAX_HISTORY_BYTES` and is replayed one revision at a
  time: each change must match the table the earlier revisions give, and after every revision
  each table keeps within the reading limits (``netmap.formats.spreadsheets.LIMITS``: rows,
  columns, cells, characters per cell) with no control characters in a cell;
* the wave's actors and ties then go through upload validation (``validate_tables``), its
  affiliations and spaces through ``validate_affiliations``, and every typed extra table must
  read back as its types.

Every problem is one line naming the file (and the wave, line, change, table, row or column);
the load is one transaction, so nothing of a refused dump is stored.
"""
from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import sqlalchemy as sa

from netmap.errors import InputError, StoreError, ValidationFailed
from netmap.formats import spreadsheets as sheets  # its limits are read at each load (--max-rows, tests)
from netmap.store import schema as S
from netmap.store.accounts import clean_user_name
from netmap.store.audit import insert as audit
from netmap.store.roles import ROLES
from netmap.store.store import NETWORK_TABLES, Store, _network, check_date, default_author
from netmap.store.tables import KEYS, Change, TableState, apply, row_key, state_to_frame
from netmap.store.text import NAME_CHARS, printable, unsafe_characters
from netmap.store.untrusted import (
    SURROGATE,
    describe,
    get,
    locate,
    long_text,
    named,
    open_regular,
    parse_json,
    read_bounded,
    short,
    table_name,
    timestamp,
)
from netmap.store.validation import frame_to_raw
from netmap.validate import ValidationReport
from netmap.validate.affiliations import validate_affiliations

__all__ = [
    "FORMAT",
    "MAX_FILES",
    "MAX_HISTORY_BYTES",
    "MAX_MANIFEST_BYTES",
    "MAX_REVISIONS",
    "MAX_ROWS_MOVED",
    "MAX_TABLES",
    "Loaded",
    "check_dump",
    "load_project",
]

FORMAT = "netmap-project-dump"
#: 2: the project's roles and settings (pseudonym key, retention) are in project.json; a
#: dump of format 1 has neither, and loads as before.
FORMAT_VERSION = 2

#: Largest ``project.json`` read (1 MiB): a project of a hundred waves with long notes takes
#: a few tens of kilobytes; the rows live in the revisions files.
MAX_MANIFEST_BYTES = 2**20
#: Largest ``revisions.jsonl`` of one wave (256 MiB, as much as a workbook may unpack to):
#: a 50,000-tie wave imported and edited takes about 15 MiB.
MAX_HISTORY_BYTES = 256 * 2**20
#: Most tables in one wave (actors, ties, actor notes, affiliations, spaces, aliases … ).
MAX_TABLES = 20
#: Most revisions of one wave: each is a save by a person, and each is a write on loading.
MAX_REVISIONS = 100_000
#: Most rows moved by replaying rows added in the middle of a table (each such revision moves
#: every row after it; adding at the end moves none): 50 million, a few seconds. A history of
#: a hundred thousand tiny insertions into a 200,000-row table would otherwise take hours.
MAX_ROWS_MOVED = 50_000_000
#: Most source files kept with one wave (a survey keeps each responses file).
MAX_FILES = 100
#: Most roles on one project (a team, not a register of residents).
MAX_ROLES = 1_000
#: Largest ``review.json`` (the name review's decisions, about 150 bytes each) and most
#: decisions in it: as many as a table has rows.
MAX_REVIEW_BYTES = 64 * 2**20
#: Longest file name kept with a wave.
FILENAME_CHARS = 1_000
#: Revision kinds the store writes.
KINDS = ("import", "edit", "restore", "table", "note")
#: Column types of stored tables (``netmap.store.tables.state_to_frame``).
DTYPES = ("object", "bool", "boolean", "int64", "Int64", "float64", "Float64")

_SHA256 = re.compile("[0-9a-f]{64}")
#: A pseudonym key as netmap.privacy.new_key makes them (older stores: any 16 to 128 hex digits).
_KEY = re.compile("[0-9a-f]{16,128}")
#: What no cell of a stored table holds: the control characters reading removes from files
#: (``netmap.formats.spreadsheets``) and lone surrogates.
_BAD_CELL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


# --------------------------------------------------------------------------- the manifest
@dataclass(frozen=True)
class _File:
    role: str
    filename: str
    sha256: str
    size: int
    path: Path
    where: str


@dataclass(frozen=True)
class _Wave:
    name: str
    date: str | None
    notes: str
    directed: bool
    options: str | None
    version: int
    created_at: str
    created_by: str
    files: list[_File]
    revisions: Path
    tables: dict[str, int]
    where: str


@dataclass(frozen=True)
class _Role:
    user: str
    role: str
    names: bool
    granted_at: str
    granted_by: str


@dataclass(frozen=True)
class Dump:
    """A dump whose ``project.json`` has been read and checked (:func:`check_dump`)."""

    folder: Path
    project: str
    created_at: str
    created_by: str
    waves: list[_Wave] = field(default_factory=list)
    roles: list[_Role] = field(default_factory=list)
    settings: dict | None = None
    review: list[dict] = field(default_factory=list)
    pseudonymised: bool = False


@dataclass(frozen=True)
class Loaded:
    """What :func:`load_project` recreated: the project, its waves, the users given back their
    role, the users the dump gives a role to who have no account in the target store, and
    whether the dump was pseudonymised (its actors and spaces are codes)."""

    project: str
    waves: int
    roles: list[str]
    missing: list[str]
    pseudonymised: bool = False


def check_dump(folder: str | Path, name: str | None = None) -> Dump:
    """Read and check the dump's ``project.json``: types, names, dates, and every path it
    names (inside the folder, a regular file, within the size limits). Opens no store.

    Raises
    ------
    InputError
        Anything wrong with the manifest or its paths (one line naming the field).
    StoreError
        The dump was written by a newer netmap.
    """
    given = Path(folder)
    if not given.is_dir():
        raise InputError(f"{printable(given)} is not a folder holding a netmap project dump")
    base = given.resolve()
    if not (given / "project.json").exists() and not (given / "project.json").is_symlink():
        raise InputError(f"{printable(given)} is not a netmap project dump (no project.json)")
    manifest_path = locate(base, "project.json", printable(given), MAX_MANIFEST_BYTES, "project.json")
    shown = printable(given / "project.json")
    manifest = parse_json(read_bounded(manifest_path, shown, MAX_MANIFEST_BYTES), shown)
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise InputError(f"{shown}: not a netmap project dump")
    version = get(manifest, "format_version", "whole number", shown)
    if version > FORMAT_VERSION:
        raise StoreError(f"{shown} was written by a newer netmap (dump format {version}); update netmap to "
                         "load it")
    if version < 1:
        raise InputError(f"{shown}: \"format_version\" must be 1 or more, not {version}")
    head = get(manifest, "project", "object", shown)
    where = f"{shown}, project"
    project = named(name if name is not None else get(head, "name", "text", where), "project", where)
    created_at, created_by = timestamp(head, "created_at", where), short(head, "created_by", where)
    waves: list[_Wave] = []
    seen: set[str] = set()
    for index, entry in enumerate(get(manifest, "waves", "list", shown), start=1):
        wave = _wave(base, entry, f"{shown}, wave {index}")
        if wave.name in seen:
            raise InputError(f"{wave.where}: wave '{printable(wave.name)}' appears twice in the dump")
        seen.add(wave.name)
        waves.append(wave)
    return Dump(base, project, created_at, created_by, waves, _roles(manifest, shown), _settings(manifest, shown),
                _review(base, manifest, shown),
                bool(get(manifest, "pseudonymised", "true or false", shown, optional=True)))


def _objects(listed: list, where: str, what: str, most: int, ceiling: str) -> Iterator[tuple[str, dict]]:
    """Each entry of ``listed`` with where it is ("…, role 2"): at most ``most`` of them, each a
    JSON object ("lists 1,001 roles; a project has at most 1,000")."""
    if len(listed) > most:
        raise InputError(f"{where}: lists {len(listed):,} {what}s; {ceiling} {most:,}")
    for number, entry in enumerate(listed, start=1):
        at = f"{where}, {what} {number}"
        if not isinstance(entry, dict):
            raise InputError(f"{at}: must be an object, not {describe(entry)}")
        yield at, entry


def _roles(manifest: dict, shown: str) -> list[_Role]:
    """The dump's roles, each checked as ``project grant`` checks one (a dump of format 1 has none)."""
    listed = get(manifest, "roles", "list", shown, optional=True) or []
    roles, seen = [], set()
    for where, entry in _objects(listed, shown, "role", MAX_ROLES, "a project has at most"):
        try:
            user = clean_user_name(get(entry, "user", "text", where))
        except InputError as exc:
            raise InputError(f"{where}: {exc}") from None
        role = get(entry, "role", "text", where)
        if role not in ROLES:
            raise InputError(f"{where}: \"role\" must be one of {', '.join(ROLES)}, not {describe(role)}")
        names = get(entry, "names", "true or false", where) or role != "viewer"  # as grant() keeps it
        if user in seen:
            raise InputError(f"{where}: user '{printable(user)}' has two roles; the dump is damaged")
        seen.add(user)
        roles.append(_Role(user, role, names, timestamp(entry, "granted_at", where), short(entry, "granted_by",
                                                                                              where)))
    return roles


def _review(base: Path, manifest: dict, shown: str) -> list[dict]:
    """The name review's decisions (``review.json``), each checked as the review keeps one: a
    typed name and a short actor id ("" = a different person) and name, when and by whom."""
    relative = get(manifest, "review", "text", shown, optional=True)
    if relative is None:
        return []
    where = f"{shown}, review"
    listed = parse_json(read_bounded(locate(base, relative, where, MAX_REVIEW_BYTES, "review"), where,
                                     MAX_REVIEW_BYTES), where)
    if not isinstance(listed, list):
        raise InputError(f"{where}: must be a list of decisions, not {describe(listed)}")
    decided, seen = [], set()
    for at, entry in _objects(listed, where, "decision", sheets.MAX_ROWS, "at most"):
        actor_id = get(entry, "actor_id", "text", at)
        if actor_id and (len(actor_id) > NAME_CHARS or unsafe_characters(actor_id)):
            raise InputError(f"{at}: \"actor_id\" must be empty or text of at most {NAME_CHARS} characters without "
                             f"control characters, not {describe(actor_id)}")
        row = {"raw_name": short(entry, "raw_name", at), "actor_id": actor_id,
               "actor_name": short(entry, "actor_name", at), "decided_at": timestamp(entry, "decided_at", at),
               "decided_by": short(entry, "decided_by", at)}
        if row["raw_name"] in seen:
            raise InputError(f"{at}: the typed name '{printable(row['raw_name'])}' is decided twice; the dump is "
                             "damaged")
        seen.add(row["raw_name"])
        decided.append(row)
    return decided


def _settings(manifest: dict, shown: str) -> dict | None:
    settings = get(manifest, "settings", "object", shown, optional=True)
    if settings is None:
        return None
    where = f"{shown}, settings"
    key = get(settings, "pseudonym_key", "text", where)
    if not _KEY.fullmatch(key):
        raise InputError(f"{where}: \"pseudonym_key\" must be 16 to 128 hexadecimal digits")
    days = get(settings, "sources_days", "whole number", where, optional=True)
    if days is not None and days < 1:
        raise InputError(f"{where}: \"sources_days\" must be 1 or more, not {days}")
    return {"pseudonym_key": key, "sources_days": days}


def _wave(base: Path, entry, where: str) -> _Wave:
    if not isinstance(entry, dict):
        raise InputError(f"{where}: must be an object, not {describe(entry)}")
    name = named(get(entry, "name", "text", where), "wave", where)
    where = f"{where} ('{printable(name)}')"
    date = get(entry, "date", "text", where, optional=True)
    try:
        date = check_date(date)
    except InputError as exc:
        raise InputError(f"{where}: {exc}") from None
    notes = long_text(entry, "notes", where, sheets.MAX_CELL_CHARS, optional=True) or ""
    options = get(entry, "options", "object", where, optional=True)
    version = get(entry, "version", "whole number", where)
    if not 1 <= version <= MAX_REVISIONS:
        raise InputError(f"{where}: \"version\" must be 1 to {MAX_REVISIONS:,} (a wave's revisions), not {version:,}")
    files = []
    listed = get(entry, "files", "list", where)
    if len(listed) > MAX_FILES:
        raise InputError(f"{where}: lists {len(listed):,} files; a wave keeps at most {MAX_FILES}")
    for number, meta in enumerate(listed, start=1):
        files.append(_file(base, meta, f"{where}, file {number}"))
    tables = {}
    listed = get(entry, "tables", "object", where)
    if len(listed) > MAX_TABLES:
        raise InputError(f"{where}: lists {len(listed):,} tables; a wave holds at most {MAX_TABLES}")
    for table, meta in listed.items():
        here = f"{where}, table '{printable(table)}'"
        table_name(table, here)
        if not isinstance(meta, dict):
            raise InputError(f"{here}: must be an object, not {describe(meta)}")
        rows = get(meta, "rows", "whole number", here)
        if rows < 0:
            raise InputError(f"{here}: \"rows\" must be 0 or more, not {rows}")
        tables[table] = rows
    revisions = locate(base, get(entry, "revisions", "text", where), where, MAX_HISTORY_BYTES, "revisions")
    try:
        options = None if options is None else json.dumps(options, sort_keys=True)
    except (RecursionError, ValueError):
        raise InputError(f"{where}: \"options\" is nested too deeply") from None
    return _Wave(name, date, notes, get(entry, "directed", "true or false", where), options, version,
                 timestamp(entry, "created_at", where), short(entry, "created_by", where), files, revisions,
                 tables, where)


def _file(base: Path, meta, where: str) -> _File:
    if not isinstance(meta, dict):
        raise InputError(f"{where}: must be an object, not {describe(meta)}")
    role = short(meta, "role", where)
    filename = long_text(meta, "filename", where, FILENAME_CHARS)
    where = f"{where} ('{printable(filename)}')"
    digest = get(meta, "sha256", "text", where)
    if not _SHA256.fullmatch(digest):
        raise InputError(f"{where}: \"sha256\" must be 64 hexadecimal digits, not {describe(digest)}")
    size = get(meta, "size", "whole number", where)
    if not 0 <= size <= sheets.MAX_FILE_BYTES:
        raise InputError(f"{where}: \"size\" is {size:,} bytes; netmap keeps files of up to "
                         f"{sheets.MAX_FILE_BYTES // 2**20} MiB")
    path = locate(base, get(meta, "path", "text", where), where, sheets.MAX_FILE_BYTES, "path")
    return _File(role, filename, digest, size, path, where)


# --------------------------------------------------------------------------- loading
def load_project(store: Store, folder: str | Path, name: str | None = None, *, by: str | None = None) -> Loaded:
    """Recreate a dumped project (under ``name``, default its own) in ``store``, in one
    transaction, with its roles for the users ``store`` has (each an audit row ``grant`` by
    ``by``, default :func:`~netmap.store.store.default_author`) and its settings. The load is
    itself an audit row, ``project loaded``.

    A role goes to the account of the same name in ``store``: whoever restores into another
    store checks that the names are the same people (``netmap users list``).

    Returns
    -------
    Loaded
        The project's name, its number of waves, who has their role back, and who has none
        because ``store`` has no account of that name (never created here).

    Raises
    ------
    InputError
        The dump is damaged or hostile (see the module's notes); nothing is stored.
    StoreError
        The project exists already, or the dump was written by a newer netmap.
    """
    dump = check_dump(folder, name)
    with store._write() as conn:
        if conn.execute(sa.select(S.projects.c.id).where(S.projects.c.name == dump.project)).first():
            raise StoreError(f"project '{printable(dump.project)}' already exists in {store.where}; load it under "
                             "another name or into another store")
        pid = conn.execute(S.projects.insert().values(name=dump.project, created_at=dump.created_at,
                                                      created_by=dump.created_by)
                           .returning(S.projects.c.id)).scalar_one()
        for wave in dump.waves:
            _load_wave(store, conn, pid, dump.project, wave)
        if dump.settings is not None:
            conn.execute(S.project_settings.insert().values(project_id=pid, **dump.settings))
        if dump.review:
            conn.execute(S.review_decisions.insert(), [{"project_id": pid, **row} for row in dump.review])
        by = by or default_author()
        restored, missing = _load_roles(conn, pid, dump, by)
        audit(conn, "project loaded", by, dump.project, {"waves": len(dump.waves), "roles restored": len(restored),
                                                          "roles without an account here": len(missing),
                                                          **({"pseudonymised": True} if dump.pseudonymised else {})})
    return Loaded(dump.project, len(dump.waves), restored, missing, dump.pseudonymised)


def _load_roles(conn, project_id: int, dump: Dump, by: str) -> tuple[list[str], list[str]]:
    """Give each role of the dump to the user of that name in the store; the names without an
    account are returned, not created (an account is made by a person, with its password)."""
    accounts = {row.name: row.id for row in conn.execute(sa.select(S.users.c.name, S.users.c.id))}
    restored, missing = [], []
    for r in dump.roles:
        if r.user not in accounts:
            missing.append(r.user)
            continue
        conn.execute(S.project_roles.insert().values(project_id=project_id, user_id=accounts[r.user], role=r.role,
                                                     names=r.names, granted_at=r.granted_at, granted_by=r.granted_by))
        audit(conn, "grant", by, dump.project, {"account": r.user, "role": r.role, "names": r.names,
                                                "restored from": "a project dump"})
        restored.append(r.user)
    return restored, missing


def _load_wave(store: Store, conn, project_id: int, project: str, wave: _Wave) -> None:
    wave_id = conn.execute(S.waves.insert().values(
        project_id=project_id, name=wave.name, wave_date=wave.date, notes=wave.notes, directed=wave.directed,
        options=wave.options, version=wave.version, created_at=wave.created_at, created_by=wave.created_by)
        .returning(S.waves.c.id)).scalar_one()
    for f in wave.files:
        content = read_bounded(f.path, f.where, sheets.MAX_FILE_BYTES)
        if hashlib.sha256(content).hexdigest() != f.sha256:
            raise InputError(f"{printable(f.path)}: its checksum differs from project.json; the file was changed or "
                             "damaged")
        if len(content) != f.size:
            raise InputError(f"{f.where}: the file has {len(content):,} bytes but project.json says {f.size:,}")
        conn.execute(S.wave_files.insert().values(wave_id=wave_id, role=f.role, filename=f.filename,
                                                  content=content, sha256=f.sha256, size=len(content)))
    states: dict[str, TableState] = {}
    count = 0
    moved = [0]
    for count, revision, changes, where in _revisions(wave):
        states = _replay(states, changes, where, moved)  # checked before any of it is written
        store._add_revision(conn, wave_id, count, revision["author"], revision["kind"], revision["summary"],
                            changes, created_at=revision["created_at"])
    if count != wave.version:
        raise InputError(f"{printable(wave.revisions)}: revisions are not numbered 1 to {wave.version}; the dump is "
                         "damaged")
    _check_wave(project, wave, states)
    for table, state in states.items():
        store._write_table(conn, wave_id, table, state)


def _revisions(wave: _Wave) -> Iterator[tuple[int, dict, list[Change], str]]:
    """Each revision of the wave, read and checked one line at a time (never the whole file)."""
    shown = printable(wave.revisions)
    left = MAX_HISTORY_BYTES
    number = 0
    with open_regular(wave.revisions, wave.where) as handle:
        while line := handle.readline(left + 1):  # bounded even if the file grew after it was measured
            left -= len(line)
            if left < 0:
                raise InputError(f"{shown}: is larger than {MAX_HISTORY_BYTES / 2**20:,.0f} MiB")
            number += 1
            where = f"{shown}, line {number}"
            record = parse_json(line, where)
            if not isinstance(record, dict):
                raise InputError(f"{where}: must be an object, not {describe(record)}")
            if get(record, "number", "whole number", where) != number:
                raise InputError(f"{where}: revisions are not numbered 1 to {wave.version}; the dump is damaged")
            if number > wave.version:
                raise InputError(f"{where}: revision {number} is past the wave's version {wave.version}; the dump is "
                                 "damaged")
            short(record, "author", where)
            timestamp(record, "created_at", where)
            if get(record, "kind", "text", where) not in KINDS:
                raise InputError(f"{where}: \"kind\" must be one of {', '.join(KINDS)}, not "
                                 f"{describe(record['kind'])}")
            long_text(record, "summary", where, sheets.MAX_CELL_CHARS)
            changes = [_change(entry, f"{where}, change {k}")
                       for k, entry in enumerate(get(record, "changes", "list", where), start=1)]
            yield number, record, changes, where


def _change(entry, where: str) -> Change:
    if not isinstance(entry, dict):
        raise InputError(f"{where}: must be an object, not {describe(entry)}")
    table = get(entry, "table", "text", where)
    table_name(table, where)
    key = get(entry, "row_key", "text", where, optional=True)
    if key is not None and ("\x00" in key or SURROGATE.search(key) or len(key) > 3 * sheets.MAX_CELL_CHARS):
        raise InputError(f"{where}: \"row_key\" is not a row's key")
    position = get(entry, "position", "whole number", where, optional=True)
    if position is not None and position < 0:
        raise InputError(f"{where}: \"position\" must be 0 or more, not {position}")
    before = get(entry, "before", "object", where, optional=True)
    after = get(entry, "after", "object", where, optional=True)
    return Change(table, key, before, after, position)


# --------------------------------------------------------------------------- replaying
def _replay(states: dict[str, TableState], changes: list[Change], where: str,
            moved: list[int]) -> dict[str, TableState]:
    """The tables after one revision (``states`` is changed in place), each change checked
    against the tables before it: :func:`netmap.store.tables.apply` takes any change on trust.
    ``moved`` counts the rows moved by rows added in the middle of a table, against
    :data:`MAX_ROWS_MOVED`."""
    columns = {name: (state.columns, state.dtypes) for name, state in states.items()}
    reshaped: set[str] = set()
    for k, c in enumerate(changes, start=1):
        if c.row_key is not None:
            continue
        here = f"{where}, change {k} (table '{printable(c.table)}')"
        if c.table in reshaped:
            raise InputError(f"{here}: changes the table's columns twice in one revision; the dump is damaged")
        reshaped.add(c.table)
        current = states.get(c.table)
        expected = None if current is None else {"columns": current.columns, "dtypes": current.dtypes}
        if c.before != expected:
            raise InputError(f"{here}: the columns it changes are not those the earlier revisions give; the dump is "
                             "damaged")
        if c.after is None:
            columns.pop(c.table, None)
        else:
            columns[c.table] = _columns(c.table, c.after, here)
    if len(columns) > MAX_TABLES:
        raise InputError(f"{where}: makes {len(columns)} tables; a wave holds at most {MAX_TABLES}")
    seen: set[tuple[str, str]] = set()
    sizes = {name: len(state.rows) for name, state in states.items() if name in columns}
    middle: set[str] = set()
    for k, c in enumerate(changes, start=1):
        if c.row_key is not None:
            problem = _row_problem(c, columns, states, seen)
            if problem:  # where it is, in words, only now: tens of thousands of changes pass
                raise InputError(f"{where}, change {k} (table '{printable(c.table)}', row "
                                 f"{printable(c.row_key)[:80]}){problem}")
            sizes[c.table] = sizes.get(c.table, 0) + (c.before is None) - (c.after is None)
            before = len(states[c.table].rows) if c.table in states else 0
            if c.before is None and c.position is not None and c.position < before:
                middle.add(c.table)
    for name, rows in sizes.items():  # before the rows are added: a table past a limit is never built
        here = f"{where} (table '{printable(name)}')"
        if rows > sheets.MAX_ROWS:
            raise InputError(f"{here}: the table has {rows:,} rows after this revision; netmap reads tables of up to "
                             f"{sheets.MAX_ROWS:,} rows (the row limit)")
        if rows * len(columns[name][0]) > sheets.MAX_CELLS:
            raise InputError(f"{here}: the table has more than {sheets.MAX_CELLS:,} cells after this revision; "
                             f"netmap reads tables of up to {sheets.MAX_CELLS:,} cells (the cell limit: rows × "
                             "columns)")
    moved[0] += sum(sizes[name] for name in middle)
    if moved[0] > MAX_ROWS_MOVED:
        raise InputError(f"{where}: replaying this history moves more than {MAX_ROWS_MOVED:,} rows (rows added in the "
                         "middle of large tables, revision after revision); netmap loads histories up to that")
    out = apply(states, changes, in_place=True)
    for name in reshaped & set(out):  # every row of a table whose columns changed must follow them
        state = out[name]
        names = set(state.columns)
        if any(cells.keys() != names for cells in state.rows.values()):
            raise InputError(f"{where} (table '{printable(name)}'): rows keep columns the table no longer has; the "
                             "dump is damaged")
    return out


def _columns(table: str, after: dict, where: str) -> tuple[list[str], list[str]]:
    if set(after) != {"columns", "dtypes"}:
        raise InputError(f"{where}: a change of columns must give \"columns\" and \"dtypes\" only")
    names, dtypes = get(after, "columns", "list", where), get(after, "dtypes", "list", where)
    if len(names) > sheets.MAX_COLUMNS:
        raise InputError(f"{where}: the table has {len(names):,} columns; netmap reads tables of up to "
                         f"{sheets.MAX_COLUMNS:,} columns (the column limit)")
    for name in names:
        if type(name) is not str:
            raise InputError(f"{where}: a column's name must be text, not {describe(name)}")
        problem = _cell_problem(name)
        if problem:
            raise InputError(f"{where}, a column's name: {problem}")
    if len(set(names)) != len(names):
        raise InputError(f"{where}: column names repeat; the dump is damaged")
    if len(dtypes) != len(names) or any(d not in DTYPES for d in dtypes):
        raise InputError(f"{where}: \"dtypes\" must give one of {', '.join(DTYPES)} for each column")
    if (table in NETWORK_TABLES or table in KEYS) and any(d != "object" for d in dtypes):
        raise InputError(f"{where}: the {table} table holds text only")
    return names, dtypes


def _row_problem(c: Change, columns: dict, states: dict[str, TableState], seen: set) -> str | None:
    """What is wrong with a change of one row, given the tables before its revision (``": …"``
    or ``", column 'x': …"``), or None."""
    if c.table not in columns:
        return ": changes a row of a table that has no columns; the dump is damaged"
    if (c.table, c.row_key) in seen:
        return ": changes the same row twice in one revision; the dump is damaged"
    seen.add((c.table, c.row_key))
    if c.before is None and c.after is None:
        return ": has neither \"before\" nor \"after\""
    rows = states[c.table].rows if c.table in states else {}
    if c.before is None:
        if c.row_key in rows:
            return ": adds a row that is already there; the dump is damaged"
    elif rows.get(c.row_key) != c.before:
        return ": \"before\" is not the row the earlier revisions give; the dump is damaged"
    if c.after is None:
        return None
    problem = _cells_problem(c.after, columns[c.table][0])
    if problem:
        return problem
    expected = row_key(c.table, c.after, c.position if c.position is not None else -1)
    if c.table in KEYS and c.row_key != expected:
        return f": the row's key does not match its cells ({printable(expected)[:80]}); the dump is damaged"
    if c.table not in KEYS and c.before is None and c.row_key != expected:
        return f": a row added at position {c.position} has another key; the dump is damaged"
    return None


def _cells_problem(cells: dict, names: list[str]) -> str | None:
    if cells.keys() != set(names):
        return ": the row's cells are not the table's columns; the dump is damaged"
    texts = [value for value in cells.values() if value]  # "" and None need no check
    # one pass in C over the whole row; the cell at fault is looked for only when there is one
    if (any(type(value) is not str for value in texts) or max(map(len, texts), default=0) > sheets.MAX_CELL_CHARS
            or _BAD_CELL.search("".join(texts))):
        for column, value in cells.items():
            if value is not None and type(value) is not str:
                return f", column '{printable(column)}': a cell must be text or null, not {describe(value)}"
            problem = _cell_problem(value) if value else None
            if problem:
                return f", column '{printable(column)}': {problem}"
    return None


def _cell_problem(text: str) -> str | None:
    """What reading a file refuses or removes: cells past the length limit, control characters
    (``netmap.formats.spreadsheets`` removes them from files), lone surrogates."""
    if len(text) > sheets.MAX_CELL_CHARS:
        return (f"holds {len(text):,} characters; netmap reads cells of up to {sheets.MAX_CELL_CHARS:,} characters "
                "(the cell-length limit)")
    if sheets._CONTROL.search(text):
        return f"holds control characters ({sheets._control_names(text)}); netmap keeps none in its tables"
    if SURROGATE.search(text):
        return "holds a lone surrogate, which is not text"
    return None


# --------------------------------------------------------------------------- the wave's tables
def _check_wave(project: str, wave: _Wave, states: dict[str, TableState]) -> None:
    """The wave's tables as replayed: the ones project.json lists, each row under its own key,
    typed tables readable as their types, and the network and two-mode tables valid as uploads
    are. (Other extra tables are the store's to hold as given: ``save_table`` takes any table;
    the survey checks an aliases table with ``read_aliases`` when it uses it.)"""
    where = f"{printable(wave.revisions)}: wave '{printable(wave.name)}'"
    for table in NETWORK_TABLES:
        if table not in states:
            raise InputError(f"{where}: the history gives no {table} table; the dump is damaged")
    if set(states) != set(wave.tables):
        missing = sorted(set(states) ^ set(wave.tables))
        raise InputError(f"{where}: table '{printable(missing[0])}' is in project.json or in the history but not in "
                         "both; the dump is damaged")
    for table, state in states.items():
        if len(state.rows) != wave.tables[table]:
            raise InputError(f"{where}: table {printable(table)} has {wave.tables[table]} rows in the dump but its "
                             f"history gives {len(state.rows)}; the dump is damaged")
        # keyed tables: every added or changed row's key was checked against its cells in _replay
        if table not in KEYS and list(state.rows) != [str(i) for i in range(len(state.rows))]:
            raise InputError(f"{where}: the rows of table '{printable(table)}' are not under their own keys; the dump "
                             "is damaged")
        for column, dtype in zip(state.columns, state.dtypes):
            if dtype != "object":
                try:
                    state_to_frame(TableState([column], [dtype], {k: {column: cells.get(column)}
                                                                   for k, cells in state.rows.items()}), typed=True)
                except (ValueError, TypeError, OverflowError):
                    raise InputError(f"{where}: table '{printable(table)}', column '{printable(column)}' holds cells "
                                     f"that are not {dtype} values") from None
    if "actor_notes" in states and states["actor_notes"].columns != ["id", "note"]:
        raise InputError(f"{where}: table 'actor_notes' must have the columns id and note")
    try:
        network = _network(project, wave.name, states, wave.directed)
    except ValidationFailed as exc:
        raise InputError(f"{where}: its tables are not a valid network: {printable(exc)}") from None
    if "affiliations" in states:
        _check_two_mode(project, wave, states, network, where)


def _check_two_mode(project: str, wave: _Wave, states: dict[str, TableState], network, where: str) -> None:
    label = f"{project} / {wave.name}: "
    links = frame_to_raw(state_to_frame(states["affiliations"]), f"{label}affiliations table")
    spaces = (frame_to_raw(state_to_frame(states["spaces"]), f"{label}spaces table") if "spaces" in states
              else None)
    report = ValidationReport()
    validate_affiliations(links, spaces, network.actors, report=report, warn_created_actors=False)
    if not report.ok:
        raise InputError(f"{where}: its affiliations are not valid: {printable(ValidationFailed(report))}")
