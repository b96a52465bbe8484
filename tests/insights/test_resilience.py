"""Resilience: cut-off counts from one DFS, and what-if removals, against networkx."""
from __future__ import annotations

import networkx as nx
import pytest

from netmap import analyse
from netmap.errors import InputError
from netmap.insights.resilience import cut_off_if_removed, what_if
from netmap.metrics.engine import index_graph
from tests.insights.planted import chain_with_cut_point


def test_planted_cut_points():
    result = analyse(chain_with_cut_point())
    cut = dict(zip(result.actors["id"], result.actors["cut_off_if_removed"]))
    # main body: 8 x + bridge + 6 y + gate + 5 z = 21 actors ('alone' is outside it)
    assert cut["bridge"] == 8  # the x side (8) loses the larger y-gate-z side (12)
    assert cut["gate"] == 5 and cut["y1"] == 6 and cut["x0"] == 7
    assert cut["alone"] == 0 and cut["x3"] == 0


def test_cut_off_matches_brute_force_removal():
    g = nx.relabel_nodes(nx.gnm_random_graph(60, 75, seed=4), str)
    ix = index_graph(g)
    fast = dict(zip(ix.nodes, cut_off_if_removed(ix)))
    # every component counts (issue 22): an actor cuts off what its own component loses
    for v in g:
        own = nx.node_connected_component(g, v)
        rest = g.subgraph(own - {v})
        largest = max((len(c) for c in nx.connected_components(rest)), default=0)
        assert fast[v] == len(own) - 1 - largest, v


def test_what_if_reports_exactly_who_is_cut_off():
    network = chain_with_cut_point()
    change = what_if(network.graph, remove_actors=["gate"])
    assert change.cut_off == [f"z{i}" for i in range(5)]
    assert (change.components_before, change.components_after) == (2, 3)
    assert (change.main_body_before, change.main_body_after) == (21, 15)
    names = {v: v for v in network.graph}
    assert change.sentences(names)[0].startswith("5 actor(s) would be cut off from the main body: z0, z1")
    tie_cut = what_if(network.graph, remove_ties=[("x0", "bridge")])
    assert tie_cut.cut_off == ["x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7"]


def test_what_if_names_new_brokers():
    g = nx.cycle_graph([str(i) for i in range(8)])
    g.add_edge("0", "4")
    change = what_if(g, remove_ties=[("0", "4")])
    assert list(change.new_brokers["id"])  # paths that used the chord now go round the ring
    assert (change.new_brokers["betweenness_after"] > change.new_brokers["betweenness_before"]).all()
    assert change.average_path_after > change.average_path_before


def test_what_if_rejects_unknown_actors_and_ties():
    g = nx.path_graph(["a", "b", "c"])
    with pytest.raises(InputError, match="no actor with id 'zz'"):
        what_if(g, remove_actors=["zz"])
    with pytest.raises(InputError, match="no tie a – c"):
        what_if(g, remove_ties=[("a", "c")])
