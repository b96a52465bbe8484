"""analyse(): the whole table and summary, conventions, options and edge cases."""
from __future__ import annotations

import json
import math

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from netmap import analyse
from netmap.analysis import INSIGHT_COLUMNS, METRIC_COLUMNS, SUMMARY_KEYS
from netmap.errors import InputError
from netmap.formats.cells import json_safe
from netmap.metrics import centrality
from netmap.network import StakeholderNetwork
from tests.conftest import SAMPLES


def network_from(graph: nx.Graph, **attributes) -> StakeholderNetwork:
    actors = pd.DataFrame({"id": [str(v) for v in graph], "name": [str(v) for v in graph]}, dtype=object)
    for name, values in attributes.items():
        actors[name] = [values.get(str(v)) for v in graph]
    ties = pd.DataFrame({"source": [str(u) for u, _ in graph.edges], "target": [str(v) for _, v in graph.edges],
                         "weight": [float(d.get("weight", 1.0)) for *_, d in graph.edges(data=True)]})
    ties[["source", "target"]] = ties[["source", "target"]].astype(object)
    return StakeholderNetwork(actors, ties, graph.is_directed())


@pytest.fixture(scope="module")
def karate_result():
    return analyse(SAMPLES / "karate" / "ties.csv", SAMPLES / "karate" / "actors.csv", group_by="club", seed=1)


def test_columns_and_keys_are_exactly_metrics_md(karate_result):
    expected = ["id", "name", "club"] + [c for c in METRIC_COLUMNS if c not in ("in_degree", "out_degree")] \
        + INSIGHT_COLUMNS
    assert list(karate_result.actors.columns) == expected
    assert list(karate_result.summary) == SUMMARY_KEYS


def test_karate_summary_matches_networkx(karate_result):
    g = nx.relabel_nodes(nx.karate_club_graph(), str)
    s = karate_result.summary
    assert (s["actors"], s["ties"], s["directed"], s["components"]) == (34, 78, False, 1)
    assert s["density"] == pytest.approx(nx.density(g))
    assert s["diameter"] == nx.diameter(g) == 5
    assert s["average_path_length"] == pytest.approx(nx.average_shortest_path_length(g))
    assert s["transitivity"] == pytest.approx(nx.transitivity(g))
    assert s["average_clustering"] == pytest.approx(nx.average_clustering(g))
    assert s["articulation_points"] == 1 and s["bridges"] == 1
    assert s["modularity"] >= 0.40
    assert set(s["ei_by_group"]) == {"Mr. Hi", "Officer"}
    row = karate_result.actors.set_index("id").loc["33"]
    assert (row["gf_coordinator"], row["gf_itinerant"], row["gf_representative"]) == (156, 6, 40)


def test_same_seed_same_result():
    a = analyse(SAMPLES / "millbrook" / "ties.csv", SAMPLES / "millbrook" / "actors.csv", seed=5)
    b = analyse(SAMPLES / "millbrook" / "ties.csv", SAMPLES / "millbrook" / "actors.csv", seed=5)
    pd.testing.assert_frame_equal(a.actors, b.actors)
    assert json.dumps(json_safe(a.summary)) == json.dumps(json_safe(b.summary))  # NaN-safe equality


def test_weighted_option_uses_lengths_and_strengths():
    g = nx.Graph()
    g.add_weighted_edges_from([("a", "b", 4.0), ("b", "c", 4.0), ("a", "d", 1.0), ("d", "c", 1.0)])
    result = analyse(network_from(g), weighted=True).actors.set_index("id")
    # strong path a-b-c (length 2: the strongest tie is one step) beats a-d-c (length 8): b carries the a-c pair, d none
    assert result.loc["b", "betweenness"] > 0 and result.loc["d", "betweenness"] == 0
    assert result.loc["a", "strength"] == 5
    unweighted = analyse(network_from(g)).actors.set_index("id")
    assert unweighted.loc["b", "betweenness"] == unweighted.loc["d", "betweenness"]


def test_directed_network_is_self_consistent():
    g = nx.relabel_nodes(nx.gnp_random_graph(30, 0.1, seed=2, directed=True), str)
    result = analyse(network_from(g))
    table = result.actors
    assert {"in_degree", "out_degree"} <= set(table.columns)
    assert (table["degree"] == table["in_degree"] + table["out_degree"]).all()
    assert table["in_degree"].sum() == table["out_degree"].sum() == g.number_of_edges()
    assert result.summary["directed"] is True
    assert result.summary["density"] == pytest.approx(nx.density(g))
    expected = nx.betweenness_centrality(g)
    np.testing.assert_allclose(table["betweenness"], [expected[v] for v in table["id"]], atol=1e-12)


