"""Circles of trust (netmap.insights.circles): maximal cliques of the strong-tie network whose
members come from three or more groups. Expected cliques come from networkx's find_cliques
(Bron–Kerbosch, written by the networkx developers), not from our own code."""
from __future__ import annotations

import itertools

import networkx as nx
import numpy as np
import pytest

from netmap.analysis import analyse
from tests.conftest import SAMPLES
from tests.test_analysis import network_from

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
