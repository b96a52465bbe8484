"""``project dump`` / ``project load``: a whole project as a folder of JSON and CSV.

Layout of the folder::

    project.json                      project, waves (date, notes, options …), file checksums
    waves/01/files/<role>-<filename>  the source files, byte for byte
    waves/01/revisions.jsonl          every revision with its row-level changes (the truth)
    waves/01/<table>.csv              the current tables, for people to read (not read back)

Loading replays the revisions, so the project comes back with its whole history, in any
store (SQLite or PostgreSQL), and the current tables are checked against the CSVs' row
counts.
"""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import sqlalchemy as sa

from netmap.errors import InputError, StoreError
from netmap.store import schema as S
from netmap.store.engine import HEAD
from netmap.store.store import Store, _now
from netmap.store.tables import Change, apply, state_to_frame

__all__ = ["dump_project", "load_project", "FORMAT"]

FORMAT = "netmap-project-dump"
FORMAT_VERSION = 1


def _safe(name: str) -> str:
    keep = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in name)
    return keep.strip("._") or "file"


def dump_project(store: Store, project: str, out: str | Path) -> list[Path]:
    """Write every wave, file, table and revision of ``project`` into the folder ``out``."""
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise InputError(f"--out {out} is a file; give a folder")
    written: list[Path] = []
    with store._read() as conn:
        pid = store._project_id(conn, project)
        head = conn.execute(sa.select(S.projects).where(S.projects.c.id == pid)).one()
        waves = []
        for index, name in enumerate(store._wave_names(conn, pid), start=1):
            row = store._wave(conn, project, name)
            folder = out / "waves" / f"{index:02d}"
            (folder / "files").mkdir(parents=True, exist_ok=True)
            files = []
            for f in conn.execute(sa.select(S.wave_files).where(S.wave_files.c.wave_id == row.id)
                                  .order_by(S.wave_files.c.id)):
                path = folder / "files" / f"{_safe(f.role)}-{_safe(f.filename)}"
                path.write_bytes(bytes(f.content))
                written.append(path)
                files.append(dict(role=f.role, filename=f.filename, sha256=f.sha256, size=f.size,
                                  path=path.relative_to(out).as_posix()))
            revs = conn.execute(sa.select(S.revisions).where(S.revisions.c.wave_id == row.id)
                                .order_by(S.revisions.c.number)).all()
            changes = store._changes(conn, row.id, 1, row.version)
            path = folder / "revisions.jsonl"
            with path.open("w", encoding="utf-8", newline="\n") as handle:
                for r in revs:
                    record = dict(number=r.number, author=r.author, created_at=r.created_at, kind=r.kind,
                                  summary=r.summary,
                                  changes=[dict(table=c.table, row_key=c.row_key, position=c.position,
                                                before=c.before, after=c.after) for c in changes.get(r.number, [])])
                    handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            written.append(path)
            tables = {}
            for table, state in store._current_states(conn, row.id).items():
                path = folder / f"{_safe(table)}.csv"
                state_to_frame(state).to_csv(path, index=False, encoding="utf-8")
                written.append(path)
                tables[table] = dict(path=path.relative_to(out).as_posix(), rows=len(state.rows))
            waves.append(dict(name=row.name, date=row.wave_date, notes=row.notes, directed=bool(row.directed),
                              options=json.loads(row.options) if row.options else None, version=row.version,
                              created_at=row.created_at, created_by=row.created_by, files=files,
                              revisions=(folder / "revisions.jsonl").relative_to(out).as_posix(), tables=tables))
    manifest = dict(format=FORMAT, format_version=FORMAT_VERSION, schema=HEAD, dumped_at=_now(),
                    project=dict(name=head.name, created_at=head.created_at, created_by=head.created_by), waves=waves)
    path = out / "project.json"
    path.write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return [path, *written]


def load_project(store: Store, folder: str | Path, name: str | None = None) -> tuple[str, int]:
    """Recreate a dumped project (under ``name``, default its own) in ``store``, in one
    transaction. Returns ``(project name, number of waves)``."""
    folder = Path(folder)
    manifest_path = folder / "project.json"
    if not manifest_path.is_file():
        raise InputError(f"{folder} is not a netmap project dump (no project.json)")
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError(f"{manifest_path}: cannot be read ({exc})") from None
    if manifest.get("format") != FORMAT:
        raise InputError(f"{manifest_path}: not a netmap project dump")
    if manifest.get("format_version", 0) > FORMAT_VERSION:
        raise StoreError(f"{manifest_path} was written by a newer netmap (dump format "
                         f"{manifest['format_version']}); update netmap to load it")
    project = name or manifest["project"]["name"]
    prepared = [_read_wave(folder, wave) for wave in manifest["waves"]]
    with store._write() as conn:
        if conn.execute(sa.select(S.projects.c.id).where(S.projects.c.name == project)).first():
            raise StoreError(f"project '{project}' already exists in {store.where}; load it under another "
                             "name or into another store")
        head = manifest["project"]
        pid = conn.execute(S.projects.insert().values(name=project, created_at=head["created_at"],
                                                      created_by=head["created_by"])
                           .returning(S.projects.c.id)).scalar_one()
        for wave, files, revisions in prepared:
            wave_id = conn.execute(S.waves.insert().values(
                project_id=pid, name=wave["name"], wave_date=wave["date"], notes=wave["notes"] or "",
                directed=bool(wave["directed"]),
                options=json.dumps(wave["options"], sort_keys=True) if wave["options"] is not None else None,
                version=wave["version"], created_at=wave["created_at"], created_by=wave["created_by"])
                .returning(S.waves.c.id)).scalar_one()
            for meta, content in files:
                conn.execute(S.wave_files.insert().values(wave_id=wave_id, role=meta["role"],
                                                          filename=meta["filename"], content=content,
                                                          sha256=meta["sha256"], size=len(content)))
            states = {}
            for rev in revisions:
                changes = [Change(c["table"], c["row_key"], c["before"], c["after"], c["position"])
                           for c in rev["changes"]]
                store._add_revision(conn, wave_id, rev["number"], rev["author"], rev["kind"], rev["summary"],
                                    changes, created_at=rev["created_at"])
                states = apply(states, changes)
            for table, state in states.items():
                expected = wave.get("tables", {}).get(table, {}).get("rows")
                if expected is not None and expected != len(state.rows):
                    raise InputError(f"{folder}: wave '{wave['name']}' table {table} has {expected} rows in the "
                                     f"dump but its history gives {len(state.rows)}; the dump is damaged")
                store._write_table(conn, wave_id, table, state)
    return project, len(prepared)


def _read_wave(folder: Path, wave: dict):
    files = []
    for meta in wave.get("files", []):
        path = folder / meta["path"]
        try:
            content = path.read_bytes()
        except OSError:
            raise InputError(f"{path}: missing from the dump") from None
        if hashlib.sha256(content).hexdigest() != meta["sha256"]:
            raise InputError(f"{path}: its checksum differs from project.json; the file was changed or damaged")
        files.append((meta, content))
    path = folder / wave["revisions"]
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        raise InputError(f"{path}: missing from the dump") from None
    revisions = []
    for number, line in enumerate(lines, start=1):
        try:
            revisions.append(json.loads(line))
        except ValueError:
            raise InputError(f"{path}: line {number} is not valid JSON") from None
    numbers = [r["number"] for r in revisions]
    if numbers != list(range(1, len(numbers) + 1)) or (numbers and numbers[-1] != wave["version"]):
        raise InputError(f"{path}: revisions are not numbered 1 to {wave['version']}; the dump is damaged")
    return wave, files, revisions
