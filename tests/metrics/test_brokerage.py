"""Gould-Fernandez brokerage against R sna's published values and a brute-force count."""
from __future__ import annotations

import itertools

import networkx as nx
import numpy as np
import pytest

from netmap.metrics import engine
from netmap.metrics.brokerage import ROLES, gould_fernandez
from netmap.metrics.engine import index_graph
from tests.metrics.graphs import florentine_with_pucci, karate

FLORENTINE_GROUPS = {
    **dict.fromkeys(["Acciaiuoli", "Medici", "Ridolfi", "Tornabuoni", "Salviati", "Pazzi", "Pucci"], 0),
    **dict.fromkeys(["Castellani", "Peruzzi", "Strozzi", "Barbadori", "Bischeri"], 1),
    **dict.fromkeys(["Albizzi", "Guadagni", "Ginori", "Lamberteschi"], 2),
}


def roles_of(ix, gf, node):
    columns = gf.as_columns()
    return [int(columns[f"gf_{r}"][ix.index[node]]) for r in ROLES] + [int(columns["gf_total"][ix.index[node]])]


def test_florentine_matches_r_sna():
    """Expected values: sna::brokerage (R sna 2.7-1), as recorded in METRICS.md."""
    g = florentine_with_pucci()
    ix = index_graph(g)
    gf = gould_fernandez(ix, [FLORENTINE_GROUPS[v] for v in ix.nodes])
    assert roles_of(ix, gf, "Medici") == [10, 0, 8, 8, 2, 28]
    assert roles_of(ix, gf, "Guadagni") == [2, 0, 4, 4, 2, 12]
    assert roles_of(ix, gf, "Pucci") == [0, 0, 0, 0, 0, 0]


def test_karate_matches_r_sna():
    """Expected values: sna::brokerage (R sna 2.7-1) grouped by club, METRICS.md."""
    g = karate()
    ix = index_graph(g)
    gf = gould_fernandez(ix, [0 if g.nodes[v]["club"] == "Mr. Hi" else 1 for v in ix.nodes])
    assert roles_of(ix, gf, "0") == [174, 0, 15, 15, 0, 204]
    assert roles_of(ix, gf, "33") == [156, 6, 40, 40, 0, 242]


def brute_force(g, groups):
    """The definition, literally: every ordered pair (a, b) around each broker v."""
    counts = {v: dict.fromkeys(ROLES, 0) for v in g}
    arcs = set(g.edges) | ({(b, a) for a, b in g.edges} if not g.is_directed() else set())
    succ = {v: {b for a, b in arcs if a == v} for v in g}
    pred = {v: {a for a, b in arcs if b == v} for v in g}
    for v in g:
        for a, b in itertools.product(pred[v], succ[v]):
            if a == b or (a, b) in arcs:
                continue
            ga, gv, gb = groups[a], groups[v], groups[b]
            if ga == gv == gb:
                role = "coordinator"
            elif ga == gb:
                role = "itinerant"
            elif ga == gv:
                role = "representative"
            elif gb == gv:
                role = "gatekeeper"
            else:
                role = "liaison"
            counts[v][role] += 1
    return counts


@pytest.mark.parametrize("directed", [True, False])
@pytest.mark.parametrize("seed", [1, 2, 3])
@pytest.mark.parametrize("block", [engine.PRODUCT_BLOCK, 5])  # 5: closed triples a few arcs at a time
def test_random_networks_match_the_definition(directed, seed, block, monkeypatch):
    monkeypatch.setattr(engine, "PRODUCT_BLOCK", block)
    g = nx.relabel_nodes(nx.gnp_random_graph(45, 0.12, seed=seed, directed=directed), str)
    rng = np.random.default_rng(seed)
    groups = {v: int(rng.integers(0, 4)) for v in g}
    ix = index_graph(g)
    gf = gould_fernandez(ix, [groups[v] for v in ix.nodes])
    expected = brute_force(g, groups)
    for role in ROLES:
        got = getattr(gf, role)
        assert [int(got[ix.index[v]]) for v in g] == [expected[v][role] for v in g], role


def test_undirected_representative_equals_gatekeeper():
    g = nx.relabel_nodes(nx.gnm_random_graph(60, 150, seed=9), str)
    ix = index_graph(g)
    gf = gould_fernandez(ix, np.arange(60) % 3)
    np.testing.assert_array_equal(gf.representative, gf.gatekeeper)


def test_one_group_is_all_coordination():
    g = karate()
    ix = index_graph(g)
    gf = gould_fernandez(ix, np.zeros(ix.n, dtype=int))
    np.testing.assert_array_equal(gf.total, gf.coordinator)
