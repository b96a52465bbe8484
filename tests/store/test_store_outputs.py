"""What project export and dump write (issue 21 item 6): the guards of every output folder,
formula-safe CSVs, pseudonymised exports with the key table kept apart, and an aliases file whose
guarded names read back as typed."""
from __future__ import annotations

import pandas as pd
import pytest

from netmap.cli import main
from netmap.formats.cells import inert, uninert

FORMULA_ACTORS = "id,name,notes\nann,=HYPERLINK(\"http://x\"),@SUM(1+1)\nbob,Bob Jones,fine\ncat,Cat,\n"
TIES = "source,target\nann,bob\nbob,cat\n"


def run(capsys, *argv):
    status = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def project(tmp_path, write, capsys):
    db = tmp_path / "s.db"
    ties, actors = write("ties.csv", TIES), write("actors.csv", FORMULA_ACTORS)
    assert run(capsys, "project", "create", "P", "--db", db)[0] == 0
    status, _, err = run(capsys, "project", "add-wave", "P", "w1", ties, "--actors", actors, "--db", db)
    assert status == 0, err
    return db


def test_export_refuses_a_non_empty_folder_without_force(project, tmp_path, capsys):
    out = tmp_path / "out"
    out.mkdir()
    (out / "actors.csv").write_text("edited by hand", encoding="utf-8")
    status, _, err = run(capsys, "project", "export", "P", "w1", "--out", out, "--db", project)
    assert status == 2 and "not empty" in err and err.count("\n") == 1
    assert (out / "actors.csv").read_text(encoding="utf-8") == "edited by hand"
    assert run(capsys, "project", "export", "P", "w1", "--out", out, "--db", project, "--force")[0] == 0


def test_export_csv_cannot_run_as_a_formula(project, tmp_path, capsys):
    assert run(capsys, "project", "export", "P", "w1", "--out", tmp_path / "o", "--db", project)[0] == 0
    text = (tmp_path / "o" / "actors.csv").read_text(encoding="utf-8")
    assert "'=HYPERLINK" in text and "'@SUM(1+1)" in text


def test_export_pseudonymised_with_the_key_outside(project, tmp_path, capsys):
    inside = tmp_path / "shared" / "key.csv"
    status, _, err = run(capsys, "project", "export", "P", "w1", "--out", tmp_path / "shared", "--db", project,
                         "--pseudonymise", "--key", "k", "--key-out", inside)
    assert status == 2 and "inside the output folder" in err
    status, _, err = run(capsys, "project", "export", "P", "w1", "--out", tmp_path / "shared2", "--db", project,
                         "--pseudonymise", "--key", "k", "--key-out", tmp_path / "key.csv")
    assert status == 0, err
    shared = "".join((tmp_path / "shared2" / n).read_text(encoding="utf-8") for n in ("actors.csv", "ties.csv"))
    assert not any(word in shared for word in ("ann", "bob", "Bob Jones", "HYPERLINK", "SUM(1+1)", "fine"))
    key = pd.read_csv(tmp_path / "key.csv")
    assert set(key["id"]) == {"ann", "bob", "cat"}


def test_dump_refuses_a_non_empty_folder_without_force(project, tmp_path, capsys):
    out = tmp_path / "dump"
    out.mkdir()
    (out / "mine.txt").write_text("keep", encoding="utf-8")
    status, _, err = run(capsys, "project", "dump", "P", "--out", out, "--db", project)
    assert status == 2 and "not empty" in err
    assert run(capsys, "project", "dump", "P", "--out", out, "--db", project, "--force")[0] == 0
    assert (out / "mine.txt").read_text(encoding="utf-8") == "keep"
    tables = "".join(p.read_text(encoding="utf-8") for p in out.rglob("actors.csv"))
    assert "'=HYPERLINK" in tables  # the readable copies are formula-safe


def test_export_onto_a_file_is_one_line(project, tmp_path, capsys):
    target = tmp_path / "afile"
    target.write_text("x", encoding="utf-8")
    status, _, err = run(capsys, "project", "export", "P", "w1", "--out", target, "--db", project)
    assert status == 2 and "is a file" in err and "Traceback" not in err


@pytest.mark.parametrize("name", ["@SUM(1+1)", "=1+2", "+44 7700", "-minus", "plain", "'quoted"])
def test_a_guarded_name_reads_back_as_typed(name):
    """aliases.csv wrote '@SUM(1+1) with its guard apostrophe, and the next run read the
    apostrophe as part of the name: the person's decision on it was silently ignored."""
    from netmap.intake.reconcile import read_aliases

    assert uninert(inert(name)) == name
    frame = pd.DataFrame({"raw_name": [inert(name)], "actor_id": ["a1"], "decision": ["person"]})
    assert read_aliases(frame)["raw_name"].iloc[0] == name
