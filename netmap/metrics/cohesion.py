"""Cohesion: clustering, k-cores, cut points and bridges, and the network-level summary numbers."""
from __future__ import annotations

import numpy as np
import scipy.sparse.csgraph as csgraph

from .engine import Indexed

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
    """Longest shortest path, in hops, within ``members`` (a connected set, undirected view)."""
    if len(members) < 2:
        return 0
    sub = ix.undirected_igraph().induced_subgraph(members.tolist())
    return int(sub.diameter(directed=False, unconn=True, weights=None))
