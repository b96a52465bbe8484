"""``netmap project ...`` and ``analyse --db``: exit codes, one-line errors, exact exports,
dump/load round trips SQLite → PostgreSQL → SQLite, and no password anywhere."""
from __future__ import annotations

import json

import pandas as pd
import pytest
import sqlalchemy as sa

from netmap.cli import main
from netmap.store import open_store

from .helpers import ACTORS, TIES


def run(capsys, *argv):
    status = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def project(tmp_path, write, capsys):
    db = tmp_path / "s.db"
    ties, actors = write("ties.csv", TIES), write("actors.csv", ACTORS)
    assert run(capsys, "project", "create", "Millbrook", "--db", db)[0] == 0
    status, out, err = run(capsys, "project", "add-wave", "Millbrook", "2025 baseline", ties, "--actors", actors,
                           "--date", "2025-03-01", "--note", "first map", "--db", db)
    assert status == 0, err
    assert "4 actors, 4 ties" in out
    return db, ties, actors


def test_export_gives_back_every_column_as_it_went_in(project, tmp_path, capsys):
    db, ties, actors = project
    status, out, err = run(capsys, "project", "export", "Millbrook", "2025 baseline", "--out", tmp_path / "out",
                           "--db", db)
    assert status == 0, err
    for name, original in (("actors.csv", actors), ("ties.csv", ties)):
        exported = pd.read_csv(tmp_path / "out" / name, dtype=str, keep_default_na=False)
        given = pd.read_csv(original, dtype=str, keep_default_na=False)
        pd.testing.assert_frame_equal(exported, given)


def test_list_history_and_analyse_a_stored_wave(project, tmp_path, capsys):
    db, _, _ = project
    status, out, _ = run(capsys, "project", "list", "--db", db)
    assert status == 0 and "Millbrook" in out
    status, out, _ = run(capsys, "project", "list", "Millbrook", "--db", db)
    assert "2025 baseline\t2025-03-01\t4 actors\t4 ties" in out and "note: first map" in out
    status, out, _ = run(capsys, "project", "history", "Millbrook", "--wave", "2025 baseline", "--db", db)
    assert status == 0 and "revision 1" in out and "import" in out
    store = open_store(str(db))
    _, ties = store.wave_frames("Millbrook", "2025 baseline")
    ties.loc[0, "weight"] = "4"
    store.edit_wave("Millbrook", "2025 baseline", base_version=1, ties=ties.drop(index=1), author="Bea")
    store.close()
    status, out, _ = run(capsys, "project", "history", "Millbrook", "--wave", "2025 baseline", "--db", db)
    assert "revision 2" in out and "Bea\tedit" in out
    assert "    ties 007 – 010 changed weight: 2.5 → 4" in out
    assert "    ties 010 – hub removed source=010, target=hub, weight=1, type=shares information" in out
    status, out, err = run(capsys, "analyse", "--db", db, "--project", "Millbrook", "--wave", "2025 baseline",
                           "--group-by", "sector", "--out", tmp_path / "res")
    assert status == 0, err
    actors = pd.read_csv(tmp_path / "res" / "actors.csv", dtype={"id": str})
    assert set(actors["id"]) == {"007", "010", "hub", "école"}
    assert open_store(str(db)).load_options("Millbrook", "2025 baseline")["group_by"] == "sector"


@pytest.mark.parametrize("argv, message", [
    (["project", "list", "Nowhere"], "no project 'Nowhere'"),
    (["project", "export", "Millbrook", "2030", "--out", "x"], "has no wave '2030'"),
    (["project", "add-wave", "Millbrook", "2025 baseline", "TIES"], "already has a wave '2025 baseline'"),
    (["project", "create", "Millbrook"], "already exists"),
    (["project", "add-wave", "Millbrook", "w", "TIES", "--date", "March"], "not a date"),
    (["analyse", "--project", "Millbrook", "--wave", "nope", "--out", "x"], "has no wave 'nope'"),
    (["analyse", "--project", "Millbrook", "--out", "x"], "--project and --wave go together"),
])
def test_bad_input_is_one_line_and_exit_2(project, capsys, argv, message):
    db, ties, _ = project
    argv = [str(ties) if a == "TIES" else a for a in argv] + ["--db", str(db)]
    status, out, err = run(capsys, *argv)
    assert status == 2
    assert message in err and err.count("\n") == 1 and "Traceback" not in err


def test_add_wave_validates_like_analyse(project, write, capsys):
    db, _, _ = project
    bad = write("bad.csv", "source,target,weight\na,b,strong\n")
    status, _, err = run(capsys, "project", "add-wave", "Millbrook", "bad", bad, "--db", db)
    assert status == 2 and "bad.csv, row 2, column 'weight'" in err
    assert open_store(str(db)).wave_names("Millbrook") == ["2025 baseline"]


def test_wrong_or_unreachable_db(tmp_path, write, capsys):
    csv = write("ties.csv", TIES)
    cases = [(tmp_path / "missing.db", "no netmap store"), (tmp_path, "is a folder"), (csv, "not a netmap store"),
             ("mysql://u@h/db", "SQLite (a file path) or PostgreSQL"),
             ("postgresql://u:hunter2@127.0.0.1:9/db", "cannot open the store postgresql://u:***@127.0.0.1:9/db")]
    for db, message in cases:
        status, out, err = run(capsys, "project", "list", "--db", db)
        assert status == 2 and message in err, (db, err)
        assert "hunter2" not in out + err


def test_newer_store_is_refused_on_the_command_line(project, capsys):
    db, _, _ = project
    engine = sa.create_engine(f"sqlite:///{db}")
    with engine.begin() as conn:
        conn.execute(sa.text("UPDATE alembic_version SET version_num = '0099'"))
    engine.dispose()
    status, _, err = run(capsys, "project", "list", "--db", db)
    assert status == 2 and "written by a newer netmap" in err


