"""Estimates for large networks (issue 15): sampled pivots for closeness and harmonic centrality,
capped sampled betweenness, diameter bounds and a sampled average path length. Each is checked
against networkx: exactly when every actor is a pivot, and by rank agreement when sampling."""
from __future__ import annotations

import networkx as nx
import numpy as np
import pytest
from scipy.stats import spearmanr

from netmap.analysis import KADABRA_TIED_ROUTES_ERROR
from netmap.metrics import centrality, cohesion
from netmap.metrics.engine import index_graph
from tests.metrics.graphs import ALL, with_weights

TOL = 1e-9


def as_array(ix, mapping):
    return np.array([mapping[v] for v in ix.nodes], dtype=float)


@pytest.fixture(params=sorted(ALL))
def graph(request):
    return ALL[request.param]()


@pytest.mark.parametrize("weighted", [False, True])
def test_estimate_with_every_actor_as_pivot_is_networkx(graph, weighted):
    # components no larger than `samples` are searched from every member: the estimator is exact
    g = with_weights(graph) if weighted else graph
    ix = index_graph(g)
    distance = "length" if weighted else None
    n = g.number_of_nodes()
    found = centrality.distance_estimate(ix, weighted, samples=n)
    np.testing.assert_allclose(found.closeness, as_array(ix, nx.closeness_centrality(g, distance=distance)),
                               atol=TOL)
    harmonic = {v: h / (n - 1) for v, h in nx.harmonic_centrality(g, distance=distance).items()}
    np.testing.assert_allclose(found.harmonic, as_array(ix, harmonic), atol=TOL)
    _, sums = centrality.closeness(ix, weighted)
    np.testing.assert_allclose(found.distance_sums, sums, atol=1e-9)
    assert found.components_exact == n


@pytest.mark.parametrize("directed", [False, True])
def test_small_components_stay_exact_while_the_large_one_is_sampled(directed):
    big = nx.powerlaw_cluster_graph(600, 3, 0.3, seed=3)
    g = nx.DiGraph(big) if directed else big
    g = nx.relabel_nodes(g, lambda v: f"b{v}")
    g.add_edges_from([("s1", "s2"), ("s2", "s3"), ("t1", "t2")])
    g.add_node("alone")
    ix = index_graph(g)
    found = centrality.distance_estimate(ix, samples=100, seed=2)
    exact_close = as_array(ix, nx.closeness_centrality(g))
    n = g.number_of_nodes()
    exact_harm = as_array(ix, {v: h / (n - 1) for v, h in nx.harmonic_centrality(g).items()})
    small = np.array([not v.startswith("b") for v in ix.nodes])
    np.testing.assert_allclose(found.closeness[small], exact_close[small], atol=TOL)
    np.testing.assert_allclose(found.harmonic[small], exact_harm[small], atol=TOL)
    assert found.components_exact == small.sum()
    assert found.pivots < n
    assert spearmanr(found.closeness[~small], exact_close[~small]).statistic >= 0.95
    assert spearmanr(found.harmonic[~small], exact_harm[~small]).statistic >= 0.95


def test_sampled_closeness_and_harmonic_track_exact():
    g = nx.relabel_nodes(nx.connected_watts_strogatz_graph(3000, 6, 0.1, seed=5), str)
    ix = index_graph(g)
    found = centrality.distance_estimate(ix, samples=256, seed=1)
    exact_close, _ = centrality.closeness(ix)
    exact_harm = centrality.harmonic(ix)
    # a small world: every actor's values lie close together, which makes ranks the hard part
    assert spearmanr(found.closeness, exact_close).statistic >= 0.95
    assert spearmanr(found.harmonic, exact_harm).statistic >= 0.9
    assert np.median(np.abs(found.closeness / exact_close - 1)) < 0.03  # values, not just ranks
    assert np.median(np.abs(found.harmonic / exact_harm - 1)) < 0.03
    again = centrality.distance_estimate(ix, samples=256, seed=1)
    np.testing.assert_array_equal(found.closeness, again.closeness)  # seeded: repeatable


