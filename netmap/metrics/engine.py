"""Conversions from the tables and the networkx data model to the fast engines (igraph, scipy.sparse)."""
from __future__ import annotations

import contextlib
import itertools
import random
import threading
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

import igraph as ig
import numpy as np
import pandas as pd
import scipy.sparse as sp

if TYPE_CHECKING:
    from collections.abc import Iterable

    import networkx as nx

__all__ = ["Indexed", "index_graph", "index_tables", "masked_product", "ranges_of_work", "row_blocks", "searches_within",
           "seeded_igraph", "tie_lengths"]

#: Entries of an intermediate sparse product computed at once by :func:`masked_product` and
#: the row blocks of :func:`row_blocks` (about 12 bytes each).
PRODUCT_BLOCK = 8_000_000

_RNG_LOCK = threading.Lock()


@dataclass(frozen=True)
class Indexed:
    """A graph as arrays: node order, arc list, and the matching igraph graph.

    ``sources``/``targets`` hold every edge once (an undirected tie once); ``weights`` are
    strengths. ``igraph`` has the edges in the same order with attributes ``weight`` and
    ``length`` (= strongest weight / weight, see :func:`tie_lengths`; every shortest-path
    routine reads weights as lengths).
    """

    nodes: list
    index: dict
    sources: np.ndarray
    targets: np.ndarray
    weights: np.ndarray
    directed: bool
    igraph: ig.Graph

    @property
    def n(self) -> int:
        return len(self.nodes)

    def adjacency(self, weighted: bool = False) -> sp.csr_matrix:
        """Arc matrix A[i, j] (both directions for an undirected tie)."""
        data = self.weights if weighted else np.ones(len(self.sources))
        rows, cols = self.sources, self.targets
        if not self.directed:
            rows, cols, data = np.r_[rows, cols], np.r_[cols, rows], np.r_[data, data]
        return sp.csr_matrix((data, (rows, cols)), shape=(self.n, self.n))

    def symmetric(self, weighted: bool = False) -> sp.csr_matrix:
        """The undirected view: a tie where either arc exists; weight = sum of the arcs' weights."""
        a = self.adjacency(weighted)
        if not self.directed:
            return a
        s = (a + a.T).tocsr()
        if not weighted:
            s.data[:] = 1.0
        return s

    def undirected_igraph(self) -> ig.Graph:
        """Simple undirected igraph graph (reciprocal arcs collapsed); built once per index,
        since clustering, cores, cut points, communities and the summary all use it. Do not
        mutate it."""
        return self._undirected

    @cached_property
    def _undirected(self) -> ig.Graph:
        if not self.directed:
            return self.igraph
        g = self.igraph.as_undirected(mode="collapse", combine_edges={"weight": "sum"})
        g.es["length"] = tie_lengths(np.asarray(g.es["weight"], dtype=float)).tolist() if g.ecount() else []
        return g


def tie_lengths(weights: np.ndarray) -> np.ndarray:
    """Length of each tie for weighted paths: w_max / w (weights are strengths).

    The strongest tie in the network is one step long and a tie half as strong two steps;
    this is the inverse-weight length 1/w of Brandes (2001) and Opsahl et al. (2010)
    rescaled by the largest weight. Why rescale: with 1/w, ties stronger than 1 are shorter
    than one step, so closeness and harmonic closeness exceed 1 (32 on the hospital contact
    data, where a weight counts 20-second contacts) and depend on the unit of the weights.
    With w_max / w every distance is at least one step, so both stay in 0–1, equal the
    unweighted values when all weights are equal, and do not change when every weight is
    multiplied by the same number. Betweenness is unchanged (scaling every length by the same
    constant does not change which paths are shortest).
    """
    if not len(weights):
        return weights.astype(float)
    return weights.max() / weights


