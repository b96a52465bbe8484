"""The interactive network map: a self-contained HTML page drawn by vis-network.

vis-network 9.1.2 is the build pyvis ships; it is inlined so the page loads nothing from the
internet. netmap writes its own small page rather than pyvis's template because that
template loads Bootstrap from a CDN, inserts headings unescaped and, once any tooltip
contains "href", shows every tooltip through ``innerHTML``. Here every piece of user text
reaches the page either as JSON inside a script (with <, > and & escaped) or through
:func:`html.escape`, and vis-network shows string tooltips as plain text.
"""
from __future__ import annotations

import html
import importlib.util
import json
import math
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd

from netmap.analysis import Analysis
from netmap.glossary import label_for
from netmap.render.colours import OTHER, group_labels, group_palette, sequential
from netmap.words import group_name, natural_key, plural

__all__ = [
    "KEY_LARGEST",
    "MAX_DRAWN",
    "MIN_LABEL_PX",
    "WHOLE_MAP_FLOOR",
    "MapData",
    "MapEdge",
    "MapNode",
    "asset_words",
    "broker_words",
    "build_map",
    "group_legend",
    "map_html",
    "scaled_sizes",
    "tie_lines",
    "ties_table",
    "vis_network_js",
]

#: Above this many actors the map shows a filtered view (the browser stays responsive: the
#: first draw takes 2 s at 3,000 actors on a 2-core machine, 4-5 s at 10,000).
MAX_DRAWN = 3000
HIGHLIGHT_BROKER = "#000000"
#: Under-used assets are drawn as diamonds: a shape, so the mark never depends on telling two
#: colours apart (an orange ring read as a filled orange dot, and turned olive under deuteranopia).
ASSET_SHAPE = "diamond"
#: Smallest size of a diamond (px at zoom 1), so the shape can be told from a dot.
ASSET_MIN_SIZE = 18.0
#: Smallest on-screen size (px) of a key actor's label, at every zoom.
MIN_LABEL_PX = 13
#: Font size (canvas units) of the other labels; they show once zooming makes them readable.
LABEL_FONT = 14
#: Labels smaller than this on screen (px) are not drawn: specks nobody can read only hide the map.
DRAW_THRESHOLD = 8
#: On the whole map, the least share of the zoom that fits the dots alone that is kept when fitting
#: the key labels too; a label the frame would still cut gives way.
WHOLE_MAP_FLOOR = 0.75
#: How many of the largest actors (by the chosen size) keep a readable label.
KEY_LARGEST = 5


@dataclass(frozen=True)
class MapNode:
    id: str
    label: str
    x: float
    y: float
    size: float
    color: str
    title: str
    border: str | None = None
    shape: str = "dot"  # vis-network shape: "square" marks a shared space, "diamond" an under-used asset
    key: bool = False  # a key actor: its label stays readable at every zoom (and is printed on pictures)


@dataclass(frozen=True)
class MapEdge:
    source: str
    target: str
    width: float
    title: str
    color: str | None = None  # None: the default grey
    dashes: bool = False


@dataclass(frozen=True)
class MapData:
    """Everything the page needs, with no graph algorithms left to run."""

    nodes: list[MapNode]
    edges: list[MapEdge]
    legend: list[tuple[str, str]]  # (colour, label)
    directed: bool
    notice: str = ""
    focus: str | None = None
    marks: list[tuple[str, str]] = field(default_factory=list)  # (border colour, meaning)
    shapes: list[tuple[str, str]] = field(default_factory=list)  # (shape, meaning), e.g. ("square", "space")
    lines: list[tuple[str, bool, str]] = field(default_factory=list)  # (tie colour, dashed, meaning)
    colour_note: str = ""  # what colour means, in words ("Colour: sector")
    size_note: str = ""  # what size means, in words ("Size: number of ties")
    empty: str = ""  # said over the map when there is no tie to draw


def _fmt(value) -> str:
    if isinstance(value, (float, np.floating)):
        return "—" if math.isnan(value) else f"{value:.3g}"
    return str(value)


