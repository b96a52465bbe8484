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
import json
import math
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd

from ..analysis import Analysis
from ..insights.text import group_name, natural_key
from .colours import OTHER, categorical, sequential

__all__ = ["MapNode", "MapEdge", "MapData", "build_map", "map_html", "MAX_DRAWN", "vis_network_js"]

#: Above this many actors the map shows a filtered view (the browser stays responsive: the
#: first draw takes 2 s at 3,000 actors on a 2-core machine, 4-5 s at 10,000).
MAX_DRAWN = 3000
HIGHLIGHT_BROKER = "#000000"
HIGHLIGHT_ASSET = "#D55E00"


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
    shape: str = "dot"  # vis-network shape: "square" marks a shared space


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


def _fmt(value) -> str:
    if isinstance(value, (float, np.floating)):
        return "—" if math.isnan(value) else f"{value:.3g}"
    return str(value)


def _title(row: pd.Series, group_column: str) -> str:
    lines = [str(row["name"])]
    if group_column in row.index and group_column != "community":
        lines.append(f"{group_column}: {_fmt(row[group_column])}")
    lines.append(f"community {row['community']}")
    lines.append(f"degree {row['degree']}, betweenness {_fmt(row['betweenness'])}")
    if pd.notna(row.get("broker_rank")):
        lines.append(f"honest broker #{int(row['broker_rank'])} (score {_fmt(row['broker_score'])})")
    if row.get("hidden_wealth_score", 0) > 0:
        lines.append(f"hidden wealth {_fmt(row['hidden_wealth_score'])}")
    if row.get("cut_off_if_removed", 0) > 0:
        lines.append(f"{row['cut_off_if_removed']} cut off if it left")
    for column in ("offers", "needs"):
        if column in row.index and isinstance(row[column], str) and row[column]:
            lines.append(f"{column}: {row[column]}")
    return "\n".join(lines)


def _neighbourhood(graph: nx.Graph, focus: str, depth: int) -> set[str]:
    view = graph.to_undirected(as_view=True) if graph.is_directed() else graph
    return set(nx.single_source_shortest_path_length(view, focus, cutoff=depth))


def build_map(result: Analysis, positions: dict[str, tuple[float, float]], color_by: str = "group",
              size_by: str | None = "degree", brokers: int = 5, assets: int = 5, focus: str | None = None,
              depth: int = 1, max_drawn: int = MAX_DRAWN) -> MapData:
    """Choose what to draw and how: colours, sizes, marks, tooltips, and the filtered view.

    Parameters
    ----------
    color_by
        ``"group"`` (the analysis' group column), ``"community"``, or a metric column.
    size_by
        A metric column (scaled to 8-40 px), or None for equal sizes.
    brokers, assets
        How many top honest brokers (black border) and under-used assets (orange border) to mark.
    focus, depth
        Show only this actor and the actors within ``depth`` steps of it.
    max_drawn
        Above this many actors, only the ``max_drawn`` with the highest degree are drawn.
    """
    table = result.actors.set_index("id", drop=False)
    graph = result.network.graph
    notice = ""
    if focus is not None:
        keep = _neighbourhood(graph, focus, depth)
        notice = (f"Showing {table.loc[focus, 'name']} and the {len(keep) - 1} actors within {depth} "
                  f"step{'s' if depth > 1 else ''}.")
    elif len(table) > max_drawn:
        ranked = result.actors.sort_values(["degree", "id"], ascending=[False, True])
        keep = set(ranked["id"][:max_drawn])
        notice = (f"Showing the {max_drawn:,} best-connected actors (highest degree) of {len(table):,}, so the map "
                  "stays responsive; search for an actor to see its neighbourhood.")
    else:
        keep = set(table["id"])
    shown = table[table["id"].isin(keep)]

    legend: list[tuple[str, str]] = []
    if color_by in ("group", "community"):
        column = result.group_column if color_by == "group" else "community"
        labels = [str(v) if v == v and v is not None else "(blank)" for v in shown[column]]
        palette = categorical(labels)
        colours = [palette[v] for v in labels]
        # listed in natural order (grade 7, 8, 9 … 12, not 9, 10, 11, 8); a group coded as a number reads "Group 1"
        legend = [(palette[v], group_name(column, v)) for v in sorted(palette, key=natural_key) if palette[v] != OTHER]
        if OTHER in palette.values():
            legend.append((OTHER, "other"))
    else:
        colours = sequential(shown[color_by])
        values = shown[color_by].astype(float)
        legend = [(sequential([0, 1])[0], f"low {color_by} ({_fmt(values.min())})"),
                  (sequential([0, 1])[1], f"high {color_by} ({_fmt(values.max())})")]
    if size_by:
        values = shown[size_by].astype(float).fillna(0).to_numpy()
        span = values.max() - values.min()
        sizes = 8 + 32 * ((values - values.min()) / span if span > 0 else np.zeros(len(values)))
    else:
        sizes = np.full(len(shown), 14.0)

    top_brokers = set(result.brokers.dropna(subset=["broker_rank"])["id"][:brokers])
    top_assets = set(result.hidden_wealth["id"][:assets])
    nodes = []
    for (actor_id, row), colour, size in zip(shown.iterrows(), colours, sizes):
        border = HIGHLIGHT_BROKER if actor_id in top_brokers else HIGHLIGHT_ASSET if actor_id in top_assets else None
        x, y = positions.get(actor_id, (0.0, 0.0))
        nodes.append(MapNode(str(actor_id), str(row["name"]), x, y, float(size), colour,
                             _title(row, result.group_column), border))
    edges = []
    for u, v, data in graph.edges(data=True):
        if u in keep and v in keep:
            weight = float(data.get("weight", 1.0))
            kind = data.get("type")
            title = f"{table.loc[u, 'name']} – {table.loc[v, 'name']}\nstrength {weight:g}" + (
                f"\n{kind}" if kind else "")
            edges.append(MapEdge(str(u), str(v), 1 + min(weight, 5) * 0.6, title))
    marks = []
    if top_brokers & keep:
        marks.append((HIGHLIGHT_BROKER, f"top {brokers} honest brokers"))
    if top_assets & keep:
        marks.append((HIGHLIGHT_ASSET, f"top {assets} under-used assets"))
    return MapData(nodes, edges, legend, graph.is_directed(), notice, focus if focus in keep else None, marks)


