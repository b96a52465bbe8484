"""Networks without groups, offers, needs or ties still get clear answers."""
from __future__ import annotations

import networkx as nx

from netmap import analyse
from tests.test_analysis import network_from


def test_no_ties():
    graph = nx.empty_graph(["a", "b", "c"])
    result = analyse(network_from(graph, offers={"a": "hall"}))
    assert result.brokers["why"].eq("not a candidate: no ties").all()
    assert result.brokers["broker_rank"].isna().all()
    assert list(result.hidden_wealth["id"]) == ["a"]
    assert result.introductions.empty
    assert not result.link_model.available


def test_no_offers_or_needs_or_groups():
    result = analyse(network_from(nx.relabel_nodes(nx.karate_club_graph(), str)))
    assert result.hidden_wealth.empty
    assert len(result.introductions) > 0  # shared contacts still suggest meetings
    assert (result.introductions["matched_need"] == "").all()
    assert result.introductions["why"].str.contains("shared contact").all()
    assert result.group_column == "community" and result.brokers["broker_rank"].notna().any()


def test_empty_network():
    result = analyse(network_from(nx.Graph()))
    for table in (result.brokers, result.hidden_wealth, result.introductions, result.group_gaps):
        assert table.empty