def broker_words(count: int) -> str:
    """The legend's words for the black ring."""
    return (f"Black ring: one of the top {count} honest brokers, people who link groups that rarely meet"
            if count > 1 else "Black ring: the top honest broker, who links groups that rarely meet")


def asset_words(count: int) -> str:
    """The legend's words for the diamond."""
    return (f"Diamond: one of the top {count} under-used assets, resources at the edge of the network"
            if count > 1 else "Diamond: the top under-used asset, a resource at the edge of the network")


def _lower_first(text: str) -> str:
    """"Number of ties" → "number of ties", but "PageRank" stays."""
    return text[:1].lower() + text[1:] if text[1:2].islower() else text


def _title(row: pd.Series, group_column: str) -> str:
    lines = [str(row["name"])]
    if group_column in row.index and group_column != "community":
        lines.append(f"{group_column}: {_fmt(row[group_column])}")
    lines.append(f"community {row['community']}")
    lines.append(f"{plural(int(row['degree']), 'tie')}; {_lower_first(label_for('betweenness'))}: "
                 f"{_fmt(row['betweenness'])}")
    if pd.notna(row.get("broker_rank")):
        lines.append(f"honest broker #{int(row['broker_rank'])} (score {_fmt(row['broker_score'])})")
    if row.get("hidden_wealth_score", 0) > 0:
        lines.append(f"under-used asset (score {_fmt(row['hidden_wealth_score'])})")
    if row.get("cut_off_if_removed", 0) > 0:
        lines.append(f"{row['cut_off_if_removed']} cut off if it left")
    for column in ("offers", "needs"):
        if column in row.index and isinstance(row[column], str) and row[column]:
            lines.append(f"{column}: {row[column]}")
    return "\n".join(lines)


def _neighbourhood(graph: nx.Graph, focus: str, depth: int) -> set[str]:
    view = graph.to_undirected(as_view=True) if graph.is_directed() else graph
    return set(nx.single_source_shortest_path_length(view, focus, cutoff=depth))


def _shown(result: Analysis, focus: str | None, depth: int, max_drawn: int) -> tuple[set[str], str]:
    """The actors to draw, and the sentence that says which when not all of them."""
    table = result.actors.set_index("id", drop=False)
    if focus is not None:
        keep = _neighbourhood(result.network.graph, focus, depth)
        return keep, (f"Showing {table.loc[focus, 'name']} and the {plural(len(keep) - 1, 'actor', grouped=True)} "
                      f"within {plural(depth, 'step')}.")
    if len(table) > max_drawn:
        ranked = result.actors.sort_values(["degree", "id"], ascending=[False, True])
        return set(ranked["id"][:max_drawn]), (
            f"Showing the {max_drawn:,} best-connected actors (highest degree) of {len(table):,}, so the map "
            "stays responsive; search for an actor to see its neighbourhood.")
    return set(table["id"]), ""


def _colours(result: Analysis, shown: pd.DataFrame, color_by: str) -> tuple[list[str], list[tuple[str, str]], str]:
    """Each shown actor's colour, the legend's swatches and the words for what colour means.

    Groups take their colour from the palette of *all* actors (:func:`group_palette`), so a
    group keeps its colour when only part of the map is shown; the legend lists the groups
    on the map.
    """
    if color_by in ("group", "community"):
        column = result.group_column if color_by == "group" else "community"
        palette = group_palette(result, column)
        labels = group_labels(shown[column])
        colours = [palette.get(v, OTHER) for v in labels]
        return colours, group_legend(palette, labels, column), f"Colour: {_lower_first(label_for(column))}"
    values = shown[color_by].astype(float)
    low, high = sequential([0, 1])
    words = _lower_first(label_for(color_by))
    legend = [(low, f"low ({_fmt(values.min())})"), (high, f"high ({_fmt(values.max())})")]
    return sequential(shown[color_by]), legend, f"Colour: {words}, from dark (low) to yellow (high)"


