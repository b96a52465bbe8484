"""The app, run headless by Streamlit's AppTest: samples, uploads, bad files, options."""
from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT, SAMPLES
from tests.ui.tables import open_view, table

APP = str(ROOT / "app.py")



def start() -> AppTest:
    return AppTest.from_file(APP, default_timeout=120).run()


def map_srcdoc(at: AppTest) -> str:
    frames = [e for e in at.main if getattr(e, "type", None) == "iframe"
              and "<title>netmap: shared spaces</title>" not in e.proto.srcdoc]  # the Shared spaces tab's map
    assert len(frames) == 1
    return frames[0].proto.srcdoc


def node_count(at: AppTest) -> int:
    match = re.search(r"var nodes = new vis\.DataSet\((\[.*?\])\);\n", map_srcdoc(at), re.DOTALL)
    return match.group(1).count('"id":')


def upload(at: AppTest, ties: tuple[str, bytes], actors: tuple[str, bytes] | None = None) -> AppTest:
    at.sidebar.radio(key="mode").set_value("Upload my files").run()
    at.sidebar.file_uploader(key="ties_file").set_value((ties[0], ties[1], "text/csv")).run()
    if actors:
        at.sidebar.file_uploader(key="actors_file").set_value((actors[0], actors[1], "text/csv")).run()
    return at


def assert_clean(at: AppTest) -> None:
    assert not at.exception
    assert not at.error, [e.value for e in at.error]


@pytest.mark.parametrize("label, actors", [("Millbrook", 168),
                                           ("Florentine families", 16), ("Karate club", 34)])
def test_each_sample_loads(label, actors):
    at = start()
    at.sidebar.selectbox(key="sample").set_value(label).run()
    assert_clean(at)
    spaces = ["Shared spaces"] if label.startswith("Millbrook") else []  # Millbrook has spaces too
    assert [t.label for t in at.tabs] == ["Map", "Actors", "Honest brokers", "Hidden wealth", "Communities",
                                          "Resilience", "Summary", "Take it to the meeting", "What changed"] + spaces
    assert node_count(at) == actors
    assert len(table(open_view(at, "Actors"), "name", "degree", "broker_score")) == actors  # the actors table


def test_upload_a_valid_pair_of_files():
    folder = SAMPLES / "karate"
    at = upload(start(), ("ties.csv", (folder / "ties.csv").read_bytes()),
                ("actors.csv", (folder / "actors.csv").read_bytes()))
    assert_clean(at)
    assert node_count(at) == 34
    assert at.sidebar.selectbox(key="group_by").value == "club"


def test_broken_file_names_file_row_and_column():
    at = upload(start(), ("my ties.csv", b"source,target,weight\na,b,1\nb,c,heavy\n"))
    assert not at.exception
    assert "1 problem in my ties.csv stops netmap from reading it" in at.error[0].value.replace("\\", "")
    assert "my ties.csv, row 3, column 'weight': weight 'heavy' is not a number" in at.text[0].value
    assert not at.tabs  # nothing analysed from a file with errors


def test_unrecognised_columns_get_a_mapping_step():
    at = upload(start(), ("export.csv", b"Org A,Org B,Score\nx,y,2\ny,z,3\n"))
    assert "missing required column 'source'" in at.text[0].value
    at.selectbox(key="map_ties_source").set_value("Org A")
    at.selectbox(key="map_ties_target").set_value("Org B")
    at.selectbox(key="map_ties_weight").set_value("Score")
    at.button[0].click().run()  # the form's submit button
    assert_clean(at)
    assert node_count(at) == 3


def test_warnings_are_listed_and_downloadable():
    at = upload(start(), ("ties.csv", b"source,target\na,b\nb,a\nc,c\n"))
    assert_clean(at)
    expander = at.expander[0]
    assert expander.label == "2 changes netmap made while reading your data"
    assert any(d.label == "Download the affected rows (CSV)" for d in at.get("download_button"))


