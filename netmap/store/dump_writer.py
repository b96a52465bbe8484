"""``project dump``: write a whole project into a folder, with names or pseudonymised.

The folder's layout, and how ``project load`` reads it back as untrusted input, are in
:mod:`netmap.store.dump`; this module is the writing side only. A pseudonymised dump takes
its codes from :mod:`netmap.store.pseudonymised`.
"""
from __future__ import annotations

import json
from pathlib import Path

import sqlalchemy as sa

from netmap.errors import InputError
from netmap.formats.files import write_bytes, write_csv, write_text
from netmap.privacy import WITHHELD
from netmap.store import schema as S
from netmap.store.dump import FORMAT, FORMAT_VERSION
from netmap.store.engine import HEAD
from netmap.store.pseudonymised import LEFT_OUT_TABLES, HistoryPseudonymiser
from netmap.store.store import Store, _now
from netmap.store.tables import state_to_frame

__all__ = ["REVIEW_FIELDS", "dump_project"]

#: The fields of one name-review decision, as ``review_decisions`` holds them.
REVIEW_FIELDS = ("raw_name", "actor_id", "actor_name", "decided_at", "decided_by")


def _safe(name: str) -> str:
    keep = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in name)
    return keep.strip("._") or "file"


def dump_project(store: Store, project: str, out: str | Path, *, key: str | None = None,
                 key_out: str | Path | None = None) -> list[Path]:
    """Write every wave, file, table and revision of ``project`` into the folder ``out``.

    With ``key``, a pseudonymised dump (:mod:`netmap.store.pseudonymised`): every table,
    revision and current table with codes made from ``key`` for actors and spaces, free-text
    and contact columns and the notes on actors left out, and none of what cannot be made
    into codes: the source files as uploaded, wave notes, who made each change, roles, the
    name review's decisions and the project's own pseudonym key. ``project.json`` says
    ``"pseudonymised": true``; ``key_out`` is where the key table (code, id, name) goes,
    apart from the dump (the caller checks it is not inside ``out``).
    """
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise InputError(f"--out {out} is a file; give a folder")
    written: list[Path] = []
    with store._read() as conn:
        pid = store._project_id(conn, project)
        head = conn.execute(sa.select(S.projects).where(S.projects.c.id == pid)).one()
        rows = [store._wave(conn, project, name) for name in store._wave_names(conn, pid)]
        private = None
        if key is not None:  # one set of codes for the whole history: read it all first
            private = HistoryPseudonymiser((store._changes(conn, row.id, 1, row.version) for row in rows), key)
        waves = []
        for index, row in enumerate(rows, start=1):
            folder = out / "waves" / f"{index:02d}"
            folder.mkdir(parents=True, exist_ok=True)
            files = [] if private is not None else _dump_files(conn, row.id, folder, out, written)
            revs = conn.execute(sa.select(S.revisions).where(S.revisions.c.wave_id == row.id)
                                .order_by(S.revisions.c.number)).all()
            changes = store._changes(conn, row.id, 1, row.version)
            path = folder / "revisions.jsonl"
            with path.open("w", encoding="utf-8", newline="\n") as handle:
                for r in revs:
                    mine, author, summary = changes.get(r.number, []), r.author, r.summary
                    if private is not None:
                        mine = private.changes(mine)
                        author, summary = WITHHELD, private.summary(mine)
                    record = {"number": r.number, "author": author, "created_at": r.created_at, "kind": r.kind,
                              "summary": summary,
                              "changes": [{"table": c.table, "row_key": c.row_key, "position": c.position,
                                           "before": c.before, "after": c.after} for c in mine]}
                    handle.write(json.dumps(record, ensure_ascii=False) + "\n")
            written.append(path)
            tables = {}
            for table, state in store._current_states(conn, row.id).items():
                if private is not None:
                    if table in LEFT_OUT_TABLES:
                        continue
                    state = private.state(table, state)
                path = folder / f"{_safe(table)}.csv"
                write_csv(path, state_to_frame(state))  # a readable copy: formula-safe, as every CSV netmap writes
                written.append(path)
                tables[table] = {"path": path.relative_to(out).as_posix(), "rows": len(state.rows)}
            waves.append({"name": row.name, "date": row.wave_date, "notes": row.notes if private is None else "",
                          "directed": bool(row.directed),
                          "options": json.loads(row.options) if row.options else None, "version": row.version,
                          "created_at": row.created_at,
                          "created_by": row.created_by if private is None else WITHHELD, "files": files,
                          "revisions": (folder / "revisions.jsonl").relative_to(out).as_posix(), "tables": tables})
        roles, settings = _access(conn, pid)
        decided = [dict(r._mapping) for r in conn.execute(
            sa.select(*(S.review_decisions.c[c] for c in REVIEW_FIELDS))
            .where(S.review_decisions.c.project_id == pid).order_by(S.review_decisions.c.raw_name))]
    manifest = {"format": FORMAT, "format_version": FORMAT_VERSION, "schema": HEAD, "dumped_at": _now(),
                "project": {"name": head.name, "created_at": head.created_at,
                            "created_by": head.created_by if private is None else WITHHELD},
                "waves": waves, "roles": roles, "settings": settings}
    if private is not None:
        # roles name the team, the review pairs typed names with people, the key undoes every code
        manifest.update(pseudonymised=True, roles=[], settings=None)
        decided = []
    if decided:  # the name review's decisions, kept as they were made (netmap.store.review)
        review = out / "review.json"
        write_text(review, json.dumps(decided, ensure_ascii=False, indent=0) + "\n")
        written.append(review)
        manifest["review"] = review.relative_to(out).as_posix()
    path = out / "project.json"
    write_text(path, json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")
    if private is not None and key_out is not None:
        key_out = Path(key_out)
        try:
            key_out.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise InputError(f"{key_out.parent}: cannot create the folder ({exc.strerror or exc})") from None
        write_csv(key_out, private.key_table())
    return [path, *written]


def _dump_files(conn, wave_id: int, folder: Path, out: Path, written: list[Path]) -> list[dict]:
    """Write a wave's source files byte for byte into ``folder/files``; their entries in project.json."""
    (folder / "files").mkdir(exist_ok=True)
    files = []
    for f in conn.execute(sa.select(S.wave_files).where(S.wave_files.c.wave_id == wave_id)
                          .order_by(S.wave_files.c.id)):
        path = folder / "files" / f"{_safe(f.role)}-{_safe(f.filename)}"
        write_bytes(path, bytes(f.content))
        written.append(path)
        files.append({"role": f.role, "filename": f.filename, "sha256": f.sha256, "size": f.size,
                      "path": path.relative_to(out).as_posix()})
    return files


def _access(conn, project_id: int) -> tuple[list[dict], dict | None]:
    """The project's roles (by user name: never an account's hash or identity) and settings."""
    table = S.project_roles
    roles = [{"user": r.name, "role": r.role, "names": bool(r.names), "granted_at": r.granted_at,
              "granted_by": r.granted_by}
             for r in conn.execute(sa.select(S.users.c.name, table.c.role, table.c.names, table.c.granted_at,
                                             table.c.granted_by)
                                   .join(S.users, S.users.c.id == table.c.user_id)
                                   .where(table.c.project_id == project_id).order_by(S.users.c.name))]
    row = conn.execute(sa.select(S.project_settings)
                       .where(S.project_settings.c.project_id == project_id)).first()
    settings = None if row is None else {"pseudonym_key": row.pseudonym_key, "sources_days": row.sources_days}
    return roles, settings