def group_legend(palette: dict[str, str], labels: list[str], column: str) -> list[tuple[str, str]]:
    """The legend's swatches for the groups among ``labels``: in natural order (grade 7, 8, 9 …
    12, not 9, 10, 11, 8), a group coded as a number read as "Group 1", and "other" last for
    the groups beyond the palette."""
    present = set(labels)
    legend = [(palette[v], group_name(column, v)) for v in sorted(present, key=natural_key)
              if palette.get(v, OTHER) != OTHER]
    if any(palette.get(v, OTHER) == OTHER for v in present):
        legend.append((OTHER, "other"))
    return legend


def scaled_sizes(values) -> np.ndarray:
    """Node sizes from 8 to 40 px, in proportion to ``values`` between their least and largest."""
    values = np.asarray(values, dtype=float)
    span = values.max() - values.min() if len(values) else 0
    return 8 + 32 * ((values - values.min()) / span if span > 0 else np.zeros(len(values)))


def _sizes(shown: pd.DataFrame, size_by: str | None) -> tuple[np.ndarray, str]:
    """Node sizes (8-40 px by ``size_by``, else all 14) and the words for what size means."""
    if not size_by:
        return np.full(len(shown), 14.0), "Size: all the same"
    return scaled_sizes(shown[size_by].astype(float).fillna(0)), f"Size: {_lower_first(label_for(size_by))}"


def _key_actors(shown: pd.DataFrame, size_by: str | None, brokers: set[str], assets: set[str],
                focus: str | None, largest: int) -> set[str]:
    """The actors whose labels stay readable: marked brokers and assets, the focused actor and
    the ``largest`` by the chosen size (about 15 in all, so the labels do not crowd the map)."""
    keys = (brokers | assets) & set(shown["id"])
    if focus is not None:
        keys.add(focus)
    if size_by and len(shown):
        ranked = shown.reset_index(drop=True).assign(_v=lambda f: f[size_by].astype(float).fillna(0))
        ranked = ranked.sort_values(["_v", "id"], ascending=[False, True])
        keys |= set(ranked["id"][:largest])
    return keys


def _empty_words(result: Analysis, focus: str | None, edges: list) -> str:
    """What to say over a map with no tie to draw (not a ring of dots without a word)."""
    if edges:
        return ""
    if result.network.graph.number_of_edges() == 0:
        return ("No ties to draw: the tie types and minimum strength chosen in the sidebar leave none. "
                "Tick more tie types or lower the minimum strength.")
    if focus is not None:  # no name here: pseudonymised pictures replace names in the notice and labels only
        return "This actor has no ties with the tie types and strength chosen."
    return "None of the actors shown has a tie."


