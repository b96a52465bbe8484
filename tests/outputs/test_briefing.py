"""The meeting bundle: briefing, workbooks, pictures, interchange, pseudonyms — each opened
by a reader nobody here wrote."""
from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import networkx as nx
import openpyxl
import pytest

from netmap import analyse, load_network
from netmap.outputs.folder import export_bundle
from tests.conftest import SAMPLES

PAYLOAD = '<script>window.__pwned=1</script><img src=x onerror=alert(1)>'


@pytest.fixture(scope="module")
def bundle(tmp_path_factory):
    folder = SAMPLES / "millbrook"
    network, report = load_network(folder / "ties.csv", folder / "actors.csv")
    result = analyse(network, group_by="sector")
    out = tmp_path_factory.mktemp("bundle")
    paths = export_bundle(result, out, report)
    return result, out, paths


class Outline(HTMLParser):
    def __init__(self):
        super().__init__()
        self.headings, self.tags, self.text, self._in = [], set(), [], None

    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self._in = tag

    def handle_data(self, data):
        if self._in in ("h1", "h2", "h3"):
            self.headings.append(data.strip())
        self.text.append(data)


def test_every_file_is_written(bundle):
    _, _out, paths = bundle
    assert sorted(p.name for p in paths) == ["briefing.html", "kumu.xlsx", "map.png", "map.svg", "netmap.xlsx",
                                             "network.gexf", "network.graphml", "run.json"]


def test_briefing_has_every_section_and_no_script(bundle):
    result, out, _ = bundle
    outline = Outline()
    outline.feed((out / "briefing.html").read_text(encoding="utf-8"))
    assert outline.headings == ["Network briefing", "What the partnership could do next", "The network in numbers",
                                "The map", "Honest brokers", "Hidden wealth", "Under-used assets",
                                "Suggested introductions", "Gaps between groups", "Fragile points", "Communities",
                                "Circles of trust",
                                "How to read this", "Methods", "The plain words and their technical names"]
    assert "script" not in outline.tags and "svg" in outline.tags
    text = " ".join(outline.text)
    assert "Millbrook Community Hub" in text and "Ken Walsh (retired joiner)" in text
    assert f"modularity of the partition shown {result.summary['modularity']:.3f}" in text
    assert "seed 0" in text and "undirected" in text and "the actor attribute “sector”" in text


def test_workbook_opened_by_openpyxl(bundle):
    _result, out, _ = bundle
    wb = openpyxl.load_workbook(out / "netmap.xlsx")
    assert wb.sheetnames == ["actors", "ties", "brokers", "hidden_wealth", "introductions", "group_gaps",
                             "communities", "circles", "summary", "validation"]
    actors = wb["actors"]
    assert actors.freeze_panes == "A2" and actors.column_dimensions["B"].width > 10
    header = [c.value for c in actors[1]]
    column = header.index("betweenness") + 1
    assert actors.cell(2, column).data_type == "n"  # numbers as numbers
    assert actors.max_row == 169


def test_kumu_workbook_loads_back(bundle):
    _result, out, _ = bundle
    wb = openpyxl.load_workbook(out / "kumu.xlsx")
    assert wb.sheetnames == ["Elements", "Connections"]
    labels = [row[0].value for row in wb["Elements"].iter_rows(min_row=2)]
    assert len(labels) == len(set(labels)) == 168
    network, report = load_network(out / "kumu.xlsx")
    # 483 ties: 478 before Millbrook's circle of trust was planted (generate_millbrook.CIRCLE_TIES adds 5)
    assert report.ok and network.n_actors == 168 and network.n_ties == 483
    assert "sector" in network.attribute_columns and "netmap_id" in network.attribute_columns


