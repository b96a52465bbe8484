"""Survey shapes: wide (Google/Microsoft Forms, SurveyMonkey, Qualtrics, Kobo), long, roster
matrix, Network Canvas CSV and GraphML; and the bad input the issue lists.

Fixtures are hand-made in the shapes of each tool's export. Network Canvas's own reference
files are read from /work/shared/realdata/network-canvas/ when present (never committed).
"""
from __future__ import annotations

from pathlib import Path

import pytest

from netmap.errors import InputError
from netmap.intake.responses import detect_format, question_key, read_survey, split_multi

NC_REAL = Path("/work/shared/realdata/network-canvas")

GOOGLE = (
    "Timestamp,Your name,Who do you turn to for help or advice? [Name 1],"
    "Who do you turn to for help or advice? [Name 2],Who do you turn to for help or advice? [Name 3],"
    "How often? [Name 1],How often? [Name 2],How often? [Name 3],Which organisations do you work with?\n"
    "2026/03/01,Amina Patel,Bob Hughes,Ken Walsh,Jo Baxter,Daily,Weekly,Monthly,\"Food Bank, Community Hub\"\n"
    "2026/03/02,Bob Hughes,Amina Patel,,,Weekly,,,Community Hub\n"
    "2026/03/03,Ken Walsh,,,,,,,\n"
)


def mentions(data, question=None):
    return [(m.respondent, m.raw_name) for m in data.mentions if question is None or m.question == question]


def test_google_forms_wide(write):
    data = read_survey([write("google.csv", GOOGLE)])
    assert data.format == "wide" and data.respondent_column == "Your name"
    assert list(data.respondents) == ["Amina Patel", "Bob Hughes", "Ken Walsh"]
    q = data.questions["turn_help_advice"]
    assert q.text == "Who do you turn to for help or advice?" and q.cap == 3
    assert mentions(data, "turn_help_advice") == [("Amina Patel", "Bob Hughes"), ("Amina Patel", "Ken Walsh"),
                                                   ("Amina Patel", "Jo Baxter"), ("Bob Hughes", "Amina Patel")]
    first = data.mentions[0]
    assert first.row == 2 and first.column.endswith("[Name 1]") and dict(first.attributes) == {"how_often": "Daily"}
    assert data.capped["turn_help_advice"] == ["Amina Patel"]  # named three of three
    assert mentions(data, "organisations_work") == [("Amina Patel", "Food Bank"), ("Amina Patel", "Community Hub"),
                                                    ("Bob Hughes", "Community Hub")]


def test_surveymonkey_two_header_rows(write):
    text = ("Respondent ID,What is your name?,Who do you turn to for help?,,\n"
            ",Response,Name 1,Name 2,Name 3\n"
            "1001,Amina Patel,Bob Hughes,Ken Walsh,\n"
            "1002,Bob Hughes,\"Patel, Amina\",,\n")
    data = read_survey([write("monkey.csv", text)], respondent="What is your name?")
    assert data.format == "wide"
    assert mentions(data) == [("Amina Patel", "Bob Hughes"), ("Amina Patel", "Ken Walsh"),
                              ("Bob Hughes", "Patel, Amina")]
    assert data.mentions[0].row == 3  # two header rows
    assert [q.text for q in data.questions.values()] == ["Who do you turn to for help?"]


def test_surveymonkey_recognised_by_its_columns(write):
    # a choice question puts its options, not "Response", in the second row
    text = ("Respondent ID,Collector ID,What is your name?,Who do you turn to?,,How often?\n"
            ",,Response,Name 1,Name 2,Weekly\n"
            "1001,9,Amina Patel,Bob Hughes,,Weekly\n")
    data = read_survey([write("monkey2.csv", text)], respondent="What is your name?")
    assert list(data.respondents) == ["Amina Patel"] and mentions(data) == [("Amina Patel", "Bob Hughes")]
    assert not [i for i in data.issues if "no respondent" in i.message]


def test_qualtrics_three_header_rows(write):
    text = ('ResponseId,Q1,Q3_1,Q3_2\n'
            'Response ID,Your name,Who do you turn to for help? - Name 1,Who do you turn to for help? - Name 2\n'
            '{"ImportId":"_recordId"},{"ImportId":"QID1_TEXT"},{"ImportId":"QID3_1"},{"ImportId":"QID3_2"}\n'
            'R_1,Amina Patel,Bob Hughes,Ken Walsh\n'
            'R_2,Bob Hughes,Amina Patel,\n')
    data = read_survey([write("qualtrics.csv", text)], respondent="Q1")
    assert mentions(data) == [("Amina Patel", "Bob Hughes"), ("Amina Patel", "Ken Walsh"), ("Bob Hughes", "Amina Patel")]
    assert data.mentions[0].row == 4
    (q,) = data.questions.values()
    assert q.text == "Who do you turn to for help?" and q.columns == ["Q3_1", "Q3_2"]