def build_map(result: Analysis, positions: dict[str, tuple[float, float]], color_by: str = "group",
              size_by: str | None = "degree", brokers: int = 5, assets: int = 5, focus: str | None = None,
              depth: int = 1, max_drawn: int = MAX_DRAWN, largest: int = KEY_LARGEST) -> MapData:
    """Choose what to draw and how: colours, sizes, marks, tooltips, and the filtered view.

    Parameters
    ----------
    color_by
        ``"group"`` (the analysis' group column), ``"community"``, or a metric column.
        Groups keep the colours of the whole analysis (:func:`~netmap.render.colours.group_palette`).
    size_by
        A metric column (scaled to 8-40 px), or None for equal sizes.
    brokers, assets
        How many top honest brokers (black ring) and under-used assets (diamonds) to mark.
    focus, depth
        Show only this actor and the actors within ``depth`` steps of it.
    max_drawn
        Above this many actors, only the ``max_drawn`` with the highest degree are drawn.
    largest
        How many of the largest actors (by ``size_by``) are key actors, whose labels stay
        readable at every zoom, with the marked ones and the focused one.

    Returns
    -------
    MapData
        The nodes, ties, legend and the words for it; the same data draws the interactive
        map (:func:`map_html`) and the pictures (:mod:`netmap.render.static_map`).
    """
    table = result.actors.set_index("id", drop=False)
    graph = result.network.graph
    keep, notice = _shown(result, focus, depth, max_drawn)
    shown = table[table["id"].isin(keep)]
    colours, legend, colour_note = _colours(result, shown, color_by)
    sizes, size_note = _sizes(shown, size_by)
    top_brokers = set(result.brokers.dropna(subset=["broker_rank"])["id"][:brokers]) if brokers else set()
    top_assets = set(result.hidden_wealth["id"][:assets]) if assets else set()
    keys = _key_actors(shown, size_by, top_brokers, top_assets, focus, largest)
    nodes = []
    for (actor_id, row), colour, size in zip(shown.iterrows(), colours, sizes):
        x, y = positions.get(actor_id, (0.0, 0.0))
        if actor_id in top_assets:  # an under-used asset is often small: its diamond must still show
            size = max(size, ASSET_MIN_SIZE)
        nodes.append(MapNode(str(actor_id), str(row["name"]), x, y, float(size), colour,
                             _title(row, result.group_column), HIGHLIGHT_BROKER if actor_id in top_brokers else None,
                             ASSET_SHAPE if actor_id in top_assets else "dot", actor_id in keys))
    edges = []
    for u, v, data in graph.edges(data=True):
        if u in keep and v in keep:
            weight = float(data.get("weight", 1.0))
            kind = data.get("type")
            title = f"{table.loc[u, 'name']} – {table.loc[v, 'name']}\nstrength {weight:g}" + (
                f"\n{kind}" if kind else "")
            edges.append(MapEdge(str(u), str(v), 1 + min(weight, 5) * 0.6, title))
    # the legend speaks only of the marks on this map: no ring explained when none is drawn
    marks = [(HIGHLIGHT_BROKER, broker_words(brokers))] if top_brokers & keep else []
    shapes = [(ASSET_SHAPE, asset_words(assets))] if top_assets & keep else []
    return MapData(nodes, edges, legend, graph.is_directed(), notice, focus if focus in keep else None, marks,
                   shapes, colour_note=colour_note, size_note=size_note,
                   empty=_empty_words(result, focus, edges))


def _ends(result: Analysis, data: MapData) -> list[tuple[str, str, dict]]:
    shown = {n.id for n in data.nodes}
    return [(str(u), str(v), d) for u, v, d in result.network.graph.edges(data=True)
            if str(u) in shown and str(v) in shown]


def ties_table(result: Analysis, data: MapData) -> pd.DataFrame:
    """"Who is connected to whom": every tie on the map, in plain words (a text alternative
    to the drawing, for screen readers and for reading the map as a list).

    Columns: ``Actor``, ``Connected to``, ``Type of tie``, ``Strength``; sorted by name.
    """
    names = dict(zip(result.actors["id"].astype(str), result.actors["name"].astype(str)))
    rows = [{"Actor": names.get(u, u), "Connected to": names.get(v, v), "Type of tie": d.get("type") or "",
             "Strength": float(d.get("weight", 1.0))} for u, v, d in _ends(result, data)]
    frame = pd.DataFrame(rows, columns=["Actor", "Connected to", "Type of tie", "Strength"])
    return frame.sort_values(["Actor", "Connected to"], key=lambda c: c.map(natural_key)).reset_index(drop=True)


def tie_lines(result: Analysis, focus: str) -> list[str]:
    """The focused actor's ties, one line each: "Name – Name, type, strength 2"."""
    names = dict(zip(result.actors["id"].astype(str), result.actors["name"].astype(str)))
    graph = result.network.graph
    pairs = list(graph.out_edges(focus, data=True)) + list(graph.in_edges(focus, data=True)) \
        if graph.is_directed() else list(graph.edges(focus, data=True))
    arrow = " → " if graph.is_directed() else " – "
    lines = []
    for u, v, d in pairs:
        kind = f", {d['type']}" if d.get("type") else ""
        strength = float(d.get("weight", 1.0))
        lines.append(f"{names.get(str(u), u)}{arrow}{names.get(str(v), v)}{kind}, strength {strength:g}")
    return sorted(lines, key=natural_key)


