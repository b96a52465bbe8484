"""Cohesion: clustering, k-cores, cut points and bridges, and the network-level summary numbers."""
from __future__ import annotations

import numpy as np
import scipy.sparse.csgraph as csgraph

from netmap.metrics.engine import Indexed, searches_within
from netmap.metrics.searches import source_sums

__all__ = [
    "clustering",
    "core_number",
    "articulation_points",
    "bridge_count",
    "components",
    "density",
    "degree_centralization",
    "diameter",
    "transitivity",
]


def clustering(ix: Indexed) -> np.ndarray:
    """Local clustering coefficient on the undirected, unweighted view; 0 when degree < 2.

    .. math:: C_i = \\frac{2 T_i}{k_i (k_i - 1)}

    with T_i the triangles through i (networkx ``clustering``; Watts & Strogatz 1998).
    """
    if ix.n == 0:
        return np.zeros(0)
    return np.asarray(ix.undirected_igraph().transitivity_local_undirected(mode="zero"), dtype=float)


def core_number(ix: Indexed) -> np.ndarray:
    """k-core number (shell index) on the undirected view (Seidman 1983; networkx ``core_number``)."""
    if ix.n == 0:
        return np.zeros(0, dtype=int)
    return np.asarray(ix.undirected_igraph().coreness(mode="all"), dtype=int)


def articulation_points(ix: Indexed) -> np.ndarray:
    """Boolean per actor: removing it splits its component (undirected view; Hopcroft & Tarjan 1973)."""
    flags = np.zeros(ix.n, dtype=bool)
    if ix.n:
        flags[ix.undirected_igraph().articulation_points()] = True
    return flags


def bridge_count(ix: Indexed) -> int:
    """Number of ties whose removal splits a component (undirected view)."""
    return len(ix.undirected_igraph().bridges()) if ix.n else 0


def components(ix: Indexed) -> np.ndarray:
    """Component label per actor: connected components, weak ones on directed networks."""
    if ix.n == 0:
        return np.zeros(0, dtype=int)
    return csgraph.connected_components(ix.adjacency(), directed=False)[1]


def density(ix: Indexed) -> float:
    """m / (n(n-1)/2) undirected, m / (n(n-1)) directed; 0 for fewer than two actors."""
    n, m = ix.n, len(ix.sources)
    if n < 2:
        return 0.0
    return m / (n * (n - 1)) * (1 if ix.directed else 2)


def degree_centralization(ix: Indexed) -> float:
    """Freeman's degree centralisation on the undirected view.

    .. math:: C_D = \\frac{\\sum_i (k_{max} - k_i)}{(n-1)(n-2)}

    1 for a star, 0 for a regular network; 0 when n < 3 (Freeman 1978/79).
    """
    n = ix.n
    if n < 3:
        return 0.0
    degrees = np.diff(ix.symmetric().indptr)
    return float((degrees.max() - degrees).sum() / ((n - 1) * (n - 2)))


def transitivity(ix: Indexed) -> float:
    """Global transitivity 3 × triangles / connected triples (networkx ``transitivity``)."""
    if ix.n < 3:
        return 0.0
    value = ix.undirected_igraph().transitivity_undirected(mode="zero")
    return 0.0 if value != value else float(value)


def diameter(ix: Indexed, members: np.ndarray) -> int:
    """Longest shortest path, in hops, within ``members`` (a connected set, undirected view).

    Exact, by the iFUB algorithm: a 4-sweep picks a central start vertex u, then the
    eccentricities of the vertices farthest from u are computed layer by layer until the
    lower bound exceeds twice the next layer's depth. On networks with community structure
    this needs a handful of breadth-first searches instead of one per actor.
    (:func:`diameter_bounds` without a budget.)

    References
    ----------
    Crescenzi, P. et al. (2013). On computing the diameter of real-world undirected graphs.
    Theoretical Computer Science 514, 84-95. doi:10.1016/j.tcs.2012.09.018
    """
    return diameter_bounds(ix, members, budget=None)[0]