def test_microsoft_and_kobo_multi_select():
    assert split_multi("Amina Patel;Bob Hughes;") == ["Amina Patel", "Bob Hughes"]
    assert split_multi("amina_patel bob_hughes") == ["amina patel", "bob hughes"]
    assert split_multi("Patel, Amina") == ["Patel, Amina"]
    assert question_key("Who would you ask to help organise a street event?") == "ask_help_organise"


def test_long_format(write):
    text = ("respondent,named,question,how_close\n"
            "Amina Patel,Bob Hughes,help,very\n"
            "Amina Patel,Ken Walsh,event,\n"
            "Bob Hughes,,help,\n")
    data = read_survey([write("long.csv", text)])
    assert data.format == "long"
    assert [(m.respondent, m.raw_name, m.question) for m in data.mentions] == [
        ("Amina Patel", "Bob Hughes", "help"), ("Amina Patel", "Ken Walsh", "event")]
    assert dict(data.mentions[0].attributes) == {"how_close": "very"}
    skipped = [i for i in data.issues if "no named person" in i.message]
    assert skipped and skipped[0].row == 4 and skipped[0].column == "named"


def test_roster_matrix(write):
    text = ("Respondent,Amina Patel,Bob Hughes,Ken Walsh,Jo Baxter\n"
            "Amina Patel,,x,2,\n"
            "Bob Hughes,yes,,0,1\n")
    data = read_survey([write("matrix.csv", text)], roster_names={"Amina Patel", "Bob Hughes", "Ken Walsh"})
    assert data.format == "roster"
    assert [(m.respondent, m.raw_name, m.weight) for m in data.mentions] == [
        ("Amina Patel", "Bob Hughes", 1.0), ("Amina Patel", "Ken Walsh", 2.0),
        ("Bob Hughes", "Amina Patel", 1.0), ("Bob Hughes", "Jo Baxter", 1.0)]
    # recognised from the ticks alone, without a roster
    assert detect_format([write("matrix2.csv", text)]) == "roster"


def test_no_respondent_column_lists_columns(write):
    text = "Timestamp,Contact 1,Contact 2\n2026,Amina Patel,Bob Hughes\n"
    with pytest.raises(InputError, match=r"nores.csv, row 1: no respondent column .*'Timestamp', 'Contact 1'"):
        read_survey([write("nores.csv", text)])


def test_question_with_all_names_empty_is_reported(write):
    text = "Your name,Contact 1,Contact 2,Helper 1,Helper 2\nAmina Patel,Bob Hughes,,,\nBob Hughes,,,,\n"
    data = read_survey([write("empty.csv", text)])
    issue = next(i for i in data.issues if "every name cell is empty" in i.message)
    assert issue.file == "empty.csv" and issue.column == "Helper 1"


def test_mixed_encodings_reported_by_row(write):
    content = ("Your name,Contact 1,Contact 2\n".encode() + "Zoë Ahmed,Renée Clark,\n".encode("utf-8")
               + "Bob Hughes,Zoë Ahmed,\n".encode("cp1252"))
    data = read_survey([write("mixed.csv", content)])
    issue = next(i for i in data.issues if "Windows-1252" in i.message)
    assert issue.row == 3 and issue.file == "mixed.csv"
    assert ("Bob Hughes", "Zoë Ahmed") in mentions(data)


