"""A file that is not a netmap store is never written to (issue 21, item 8): ``project list``
turned an existing empty file into a store, and opening a foreign SQLite database switched it
to WAL mode before refusing it."""
from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from netmap.cli import main


def run(capsys, *argv):
    status = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return status, out, err


def files_of(path: Path) -> dict[str, bytes]:
    """The file and any journal SQLite would add beside it."""
    return {p.name: p.read_bytes() for p in path.parent.iterdir() if p.name.startswith(path.name)}


def foreign(path: Path) -> Path:
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE accounts (name TEXT)")
    connection.commit()
    connection.close()
    return path


def empty_database(path: Path) -> Path:
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA user_version = 1")  # writes the header: a valid database with no tables
    connection.commit()
    connection.close()
    return path


@pytest.mark.parametrize("make, message", [
    (lambda p: p.write_bytes(b""), "is an empty file, not a netmap store"),
    (foreign, "holds other tables (accounts …) but no netmap schema"),
    (empty_database, "is an empty SQLite database, not a netmap store"),
    (lambda p: p.write_text("id,name\n1,a\n"), "is not a netmap store (not a SQLite database)"),
], ids=["empty-file", "foreign-sqlite", "empty-sqlite", "csv"])
@pytest.mark.parametrize("argv", [["project", "list"], ["project", "list", "P"], ["project", "history", "P"],
                                  ["analyse", "--project", "P", "--wave", "w", "--out", "OUT"]],
                         ids=["list", "list-project", "history", "analyse"])
def test_a_file_that_is_not_a_store_is_refused_and_left_alone(make, message, argv, tmp_path, capsys):
    path = tmp_path / "data.db"
    make(path)
    before = files_of(path)
    argv = [str(tmp_path / "out") if a == "OUT" else a for a in argv]
    status, out, err = run(capsys, *argv, "--db", path)
    assert status == 2 and message in err and err.count("\n") == 1, err
    assert files_of(path) == before


@pytest.mark.parametrize("make", [lambda p: p.write_bytes(b""), foreign], ids=["empty-file", "foreign-sqlite"])
def test_create_refuses_them_too(make, tmp_path, capsys):
    path = tmp_path / "data.db"
    make(path)
    before = files_of(path)
    assert run(capsys, "project", "create", "P", "--db", path)[0] == 2
    assert files_of(path) == before


def test_an_empty_sqlite_database_may_become_a_store_when_asked(tmp_path, capsys):
    path = empty_database(tmp_path / "data.db")
    status, out, err = run(capsys, "project", "create", "P", "--db", path)
    assert status == 0, err
    status, out, _ = run(capsys, "project", "list", "--db", path)
    assert status == 0 and "P" in out
