"""Reading the map (issue 14): one colour per group in every view, key labels that stay
readable, a legend in words, shapes for under-used assets, the map as text, an empty state,
and pictures that print legibly on A4."""
from __future__ import annotations

import json
import re

import networkx as nx
import pytest

from netmap import analyse
from netmap.render.colours import group_labels, group_palette, palette_scale
from netmap.render.layout import layout_positions
from netmap.render.network_map import MIN_LABEL_PX, build_map, map_html, tie_lines, ties_table
from netmap.render.spaces_map import build_spaces_map
from netmap.render.static_map import PRINT_WIDTH_MM, WIDTH, label_font, map_png, map_svg
from tests.conftest import SAMPLES
from tests.test_analysis import network_from


@pytest.fixture(scope="module")
def millbrook():
    return analyse(SAMPLES / "millbrook" / "ties.csv", SAMPLES / "millbrook" / "actors.csv", group_by="sector")


@pytest.fixture(scope="module")
def positions(millbrook):
    return layout_positions(millbrook.network.graph)


def colour_of_group(result, data) -> dict[str, set[str]]:
    """{group: the colours its actors have on this map}."""
    group = dict(zip(result.actors["id"].astype(str), group_labels(result.actors[result.group_column])))
    found: dict[str, set[str]] = {}
    for n in data.nodes:
        found.setdefault(group[n.id], set()).add(n.color)
    return found


def test_a_group_keeps_its_colour_when_an_actor_is_focused(millbrook, positions):
    palette = group_palette(millbrook, "sector")
    whole = colour_of_group(millbrook, build_map(millbrook, positions))
    assert whole == {g: {c} for g, c in palette.items()}
    # around the Community Hub more voluntary actors are shown than public ones: a palette of
    # the shown subset reordered the colours (public orange became pink)
    for focus in ("hub", "council-housing", "library"):
        focused = colour_of_group(millbrook, build_map(millbrook, positions, focus=focus))
        assert all(colours == {palette[g]} for g, colours in focused.items()), (focus, focused)
    # and by the best-connected few
    few = colour_of_group(millbrook, build_map(millbrook, positions, max_drawn=12))
    assert all(colours == {palette[g]} for g, colours in few.items())


def test_first_look_map_has_the_colours_of_the_full_map(millbrook, positions):
    from netmap.render.first_map import first_map

    first = first_map(millbrook.network, positions, "sector", max_drawn=20)
    assert colour_of_group(millbrook, first).items() <= {g: {c} for g, c in
                                                        group_palette(millbrook, "sector").items()}.items()


def test_focused_legend_lists_the_shown_groups_in_their_whole_map_colours(millbrook, positions):
    palette = group_palette(millbrook, "sector")
    focused = build_map(millbrook, positions, focus="hub")
    assert all(palette[label] == colour for colour, label in focused.legend)


def test_picture_and_chart_scale_use_the_same_colours(millbrook, positions):
    palette = group_palette(millbrook, "sector")
    svg = map_svg(build_map(millbrook, positions, focus="hub"))
    fills = set(re.findall(r'<(?:circle|polygon)[^>]* fill="(#[0-9A-Fa-f]{6})"', svg))
    assert fills - {"#fff", "#ffffff"} <= set(palette.values()) | {"#9a9a9a"}
    domain, colours = palette_scale(palette)
    assert domain == ["community", "private", "public", "voluntary"]
    assert dict(zip(domain, colours)) == palette


def test_spaces_map_uses_the_session_palette():
    from netmap import load_network

    mb = SAMPLES / "millbrook"
    network, _ = load_network(mb / "ties.csv", mb / "actors.csv", affiliations=mb / "affiliations.csv",
                              spaces=mb / "spaces.csv")
    result = analyse(network, group_by="sector")
    palette = group_palette(result, "sector")
    group = dict(zip(result.actors["id"].astype(str), group_labels(result.actors["sector"])))
    for view in ("people", "two-mode"):
        data = build_spaces_map(result, view)
        people = [n for n in data.nodes if n.shape == "dot"]
        assert people and all(n.color == palette[group[n.id]] for n in people)