@pytest.mark.parametrize("nodes, edges", [([], []), (["solo"], []), (["a", "b", "c"], []), (["a", "b"], [("a", "b")])])
def test_tiny_and_empty_networks(nodes, edges):
    g = nx.Graph()
    g.add_nodes_from(nodes)
    g.add_edges_from(edges)
    result = analyse(network_from(g))
    assert len(result.actors) == len(nodes)
    assert result.summary["actors"] == len(nodes) and result.summary["ties"] == len(edges)
    assert result.summary["modularity"] == 0 or edges


def test_isolates_and_disconnected_components():
    g = nx.Graph([("a", "b"), ("b", "c"), ("x", "y")])
    g.add_node("lonely")
    result = analyse(network_from(g))
    table = result.actors.set_index("id")
    assert math.isnan(table.loc["lonely", "constraint"]) and table.loc["lonely", "betweenness"] == 0
    s = result.summary
    assert (s["components"], s["largest_component_size"], s["diameter"]) == (3, 3, 2)
    assert s["average_path_length"] == pytest.approx(4 / 3)


def test_group_by_attribute_with_blanks():
    g = nx.Graph([("a", "b"), ("b", "c"), ("c", "d")])
    result = analyse(network_from(g, sector={"a": "public", "b": "public", "c": "private"}), group_by="sector")
    assert result.group_names == ["(blank)", "private", "public"]
    assert result.summary["ei_by_group"]["public"] == pytest.approx(0.0)  # a-b inside, b-c out
    one_group = analyse(network_from(g, sector=dict.fromkeys("abcd", "x")), group_by="sector")
    assert one_group.summary["ei_index"] == -1
    with pytest.raises(InputError, match="'ward' is not an actor attribute; attributes: 'sector'"):
        analyse(network_from(g, sector={}), group_by="ward")


def test_attribute_named_like_a_metric_is_kept():
    g = nx.Graph([("a", "b")])
    result = analyse(network_from(g, degree={"a": "high"}))
    assert result.actors.loc[0, "degree_input"] == "high" and result.actors.loc[0, "degree"] == 1
    assert any("degree_input" in note for note in result.notes)


def test_sampling_is_reported(monkeypatch):
    g = nx.relabel_nodes(nx.gnm_random_graph(300, 900, seed=1), str)
    sampled = analyse(network_from(g), exact_betweenness_limit=100, betweenness_samples=50)
    assert "betweenness sampled: estimated from 60 randomly chosen source actors" in sampled.notes[0]
    monkeypatch.setattr(centrality, "KADABRA_TIES", 800)  # as if the network were a register
    result = analyse(network_from(g), exact_betweenness_limit=100, betweenness_samples=50)
    assert result.notes and "aiming at every actor's value within 0.005 of the exact one with 90% confidence" in result.notes[0]
    info = result.run_info()
    assert info["betweenness_exact"] is False and info["estimated"]["betweenness"]["error"] == 0.005
    weighted = analyse(network_from(g), exact_betweenness_limit=100, betweenness_samples=50, weighted=True)
    assert "betweenness sampled: estimated from 60 randomly chosen source actors" in weighted.notes[0]


def test_estimates_are_recorded_and_exact_on_request():
    # issue 15: above the size limit closeness, harmonic, diameter and path length are estimated,
    # and run.json/notes say so; exact=True gives networkx's values at any size
    g = nx.relabel_nodes(nx.connected_watts_strogatz_graph(400, 4, 0.05, seed=1), str)
    network = network_from(g)
    estimated = analyse(network, exact_distance_limit=100, distance_samples=64, exact_betweenness_limit=100,
                        betweenness_samples=50)
    info = estimated.run_info()
    assert {"closeness", "harmonic", "betweenness"} <= set(info["estimated"])
    assert info["estimated"]["closeness"]["pivots"] == 64 and info["betweenness_exact"] is False
    assert any("closeness and harmonic centrality estimated" in note for note in estimated.notes)
    exact = analyse(network, exact_distance_limit=100, distance_samples=64, exact_betweenness_limit=100,
                    betweenness_samples=50, exact=True)
    assert exact.estimates == {} and exact.run_info()["betweenness_exact"] is True
    table = exact.actors.set_index("id")
    expected = nx.closeness_centrality(g)
    np.testing.assert_allclose(table.loc[list(expected), "closeness"], list(expected.values()), atol=1e-12)
    expected = nx.betweenness_centrality(g)
    np.testing.assert_allclose(table.loc[list(expected), "betweenness"], list(expected.values()), atol=1e-12)
    assert exact.summary["diameter"] == nx.diameter(g)
    assert exact.summary["average_path_length"] == pytest.approx(nx.average_shortest_path_length(g))
    assert estimated.summary["average_path_length"] == pytest.approx(nx.average_shortest_path_length(g), rel=0.05)
    low = estimated.estimates.get("diameter", {"lower": estimated.summary["diameter"],
                                               "upper": estimated.summary["diameter"]})
    assert low["lower"] <= nx.diameter(g) <= low["upper"]