_LIB = Path(__import__("pyvis").__file__).parent / "templates" / "lib" / "vis-9.1.2"


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


def map_html(data: MapData, height: int = 640, title: str = "netmap") -> str:
    """A standalone page: works offline, saved to disk or embedded in the app."""
    nodes = [
        {"id": n.id, "label": n.label, "x": round(n.x, 2), "y": round(n.y, 2), "size": n.size, "title": n.title,
         "color": {"background": n.color, "border": n.border or n.color,
                   "highlight": {"background": n.color, "border": "#000000"}},
         "borderWidth": 4 if n.border else 1, **({"shape": n.shape} if n.shape != "dot" else {})}
        for n in data.nodes
    ]
    edges = [{"from": e.source, "to": e.target, "width": e.width, "title": e.title,
              **({"color": {"color": e.color, "opacity": 0.95}} if e.color else {}),
              **({"dashes": True} if e.dashes else {})} for e in data.edges]
    options = {
        "physics": {"enabled": False},
        "layout": {"improvedLayout": False},
        "interaction": {"hover": True, "hideEdgesOnDrag": len(edges) > 2000, "tooltipDelay": 120,
                        "navigationButtons": False},
        "nodes": {"shape": "dot", "font": {"size": 12, "face": "sans-serif"}},
        "edges": {"smooth": False, "color": {"color": "#9a9a9a", "opacity": 0.55},
                  "arrows": {"to": {"enabled": data.directed, "scaleFactor": 0.5}}},
    }
    legend = "".join(
        f'<span class="key"><span class="swatch" style="background:{html.escape(c)}"></span>{html.escape(label)}</span>'
        for c, label in data.legend)
    legend += "".join(
        f'<span class="key"><span class="ring" style="border-color:{html.escape(c)}"></span>{html.escape(label)}</span>'
        for c, label in data.marks)
    legend += "".join(
        f'<span class="key"><span class="shape-{html.escape(shape)}"></span>{html.escape(label)}</span>'
        for shape, label in data.shapes)
    legend += "".join(
        f'<span class="key"><span class="line" style="border-top:3px {"dashed" if dashed else "solid"} '
        f'{html.escape(c)}"></span>{html.escape(label)}</span>' for c, dashed, label in data.lines)
    notice = f'<div class="notice">{html.escape(data.notice)}</div>' if data.notice else ""
    focus = _script_json(data.focus)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<meta http-equiv="Content-Security-Policy"
  content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
<style>
body {{ margin: 0; font-family: sans-serif; font-size: 13px; color: #222; }}
#map {{ width: 100%; height: {int(height)}px; border: 1px solid #ddd; box-sizing: border-box; }}
.legend {{ padding: 6px 2px; line-height: 1.9; }}
.key {{ margin-right: 14px; white-space: nowrap; }}
.swatch {{ display: inline-block; width: 12px; height: 12px; border-radius: 6px; margin-right: 5px;
  vertical-align: -1px; }}
.ring {{ display: inline-block; width: 8px; height: 8px; border-radius: 6px; border: 3px solid; margin-right: 5px;
  vertical-align: -2px; }}
.shape-dot, .shape-square {{ display: inline-block; width: 11px; height: 11px; border: 1px solid #444;
  margin-right: 5px; vertical-align: -1px; }}
.shape-dot {{ border-radius: 6px; }}
.line {{ display: inline-block; width: 22px; margin-right: 5px; vertical-align: 3px; }}
.notice {{ padding: 4px 2px; color: #555; }}
div.vis-tooltip {{ position: absolute; white-space: pre-wrap; max-width: 360px; padding: 6px 8px; background: #fff;
  border: 1px solid #aaa; border-radius: 3px; box-shadow: 0 1px 4px rgba(0,0,0,.2); font-size: 12px; }}
</style></head>
<body>{notice}<div id="map"></div><div class="legend">{legend}</div>
<script>{vis_network_js()}</script>
<script>
var nodes = new vis.DataSet({_script_json(nodes)});
var edges = new vis.DataSet({_script_json(edges)});
var network = new vis.Network(document.getElementById("map"), {{nodes: nodes, edges: edges}}, {_script_json(options)});
var focus = {focus};
network.once("afterDrawing", function () {{
  window.netmapDrawn = true;
  if (focus !== null) {{ network.selectNodes([focus]); }}
}});
</script></body></html>"""