def searches_within(work: int, ties: int, most: int, least: int) -> int:
    """How many breadth-first searches of a network of ``ties`` ties fit in ``work`` ties
    visited: ``most``, fewer on a network so large that ``most`` would visit more, but never
    fewer than ``least`` (nor more than ``most``)."""
    return int(min(most, max(least, work // max(ties, 1))))


def ranges_of_work(work: np.ndarray, block: int | None = None) -> list[tuple[int, int]]:
    """Consecutive ranges [lo, hi) of items whose ``work`` adds up to at most about ``block``
    (one item alone when it has more), covering every item in order."""
    block = PRODUCT_BLOCK if block is None else block
    if not len(work):
        return []
    reach = np.cumsum(work)
    cuts = np.unique(np.clip(np.searchsorted(reach, np.arange(block, reach[-1], block), side="right"), 1, len(work)))
    edges = np.r_[0, cuts[cuts < len(work)], len(work)]
    return [(int(lo), int(hi)) for lo, hi in itertools.pairwise(edges)]


def row_blocks(x: sp.csr_matrix, y: sp.csr_matrix, block: int | None = None) -> list[tuple[int, int]]:
    """Row ranges [lo, hi) of ``x`` whose product ``x[lo:hi] @ y`` has at most about ``block``
    entries before adding up (Σ over x's entries (i, k) of y's row k's entries), so that a
    product of a network with itself is made a block at a time instead of all at once:
    gigabytes on a register's co-presence network (issue 26)."""
    work = np.bincount(np.repeat(np.arange(x.shape[0]), np.diff(x.indptr)), weights=np.diff(y.indptr)[x.indices],
                       minlength=x.shape[0])
    return ranges_of_work(work, block)


def masked_product(x: sp.csr_matrix, y: sp.csr_matrix, mask: sp.csr_matrix, block: int | None = None
                   ) -> sp.csr_matrix:
    """``(x @ y)`` kept only where ``mask`` has an entry, made a block of rows at a time
    (:func:`row_blocks`): the full product of a network with itself holds every pair two steps
    apart, the masked one only the ties."""
    x, y, mask = x.tocsr(), y.tocsr(), (mask != 0).tocsr()
    parts = [(x[lo:hi] @ y).multiply(mask[lo:hi]).tocsr() for lo, hi in row_blocks(x, y, block)]
    return sp.vstack(parts, format="csr") if parts else sp.csr_matrix(x.shape[:1] + y.shape[1:])


def index_graph(graph: nx.Graph) -> Indexed:
    """Index ``graph``'s nodes 0..n-1 (in graph order) and build the igraph twin."""
    nodes = list(graph.nodes)
    index = {node: i for i, node in enumerate(nodes)}
    m = graph.number_of_edges()
    sources = np.fromiter((index[u] for u, _ in graph.edges()), dtype=np.int64, count=m)
    targets = np.fromiter((index[v] for _, v in graph.edges()), dtype=np.int64, count=m)
    weights = np.fromiter((d.get("weight", 1.0) for _, _, d in graph.edges(data=True)), dtype=float, count=m)
    return _indexed(nodes, index, sources, targets, weights, graph.is_directed())


def index_tables(node_ids: Iterable, sources: Iterable, targets: Iterable, weights: Iterable,
                 directed: bool) -> Indexed:
    """The :class:`Indexed` that :func:`index_graph` makes of the networkx graph built from
    these tables (nodes ``node_ids`` then any new tie end, in order; ``add_edge`` per tie),
    without building it: the command line's analysis then never imports networkx, a tenth of
    a second of a 2,000-actor run.

    Node and edge order are networkx's, so that seeded results (communities, layouts) do not
    depend on the path taken: nodes in insertion order; edges node by node, each node's
    neighbours in the order they were first tied, an undirected tie once (from the node
    added first). A repeated tie keeps its place and takes the last weight given; a missing
    weight (None or NaN) counts as 1, as ``d.get("weight", 1.0)`` does on a graph whose
    blank attributes were left out.
    """
    nodes = pd.unique(_objects(node_ids))
    sources, targets = _objects(sources), _objects(targets)
    ends = np.empty(2 * len(sources), dtype=object)
    ends[0::2], ends[1::2] = sources, targets
    codes, ids = pd.factorize(np.concatenate([nodes, ends]))  # nodes first, then new ends as met
    i, j = codes[len(nodes)::2].astype(np.int64), codes[len(nodes) + 1::2].astype(np.int64)
    lo, hi = (i, j) if directed else (np.minimum(i, j), np.maximum(i, j))
    tie, _ = pd.factorize(lo * max(len(ids), 1) + hi)
    m = int(tie.max()) + 1 if len(tie) else 0
    first = np.full(m, len(tie), dtype=np.int64)
    np.minimum.at(first, tie, np.arange(len(tie)))
    # a repeated tie keeps its first place and takes the last weight given
    w = np.asarray(weights if hasattr(weights, "__len__") else list(weights), dtype=float)
    given = np.flatnonzero(~np.isnan(w))
    last = np.full(m, -1, dtype=np.int64)
    np.maximum.at(last, tie[given], given)
    weight = np.where(last >= 0, w[np.maximum(last, 0)] if len(w) else 1.0, 1.0)
    # networkx's order: node by node, each node's ties in the order they were first met, an
    # undirected tie listed from its end that came first
    order = np.lexsort((first, lo[first]))
    sources_ix, targets_ix, weights_ix = lo[first][order], hi[first][order], weight[order]
    index = dict(zip(ids.tolist(), range(len(ids))))
    return _indexed(ids.tolist(), index, sources_ix, targets_ix, weights_ix, directed)


def _objects(values: Iterable) -> np.ndarray:
    """``values`` as a one-dimensional object array (ids stay the Python objects they are)."""
    values = values if hasattr(values, "__len__") else list(values)
    out = np.empty(len(values), dtype=object)
    out[:] = values.to_numpy(dtype=object) if hasattr(values, "to_numpy") else list(values)
    return out


def _indexed(nodes: list, index: dict, sources: np.ndarray, targets: np.ndarray, weights: np.ndarray,
             directed: bool) -> Indexed:
    g = ig.Graph(n=len(nodes), edges=np.column_stack([sources, targets]).tolist() if len(sources) else [],
                 directed=directed)
    g.es["weight"] = weights.tolist()
    g.es["length"] = tie_lengths(weights).tolist()
    return Indexed(nodes, index, sources, targets, weights, directed, g)


@contextlib.contextmanager
def seeded_igraph(seed: int):
    """Run igraph's randomised algorithms with a private, seeded random generator.

    igraph draws from one process-wide generator; a lock keeps concurrent app sessions from
    interleaving, and the default generator is restored afterwards.
    """
    with _RNG_LOCK:
        ig.set_random_number_generator(random.Random(seed))
        try:
            yield
        finally:
            ig.set_random_number_generator(random)
