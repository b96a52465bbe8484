"""E-I index and mixing matrix, hand-computed."""
from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pytest

from netmap.metrics import groups
from netmap.metrics.engine import index_graph

# a - b - c - d plus a - c; groups X = {a, b}, Y = {c, d}
G = nx.Graph([("a", "b"), ("b", "c"), ("c", "d"), ("a", "c")])
G.add_node("e")
CODES = {"a": 0, "b": 0, "c": 1, "d": 1, "e": 1}


def setup():
    ix = index_graph(G)
    return ix, np.array([CODES[v] for v in ix.nodes])


def test_actor_ei_by_hand():
    ix, codes = setup()
    ei = dict(zip(ix.nodes, groups.ei_actor(ix, codes)))
    # a: ties b (I), c (E) -> 0; b: a (I), c (E) -> 0; c: b, a (E), d (I) -> 1/3; d: -1
    assert ei["a"] == 0 and ei["b"] == 0 and ei["c"] == pytest.approx(1 / 3) and ei["d"] == -1
    assert math.isnan(ei["e"])


def test_network_and_group_ei_by_hand():
    ix, codes = setup()
    # 2 external ties (b-c, a-c), 2 internal (a-b, c-d)
    assert groups.ei_network(ix, codes) == 0
    # per group: X has 2 ties leaving it and 1 inside -> (2 - 1)/3; Y likewise
    assert groups.ei_by_group(ix, codes, ["X", "Y"]) == pytest.approx({"X": 1 / 3, "Y": 1 / 3})
    assert groups.ei_network(ix, np.zeros(ix.n, dtype=int)) == -1  # all ties in one group


def test_mixing_by_hand():
    ix, codes = setup()
    table = groups.mixing(ix, codes, ["X", "Y"]).set_index(["group_a", "group_b"])
    # n = 5, m = 4, 10 possible pairs; X-X 1 pair, X-Y 6, Y-Y 3
    assert table.loc[("X", "X"), "observed"] == 1 and table.loc[("X", "X"), "expected"] == pytest.approx(0.4)
    assert table.loc[("X", "Y"), "observed"] == 2 and table.loc[("X", "Y"), "expected"] == pytest.approx(2.4)
    assert table.loc[("Y", "Y"), "observed"] == 1 and table.loc[("Y", "Y"), "expected"] == pytest.approx(1.2)
    assert table["observed"].sum() == 4 and table["expected"].sum() == pytest.approx(4)


def test_directed_mixing_counts_ordered_pairs():
    g = nx.DiGraph([("a", "c"), ("c", "a"), ("b", "a")])
    ix = index_graph(g)
    codes = np.array([{"a": 0, "b": 0, "c": 1}[v] for v in ix.nodes])
    table = groups.mixing(ix, codes, ["X", "Y"]).set_index(["group_a", "group_b"])
    assert table.loc[("X", "Y"), "observed"] == 1 and table.loc[("Y", "X"), "observed"] == 1
    assert table.loc[("X", "X"), "observed"] == 1
    assert table["expected"].sum() == pytest.approx(3)


@pytest.mark.parametrize("directed", [False, True])
def test_many_groups_list_only_pairs_with_ties_or_one_expected(directed, monkeypatch):
    """Above DENSE_GROUPS groups (thousands of one-actor communities when most actors have no
    tie, issue 21) the table holds the pairs with a tie or at least one tie expected: the same
    rows, with the same numbers, as the full table's; the gap ratios equal the full matrix's."""
    import numpy as np

    from netmap.insights.gaps import gap_ratio_matrix

    graph = nx.gnm_random_graph(400, 600, seed=1, directed=directed)
    ix = index_graph(nx.relabel_nodes(graph, {v: f"a{v}" for v in graph}))
    rng = np.random.default_rng(2)
    codes = rng.integers(0, 250, size=ix.n)
    names = [f"g{i}" for i in range(250)]
    monkeypatch.setattr(groups, "DENSE_GROUPS", 10**6)
    full = groups.mixing(ix, codes, names).set_index(["group_a", "group_b"])
    monkeypatch.undo()
    sparse = groups.mixing(ix, codes, names).set_index(["group_a", "group_b"])
    kept = full[(full["observed"] > 0) | (full["expected"] >= 1)]
    assert len(sparse) < len(full) / 40 and set(sparse.index) == set(kept.index)
    assert np.allclose(kept.loc[sparse.index, ["observed", "expected"]], sparse[["observed", "expected"]])
    a, b = rng.integers(0, 250, 2000), rng.integers(0, 250, 2000)
    dense, lookup = gap_ratio_matrix(full.reset_index(), names)[a, b], groups.GapRatios(ix, codes, 250)[a, b]
    assert np.allclose(np.nan_to_num(dense, nan=-1), np.nan_to_num(lookup, nan=-1))


def test_one_space_of_3000_people_stays_small():
    """Issue 21: one space of 3,000 people (no tie: every person a community of one) built 4.5
    million pairs of communities and 2.4 GB in the mixing table."""
    import pandas as pd

    from netmap.analysis import analyse
    from netmap.network import load_network

    people = "person,space\n" + "".join(f"p{i},hall\n" for i in range(3000))
    network, _ = load_network(None, affiliations=("one.csv", people.encode()))
    result = analyse(network)
    assert result.summary["communities"] == 3000 and len(result.mixing) < 10
    assert isinstance(result.group_gaps, pd.DataFrame)


@pytest.mark.parametrize("directed", [False, True])
def test_ei_by_group_matches_its_definition_on_random_groups(directed):
    # issue 26: counted for all groups at once; Krackhardt & Stern's E and I per group, by hand
    g = nx.gnm_random_graph(80, 300, seed=4, directed=directed)
    ix = index_graph(g)
    codes = np.random.default_rng(4).integers(0, 6, size=ix.n)
    names = [f"g{c}" for c in range(7)]  # g6 has no actor: NaN
    found = groups.ei_by_group(ix, codes, names)
    for c, name in enumerate(names):
        ends = [(codes[ix.index[u]] == c, codes[ix.index[v]] == c) for u, v in g.edges()]
        e, i = sum(a != b for a, b in ends), sum(a and b for a, b in ends)
        if e + i:
            assert found[name] == pytest.approx((e - i) / (e + i))
        else:
            assert np.isnan(found[name])
