"""Erasure, subject access, retention and deletion (SQLite and PostgreSQL): one person leaves
every table, revision, note and source file, and the bytes leave the database files; the audit
trail keeps its rows and the erasure's own row holds nothing about them."""
from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa

from netmap.errors import InputError, StoreError
from netmap.network import read_network
from netmap.store import SourceFile, open_store, review
from netmap.store.audit import audit_rows, record
from netmap.store.erasure import apply_retention, delete_project, forget, set_retention, subject_access
from netmap.store.roles import grant

NAME, ID = "Zelda Quartermaine", "zq-4471"
ACTORS = ("id,name,sector,notes\n"
          f"{ID},{NAME},community,runs the lunch club\n"
          "hub,Community Hub,voluntary,Zelda Quartermaine opens it on Mondays\n"
          "cafe,Riverside Cafe,business,\n"
          "lib,Northgate Library,public,\n")
TIES = ("source,target,weight\n"
        f"{ID},hub,2\n"
        f"cafe,{ID},1\n"
        "hub,lib,3\n"
        "cafe,hub,1\n")
AFFILIATIONS = f"actor,space\n{ID},hall\nhub,hall\ncafe,park\n"
SPACES = f"id,name,owner\nhall,Church Hall,{ID}\npark,Riverside Park,\n"
ALIASES = pd.DataFrame({"raw_name": ["Zelda Q.", "Comm. Hub"], "actor_id": [ID, "hub"],
                        "actor_name": [NAME, "Community Hub"], "decision": ["matched", "matched"]})
SECRETS = (NAME.encode(), ID.encode(), b"Zelda Q.")


@pytest.fixture
def stored(any_db, tmp_path):
    files = {}
    for name, text in (("actors.csv", ACTORS), ("ties.csv", TIES), ("affiliations.csv", AFFILIATIONS),
                       ("spaces.csv", SPACES)):
        (tmp_path / name).write_text(text, encoding="utf-8")
        files[name] = text.encode()
    network = read_network(tmp_path / "ties.csv", tmp_path / "actors.csv",
                           affiliations=tmp_path / "affiliations.csv", spaces=tmp_path / "spaces.csv")
    store = open_store(any_db, create=True)
    store.create_project("Millbrook", author="admin")
    store.create_project("Other", author="admin")
    for wave in ("2025", "2026"):
        store.add_wave("Millbrook", wave, network, author="admin", notes=f"{NAME} helped with the survey",
                       tables={"aliases": ALIASES},
                       files=[SourceFile.of(role, name, files[name]) for role, name in
                              (("ties", "ties.csv"), ("actors", "actors.csv"), ("affiliations", "affiliations.csv"),
                               ("spaces", "spaces.csv"))])
    (tmp_path / "other.csv").write_text("source,target\nhub,lib\n", encoding="utf-8")
    store.add_wave("Other", "2025", read_network(tmp_path / "other.csv"), author="admin",  # not touched
                   files=[SourceFile.of("ties", "other.csv", b"source,target\nhub,lib\n")])
    store.set_actor_note("Millbrook", "2025", ID, "asked to be kept informed", author="ann")
    actors, ties = store.wave_frames("Millbrook", "2025")
    ties.loc[ties["source"] == "hub", "weight"] = "5"
    store.edit_wave("Millbrook", "2025", base_version=2, ties=ties, author="ann")
    record(store, "download", "ann", "Millbrook", {"file": "actors.csv", "holds": "names"})
    yield store, any_db
    store.close()


def everything_held(store, project: str) -> str:
    """Every table, revision, note and file of the project, as one text."""
    parts = []
    for wave in store.wave_names(project):
        info = store.wave_info(project, wave)
        parts.append(info.notes)
        for frame in store.wave_frames(project, wave):
            parts.append(frame.to_csv())
        for name in info.tables:
            frame = store.load_table(project, wave, name)
            parts.append("" if frame is None else frame.to_csv())
        history = store.history(project, wave)
        parts.append(history.to_csv())
        for number in history["revision"]:
            parts.append(store.revision_changes(project, wave, number).to_csv())
            parts += [f.to_csv() for f in store.wave_frames(project, wave, revision=number)]
        parts += [f.content.decode("utf-8", errors="replace") for f in store.source_files(project, wave)]
    return "\n".join(parts)


