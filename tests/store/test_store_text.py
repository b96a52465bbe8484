"""Names, notes and other text of the store never reach a terminal raw (issue 21, item 8):
control characters are refused in project and wave names, and escaped wherever a note, a
file name, an author or a message quoting a name is printed."""
from __future__ import annotations

import pandas as pd
import pytest

from netmap.cli import main
from netmap.errors import InputError
from netmap.store import open_store
from netmap.store.text import printable

from .helpers import ACTORS, TIES, small_network

#: What must never be printed as is: ESC (drives the terminal), BEL, NUL, a newline, CR and a
#: right-to-left override (reorders what the terminal shows).
HOSTILE = {"ESC": "\x1b[31mred\x1b[0m", "BEL": "ring\x07", "NUL": "nul\x00x", "newline": "two\nlines",
           "CR": "over\rwrite", "RLO": "abc\u202edef", "LS": "line\u2028sep"}
RAW = ("\x1b", "\x07", "\x00", "\r", "\u202e", "\u2028")


def run(capsys, *argv):
    status = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return status, out, err


def assert_printable(text: str) -> None:
    assert not any(c in text for c in RAW), repr(text)


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_control_characters_are_refused_in_project_and_wave_names(kind, tmp_path, write):
    bad = HOSTILE[kind]
    store = open_store(str(tmp_path / "s.db"), create=True)
    with pytest.raises(InputError, match="control characters"):
        store.create_project(bad)
    store.create_project("P")
    network, _, _ = small_network(write)
    with pytest.raises(InputError, match="control characters"):
        store.add_wave("P", bad, network)
    assert store.project_names() == ["P"] and store.wave_names("P") == []
    store.close()


def test_project_and_wave_names_are_at_most_200_characters(tmp_path, write):
    # found by scripts/mutate_guards.py: switching the name-length guard off changed no test here
    store = open_store(str(tmp_path / "s.db"), create=True)
    with pytest.raises(InputError, match="the project name is longer than 200 characters"):
        store.create_project("x" * 201)
    store.create_project("x" * 200)
    network, _, _ = small_network(write)
    with pytest.raises(InputError, match="the wave name is longer than 200 characters"):
        store.add_wave("x" * 200, "w" * 201, network)
    assert store.wave_names("x" * 200) == []
    store.close()


def test_extra_table_names_are_short_text_without_control_characters(tmp_path, write):
    # found by scripts/mutate_guards.py: switching the table-name guard off changed no test here
    store = open_store(str(tmp_path / "s.db"), create=True)
    store.create_project("P")
    network, _, _ = small_network(write)
    store.add_wave("P", "w", network)
    frame = pd.DataFrame({"a": ["1"]})
    for bad in ("t" * 201, "alias\x1b[2Jes", "two\nlines"):
        with pytest.raises(InputError, match="cannot be a table's name: give text of up to 200 characters"):
            store.save_table("P", "w", bad, frame)
    store.save_table("P", "w", "t" * 200, frame)
    assert store.wave_info("P", "w").tables == sorted(["actors", "ties", "t" * 200])
    store.close()


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_names_in_messages_are_escaped_on_the_command_line(kind, tmp_path, write, capsys):
    bad, db = HOSTILE[kind], tmp_path / "s.db"
    ties = write("ties.csv", TIES)
    if kind == "NUL":  # an argument cannot hold NUL: the library call above covers it
        bad = bad.replace("\x00", "\x01")
    for argv in (["project", "create", bad], ["project", "list", bad], ["project", "history", bad],
                 ["project", "add-wave", "P", bad, ties]):
        assert run(capsys, "project", "create", "P", "--db", db)[0] in (0, 2)
        status, out, err = run(capsys, *argv, "--db", db)
        assert status == 2, (argv, err)
        assert err.count("\n") == 1 and "Traceback" not in err
        assert_printable(out + err)


def test_notes_file_names_and_authors_are_printed_escaped(tmp_path, write, capsys):
    db = tmp_path / "s.db"
    ties, actors = write("ti\x1b[2Jes\n.csv", TIES), write("actors.csv", ACTORS)
    assert run(capsys, "project", "create", "P", "--db", db)[0] == 0
    status, out, err = run(capsys, "project", "add-wave", "P", "w", ties, "--actors", actors, "--note",
                           "first\nsecond \x1b]0;pwned\x07 \u202eline", "--db", db)
    assert status == 0, err
    assert_printable(out + err)
    store = open_store(str(db))
    assert store.wave_info("P", "w").notes == "first\nsecond \x1b]0;pwned\x07 \u202eline"  # kept as given
    _, frame = store.wave_frames("P", "w")
    store.edit_wave("P", "w", base_version=1, ties=frame.drop(index=0), author="Ann\x1b[8m\n")
    store.close()
    status, out, _ = run(capsys, "project", "list", "P", "--db", db)
    assert status == 0
    assert_printable(out)
    assert out.count("\n") == 1  # one wave, one line
    assert "note: first\\nsecond \\x1b]0;pwned\\x07 \\u202eline" in out
    assert "ti\\x1b[2Jes\\n.csv" in out
    status, out, _ = run(capsys, "project", "history", "P", "--wave", "w", "--db", db)
    assert status == 0
    assert_printable(out)
    assert "\tAnn[8m\tedit" in out  # the store keeps no control characters in who made a change


def test_printable_escapes_every_unsafe_character():
    assert printable("a\x1b[0mb\nc\td\u202ee\ud800") == "a\\x1b[0mb\\nc\\td\\u202ee\\ud800"
    assert printable("École – Saint-Jean ☕") == "École – Saint-Jean ☕"
