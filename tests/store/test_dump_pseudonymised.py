"""``project dump --pseudonymise`` (issue 21, item 6): a dump to share, with codes for people.

Every table, revision (before and after), current CSV and project.json holds codes; free-text
and contact columns, notes on actors and waves, who made each change, roles, the name review,
the source files and the project's pseudonym key are left out; the key table goes only to
``--key-out``, never inside ``--out``. ``project load`` makes it a project of codes whose
history replays to the dumped tables, on SQLite and PostgreSQL.
"""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from netmap.cli import main
from netmap.privacy import CODE_PATTERN
from netmap.store import SourceFile, open_store
from netmap.store.accounts import add_user
from netmap.store.review import decide
from netmap.store.roles import grant, pseudonym_key
from tests.read_back import leaked

from .helpers import TIES, small_network

#: What the project holds that names or describes people, and must be in no file of the dump.
ORIGINALS = ["007", "010", "hub", "école", "Ada's Café", "Bob Ltd", "Community Hub", "École Saint-Jean",
             "Ada Lovelace Tearoom",  # the name 007 had before an edit renamed it
             "rooms, tea", "moved in May", "met the vicar", "Carla at church", "ties-from-Ann.csv",
             "Ann", "Bea", "carol", "2021-04"]


def run(capsys, *argv):
    status = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def project(tmp_path, write) -> str:
    """Project 'Millbrook': wave '2025' imported from a file, an actor renamed, a tie removed, a
    note on an actor, an aliases table; wave '2026' the same network again; a role, a name
    review decision and the project's own pseudonym key."""
    network, _, _ = small_network(write)
    db = str(tmp_path / "source.db")
    store = open_store(db, create=True)
    try:
        store.create_project("Millbrook", author="Ann")
        store.add_wave("Millbrook", "2025", network, files=[SourceFile.of("ties", "ties-from-Ann.csv", TIES.encode())],
                       notes="met the vicar", author="Ann")
        actors, ties = store.wave_frames("Millbrook", "2025")
        renamed = actors.copy()
        renamed.loc[renamed["id"] == "007", "name"] = "Ada Lovelace Tearoom"
        store.edit_wave("Millbrook", "2025", base_version=1, actors=renamed, author="Bea")
        actors.loc[actors["id"] == "007", "name"] = "Ada's Café"
        store.edit_wave("Millbrook", "2025", base_version=2, actors=actors, ties=ties.iloc[1:], author="Bea")
        store.set_actor_note("Millbrook", "2025", "hub", "moved in May", author="Bea")
        store.save_table("Millbrook", "2025", "aliases",
                         pd.DataFrame({"raw_name": ["Carla at church"], "actor_id": ["hub"], "score": [0.875]}))
        store.add_wave("Millbrook", "2026", network, author="Ann")
        add_user(store, "carol", "a long enough password 1")
        grant(store, "Millbrook", "carol", "viewer", by="Ann")
        decide(store, "Millbrook", {"Carla at church": ("hub", "Community Hub")}, by="Ann")
        pseudonym_key(store, "Millbrook")  # made on first use: the dump must not carry it
    finally:
        store.close()
    return db


