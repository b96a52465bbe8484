"""``netmap users``, ``netmap audit`` and ``netmap app --address``: passwords never echoed,
one-line errors, the trail as a spreadsheet, and no serving beyond this computer without sign-in."""
from __future__ import annotations

import io

import pandas as pd
import pytest

from netmap.cli import main
from netmap.store import open_store
from netmap.store.accounts import sign_in
from netmap.store.audit import audit_rows

PASSWORD = "correct horse battery"


def run(capsys, *argv, stdin: str | None = None, monkeypatch=None):
    if stdin is not None:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    status = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def db(tmp_path):
    return tmp_path / "team.db"


def test_add_list_passwd_remove_without_echoing_a_password(db, capsys, monkeypatch):
    status, out, err = run(capsys, "users", "add", "ann", "--password-stdin", "--db", db, stdin=PASSWORD + "\n",
                           monkeypatch=monkeypatch)
    assert status == 0, err
    assert "added user 'ann' (signs in with a password)" in out
    asked = []
    monkeypatch.setattr("getpass.getpass", lambda prompt: asked.append(prompt) or "a new long password")
    status, out, err = run(capsys, "users", "passwd", "ann", "--db", db)
    assert status == 0, err
    assert asked == ["Password for ann: ", "The same password again: "]  # asked without echo, twice
    status, out, err = run(capsys, "users", "add", "bea", "--identity", "Bea@Example.org", "--no-password",
                           "--db", db)
    assert status == 0 and "single sign-on as bea@example.org" in out
    status, out, _ = run(capsys, "users", "list", "--db", db)
    assert out.splitlines()[0].startswith("ann\tpassword\tno projects\tadded ") and "bea\tsingle sign-on bea@example.org" in out
    store = open_store(str(db))
    assert sign_in(store, "ann", "a new long password").name == "ann"
    store.close()
    status, out, _ = run(capsys, "users", "remove", "ann", "--db", db)
    assert status == 0 and "removed user 'ann'" in out
    everything = capsys.readouterr()
    for text in (everything.out, everything.err, out):
        assert PASSWORD not in text and "a new long password" not in text
    events = list(audit_rows(open_store(str(db)))["event"])
    assert events == ["user added", "password changed", "user added", "sign-in", "user removed"]


@pytest.mark.parametrize("argv, stdin, message", [
    (["users", "add", "ann", "--password-stdin"], "short\n", "shorter than 10 characters"),
    (["users", "add", "ann", "--password-stdin"], "", "standard input gave no password"),
    (["users", "add", "ann", "--no-password"], None, "--no-password needs --identity"),
    (["users", "add", " ", "--password-stdin"], PASSWORD, "the user name is blank"),
    (["users", "remove", "nobody"], None, "no user 'nobody'"),
    (["users", "passwd", "nobody", "--password-stdin"], PASSWORD, "no user 'nobody'"),
    (["audit", "--out", "x.csv", "--since", "last week"], None, "not a date"),
])
def test_bad_input_is_one_line_and_exit_2(db, capsys, monkeypatch, tmp_path, argv, stdin, message):
    monkeypatch.chdir(tmp_path)
    assert run(capsys, "users", "add", "someone", "--password-stdin", "--db", db, stdin=PASSWORD,
               monkeypatch=monkeypatch)[0] == 0
    status, out, err = run(capsys, *argv, "--db", db, stdin=stdin if stdin is not None else "",
                           monkeypatch=monkeypatch)
    assert status == 2
    assert err.count("\n") == 1 and message in err and "Traceback" not in err
    assert "short\n" not in err and PASSWORD not in err


def test_two_different_passwords_change_nothing(db, capsys, monkeypatch):
    run(capsys, "users", "add", "ann", "--password-stdin", "--db", db, stdin=PASSWORD, monkeypatch=monkeypatch)
    answers = iter(["first long password", "second long password"])
    monkeypatch.setattr("getpass.getpass", lambda prompt: next(answers))
    status, _, err = run(capsys, "users", "passwd", "ann", "--db", db)
    assert status == 2 and "the two passwords differ; nothing changed" in err
    assert sign_in(open_store(str(db)), "ann", PASSWORD).name == "ann"


def test_audit_writes_the_trail_and_is_audited_itself(db, capsys, monkeypatch, tmp_path):
    run(capsys, "users", "add", "ann", "--password-stdin", "--db", db, stdin=PASSWORD, monkeypatch=monkeypatch)
    out_file = tmp_path / "audit.csv"
    status, out, err = run(capsys, "audit", "--out", out_file, "--db", db)
    assert status == 0, err
    assert "wrote 1 audit row to" in out
    frame = pd.read_csv(out_file, dtype=str, keep_default_na=False)
    assert list(frame.columns) == ["at", "event", "user", "project", "address", "detail"]
    assert list(frame["event"]) == ["user added"]
    assert list(audit_rows(open_store(str(db)))["event"]) == ["user added", "export"]
    status, _, err = run(capsys, "audit", "--out", db, "--db", db)
    assert status == 2 and "is the store itself" in err


def test_the_app_does_not_listen_beyond_this_computer_without_sign_in(db, capsys, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)  # no .streamlit/secrets.toml here
    monkeypatch.setenv("HOME", str(tmp_path))
    for name in ("NETMAP_DB", "NETMAP_SESSION_MINUTES"):  # `app` sets them for the server: removed after
        monkeypatch.setenv(name, "")  # recorded, so that undoing removes what `app` sets (delenv of an
        monkeypatch.delenv(name)      # absent name records nothing, and the store leaked to later tests)
    started = []
    monkeypatch.setattr("netmap.cli.app.start_app", lambda *a: started.append(a) or 0)
    status, _, err = run(capsys, "app", "--address", "0.0.0.0", "--db", db)
    assert status == 2 and not started
    assert err == ("error: netmap app --address 0.0.0.0 would show names to anyone who can reach this computer: add "
                   "an account first (netmap users add NAME), or set up single sign-on (docs/deploy.md)\n")
    assert run(capsys, "app", "--address", "127.0.0.1", "--db", db)[0] == 0  # this computer only: no sign-in needed
    run(capsys, "users", "add", "ann", "--password-stdin", "--db", db, stdin=PASSWORD, monkeypatch=monkeypatch)
    status, _, err = run(capsys, "app", "--address", "0.0.0.0", "--db", db, "--session-minutes", "15")
    assert status == 0, err
    assert started[-1] == ("0.0.0.0", None, None)
    import os
    assert os.environ["NETMAP_DB"] == str(db) and os.environ["NETMAP_SESSION_MINUTES"] == "15"


def test_single_sign_on_alone_also_allows_listening_beyond(db, capsys, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))
    for name in ("NETMAP_DB", "NETMAP_SESSION_MINUTES"):  # as above: removed after the test
        monkeypatch.setenv(name, "")
        monkeypatch.delenv(name)
    monkeypatch.setattr("netmap.cli.app.start_app", lambda *a: 0)
    secrets = tmp_path / "secrets.toml"
    secrets.write_text('[auth]\nclient_id = "netmap"\n', encoding="utf-8")
    assert run(capsys, "app", "--address", "0.0.0.0", "--db", db, "--secrets", secrets)[0] == 0
    secrets.write_text("[other]\n", encoding="utf-8")
    assert run(capsys, "app", "--address", "0.0.0.0", "--db", db, "--secrets", secrets)[0] == 2