# found, not imported: importing pyvis loads IPython and jinja2 (0.3 s of the app's first run)
_LIB = Path(importlib.util.find_spec("pyvis").origin).parent / "templates" / "lib" / "vis-9.1.2"


def vis_network_js() -> str:
    """vis-network's JavaScript, as shipped inside the pyvis package."""
    return (_LIB / "vis-network.min.js").read_text(encoding="utf-8")


def _script_json(value) -> str:
    """JSON that is safe inside <script>: no '</script>', no HTML comment, no line separators."""
    text = json.dumps(value, ensure_ascii=False)
    for raw, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"),
                         ("\u2029", "\\u2029")):
        text = text.replace(raw, escaped)
    return text


def _node_json(n: MapNode) -> dict:
    node = {"id": n.id, "label": n.label, "x": round(n.x, 2), "y": round(n.y, 2), "size": n.size, "title": n.title,
            "color": {"background": n.color, "border": n.border or _edge_of(n),
                      "highlight": {"background": n.color, "border": "#000000"}},
            "borderWidth": 4 if n.border else 1, **({"shape": n.shape} if n.shape != "dot" else {})}
    if n.key:
        # drawn bold with a white halo so the name reads over ties; its size is kept readable by the page's script
        node["netmapKey"] = True
        node["font"] = {"size": LABEL_FONT, "color": "#111111", "strokeWidth": 4, "strokeColor": "#ffffff",
                        "face": "sans-serif"}
    return node


def _edge_of(n: MapNode) -> str:
    # a diamond is outlined in dark grey, so its shape reads even in a pale group colour
    return "#333333" if n.shape == "diamond" else n.color


def _legend_html(data: MapData) -> str:
    """The legend in words: what colour, size, rings, shapes and lines mean."""
    e = html.escape
    parts = ['<h2 class="legend-title">How to read this map</h2>']
    if data.colour_note:
        parts.append(f'<p class="note">{e(data.colour_note)}</p>')
    parts.append('<ul class="keys">' + "".join(
        f'<li><span class="swatch" style="background:{e(c)}"></span>{e(label)}</li>' for c, label in data.legend)
        + "</ul>")
    if data.size_note:
        parts.append(f'<p class="note">{e(data.size_note)}</p>')
    rows = [f'<li><span class="ring" style="border-color:{e(c)}"></span>{e(label)}</li>' for c, label in data.marks]
    rows += [f'<li><span class="shape-{e(shape)}"></span>{e(label)}</li>' for shape, label in data.shapes]
    rows += [f'<li><span class="line" style="border-top:3px {"dashed" if dashed else "solid"} {e(c)}"></span>'
             f'{e(label)}</li>' for c, dashed, label in data.lines]
    if rows:
        parts.append('<ul class="keys marks">' + "".join(rows) + "</ul>")
    if any(n.key for n in data.nodes):
        parts.append('<p class="hint">Names of the key actors show at every zoom, unless two would cover each other; '
                     "scroll to zoom in for the others, hover over an actor or a tie for its numbers.</p>")
    return "".join(parts)


