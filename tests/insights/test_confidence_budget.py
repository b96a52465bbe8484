"""Issue 22, item 4: 'how sure are we' with no candidates, and exact paths within a time budget.

Fixtures are planted graphs built here; expected values are worked out in the comments.
"""
from __future__ import annotations

import networkx as nx
import numpy as np
import pytest

from netmap import analyse
from netmap.insights import confidence
from netmap.insights.confidence import sure_column, with_confidence
from tests.test_analysis import network_from


def separate_towns() -> tuple[nx.Graph, dict[str, str]]:
    """Two towns of 12 (seeded G(12, 0.4) each), no tie between them, grouped by town: nobody
    has contacts in two groups, so there is no honest-broker candidate (the physicians' case)."""
    g = nx.Graph()
    town = {}
    for k, name in enumerate(("north", "south")):
        part = nx.relabel_nodes(nx.gnp_random_graph(12, 0.4, seed=k), lambda v, name=name: f"{name}{v}")
        g.add_edges_from(part.edges)
        g.add_nodes_from(part)
        town.update(dict.fromkeys(part, name))
    return g, town


def test_no_candidates_means_no_confidence_rows_and_a_plain_note():
    g, town = separate_towns()
    result = analyse(network_from(g, town=town), group_by="town")
    assert result.brokers["broker_rank"].isna().all()  # the premise: no candidate
    sure = with_confidence(result, resamples=5, missing=0.2)
    # before issue 22 every actor got top10_share 1.0 and rank 1-1: certainty about nothing
    assert sure.brokers["top10_share"].isna().all()
    assert sure.brokers["rank_low"].isna().all() and sure.brokers["rank_high"].isna().all()
    assert "no honest-broker candidates" in sure.notes[-1]
    assert sure.confidence["broker_candidates"] == 0
    assert (sure_column(sure.brokers, sure.confidence)["how_sure"] == "").all()


def test_non_candidates_are_never_in_the_top_10():
    # two camps of 6 joined by one go-between: 3 candidates (the go-between and its two
    # contacts) among 13 actors. Non-candidates used to rank 4th (after every candidate),
    # "in the top 10" in every resample.
    g = nx.complete_graph([f"l{i}" for i in range(6)])
    g.add_edges_from(nx.complete_graph([f"r{i}" for i in range(6)]).edges)
    g.add_edges_from([("go", "l0"), ("go", "r0")])
    camp = {v: ("left" if v[0] in "lg" else "right") for v in g}
    result = analyse(network_from(g, camp=camp), group_by="camp")
    sure = with_confidence(result, resamples=4, missing=0.1).brokers.set_index("id")
    ranked = result.brokers.set_index("id")["broker_rank"].notna()
    assert sure.loc[~ranked, "top10_share"].isna().all()
    assert sure.loc[ranked, "top10_share"].notna().all()


def test_exact_paths_when_they_fit_the_time_budget(monkeypatch):
    # 700 actors (> EXACT_LIMIT = 600, so sampled before issue 22) and 1,394 ties: estimated
    # 1e-8 * 700 * (700 + 1,394) * 3 resamples = 0.044 s, far within the 60 s budget: exact.
    from netmap.insights.confidence import exact_paths_seconds

    g = nx.relabel_nodes(nx.barabasi_albert_graph(700, 2, seed=5), str)
    side = {v: ("a" if int(v) % 2 else "b") for v in g}
    result = analyse(network_from(g, side=side), group_by="side")
    assert exact_paths_seconds(700, 1394, 3) == pytest.approx(1e-8 * 700 * 2094 * 3)
    info = with_confidence(result, resamples=3, missing=0.0).confidence
    assert info["paths"] == "exact" and info["brokers_kendall_tau_sampling_only"] is None
    # with nothing removed and exact paths, every resample is the full data: tau = 1
    assert info["brokers_kendall_tau"]["mean"] == pytest.approx(1.0)
    # over the budget: sampled, and the note says why
    monkeypatch.setattr(confidence, "EXACT_BUDGET_SECONDS", 0.01)
    info = with_confidence(result, resamples=3, missing=0.0).confidence
    assert info["paths"].startswith("betweenness and harmonic closeness estimated") and "budget" in info["paths"]
    assert np.isfinite(info["brokers_kendall_tau_sampling_only"])