def _farthest(g, vertex: int) -> tuple[int, int]:
    """A vertex farthest from ``vertex`` and that distance."""
    depth = np.asarray(g.distances(source=[vertex])[0])
    far = int(np.argmax(depth))
    return far, int(depth[far])


#: Eccentricities (breadth-first searches) :func:`diameter_bounds` may spend before stopping …
DIAMETER_BUDGET = 256
#: … and on large networks no more than about this many ties visited in all (issue 26: 256
#: searches were 18 s of a million-tie analysis), but at least DIAMETER_MIN_BUDGET searches.
DIAMETER_WORK = 64_000_000
DIAMETER_MIN_BUDGET = 16


def diameter_budget(ties: int) -> int:
    """Searches :func:`diameter_bounds` may spend on a network of ``ties`` ties: DIAMETER_BUDGET,
    fewer on a network so large that they would visit more than DIAMETER_WORK ties."""
    return searches_within(DIAMETER_WORK, ties, DIAMETER_BUDGET, DIAMETER_MIN_BUDGET)


def diameter_bounds(ix: Indexed, members: np.ndarray, budget: int | None = DIAMETER_BUDGET) -> tuple[int, int]:
    """Lower and upper bounds on the diameter within ``members`` (connected, undirected view).

    :func:`diameter`'s iFUB, stopped after ``budget`` eccentricities: the lower bound is the
    largest eccentricity found (the 4-sweep's is usually the diameter already); once every
    actor deeper than layer i below the central start vertex has its eccentricity, no two
    remaining actors are further apart than 2i, so the upper bound is max(lower, 2i). Equal
    bounds mean the value is exact; ``budget=None`` never stops early. At 50,000 actors exact
    iFUB needed minutes on networks whose outermost layer holds thousands of actors.

    References
    ----------
    Crescenzi, P. et al. (2013). Theoretical Computer Science 514, 84-95.
    doi:10.1016/j.tcs.2012.09.018
    """
    if len(members) < 2:
        return 0, 0
    g = ix.undirected_igraph()
    if len(members) < ix.n:
        g = g.induced_subgraph(members.tolist())
    start = int(np.argmax(g.degree()))
    lower = 0
    for _ in range(2):  # 4-sweep: two double sweeps, each from the last midpoint
        a, ecc_start = _farthest(g, start)
        b, ecc_a = _farthest(g, a)
        lower = max(lower, ecc_start, ecc_a)
        path = g.get_shortest_path(a, b)
        start = path[len(path) // 2]
    depth = np.asarray(g.distances(source=[start])[0])
    layer = int(depth.max())
    lower = max(lower, layer)
    spent = 5
    while lower <= 2 * (layer - 1):
        fringe = np.flatnonzero(depth == layer)
        for chunk in range(0, len(fringe), 64):
            if budget is not None and spent >= budget:
                return int(lower), int(max(lower, 2 * layer))
            part = fringe[chunk:chunk + 64].tolist()
            lower = max(lower, int(max(g.eccentricity(vertices=part))))
            spent += len(part)
        layer -= 1
    return int(lower), int(lower)


def average_path_length_estimate(ix: Indexed, members: np.ndarray, samples: int, seed: int = 0) -> float:
    """Mean hop distance between members of ``members`` (connected, undirected view),
    estimated from breadth-first searches out of ``samples`` random members (exact when
    ``samples`` ≥ the number of members): the mean over sampled sources of their mean
    distance to the others, an unbiased estimate of the average path length.

    References
    ----------
    Eppstein, D. & Wang, J. (2004). J. Graph Algorithms and Applications 8(1), 39-45.
    """
    size = len(members)
    if size < 2:
        return 0.0
    a = ix.symmetric()
    if size < ix.n:
        a = a[members][:, members]
    rng = np.random.default_rng(seed)
    pivots = np.arange(size) if samples >= size else np.sort(rng.choice(size, size=samples, replace=False))
    # connected: every distance is finite; the searches run together (netmap.metrics.searches)
    total = float(source_sums(a, pivots, np.zeros(size, dtype=np.int64)).distances.sum())
    return total / (len(pivots) * (size - 1))
