"""Resilience: who would be cut off if an actor left, and what-if removals."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import scipy.sparse.csgraph as csgraph

from netmap.errors import InputError
from netmap.metrics import centrality
from netmap.metrics.engine import Indexed, index_graph

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["cut_off_if_removed", "WhatIf", "what_if"]


def cut_off_if_removed(ix: Indexed) -> np.ndarray:
    """For each actor, how many others would lose their link to the rest of its component if it left.

    Every (weakly) connected component counts, not only the largest: a town, a department
    or a club that is a component of its own has fragile points too (issue 22: in the
    physicians' four towns, actors 170 and 212 each cut off part of their own town). Removing
    an articulation point v of a component of size S splits the rest into pieces; the largest
    piece stays that component's main body and every actor in the other pieces is cut off:
    S − 1 − (largest piece). Actors whose removal splits nothing score 0, so the actors with a
    positive count are exactly the articulation points of every component. One iterative
    depth-first search per component (Hopcroft & Tarjan 1973) gives every actor's pieces from
    the DFS subtree sizes, in O(n + m) overall.
    """
    n = ix.n
    result = np.zeros(n, dtype=int)
    if n < 3:
        return result
    adj = ix.symmetric().tocsr()
    _, labels = csgraph.connected_components(adj, directed=False)
    component_size = np.bincount(labels)
    indptr, indices = adj.indptr, adj.indices
    disc = np.full(n, -1)
    low = np.zeros(n, dtype=int)
    subtree = np.ones(n, dtype=int)
    separated = [[] for _ in range(n)]  # sizes of the child subtrees each vertex would cut off
    roots = set()
    counter = 0
    for root in range(n):
        if disc[root] != -1 or component_size[labels[root]] < 3:
            continue
        roots.add(root)
        disc[root] = low[root] = counter
        counter += 1
        stack = [(root, -1, indptr[root])]
        while stack:
            v, parent, pos = stack[-1]
            if pos < indptr[v + 1]:
                stack[-1] = (v, parent, pos + 1)
                w = int(indices[pos])
                if disc[w] == -1:
                    disc[w] = low[w] = counter
                    counter += 1
                    stack.append((w, v, indptr[w]))
                elif w != parent:
                    low[v] = min(low[v], disc[w])
                continue
            stack.pop()
            if parent >= 0:
                low[parent] = min(low[parent], low[v])
                subtree[parent] += subtree[v]
                if low[v] >= disc[parent]:
                    separated[parent].append(subtree[v])
    for v in range(n):
        pieces = separated[v]
        if v in roots:
            if len(pieces) < 2:
                continue
        elif not pieces:
            continue
        size = int(component_size[labels[v]])
        rest = size - 1 - sum(pieces)
        all_pieces = pieces + ([rest] if rest > 0 else [])
        result[v] = size - 1 - max(all_pieces)
    return result


@dataclass(frozen=True)
class WhatIf:
    """What changes when the given actors (and ties) are removed."""

    removed_actors: list[str]
    removed_ties: list[tuple[str, str]]
    components_before: int
    components_after: int
    main_body_before: int
    main_body_after: int
    cut_off: list[str]
    average_path_before: float
    average_path_after: float
    diameter_before: int
    diameter_after: int
    new_brokers: pd.DataFrame = field(repr=False)
    cut_off_from_main_body: bool = True  # False when some come from another component


    def sentences(self, names: dict[str, str]) -> list[str]:
        """The result in plain words."""
        lines = []
        if self.cut_off:
            shown = ", ".join(names.get(a, a) for a in self.cut_off[:10])
            more = f" and {len(self.cut_off) - 10} more" if len(self.cut_off) > 10 else ""
            where = "the main body" if self.cut_off_from_main_body else "the rest of their part of the network"
            lines.append(f"{len(self.cut_off)} actor(s) would be cut off from {where}: {shown}{more}.")
        else:
            lines.append("Nobody else would be cut off, in the main body or any other part of the network.")
        lines.append(f"Components: {self.components_before} → {self.components_after}; main body "
                     f"{self.main_body_before} → {self.main_body_after} actors.")
        lines.append(f"Average distance in the main body: {self.average_path_before:.2f} → "
                     f"{self.average_path_after:.2f} steps; longest: {self.diameter_before} → {self.diameter_after}.")
        if len(self.new_brokers):
            top = self.new_brokers.iloc[0]
            lines.append(f"{names.get(top['id'], top['id'])} would carry the most extra shortest paths "
                         f"(betweenness {top['betweenness_before']:.3f} → {top['betweenness_after']:.3f}).")
        return lines


def _main_body(graph: nx.Graph) -> tuple[int, set]:
    import networkx as nx  # here, not at the top: the analysis imports this module and needs no networkx

    if graph.number_of_nodes() == 0:
        return 0, set()
    parts = list(nx.weakly_connected_components(graph) if graph.is_directed() else nx.connected_components(graph))
    return len(parts), max(parts, key=len)


def _paths(graph: nx.Graph, body: set) -> tuple[float, int]:
    if len(body) < 2:
        return 0.0, 0
    ix = index_graph(graph.subgraph(body))
    g = ix.undirected_igraph()
    return float(g.average_path_length(directed=False)), int(g.diameter(directed=False))


def what_if(graph: nx.Graph, remove_actors=(), remove_ties=(), top: int = 5) -> WhatIf:
    """Remove actors and/or ties and report what breaks.

    Returns components and main-body size before and after, the actors cut off from the
    main body of their own component (every component counts, not only the largest), the average and longest shortest path in the main body (hops, undirected
    view), and the ``top`` actors whose betweenness rises most (the new brokers).
    """
    remove_actors = [str(a) for a in remove_actors]
    remove_ties = [(str(a), str(b)) for a, b in remove_ties]
    unknown = [a for a in remove_actors if a not in graph]
    if unknown:
        raise InputError(f"no actor with id {', '.join(repr(a) for a in unknown)}")
    missing = [(a, b) for a, b in remove_ties if not graph.has_edge(a, b)]
    if missing:
        raise InputError("no tie " + ", ".join(f"{a} – {b}" for a, b in missing))
    after = graph.copy()
    after.remove_edges_from(remove_ties)
    after.remove_nodes_from(remove_actors)
    comps_before, body_before = _main_body(graph)
    comps_after, body_after = _main_body(after)
    cut_off, from_main = _cut_off(graph, after, set(remove_actors), body_before)
    apl_before, diam_before = _paths(graph, body_before)
    apl_after, diam_after = _paths(after, body_after)
    ix_before, ix_after = index_graph(graph), index_graph(after)
    before = dict(zip(ix_before.nodes, centrality.betweenness(ix_before).values))
    later = dict(zip(ix_after.nodes, centrality.betweenness(ix_after).values))
    change = pd.DataFrame({"id": list(later), "betweenness_before": [before[v] for v in later],
                           "betweenness_after": list(later.values())})
    change["increase"] = change["betweenness_after"] - change["betweenness_before"]
    change = change[change["increase"] > 1e-12].sort_values(["increase", "id"], ascending=[False, True]).head(top)
    return WhatIf(remove_actors, remove_ties, comps_before, comps_after, len(body_before), len(body_after), cut_off,
                  apl_before, apl_after, diam_before, diam_after, change.reset_index(drop=True), from_main)


def _cut_off(graph: nx.Graph, after: nx.Graph, removed: set, body_before: set) -> tuple[list[str], bool]:
    """Actors who lose their link to the main body of their own component (the largest piece
    left of it, ties broken by the smallest id, as :func:`cut_off_if_removed` and
    :func:`netmap.insights.actions.cut_off_members` count), sorted; and whether they all
    come from the network's main body."""
    import networkx as nx

    undirected_after = after.to_undirected(as_view=True) if after.is_directed() else after
    parts = nx.weakly_connected_components(graph) if graph.is_directed() else nx.connected_components(graph)
    cut: list[str] = []
    for component in parts:
        left = component - removed
        if len(left) < 2:
            continue
        pieces = [sorted(map(str, p)) for p in nx.connected_components(undirected_after.subgraph(left))]
        if len(pieces) < 2:
            continue
        pieces.sort(key=lambda p: (-len(p), p[0]))
        cut += [a for p in pieces[1:] for a in p]
    cut.sort()
    return cut, all(a in body_before for a in cut)