def map_html(data: MapData, height: int = 640, title: str = "netmap") -> str:
    """A standalone page: works offline, saved to disk or embedded in the app.

    The legend sits to the right of the drawing (above it on a narrow screen), so it is seen
    with the map; key actors' labels stay at least :data:`MIN_LABEL_PX` on screen at every
    zoom, and the others show once zooming makes them readable.
    """
    nodes = [_node_json(n) for n in data.nodes]
    edges = [{"from": e.source, "to": e.target, "width": e.width, "title": e.title,
              **({"color": {"color": e.color, "opacity": 0.95}} if e.color else {}),
              **({"dashes": True} if e.dashes else {})} for e in data.edges]
    options = {
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False},
        "interaction": {"hover": True, "hideEdgesOnDrag": len(edges) > 2000, "tooltipDelay": 120,
                        "navigationButtons": False},
        "nodes": {"shape": "dot", "font": {"size": LABEL_FONT, "face": "sans-serif", "color": "#333333"},
                  "scaling": {"label": {"enabled": False, "drawThreshold": DRAW_THRESHOLD, "maxVisible": 30}}},
        "edges": {"smooth": False, "color": {"color": "#9a9a9a", "opacity": 0.55},
                  "arrows": {"to": {"enabled": data.directed, "scaleFactor": 0.5}}},
    }
    notice = f'<div class="notice">{html.escape(data.notice)}</div>' if data.notice else ""
    empty = f'<div class="empty" role="status">{html.escape(data.empty)}</div>' if data.empty else ""
    described = (f"Network map: {plural(len(data.nodes), 'actor', grouped=True)} and "
                 f"{plural(len(data.edges), 'tie', grouped=True)}. "
                 "A list of who is connected to whom is under the map.")
    focus = _script_json(data.focus)
    height = int(height)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy"
  content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<style>
