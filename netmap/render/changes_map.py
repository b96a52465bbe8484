"""The map of a comparison: the later wave, with new ties, lost ties and joined / left actors marked."""
from __future__ import annotations

from dataclasses import replace

import networkx as nx

from netmap.compare import Changes
from netmap.render.network_map import MAX_DRAWN, MapData, MapEdge, MapNode, build_map

__all__ = ["union_graph", "changes_map", "NEW", "LOST", "JOINED", "LEFT"]

# Okabe-Ito colours, distinguishable with the common colour-vision deficiencies
NEW = "#009E73"     # bluish green: new ties, actors who joined
LOST = "#D55E00"    # vermilion: ties that ended, actors who left
JOINED = NEW
LEFT = LOST
LEFT_FILL = "#d9d9d9"


def union_graph(changes: Changes) -> nx.Graph:
    """The later wave's graph plus the actors who left and the ties that ended, so that one
    layout places everything (an actor who left sits where its old contacts are)."""
    graph = changes.after.network.graph.copy()
    left = changes.actors[changes.actors["status"] == "left"]
    graph.add_nodes_from(left["id"])
    lost = changes.ties[changes.ties["status"] == "lost"]
    graph.add_edges_from(zip(lost["source"], lost["target"]))
    return graph


def changes_map(changes: Changes, positions: dict[str, tuple[float, float]], color_by: str = "group",
                max_drawn: int = MAX_DRAWN) -> MapData:
    """Draw the later wave coloured as the usual map; new ties thick green, ties that ended
    dashed vermilion, actors who joined ringed green, actors who left grey with a vermilion
    ring (placed where they were), both named on the map. The legend says each in words."""
    base = build_map(changes.after, positions, color_by=color_by, brokers=0, assets=0, max_drawn=max_drawn)
    shown = {n.id for n in base.nodes}
    joined = set(changes.actors.loc[changes.actors["status"] == "joined", "id"].astype(str))
    new_ties = changes.ties[changes.ties["status"] == "new"]
    directed = changes.after.network.directed
    new_keys = {(str(s), str(t)) if directed else frozenset((str(s), str(t)))
                for s, t in zip(new_ties["source"], new_ties["target"])}
    # joined and left actors carry their names, readable at every zoom (key labels): what changed
    # is said in words on the map, not by a ring alone
    nodes = [replace(n, border=JOINED, title=n.title + "\njoined since the earlier wave", key=True)
             if n.id in joined else n for n in base.nodes]
    edges = []
    for e in base.edges:
        key = (e.source, e.target) if directed else frozenset((e.source, e.target))
        is_new = key in new_keys
        edges.append(replace(e, color=NEW, width=max(e.width, 3.0), title=e.title + "\nnew tie") if is_new else e)
    left = changes.actors[changes.actors["status"] == "left"]
    for row in left.itertuples():
        x, y = positions.get(row.id, (0.0, 0.0))
        nodes.append(MapNode(str(row.id), str(row.name), x, y, 10.0, LEFT_FILL,
                             f"{row.name}\nleft: {row.why}", LEFT, key=True))
        shown.add(str(row.id))
    lost = changes.ties[changes.ties["status"] == "lost"]
    for row in lost.itertuples():
        if str(row.source) in shown and str(row.target) in shown:
            title = f"{row.source_name} – {row.target_name}\nended (strength {row.weight_before:g})"
            edges.append(MapEdge(str(row.source), str(row.target), 2.0, title, LOST, True))
    marks = [(JOINED, "joined since the earlier wave"), (LEFT, "left (grey, shown where it was)")]
    lines = [(NEW, False, "new tie"), (LOST, True, "tie that ended")]
    return replace(base, nodes=nodes, edges=edges, marks=marks, lines=lines)