def raw_bytes(store, db: str, pg_server) -> bytes:
    """The bytes of the database's files: SQLite's file and write-ahead log, or PostgreSQL's
    heap and TOAST files of netmap's tables (after a checkpoint writes them out)."""
    if store.backend == "sqlite":
        return b"".join(Path(db + suffix).read_bytes() for suffix in ("", "-wal") if Path(db + suffix).exists())
    data = b""
    with store.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.exec_driver_sql("CHECKPOINT")
        for table in ("table_rows", "revision_changes", "revisions", "wave_files", "waves"):
            for relation in (table, conn.exec_driver_sql(
                    f"SELECT reltoastrelid::regclass::text FROM pg_class WHERE relname = '{table}'").scalar()):
                path = conn.exec_driver_sql(f"SELECT pg_relation_filepath('{relation}')").scalar()
                for segment in sorted(pg_server.data.glob(path + "*")):
                    data += segment.read_bytes()
    return data


def test_forget_removes_the_person_everywhere_and_the_bytes(stored, request):
    store, db = stored
    pg_server = request.getfixturevalue("pg_server") if store.backend == "postgresql" else None
    assert NAME in everything_held(store, "Millbrook")
    assert all(s in raw_bytes(store, db, pg_server) for s in SECRETS)  # the check can see them
    trail_before = audit_rows(store)

    erased = forget(store, "Millbrook", ID, "request by email, 2026-03-02", by="admin")
    assert erased.waves == 2 and erased.files_removed == []
    assert set(erased.files_rewritten) == {"ties.csv", "actors.csv", "affiliations.csv", "spaces.csv"}
    held = everything_held(store, "Millbrook")
    for secret in (NAME, ID, "Zelda Q."):
        assert secret not in held
    assert "[erased] opens it on Mondays" in held and "[erased] helped with the survey" in held
    raw = raw_bytes(store, db, pg_server)
    assert not [s for s in SECRETS if s in raw]
    assert "hub" in everything_held(store, "Other") and len(store.source_files("Other", "2025")) == 1

    # the rest is intact and the history still replays to the tables
    actors, ties = store.wave_frames("Millbrook", "2025")
    assert list(actors["id"]) == ["hub", "cafe", "lib"] and len(ties) == 2
    assert ties.set_index("source").loc["hub", "weight"] == "5"  # the edit of others' ties is kept
    for number in store.history("Millbrook", "2025")["revision"]:
        store.load_network("Millbrook", "2025", revision=number)
    network = store.load_network("Millbrook", "2026")
    assert set(network.affiliations["actor"]) == {"hub", "cafe"}
    assert list(network.spaces["name"]) == ["Church Hall", "Riverside Park"]  # places stay; the owner is blanked
    store.restore("Millbrook", "2025", 1, author="admin")
    files = {f.filename: f for f in store.source_files("Millbrook", "2026")}
    assert files["ties.csv"].content == b"source,target,weight\nhub,lib,3\ncafe,hub,1\n"
    assert files["spaces.csv"].content == b"id,name,owner\nhall,Church Hall,\npark,Riverside Park,\n"

    trail = audit_rows(store)
    pd.testing.assert_frame_equal(trail.head(len(trail_before)), trail_before)  # earlier rows stay, unchanged
    row = trail.iloc[len(trail_before)]
    assert (row["event"], row["user"], row["project"]) == ("erasure", "admin", "Millbrook")
    assert json.loads(row["detail"])["reason"] == "request by email, 2026-03-02"
    assert not any(s.decode() in trail.to_csv() for s in SECRETS)