def test_capped_betweenness_sample():
    assert centrality.capped_sample_size(10_000) == 2_048
    assert centrality.capped_sample_size(15_000, cap=4_096) == 3_000  # the 20% rule below the cap
    assert centrality.capped_sample_size(50_000) == centrality.BETWEENNESS_SAMPLES_CAP
    assert centrality.capped_sample_size(1_000) == 1_000  # never more sources than actors
    g = nx.relabel_nodes(nx.powerlaw_cluster_graph(1500, 3, 0.3, seed=1), str)
    ix = index_graph(g)
    sampled = centrality.betweenness_sampled(ix, seed=4, samples=100, cap=200)  # 20% = 300, capped at 200
    assert not sampled.exact and sampled.samples == 200
    exact = nx.betweenness_centrality(g)
    assert spearmanr(sampled.values, as_array(ix, exact)).statistic >= 0.9
    small = nx.relabel_nodes(nx.path_graph(30), str)
    full = centrality.betweenness_estimate(index_graph(small), samples=100)  # k ≥ n: exact
    assert full.exact
    np.testing.assert_allclose(full.values, as_array(index_graph(small), nx.betweenness_centrality(small)), atol=TOL)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_diameter_bounds_contain_networkx_diameter(seed):
    g = nx.relabel_nodes(nx.connected_watts_strogatz_graph(800, 4, 0.05, seed=seed), str)
    ix = index_graph(g)
    members = np.arange(ix.n)
    true = nx.diameter(g)
    lower, upper = cohesion.diameter_bounds(ix, members)
    assert lower == true == upper  # enough budget: iFUB finishes and the bounds meet
    lower, upper = cohesion.diameter_bounds(ix, members, budget=6)
    assert lower <= true <= upper and lower >= 0.5 * true


def test_average_path_length_estimate():
    g = nx.relabel_nodes(nx.connected_watts_strogatz_graph(1000, 6, 0.1, seed=2), str)
    ix = index_graph(g)
    members = np.arange(ix.n)
    exact = nx.average_shortest_path_length(g)
    assert cohesion.average_path_length_estimate(ix, members, samples=5000) == pytest.approx(exact, rel=1e-12)
    assert cohesion.average_path_length_estimate(ix, members, samples=100) == pytest.approx(exact, rel=0.03)


def relative_error(found: np.ndarray, exact: np.ndarray, floor: float = 0.05) -> np.ndarray:
    """|found − exact| / exact over the actors whose exact value is at least ``floor``."""
    big = exact >= floor
    return np.abs(found[big] - exact[big]) / exact[big]


def test_kadabra_betweenness_is_on_networkx_scale_and_close_to_it():
    # issue 26: KADABRA (NetworKit) for large networks; the expected values are networkx's exact
    # betweenness_centrality(normalized=True), which nobody here wrote
    g = nx.connected_watts_strogatz_graph(1_500, 6, 0.1, seed=5)
    ix = index_graph(g)
    found = centrality.betweenness_kadabra(ix, error=0.002, risk=0.1, seed=3)
    values = as_array(ix, nx.betweenness_centrality(g))
    assert not found.exact and found.error == 0.002 and found.risk == 0.1 and found.samples > 0
    assert np.abs(found.values - values).mean() <= 0.002
    # on networkx's scale, not NetworKit's (about twice as large): a wrong factor fails here
    assert found.values.sum() == pytest.approx(values.sum(), rel=0.05)
    assert spearmanr(found.values, values).statistic >= 0.9
    again = centrality.betweenness_kadabra(ix, error=0.002, risk=0.1, seed=3)
    np.testing.assert_array_equal(found.values, again.values)  # seeded, one thread: repeatable


def test_kadabra_finds_a_planted_bridge():
    # two dense groups of 300 joined only through one actor, tied to three members of each: it
    # carries every path between the groups, its neighbours a third of them each
    g = nx.disjoint_union(nx.gnm_random_graph(300, 2_000, seed=1), nx.gnm_random_graph(300, 2_000, seed=2))
    g.add_edges_from((600, v) for v in (0, 1, 2, 300, 301, 302))
    ix = index_graph(g)
    exact = as_array(ix, nx.betweenness_centrality(g))
    for seed in range(3):
        found = centrality.betweenness_kadabra(ix, error=0.005, seed=seed)
        assert ix.nodes[int(np.argmax(found.values))] == 600
        assert found.values[ix.index[600]] == pytest.approx(exact[ix.index[600]], abs=0.01)
        assert relative_error(found.values, exact).max() <= KADABRA_TIED_ROUTES_ERROR  # what the note says


