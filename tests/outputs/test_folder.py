"""The one folder writer (netmap.outputs.folder with netmap.formats.files): the same guards
for analyse, report, compare and survey, and files that are whole or not there at all."""
from __future__ import annotations

import errno
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from netmap.errors import InputError
from netmap.formats import files
from netmap.formats.files import atomic, write_csv, write_text
from tests.conftest import ROOT

MILLBROOK = ROOT / "sample_networks" / "millbrook"
WIDE = ("Timestamp,Your name,Who do you turn to for help or advice? [Name 1]\n"
        "2025-01-01,Amina Patel,Robert Hughes\n2025-01-02,Robert Hughes,Amina Patel\n")
ROSTER = "id,name\nap,Amina Patel\nrh,Robert Hughes\n"


def netmap(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "netmap", *map(str, args)], capture_output=True, text=True,
                          cwd=ROOT, timeout=300)


@pytest.fixture
def survey(tmp_path):
    (tmp_path / "wide.csv").write_text(WIDE, encoding="utf-8")
    (tmp_path / "roster.csv").write_text(ROSTER, encoding="utf-8")
    return tmp_path / "wide.csv", tmp_path / "roster.csv"


def test_survey_keeps_an_aliases_file_edited_by_hand(survey, tmp_path):
    """Issue 20: `netmap survey --out DIR` silently replaced aliases.csv in a non-empty folder."""
    responses, roster = survey
    out = tmp_path / "out"
    assert netmap("survey", responses, "--roster", roster, "--out", out).returncode == 0
    edited = (out / "aliases.csv").read_text(encoding="utf-8") + "a person's decision,,person,,\n"
    (out / "aliases.csv").write_text(edited, encoding="utf-8")
    again = netmap("survey", responses, "--roster", roster, "--out", out)
    assert again.returncode == 2 and "not empty" in again.stderr and "--force" in again.stderr
    assert again.stderr.count("\n") == 1 and "Traceback" not in again.stderr
    assert (out / "aliases.csv").read_text(encoding="utf-8") == edited
    forced = netmap("survey", responses, "--roster", roster, "--out", out, "--force")
    assert forced.returncode == 0, forced.stderr
    assert (out / "aliases.csv").read_text(encoding="utf-8") != edited


@pytest.mark.parametrize("command", ["analyse", "report", "survey", "compare"])
def test_every_command_refuses_a_non_empty_folder_without_force(command, survey, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    ties, actors = MILLBROOK / "ties.csv", MILLBROOK / "actors.csv"
    args = {"analyse": ("analyse", ties, "--actors", actors), "report": ("report", ties, "--actors", actors),
            "survey": ("survey", *survey), "compare": ("compare", ties, ties)}[command]
    if command == "survey":
        args = ("survey", survey[0], "--roster", survey[1])
    result = netmap(*args, "--out", out)
    assert result.returncode == 2 and "the output folder is not empty (notes.txt)" in result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt"]


def test_a_full_disk_leaves_the_earlier_file_whole(tmp_path, monkeypatch):
    """A write that fails half-way (a full disk) keeps the earlier file and leaves no partial one."""
    target = tmp_path / "briefing.html"
    target.write_text("the earlier briefing", encoding="utf-8")

    def full_disk(self, data, *args, **kwargs):
        Path.write_bytes(self, data[:10].encode() if isinstance(data, str) else data[:10])
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Path, "write_text", full_disk)
    with pytest.raises(InputError, match=r"briefing.html: cannot write \(No space left on device\)"):
        write_text(target, "<html>" + "x" * 10_000)
    monkeypatch.undo()
    assert target.read_text(encoding="utf-8") == "the earlier briefing"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["briefing.html"]


def test_an_unwritable_or_folder_target_is_one_line(tmp_path):
    (tmp_path / "actors.csv").mkdir()
    with pytest.raises(InputError, match="actors.csv: cannot write"):
        write_csv(tmp_path / "actors.csv", pd.DataFrame({"id": ["a"]}))
    with pytest.raises(InputError, match="cannot write"):
        write_text(tmp_path / "missing-folder" / "x.txt", "x")


def test_an_error_while_writing_leaves_no_partial_file(tmp_path):
    with pytest.raises(RuntimeError):
        with atomic(tmp_path / "map.svg") as partial:
            partial.write_text("<svg", encoding="utf-8")
            raise RuntimeError("the picture failed")
    assert list(tmp_path.iterdir()) == []


def test_partial_files_of_a_killed_run_are_netmaps_own(tmp_path):
    """A run killed mid-write leaves `.briefing.partial.html`; --force replaces it like netmap's
    other files, and a pseudonymised run does not take it for the user's file."""
    from netmap.outputs.folder import REPORT_FILES, prepare_out

    assert files.is_partial(".briefing.partial.html") and not files.is_partial("briefing.html")
    (tmp_path / ".briefing.partial.html").write_text("<html", encoding="utf-8")
    earlier = prepare_out(tmp_path, REPORT_FILES, force=True, private=True)
    assert [p.name for p in earlier] == [".briefing.partial.html"]


def test_compare_writes_through_the_same_writer(tmp_path, monkeypatch):
    """An unwritable file in compare's output is one line, not an OSError traceback."""
    out = tmp_path / "out"
    result = netmap("compare", MILLBROOK / "ties.csv", MILLBROOK / "wave2" / "ties.csv", "--out", out)
    assert result.returncode == 0, result.stderr
    (out / "changes.json").unlink()
    (out / "changes.json").mkdir()
    again = netmap("compare", MILLBROOK / "ties.csv", MILLBROOK / "wave2" / "ties.csv", "--out", out, "--force")
    assert again.returncode == 2 and "Traceback" not in again.stderr and "changes.json" in again.stderr
