"""Community detection (Louvain, Leiden), seeded, with stable ids and the partition's modularity."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from netmap.metrics.engine import Indexed, seeded_igraph

__all__ = ["Communities", "detect_communities", "partition", "stable_labels", "modularity", "METHODS"]

METHODS = ("leiden", "louvain")
#: Up to this many actors Leiden is iterated until the partition stops changing; above it, one
#: pass at a time until a pass raises modularity by less than LEIDEN_GAIN. At 30,000 actors the
#: last 2% of modularity took 5 s of 5.4 s (issue 26); at a million ties, minutes.
LEIDEN_STABLE_LIMIT = 5_000
#: The smallest gain in modularity (0–1) worth another Leiden pass on a large network.
LEIDEN_GAIN = 0.001
#: Passes at most on a large network.
LEIDEN_PASSES = 50


@dataclass(frozen=True)
class Communities:
    """Community id per actor (0 = largest) and the modularity of exactly this partition."""

    labels: np.ndarray
    modularity: float
    method: str
    resolution: float

    @property
    def count(self) -> int:
        return int(self.labels.max()) + 1 if len(self.labels) else 0


def detect_communities(ix: Indexed, method: str = "leiden", resolution: float = 1.0, seed: int = 0,
                       weighted: bool = False) -> Communities:
    """Find communities by modularity optimisation on the undirected view.

    ``leiden`` (Traag, Waltman & van Eck 2019) guarantees connected communities; it is
    iterated until the partition is stable, or above :data:`LEIDEN_STABLE_LIMIT` actors until a
    pass raises modularity by less than :data:`LEIDEN_GAIN` (:func:`_leiden_passes`);
    ``louvain`` (Blondel et al. 2008) is the classic. Both run in igraph with a private
    generator seeded by ``seed``, so a run is repeatable. Isolates are communities of their
    own. Ids are relabelled so that 0 is the largest community, ties broken by the smallest
    actor id. The reported modularity is recomputed with networkx at resolution 1
    for the partition reported, whatever resolution was used to find it.

    References
    ----------
    Blondel, V. D. et al. (2008). J. Stat. Mech. P10008. doi:10.1088/1742-5468/2008/10/P10008
    Traag, V. A., Waltman, L. & van Eck, N. J. (2019). Sci. Rep. 9, 5233.
    doi:10.1038/s41598-019-41695-z
    """
    if method not in METHODS:
        raise ValueError(f"community method must be one of {', '.join(METHODS)}, not {method!r}")
    if resolution <= 0:
        raise ValueError("resolution must be a positive number")
    if ix.n == 0:
        return Communities(np.zeros(0, dtype=int), 0.0, method, resolution)
    g = ix.undirected_igraph()
    weights = "weight" if weighted else None
    with seeded_igraph(seed):
        membership = partition(g, method, resolution, weights)
    labels = stable_labels(np.asarray(membership), ix.nodes)
    return Communities(labels, modularity(ix, labels, weighted), method, resolution)


def partition(g, method: str = "leiden", resolution: float = 1.0, weights: str | None = None) -> list[int]:
    """Community of each vertex of the igraph graph ``g`` by ``method``, with igraph's generator
    as it is (seed it with :func:`~netmap.metrics.engine.seeded_igraph`): Louvain; Leiden
    iterated until stable up to :data:`LEIDEN_STABLE_LIMIT` vertices, pass by pass above."""
    if method == "louvain":
        return g.community_multilevel(weights=weights, resolution=resolution).membership
    if g.vcount() <= LEIDEN_STABLE_LIMIT:
        return g.community_leiden(objective_function="modularity", weights=weights, resolution=resolution,
                                  n_iterations=-1).membership
    return _leiden_passes(g, weights, resolution)


def _leiden_passes(g, weights: str | None, resolution: float) -> list[int]:
    """Leiden one pass at a time, each from the last partition, until a pass raises modularity
    (at ``resolution``) by less than :data:`LEIDEN_GAIN`, or :data:`LEIDEN_PASSES` passes."""
    membership, quality = None, -1.0
    for _ in range(LEIDEN_PASSES):
        membership = g.community_leiden(objective_function="modularity", weights=weights, resolution=resolution,
                                        n_iterations=1, initial_membership=membership).membership
        gained = g.modularity(membership, weights=weights, resolution=resolution) - quality
        quality += gained
        if gained < LEIDEN_GAIN:
            break
    return membership


def stable_labels(labels: np.ndarray, nodes: list) -> np.ndarray:
    """Relabel so that 0 is the largest group; equal sizes ordered by smallest actor id."""
    if len(labels) == 0:
        return np.zeros(0, dtype=int)
    present, dense = np.unique(labels, return_inverse=True)
    # each actor's place among the ids in text order, and each group's size and smallest place:
    # whole-array steps, since a register has thousands of groups (a comparison per group and
    # actor took minutes)
    place = np.empty(len(nodes), dtype=np.int64)
    place[np.argsort(np.array([str(v) for v in nodes], dtype=object), kind="stable")] = np.arange(len(nodes))
    sizes = np.bincount(dense)
    first = np.full(len(present), len(nodes), dtype=np.int64)
    np.minimum.at(first, dense, place)
    order = np.lexsort((first, -sizes))  # by size, largest first, then by smallest id
    rank = np.empty(len(present), dtype=int)
    rank[order] = np.arange(len(present))
    return rank[dense]


def modularity(ix: Indexed, labels: np.ndarray, weighted: bool = False) -> float:
    """Newman-Girvan modularity (resolution 1) of ``labels`` on the undirected view.

    .. math:: Q = \\sum_c \\left[ \\frac{L_c}{m} - \\left( \\frac{d_c}{2m} \\right)^2 \\right]

    where :math:`m` is the total tie weight, :math:`L_c` the weight of ties inside community
    :math:`c` and :math:`d_c` the sum of its members' strengths; equal to networkx's
    ``community.modularity`` (tested), computed from the sparse matrix without building a graph.

    References
    ----------
    Newman, M. E. J. & Girvan, M. (2004). Physical Review E 69, 026113.
    """
    if len(ix.sources) == 0:
        return 0.0
    sym = ix.symmetric(weighted).tocoo()
    off_diagonal = sym.row != sym.col  # as networkx's graph of the ties between two actors
    rows, cols, data = sym.row[off_diagonal], sym.col[off_diagonal], sym.data[off_diagonal].astype(float)
    if weighted and len(data):
        # Q does not change when every weight is multiplied by the same number; scaling keeps
        # the squared sums finite with strengths near 1e300
        data = data / data.max()
    total = data.sum()  # 2m: each undirected tie appears twice in the symmetric matrix
    if total == 0:
        return 0.0
    inside = data[labels[rows] == labels[cols]].sum()
    strength = np.bincount(labels[rows], weights=data, minlength=int(labels.max()) + 1)
    return float(inside / total - ((strength / total) ** 2).sum())