def test_key_actors_keep_readable_labels(millbrook, positions):
    data = build_map(millbrook, positions, focus=None)
    keys = {n.id for n in data.nodes if n.key}
    brokers = set(millbrook.brokers.dropna(subset=["broker_rank"])["id"][:5])
    assets = set(millbrook.hidden_wealth["id"][:5])
    largest = set(millbrook.actors.sort_values(["degree", "id"], ascending=[False, True])["id"][:5])
    assert brokers | assets | largest == keys
    assert 10 <= len(keys) <= 16  # enough to orient, few enough not to crowd the map
    page = map_html(data)
    nodes = json.loads(re.search(r"var nodes = new vis\.DataSet\((\[.*?\])\);\n", page, re.S).group(1))
    assert {n["id"] for n in nodes if n.get("netmapKey")} == keys
    # the page's script sets their size from the zoom so they stay this large on screen
    assert f"{MIN_LABEL_PX} / network.getScale()" in page
    assert MIN_LABEL_PX >= 12
    focused = build_map(millbrook, positions, focus="hub")
    assert "hub" in {n.id for n in focused.nodes if n.key}


def test_under_used_assets_are_a_shape_and_the_legend_says_each_mark_in_words(millbrook, positions):
    data = build_map(millbrook, positions)
    assets = set(millbrook.hidden_wealth["id"][:5])
    assert {n.id for n in data.nodes if n.shape == "diamond"} == assets
    page = map_html(data)
    legend = page.split('<aside class="legend"', 1)[1].split("</aside>", 1)[0]
    for words in ("Colour: sector", "Size: number of ties",
                  "Black ring: one of the top 5 honest brokers, people who link groups that rarely meet",
                  "Diamond: one of the top 5 under-used assets", 'class="shape-diamond"'):
        assert words in legend, words
    # the legend comes beside the drawing, in the same page
    assert page.index('<div id="map"') < page.index('<aside class="legend"')
    assert "flex-direction: row" in page


def test_no_words_about_rings_when_there_are_none(millbrook, positions):
    data = build_map(millbrook, positions, brokers=0, assets=0)
    assert data.marks == [] and data.shapes == []
    assert "Black ring" not in map_html(data) and "Diamond" not in map_html(data)


def test_the_map_as_text(millbrook, positions):
    focused = build_map(millbrook, positions, focus="hub")
    table = ties_table(millbrook, focused)
    assert list(table.columns) == ["Actor", "Connected to", "Type of tie", "Strength"]
    assert len(table) == len(focused.edges)
    lines = tie_lines(millbrook, "hub")
    assert len(lines) == millbrook.network.graph.degree("hub")
    hub = millbrook.actors.set_index("id").loc["hub", "name"]
    assert all(line.startswith(f"{hub} – ") and ", strength " in line for line in lines)


def test_no_ties_left_is_said_in_words():
    graph = nx.Graph([("a", "b"), ("b", "c")])
    result = analyse(network_from(graph, sector={"a": "x", "b": "y", "c": "x"}), group_by="sector")
    assert build_map(result, {}).empty == ""
    alone = nx.Graph()
    alone.add_nodes_from("abc")
    try:
        empty = analyse(network_from(alone, sector={"a": "x", "b": "y", "c": "x"}), group_by="sector")
    except Exception:  # the analysis refuses a network with no tie: then the app never draws one
        pytest.skip("no analysis without ties")
    data = build_map(empty, {})
    assert data.empty.startswith("No ties to draw")
    assert "No ties to draw" in map_html(data) and "No ties to draw" in map_svg(data)


def test_pictures_follow_the_screen_and_print_at_8_pt_on_a4(millbrook, positions):
    font = label_font()
    assert font * PRINT_WIDTH_MM / WIDTH >= 8 * 25.4 / 72  # mm on paper ≥ 8 pt
    focused = build_map(millbrook, positions, focus="hub")
    svg = map_svg(focused)
    sizes = {int(s) for s in re.findall(r'font-size="(\d+)"', svg)}
    assert sizes and min(sizes) >= font
    assert svg.count("<circle") + svg.count("<polygon") >= len(focused.nodes)
    hub = millbrook.actors.set_index("id").loc["hub", "name"]
    assert f">{hub}</text>" in svg.replace("&#x27;", "'")  # the focused actor is named
    assert svg.count("<polygon") >= sum(n.shape == "diamond" for n in focused.nodes)
    assert map_png(focused)[:4] == b"\x89PNG"
