"""Free text is never a name (issue 21, item 4): a question is read as names by the shape of
its answers, not because its header holds a "?"; free-text answers are withheld from every
file written (actors, ties, aliases, review, survey_report.json), and the report says so.
"""
from __future__ import annotations

import json

import pytest

from netmap.errors import InputError
from netmap.intake.responses import is_sentence, names_column, read_survey
from netmap.intake.survey import build_survey
from netmap.outputs.folder import write_survey

SECRET = "My husband drinks and I am scared to go home"
EXPORT = (
    "Timestamp,Your name,Who do you turn to for help or advice? [Name 1],"
    "Who do you turn to for help or advice? [Name 2],How do you know them? [Name 1],How do you know them? [Name 2],"
    "Which groups do you belong to?,Any other comments?\n"
    f"1,Amina Patel,Bob Hughes,Ken Walsh,We met at the school gate years ago when my son was ill,Neighbour,"
    f"\"Food Bank, Youth Club\",{SECRET}\n"
    "2,Bob Hughes,Amina Patel,,Church,,Food Bank,Thank you for asking us about this\n"
    "3,Ken Walsh,Amina Patel,I do not really have anyone to turn to,Neighbour,,Youth Club,It is a good idea\n"
    "4,Lorraine Brown,Ken Walsh,,Work,,,\n"
)


def test_answers_shaped_like_sentences_are_not_names():
    assert is_sentence(SECRET) and is_sentence("I do not really have anyone to turn to")
    assert not any(map(is_sentence, ["Bob Hughes", "Dr A. Patel", "Lorraine at the Co-op", "Friends of the Park"]))
    assert names_column("Any other comments?", [SECRET, "Thank you for asking us about this", ""])[0] is False
    assert names_column("Which groups do you belong to?", ["Food Bank, Youth Club", "Food Bank", "Youth Club"])[0]
    # short capitalised answers named once each, under a header that asks for nobody: not enough to be sure
    assert names_column("Favourite place?", ["The Park", "Seaside"])[0] is False


def test_free_text_questions_are_withheld_from_every_file_written(tmp_path):
    result = build_survey([("survey.csv", EXPORT.encode())])
    names = set(result.actors["name"])
    assert names == {"Amina Patel", "Bob Hughes", "Ken Walsh", "Lorraine Brown", "Food Bank", "Youth Club"}
    assert set(result.ties["type"]) == {"turn_help_advice", "groups_belong"}
    assert "how_know" not in result.ties.columns  # a follow-up answered in sentences is withheld too
    free = {f["column"]: f["answers"] for f in result.report["questions_read_as_free_text"]}
    assert free == {"Any other comments?": 3, "How do you know them?": 5}
    assert result.report["free_text_answers_withheld"] == 9  # and one sentence typed as a name
    withheld = next(i for i in result.issues if i.action == "withheld" and i.row == 4)
    assert withheld.column == "Who do you turn to for help or advice? [Name 2]"
    written = write_survey(result, tmp_path / "out")
    for path in written:
        text = path.read_text(encoding="utf-8")
        for secret in (SECRET, "husband", "anyone to turn to", "school gate", "asking us"):
            assert secret not in text, (path.name, secret)
    report = json.loads((tmp_path / "out" / "survey_report.json").read_text(encoding="utf-8"))
    assert report["questions_read_as_free_text"][0]["column"] in ("Any other comments?", "How do you know them?")


def test_names_override_reads_a_free_text_question_as_names():
    export = ("Your name,Anyone else?\nAmina Patel,bob hughes\nBob Hughes,ken walsh\n")
    with pytest.raises(InputError, match=r"read as free text, not names: 'Anyone else\?' \(use --names COLUMNS"):
        read_survey([("s.csv", export.encode())])
    data = read_survey([("s.csv", export.encode())], names=["Anyone else"])
    assert [(m.respondent, m.raw_name) for m in data.mentions] == [("Amina Patel", "bob hughes"),
                                                                  ("Bob Hughes", "ken walsh")]


def test_cli_says_which_questions_were_read_as_free_text(write, tmp_path, capsys):
    from netmap.cli import main

    code = main(["survey", str(write("survey.csv", EXPORT)), "--out", str(tmp_path / "out")])
    out = capsys.readouterr().out
    assert code == 0
    assert "read as free text, not names: 'Any other comments?' (3 answers withheld from every file)" in out
    assert '--names "Any other comments?"' in out and SECRET not in out


def test_free_text_in_long_and_network_canvas_attributes_is_withheld(write):
    long = ("respondent,named,question,note\nAmina Patel,Bob Hughes,help,I worry about him since his wife died\n"
            "Bob Hughes,Amina Patel,help,\n")
    data = read_survey([("long.csv", long.encode())], format="long")
    assert all(dict(m.attributes).get("note") is None for m in data.mentions)
    assert [f["column"] for f in data.free_text] == ["note"]
