"""Hidden wealth: under-used assets, introductions (with the model's AUC), group gaps."""
from __future__ import annotations

import re

import networkx as nx
import pytest

from netmap import analyse
from netmap.errors import InputError
from netmap.insights.link_prediction import MIN_TIES
from netmap.insights.matching import match_needs_to_offers
from tests.conftest import SAMPLES
from tests.insights.planted import assets_and_needs, clusters_with_two_brokers
from tests.test_analysis import network_from


def test_resource_rich_isolate_and_one_tie_actor_top_the_assets():
    table = analyse(assets_and_needs()).hidden_wealth
    assert list(table["id"][:2]) == ["hoarder", "hall"]
    hoarder = table.iloc[0]
    assert hoarder["marginality"] == 1.0 and hoarder["why"].endswith("no ties at all")
    assert "1 tie; outer shell (core 1)" in table.iloc[1]["why"]


def test_asset_why_agrees_with_numbers():
    for row in analyse(assets_and_needs()).hidden_wealth.itertuples():
        if row.degree:
            assert re.search(rf"\b{row.degree} ties?\b", row.why)
        for item in row.offers.split("; ")[:3]:
            assert item in row.why


def test_capacity_column(tmp_path):
    graph = nx.path_graph(["a", "b", "c", "d"])
    graph.add_node("e")
    network = network_from(graph, seats={"a": "10", "b": "200", "e": "50"})
    table = analyse(network, capacity_column="seats").hidden_wealth
    # b: all the seats (200) at middling marginality 0.5; e: a quarter of them, isolated
    assert list(table["id"]) == ["b", "e", "a"]
    assert table.iloc[0]["resource_score"] == 1 and table.iloc[0]["marginality"] == pytest.approx(0.5)
    assert table.iloc[1]["why"] == "has seats 50; no ties at all"
    with pytest.raises(InputError, match="capacity column 'rooms'"):
        analyse(network, capacity_column="rooms")


def test_same_meaning_different_words_is_a_top_introduction():
    table = analyse(assets_and_needs()).introductions
    top = table.head(3)
    pair = top[(top["id_a"] == "club") & (top["id_b"] == "hall") | (top["id_a"] == "hall") & (top["id_b"] == "club")]
    assert len(pair) == 1
    row = pair.iloc[0]
    assert row["matched_need"] == "a meeting room for evening sessions"
    assert row["matched_offer"] == "community hall with rooms to hire"
    assert "shared words: room" in row["why"] and "both about venue" in row["why"]


def test_matching_reads_meaning_not_just_words():
    import pandas as pd

    actors = pd.DataFrame({"id": ["age", "bus", "bakery"], "name": ["age", "bus", "bakery"],
                           "needs": ["transport for older people", "", ""],
                           "offers": ["", "accessible minibus with volunteer drivers", "day-old bread"]})
    matches = match_needs_to_offers(actors)
    assert set(matches) == {("age", "bus")}
    assert matches[("age", "bus")].shared == ("concept_transport",)


def test_introductions_exclude_existing_ties_and_explain_themselves():
    result = analyse(SAMPLES / "millbrook" / "ties.csv", SAMPLES / "millbrook" / "actors.csv", group_by="sector")
    graph = result.network.graph
    table = result.introductions
    assert len(table) == 50 and list(table["rank"]) == list(range(1, 51))
    assert not any(graph.has_edge(a, b) for a, b in zip(table["id_a"], table["id_b"]))
    assert table["introduction_score"].is_monotonic_decreasing
    for row in table.itertuples():
        if row.matched_need:
            assert f"'{row.matched_need}'" in row.why and f"'{row.matched_offer}'" in row.why
        if row.common_contacts:
            assert f"{row.common_contacts} shared contact" in row.why
        if row.model_probability == row.model_probability:
            assert f"model: {row.model_probability:.0%} likely" in row.why


def test_link_model_reports_a_held_out_auc():
    result = analyse(SAMPLES / "millbrook" / "ties.csv", SAMPLES / "millbrook" / "actors.csv", seed=0)
    model = result.link_model
    assert model.available and 0.5 < model.auc <= 1 and model.held_out_ties == round(0.2 * result.summary["ties"])
    assert f"ROC AUC {model.auc:.2f}" in model.message
    assert result.run_info()["link_model"]["auc"] == model.auc


def test_small_network_says_it_cannot_learn():
    result = analyse(assets_and_needs())
    assert result.summary["ties"] < MIN_TIES
    assert not result.link_model.available and result.link_model.auc is None
    assert result.link_model.message.startswith(f"not enough ties to learn from ({result.summary['ties']}")
    assert result.introductions["model_probability"].isna().all()


def test_group_gaps_name_observed_and_expected():
    result = analyse(clusters_with_two_brokers(), group_by="sector")
    gaps = result.group_gaps
    assert (gaps["group_a"] != gaps["group_b"]).all()
    assert gaps["ratio"].is_monotonic_increasing
    for row in gaps.itertuples():
        assert row.why.startswith(f"{row.observed} ties between sector '{row.group_a}'")
        assert f"random mixing would give {row.expected:.1f}" in row.why


@pytest.mark.parametrize("seed", [0, 7])
def test_same_seed_same_insights(seed):
    paths = (SAMPLES / "millbrook" / "ties.csv", SAMPLES / "millbrook" / "actors.csv")
    a, b = analyse(*paths, seed=seed), analyse(*paths, seed=seed)
    for name in ("brokers", "hidden_wealth", "introductions", "group_gaps"):
        assert getattr(a, name).equals(getattr(b, name)), name
    assert a.link_model.auc == b.link_model.auc
