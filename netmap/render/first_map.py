"""The first map: drawn as soon as the network is read and laid out, before the analysis.

Everything here is cheap (degree and the actors' own attributes), so the app can show the map
while betweenness, communities and the insights are still being computed (issue 15). The full
map (:func:`netmap.render.network_map.build_map`) replaces it when the analysis is done.
"""
from __future__ import annotations

from netmap.network import StakeholderNetwork
from netmap.render.colours import OTHER, group_labels, group_palette
from netmap.render.network_map import KEY_LARGEST, MAX_DRAWN, MapData, MapEdge, MapNode, group_legend, scaled_sizes
from netmap.words import plural

__all__ = ["first_map", "first_numbers"]

NEUTRAL = "#0072B2"


def first_map(network: StakeholderNetwork, positions: dict[str, tuple[float, float]], group_column: str | None,
              max_drawn: int = MAX_DRAWN) -> MapData:
    """Actors sized by degree and coloured by ``group_column`` (an actor attribute, or one
    colour when the groups are communities still to be detected); above ``max_drawn`` actors
    the best-connected, as the full map does. Tooltips: name, group, degree."""
    graph = network.graph
    degree = dict(graph.degree())
    actors = network.actors.set_index("id")
    ids = list(graph.nodes)
    notice = "First look while netmap works out brokers, communities and hidden wealth."
    if len(ids) > max_drawn:
        ids = sorted(ids, key=lambda v: (-degree[v], v))[:max_drawn]
        notice += (f" Showing the {max_drawn:,} best-connected actors (highest degree) of "
                   f"{graph.number_of_nodes():,}.")
    keep = set(ids)
    name_of = actors["name"] if "name" in actors.columns else {}
    names = {v: str(name_of.get(v) or v) for v in ids}
    if group_column and group_column in actors.columns:
        labels = group_labels(actors[group_column].get(v) for v in ids)
        # the palette of all actors, as the full map that replaces this one has it
        palette = group_palette(network.actors, group_column)
        colours = [palette.get(v, OTHER) for v in labels]
        legend = group_legend(palette, labels, group_column)
    else:
        labels, colours, legend = [None] * len(ids), [NEUTRAL] * len(ids), []
    sizes = scaled_sizes([degree[v] for v in ids])
    # the best-connected keep a readable name, as on the full map (its brokers and assets are not known yet)
    largest = set(sorted(ids, key=lambda v: (-degree[v], str(v)))[:KEY_LARGEST])
    nodes = []
    for v, colour, size, label in zip(ids, colours, sizes, labels):
        title = (names[v] + (f"\n{group_column}: {label}" if label is not None else "")
                 + f"\n{plural(int(degree[v]), 'tie')}")
        x, y = positions.get(v, (0.0, 0.0))
        nodes.append(MapNode(str(v), names[v], x, y, float(size), colour, title, key=v in largest))
    edges = []
    for u, v, data in graph.edges(data=True):
        if u in keep and v in keep:
            weight = float(data.get("weight", 1.0))
            kind = data.get("type")
            edges.append(MapEdge(str(u), str(v), 1 + min(weight, 5) * 0.6,
                                 f"{names[u]} – {names[v]}\nstrength {weight:g}" + (f"\n{kind}" if kind else "")))
    return MapData(nodes, edges, legend, graph.is_directed(), notice,
                   colour_note=f"Colour: {group_column}" if legend else "", size_note="Size: number of ties")


def first_numbers(network: StakeholderNetwork) -> dict[str, str]:
    """Counts that need no analysis: actors, ties, isolated actors, average ties per actor."""
    graph = network.graph
    n, m = graph.number_of_nodes(), graph.number_of_edges()
    isolated = sum(1 for _, d in graph.degree() if d == 0)
    return {"actors": f"{n:,}", "ties": f"{m:,}", "actors with no tie": f"{isolated:,}",
            "ties per actor": f"{(2 * m / n if n else 0):.1f}"}
