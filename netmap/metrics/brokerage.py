"""Gould-Fernandez brokerage roles, vectorised (the R ``sna::brokerage`` convention)."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from netmap.metrics.engine import Indexed, ranges_of_work

__all__ = ["GouldFernandez", "gould_fernandez", "ROLES"]

ROLES = ("coordinator", "itinerant", "representative", "gatekeeper", "liaison")


@dataclass(frozen=True)
class GouldFernandez:
    coordinator: np.ndarray
    itinerant: np.ndarray
    representative: np.ndarray
    gatekeeper: np.ndarray
    liaison: np.ndarray

    @property
    def total(self) -> np.ndarray:
        return self.coordinator + self.itinerant + self.representative + self.gatekeeper + self.liaison

    def as_columns(self) -> dict[str, np.ndarray]:
        columns = {f"gf_{role}": getattr(self, role) for role in ROLES}
        columns["gf_total"] = self.total
        return columns


def gould_fernandez(ix: Indexed, groups: np.ndarray) -> GouldFernandez:
    """Count the brokerage roles of every actor (Gould & Fernandez 1989).

    For a broker v, every ordered pair (a, b) with a→v, v→b, a ≠ b and no arc a→b is one
    brokerage; weights are ignored, an arc b→a does not matter, and counts are not divided
    among alternative brokers. By the groups of (a, v, b): coordinator (A, A, A), itinerant
    (A, B, A), representative (A, A, B), gatekeeper (A, B, B), liaison (A, B, C). An
    undirected tie is two arcs, so on undirected data every pair counts twice and
    representative = gatekeeper.

    The open pairs are counted per group from in- and out-neighbour group counts
    (Σ in × out), then the pairs a = b and the closed triples a→v→b with a→b are removed;
    the closed triples are enumerated once with sparse row products, so the cost grows
    with Σ in-degree × out-degree, not n³.

    Parameters
    ----------
    groups
        Integer group code per actor (same order as ``ix.nodes``).

    References
    ----------
    Gould, R. V. & Fernandez, R. M. (1989). Structures of mediation: a formal approach to
    brokerage in transaction networks. Sociological Methodology 19, 89-126.
    doi:10.2307/270949
    """
    n = ix.n
    groups = np.asarray(groups, dtype=np.int64)
    a = ix.adjacency().tocsr()
    a.data[:] = 1.0
    if n == 0 or a.nnz == 0:
        zero = np.zeros(n)
        return GouldFernandez(zero, zero.copy(), zero.copy(), zero.copy(), zero.copy())
    k = int(groups.max()) + 1
    onehot = sp.csr_matrix((np.ones(n), (np.arange(n), groups)), shape=(n, k))
    in_by_group = (a.T @ onehot).tocsr()  # [v, g] = in-neighbours of v in group g
    out_by_group = (a @ onehot).tocsr()
    own = (np.arange(n), groups)
    in_own = np.asarray(in_by_group[own]).ravel()
    out_own = np.asarray(out_by_group[own]).ravel()
    in_all = np.asarray(in_by_group.sum(axis=1)).ravel()
    out_all = np.asarray(out_by_group.sum(axis=1)).ravel()
    same_group = np.asarray(in_by_group.multiply(out_by_group).sum(axis=1)).ravel()

    counts = np.zeros((n, 5))
    counts[:, 0] = in_own * out_own
    counts[:, 1] = same_group - in_own * out_own
    counts[:, 2] = in_own * (out_all - out_own)
    counts[:, 3] = (in_all - in_own) * out_own
    counts[:, 4] = (in_all - in_own) * (out_all - out_own) - counts[:, 1]

    # a = b: a is both an in- and an out-neighbour of v (a reciprocated tie).
    mutual = a.multiply(a.T).tocoo()
    v_m, a_m = mutual.row, mutual.col
    role_m = np.where(groups[a_m] == groups[v_m], 0, 1)
    np.add.at(counts, (v_m, role_m), -1)

    # Closed triples a→v→b with a→b: for each arc a→v, the b in out(v) ∩ out(a), a block of
    # arcs at a time: all arcs at once held Σ out-degree(v) entries twice, gigabytes on a
    # register's co-presence network of boards of up to 30 (issue 26)
    arc = a.tocoo()
    a_i, v_i = arc.row, arc.col
    for lo, hi in ranges_of_work(np.diff(a.indptr)[v_i]):  # at most engine.PRODUCT_BLOCK entries each
        closed = a[v_i[lo:hi]].multiply(a[a_i[lo:hi]]).tocoo()
        keep = closed.col != a_i[lo:hi][closed.row]
        rows, b_c = closed.row[keep] + lo, closed.col[keep]
        a_c, v_c = a_i[rows], v_i[rows]
        role = _role(groups[a_c], groups[v_c], groups[b_c])
        counts -= np.bincount(v_c * 5 + role, minlength=n * 5).reshape(n, 5)
    return GouldFernandez(*(counts[:, i] for i in range(5)))


def _role(ga: np.ndarray, gv: np.ndarray, gb: np.ndarray) -> np.ndarray:
    """Role index (ROLES order) of each triple from the groups of a, v and b."""
    return np.select(
        [(ga == gv) & (gv == gb), (ga == gb) & (ga != gv), (ga == gv) & (gb != gv), (gb == gv) & (ga != gv)],
        [0, 1, 2, 3],
        default=4,
    )