def test_options_change_the_tables():
    at = open_view(start(), "Honest brokers")
    brokers_by_sector = table(at, "why", "broker_score")  # the honest-broker table
    assert brokers_by_sector["why"].str.contains("sectors").any()
    at.sidebar.selectbox(key="group_by").set_value("ward").run()
    assert_clean(at)
    assert table(at, "why", "broker_score")["why"].str.contains("wards").any()
    at.sidebar.checkbox(key="weighted").check().run()
    assert_clean(at)
    at.sidebar.multiselect(key="types").set_value(["funds"]).run()
    assert_clean(at)
    open_view(at, "Actors")
    assert "0.0" not in str(table(at, "name", "degree", "broker_score")["degree"].max())  # still a table of actors
    # fewer ties drawn after the type filter than Millbrook's 483 (478 before its circle of trust)
    assert table(at, "name", "degree", "broker_score")["degree"].sum() < 2 * 483


def test_focus_on_an_actor_shows_its_neighbourhood():
    at = start()
    hub_degree = int(table(open_view(at, "Actors"), "id", "degree", "broker_score").set_index("id").loc["hub", "degree"])
    open_view(at, "Map").selectbox(key="focus").set_value("hub").run()
    assert_clean(at)
    assert node_count(at) == hub_degree + 1
    at.radio(key="depth").set_value(2).run()
    assert node_count(at) > hub_degree + 1


def test_what_if_view():
    at = open_view(start(), "Resilience")
    at.multiselect(key="what_if").set_value(["ra-hollins"]).run()
    assert_clean(at)
    assert any("21 actor(s) would be cut off" in t.value for t in at.text)


def test_script_payloads_are_escaped_in_the_map():
    payload = '<img src=x onerror=alert(1)></script><script>alert(2)</script>" onmouseover="alert(3)'
    actors = f'id,name,sector\na,"{payload.replace(chr(34), chr(34) * 2)}",x\nb,<b>href</b>,y\n'.encode()
    at = upload(start(), ("ties.csv", b"source,target\na,b\n"), ("actors.csv", actors))
    assert_clean(at)
    page = map_srcdoc(at)
    assert "<img" not in page and "</script><script>alert" not in page
    assert "\\u003cimg src=x onerror=alert(1)\\u003e" in page


