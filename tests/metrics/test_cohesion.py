"""Cohesion measures against networkx."""
from __future__ import annotations

import networkx as nx
import numpy as np
import pytest

from netmap.metrics import cohesion
from netmap.metrics.engine import index_graph
from tests.metrics.graphs import ALL, UNDIRECTED


@pytest.fixture(params=sorted(ALL))
def graph(request):
    return ALL[request.param]()


def test_clustering_core_cut_points_bridges(graph):
    ix = index_graph(graph)
    view = graph.to_undirected()
    np.testing.assert_allclose(cohesion.clustering(ix), [nx.clustering(view)[v] for v in ix.nodes], atol=1e-12)
    assert list(cohesion.core_number(ix)) == [nx.core_number(view)[v] for v in ix.nodes]
    points = set(nx.articulation_points(view))
    assert list(cohesion.articulation_points(ix)) == [v in points for v in ix.nodes]
    assert cohesion.bridge_count(ix) == len(list(nx.bridges(view)))
    assert cohesion.density(ix) == pytest.approx(nx.density(graph))
    assert cohesion.transitivity(ix) == pytest.approx(nx.transitivity(view))
    labels = cohesion.components(ix)
    expected = nx.number_weakly_connected_components(graph) if graph.is_directed() else \
        nx.number_connected_components(graph)
    assert len(set(labels)) == expected


def test_degree_centralization_by_hand():
    # Freeman: a star is maximally centralised (1), a cycle not at all (0); the 7-path:
    # max degree 2, two ends of degree 1 -> 2 / (6 × 5)
    assert cohesion.degree_centralization(index_graph(UNDIRECTED["star"]())) == 1.0
    assert cohesion.degree_centralization(index_graph(nx.cycle_graph(8))) == 0.0
    assert cohesion.degree_centralization(index_graph(UNDIRECTED["path"]())) == pytest.approx(2 / 30)


def test_diameter_of_largest_component():
    ix = index_graph(UNDIRECTED["karate"]())
    assert cohesion.diameter(ix, np.arange(ix.n)) == nx.diameter(UNDIRECTED["karate"]())
