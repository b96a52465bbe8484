"""The shared-spaces map: actors as dots and spaces as squares (two-mode), or either projection."""
from __future__ import annotations

from dataclasses import replace

import networkx as nx
import numpy as np
import scipy.sparse as sp

from netmap.metrics import twomode
from netmap.render.colours import OTHER, group_labels, group_palette, sequential
from netmap.render.layout import layout_positions
from netmap.render.network_map import MAX_DRAWN, MapData, MapEdge, MapNode
from netmap.validate.affiliations import COPRESENCE_CAP
from netmap.words import natural_key, plural

__all__ = ["VIEWS", "build_spaces_map"]

#: The three pictures of a two-mode network, as offered in the app.
VIEWS = {"two-mode": "People and spaces (two-mode)", "people": "People who meet at the same spaces",
         "spaces": "Spaces that share users"}
#: Most projected links drawn (the strongest), so a space of thousands stays drawable.
MAX_EDGES = 6000
#: Spaces whose names stay readable at every zoom (the highest shared-space scores).
LABELLED_SPACES = 40


def _strongest(matrix: sp.csr_matrix, limit: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    upper = sp.triu(matrix, k=1).tocoo()
    order = np.lexsort((upper.col, upper.row, -upper.data))[:limit]
    return upper.row[order], upper.col[order], upper.data[order]


def build_spaces_map(result, view: str = "two-mode", seed: int = 0, max_drawn: int = MAX_DRAWN) -> MapData:
    """Nodes, edges, legend and positions for one of :data:`VIEWS`.

    Spaces are squares coloured by shared-space score (darker = brings more groups together),
    sized by users and named at every zoom (the :data:`LABELLED_SPACES` highest scores); actors are dots coloured by the analysis' groups. The people view uses
    Newman's weighting and leaves out spaces above the co-presence cap (``COPRESENCE_CAP``
    users); the spaces view counts shared users and leaves out people who use more than
    ``COPRESENCE_CAP`` spaces (one person in 10,000 spaces would otherwise make 50 million
    links), and says whom. Either way the links listed are at most ``COPRESENCE_CAP`` / 2 per
    affiliation; at most ``MAX_EDGES`` of the strongest are drawn.
    """
    if view not in VIEWS:
        raise ValueError(f"view is one of {', '.join(VIEWS)}")
    spaces = result.spaces
    tm = spaces.two_mode
    table = spaces.spaces.set_index("id")
    actors = result.actors.set_index("id")
    group_of = dict(zip(actors.index, group_labels(actors[result.group_column]))) \
        if result.group_column in actors else {}
    palette = group_palette(result, result.group_column)  # the colours of every other view
    used = np.asarray(tm.incidence.sum(axis=1)).ravel() > 0
    notice = ""
    actor_index = np.flatnonzero(used)
    if view != "spaces" and len(actor_index) + (tm.n_spaces if view == "two-mode" else 0) > max_drawn:
        busiest = np.argsort(-np.asarray(tm.incidence.sum(axis=1)).ravel(), kind="stable")
        actor_index = np.sort(busiest[:max(0, max_drawn - (tm.n_spaces if view == "two-mode" else 0))])
        notice = (f"Showing the {len(actor_index):,} people who use most spaces, of {int(used.sum()):,}, so the map "
                  "stays responsive.")
    # the scale runs backwards, so that darker means a higher score, as the legend says: viridis
    # goes from dark purple to bright yellow (issue 23: the top space was the brightest)
    scores = table["shared_space_score"].reindex(tm.spaces).fillna(0)
    score_colours = sequential([-v for v in scores.tolist()] + [0.0, -1.0])[:-2]
    labelled = set(scores.sort_values(ascending=False, kind="stable").index[:LABELLED_SPACES])
    users = table["users"].reindex(tm.spaces).fillna(0).to_numpy(dtype=float)
    space_sizes = 10 + 30 * (users / users.max() if users.max() > 0 else users)

    def space_node(j: int) -> MapNode:
        sid = tm.spaces[j]
        row = table.loc[sid]
        title = f"{row['name']}\n{plural(int(row['users']), 'user')}, " \
                f"{plural(int(row['groups_reached']), 'group')}\n" \
                f"shared-space score {row['shared_space_score']:.2f}\n{row['why']}"
        return MapNode(str(sid), str(row["name"]), 0.0, 0.0, float(space_sizes[j]), score_colours[j], title,
                       None, "square", key=sid in labelled)

    def actor_node(i: int) -> MapNode:
        aid = tm.actors[i]
        group = group_of.get(aid, "(blank)")
        title = f"{actors.loc[aid, 'name']}\n{result.group_column}: {group}\n" \
                f"uses {int(tm.incidence[i].sum())} space(s)"
        return MapNode(str(aid), str(actors.loc[aid, "name"]), 0.0, 0.0, 10.0, palette.get(group, OTHER), title)

    nodes, edges = [], []
    if view == "two-mode":
        nodes = [actor_node(i) for i in actor_index] + [space_node(j) for j in range(tm.n_spaces)]
        keep = set(actor_index.tolist())
        coo = tm.incidence.tocoo()
        for i, j in zip(coo.row, coo.col):
            if i in keep:
                edges.append(MapEdge(str(tm.actors[i]), str(tm.spaces[j]), 1.0,
                                     f"{actors.loc[tm.actors[i], 'name']} uses {table.loc[tm.spaces[j], 'name']}"))
    elif view == "people":
        nodes = [actor_node(i) for i in actor_index]
        projection = twomode.project(tm, "actors", "newman", max_size=COPRESENCE_CAP)
        keep = np.zeros(tm.n_actors, dtype=bool)
        keep[actor_index] = True
        projection = sp.diags(keep.astype(float)) @ projection @ sp.diags(keep.astype(float))
        rows, cols, weights = _strongest(projection.tocsr(), MAX_EDGES)
        for a, b, w in zip(rows, cols, weights):
            edges.append(MapEdge(str(tm.actors[a]), str(tm.actors[b]), 1 + min(w, 3),
                                 f"meet at shared spaces (Newman weight {w:.2f})"))
        notice = (notice + " " if notice else "") + (f"Spaces with more than {COPRESENCE_CAP} users are left out "
                                                     "of this picture: everyone there does not know everyone.")
    else:
        nodes = [space_node(j) for j in range(tm.n_spaces)]
        rows, cols, weights = _strongest(twomode.project(tm, "spaces", "count", max_size=COPRESENCE_CAP), MAX_EDGES)
        spaces_used = np.asarray(tm.incidence.getnnz(axis=1))
        busy = np.flatnonzero(spaces_used > COPRESENCE_CAP)
        if len(busy):
            busy = busy[np.argsort(-spaces_used[busy], kind="stable")]
            shown = [f"{actors.loc[tm.actors[i], 'name']} ({spaces_used[i]:,} spaces)" for i in busy[:3]]
            notice = (f"{len(busy):,} {'person uses' if len(busy) == 1 else 'people use'} more than {COPRESENCE_CAP} "
                      f"spaces and {'is' if len(busy) == 1 else 'are'} left out of the links: "
                      + ", ".join(shown) + (f" and {len(busy) - 3:,} more" if len(busy) > 3 else "")
                      + ". Linking every pair of their spaces would say nothing about those spaces.")
        for a, b, w in zip(rows, cols, weights):
            edges.append(MapEdge(str(tm.spaces[a]), str(tm.spaces[b]), 1 + min(np.log1p(w), 4),
                                 f"{table.loc[tm.spaces[a], 'name']} and {table.loc[tm.spaces[b], 'name']}: "
                                 f"{int(w)} shared users"))
    graph = nx.Graph()
    graph.add_nodes_from(n.id for n in nodes)
    graph.add_edges_from((e.source, e.target) for e in edges)
    positions = layout_positions(graph, seed)
    placed = []
    for n in nodes:
        x, y = positions.get(n.id, (0.0, 0.0))
        placed.append(replace(n, x=x, y=y))  # every other field (the label kept at every zoom too)
    nodes = placed
    legend = [(palette[g], g) for g in sorted(set(group_of.values()) & set(palette), key=natural_key)
              if palette[g] != OTHER] if view != "spaces" else []
    shapes = []
    if view != "spaces":
        shapes.append(("dot", f"person or organisation (colour: {result.group_column})"))
    if view != "people":
        shapes.append(("square", "shared space (larger: more users)"))
        darkest, palest = sequential([-1.0, 0.0])
        legend += [(darkest, "space that brings the most groups together"),
                   (palest, "space used by one group, or by groups that meet elsewhere")]
    return MapData(nodes, edges, legend, False, notice, None, [], shapes,
                   colour_note="; ".join(([f"Colour of people: {result.group_column}"] if view != "spaces" else [])
                                         + (["of spaces: how many groups they bring together"
                                             if view != "spaces" else "Colour of spaces: how many groups they "
                                             "bring together"] if view != "people" else [])))
