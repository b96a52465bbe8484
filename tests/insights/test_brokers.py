"""Honest brokers: planted structures, the Medici, reasons that match the numbers."""
from __future__ import annotations

import re

import networkx as nx
import pandas as pd
import pytest

from netmap import analyse
from netmap.insights.brokers import BrokerWeights
from tests.insights.planted import clusters_with_two_brokers
from tests.test_analysis import network_from


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_even_handed_liaison_outranks_partisan_gatekeeper(seed):
    result = analyse(clusters_with_two_brokers(seed), group_by="sector")
    table = result.brokers.set_index("id")
    liaison, partisan = table.loc["liaison"], table.loc["partisan"]
    # the planted premise: similar betweenness (within 15%), both candidates
    assert abs(liaison["betweenness"] - partisan["betweenness"]) <= 0.15 * liaison["betweenness"]
    assert liaison["broker_rank"] == 1 and partisan["broker_rank"] > liaison["broker_rank"]
    assert liaison["third_party_share"] == 1.0 and partisan["gf_gatekeeper"] > 0
    assert liaison["evenness"] > partisan["evenness"]


def test_medici_rank_first_on_florentine_marriages():
    graph = nx.florentine_families_graph()
    graph.add_node("Pucci")
    # with detected communities as groups, and with the three blocs used by R sna's example
    assert analyse(network_from(graph), seed=0).brokers.iloc[0]["id"] == "Medici"
    blocs = {**dict.fromkeys(["Acciaiuoli", "Medici", "Ridolfi", "Tornabuoni", "Salviati", "Pazzi", "Pucci"], "G1"),
             **dict.fromkeys(["Castellani", "Peruzzi", "Strozzi", "Barbadori", "Bischeri"], "G2"),
             **dict.fromkeys(["Albizzi", "Guadagni", "Ginori", "Lamberteschi"], "G3")}
    assert analyse(network_from(graph, bloc=blocs), group_by="bloc").brokers.iloc[0]["id"] == "Medici"


def test_actors_in_one_group_are_not_candidates_and_say_why():
    table = analyse(clusters_with_two_brokers(), group_by="sector").brokers.set_index("id")
    row = table.loc["a5"]
    assert not row["candidate"] and pd.isna(row["broker_rank"]) and pd.isna(row["broker_score"])
    assert re.fullmatch(r"not a candidate: all \d+ contacts are in sector 'A'", row["why"])


def test_why_agrees_with_the_numbers():
    result = analyse(clusters_with_two_brokers(), group_by="sector")
    for row in result.brokers[result.brokers["candidate"]].itertuples():
        reached, total = map(int, re.search(r"links (\d+) of (\d+) sectors", row.why).groups())
        assert (reached, total) == (row.groups_reached, 4)
        share = float(re.search(r"on ([\d.]+)% of shortest paths", row.why).group(1))
        assert share == pytest.approx(round(row.betweenness * 100, 1))
        third = int(re.search(r"(\d+)% of its brokerage is between other sectors", row.why).group(1))
        assert third == round(row.third_party_share * 100)
        assert f"evenness {row.evenness:.2f}" in row.why


def test_weights_change_the_ranking_and_are_validated():
    network = clusters_with_two_brokers()
    only_betweenness = BrokerWeights(betweenness=1, structural_holes=0, reach=0, evenness=0, third_party=0)
    table = analyse(network, group_by="sector", broker_weights=only_betweenness).brokers
    assert table.iloc[0]["broker_score"] == 1.0
    with pytest.raises(ValueError, match="non-negative"):
        BrokerWeights(betweenness=-1)


def test_no_group_attribute_uses_communities():
    result = analyse(clusters_with_two_brokers())
    assert result.group_column == "community"
    assert result.brokers["why"].str.contains("communities").any()
