"""The map page: what is drawn, filtered views, and that user text cannot become markup."""
from __future__ import annotations

import json
import re

import networkx as nx
import pytest

from netmap import analyse
from netmap.render.layout import layout_positions
from netmap.render.network_map import build_map, map_html
from tests.conftest import SAMPLES
from tests.test_analysis import network_from


@pytest.fixture(scope="module")
def millbrook():
    return analyse(SAMPLES / "millbrook" / "ties.csv", SAMPLES / "millbrook" / "actors.csv", group_by="sector")


def page_nodes(page: str) -> list[dict]:
    text = re.search(r"var nodes = new vis\.DataSet\((\[.*?\])\);\n", page, re.DOTALL).group(1)
    return json.loads(text)


def test_everything_drawn_with_marks_and_legend(millbrook):
    data = build_map(millbrook, layout_positions(millbrook.network.graph))
    # 483 ties: 478 before Millbrook's circle of trust was planted (generate_millbrook.CIRCLE_TIES adds 5)
    assert len(data.nodes) == 168 and len(data.edges) == 483
    ringed = {n.id for n in data.nodes if n.border == "#000000"}
    assert ringed == set(millbrook.brokers["id"][:5])
    # legends list groups in natural order (issue 9: grades 7, 8, 9 … not 9, 10, 11, 8)
    assert [label for _, label in data.legend] == ["community", "private", "public", "voluntary"]
    page = map_html(data)
    assert len(page_nodes(page)) == 168
    assert not re.search(r"(src|href)=", page.split("<script>")[0])  # no external file in the page head
    assert "default-src 'none'" in page  # and the page may not load anything at all


def test_large_networks_show_a_filtered_view(millbrook):
    data = build_map(millbrook, {}, max_drawn=40)
    assert len(data.nodes) == 40
    degrees = millbrook.actors.set_index("id")["degree"]
    assert min(degrees[n.id] for n in data.nodes) >= degrees.sort_values(ascending=False).iloc[39]
    assert data.notice.startswith("Showing the 40 best-connected actors (highest degree) of 168")


def test_focus_shows_the_neighbourhood(millbrook):
    data = build_map(millbrook, {}, focus="hub", depth=1)
    graph = millbrook.network.graph
    assert {n.id for n in data.nodes} == {"hub"} | set(graph["hub"])
    assert data.focus == "hub"


def test_metric_colours_and_sizes(millbrook):
    data = build_map(millbrook, {}, color_by="betweenness", size_by="pagerank")
    assert data.legend[0][1].startswith("low (") and data.legend[1][1].startswith("high (")
    assert data.colour_note.startswith("Colour: on many paths between others")  # plain words (glossary)
    assert data.size_note == "Size: influence (PageRank)"
    sizes = [n.size for n in data.nodes]
    assert min(sizes) >= 8 and max(sizes) == 40
    assert min(n.size for n in data.nodes if n.shape == "diamond") >= 18  # an asset's diamond is never a speck


def test_user_text_cannot_become_markup():
    payload = '</script><script>alert(1)</script><img src=x onerror=alert(2)> & "quoted"'
    graph = nx.Graph([("a", "b")])
    result = analyse(network_from(graph, sector={"a": payload, "b": "x"}), group_by="sector")
    page = map_html(build_map(result, {}), title=payload)
    assert "<img" not in page and "</script><script>alert" not in page
    assert "&lt;/script&gt;&lt;script&gt;alert(1)" in page  # the legend and title, escaped
    nodes = page_nodes(page)
    assert payload in next(n["title"] for n in nodes if n["id"] == "a")  # the tooltip keeps it as text


def test_number_coded_groups_read_as_named_and_sort_naturally():
    import networkx as nx

    from netmap import analyse
    from tests.test_analysis import network_from

    g = nx.path_graph([str(i) for i in range(12)])
    grade = {str(i): str(7 + i % 6) for i in range(12)}
    result = analyse(network_from(g, grade=grade), group_by="grade")
    assert result.group_names == ["7", "8", "9", "10", "11", "12"]
    data = build_map(result, layout_positions(result.network.graph))
    assert [label for _, label in data.legend] == [f"grade {v}" for v in range(7, 13)]
