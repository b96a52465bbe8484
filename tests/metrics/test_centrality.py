"""Centrality against networkx (the reference convention) and hand-computed values."""
from __future__ import annotations

import networkx as nx
import numpy as np
import pytest
from scipy.stats import spearmanr

from netmap.metrics import centrality
from netmap.metrics.engine import index_graph
from tests.metrics.graphs import ALL, UNDIRECTED, with_weights

TOL = 1e-9


def as_array(ix, mapping):
    return np.array([mapping[v] for v in ix.nodes], dtype=float)


@pytest.fixture(params=sorted(ALL))
def graph(request):
    return ALL[request.param]()


@pytest.mark.parametrize("weighted", [False, True])
def test_degree_and_strength(graph, weighted):
    g = with_weights(graph) if weighted else graph
    ix = index_graph(g)
    degrees = centrality.degree(ix)
    np.testing.assert_array_equal(degrees["degree"], as_array(ix, dict(g.degree())))
    if g.is_directed():
        np.testing.assert_array_equal(degrees["in_degree"], as_array(ix, dict(g.in_degree())))
        np.testing.assert_array_equal(degrees["out_degree"], as_array(ix, dict(g.out_degree())))
    np.testing.assert_allclose(centrality.strength(ix), as_array(ix, dict(g.degree(weight="weight"))), atol=TOL)


@pytest.mark.parametrize("weighted", [False, True])
def test_path_measures_match_networkx(graph, weighted):
    g = with_weights(graph) if weighted else graph
    ix = index_graph(g)
    distance = "length" if weighted else None
    n = g.number_of_nodes()
    expected_b = nx.betweenness_centrality(g, normalized=True, weight=distance)
    np.testing.assert_allclose(centrality.betweenness(ix, weighted).values, as_array(ix, expected_b), atol=TOL)
    closeness, _ = centrality.closeness(ix, weighted)
    np.testing.assert_allclose(closeness, as_array(ix, nx.closeness_centrality(g, distance=distance)), atol=TOL)
    harmonic = {v: h / (n - 1) for v, h in nx.harmonic_centrality(g, distance=distance).items()}
    np.testing.assert_allclose(centrality.harmonic(ix, weighted), as_array(ix, harmonic), atol=TOL)


@pytest.mark.parametrize("weighted", [False, True])
def test_pagerank_matches_networkx(graph, weighted):
    g = with_weights(graph) if weighted else graph
    ix = index_graph(g)
    expected = nx.pagerank(g, alpha=0.85, weight="weight" if weighted else None, tol=1e-14, max_iter=10_000)
    np.testing.assert_allclose(centrality.pagerank(ix, weighted), as_array(ix, expected), atol=TOL)


@pytest.mark.parametrize("weighted", [False, True])
def test_eigenvector_matches_networkx_power_iteration(graph, weighted):
    """networkx's power iteration from a uniform start is the reference, also on disconnected
    networks and networks with isolates, where ``eigenvector_centrality_numpy`` refuses."""
    g = with_weights(graph) if weighted else graph
    view = g.to_undirected() if g.is_directed() else g
    if g.is_directed() and weighted:
        view = nx.Graph()  # the undirected view sums the weights of reciprocal arcs
        view.add_nodes_from(g)
        for u, v, w in g.edges(data="weight"):
            view.add_edge(u, v, weight=view[u][v]["weight"] + w if view.has_edge(u, v) else w)
    ix = index_graph(g)
    expected = nx.eigenvector_centrality(view, weight="weight" if weighted else None, tol=1e-15, max_iter=100_000)
    np.testing.assert_allclose(centrality.eigenvector(ix, weighted), as_array(ix, expected), atol=1e-7)


def test_eigenvector_conventions():
    ix = index_graph(UNDIRECTED["isolates"]())
    x = centrality.eigenvector(ix)
    assert np.linalg.norm(x) == pytest.approx(1.0)
    # the triangle (λ = 2) dominates the 4-path (λ ≈ 1.618); path and isolates get 0
    assert all(x[ix.index[v]] == 0 for v in ["0", "1", "2", "3", "lonely", "hermit"])
    assert x[ix.index["a"]] == pytest.approx(1 / np.sqrt(3))
    no_ties = nx.empty_graph(["p", "q", "r", "s"])
    np.testing.assert_allclose(centrality.eigenvector(index_graph(no_ties)), 0.5)


