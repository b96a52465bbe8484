"""Bit-parallel searches from many sources (netmap.metrics.searches) against igraph's own
breadth-first searches, one per source: the same sums of hop distances, of their inverses and
the same counts of sources reaching each node."""
from __future__ import annotations

import igraph as ig
import numpy as np
import pytest
import scipy.sparse as sp
from scipy.sparse import csgraph

from netmap.metrics.searches import WORD, bit_slots, source_sums


def _expected(graph: ig.Graph, sources: np.ndarray, directed: bool):
    """igraph's distances from each source (following arcs outwards when directed), the
    source itself left out."""
    d = np.array(graph.distances(source=sources.tolist(), mode="out" if directed else "all"), dtype=float)
    d[np.arange(len(sources)), sources] = np.inf
    finite = np.isfinite(d)
    inverse = np.divide(1.0, d, out=np.zeros_like(d), where=finite)
    return np.where(finite, d, 0.0).sum(axis=0), inverse.sum(axis=0), finite.sum(axis=0)


@pytest.mark.parametrize("directed", [False, True])
@pytest.mark.parametrize("block", [None, 3_000])  # one pass, or one word of sources per pass
def test_sums_equal_igraphs_searches_one_per_source(directed, block):
    rng = np.random.default_rng(7)
    edges = rng.integers(0, 1_500, size=(1_700, 2))  # sparse: many components
    edges = edges[edges[:, 0] != edges[:, 1]]
    graph = ig.Graph(n=1_500, edges=edges.tolist(), directed=directed)
    a = sp.csr_matrix((np.ones(len(edges)), (edges[:, 0], edges[:, 1])), shape=(1_500, 1_500))
    _, labels = csgraph.connected_components(a, directed=True, connection="weak")
    sources = np.sort(np.random.default_rng(1).choice(1_500, size=300, replace=False))  # 5 words
    found = source_sums(a, sources, labels, directed, block=block)
    distances, inverse, reached = _expected(graph, sources, directed)
    assert np.array_equal(found.distances, distances)
    assert np.array_equal(found.reached, reached)
    np.testing.assert_allclose(found.inverse_distances, inverse, rtol=1e-12)


def test_sources_of_different_components_share_bits_and_never_meet():
    # two paths of 70 nodes, every node a source: 70 bits each, so the second word is shared
    graph = ig.Graph(n=140, edges=[(i, i + 1) for i in range(69)] + [(i, i + 1) for i in range(70, 139)])
    edges = np.array(graph.get_edgelist())
    a = sp.csr_matrix((np.ones(len(edges)), (edges[:, 0], edges[:, 1])), shape=(140, 140))
    labels = np.r_[np.zeros(70, dtype=int), np.ones(70, dtype=int)]
    sources = np.arange(140)
    slots = bit_slots(labels, sources)
    assert slots.max() == 69 and slots.max() // WORD == 1  # 70 bits, not 140
    found = source_sums(a, sources, labels)
    distances, inverse, reached = _expected(graph, sources, False)
    assert np.array_equal(found.distances, distances) and np.array_equal(found.reached, reached)
    assert (found.reached == 69).all()  # each node reached by the 69 others of its own path only
    np.testing.assert_allclose(found.inverse_distances, inverse, rtol=1e-12)


def test_no_sources_or_no_nodes():
    a = sp.csr_matrix((3, 3))
    found = source_sums(a, np.zeros(0, dtype=int), np.arange(3))
    assert not found.distances.any() and not found.reached.any()
    assert len(source_sums(sp.csr_matrix((0, 0)), np.zeros(0, dtype=int), np.zeros(0, dtype=int)).distances) == 0
