"""The audit trail through the command line: every export from a store is a row (which files,
names or pseudonyms, who), and no command changes or deletes a row already written."""
from __future__ import annotations

import io
import json

import pandas as pd
import pytest

from netmap.cli import main
from netmap.store import open_store
from netmap.store.audit import audit_rows
from tests.store.helpers import ACTORS, TIES

PASSWORD = "correct horse battery"


def trail(db) -> pd.DataFrame:
    with open_store(str(db)) as store:
        return audit_rows(store)


@pytest.fixture
def cli(capsys, monkeypatch, tmp_path):
    """Run a command; check it added rows to the trail and left every earlier row as it was."""
    monkeypatch.setenv("NETMAP_USER", "admin")
    db = tmp_path / "team.db"

    def run(*argv, stdin: str | None = None, expect: int = 0):
        before = trail(db) if db.exists() else None
        if stdin is not None:
            monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        status = main([str(a) for a in argv] + ["--db", str(db)])
        out, err = capsys.readouterr()
        assert status == expect, err
        after = trail(db)
        if before is None:
            return after, out
        # what was written stays written, unchanged
        pd.testing.assert_frame_equal(after.head(len(before)), before)
        return after.iloc[len(before):], out

    run.db = db
    return run


def test_exports_are_recorded_and_no_command_changes_the_trail(cli, write, tmp_path):
    ties, actors = write("ties.csv", TIES), write("actors.csv", ACTORS)
    added, _ = cli("users", "add", "ann", "--password-stdin", stdin=PASSWORD)
    assert list(added["event"]) == ["user added"]
    cli("project", "create", "Millbrook")
    cli("project", "add-wave", "Millbrook", "2025", ties, "--actors", actors)
    cli("project", "add-wave", "Millbrook", "2026", ties, "--actors", actors)
    added, out = cli("project", "grant", "Millbrook", "ann", "--role", "viewer")
    assert "'ann' is now viewer without names of project 'Millbrook'" in out
    assert (added.iloc[0]["event"], json.loads(added.iloc[0]["detail"])) == (
        "grant", {"account": "ann", "role": "viewer", "names": False})
    added, _ = cli("project", "grant", "Millbrook", "ann", "--role", "editor")
    _, out = cli("users", "list")
    assert "\tMillbrook: editor\t" in out
    added, _ = cli("project", "revoke", "Millbrook", "ann")
    assert added.iloc[0]["event"] == "revoke"
    cli("project", "revoke", "Millbrook", "ann", expect=2)
    cli("project", "grant", "Millbrook", "nobody", "--role", "viewer", expect=2)
    added, _ = cli("project", "export", "Millbrook", "2025", "--out", tmp_path / "export")
    row = added.iloc[0]
    assert (row["event"], row["user"], row["project"]) == ("export", "admin", "Millbrook")
    assert json.loads(row["detail"]) == {"what": "project export", "files": ["actors.csv", "ties.csv"],
                                         "holds": "names", "wave": "2025"}
    added, _ = cli("project", "dump", "Millbrook", "--out", tmp_path / "dump")
    assert json.loads(added.iloc[0]["detail"])["what"] == "project dump"
    added, _ = cli("analyse", "--project", "Millbrook", "--wave", "2025", "--out", tmp_path / "res", "--pseudonymise")
    detail = json.loads(added.iloc[0]["detail"])
    assert detail["holds"] == "pseudonyms" and "actors.csv" in detail["files"] and detail["wave"] == "2025"
    added, _ = cli("compare", "--project", "Millbrook", "--before", "2025", "--after", "2026", "--out",
                   tmp_path / "cmp")
    assert json.loads(added.iloc[0]["detail"])["what"] == "comparison of stored waves"
    for argv in (("project", "list"), ("project", "history", "Millbrook"), ("users", "list")):
        added, _ = cli(*argv)
        assert added.empty  # reading is not an export
    added, out = cli("project", "subject-access", "Millbrook", "007", "--out", tmp_path / "sar.zip")
    assert added.iloc[0]["event"] == "subject access" and (tmp_path / "sar.zip").exists()
    added, out = cli("project", "forget", "Millbrook", "007", "--reason", "request by email")
    assert "erased one actor from 2 wave(s) of project 'Millbrook'" in out and "007" not in out
    assert added.iloc[0]["event"] == "erasure" and "007" not in added.iloc[0]["detail"]
    added, _ = cli("project", "forget", "Millbrook", "007", "--reason", "again", expect=2)
    assert list(added["event"]) == ["erasure refused"]
    added, out = cli("project", "retention", "Millbrook", "--sources-days", "30")
    assert "removed 0 older file(s)" in out and added.iloc[0]["event"] == "retention"
    cli("project", "create", "Scratch")
    cli("project", "delete", "Scratch", "--confirm", "Wrong", expect=2)
    added, out = cli("project", "delete", "Scratch", "--confirm", "Scratch")
    assert added.iloc[0]["event"] == "project deleted"
    cli("users", "passwd", "ann", "--password-stdin", stdin="another long password")
    cli("users", "remove", "ann")
    added, _ = cli("audit", "--out", tmp_path / "audit.csv")
    assert list(added["event"]) == ["export"]
    written = pd.read_csv(tmp_path / "audit.csv", dtype=str, keep_default_na=False)
    assert list(written["event"]) == ["user added", "grant", "grant", "revoke", "export", "export", "export",
                                      "export", "subject access", "erasure", "erasure refused", "retention",
                                      "project deleted", "password changed", "user removed"]
    assert (written["user"] == "admin").all()
    assert not written["detail"].str.contains("Ada|Bob Ltd|Community Hub|École").any()  # no actor's name


def test_the_roles_on_the_command_line_are_the_store_s():
    from netmap.cli.team import ROLES
    from netmap.store.roles import ROLES as STORE_ROLES

    assert ROLES == STORE_ROLES


def test_deleting_asks_for_the_name_typed(cli, monkeypatch):
    cli("project", "create", "Scratch")
    monkeypatch.setattr("builtins.input", lambda prompt: "scratch")
    added, _ = cli("project", "delete", "Scratch", expect=2)
    assert added.empty
    monkeypatch.setattr("builtins.input", lambda prompt: "Scratch")
    added, out = cli("project", "delete", "Scratch")
    assert "deleted project 'Scratch'" in out and added.iloc[0]["event"] == "project deleted"


def test_forgetting_an_id_that_is_not_there_is_one_plain_line_and_audited(cli, write, capsys):
    ties, actors = write("ties.csv", TIES), write("actors.csv", ACTORS)
    cli("project", "create", "Millbrook")
    cli("project", "add-wave", "Millbrook", "2025", ties, "--actors", actors)
    before = trail(cli.db)
    status = main(["project", "forget", "Millbrook", "r999-Zoe Quill", "--reason", "request by letter", "--db",
                   str(cli.db)])
    _, err = capsys.readouterr()
    assert status == 2
    assert err == ("error: no actor with that id in any wave of project 'Millbrook'; nothing was erased (netmap "
                   "project export shows the ids)\n")
    added = trail(cli.db).iloc[len(before):]
    assert list(added["event"]) == ["erasure refused"] and list(added["user"]) == ["admin"]
    assert "Zoe" not in added.to_csv() and "r999" not in added.to_csv()  # the id asked for is kept nowhere