body {{ margin: 0; font-family: sans-serif; font-size: 13px; color: #222; }}
.wrap {{ display: flex; flex-direction: row; align-items: stretch; height: {height}px; }}
.canvas {{ position: relative; flex: 1 1 auto; min-width: 0; }}
#map {{ width: 100%; height: 100%; border: 1px solid #ddd; box-sizing: border-box; }}
.legend {{ flex: 0 0 250px; padding: 4px 10px; overflow-y: auto; line-height: 1.35; box-sizing: border-box; }}
.legend-title {{ font-size: 14px; margin: 2px 0 6px; }}
.legend .note {{ margin: 8px 0 3px; font-weight: bold; }}
.legend .hint {{ margin: 10px 0 0; color: #444; }}
.keys {{ list-style: none; margin: 0; padding: 0; }}
.keys > * {{ margin: 2px 0; }}
.swatch {{ display: inline-block; width: 12px; height: 12px; border-radius: 6px; margin-right: 6px;
  vertical-align: -1px; border: 1px solid #666; box-sizing: border-box; }}
.ring {{ display: inline-block; width: 8px; height: 8px; border-radius: 7px; border: 3px solid; margin-right: 6px;
  vertical-align: -2px; }}
.shape-dot, .shape-square, .shape-diamond {{ display: inline-block; width: 11px; height: 11px; border: 1px solid #333;
  margin-right: 7px; vertical-align: -1px; box-sizing: border-box; }}
.shape-dot {{ border-radius: 6px; }}
.shape-diamond {{ transform: rotate(45deg) scale(0.9); background: #ccc; }}
.line {{ display: inline-block; width: 22px; margin-right: 6px; vertical-align: 3px; }}
.notice {{ padding: 4px 2px; color: #444; }}
.empty {{ position: absolute; top: 40%; left: 10%; right: 10%; padding: 14px 18px; background: #fff;
  border: 1px solid #888; border-radius: 4px; font-size: 15px; text-align: center; }}
div.vis-tooltip {{ position: absolute; white-space: pre-wrap; max-width: 360px; padding: 6px 8px; background: #fff;
  border: 1px solid #aaa; border-radius: 3px; box-shadow: 0 1px 4px rgba(0,0,0,.2); font-size: 12px; }}
@media (max-width: 640px) {{
  .wrap {{ flex-direction: column; height: auto; }}
  .legend {{ order: -1; flex: 0 0 auto; }}
  .keys > * {{ display: inline-block; margin-right: 12px; }}
  .canvas {{ height: {max(height - 200, 300)}px; }}
}}
</style></head>
<body>{notice}<div class="wrap"><div class="canvas">
<div id="map" role="img" aria-label="{html.escape(described)}"></div>
{empty}</div><aside class="legend" aria-label="How to read this map">{_legend_html(data)}</aside></div>
<script>{vis_network_js()}</script>
<script>
var nodes = new vis.DataSet({_script_json(nodes)});
var edges = new vis.DataSet({_script_json(edges)});
var network = new vis.Network(document.getElementById("map"), {{nodes: nodes, edges: edges}}, {_script_json(options)});
var focus = {focus};
var keyIds = nodes.getIds({{filter: function (n) {{ return n.netmapKey === true; }}}});
var isKey = {{}};
keyIds.forEach(function (id) {{ isKey[id] = true; }});
var keySize = null;
var separatePending = false;
// vis-network draws labels in map units, so they shrink as the map zooms out; the key actors'
// labels are resized on every zoom to stay at least {MIN_LABEL_PX} px on screen
function keepReadable() {{
  var size = Math.max({LABEL_FONT}, {MIN_LABEL_PX} / network.getScale());
  if (keySize !== null && Math.abs(size - keySize) < 0.25) {{ return false; }}
  keySize = size;
  separatePending = true;
  nodes.update(keyIds.map(function (id) {{ return {{id: id, font: {{size: size}}}}; }}));
  return true;
}}
// Key labels that would cover each other at this zoom move: above their actor, or a line
// further down or up. The focused actor, then the marked brokers and assets, then the largest
// keep their place first; a label with no free place near its actor gives way (drawn at the
// size of the other labels, so it shows again when zooming in makes room).
function keyPriority(id) {{
  var n = network.body.nodes[id];
  var marked = n.options.borderWidth > 1 || n.options.shape === "diamond";
  return (id === focus ? 0 : marked ? 1 : 2) * 1e6 - n.options.size;
}}
// On the whole map, a key label the frame would cut gives way too (a name whole, or not at all):
// the map is not shrunk to a speck to make room for every name at its edge (see fitDrawn).
function cutByFrame(left, top, right, bottom) {{
  if (focus !== null) {{ return false; }}
  var frame = document.getElementById("map");
  var from = network.canvasToDOM({{x: left, y: top}}), to = network.canvasToDOM({{x: right, y: bottom}});
  return from.x < 0 || from.y < 0 || to.x > frame.clientWidth || to.y > frame.clientHeight;
}}
function separateLabels() {{
  var placed = [], moves = [];
  keyIds.slice().sort(function (a, b) {{ return keyPriority(a) - keyPriority(b); }}).forEach(function (id) {{
    var node = network.body.nodes[id];
    var box = node && node.labelModule.size;  // where the label is drawn before its vadjust
    if (!box || !box.width) {{ return; }}
    var h = box.height, r = node.options.size;
    var shifts = [0, -(2 * r + h + 4), h + 2, -(2 * r + 2 * h + 6), 2 * h + 4], chosen = null;
    for (var i = 0; i < shifts.length; i++) {{
      var top = box.top + shifts[i];
      if (cutByFrame(box.left, top, box.left + box.width, top + h)) {{ continue; }}
      if (placed.every(function (p) {{ return box.left >= p.left + p.width || p.left >= box.left + box.width ||
                                              top >= p.top + p.height || p.top >= top + h; }})) {{
        chosen = shifts[i];
        break;
      }}
    }}
    if (chosen === null) {{
      moves.push({{id: id, font: {{size: {LABEL_FONT}, vadjust: 0}}}});
      return;
    }}
    placed.push({{left: box.left, top: box.top + chosen, width: box.width, height: h}});
    if (Math.abs((node.options.font.vadjust || 0) - chosen) > 0.01) {{
      moves.push({{id: id, font: {{vadjust: chosen}}}});
    }}
  }});
  if (moves.length) {{ nodes.update(moves); }}
  return moves.length > 0;
}}
network.on("zoom", keepReadable);
// also after programmatic moves (fit, moveTo, a resized frame): a cheap check when nothing changed;
// once the labels are drawn at a new size, they are kept apart
network.on("afterDrawing", function () {{
  if (keepReadable()) {{ return; }}
  if (separatePending) {{
    separatePending = false;
    if (separateLabels()) {{ return; }}
  }}
  if (fitsLeft > 0 && !moved) {{
    fitsLeft -= 1;
    if (!fitDrawn()) {{ fitsLeft = 0; }}
  }}
}});
// vis-network fits the actors and their labels as drawn at the time, but the key labels then
// grow to stay readable and move apart, and a long name by an actor at the edge was cut off
// (issue 23): refit to everything drawn, each dot and label as placed, until it stays inside
// the frame. The labels grow as the map zooms out, so this settles in a few rounds.
var fitsLeft = 0;
function drawnBox(labels) {{
  var box = [Infinity, Infinity, -Infinity, -Infinity];
  nodes.getIds().forEach(function (id) {{
    var n = network.body.nodes[id], r = n.options.size + (n.options.borderWidth || 1), size = n.labelModule.size;
    var parts = [[n.x - r, n.y - r, n.x + r, n.y + r]];
    if (labels && size.width) {{
      // a key label that gave way counts at the size it would have, so the fit makes room for it
      var grow = isKey[id] && keySize ? Math.max(1, keySize / n.options.font.size) : 1;
      var top = size.top + (n.options.font.vadjust || 0), half = size.width * grow / 2;
      parts.push([n.x - half, top, n.x + half, top + size.height * grow]);
    }}
    parts.forEach(function (p) {{
      box = [Math.min(box[0], p[0]), Math.min(box[1], p[1]), Math.max(box[2], p[2]), Math.max(box[3], p[3])];
    }});
  }});
  return box;
}}
// Moves the view so that everything drawn fits the frame with a margin (not zoomed in beyond
// 1); false when it already does at about that zoom. On the whole map, names at its edges
// may not shrink it below {WHOLE_MAP_FLOOR} of the zoom that fits the dots alone: those names give way instead
// (on a phone the network shrank to a third of the frame to make room for them).
function fitDrawn() {{
  var frame = document.getElementById("map"), width = frame.clientWidth, height = frame.clientHeight;
  function fitting(box) {{
    return Math.min(1, 0.94 * width / Math.max(box[2] - box[0], 1), 0.94 * height / Math.max(box[3] - box[1], 1));
  }}
  var box = drawnBox(true), dots = drawnBox(false);
  if (!isFinite(box[0]) || !width || !height) {{ return false; }}
  var scale = fitting(box), floor = focus === null ? {WHOLE_MAP_FLOOR} * fitting(dots) : 0;
  if (floor > scale) {{
    scale = floor;
    box = dots;
  }}
  var from = network.canvasToDOM({{x: box[0], y: box[1]}}), to = network.canvasToDOM({{x: box[2], y: box[3]}});
  var inside = from.x >= 0 && from.y >= 0 && to.x <= width && to.y <= height;
  if (inside && Math.abs(scale - network.getScale()) < 0.03 * scale) {{ return false; }}
  network.moveTo({{position: {{x: (box[0] + box[2]) / 2, y: (box[1] + box[3]) / 2}}, scale: scale, animation: false}});
  return true;
}}
// A map drawn while hidden (a tab not yet open) is fitted to a frame of no size, and opens
// zoomed into one corner: fit it again whenever its frame gets a new size, until the person
// moves or zooms the map themselves.
var moved = false;
network.on("dragStart", function () {{ moved = true; }});
network.on("zoom", function () {{ moved = true; }});
var lastWidth = -1, lastHeight = -1;
new ResizeObserver(function (entries) {{
  var box = entries[0].contentRect;
  if (box.width > 0 && box.height > 0 && (box.width !== lastWidth || box.height !== lastHeight) && !moved) {{
    lastWidth = box.width;
    lastHeight = box.height;
    network.redraw();
    network.fit({{animation: false}});
    fitsLeft = 8;
  }}
}}).observe(document.getElementById("map"));
network.once("afterDrawing", function () {{
  window.netmapDrawn = true;
  if (focus !== null) {{ network.selectNodes([focus]); }}
}});
</script></body></html>"""
