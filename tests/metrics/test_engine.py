"""index_tables (whole-column since issue 26) gives what index_graph makes of the networkx
graph built from the same tables: node order, edge order, ends and weights."""
from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from netmap.metrics import engine
from netmap.metrics.engine import index_graph, index_tables


def networkx_twin(nodes, sources, targets, weights, directed):
    g = nx.DiGraph() if directed else nx.Graph()
    g.add_nodes_from(nodes)
    for u, v, w in zip(sources, targets, weights):
        if w is None or (isinstance(w, float) and math.isnan(w)):
            if not g.has_edge(u, v):
                g.add_edge(u, v)
        else:
            g.add_edge(u, v, weight=float(w))
    return g


def same(a, b) -> None:
    assert a.nodes == b.nodes and a.index == b.index
    assert a.sources.tolist() == b.sources.tolist() and a.targets.tolist() == b.targets.tolist()
    assert a.weights.tolist() == b.weights.tolist()
    assert a.igraph.get_edgelist() == b.igraph.get_edgelist()


ids = st.sampled_from([f"a{i}" for i in range(12)])
weights = st.one_of(st.none(), st.just(float("nan")), st.integers(1, 5).map(float))


@settings(max_examples=150, deadline=None)
@given(nodes=st.lists(ids, max_size=6), ties=st.lists(st.tuples(ids, ids, weights), max_size=40),
       directed=st.booleans())
def test_index_tables_orders_nodes_and_ties_as_networkx(nodes, ties, directed):
    sources, targets, w = ([t[i] for t in ties] for i in range(3))
    same(index_tables(nodes, sources, targets, w, directed),
         index_graph(networkx_twin(nodes, sources, targets, w, directed)))


@pytest.mark.parametrize("directed", [False, True])
def test_index_tables_on_a_large_random_table(directed):
    rng = np.random.default_rng(3)
    names = np.array([f"n{i}" for i in range(3_000)], dtype=object)
    sources, targets = names[rng.integers(0, 3_000, 20_000)], names[rng.integers(0, 3_000, 20_000)]
    w = rng.integers(1, 6, 20_000).astype(float)
    w[rng.random(20_000) < 0.1] = np.nan
    nodes = names[rng.permutation(3_000)[:1_000]]
    same(index_tables(nodes, sources, targets, w, directed),
         index_graph(networkx_twin(nodes, sources, targets, w, directed)))


@pytest.mark.parametrize("block", [None, 1, 7, 50])
def test_masked_product_equals_the_whole_product_kept_on_the_mask(block):
    # issue 26: made a block of rows at a time; scipy's whole product, masked, is the reference
    rng = np.random.default_rng(int(block or 0))
    x = sp.random(40, 30, density=0.15, random_state=rng, format="csr")
    y = sp.random(30, 40, density=0.15, random_state=rng, format="csr")
    mask = sp.random(40, 40, density=0.2, random_state=rng, format="csr")
    got = engine.masked_product(x, y, mask, block)
    want = (x @ y).multiply(mask != 0)
    np.testing.assert_allclose(got.toarray(), want.toarray())
    blocks = engine.row_blocks(x, y, block)
    assert blocks[0][0] == 0 and blocks[-1][1] == 40 and all(a[1] == b[0] for a, b in zip(blocks, blocks[1:]))
