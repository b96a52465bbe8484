"""Uploads in the app (issue 14, item 6): bad rows set aside, headlines naming the file, mapping
pickers that start on netmap's guess, and the rule for repeated ties."""
from __future__ import annotations

import io

import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from tests.ui.test_app import assert_clean, map_srcdoc, node_count, start, upload

#: Five ties, one with a weight that is not a number (row 4) and one with a blank target (row 6).
BAD_ROWS = b"source,target,weight,type\na,b,2,funds\nb,c,3,refers\nc,d,heavy,funds\nd,e,1,funds\ne,,2,refers\n"



@pytest.fixture
def downloads(monkeypatch):
    """What each download button would give, by key (AppTest cannot press a download)."""
    captured = {}
    original = st.download_button

    def recording(label, data, *args, **kwargs):
        captured[kwargs.get("key")] = (label, data)
        return original(label, data, *args, **kwargs)

    monkeypatch.setattr(st, "download_button", recording)
    return captured


def _button(at: AppTest, key: str):
    return next(b for b in at.button if b.key == key)


def test_one_bad_row_offers_to_load_the_others(downloads):
    at = upload(start(), ("millbrook_ties.csv", BAD_ROWS))
    assert not at.exception
    headline = at.error[0].value.replace("\\", "")
    assert "2 problems in millbrook_ties.csv stop netmap from reading it" in headline
    assert "set the bad ones aside" in headline and "Use these columns" not in headline
    offer = _button(at, "set_aside_offer")
    assert offer.label == "Load the 3 valid rows and set the 2 bad ones aside"
    assert not at.tabs  # the default is safe: nothing loads until the user chooses

    offer.click().run()
    assert_clean(at)
    assert node_count(at) == 5  # a–e: e stays, created from its valid tie d–e
    warning = at.warning[0].value.replace("\\", "")
    assert "2 bad rows set aside, as you chose (millbrook_ties.csv rows 4, 6)" in warning
    assert "the other 3 rows are loaded" in warning
    label, data = downloads["set_aside_download"]
    assert label == "Download the 2 set-aside rows (CSV)"
    rows = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False)
    assert list(rows.columns) == ["source", "target", "weight", "type", "file", "row", "column", "problem"]
    assert rows[["source", "weight", "row", "column"]].values.tolist() == [["c", "heavy", "4", "weight"],
                                                                           ["e", "2", "6", "target"]]
    assert "weight 'heavy' is not a number" in rows["problem"][0]
    # the choice shows in the list of changes too
    assert any("the row was set aside" in t.value for t in at.text)


def test_putting_the_rows_back_stops_the_load_again():
    at = upload(start(), ("ties.csv", BAD_ROWS))
    _button(at, "set_aside_offer").click().run()
    assert at.tabs
    _button(at, "set_aside_undo").click().run()
    assert not at.exception
    assert not at.tabs
    assert _button(at, "set_aside_offer")


def test_the_choice_belongs_to_the_files_it_was_made_for():
    at = upload(start(), ("ties.csv", BAD_ROWS))
    _button(at, "set_aside_offer").click().run()
    assert at.tabs
    other = BAD_ROWS.replace(b"a,b,2", b"a,x,2")
    at.sidebar.file_uploader(key="ties_file").set_value(("ties.csv", other, "text/csv")).run()
    assert not at.tabs  # another file: the user is asked again
    assert _button(at, "set_aside_offer")


def test_a_problem_with_the_whole_file_still_stops():
    at = upload(start(), ("ties.csv", b"source,target\n"))
    assert not at.exception
    assert "1 problem in ties.csv stops netmap from reading it" in at.error[0].value.replace("\\", "")
    assert "fix these in your file and upload it again" in at.error[0].value
    assert not [b for b in at.button if b.key == "set_aside_offer"]


def test_headline_names_the_actors_file_and_only_its_pickers_show():
    ties = ("links.csv", b"From,To,Strength\nann,bob,2\nbob,cy,1\n")
    actors = ("people.csv", b"Person,Sector\nann,public\nbob,voluntary\ncy,public\n")
    at = upload(start(), ties, actors)
    assert not at.exception
    headline = at.error[0].value.replace("\\", "")
    assert "1 problem in people.csv stops netmap from reading it" in headline
    assert "Use these columns" in headline and "upload it again" not in headline
    keys = {s.key for s in at.selectbox}
    assert {"map_actors_id", "map_actors_name"} <= keys
    assert not any(k.startswith("map_ties_") for k in keys)  # the ties file was read: no question about it
    at.selectbox(key="map_actors_id").set_value("Person")
    next(b for b in at.button if b.label == "Use these columns").click().run()
    assert_clean(at)
    assert node_count(at) == 3
    assert at.sidebar.selectbox(key="group_by").value == "Sector"


def test_mapping_pickers_start_on_the_best_guess():
    # 'Source' and 'Weight' are recognised; the target column is not
    at = upload(start(), ("export.csv", b"Source,Partner,Weight,Kind\nx,y,2,funds\ny,z,3,refers\n"))
    assert not at.exception
    assert at.selectbox(key="map_ties_source").value == "Source"
    assert at.selectbox(key="map_ties_weight").value == "Weight"
    assert at.selectbox(key="map_ties_type").value == "Kind"
    assert at.selectbox(key="map_ties_target").value == "(not in this file)"
    assert not [s for s in at.selectbox if s.key.startswith("map_actors_")]  # there is no actors file
    at.selectbox(key="map_ties_target").set_value("Partner")
    next(b for b in at.button if b.label == "Use these columns").click().run()
    assert_clean(at)
    assert node_count(at) == 3


