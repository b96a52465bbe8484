"""Issue 22, item 3: fragile points in every component, not only the largest.

Two separate "towns" (as the physicians' four towns are): a larger one and a smaller one, each
with one actor that alone holds part of it to the rest. Expected values by hand below.
"""
from __future__ import annotations

import networkx as nx

from netmap import analyse
from netmap.insights.resilience import cut_off_if_removed, what_if
from netmap.metrics.engine import index_graph
from tests.test_analysis import network_from


def two_towns() -> nx.Graph:
    """Town A: a clique of 10 (a0…a9) with a tail a9 – a10 – a11 (a9 alone holds a10 and a11,
    a10 alone holds a11). Town B: a clique of 5 (b0…b4) and b4 – b5, b4 – b6, b5 – b6 (b4 alone
    holds the pair b5, b6). No tie between the towns."""
    g = nx.complete_graph([f"a{i}" for i in range(10)])
    g.add_edges_from([("a9", "a10"), ("a10", "a11")])
    g.add_edges_from(nx.complete_graph([f"b{i}" for i in range(5)]).edges)
    g.add_edges_from([("b4", "b5"), ("b4", "b6"), ("b5", "b6")])
    return g


def test_fragile_points_of_the_smaller_component_count():
    ix = index_graph(two_towns())
    cut = dict(zip(ix.nodes, cut_off_if_removed(ix).tolist()))
    assert cut["a9"] == 2 and cut["a10"] == 1  # the larger town, counted before too
    # the smaller town: b4 leaves b0…b3 (4) and b5, b6 (2): the 2 are cut off. Before issue 22
    # only the largest component counted and b4 scored 0.
    assert cut["b4"] == 2
    assert {v for v, c in cut.items() if c > 0} == {"a9", "a10", "b4"}


def test_count_agrees_with_articulation_points_and_what_if():
    g = two_towns()
    result = analyse(network_from(g))
    fragile = result.actors[result.actors["cut_off_if_removed"] > 0]
    # the summary's fragile points (articulation points of every component: 3) and the actors
    # whose departure cuts someone off are the same actors
    assert result.summary["articulation_points"] == len(fragile) == 3
    assert set(fragile["id"]) == set(result.actors.loc[result.actors["articulation_point"], "id"])
    change = what_if(g, remove_actors=["b4"])
    assert change.cut_off == ["b5", "b6"]
    assert change.sentences({v: v for v in g})[0] == (
        "2 actor(s) would be cut off from the rest of their part of the network: b5, b6.")
    assert what_if(g, remove_actors=["a9"]).sentences({v: v for v in g})[0].endswith("main body: a10, a11.")