def _dump_texts(folder: Path) -> list[str]:
    return [p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*")) if p.is_file()]


def test_pseudonymised_dump_names_nobody_and_loads_as_a_project_of_codes(project, any_db, tmp_path, capsys):
    share, key_out = tmp_path / "share", tmp_path / "private" / "key.csv"
    status, out, err = run(capsys, "project", "dump", "Millbrook", "--out", share, "--pseudonymise", "--key", "k",
                           "--key-out", key_out, "--db", project)
    assert status == 0, err
    assert "source files as uploaded" in out and str(key_out) in out
    store = open_store(project)
    try:
        secret = pseudonym_key(store, "Millbrook")
    finally:
        store.close()
    texts = _dump_texts(share)
    assert leaked(texts, ORIGINALS) == []
    assert not any(secret in t for t in texts) and CODE_PATTERN.search("".join(texts))
    manifest = json.loads((share / "project.json").read_text(encoding="utf-8"))
    assert manifest["pseudonymised"] is True and manifest["roles"] == [] and manifest["settings"] is None
    assert "review" not in manifest and not list(share.rglob("files"))
    first = manifest["waves"][0]
    assert first["files"] == [] and first["notes"] == "" and set(first["tables"]) == {"actors", "ties", "aliases"}
    dumped = pd.read_csv(share / "waves" / "01" / "actors.csv", dtype=str, keep_default_na=False)
    assert list(dumped.columns) == ["id", "name", "sector", "ward"]  # offers: free text, left out
    # one code per actor in every wave, and the key table (kept apart) gives each back
    again = pd.read_csv(share / "waves" / "02" / "actors.csv", dtype=str, keep_default_na=False)
    assert set(dumped["id"]) == set(again["id"]) and (dumped["id"] == dumped["name"]).all()
    key = pd.read_csv(key_out, dtype=str, keep_default_na=False)
    assert dict(zip(key["code"], key["id"], strict=True))[dumped["id"].iloc[0]] == "007"

    status, out, err = run(capsys, "project", "load", share, "--db", any_db)
    assert status == 0, err
    assert "a pseudonymised dump: its actors and spaces are codes" in out
    store = open_store(any_db)
    try:
        actors, ties = store.wave_frames("Millbrook", "2025")
        assert sorted(actors["id"]) == sorted(dumped["id"]) and len(ties) == 3
        history = store.history("Millbrook", "2025")
        assert len(history) == 5 and set(history["who"]) == {"[withheld]"}
        assert store.load_network("Millbrook", "2025", revision=1).actors["id"].isin(key["code"]).all()
        assert store.source_files("Millbrook", "2025") == [] and store.actor_notes("Millbrook", "2025") == {}
    finally:
        store.close()
    # the loaded project dumps back to the same history and tables: the checks of load held
    assert run(capsys, "project", "dump", "Millbrook", "--out", tmp_path / "back", "--db", any_db)[0] == 0
    for path in sorted(share.rglob("*")):
        if path.is_file() and path.name != "project.json":
            assert path.read_bytes() == (tmp_path / "back" / path.relative_to(share)).read_bytes(), path


def test_key_table_never_inside_the_dump_and_plain_dump_unchanged(project, tmp_path, capsys):
    share = tmp_path / "share"
    status, _, err = run(capsys, "project", "dump", "Millbrook", "--out", share, "--pseudonymise",
                         "--key-out", share / "key.csv", "--db", project)
    assert status == 2 and "--key-out" in err and err.count("\n") == 1
    assert not (share / "project.json").exists()
    status, _, err = run(capsys, "project", "dump", "Millbrook", "--out", share, "--key-out", tmp_path / "k.csv",
                         "--db", project)
    assert status == 2 and "only apply with --pseudonymise" in err
    # no --key: a new one, printed once and written nowhere
    status, out, _ = run(capsys, "project", "dump", "Millbrook", "--out", share, "--pseudonymise", "--db", project)
    assert status == 0 and "no key table was written" in out
    printed = out.split("pseudonym key (keep it to get the same codes next time): ")[1].split()[0]
    assert not any(printed in t for t in _dump_texts(share))
    # never over an earlier dump, which may hold names, not even with --force
    for folder in (share, tmp_path / "backup"):
        if folder != share:
            assert run(capsys, "project", "dump", "Millbrook", "--out", folder, "--db", project)[0] == 0
        status, _, err = run(capsys, "project", "dump", "Millbrook", "--out", folder, "--pseudonymise", "--force",
                             "--db", project)
        assert status == 2 and "a pseudonymised dump goes into an empty folder of its own" in err
    # without the flag, a backup as before: every name, the files, roles and key
    manifest = json.loads((tmp_path / "backup" / "project.json").read_text(encoding="utf-8"))
    assert "pseudonymised" not in manifest and manifest["roles"] and manifest["settings"]["pseudonym_key"]
    assert leaked(_dump_texts(tmp_path / "backup"), ["Ada's Café", "moved in May", "Carla at church"]) == [
        "Ada's Café", "moved in May", "Carla at church"]
    assert (tmp_path / "backup" / "review.json").exists() and list((tmp_path / "backup").rglob("files/*"))