def nc_files(write, edge_target="b2-uuid"):
    """Two interviews in Network Canvas's CSV shape: nodeID and from/to restart at 1 in each
    case; the UUID columns join them; CRLF line ends; a trailing 'null' column."""
    ego = ("networkCanvasEgoUUID,networkCanvasCaseID,networkCanvasSessionID,networkCanvasProtocolName\r\n"
           "ego-1,case_1,s1,Proto\r\n")
    ego2 = ("networkCanvasEgoUUID,networkCanvasCaseID,networkCanvasSessionID,networkCanvasProtocolName\r\n"
            "ego-2,case_2,s2,Proto\r\n")
    people1 = ("nodeID,networkCanvasEgoUUID,networkCanvasUUID,Close,Gender_Female,Gender_Male,name,null\r\n"
               "1,ego-1,a1-uuid,true,true,false,Amina Patel,\r\n"
               "2,ego-1,a2-uuid,,false,true,Bob Hughes,\r\n")
    people2 = ("nodeID,networkCanvasEgoUUID,networkCanvasUUID,Close,Gender_Female,Gender_Male,name,null\r\n"
               "1,ego-2,b1-uuid,true,false,true,Bob Hughes,\r\n"
               "2,ego-2,b2-uuid,true,false,true,Ken Walsh,\r\n")
    edges1 = ("edgeID,from,to,networkCanvasEgoUUID,networkCanvasUUID,networkCanvasSourceUUID,"
              "networkCanvasTargetUUID\r\n1,1,2,ego-1,e1,a1-uuid,a2-uuid\r\n")
    edges2 = ("edgeID,from,to,networkCanvasEgoUUID,networkCanvasUUID,networkCanvasSourceUUID,"
              f"networkCanvasTargetUUID\r\n1,1,2,ego-2,e2,b1-uuid,{edge_target}\r\n")
    return [write("case_1_s1_ego.csv", ego), write("case_2_s2_ego.csv", ego2),
            write("case_1_s1_attributeList_Person.csv", people1), write("case_2_s2_attributeList_Person.csv", people2),
            write("case_1_s1_edgeList_Close.csv", edges1), write("case_2_s2_edgeList_Close.csv", edges2)]


def test_network_canvas_csv_joins_on_uuid(write):
    data = read_survey(nc_files(write))
    assert data.format == "network-canvas"
    assert list(data.respondents) == ["case_1", "case_2"]
    named = [(m.respondent, m.raw_name) for m in data.mentions if m.other is None]
    assert named == [("case_1", "Amina Patel"), ("case_1", "Bob Hughes"), ("case_2", "Bob Hughes"),
                     ("case_2", "Ken Walsh")]
    ties = [(m.respondent, m.raw_name, m.other, m.question) for m in data.mentions if m.other]
    # from/to are 1 -> 2 in both cases; only the UUIDs tell the two ties apart
    assert ties == [("case_1", "Amina Patel", "Bob Hughes", "close"), ("case_2", "Bob Hughes", "Ken Walsh", "close")]
    assert dict(data.mentions[0].attributes)["Gender_Female"] == "true"


def test_network_canvas_edge_to_unknown_uuid(write):
    data = read_survey(nc_files(write, edge_target="nobody"))
    issue = next(i for i in data.issues if "names no alter" in i.message)
    assert issue.file == "case_2_s2_edgeList_Close.csv" and issue.row == 2
    assert issue.column == "networkCanvasTargetUUID"
    assert len([m for m in data.mentions if m.other]) == 1


GRAPHML = """<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:nc="http://schema.networkcanvas.com/xmlns">
  <key id="ego_name" attr.name="ego_name" attr.type="string" for="graph"/>
  <key id="networkCanvasUUID" attr.name="networkCanvasUUID" attr.type="string" for="all"/>
  <key id="networkCanvasType" attr.name="networkCanvasType" attr.type="string" for="all"/>
  <key id="networkCanvasSourceUUID" attr.name="networkCanvasSourceUUID" attr.type="string" for="edge"/>
  <key id="networkCanvasTargetUUID" attr.name="networkCanvasTargetUUID" attr.type="string" for="edge"/>
  <key id="k-name" attr.name="name" attr.type="string" for="node"/>
  <graph edgedefault="undirected" nc:caseId="case1">
    <data key="ego_name">Amina Patel</data>
    <node id="n0"><data key="networkCanvasUUID">u0</data><data key="networkCanvasType">Person</data>
      <data key="k-name">Bob Hughes</data></node>
    <node id="n1"><data key="networkCanvasUUID">u1</data><data key="networkCanvasType">Person</data>
      <data key="k-name">Ken Walsh</data></node>
    <edge source="n0" target="n1" id="e0"><data key="networkCanvasType">Friends</data>
      <data key="networkCanvasSourceUUID">u0</data><data key="networkCanvasTargetUUID">u1</data></edge>
  </graph>
  <graph edgedefault="undirected" nc:caseId="case2">
    <data key="ego_name">Bob Hughes</data>
    <node id="n0"><data key="networkCanvasUUID">u2</data><data key="networkCanvasType">Person</data>
      <data key="k-name">Amina Patel</data></node>
  </graph>
</graphml>
"""


