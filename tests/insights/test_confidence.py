"""'How sure are we?': resampled rankings.

The per-resample scores must be the scores netmap reports (checked against honest_brokers and
under_used_assets on the unperturbed network); with nothing removed every resample is the
full data, so every rank interval collapses and Kendall's tau (scipy) is 1; the sampled
harmonic estimator must rank like igraph's exact harmonic centrality.
"""
from __future__ import annotations

import networkx as nx
import numpy as np
import pandas as pd
import pytest
from scipy.stats import spearmanr

from netmap.analysis import analyse
from netmap.insights import confidence
from netmap.insights.brokers import broker_components
from netmap.insights.confidence import (
    Perturbation,
    _keep_mask,
    _paths,
    broker_scores,
    hidden_wealth_scores,
    perturbation_for,
    with_confidence,
)
from netmap.metrics import brokerage, cohesion, structural_holes
from netmap.metrics.engine import index_graph
from netmap.network import StakeholderNetwork, read_network
from tests.conftest import SAMPLES


@pytest.fixture(scope="module")
def millbrook():
    folder = SAMPLES / "millbrook"
    network = read_network(folder / "ties.csv", folder / "actors.csv")
    return analyse(network, group_by="sector")


def test_scores_match_the_reported_ones(millbrook):
    ix = index_graph(millbrook.network.graph)
    between, harmonic = _paths(ix, False, np.random.default_rng(0))
    table = millbrook.actors.set_index("id").reindex(ix.nodes)
    np.testing.assert_allclose(between, table["betweenness"], atol=1e-12)
    np.testing.assert_allclose(harmonic, table["harmonic"], atol=1e-12)
    holes = structural_holes.structural_holes(ix)
    gf = brokerage.gould_fernandez(ix, millbrook.group_codes).as_columns()
    b, even = broker_scores(ix, between, holes.constraint, gf, millbrook.group_codes, len(millbrook.group_names),
                            millbrook.options.broker_weights)
    np.testing.assert_allclose(b, table["broker_score"].to_numpy(dtype=float), atol=1e-12, equal_nan=True)
    reported = millbrook.brokers.set_index("id")
    if "even_handed" in reported.columns:
        assert (even == reported["even_handed"].reindex(ix.nodes).to_numpy(dtype=bool)).all()
    # the ranks resampling would give on the full data are the reported ranks
    id_order = np.argsort(np.argsort(np.array([str(v) for v in ix.nodes]), kind="stable"), kind="stable")
    # ordered in the table's tiers: even-handed first, then by the number of conditions failed
    shortfalls = broker_components(ix, between, holes.constraint, gf, millbrook.group_codes,
                                   len(millbrook.group_names), millbrook.options.broker_weights).shortfalls
    assert ((shortfalls == 0) == even)[~np.isnan(b)].all()
    ranks = confidence._ranks(b, between, id_order, -shortfalls)
    expected = reported["broker_rank"].reindex(ix.nodes).to_numpy(dtype=float)
    candidates = ~np.isnan(expected)
    np.testing.assert_array_equal(ranks[candidates], expected[candidates])
    resources = confidence._resources(table, None)
    degree = np.bincount(ix.sources, minlength=ix.n) + np.bincount(ix.targets, minlength=ix.n)
    w = hidden_wealth_scores(resources, degree.astype(float), cohesion.core_number(ix), harmonic)
    expected = table["hidden_wealth_score"].to_numpy(dtype=float)
    np.testing.assert_allclose(np.nan_to_num(w), expected, atol=1e-12)


def test_nothing_removed_means_full_certainty(millbrook):
    result = with_confidence(millbrook, resamples=3, missing=0.0)
    brokers = result.brokers.dropna(subset=["broker_rank"])
    assert (brokers["rank_low"] == brokers["broker_rank"]).all()
    assert (brokers["rank_high"] == brokers["broker_rank"]).all()
    assert (brokers["top10_share"] == (brokers["broker_rank"] <= 10).astype(float)).all()
    assert result.confidence["brokers_kendall_tau"]["mean"] == pytest.approx(1.0)
    assert result.run_info()["confidence"]["resamples"] == 3


def test_resamples_are_seeded_and_uncertain(millbrook):
    a = with_confidence(millbrook, resamples=20, missing=0.3)
    b = with_confidence(millbrook, resamples=20, missing=0.3)
    pd.testing.assert_frame_equal(a.brokers, b.brokers)
    tau = a.confidence["brokers_kendall_tau"]
    assert 0 < tau["mean"] < 1 and tau["p5"] <= tau["mean"] <= tau["p95"]
    assert (a.brokers["rank_low"] <= a.brokers["rank_high"]).all()
    # Millbrook's planted honest brokers stay near the top when 30% of ties go missing
    top = a.brokers.set_index("name").loc["Millbrook Community Hub"]
    assert top["top10_share"] >= 0.8
    assert {"top10_share", "rank_low", "rank_high"} <= set(a.hidden_wealth.columns)
    assert a.confidence["mode"] == "ties" and a.confidence["missing"] == 0.3


def test_respondents_removed_keep_ties_someone_else_reported():
    p = Perturbation("respondents", 0.5, [np.array([0]), np.array([1]), np.array([0, 1]), np.array([], int)], 2)
    keep = _keep_mask(p, 4, np.random.default_rng(1))
    # one of the two respondents is removed: its own tie goes, the shared and unreported ties stay
    assert keep[2] and keep[3] and keep[0] != keep[1]


def test_perturbation_from_survey_columns():
    ties = pd.DataFrame({"source": ["a", "b"], "target": ["b", "c"], "reported_by": ["a; b", "b"]})
    actors = pd.DataFrame({"id": ["a", "b", "c", "d"], "responded": [1, 1, 0, 0], "on_roster": [1, 1, 1, 0]})
    p = perturbation_for(ties, actors, None)
    assert p.mode == "respondents" and p.fraction == pytest.approx(1 / 3) and p.respondents == 2
    assert perturbation_for(ties.drop(columns="reported_by"), actors, None).mode == "ties"
    assert perturbation_for(ties.drop(columns="reported_by"), actors, 0.1).fraction == 0.1


def test_sampled_harmonic_ranks_like_exact(monkeypatch):
    graph = nx.relabel_nodes(nx.barabasi_albert_graph(900, 3, seed=4), str)
    ix = index_graph(graph)
    exact = np.asarray(ix.igraph.harmonic_centrality(normalized=True))
    monkeypatch.setattr(confidence, "EXACT_LIMIT", 100)
    between, harmonic = _paths(ix, False, np.random.default_rng(0))
    assert spearmanr(exact, harmonic).statistic > 0.95
    exact_between = np.asarray(list(nx.betweenness_centrality(graph).values()))
    assert spearmanr(exact_between, between).statistic > 0.9


def test_bad_arguments():
    from netmap.errors import InputError

    network = StakeholderNetwork(pd.DataFrame({"id": ["a", "b"], "name": ["a", "b"]}, dtype=object),
                                 pd.DataFrame({"source": ["a"], "target": ["b"], "weight": [1.0]}))
    result = analyse(network)
    with pytest.raises(InputError, match="--resamples"):
        with_confidence(result, 0)
    with pytest.raises(InputError, match="--missing"):
        with_confidence(result, 2, missing=1.5)
