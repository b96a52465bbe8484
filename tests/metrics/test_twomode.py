"""Two-mode centrality and projections against networkx's bipartite functions.

Expected values: networkx 3.x ``networkx.algorithms.bipartite`` (degree_centrality,
closeness_centrality, betweenness_centrality, weighted_projected_graph,
collaboration_weighted_projected_graph, overlap_weighted_projected_graph) on Davis's
Southern Women as networkx ships it (``nx.davis_southern_women_graph``) and on seeded random
bipartite graphs with isolates and several components. networkx's own test suite
(``bipartite/tests/test_centrality.py``) holds the Davis values published by Borgatti &
Everett (1997); a few are repeated below as literals.
"""
from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from networkx.algorithms import bipartite

from netmap.metrics import twomode


def _two_mode(graph: nx.Graph, top: list, bottom: list) -> twomode.TwoMode:
    top_set = set(top)
    links = pd.DataFrame([(u, v) if u in top_set else (v, u) for u, v in graph.edges()], columns=["actor", "space"])
    return twomode.two_mode_index(top, bottom, links)


def _davis():
    graph = nx.davis_southern_women_graph()
    return graph, graph.graph["top"], graph.graph["bottom"]


def _random(seed: int):
    graph = bipartite.random_graph(40, 15, 0.07, seed=seed)
    top = [n for n, d in graph.nodes(data=True) if d["bipartite"] == 0]
    bottom = [n for n, d in graph.nodes(data=True) if d["bipartite"] == 1]
    graph.add_node("lonely actor")  # an isolate in each mode
    graph.add_node("empty space")
    return graph, top + ["lonely actor"], bottom + ["empty space"]


CASES = [_davis] + [lambda s=s: _random(s) for s in (1, 2, 3)]


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("ours, theirs", [(twomode.degree, bipartite.degree_centrality),
                                          (twomode.closeness, bipartite.closeness_centrality),
                                          (twomode.betweenness, bipartite.betweenness_centrality)])
