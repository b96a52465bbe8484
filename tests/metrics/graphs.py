"""Small reference graphs used across the metric tests, each with string ids as netmap uses."""
from __future__ import annotations

import networkx as nx
import numpy as np


def strings(graph: nx.Graph) -> nx.Graph:
    return nx.relabel_nodes(graph, str)


def with_weights(graph: nx.Graph, seed: int = 7) -> nx.Graph:
    """Weights 1, 2 or 4 with ``length`` = w_max / w, netmap's tie length (METRICS.md):
    exact binary numbers, so path ties compare equal in every library (with 1/3 they can
    differ in the last bit between libraries)."""
    graph = graph.copy()
    rng = np.random.default_rng(seed)
    for u, v in graph.edges:
        graph[u][v]["weight"] = float(rng.choice([1.0, 2.0, 4.0]))
    strongest = max((w for *_, w in graph.edges(data="weight")), default=1.0)
    for u, v in graph.edges:
        graph[u][v]["length"] = strongest / graph[u][v]["weight"]
    return graph


def florentine_with_pucci() -> nx.Graph:
    graph = strings(nx.florentine_families_graph())
    graph.add_node("Pucci")
    return graph


def karate() -> nx.Graph:
    graph = strings(nx.karate_club_graph())
    for u, v in graph.edges:
        del graph[u][v]["weight"]  # networkx ships Zachary's interaction counts
    return graph


def with_isolates() -> nx.Graph:
    graph = strings(nx.path_graph(4))
    graph.add_edges_from([("a", "b"), ("b", "c"), ("c", "a")])  # a triangle component
    graph.add_nodes_from(["lonely", "hermit"])
    return graph


def directed_not_strongly_connected() -> nx.DiGraph:
    graph = strings(nx.gnp_random_graph(40, 0.06, seed=3, directed=True))
    graph.add_node("sink")
    graph.add_edge("0", "sink")
    return graph


UNDIRECTED = {
    "kite": lambda: strings(nx.krackhardt_kite_graph()),
    "karate": karate,
    "florentine": florentine_with_pucci,
    "star": lambda: strings(nx.star_graph(6)),
    "path": lambda: strings(nx.path_graph(7)),
    "isolates": with_isolates,
    "random": lambda: strings(nx.gnm_random_graph(80, 200, seed=11)),
}
DIRECTED = {
    "directed": directed_not_strongly_connected,
    "directed_dense": lambda: strings(nx.gnp_random_graph(30, 0.2, seed=5, directed=True)),
}
ALL = UNDIRECTED | DIRECTED