def test_one_excel_workbook_with_both_tables(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    elements = wb.active
    elements.title = "Elements"
    for row in [["Label", "Sector"], ["Food Bank", "voluntary"], ["GP", "public"], ["Pub", "private"],
                ["Library", "public"], ["Cafe", "private"]]:
        elements.append(row)
    connections = wb.create_sheet("Connections")
    for row in [["From", "To", "Type"], ["Food Bank", "GP", "refers"], ["GP", "Pub", "collaborates"],
                ["Library", "Cafe", "collaborates"], ["Cafe", "GP", "supplies"]]:
        connections.append(row)
    wb.save(tmp_path / "kumu.xlsx")
    at = upload(start(), ("kumu.xlsx", (tmp_path / "kumu.xlsx").read_bytes()))
    assert_clean(at)
    assert node_count(at) == 5
    assert at.sidebar.selectbox(key="group_by").value == "Sector"


@pytest.mark.parametrize("content, message", [(b"", "ties.csv: is empty"),
                                              (b"\x00\x01binary\x00\x00junk", "looks like a binary file")])
def test_unusable_upload_is_a_message(content, message):
    at = upload(start(), ("ties.csv", content))
    assert not at.exception
    assert message in at.text[0].value


def test_graphml_upload_and_interchange_downloads(tmp_path):
    import networkx as nx

    graph = nx.relabel_nodes(nx.karate_club_graph(), str)
    nx.write_graphml(graph, tmp_path / "karate.graphml")
    at = upload(start(), ("karate.graphml", (tmp_path / "karate.graphml").read_bytes()))
    assert_clean(at)
    assert node_count(at) == 34
    open_view(at, "Take it to the meeting").button(key="prepare_exports").click().run()
    labels = [d.label for d in at.get("download_button")]
    assert "Network with every metric for Gephi (GEXF)" in labels
    assert "Network with every metric for yEd, igraph, R (GraphML)" in labels


def test_meeting_downloads_and_pseudonyms():
    at = open_view(start(), "Take it to the meeting")
    at.button(key="prepare_exports").click().run()
    labels = [d.label for d in at.get("download_button")]
    for expected in ("Briefing (HTML: open in a browser, print to A4 or PDF)", "Workbook with every table (Excel)",
                     "Kumu import (Elements and Connections)", "Map picture for slides (PNG)",
                     "Map picture for print (SVG)"):
        assert expected in labels
    at.sidebar.checkbox(key="pseudonymise").check().run()
    assert_clean(at)
    at.button(key="prepare_exports").click().run()
    assert "Key table: codes → names (keep it apart from the files you share)" in [
        d.label for d in at.get("download_button")]


def test_pseudonymised_downloads_hide_names(downloads):
    """The affected-rows CSV and the downloaded map (its notice and focus) show codes, not names."""
    import pandas as pd

    from netmap.privacy import Pseudonymiser

    captured = downloads
    ties = b"source,target\njane.smith@example.org,p002\njane.smith@example.org,p002\np002,p003\np003,p004\n"
    actors = (b"id,name,sector,email\njane.smith@example.org,Jo,north,jo@x.example\np002,Alpha Person 3,south,\n"
              b"p003,Li,north,\np004,17,south,\n")
    at = upload(start(), ("ties.csv", ties), ("actors.csv", actors))
    at.sidebar.checkbox(key="pseudonymise").check().run()
    at.selectbox(key="focus").set_value("p002").run()
    assert_clean(at)
    key = at.session_state["pseudonym_key"]
    codes = Pseudonymiser(pd.DataFrame({"id": ["jane.smith@example.org", "p002", "p003", "p004"],
                                        "name": ["Jo", "Alpha Person 3", "Li", "17"]}), key).codes
    rows = captured["report_download"].decode("utf-8-sig")
    assert f"tie {codes['jane.smith@example.org']} – {codes['p002']} appears 2 times" in rows
    page = captured["download_map"].decode("utf-8")
    assert f'var focus = "{codes["p002"]}";' in page and f"Showing {codes['p002']} and the" in page
    open_view(at, "Actors")
    actors_csv = captured["download_actors"].decode("utf-8-sig")
    assert "email" not in actors_csv.splitlines()[0]
    for text in (rows, page, actors_csv):
        for original_text in ("jane.smith", "p002", "Alpha Person", "jo@x.example", ",Li,", ",17,"):
            assert original_text not in text


def test_first_page_says_what_it_shows_and_what_to_do_next():
    at = start()
    assert_clean(at)
    intro = at.markdown[0].value
    # 478 ties before Millbrook's circle of trust was planted (generate_millbrook.CIRCLE_TIES adds 5)
    assert intro.startswith("You are looking at Millbrook, a fictional town") and "168 actors and 483 ties" in intro
    steps = next(e for e in at.expander if e.label.startswith("What you could do next"))
    text = steps.markdown[0].value
    assert "**Introduce Millbrook Food Bank and Bright Futures Minibus Trust.**" in text
    assert text.count("\n") + 1 == 5  # five suggestions, numbered


def test_communities_described_by_their_members():
    at = open_view(start(), "Communities")
    listed = [m.value for m in at.markdown if m.value.startswith("- **0**")]
    # Markdown-escaped, as every user text on the page
    assert listed and "Around Age Concern Millbrook\\: 31 actors, mostly community" in listed[0]
    assert listed[0].count("\n- **") == 6  # seven communities, one line each
    labels = [m.label for m in at.metric]
    assert "How clearly they separate" in labels and "Modularity" not in labels