def test_krackhardt_kite_betweenness_by_hand():
    """Krackhardt (1990) kite: raw betweenness Heather 14, Fernando and Garth 8 1/3, Ike 8,
    Diane 3 2/3, Andre and Beverly 5/6; normalised by (n-1)(n-2)/2 = 36."""
    ix = index_graph(UNDIRECTED["kite"]())
    b = dict(zip(ix.nodes, centrality.betweenness(ix).values * 36))
    assert b["7"] == pytest.approx(14) and b["8"] == pytest.approx(8)
    assert b["5"] == pytest.approx(25 / 3) and b["6"] == pytest.approx(25 / 3)
    assert b["3"] == pytest.approx(11 / 3) and b["0"] == pytest.approx(5 / 6)


def test_star_and_path_by_hand():
    star = index_graph(UNDIRECTED["star"]())
    b = centrality.betweenness(star).values
    assert b[star.index["0"]] == 1.0 and b[star.index["3"]] == 0.0
    closeness, _ = centrality.closeness(star)
    assert closeness[star.index["0"]] == 1.0 and closeness[star.index["1"]] == pytest.approx(6 / 11)
    path = index_graph(UNDIRECTED["path"]())
    # middle of a 7-path: 3 × 3 pairs through it, normalised by 15 pairs
    assert centrality.betweenness(path).values[path.index["3"]] == pytest.approx(9 / 15)


def test_isolates_get_zero_not_nan():
    ix = index_graph(UNDIRECTED["isolates"]())
    i = ix.index["lonely"]
    assert centrality.betweenness(ix).values[i] == 0
    assert centrality.closeness(ix)[0][i] == 0
    assert centrality.harmonic(ix)[i] == 0


def test_sampled_betweenness_tracks_exact():
    g = nx.relabel_nodes(nx.powerlaw_cluster_graph(3000, 3, 0.3, seed=1), str)
    ix = index_graph(g)
    exact = centrality.betweenness(ix)
    sampled = centrality.betweenness(ix, seed=4, exact_limit=1000, samples=1024)
    assert exact.exact and not sampled.exact and sampled.samples == 1024
    assert spearmanr(exact.values, sampled.values).statistic >= 0.95
    top = set(np.argsort(-exact.values)[:20])  # same estimator as networkx k=..., Brandes & Pich 2007
    assert len(top & set(np.argsort(-sampled.values)[:20])) >= 15
    again = centrality.betweenness(ix, seed=4, exact_limit=1000, samples=1024)
    np.testing.assert_array_equal(sampled.values, again.values)  # seeded: repeatable


def test_tiny_networks():
    for nodes in ([], ["solo"], ["a", "b"]):
        g = nx.Graph()
        g.add_nodes_from(nodes)
        if len(nodes) == 2:
            g.add_edge("a", "b")
        ix = index_graph(g)
        assert list(centrality.betweenness(ix).values) == [0.0] * len(nodes)
        assert len(centrality.closeness(ix)[0]) == len(nodes)
        assert len(centrality.pagerank(ix)) == len(nodes)


def test_weighted_closeness_and_harmonic_stay_in_0_1_with_strong_weights():
    """Issue 9 (hospital contacts: weighted closeness 29.4, harmonic 91.0 with length 1/w):
    weights that count contacts are large, and tie length w_max / w keeps both in 0-1.
    Reference: networkx with the same lengths."""
    g = nx.Graph()
    g.add_weighted_edges_from([("a", "b", 1200.0), ("b", "c", 300.0), ("c", "d", 40.0), ("a", "c", 600.0),
                               ("d", "e", 1.0)])
    g.add_node("alone")
    ix = index_graph(g)
    closeness, _ = centrality.closeness(ix, True)
    harmonic = centrality.harmonic(ix, True)
    assert closeness.max() <= 1 and harmonic.max() <= 1
    for u, v, w in g.edges(data="weight"):
        g[u][v]["length"] = 1200.0 / w
    n = g.number_of_nodes()
    np.testing.assert_allclose(closeness, as_array(ix, nx.closeness_centrality(g, distance="length")), atol=TOL)
    expected_h = {v: h / (n - 1) for v, h in nx.harmonic_centrality(g, distance="length").items()}
    np.testing.assert_allclose(harmonic, as_array(ix, expected_h), atol=TOL)
    # the unit of the weights does not matter, and equal weights give the unweighted values
    scaled = nx.Graph([(u, v, {"weight": w * 7}) for u, v, w in g.edges(data="weight")])
    scaled.add_node("alone")
    ix7 = index_graph(scaled)
    np.testing.assert_allclose(as_array(ix7, dict(zip(ix7.nodes, centrality.harmonic(ix7, True)))),
                               as_array(ix7, dict(zip(ix.nodes, harmonic))), atol=TOL)
    equal = nx.Graph([(u, v, {"weight": 50.0}) for u, v in g.edges])
    ix50 = index_graph(equal)
    np.testing.assert_allclose(centrality.closeness(ix50, True)[0], centrality.closeness(ix50, False)[0], atol=TOL)
