"""Survey intake is bounded (issue 21, item 3): the upload limits on every survey path, a
name length limit, one-line errors of bounded length, and name matching whose work grows
with the number of names, not with its square.

Time and peak memory at each limit are measured by ``benchmarks/bench_survey.py --limits``,
not here: these tests check the behaviour, and count work instead of timing it.
"""
from __future__ import annotations

import random

import pandas as pd
import pytest

from netmap.errors import FileProblem, InputError
from netmap.formats import spreadsheets
from netmap.intake import reconcile as rec
from netmap.intake.names import MAX_NAME_CHARS
from netmap.intake.reconcile import reconcile
from netmap.intake.responses import read_survey
from netmap.intake.survey import build_survey
from tests.intake.test_responses import GRAPHML, nc_files

QUESTION = "Who do you turn to for help or advice? [Name {}]"


def wide(rows: list[list[str]], slots: int = 2) -> bytes:
    header = ["Your name"] + [QUESTION.format(s) for s in range(1, slots + 1)]
    return ("\n".join(",".join(r) for r in [header] + rows) + "\n").encode()


def test_columns_past_the_limit_end_in_one_short_line():
    # 5,000 columns (the review's export had a million): the survey reader is the bounded one
    header = ",".join(["Your name"] + [f"column {i}" for i in range(1, 5_001)])
    with pytest.raises(FileProblem) as error:
        read_survey([("wide.csv", f"{header}\nAmina Patel,Bob Hughes\n".encode())])
    message = str(error.value)
    assert "wide.csv" in message and "5,001 columns" in message and "column limit" in message
    assert len(message) < 300 and "\n" not in message


def test_a_list_of_columns_in_a_message_is_cut():
    header = ",".join(["Your name"] + [f"answer {chr(97 + i // 26)}{chr(97 + i % 26)}" for i in range(600)])
    with pytest.raises(InputError) as error:
        read_survey([("wide.csv", f"{header}\nAmina Patel,x\n".encode())], format="wide")
    message = str(error.value)
    assert "no name questions found" in message and "… and 589 more columns" in message
    assert len(message) < 1_200


def test_rows_cells_and_cell_length_are_the_upload_limits(monkeypatch):
    rows = [[f"person {i}", "Amina Patel", "Bob Hughes"] for i in range(30)]
    monkeypatch.setattr(spreadsheets, "MAX_ROWS", 20)
    with pytest.raises(FileProblem, match=r"wide.csv: row 22 has more than 20 rows below the header"):
        read_survey([("wide.csv", wide(rows))])
    monkeypatch.setattr(spreadsheets, "MAX_ROWS", 200_000)
    monkeypatch.setattr(spreadsheets, "MAX_CELLS", 50)
    with pytest.raises(FileProblem, match="the cell limit"):
        read_survey([("wide.csv", wide(rows))])
    monkeypatch.setattr(spreadsheets, "MAX_CELLS", 5_000_000)
    long = "x" * (spreadsheets.MAX_CELL_CHARS + 1)
    with pytest.raises(FileProblem, match=r"row 2 column 'Who do you turn to.*32,768 characters.*cell-length limit"):
        read_survey([("wide.csv", wide([["Amina Patel", long, ""]]))])


def test_network_canvas_csv_and_the_roster_and_aliases_use_the_same_readers(write, monkeypatch):
    monkeypatch.setattr(spreadsheets, "MAX_COLUMNS", 5)
    with pytest.raises(FileProblem, match="column limit"):
        read_survey(nc_files(write))
    roster = write("roster.csv", "id,name,a,b,c,d,e\nap,Amina Patel,1,2,3,4,5\n")
    survey = write("wide.csv", wide([["Amina Patel", "Bob Hughes", ""]]).decode())
    with pytest.raises(FileProblem, match="roster.csv: row 1 has 7 columns"):
        build_survey([survey], roster=roster)
    aliases = write("aliases.csv", "raw_name,actor_id,actor_name,score,decision,x,y\n")
    with pytest.raises(FileProblem, match="aliases.csv: row 1 has 7 columns"):
        build_survey([survey], aliases=aliases)