RATINGS = b"source,target,weight\na,b,4\nb,a,5\nb,c,2\nc,d,1\n"


def _weights(at: AppTest) -> dict[tuple[str, str], float]:
    """The tie strengths the map shows (each edge's tooltip ends "strength 4.5")."""
    import json
    import re

    edges = json.loads(re.search(r"var edges = new vis\.DataSet\((\[.*?\])\);\n", map_srcdoc(at), re.S).group(1))
    return {tuple(sorted((e["from"], e["to"]))): float(re.search(r"strength (\S+)", e["title"]).group(1))
            for e in edges}


@pytest.mark.parametrize("rule, expected", [("sum", 9.0), ("max", 5.0), ("mean", 4.5)])
def test_the_rule_for_repeated_ties_changes_the_weights(rule, expected):
    at = upload(start(), ("ratings.csv", RATINGS))
    assert_clean(at)
    choice = at.sidebar.selectbox(key="combine")
    assert choice.value == "sum"  # the default, explained in the help
    assert "1 to 5" in choice.help
    choice.set_value(rule).run()
    assert_clean(at)
    assert _weights(at)[("a", "b")] == expected
    changes = "\n".join(t.value for t in at.text)
    words = {"sum": "weights summed", "max": "largest weight kept", "mean": "weights averaged"}[rule]
    assert f"combined into one tie with weight {expected:g} (repeated ties: {words})" in changes


def test_no_rule_to_choose_without_repeated_ties():
    at = upload(start(), ("ties.csv", b"source,target,weight\na,b,4\nb,c,2\n"))
    assert_clean(at)
    assert not [s for s in at.sidebar.selectbox if s.key == "combine"]


def test_a_missing_column_in_an_affiliations_file_is_fixed_in_the_file():
    at = upload(start(), ("ties.csv", b"source,target\na,b\nb,c\n"))
    at.sidebar.file_uploader(key="affiliations_file").set_value(
        ("uses.csv", b"who_is_it,where_is_it\na,hall\n", "text/csv")).run()
    assert not at.exception
    headline = at.error[0].value.replace("\\", "")
    assert "1 problem in uses.csv stops netmap from reading it" in headline
    assert "fix these in your file and upload it again" in headline
    assert not [b for b in at.button if b.label == "Use these columns"]  # the form cannot fix this file


def test_problems_in_two_files_are_counted_per_file():
    at = upload(start(), ("links.csv", b"source,target,weight\na,b,x\nb,c,1\n"),
                ("people.csv", b"id,name\na,Ann\na,Ann again\nb,Bob\n"))
    assert not at.exception
    headline = at.error[0].value.replace("\\", "")
    assert "Problems in 2 files stop netmap from reading them: 1 in people.csv, 1 in links.csv" in headline
    assert _button(at, "set_aside_offer").label == "Load the 3 valid rows and set the 2 bad ones aside"
    _button(at, "set_aside_offer").click().run()
    assert_clean(at)
    assert node_count(at) == 3


def test_a_network_canvas_export_is_sent_to_survey_export():
    from tests.intake.test_responses import GRAPHML

    at = upload(start(), ("interviews.graphml", GRAPHML.encode()))
    assert not at.exception
    assert any("Network Canvas export" in t.value and "Survey export" in t.value for t in at.text)
    assert "Read it under Survey export" in at.error[0].value.replace("\\", "")
    at.button(key="to_survey_export").click().run()
    assert not at.exception
    assert at.sidebar.radio(key="mode").value == "Survey export"
    assert any(u.key == "survey_files" for u in at.get("file_uploader"))  # where the export can be read


def test_the_offer_counts_the_rows_of_the_file_with_bad_rows_only():
    # issue 23 item 9: "Load the 8 valid rows" of a 5-row ties file, counting a clean actors file's rows too
    actors = b"id,name\na,Ann\nb,Bob\nc,Cy\nd,Di\ne,Ed\n"
    at = upload(start(), ("ties.csv", BAD_ROWS), ("actors.csv", actors))
    assert not at.exception
    assert _button(at, "set_aside_offer").label == "Load the 3 valid rows and set the 2 bad ones aside"
    _button(at, "set_aside_offer").click().run()
    assert "the other 3 rows are loaded" in at.warning[0].value.replace("\\", "")


@pytest.mark.parametrize("n", [1, 2])
def test_the_introduction_counts_in_words(n):
    ties = ("ties.csv", ("source,target\n" + "".join(f"a,b{i}\n" for i in range(n))).encode())
    actors = ("actors.csv", ("id,name,sector\na,Ann,s0\n" + "".join(f"b{i},Bea {i},s{i}\n" for i in range(n))).encode())
    at = upload(start(), ties, actors)
    at.sidebar.selectbox(key="group_by").set_value("sector").run()
    assert_clean(at)
    text = " ".join(m.value for m in at.markdown).replace("\\", "")
    words = "2 actors and 1 tie, in 1 group by sector." if n == 1 else "3 actors and 2 ties, in 2 groups by sector."
    assert words in text
