"""Sentences a careful analyst would sign (issue 22, item 7): each claim no larger than its
number. Every case is planted; what the sentence said before the fix is in each docstring."""
from __future__ import annotations

import itertools

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from netmap.analysis import analyse
from netmap.insights import actions, brokers
from netmap.insights.assets import numeric_columns, under_used_assets
from netmap.insights.gaps import group_gaps
from netmap.words import group_noun, group_plural, readable, share
from tests.test_analysis import network_from


def test_one_threshold_for_the_spread_of_ties():
    """Evenness 0.65 was "fairly evenly spread" on the briefing's first page (threshold 0.6) and
    "concentrated" in the table (0.7)."""
    for evenness in (0.5, 0.65, 0.69, 0.7, 0.85, 0.9, 0.95):
        table_words = brokers.spread_words(evenness)
        page_words = actions._spread(evenness)
        assert ("though" not in page_words) == (table_words != "concentrated"), evenness


@pytest.fixture(scope="module")
def three_grades():
    """A broker with one contact in each of three grades, and clustered pairs of contacts."""
    graph = nx.Graph([("hub", "a"), ("hub", "b"), ("hub", "c"), ("a", "b")])
    for group, members in {"7": ["a", "a2", "a3"], "8": ["b", "b2", "b3"], "9": ["c", "c2", "c3"]}.items():
        graph.add_edges_from(itertools.combinations(members, 2))
    grade = {n: n[0].replace("a", "7").replace("b", "8").replace("c", "9") for n in graph if n != "hub"}
    grade["hub"] = "9"
    return analyse(network_from(graph, grade=grade), group_by="grade")


def test_one_contact_in_each_group_is_not_concentrated(three_grades):
    """It said "concentrated in grade 9" for one contact in each of three grades."""
    why = three_grades.brokers.set_index("id").loc["hub", "why"]
    assert "concentrated" not in why and "1 contact" in why


def test_contacts_tied_to_each_other_is_an_absolute_share(three_grades):
    """"Rarely tied to each other" came from a percentile: said of actors whose contacts were
    70-76% tied. Now the share itself: a of hub's 3 contact pairs, 1 is tied (33%)."""
    why = three_grades.brokers.set_index("id").loc["hub", "why"]
    assert "its contacts are sometimes tied to each other (33.3% of pairs of its contacts are" in why


def test_small_shares_are_not_zero():
    """"On 0.0% of shortest paths" was said of actors above 0."""
    assert share(0.0003) == "under 0.1%" and share(0) == "0%" and share(0.9999) == "over 99.9%"


def test_density_comment_follows_the_density():
    """"A low share is normal" was said at 45% density."""
    from netmap.outputs.briefing import _numbers

    dense = analyse(network_from(nx.complete_graph(6)))
    sparse = analyse(network_from(nx.path_graph(40)))
    dense_text = " ".join(text for _, text in _numbers(dense))
    assert "a low share is normal" not in dense_text and "high share" in dense_text
    assert "a low share is normal" in " ".join(text for _, text in _numbers(sparse))


def test_isolates_and_fragments_are_not_called_clustering():
    """Isolates were 266 one-actor communities, and modularity 0.95 from fragmentation was "clear
    clustering"."""
    from netmap.outputs.briefing import _communities_section

    graph = nx.Graph()
    for i in range(12):  # twelve separate pairs, and five isolates
        graph.add_edge(f"p{i}a", f"p{i}b")
    graph.add_nodes_from(f"alone{i}" for i in range(5))
    result = analyse(network_from(graph))
    text = _communities_section(result, None)
    assert "5 actors with no tie to anyone" in text and "on their own" not in text
    assert "falls apart into 12 separate parts" in text and "clustering is clear" not in text


def test_no_gap_when_fewer_than_one_tie_is_expected():
    """A gap was declared between groups where random mixing expects 0.3 ties."""
    mixing = pd.DataFrame({"group_a": ["x", "x"], "group_b": ["y", "z"], "actors_a": [2, 2], "actors_b": [1, 9],
                           "observed": [0, 0], "expected": [0.3, 4.0], "ratio": [0.0, 0.0]})
    gaps = group_gaps(mixing, "sector")
    assert list(gaps["group_b"]) == ["z", "y"]  # the real gap first
    assert gaps.loc[1, "why"].endswith("too few ties expected to call it a gap")
    assert gaps.loc[0, "why"].endswith("a gap")


def test_the_link_model_counts_the_untied_pairs_it_had():
    """"As many untied pairs" was said when only a few untied pairs existed."""
    graph = nx.complete_graph(12)
    graph.remove_edges_from(list(graph.edges)[::8][:8])
    result = analyse(network_from(graph), seed=1)
    untied = 66 - graph.number_of_edges()
    assert "as many random untied pairs" not in result.link_model.message
    assert f"against {untied} random untied pairs" in result.link_model.message


def test_codes_are_not_offered_as_capacity():
    """`sex`, `dept` and the grouping column itself were offered as resources."""
    actors = pd.DataFrame({"id": list("abcd"), "name": list("abcd"), "sex": [1, 2, 1, 2], "dept": [1, 2, 3, 1],
                           "level": [0, 1, 2, 1], "seats": [10, 40, 0, 25], "volunteers": [1, 2, 3, 2],
                           "cohort": ["1", "2", "1", "2"]})
    assert numeric_columns(actors, exclude=("volunteers",)) == ["seats"]


def test_a_central_actor_is_not_an_under_used_asset():
    """With a capacity, the best-connected actor was listed as under-used."""
    metrics = pd.DataFrame({"id": ["centre", "edge", "middle"], "name": ["Centre", "Edge", "Middle"],
                            "degree": [10, 1, 4], "core_number": [3, 1, 2], "harmonic": [9.0, 1.0, 5.0],
                            "budget": [1000, 10, 50]})
    table = under_used_assets(metrics, capacity_column="budget")
    assert "centre" not in set(table["id"]) and "edge" in set(table["id"])


def test_column_names_read_as_words():
    """"links 3 of 3 office_names" and "links 11 with 7" (communities by number)."""
    assert readable("office_name") == "office name" and group_plural(group_noun("office_name")) == "office names"
    graph = nx.barbell_graph(6, 0)
    graph = nx.relabel_nodes(graph, {v: f"n{v}" for v in graph})
    result = analyse(network_from(graph, office_name={f"n{v}": str(v // 6 + 1) for v in range(12)}),
                     group_by="office_name")
    reasons = " ".join(result.brokers["why"].dropna())
    assert "office_name" not in reasons
    linking = [w for w in result.introductions["why"] if "links " in w and " with " in w]
    assert all("office name 1" in w or "office name 2" in w for w in linking)
    assert np.all(result.brokers["why"].str.contains("office names") | ~result.brokers["candidate"])
