"""Circles of trust (netmap.insights.circles): maximal cliques of the strong-tie network whose
members come from three or more groups. Expected cliques come from networkx's find_cliques
(Bron–Kerbosch, written by the networkx developers), not from our own code."""
from __future__ import annotations

import importlib.util
import itertools
from pathlib import Path

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from netmap.analysis import analyse
from netmap.network import read_network
from tests.conftest import SAMPLES
from tests.test_analysis import network_from

#: Published networks, read where they are and never copied into the repository.
REALDATA = Path("/work/shared/realdata")

SECTORS = {"diy": "private", "bank": "private", "council": "public", "gp": "public", "church": "voluntary",
           "shed": "voluntary", "ra": "community", "school": "public"}


def planted() -> nx.Graph:
    """A circle of four (two private, one public, one voluntary) tied at strength 5 inside a map
    whose other ties are weak (1 or 2)."""
    graph = nx.Graph()
    circle = ["diy", "council", "church", "bank"]
    graph.add_edges_from(itertools.combinations(circle, 2), weight=5.0)
    graph.add_edges_from([("gp", "ra"), ("ra", "school"), ("school", "gp"), ("shed", "diy"), ("gp", "council")],
                         weight=1.0)
    graph.add_edges_from([("ra", "church"), ("shed", "bank")], weight=2.0)
    return graph


def test_a_planted_circle_is_found_whole():
    result = analyse(network_from(planted(), sector=SECTORS), group_by="sector")
    table = result.circles.table
    assert len(table) == 1
    circle = table.iloc[0]
    assert sorted(circle["members"].split("; ")) == ["bank", "church", "council", "diy"]
    assert circle["groups_joined"] == 3 and circle["mean_strength"] == 5.0
    assert "4 actors from 3 sectors" in circle["why"] and "joint venture" in circle["why"]
    # the weak triangle gp–ra–school spans public and community only, and is weak: not a circle
    assert result.circles.threshold == 2.0 and "1 circle of trust" in result.circles.note


def test_a_map_without_circles_says_so():
    graph = nx.Graph()
    graph.add_edges_from(itertools.combinations(["gp", "council", "school"], 2), weight=4.0)  # one sector
    graph.add_edges_from([("school", "ra"), ("ra", "church"), ("church", "diy")], weight=4.0)  # a path
    result = analyse(network_from(graph, sector=SECTORS), group_by="sector")
    assert result.circles.table.empty
    assert result.circles.note.startswith("no circles of trust: no 3 actors from 3 different sectors")


@pytest.mark.parametrize("column, one, many", [("Groups", "group", "groups"), ("Sector", "sector", "sectors")])
def test_a_group_column_typed_as_a_title_or_plural_reads_as_a_noun_mid_sentence(column, one, many):
    """A header written "Groups" or "Sector" is one group, in lower case, inside a sentence: the
    circles' note and reasons and the footprint's sentences said "3 or more Groups", "a small
    cross-Groups group", "2 of the 3 other Sectors"."""
    from netmap.insights.footprint import footprint

    result = analyse(network_from(planted(), **{column: SECTORS}), group_by=column)
    assert f"from 3 or more {many}, each strongly tied" in result.circles.note
    why = result.circles.table["why"].iloc[0]
    assert why.startswith(f"4 actors from 3 {many} (") and f"a small cross-{one} group" in why
    where = " ".join(footprint(result, "diy").where)
    assert f"Its contacts are in 2 of the 3 other {many} (" in where and f"4 actors from 3 {many}, each" in where
    from netmap.outputs.briefing import briefing_html

    assert f"Small groups of actors from different {many}, each strongly tied" in briefing_html(result)
    said = f"{result.circles.note} {why} {where}"
    assert column not in said  # neither the capital nor the header's own plural mid-sentence


def _networkx_circles(graph: nx.Graph, groups: dict, threshold: float) -> list[frozenset]:
    strong = nx.Graph([(u, v) for u, v, w in graph.edges(data="weight") if w >= threshold])
    return [frozenset(c) for c in nx.find_cliques(strong)
            if len(c) >= 3 and len({groups[n] for n in c}) >= 3]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_circles_are_networkx_cliques(seed):
    """Every circle listed is a maximal clique of the strong ties by networkx, and every such
    clique not listed overlaps a listed one by more than half (it is the same circle)."""
    rng = np.random.default_rng(seed)
    graph = nx.gnp_random_graph(40, 0.25, seed=seed)
    for u, v in graph.edges:
        graph[u][v]["weight"] = float(rng.integers(1, 6))
    graph = nx.relabel_nodes(graph, {v: f"a{v}" for v in graph})
    groups = {n: "gpvc"[i % 4] for i, n in enumerate(sorted(graph))}
    result = analyse(network_from(graph, group=groups), group_by="group")
    expected = _networkx_circles(graph, groups, result.circles.threshold)
    listed = [frozenset(m.split("; ")) for m in result.circles.table["members"]]
    assert listed and set(listed) <= set(expected)
    for clique in expected:
        assert clique in listed or any(len(clique & other) * 2 > len(clique) for other in listed)