def test_kadabra_splits_routes_of_equal_length_unevenly():
    # why the note does not promise KADABRA's bound: in a chain of diamonds the two middle actors
    # of each diamond carry exactly the same paths (networkx), yet NetworKit 11.3's sampler gives
    # one of them about 0.19 and the other 0.15 (exact: 0.168), and 0.31 against 0.16 (exact 0.23) in
    # the middle diamonds: far beyond its aim of 0.002. When a NetworKit release samples routes
    # evenly this test fails: then the note can promise the bound.
    g = nx.Graph()
    for i in range(6):
        a = 4 * i
        g.add_edges_from([(a, a + 1), (a, a + 2), (a + 1, a + 3), (a + 2, a + 3)] + ([(a - 1, a)] if i else []))
    ix = index_graph(g)
    exact = nx.betweenness_centrality(g)
    assert exact[5] == pytest.approx(exact[6])
    found = centrality.betweenness_kadabra(ix, error=0.002, seed=1)
    assert abs(found.values[ix.index[5]] - found.values[ix.index[6]]) > 0.02
    assert relative_error(found.values, as_array(ix, exact)).max() <= KADABRA_TIED_ROUTES_ERROR


def test_estimate_uses_the_bound_only_where_kadabra_applies():
    # KADABRA reads neither weights nor directions: weighted or directed networks keep sampled sources
    g = nx.gnm_random_graph(400, 1_600, seed=1)
    assert centrality.betweenness_estimate(index_graph(g), samples=50, cap=50).error is None  # 1,600 ties: sources
    assert centrality.betweenness_estimate(index_graph(g), samples=50, cap=50, kadabra_ties=1_000).error == 0.005
    weighted = centrality.betweenness_estimate(index_graph(g), weighted=True, samples=50, cap=50, kadabra_ties=1_000)
    assert weighted.error is None and weighted.samples == 50
    directed = centrality.betweenness_estimate(index_graph(nx.gnm_random_graph(400, 1_600, seed=1, directed=True)),
                                               samples=50, cap=50, kadabra_ties=1_000)
    assert directed.error is None and directed.samples == 50
    assert centrality.betweenness_estimate(index_graph(g), samples=50, cap=50, error=None, kadabra_ties=1_000
                                           ).error is None


def test_diameter_search_budget_follows_the_ties():
    # issue 26: 256 searches at a million ties were 18 s; the bounds stay bounds with fewer
    assert cohesion.diameter_budget(170_000) == cohesion.DIAMETER_BUDGET  # 50,000 actors: as before
    assert cohesion.diameter_budget(1_000_000) == 64
    assert cohesion.diameter_budget(3_000_000) == 21
    assert cohesion.diameter_budget(100_000_000) == cohesion.DIAMETER_MIN_BUDGET
    g = nx.relabel_nodes(nx.connected_watts_strogatz_graph(3_000, 4, 0.02, seed=2), str)
    ix = index_graph(g)
    lower, upper = cohesion.diameter_bounds(ix, np.arange(ix.n), cohesion.DIAMETER_MIN_BUDGET)
    assert lower <= nx.diameter(g) <= upper


def test_distance_pivots_follow_the_ties():
    # issue 26: fewer pivots only on networks where 512 searches would visit more than DISTANCE_WORK ties
    assert centrality.distance_pivots(512, 170_000) == 512  # 50,000 actors: as before
    assert centrality.distance_pivots(512, 1_000_000) == 256
    assert centrality.distance_pivots(512, 3_000_000) == centrality.DISTANCE_MIN_SAMPLES
    assert centrality.distance_pivots(64, 3_000_000) == 64  # never more than asked for
