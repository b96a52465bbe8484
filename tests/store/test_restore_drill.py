"""The restore drill of docs/deploy.md, on SQLite and on PostgreSQL: ``project dump`` from the
team's store, ``project load`` into a fresh one, and the analyses, the roles and the codes a
viewer without names sees come back the same. Accounts never travel in a dump (no password
hash, no identity): a role whose user has no account in the new store is reported, not
created. The audit trail stays in the store it was written in."""
from __future__ import annotations

import io
import json

import pandas as pd
import pytest

from netmap.cli import main
from netmap.store import open_store, review
from netmap.store.audit import audit_rows
from netmap.store.roles import roles, wave_frames_for

from .helpers import ACTORS, TIES

PASSWORD = "correct horse battery"


@pytest.fixture
def stores(request, tmp_path):
    """The team's store and a fresh, empty one of the same kind (SQLite file or PostgreSQL database)."""
    if request.param == "sqlite":
        return str(tmp_path / "team.db"), str(tmp_path / "drill.db")
    request.getfixturevalue("pg_url")  # skips (or fails in CI) without a PostgreSQL server
    server = request.getfixturevalue("pg_server")
    return server.new_database(), server.new_database()


@pytest.fixture
def cli(capsys, monkeypatch):
    """``netmap ARGV`` as the administrator 'admin' (NETMAP_USER, as deploy.md's alias sets it)."""
    monkeypatch.setenv("NETMAP_USER", "admin")

    def run(*argv, stdin: str | None = None) -> str:
        if stdin is not None:
            monkeypatch.setattr("sys.stdin", io.StringIO(stdin + "\n"))
        status = main([str(a) for a in argv])
        out, err = capsys.readouterr()
        assert status == 0 and "Traceback" not in err, err
        return out

    return run


def _analysed(cli, db: str, out) -> dict[str, str]:
    cli("analyse", "--project", "Millbrook", "--wave", "2025 baseline", "--out", out, "--seed", "7", "--db", db)
    return {p.name: p.read_text(encoding="utf-8-sig") for p in sorted(out.iterdir()) if p.suffix in (".csv", ".json")}


@pytest.mark.parametrize("stores", ["sqlite", "postgresql"], indirect=True)
def test_the_restore_drill_gives_back_analyses_roles_and_codes(stores, cli, write, tmp_path):
    team, drill = stores
    ties, actors = write("ties.csv", TIES), write("actors.csv", ACTORS)
    for user in ("ann", "vic", "cal"):
        cli("users", "add", user, "--password-stdin", "--db", team, stdin=PASSWORD)
    cli("project", "create", "Millbrook", "--db", team)
    cli("project", "add-wave", "Millbrook", "2025 baseline", ties, "--actors", actors, "--db", team)
    cli("project", "grant", "Millbrook", "ann", "--role", "owner", "--db", team)
    cli("project", "grant", "Millbrook", "vic", "--role", "viewer", "--db", team)  # without names
    cli("project", "grant", "Millbrook", "cal", "--role", "viewer", "--names", "--db", team)
    cli("project", "retention", "Millbrook", "--sources-days", "365", "--db", team)
    with open_store(team) as store:
        # the name review's decisions, kept as they were made, come back with the project
        review.decide(store, "Millbrook", {"Carla at church": ("hub", "Community Hub"), "Bob": ("", "Bob")},
                      by="ann")
        decided = review.decisions(store, "Millbrook")
        codes = wave_frames_for(store, "vic", "Millbrook", "2025 baseline")[0]
        granted = roles(store, "Millbrook").drop(columns="granted_at")
        trail = audit_rows(store)
    before = _analysed(cli, team, tmp_path / "before")

    cli("project", "dump", "Millbrook", "--out", tmp_path / "dump", "--db", team)
    dumped = b"".join(p.read_bytes() for p in (tmp_path / "dump").rglob("*") if p.is_file())
    assert b"$argon2" not in dumped and PASSWORD.encode() not in dumped  # no account travels
    assert json.loads((tmp_path / "dump" / "project.json").read_text())["settings"]["sources_days"] == 365

    # the new store has accounts for ann and vic, not for cal
    for user in ("ann", "vic"):
        cli("users", "add", user, "--password-stdin", "--db", drill, stdin="another long password")
    out = cli("project", "load", tmp_path / "dump", "--db", drill)
    assert "loaded project 'Millbrook' (1 wave) into" in out
    assert "gave back 2 roles: ann, vic" in out
    assert "not given back: the role of 'cal', who has no account in this store" in out
    listing = cli("users", "list", "--db", drill)
    assert "Millbrook: owner" in listing and "Millbrook: viewer without names" in listing
    assert "cal" not in listing  # reported, not created

    with open_store(drill) as store:
        restored = roles(store, "Millbrook").drop(columns="granted_at")
        pd.testing.assert_frame_equal(restored, granted[granted["user"] != "cal"].reset_index(drop=True))
        # the same key: a viewer without names sees the same codes after the restore as before
        pd.testing.assert_frame_equal(wave_frames_for(store, "vic", "Millbrook", "2025 baseline")[0], codes)
        assert review.decisions(store, "Millbrook") == decided
        after_trail = audit_rows(store)
    assert _analysed(cli, drill, tmp_path / "after") == before

    # the trail stays where it was written: the new store has only its own rows
    assert not set(after_trail["at"]) & set(trail["at"])
    loaded = after_trail[after_trail["project"] == "Millbrook"]
    assert list(loaded["event"][:3]) == ["grant", "grant", "project loaded"]
    assert {json.loads(d)["account"] for d in loaded["detail"][:2]} == {"ann", "vic"}
    assert set(loaded["user"]) == {"admin"}
    assert json.loads(loaded["detail"].iloc[2]) == {"waves": 1, "roles restored": 2,
                                                     "roles without an account here": 1}


def test_a_dump_of_format_1_loads_without_roles(tmp_path, cli, write):
    """Dumps written before roles travelled (format 1) still load, with no role and a new key."""
    team, drill = str(tmp_path / "team.db"), str(tmp_path / "drill.db")
    ties, actors = write("ties.csv", TIES), write("actors.csv", ACTORS)
    cli("project", "create", "Millbrook", "--db", team)
    cli("project", "add-wave", "Millbrook", "2025 baseline", ties, "--actors", actors, "--db", team)
    cli("project", "dump", "Millbrook", "--out", tmp_path / "dump", "--db", team)
    manifest = tmp_path / "dump" / "project.json"
    old = json.loads(manifest.read_text())
    old.update(format_version=1)
    del old["roles"], old["settings"]
    manifest.write_text(json.dumps(old))
    out = cli("project", "load", tmp_path / "dump", "--db", drill)
    assert "loaded project 'Millbrook' (1 wave)" in out and "gave back" not in out
    with open_store(drill) as store:
        assert roles(store).empty and store.wave_names("Millbrook") == ["2025 baseline"]