def test_bad_erasures_change_nothing_and_name_no_one(stored):
    store, _ = stored
    before = everything_held(store, "Millbrook")
    with pytest.raises(StoreError) as caught:
        forget(store, "Millbrook", "no-such-person", "request by letter")
    assert str(caught.value) == ("no actor with that id in any wave of project 'Millbrook'; nothing was erased "
                                 "(netmap project export shows the ids)")
    with pytest.raises(InputError, match="names the person"):
        forget(store, "Millbrook", ID, f"{NAME} asked by phone")
    with pytest.raises(InputError, match="--reason is blank"):
        forget(store, "Millbrook", ID, "  ")
    with pytest.raises(StoreError, match="no project 'Nowhere'"):
        forget(store, "Nowhere", ID, "request")
    assert everything_held(store, "Millbrook") == before
    refused = audit_rows(store).iloc[-1]
    assert refused["event"] == "erasure refused" and "no-such-person" not in refused["detail"]


def test_subject_access_gives_their_rows_and_codes_the_others(stored):
    store, _ = stored
    # the name review decided two typed names: one is this person, the other someone else
    review.decide(store, "Millbrook", {"Zelda at the hall": (ID, NAME), "Bobby": ("hub", "Community Hub")},
                  by="ann")
    data = subject_access(store, "Millbrook", ID, by="admin")
    archive = zipfile.ZipFile(io.BytesIO(data))
    names = archive.namelist()
    assert "README.txt" in names and "01 2025/actor.csv" in names and "02 2026/ties.csv" in names
    actor = pd.read_csv(io.BytesIO(archive.read("01 2025/actor.csv")), dtype=str)
    assert actor.loc[0, "name"] == NAME
    ties = archive.read("01 2025/ties.csv").decode()
    assert "hub" not in ties and "cafe" not in ties and "A-" in ties  # the other parties by code
    assert "asked to be kept informed" in archive.read("01 2025/actor_notes.csv").decode()
    assert "Zelda Q." in archive.read("01 2025/aliases.csv").decode()
    assert "Church Hall" in archive.read("01 2025/spaces.csv").decode()
    history = pd.read_csv(io.BytesIO(archive.read("01 2025/history.csv")))
    assert set(history["by"]) == {"admin", "ann"}
    decided = pd.read_csv(io.BytesIO(archive.read("name-review.csv")), dtype=str)
    assert decided[["typed name", "decided to be", "decided by"]].values.tolist() == [["Zelda at the hall", NAME,
                                                                                       "ann"]]
    with pytest.raises(StoreError, match="no actor with that id"):
        subject_access(store, "Millbrook", "nobody")
    events = list(audit_rows(store)["event"][-2:])
    assert events == ["subject access", "subject access refused"]
    assert ID not in audit_rows(store)["detail"].str.cat()


def test_retention_removes_old_source_files(stored):
    store, _ = stored
    assert set_retention(store, "Millbrook", 30, by="admin") == 0  # the files are new
    later = dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=31)
    assert apply_retention(store, "Millbrook", by="admin", now=later) == 8
    assert store.source_files("Millbrook", "2025") == [] and len(store.source_files("Other", "2025")) == 1
    assert len(store.wave_frames("Millbrook", "2025")[0]) == 4  # the tables stay
    assert apply_retention(store, "Other", now=later) == 0  # no rule set there
    with pytest.raises(InputError, match="1 or more"):
        set_retention(store, "Millbrook", 0)
    assert [json.loads(d)["files removed"] for d in audit_rows(store).query("event == 'retention'")["detail"]] == [0, 8]


def test_deleting_a_project_keeps_its_audit_rows(stored, request):
    store, db = stored
    pg_server = request.getfixturevalue("pg_server") if store.backend == "postgresql" else None
    from netmap.store.accounts import add_user

    add_user(store, "vic", "correct horse battery")
    grant(store, "Millbrook", "vic", "viewer")
    delete_project(store, "Millbrook", by="admin")
    assert store.project_names() == ["Other"]
    with store.engine.connect() as conn:
        assert conn.execute(sa.text("SELECT count(*) FROM project_roles")).scalar() == 0
    trail = audit_rows(store, project="Millbrook")
    assert list(trail["event"]) == ["download", "grant", "project deleted"]
    store.close()
    reopened = open_store(db)
    raw = raw_bytes(reopened, db, pg_server)
    assert not [s for s in SECRETS if s in raw]
    reopened.close()
