"""Seeded generated networks with planted structures, for the insight tests."""
from __future__ import annotations

import networkx as nx
import numpy as np

from tests.test_analysis import network_from


def clusters_with_two_brokers(seed: int = 0, east_size: int = 18):
    """Three groups A, B, C (dense clusters of 10) and a fourth cluster 'B east' of 8 whose
    actors are in group B but tied only to a partisan of group A (18 actors: enough to give the partisan about
    the betweenness of the liaison).

    * ``liaison`` (its own group L) has two ties into each of A, B and C: an even-handed
      go-between of three groups;
    * ``partisan`` (group A) has six ties into A and two into B east: the only route from
      B east to everyone else, so a high betweenness, but its ties are mostly on its own side
      and its brokerage carries its own group's contacts (representative, gatekeeper).
    """
    rng = np.random.default_rng(seed)
    g = nx.Graph()
    group = {}

    def cluster(prefix, label, size):
        nodes = [f"{prefix}{i}" for i in range(size)]
        g.add_nodes_from(nodes)
        for i in range(size):
            for j in range(i + 1, size):
                if rng.random() < 0.5:
                    g.add_edge(nodes[i], nodes[j])
        group.update(dict.fromkeys(nodes, label))
        return nodes

    a, b, c, east = cluster("a", "A", 10), cluster("b", "B", 10), cluster("c", "C", 10), cluster("e", "B", east_size)
    for members in (a, b, c):
        g.add_edges_from(("liaison", v) for v in members[:2])
    group["liaison"] = "L"
    g.add_edges_from(("partisan", v) for v in a[:6] + east[:2])
    group["partisan"] = "A"
    g.add_edge(b[9], c[9])
    return network_from(g, sector=group)


def assets_and_needs():
    """A ring of 12 well-tied actors with ordinary offers, plus:

    * ``hoarder`` — an isolate offering five things;
    * ``hall`` — one tie, offers a community hall with rooms to hire, a kitchen and a car park;
    * ``club`` — needs "a meeting room for evening sessions": the hall's offer in other words.
    """
    g = nx.circulant_graph(12, [1, 2])
    g = nx.relabel_nodes(g, lambda i: f"n{i}")
    offers = {f"n{i}": "leaflets" for i in range(12)}
    needs = {f"n{i}": "" for i in range(12)}
    g.add_node("hoarder")
    offers["hoarder"] = "minibus; printing; garden tools; laptops; sewing machines"
    g.add_edge("hall", "n0")
    offers["hall"] = "community hall with rooms to hire; kitchen; car park"
    g.add_edge("club", "n6")
    needs["club"] = "a meeting room for evening sessions"
    offers["club"] = "football coaching"
    return network_from(g, offers=offers, needs=needs)


def chain_with_cut_point():
    """Two dense clusters joined through ``bridge``; a third cluster hangs off ``gate`` in the
    second: removing ``bridge`` cuts off the smaller side, removing ``gate`` its 5 followers."""
    g = nx.complete_graph([f"x{i}" for i in range(8)])
    g.add_edges_from(nx.complete_graph([f"y{i}" for i in range(6)]).edges)
    g.add_edges_from(nx.complete_graph([f"z{i}" for i in range(5)]).edges)
    g.add_edges_from([("x0", "bridge"), ("bridge", "y0"), ("y1", "gate"), ("gate", "z0")])
    g.add_node("alone")
    return network_from(g)
