"""The meeting bundle: briefing, workbooks, pictures, interchange, pseudonyms — each opened
by a reader nobody here wrote."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import networkx as nx
import openpyxl
import pytest

from netmap import analyse, load_network
from netmap.output import export_bundle
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
    _, out, paths = bundle
    assert sorted(p.name for p in paths) == ["briefing.html", "kumu.xlsx", "map.png", "map.svg", "netmap.xlsx",
                                             "network.gexf", "network.graphml"]


def test_briefing_has_every_section_and_no_script(bundle):
    result, out, _ = bundle
    outline = Outline()
    outline.feed((out / "briefing.html").read_text(encoding="utf-8"))
    assert outline.headings == ["Network briefing", "What the partnership could do next", "The network in numbers",
                                "The map", "Honest brokers", "Hidden wealth", "Under-used assets",
                                "Suggested introductions", "Gaps between groups", "Fragile points", "Communities",
                                "How to read this", "Methods", "The plain words and their technical names"]
    assert "script" not in outline.tags and "svg" in outline.tags
    text = " ".join(outline.text)
    assert "Millbrook Community Hub" in text and "Ken Walsh (retired joiner)" in text
    assert f"modularity of the partition shown {result.summary['modularity']:.3f}" in text
    assert "seed 0" in text and "undirected" in text and "the actor attribute “sector”" in text


def test_workbook_opened_by_openpyxl(bundle):
    result, out, _ = bundle
    wb = openpyxl.load_workbook(out / "netmap.xlsx")
    assert wb.sheetnames == ["actors", "ties", "brokers", "hidden_wealth", "introductions", "group_gaps",
                             "communities", "summary", "validation"]
    actors = wb["actors"]
    assert actors.freeze_panes == "A2" and actors.column_dimensions["B"].width > 10
    header = [c.value for c in actors[1]]
    column = header.index("betweenness") + 1
    assert actors.cell(2, column).data_type == "n"  # numbers as numbers
    assert actors.max_row == 169


def test_kumu_workbook_loads_back(bundle):
    result, out, _ = bundle
    wb = openpyxl.load_workbook(out / "kumu.xlsx")
    assert wb.sheetnames == ["Elements", "Connections"]
    labels = [row[0].value for row in wb["Elements"].iter_rows(min_row=2)]
    assert len(labels) == len(set(labels)) == 168
    network, report = load_network(out / "kumu.xlsx")
    assert report.ok and network.n_actors == 168 and network.n_ties == 478
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
    assert nx.read_graphml(out / "network.graphml").number_of_edges() == 478


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