def test_pictures(bundle):
    _, out, _ = bundle
    svg = ET.parse(out / "map.svg").getroot()
    assert svg.tag.endswith("svg") and len(svg.findall(".//{http://www.w3.org/2000/svg}circle")) >= 168
    png = (out / "map.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and len(png) > 50_000


def test_interchange_files_read_by_networkx(bundle):
    _, out, _ = bundle
    assert nx.read_gexf(out / "network.gexf").number_of_nodes() == 168
    # 483 ties: 478 before Millbrook's circle of trust was planted (generate_millbrook.CIRCLE_TIES adds 5)
    assert nx.read_graphml(out / "network.graphml").number_of_edges() == 483


def test_pseudonymised_bundle_contains_no_original_name(tmp_path):
    folder = SAMPLES / "millbrook"
    network, report = load_network(folder / "ties.csv", folder / "actors.csv")
    result = analyse(network, group_by="sector")
    paths = export_bundle(result, tmp_path, report, key="a secret", key_out=tmp_path.parent / "key.csv")
    assert not any("key" in p.name for p in tmp_path.iterdir())  # the key table stays out of the shared folder
    assert "Amina Patel" in (tmp_path.parent / "key.csv").read_text(encoding="utf-8")
    texts = {}
    for path in paths:
        if path.suffix == ".png":
            continue
        if path.suffix == ".xlsx":
            wb = openpyxl.load_workbook(path)
            texts[path.name] = " ".join(str(c.value) for ws in wb for row in ws.iter_rows() for c in row)
        else:
            texts[path.name] = path.read_text(encoding="utf-8")
    names = [n for n in result.actors["name"] if len(n) > 3]
    # ids like 'council-regen' or 'r017'; plain-word ids ('library') also occur as ordinary words
    ids = [i for i in result.actors["id"] if "-" in i or any(ch.isdigit() for ch in i)]
    for name, text in texts.items():
        leaked = [n for n in names + ids if n in text]
        assert leaked == [], (name, leaked[:5])
    export_bundle(result, tmp_path / "again", report, key="a secret")  # same key, same codes
    assert (tmp_path / "again" / "network.graphml").read_text() == (tmp_path / "network.graphml").read_text()


def test_script_payload_is_text_everywhere(tmp_path):
    network, report = load_network(("ties.csv", b"source,target\na,b\nb,c\n"),
                                   ("actors.csv", f'id,name,sector\na,"{PAYLOAD}",x\nb,"=1+1",y\nc,c,x\n'.encode()))
    result = analyse(network, group_by="sector")
    export_bundle(result, tmp_path, report)
    html = (tmp_path / "briefing.html").read_text(encoding="utf-8")
    assert "<script>" not in html and "<img" not in html and "&lt;script&gt;" in html
    assert "<script>" not in (tmp_path / "map.svg").read_text(encoding="utf-8")
    cell = next(c for row in openpyxl.load_workbook(tmp_path / "netmap.xlsx")["actors"].iter_rows() for c in row
                if c.value == "=1+1")
    assert cell.data_type == "s"  # stored as text: Excel shows it, never calculates it


# ----- the briefing for a partnership meeting (issue 14, item 8) ---------------------------------

def _outline(page: str) -> Outline:
    outline = Outline()
    outline.feed(page)
    return outline


class Cells:
    """The text of every table heading, the <h1>, the <title> and the suggested actions
    (headline, why), as a reader sees them (entities decoded)."""

    def __init__(self, page: str):
        text = lambda pattern: [html.unescape(re.sub(r"<[^>]+>", "", m)) for m in re.findall(pattern, page, re.DOTALL)]
        self.th = text(r"<th[^>]*>(.*?)</th>")
        self.h1 = text(r"<h1>(.*?)</h1>")
        self.title = text(r"<title>(.*?)</title>")
        self.actions = [(html.unescape(b), html.unescape(w))
                        for b, w in re.findall(r"<li class='action'><b>(.*?)</b>(.*?)</li>", page, re.DOTALL)]


def _cells(page: str) -> Cells:
    return Cells(page)


@pytest.fixture(scope="module")
def page(bundle):
    from netmap.outputs.briefing import briefing_html

    result, _, _ = bundle
    return briefing_html(result, locality="Millbrook")


def test_locality_in_the_title(bundle, tmp_path):
    from netmap.outputs.briefing import full_title

    _, out, _ = bundle
    assert _cells((out / "briefing.html").read_text(encoding="utf-8")).h1 == ["Network briefing"]
    assert full_title("Network briefing", "Millbrook") == "Network briefing: Millbrook"
    assert full_title("Millbrook partnership map", " millbrook ") == "Millbrook partnership map"
    assert full_title("", "") == "Network briefing" and full_title("Our map", "") == "Our map"


def test_title_and_locality_stay_text():
    from netmap.outputs.briefing import briefing_html

    network, _ = load_network(("ties.csv", b"source,target\na,b\nb,c\n"), ("actors.csv", b"id,name\na,A\nb,B\nc,C\n"))
    result = analyse(network)
    page = briefing_html(result, title='Map & "plan" <b>', locality="<script>alert(1)</script>")
    assert "<script>" not in page and "<b>" not in page.split("<body>")[1][:200]
    cells = _cells(page)
    assert cells.h1 == ['Map & "plan" <b>: <script>alert(1)</script>'] and cells.title[0] == cells.h1[0]
    assert "Who works with whom in <script>alert(1)</script>:" in " ".join(_outline(page).text)


def test_cli_report_takes_the_locality(tmp_path, capsys):
    from netmap.cli import main

    folder = SAMPLES / "florentine"
    out = tmp_path / "out"
    assert main(["report", str(folder / "ties.csv"), "--locality", "Florence <1430>", "--title", "Marriages",
                 "--out", str(out)]) == 0
    capsys.readouterr()
    page = (out / "briefing.html").read_text(encoding="utf-8")
    assert "".join(_cells(page).h1) == "Marriages: Florence <1430>" and "&lt;1430&gt;" in page


def test_first_page_acts_then_warns_then_counts(bundle, page):
    from netmap.insights.actions import suggested_actions

    result, _, _ = bundle
    headings = _outline(page).headings
    assert headings[:3] == ["Network briefing: Millbrook", "What the partnership could do next",
                            "The network in numbers"]
    actions = suggested_actions(result)
    assert 3 <= len(actions) <= 5
    shown = _cells(page).actions
    assert shown == [(a.headline, a.why) for a in actions]
    assert shown[0][0] == "Introduce Millbrook Food Bank and Bright Futures Minibus Trust"
    first_page = page[:page.index("<h2>The network in numbers</h2>")]
    # how to make a copy without names, in a meeting's words: no command-line flag (issue 23)
    assert "Personal data." in first_page and "pseudonymised copy" in first_page and "--" not in first_page
    assert "Pseudonymise every download" in first_page and "residents" in first_page.lower()
    assert page.index("What the partnership could do next") < page.index("<svg")


def test_numbers_are_rounded_and_explained(page):
    text = " ".join(_outline(page).text)
    # the raw density (0.034431, as networkx's density gives) and modularity (0.6917, summary.json):
    # 0.034074 and 0.6965 before Millbrook's circle of trust was planted
    assert "0.0344" not in text and "0.034431" not in text and "0.6917" not in text
    for number, sentence in [("3.4%", "of all possible pairs are tied"), ("3.7", "steps on average"),
                             ("2", "separate parts: the main body holds 167 actors; the one other actor has"),
                             ("8", "fragile points: actors whose departure")]:
        assert f"<tr><td>{number}</td><td>{sentence}" in page, number
    assert "modularity 0.69; above 0.3 is usually taken as clear communities" in text


def test_plain_headers_and_no_repository_pointer(page):
    from netmap.glossary import TECHNICAL_NAMES

    headers = _cells(page).th
    assert headers and not [h for h in headers if h in TECHNICAL_NAMES or "_" in h]
    assert "Honest-broker score" in headers and "Worth making (0–1)" in headers
    assert "docs/" not in page and "see docs" not in page.lower()
    text = " ".join(_outline(page).text)
    assert "How to read this" in text and "broker_score: Honest-broker score" in text  # methods name the term


def test_communities_described_by_their_members(page):
    text = " ".join(_outline(page).text)
    assert "Around Millbrook Community Hub: 28 actors, mostly community (86%)" in text
    # issue 22: an actor with no tie is not a one-actor community (266 of them on the physicians)
    assert "1 actor with no tie to anyone (Ken Walsh (retired joiner)) is not counted as a community" in text
    assert "on their own: 1 actor" not in text
    assert "<td>0</td><td>31</td>" not in page  # no bare "community 0: 31 actors" table


def test_fragile_points_name_who_would_be_cut_off(page):
    assert ("<td>Millbrook Traders&#x27; Association</td><td>2</td><td>Castle Hill Garage, Millbrook Cabs</td>"
            in page)


def test_nothing_to_act_on_says_so():
    from netmap.outputs.briefing import briefing_html

    network, _ = load_network(("ties.csv", b"source,target\na,b\n"), ("actors.csv", b"id,name,ward\na,A,x\nb,B,x\n"))
    page = briefing_html(analyse(network, group_by="ward"))
    assert "Nothing in this map stands out for action" in page and "class='action'" not in page


def test_pseudonymised_briefing_warns_and_names_nobody(bundle):
    from netmap.outputs.briefing import briefing_html
    from netmap.privacy import Pseudonymiser

    result, _, _ = bundle
    p = Pseudonymiser.for_analysis(result, "k")
    page = briefing_html(result, pseudonymiser=p, locality="Millbrook")
    assert "Pseudonymised copy." in page and "Personal data." not in page
    actions = _cells(page).actions
    assert len(actions) == 5 and all("A-" in headline for headline, _ in actions)
    names = [n for n in result.actors["name"] if len(n) > 3]
    ids = [i for i in result.actors["id"] if "-" in i or any(ch.isdigit() for ch in i)]
    assert [s for s in names + ids if s in page] == []


def test_map_caption_follows_the_marks_drawn():
    from netmap.outputs.briefing import _map_caption
    from netmap.render.network_map import MapData

    plain = MapData([], [], [], False, marks=[("#000000", "top 5 honest brokers")])
    assert _map_caption(plain, "sector") == ("Each dot is an actor and each line a tie; the colour shows the sector. "
                                             "Black ring: top 5 honest brokers.")
    worded = MapData([], [], [], False, marks=[("#000000", "Black ring: the top honest broker")],
                     shapes=[("diamond", "Diamond: the top under-used asset")])
    assert _map_caption(worded, "ward").endswith("ward. Black ring: the top honest broker. Diamond: the top "
                                                 "under-used asset.")
    assert "ring" not in _map_caption(MapData([], [], [], False), "ward").lower()  # no ring explained when none