def _snapshot(db: str, project: str) -> dict:
    """Everything a person can see of a project: waves, tables, files, history, changes."""
    store = open_store(db)
    try:
        out = {}
        for wave in store.waves(project):
            actors, ties = store.wave_frames(project, wave.name)
            history = store.history(project, wave.name)
            out[wave.name] = dict(
                info=(wave.date, wave.notes, wave.directed, wave.version, wave.options, wave.created_by,
                      wave.files),
                actors=actors.to_dict("split"), ties=ties.to_dict("split"),
                aliases=None if (t := store.load_table(project, wave.name, "aliases")) is None else t.to_dict("split"),
                notes=store.actor_notes(project, wave.name),
                files=[(f.role, f.filename, f.content) for f in store.source_files(project, wave.name)],
                history=history.to_dict("split"),
                changes=[store.revision_changes(project, wave.name, n).to_dict("split") for n in history["revision"]],
                first=store.wave_frames(project, wave.name, revision=1)[1].to_dict("split"))
        return out
    finally:
        store.close()


def test_dump_load_round_trip_sqlite_postgresql_sqlite(project, tmp_path, pg_url, capsys):
    db, _, _ = project
    store = open_store(str(db))
    _, ties = store.wave_frames("Millbrook", "2025 baseline")
    ties.loc[0, "weight"] = "4"
    ties = ties.drop(index=1)
    store.edit_wave("Millbrook", "2025 baseline", base_version=1, ties=ties, author="Bea")
    store.set_actor_note("Millbrook", "2025 baseline", "hub", "moved in May", author="Bea")
    store.save_table("Millbrook", "2025 baseline", "aliases",
                     pd.DataFrame({"typed": ["Ada"], "actor": ["007"], "score": [0.875]}))
    store.save_options("Millbrook", "2025 baseline", {"weighted": True})
    store.add_wave("Millbrook", "2026 follow-up", store.load_network("Millbrook", "2025 baseline"),
                   date="2026-03-01", author="Cy")
    store.close()
    before = _snapshot(str(db), "Millbrook")

    assert run(capsys, "project", "dump", "Millbrook", "--out", tmp_path / "d1", "--db", db)[0] == 0
    status, out, err = run(capsys, "project", "load", tmp_path / "d1", "--db", pg_url)
    assert status == 0, err
    assert _snapshot(pg_url, "Millbrook") == before
    assert run(capsys, "project", "dump", "Millbrook", "--out", tmp_path / "d2", "--db", pg_url)[0] == 0
    assert run(capsys, "project", "load", tmp_path / "d2", "--db", tmp_path / "back.db")[0] == 0
    assert _snapshot(str(tmp_path / "back.db"), "Millbrook") == before
    # the two dumps are the same files (apart from when they were made)
    for path in sorted((tmp_path / "d1").rglob("*")):
        twin = tmp_path / "d2" / path.relative_to(tmp_path / "d1")
        if path.name == "project.json":
            a, b = (json.loads(p.read_text()) for p in (path, twin))
            a.pop("dumped_at"), b.pop("dumped_at")
            assert a == b
        elif path.is_file():
            assert path.read_bytes() == twin.read_bytes(), path
    # loading the same project twice is refused, and nothing half-loaded remains
    status, _, err = run(capsys, "project", "load", tmp_path / "d2", "--db", pg_url)
    assert status == 2 and "already exists" in err


def test_damaged_dump_is_refused_and_nothing_is_loaded(project, tmp_path, capsys):
    db, _, _ = project
    assert run(capsys, "project", "dump", "Millbrook", "--out", tmp_path / "d", "--db", db)[0] == 0
    stored = next((tmp_path / "d").rglob("files/ties-*"))
    stored.write_bytes(stored.read_bytes() + b"x,y\n")
    status, _, err = run(capsys, "project", "load", tmp_path / "d", "--db", tmp_path / "other.db")
    assert status == 2 and "checksum" in err
    assert not (tmp_path / "other.db").exists()  # the load would have made it: a refused dump leaves no store


def test_password_is_never_written_to_store_outputs_or_messages(tmp_path, pg_url, write, capsys):
    """The test server trusts local connections, so a password in the URL is accepted and
    ignored: we can check it appears nowhere."""
    secret = "Sup3r-secret-pw"
    url = pg_url.replace("postgresql://postgres@", f"postgresql://postgres:{secret}@")
    ties, actors = write("ties.csv", TIES), write("actors.csv", ACTORS)
    outputs = []
    for argv in (["project", "create", "P"], ["project", "add-wave", "P", "w", ties, "--actors", actors],
                 ["project", "list"], ["project", "list", "P"], ["project", "history", "P"],
                 ["analyse", "--project", "P", "--wave", "w", "--out", tmp_path / "res"],
                 ["project", "dump", "P", "--out", tmp_path / "dump"], ["project", "list", "Nope"]):
        status, out, err = run(capsys, *argv, "--db", url)
        outputs.append(out + err)
    assert not any(secret in text for text in outputs)
    for path in list((tmp_path / "res").rglob("*")) + list((tmp_path / "dump").rglob("*")):
        if path.is_file():
            assert secret.encode() not in path.read_bytes(), path
    engine = sa.create_engine(pg_url.replace("postgresql://", "postgresql+psycopg://"))
    with engine.connect() as conn:
        for table in ("projects", "waves", "wave_files", "wave_tables", "table_rows", "revisions",
                      "revision_changes"):
            for row in conn.execute(sa.text(f"SELECT * FROM {table}")):
                assert secret not in repr(tuple(row)), table
    engine.dispose()