def test_zacharys_karate_club_against_networkx():
    """A published network (Zachary 1977, bundled, ties weighted by the contexts of interaction):
    groups are the detected communities, which keep every strong clique inside one or two of them;
    networkx finds no clique spanning three, and netmap says there is no circle."""
    result = analyse(SAMPLES / "karate" / "ties.csv", SAMPLES / "karate" / "actors.csv", seed=1)
    graph = nx.Graph()
    for source, target, weight in result.network.ties[["source", "target", "weight"]].itertuples(index=False):
        graph.add_edge(source, target, weight=weight)
    groups = dict(zip(result.actors["id"], result.actors["community"]))
    threshold = float(np.median([w for *_, w in graph.edges(data="weight")]))
    assert result.circles.threshold == threshold
    expected = _networkx_circles(graph, groups, threshold)
    listed = [frozenset(result.actors.set_index("name").loc[m.split("; "), "id"]) for m in
              result.circles.table["members"]]
    assert set(listed) == set(expected) == set()
    assert result.circles.note.startswith("no circles of trust: no 3 actors from 3 different communities")


def _millbrook_generator():
    spec = importlib.util.spec_from_file_location("generate_millbrook", SAMPLES / "generate_millbrook.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_millbrooks_planted_circle_is_recovered_exactly():
    """The circle planted in Millbrook (generate_millbrook.CIRCLE_TIES: Eastfield's play-area
    partnership) is found whole and first, with no one added; every circle listed is a maximal
    clique of networkx's strong-tie graph; and the spaces its members share are counted from
    affiliations.csv."""
    folder = SAMPLES / "millbrook"
    planted = {a for pair in _millbrook_generator().CIRCLE_TIES for a in pair[:2]}
    network = read_network(folder / "ties.csv", folder / "actors.csv", affiliations=folder / "affiliations.csv",
                           spaces=folder / "spaces.csv")
    result = analyse(network, group_by="sector")
    circles = result.circles
    assert set(circles.member_ids[0]) == planted
    first = circles.table.iloc[0]
    sectors = pd.read_csv(folder / "actors.csv").set_index("id").loc[sorted(planted), "sector"]
    assert first["groups_joined"] == sectors.nunique() == 4 and first["size"] == len(planted)
    assert "4 actors from 4 sectors" in first["why"] and "joint venture" in first["why"]
    # the hub's hall is the one space two or more of them use; the residents' association does not
    uses = pd.read_csv(folder / "affiliations.csv")
    at_hub = uses[(uses["space"] == "space-hub") & uses["actor"].isin(planted)]["actor"].nunique()
    assert at_hub == 3 and first["why"].endswith("already meeting: 3 of the 4 at Millbrook Community Hub café "
                                                 "and hall")
    graph = nx.Graph()
    for source, target, weight in network.ties[["source", "target", "weight"]].itertuples(index=False):
        graph.add_edge(source, target, weight=weight)
    groups = dict(zip(result.actors["id"], result.actors["sector"]))
    expected = _networkx_circles(graph, groups, circles.threshold)
    assert frozenset(planted) in expected
    assert {frozenset(m) for m in circles.member_ids} <= set(expected)


def test_a_published_network_against_networkx():
    """The UK faculty friendships (Nepusz et al. 2008; directed, weighted, four schools), read from
    the shared folder when it is there: every circle listed is a maximal clique of the strong ties
    by networkx (a pair is strong when either names the other at the median strength or more), and
    every such clique not listed is the same circle as one that is."""
    folder = REALDATA / "ukfaculty"
    if not (folder / "ties.csv").exists():
        pytest.skip("the published networks are not on this computer (/work/shared/realdata)")
    result = analyse(folder / "ties.csv", folder / "actors.csv", directed=True, group_by="Group")
    ties = pd.read_csv(folder / "ties.csv")
    threshold = float(np.median(ties["weight"]))
    assert result.circles.threshold == threshold
    graph = nx.Graph()
    for source, target, weight in ties[["source", "target", "weight"]].itertuples(index=False):
        if weight >= threshold:
            graph.add_edge(str(source), str(target), weight=weight)
    groups = dict(zip(pd.read_csv(folder / "actors.csv")["id"].astype(str),
                      pd.read_csv(folder / "actors.csv")["Group"]))
    expected = _networkx_circles(graph, groups, threshold)
    listed = [frozenset(m) for m in result.circles.member_ids]
    assert listed and len(listed) == len(result.circles.table) and set(listed) <= set(expected)
    for clique in expected:
        assert clique in listed or any(len(clique & other) * 2 > len(clique) for other in listed)
    assert list(result.circles.table["groups_joined"]) == [len({groups[a] for a in m}) for m in listed]


def test_directed_ties_count_either_way():
    graph = nx.DiGraph([("diy", "council"), ("council", "church"), ("church", "diy")])
    for u, v in graph.edges:
        graph[u][v]["weight"] = 3.0
    result = analyse(network_from(graph, sector=SECTORS), group_by="sector")
    assert len(result.circles.table) == 1


def test_circles_are_pseudonymised_in_every_file(tmp_path):
    from netmap.outputs.folder import write_analysis

    result = analyse(network_from(planted(), sector=SECTORS), group_by="sector")
    write_analysis(result, tmp_path / "out", key="a key")
    text = (tmp_path / "out" / "circles.csv").read_text(encoding="utf-8")
    assert "circle" in text and not any(name in text for name in ("diy", "council", "church", "bank"))