def test_network_canvas_graphml_is_bounded(write, monkeypatch):
    monkeypatch.setattr(spreadsheets, "MAX_ROWS", 3)
    with pytest.raises(FileProblem, match="export.graphml: has more than 3 nodes and edges.*row limit"):
        read_survey([write("export.graphml", GRAPHML)])
    monkeypatch.setattr(spreadsheets, "MAX_ROWS", 200_000)
    monkeypatch.setattr(spreadsheets, "MAX_CELL_CHARS", 8)
    with pytest.raises(FileProblem, match="export.graphml: holds a value of 11 characters in interview 1"):
        read_survey([write("export.graphml", GRAPHML)])
    monkeypatch.setattr(spreadsheets, "MAX_CELL_CHARS", 32_767)
    # attribute keys count as columns (found by scripts/mutate_guards.py: switching this guard off
    # changed no test's result)
    monkeypatch.setattr(spreadsheets, "MAX_COLUMNS", 1)
    with pytest.raises(FileProblem, match="export.graphml: declares more than 1 attribute keys.*column limit"):
        read_survey([write("export.graphml", GRAPHML)])
    monkeypatch.setattr(spreadsheets, "MAX_CELLS", 2)
    monkeypatch.setattr(spreadsheets, "MAX_COLUMNS", 1_000)
    with pytest.raises(FileProblem, match="export.graphml: holds more than 2 values.*cell limit"):
        read_survey([write("export.graphml", GRAPHML)])


def test_a_name_past_the_name_limit_is_reported_and_not_matched():
    long = "My neighbour who " + "helps with everything " * 12  # 280 characters
    rows = [["Amina Patel", long.strip(), "Bob Hughes"], ["Bob Hughes", "Amina Patel", ""],
            ["x" * (MAX_NAME_CHARS + 1), "Amina Patel", ""]]
    # read as names on purpose (--names): a long answer is otherwise withheld as free text first
    result = build_survey([("wide.csv", wide(rows))], names=["Who do you turn to"])
    assert long.strip() not in result.aliases["raw_name"].tolist()
    assert set(result.actors["name"]) == {"Amina Patel", "Bob Hughes"}
    dropped = next(i for i in result.issues if "longer than a name can be" in i.message)
    assert (dropped.file, dropped.row, dropped.column) == ("wide.csv", 2, QUESTION.format(1))
    assert "280 characters" in dropped.message and long not in dropped.text
    skipped = next(i for i in result.issues if "the respondent's name has 201 characters" in i.message)
    assert skipped.row == 4
    assert result.report["respondents"] == 2 and result.report["ties"] == result.report["confirmed_ties"] == 1


def test_long_names_on_the_roster_in_the_aliases_and_as_matrix_columns():
    long = "A" * (MAX_NAME_CHARS + 50)
    roster = pd.DataFrame({"id": ["ap", "zz"], "name": ["Amina Patel", long]})
    aliases = pd.DataFrame({"raw_name": [long], "actor_id": ["ap"], "actor_name": ["Amina Patel"], "score": [100],
                            "decision": ["person"]})
    result = build_survey([("wide.csv", wide([["Amina Patel", long[:-1], "zz"]]))], roster=roster, aliases=aliases,
                          names=["Who do you turn to"])
    texts = [i.text for i in result.issues]
    assert any("roster, column 'name': the name of 'zz' has 250 characters" in t for t in texts)
    assert any("aliases, row 2, column 'raw_name': a raw_name of 250 characters" in t for t in texts)
    assert dict(zip(result.aliases["raw_name"], result.aliases["decision"])) == {"Amina Patel": "roster",
                                                                              "zz": "roster"}
    matrix = f"Respondent,Bob Hughes,{long}\nAmina Patel,1,1\n".encode()
    data = read_survey([("matrix.csv", matrix)], format="roster")
    assert [m.raw_name for m in data.mentions] == ["Bob Hughes"]
    assert any("column name of 250 characters" in i.message for i in data.issues)


def test_network_canvas_rows_cut_short_name_file_and_row(write):
    files = nc_files(write)
    files[2].write_text("nodeID,networkCanvasEgoUUID,networkCanvasUUID,Close,name\r\n1,ego-1,a1-uuid,true,Amina\r\n"
                        "2,ego-1\r\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"case_1_s1_attributeList_Person.csv, row 3: has 2 cell\(s\) but the header "
                                         r"has 5 columns, so it has no 'networkCanvasUUID'"):
        read_survey(files)
    files = nc_files(write)
    files[0].write_text("networkCanvasCaseID,networkCanvasSessionID,networkCanvasEgoUUID\r\ncase_1\r\n",
                        encoding="utf-8")
    with pytest.raises(InputError, match=r"case_1_s1_ego.csv, row 2: .*no 'networkCanvasEgoUUID'"):
        read_survey(files)


