"""Breadth-first searches from many sources at once, one bit per source (issue 26).

Closeness, harmonic centrality and the average path length need, for every actor u, the sum
over a set of sources s of d(s, u) (and of 1/d(s, u)); never the distances themselves. One
search per source, each handing back a row as wide as the network, spent most of a
register's two-mode analysis turning igraph's lists into arrays. Here the searches advance
together, level by level: each actor holds one bit per source in words of 64 bits, a level is
one gather and one OR over the ties in numpy, and the bits newly set at level L add L to the
distance sums (Then et al. 2014, "MS-BFS"). Sources in different components never meet, so
they share bit positions: a register's tens of thousands of small boards, searched from every
member, take as many bits as the largest of them has members.

References
----------
Then, M., Kaufmann, M., Chirigati, F., Hoang-Vu, T.-A., Pham, K., Kemper, A., Neumann, T. &
Vo, H. T. (2014). The more the merrier: efficient multi-source graph traversal. Proc. VLDB
Endowment 8(4), 449-460. doi:10.14778/2735496.2735507
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from netmap.metrics.engine import PRODUCT_BLOCK

#: Bits in a word: the sources one word of each actor follows.
WORD = 64


@dataclass(frozen=True)
class SourceSums:
    """Per node u, over the sources s ≠ u that reach u: Σ d(s, u), Σ 1/d(s, u) and their count."""

    distances: np.ndarray
    inverse_distances: np.ndarray
    reached: np.ndarray


def bit_slots(labels: np.ndarray, sources: np.ndarray) -> np.ndarray:
    """Each source's bit: its rank among the sources of its own component (``labels``), so
    that sources of different components share bits and no two of one component do."""
    own = labels[sources]
    order = np.argsort(own, kind="stable")
    first = np.r_[True, own[order][1:] != own[order][:-1]]
    starts = np.flatnonzero(first)
    rank = np.arange(len(sources)) - np.repeat(starts, np.diff(np.r_[starts, len(sources)]))
    slots = np.empty(len(sources), dtype=np.int64)
    slots[order] = rank
    return slots


def source_sums(a: sp.spmatrix, sources: np.ndarray, labels: np.ndarray, directed: bool = False,
                block: int | None = None) -> SourceSums:
    """Σ_s d(s, u), Σ_s 1/d(s, u) and #{s : d(s, u) < ∞} for every node u, over ``sources``
    (s ≠ u), with d the hop distance along the arcs of ``a`` from s (either way unless
    ``directed``).

    ``labels`` are the weak components of ``a``. A pass follows as many words of sources
    together as keep the gathered words within ``block`` (:data:`~netmap.metrics.engine.PRODUCT_BLOCK`
    by default) entries; each level of a pass costs O(ties × words).
    """
    n = a.shape[0]
    sums = SourceSums(np.zeros(n), np.zeros(n), np.zeros(n))
    sources = np.asarray(sources, dtype=np.int64)
    if n == 0 or len(sources) == 0:
        return sums
    a = sp.csr_matrix(a)
    # u is reached from v when the arc v → u exists: pull along the rows of the transpose
    into = (a.T if directed else a + a.T).tocsr()
    into.sum_duplicates()
    slots = bit_slots(labels, sources)
    words = int(slots.max()) // WORD + 1
    per_pass = max(1, (block or PRODUCT_BLOCK) // max(into.nnz, 1))
    for first in range(0, words, per_pass):
        chosen = (slots // WORD >= first) & (slots // WORD < first + per_pass)
        _search(into, sources[chosen], slots[chosen] - first * WORD, sums)
    return sums


def _search(into: sp.csr_matrix, sources: np.ndarray, slots: np.ndarray, sums: SourceSums) -> None:
    """One pass: advance the searches from ``sources`` (bits ``slots``) level by level, adding
    each level's newly reached sources to ``sums``."""
    n = into.shape[0]
    words = int(slots.max()) // WORD + 1
    frontier = np.zeros((n, words), dtype=np.uint64)
    np.bitwise_or.at(frontier, (sources, slots // WORD), np.left_shift(np.uint64(1), (slots % WORD).astype(np.uint64)))
    seen = frontier.copy()
    rows = np.flatnonzero(np.diff(into.indptr))  # reduceat needs each segment non-empty
    starts = into.indptr[rows]
    level = 0
    while True:
        level += 1
        found = np.zeros_like(frontier)
        found[rows] = np.bitwise_or.reduceat(frontier[into.indices], starts, axis=0)
        found &= ~seen
        counts = np.bitwise_count(found).sum(axis=1, dtype=np.int64)
        if not counts.any():
            return
        seen |= found
        sums.distances[:] += level * counts
        sums.inverse_distances[:] += counts / level
        sums.reached[:] += counts
        frontier = found