def test_network_canvas_graphml_reads_every_graph(write):
    data = read_survey([write("export.graphml", GRAPHML)])
    assert data.format == "network-canvas"
    assert list(data.respondents) == ["Amina Patel", "Bob Hughes"]  # networkx would return only the first
    assert [(m.respondent, m.raw_name, m.other) for m in data.mentions] == [
        ("Amina Patel", "Bob Hughes", None), ("Amina Patel", "Ken Walsh", None),
        ("Amina Patel", "Bob Hughes", "Ken Walsh"), ("Bob Hughes", "Amina Patel", None)]


@pytest.mark.skipif(not NC_REAL.exists(), reason="Network Canvas reference files not on this machine")
def test_network_canvas_reference_export():
    files = sorted(str(p) for p in NC_REAL.glob("*.csv"))
    data = read_survey(files)
    assert data.format == "network-canvas"
    assert list(data.respondents) == ["case_1"]
    named = [m.raw_name for m in data.mentions if m.other is None]
    assert len(named) == 5 and named[:4] == ["Ethan", "Marcus", "Luca", "Jamal"]
    ties = [(m.raw_name, m.other) for m in data.mentions if m.other]
    assert len(ties) == 5 and ("Luca", "Jamal") in ties  # from 3 to 4 in the reference edge list
    assert not data.errors


def test_microsoft_forms_workbook():
    import io

    import pandas as pd

    frame = pd.DataFrame({"ID": [1, 2], "Start time": ["9:00", "9:05"], "Name": ["Amina Patel", "Bob Hughes"],
                          "Who do you turn to for help?": ["Bob Hughes;Ken Walsh;", "Amina Patel;"]})
    buffer = io.BytesIO()
    frame.to_excel(buffer, index=False)
    data = read_survey([("forms.xlsx", buffer.getvalue())])
    assert data.respondent_column == "Name"
    assert [(m.respondent, m.raw_name, m.row) for m in data.mentions] == [
        ("Amina Patel", "Bob Hughes", 2), ("Amina Patel", "Ken Walsh", 2), ("Bob Hughes", "Amina Patel", 3)]


def test_network_canvas_export_given_as_ties_says_to_read_it_as_a_survey(write, tmp_path, capsys):
    # nodeID, from and to restart at 1 in every interview: read as ties and actors they made a
    # network of the wrong people (10 actors of 5 on the reference export) with only warnings
    from netmap.cli import main
    from netmap.network import load_network

    files = nc_files(write)
    network, report = load_network(files[4], files[2])
    assert network is None and len(report.errors) == 1
    issue = report.errors[0]
    assert issue.file == "case_1_s1_edgeList_Close.csv" and issue.row == 1
    assert "Network Canvas export" in issue.message and "netmap survey" in issue.message
    assert "Survey export" in issue.message  # the app's way
    network, report = load_network(write("export.graphml", GRAPHML))
    assert network is None and "netmap survey" in report.errors[0].message
    assert main(["analyse", str(files[4]), "--actors", str(files[2]), "--out", str(tmp_path / "out")]) == 2
    assert capsys.readouterr().err.count("\n") == 1  # one line, no hint about bad rows
    assert read_survey(files).format == "network-canvas"  # and the survey reads the same files


def test_graphml_with_several_graphs_is_refused_not_cut_to_the_first(write):
    from netmap.network import load_network

    several = GRAPHML.replace('xmlns:nc="http://schema.networkcanvas.com/xmlns"', 'xmlns:nc="urn:other"')
    network, report = load_network(write("two.graphml", several))
    assert network is None
    assert report.errors[0].message.startswith("holds 2 graphs; netmap reads one network per file")


@pytest.mark.skipif(not NC_REAL.exists(), reason="Network Canvas reference files not on this machine")
def test_network_canvas_reference_export_given_as_ties_is_refused():
    from netmap.network import load_network

    ties = next(NC_REAL.glob("*edgeList*.csv"))
    network, report = load_network(ties, next(NC_REAL.glob("*attributeList*.csv")))
    assert network is None and "Network Canvas export" in report.errors[0].message


def test_a_long_export_with_several_people_named_by_one_respondent_is_not_answering_again(write):
    # the long format has a row per person named: three rows of Amina are one answer naming
    # three people (the questionnaire's close printed "answered again" for each respondent)
    export = write("long.csv", "respondent,named\nAmina Patel,Bob Hughes\nAmina Patel,Ken Walsh\n"
                               "Amina Patel,Dot Walker\nBob Hughes,Amina Patel\n")
    data = read_survey([export], format="long")
    assert not [i for i in data.issues if "answered again" in i.message]
    assert data.respondents == {"Amina Patel": ("long.csv", 2), "Bob Hughes": ("long.csv", 5)}
    assert len(data.mentions) == 4