def test_the_cli_prints_a_bounded_number_of_notes(write, tmp_path, capsys):
    from netmap.cli import main

    rows = [[f"Person {i}", f"Neighbour {i}", f"Person {i}"] for i in range(60)]  # 60 self-mentions
    code = main(["survey", str(write("wide.csv", wide(rows).decode())), "--out", str(tmp_path / "out")])
    out = capsys.readouterr().out
    assert code == 0 and out.count("note: ") == 26 and "… and 35 more notes" in out


def scored_pairs(monkeypatch, names: list[str]) -> int:
    """How many name pairs rapidfuzz scores while reconciling ``names`` (no roster)."""
    counted = {"pairs": 0}
    cdist, cpdist = rec.process.cdist, rec.process.cpdist

    def counting_cdist(queries, choices, **kw):
        counted["pairs"] += len(queries) * len(choices)
        return cdist(queries, choices, **kw)

    def counting_cpdist(queries, choices, **kw):
        counted["pairs"] += len(queries)
        return cpdist(queries, choices, **kw)

    monkeypatch.setattr(rec.process, "cdist", counting_cdist)
    monkeypatch.setattr(rec.process, "cpdist", counting_cpdist)
    reconcile(names)
    return counted["pairs"]


def test_matching_work_grows_with_the_names_not_their_square(monkeypatch):
    """Everyone shares one of five first names (a block of a fifth of the names): all pairs
    would grow 16-fold from 1,500 to 6,000 names; blocks and sorted windows keep it near 4."""
    rng = random.Random(4)
    letters = "abcdefghijklmnoprstuvwy"
    names = list(dict.fromkeys(f"{rng.choice(['John', 'Mary', 'Amina', 'Bob', 'Ken'])} "
                               f"{''.join(rng.choice(letters) for _ in range(7)).capitalize()}" for _ in range(7_000)))
    small, large = scored_pairs(monkeypatch, names[:1_500]), scored_pairs(monkeypatch, names[:6_000])
    assert large / small < 6, (small, large)
    assert large < 6_000 * 2_000  # all pairs would be 36 million, scored twice (72 million)
    # and the blocks still bring a typo anywhere in one word to its name
    roster = pd.DataFrame({"id": ["js", "ap", "rh"], "name": ["John Smith", "Amina Patel", "Richard Hughes"]})
    typed = ["John Mith", "Jonh Smith", "Amnia Patel", "Amina Pate", "Ricahrd Hughes", "Richard Hguhes"]
    r = reconcile(typed, roster)
    assert dict(zip(r.aliases["raw_name"], r.aliases["actor_id"])) == {
        "John Mith": "js", "Jonh Smith": "js", "Amnia Patel": "ap", "Amina Pate": "ap", "Ricahrd Hughes": "rh",
        "Richard Hguhes": "rh"}


def test_a_network_canvas_respondent_name_past_the_name_limit_skips_the_interview(write):
    # found by scripts/mutate_guards.py: switching this guard off changed no test's result
    long_ego = GRAPHML.replace("<data key=\"ego_name\">Amina Patel</data>",
                               f"<data key=\"ego_name\">{'A' * (MAX_NAME_CHARS + 1)}</data>")
    data = read_survey([write("export.graphml", long_ego)])
    assert list(data.respondents) == ["Bob Hughes"]
    assert any(f"interview 1: the respondent's name has {MAX_NAME_CHARS + 1} characters" in i.message
               and "the interview is skipped" in i.message for i in data.issues)


def test_more_different_names_than_the_names_limit_is_refused_in_one_line(write, monkeypatch):
    # 200,000 distinct names ran past 25 minutes (benchmarks/bench_survey.py --limits): the
    # survey route matches at most MAX_DISTINCT_NAMES and says so
    from netmap.intake import names

    rows = ["Your name,Who do you turn to for help or advice? [Name 1]"] + [f"r{i},Person {i}" for i in range(6)]
    export = write("responses.csv", "\n".join(rows) + "\n")
    monkeypatch.setattr(names, "MAX_DISTINCT_NAMES", 11)
    with pytest.raises(InputError, match=r"responses.csv: 12 different names are typed, named or answering; netmap "
                                         r"matches at most 11 in one survey \(the names limit\)"):
        build_survey([export])
    monkeypatch.setattr(names, "MAX_DISTINCT_NAMES", 12)
    assert len(build_survey([export]).actors) == 12