def test_centrality_equals_networkx_bipartite(case, ours, theirs):
    graph, top, bottom = case()
    result = ours(_two_mode(graph, top, bottom))
    expected = theirs(graph, top)
    np.testing.assert_allclose(result[0], [expected[a] for a in top], rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(result[1], [expected[s] for s in bottom], rtol=1e-12, atol=1e-15)


def test_davis_published_values():
    # networkx's bipartite/tests/test_centrality.py (TestBipartiteCentrality, Davis): values
    # given to two decimals there
    graph, top, bottom = _davis()
    tm = _two_mode(graph, top, bottom)
    deg_a, deg_s = twomode.degree(tm)
    clo_a, clo_s, _ = twomode.closeness(tm)
    bet_a, bet_s, _ = twomode.betweenness(tm)
    women, events = dict(zip(top, range(len(top)))), dict(zip(bottom, range(len(bottom))))
    assert deg_a[women["Evelyn Jefferson"]] == pytest.approx(0.57, abs=5e-3)
    assert deg_s[events["E8"]] == pytest.approx(0.78, abs=5e-3)
    assert clo_a[women["Evelyn Jefferson"]] == pytest.approx(0.80, abs=5e-3)
    assert clo_s[events["E8"]] == pytest.approx(0.85, abs=5e-3)
    assert bet_a[women["Evelyn Jefferson"]] == pytest.approx(0.10, abs=5e-3)
    assert bet_s[events["E8"]] == pytest.approx(0.24, abs=5e-3)


def test_estimates_with_every_source_equal_the_exact_values():
    graph, top, bottom = _random(4)
    tm = _two_mode(graph, top, bottom)
    exact = twomode.closeness(tm)
    estimated = twomode.closeness(tm, exact_limit=1, samples=10**6)
    np.testing.assert_allclose(estimated[0], exact[0])
    assert estimated[2]


def test_sampled_estimates_rank_like_the_exact_values(monkeypatch):
    monkeypatch.setattr(twomode, "SMALL_COMPONENT", 50)  # so the main component is sampled
    graph = bipartite.random_graph(600, 120, 0.02, seed=7)
    top = [n for n, d in graph.nodes(data=True) if d["bipartite"] == 0]
    bottom = [n for n, d in graph.nodes(data=True) if d["bipartite"] == 1]
    tm = _two_mode(graph, top, bottom)
    from scipy.stats import spearmanr

    for measure in (twomode.closeness, twomode.betweenness):
        exact = measure(tm)
        sampled = measure(tm, exact_limit=100, samples=300, seed=1)
        assert not sampled[2]
        assert spearmanr(exact[0], sampled[0])[0] > 0.9


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("weighting, reference", [
    ("count", bipartite.weighted_projected_graph),
    ("newman", bipartite.collaboration_weighted_projected_graph),
    ("jaccard", lambda g, nodes: bipartite.overlap_weighted_projected_graph(g, nodes, jaccard=True)),
])
@pytest.mark.parametrize("side", ["actors", "spaces"])
def test_projections_equal_networkx(case, weighting, reference, side):
    graph, top, bottom = case()
    tm = _two_mode(graph, top, bottom)
    table = twomode.projection_table(tm, side, weighting)
    expected = reference(graph, top if side == "actors" else bottom)
    theirs = {frozenset((u, v)): d["weight"] for u, v, d in expected.edges(data=True)}
    ours = {frozenset((a, b)): w for a, b, w in table.itertuples(index=False)}
    assert ours.keys() == theirs.keys()
    for pair, weight in theirs.items():
        assert ours[pair] == pytest.approx(weight, rel=1e-12)


def test_projection_is_sparse_and_can_leave_out_large_spaces():
    links = pd.DataFrame({"actor": [f"a{i}" for i in range(500)] + ["a0", "a1"],
                          "space": ["big"] * 500 + ["small", "small"]})
    tm = twomode.two_mode_index([f"a{i}" for i in range(500)], ["big", "small"], links)
    full = twomode.project(tm)
    assert full.format == "csr" and full.nnz == 500 * 499
    capped = twomode.project(tm, max_size=10)
    assert capped.nnz == 2 and capped[0, 1] == 1


def test_density_and_unknown_weighting():
    graph, top, bottom = _davis()
    tm = _two_mode(graph, top, bottom)
    assert twomode.density(tm) == pytest.approx(89 / (18 * 14))
    with pytest.raises(ValueError, match="weighting"):
        twomode.project(tm, weighting="cosine")


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("block_pairs", [1, 7, 10_000])
def test_upper_pairs_in_blocks_equal_the_projection(case, block_pairs):
    graph, top, bottom = case()
    tm = _two_mode(graph, top, bottom)
    expected = {(int(r), int(c)): int(v) for r, c, v in zip(*sp.find(sp.triu(twomode.project(tm), k=1)))}
    found, blocks = {}, 0
    for rows, cols, shared in twomode.upper_pairs(tm.incidence, block_pairs):
        blocks += 1
        assert (rows < cols).all()
        for r, c, v in zip(rows, cols, shared):
            assert (int(r), int(c)) not in found  # each pair once
            found[(int(r), int(c))] = int(v)
    assert found == expected
    assert twomode.pair_incidences(tm) >= len(expected)
    if block_pairs == 1:
        assert blocks > 1


def test_pair_incidences_count_the_pairs_a_projection_lists():
    links = pd.DataFrame({"actor": [f"a{i}" for i in range(500)] + ["a0", "a1", "a2"],
                          "space": ["big"] * 500 + ["small"] * 3})
    tm = twomode.two_mode_index([f"a{i}" for i in range(500)], ["big", "small"], links)
    assert twomode.pair_incidences(tm) == 500 * 499 // 2 + 3
    assert twomode.pair_incidences(tm, max_size=10) == 3
    assert twomode.pair_incidences(tm, side="spaces") == 3  # a0, a1 and a2 each join the two spaces
