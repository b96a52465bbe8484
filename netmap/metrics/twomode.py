"""Two-mode (actor × space) measures: centrality after Borgatti & Everett (1997), and projections.

The two-mode network has a node for every actor and every space and an edge for every
affiliation (unweighted: how often someone goes does not shorten a path). Every actor and
every space is a node even without affiliations, as in a networkx graph built from the
tables, so the normalisations count them.

Conventions are networkx's ``networkx.algorithms.bipartite`` functions, which the tests
check on Davis's Southern Women (``nx.davis_southern_women_graph``).
"""
from __future__ import annotations

from dataclasses import dataclass

import igraph as ig
import numpy as np
import pandas as pd
import scipy.sparse as sp
import scipy.sparse.csgraph as csgraph

__all__ = [
    "TwoMode",
    "two_mode_index",
    "degree",
    "closeness",
    "betweenness",
    "project",
    "projection_table",
    "density",
    "EXACT_LIMIT",
    "SAMPLES",
]

#: Above this many nodes (actors + spaces) closeness and betweenness are estimated.
EXACT_LIMIT = 5_000
#: Sampled source nodes for the estimates (Brandes & Pich 2007; Eppstein & Wang 2004).
SAMPLES = 2_048
#: Components up to this size are always measured exactly (every node a source): an
#: estimate needs sampled sources inside the node's own component.
SMALL_COMPONENT = 1_000


@dataclass(frozen=True)
class TwoMode:
    """The two-mode network as arrays.

    ``incidence`` is the actors × spaces 0/1 matrix B (CSR); ``weights`` the same pattern
    holding the affiliation weights. Node i < ``n_actors`` is actor i; node ``n_actors + j``
    is space j.
    """

    actors: list
    spaces: list
    incidence: sp.csr_matrix
    weights: sp.csr_matrix

    @property
    def n_actors(self) -> int:
        return len(self.actors)

    @property
    def n_spaces(self) -> int:
        return len(self.spaces)

    @property
    def n(self) -> int:
        return self.n_actors + self.n_spaces

    def adjacency(self) -> sp.csr_matrix:
        """The (actors + spaces) square adjacency matrix [[0, B], [Bᵀ, 0]]."""
        return sp.bmat([[None, self.incidence], [self.incidence.T, None]], format="csr",
                       dtype=np.float64) if self.n_actors and self.n_spaces else \
            sp.csr_matrix((self.n, self.n))

    def igraph(self) -> ig.Graph:
        coo = self.incidence.tocoo()
        edges = np.column_stack([coo.row, coo.col + self.n_actors])
        return ig.Graph(n=self.n, edges=edges.tolist(), directed=False)


def two_mode_index(actors: list, spaces: list, affiliations: pd.DataFrame) -> TwoMode:
    """Index the affiliations (``actor``, ``space``, ``weight``) by the given actor and space order."""
    a_index = {a: i for i, a in enumerate(actors)}
    s_index = {s: j for j, s in enumerate(spaces)}
    rows = affiliations["actor"].map(a_index).to_numpy()
    cols = affiliations["space"].map(s_index).to_numpy()
    if len(rows) and (pd.isna(rows).any() or pd.isna(cols).any()):
        raise ValueError("every affiliation must name a listed actor and space")
    rows, cols = rows.astype(np.int64), cols.astype(np.int64)
    shape = (len(actors), len(spaces))
    w = affiliations["weight"].to_numpy(dtype=float) if "weight" in affiliations else np.ones(len(rows))
    weights = sp.csr_matrix((w, (rows, cols)), shape=shape)
    incidence = weights.copy()
    incidence.data[:] = 1.0
    return TwoMode(list(actors), list(spaces), incidence, weights)


def degree(tm: TwoMode) -> tuple[np.ndarray, np.ndarray]:
    """Two-mode degree centrality: an actor's spaces / all spaces, a space's users / all actors.

    .. math:: d_v = \\deg(v) / m \\ (v \\in U), \\qquad d_v = \\deg(v) / n \\ (v \\in V)

    for actors U (n of them) and spaces V (m). networkx ``bipartite.degree_centrality``.

    References
    ----------
    Borgatti, S. P. & Everett, M. G. (1997). Network analysis of 2-mode data. Social Networks
    19(3), 243-269. doi:10.1016/S0378-8733(96)00301-2
    """
    a = np.asarray(tm.incidence.sum(axis=1)).ravel()
    s = np.asarray(tm.incidence.sum(axis=0)).ravel()
    return (a / tm.n_spaces if tm.n_spaces else np.zeros(tm.n_actors),
            s / tm.n_actors if tm.n_actors else np.zeros(tm.n_spaces))


def _components(tm: TwoMode) -> np.ndarray:
    _, labels = csgraph.connected_components(tm.adjacency(), directed=False)
    return labels


def _sources(labels: np.ndarray, exact_limit: int, samples: int, seed: int) -> tuple[np.ndarray, bool]:
    """Every node when the network is small; otherwise every node of each small component plus
    a seeded random sample of the nodes of the large ones (in proportion to their size)."""
    n = len(labels)
    if n <= exact_limit or samples >= n:
        return np.arange(n), True
    sizes = np.bincount(labels)
    small = sizes[labels] <= SMALL_COMPONENT
    large = np.flatnonzero(~small)
    rng = np.random.default_rng(seed)
    k = min(len(large), samples)
    chosen = rng.choice(large, size=k, replace=False) if k else np.zeros(0, dtype=int)
    return np.sort(np.concatenate([np.flatnonzero(small), chosen])), k == len(large)


def closeness(tm: TwoMode, exact_limit: int = EXACT_LIMIT, samples: int = SAMPLES, seed: int = 0,
              chunk: int = 256) -> tuple[np.ndarray, np.ndarray, bool]:
    """Two-mode closeness, normalised as networkx ``bipartite.closeness_centrality``.

    .. math:: c_v = \\frac{m + 2(n - 1)}{d_v} \\cdot \\frac{r_v - 1}{N - 1} \\ (v \\in U), \\qquad
              c_v = \\frac{n + 2(m - 1)}{d_v} \\cdot \\frac{r_v - 1}{N - 1} \\ (v \\in V)

    d_v = the sum of distances from v to the nodes it reaches, r_v = the size of its component
    (v included), N = n + m; 0 for a node that reaches nobody. An actor is at least 1 from every
    space and 2 from every other actor, so m + 2(n − 1) is the smallest possible d_v. Above
    ``exact_limit`` nodes, d_v is estimated from ``samples`` random sources (Eppstein & Wang
    2004): d_v ≈ (r_v − 1) × mean distance from the sampled sources of its component.

    Returns
    -------
    (actors, spaces, exact)

    References
    ----------
    Borgatti & Everett (1997), doi:10.1016/S0378-8733(96)00301-2. Eppstein, D. & Wang, J.
    (2004). Fast approximation of centrality. J. Graph Algorithms Appl. 8(1), 39-45.
    """
    n, m, total = tm.n_actors, tm.n_spaces, tm.n
    if total <= 1 or tm.incidence.nnz == 0:
        return np.zeros(n), np.zeros(m), True
    adjacency = tm.adjacency()
    labels = _components(tm)
    sizes = np.bincount(labels)[labels].astype(float)
    sources, exact = _sources(labels, exact_limit, samples, seed)
    sums = np.zeros(total)
    sampled_in = np.zeros(labels.max() + 1)
    np.add.at(sampled_in, labels[sources], 1.0)
    for start in range(0, len(sources), chunk):
        block = sources[start:start + chunk]
        dist = csgraph.shortest_path(adjacency, method="D", unweighted=True, directed=False, indices=block)
        dist[np.isinf(dist)] = 0.0
        sums += dist.sum(axis=0)
    is_source = np.zeros(total, dtype=bool)
    is_source[sources] = True
    others = sampled_in[labels] - is_source  # sampled sources in v's component other than v
    with np.errstate(divide="ignore", invalid="ignore"):
        estimate = np.where(others > 0, sums * (sizes - 1) / others, 0.0)
        scale = np.r_[np.full(n, m + 2.0 * (n - 1)), np.full(m, n + 2.0 * (m - 1))]
        values = np.where(estimate > 0, scale / estimate * (sizes - 1) / (total - 1), 0.0)
    return values[:n], values[n:], exact or len(sources) == total


def _bet_max(n: int, m: int) -> float:
    """Borgatti & Everett's largest possible betweenness of a node whose own set has n nodes
    and the other m (networkx's formula)."""
    s, t = divmod(n - 1, m)
    return ((m ** 2) * ((s + 1) ** 2) + m * (s + 1) * (2 * t - s - 1) - t * (2 * s - t + 3)) / 2.0


def betweenness(tm: TwoMode, exact_limit: int = EXACT_LIMIT, samples: int = SAMPLES, seed: int = 0
                ) -> tuple[np.ndarray, np.ndarray, bool]:
    """Two-mode betweenness, normalised as networkx ``bipartite.betweenness_centrality``.

    The raw Freeman/Brandes count (unordered pairs, unweighted) divided by the largest
    possible value for the node's own set (Borgatti & Everett 1997):

    .. math:: b_{max}(U) = \\tfrac12 [m^2 (s+1)^2 + m (s+1)(2t - s - 1) - t (2s - t + 3)],
              \\quad s = \\lfloor (n-1)/m \\rfloor,\\ t = (n-1) \\bmod m

    and symmetrically for V with n and m swapped. R's manynet instead divides by
    2(n − 1)(m − 1); the two agree only in rank (docs/spaces.md). Above ``exact_limit`` nodes
    the raw count is estimated from ``samples`` random sources scaled by N/k (Brandes & Pich
    2007).

    Returns
    -------
    (actors, spaces, exact)

    References
    ----------
    Borgatti & Everett (1997), doi:10.1016/S0378-8733(96)00301-2. Brandes, U. (2001),
    doi:10.1080/0022250X.2001.9990249. Brandes, U. & Pich, C. (2007). Int. J. Bifurcation and
    Chaos 17(7), 2303-2318.
    """
    n, m, total = tm.n_actors, tm.n_spaces, tm.n
    if n == 0 or m == 0 or tm.incidence.nnz == 0:
        return np.zeros(n), np.zeros(m), True
    graph = tm.igraph()
    if total <= exact_limit or samples >= total:
        raw, exact = np.asarray(graph.betweenness(directed=False)), True
    else:
        rng = np.random.default_rng(seed)
        chosen = np.sort(rng.choice(total, size=samples, replace=False)).tolist()
        raw, exact = np.asarray(graph.betweenness(directed=False, sources=chosen)) * (total / samples), False
    top, bottom = _bet_max(n, m), _bet_max(m, n)
    with np.errstate(divide="ignore", invalid="ignore"):
        a = raw[:n] / top if top else np.zeros(n)
        s = raw[n:] / bottom if bottom else np.zeros(m)
    return np.nan_to_num(a), np.nan_to_num(s), exact


WEIGHTINGS = ("count", "newman", "jaccard")


def project(tm: TwoMode, side: str = "actors", weighting: str = "count", max_size: int | None = None
            ) -> sp.csr_matrix:
    """The one-mode projection as a sparse symmetric matrix with a zero diagonal.

    ``side="actors"`` gives actor × actor (through shared spaces), ``"spaces"`` space × space
    (through shared users). Weightings, with N(u) the other-mode neighbours of u:

    * ``count`` — |N(u) ∩ N(v)|: how many spaces (users) two actors (spaces) share
      (networkx ``bipartite.weighted_projected_graph``);
    * ``newman`` — Σ_{k ∈ N(u) ∩ N(v), deg k > 1} 1/(deg k − 1): a shared space of many users
      counts less (Newman 2001; networkx ``collaboration_weighted_projected_graph``);
    * ``jaccard`` — |N(u) ∩ N(v)| / |N(u) ∪ N(v)| (networkx
      ``overlap_weighted_projected_graph(jaccard=True)``).

    ``max_size`` leaves out other-mode nodes with more than that many neighbours (a leisure
    centre used by 2,000 people does not make them 2 million pairs of acquaintances). The
    result is sparse throughout: the work and memory grow with the pairs that do share
    something, Σ_k deg(k)², never with n².

    References
    ----------
    Newman, M. E. J. (2001). Physical Review E 64, 016132. doi:10.1103/PhysRevE.64.016132
    """
    if weighting not in WEIGHTINGS:
        raise ValueError(f"weighting must be one of {', '.join(WEIGHTINGS)}, not {weighting!r}")
    b = tm.incidence if side == "actors" else tm.incidence.T.tocsr()
    if side not in ("actors", "spaces"):
        raise ValueError("side is 'actors' or 'spaces'")
    b = b.astype(np.float64)
    other_degree = np.asarray(b.sum(axis=0)).ravel()
    if max_size is not None:
        keep = (other_degree <= max_size).astype(float)
        b = (b @ sp.diags(keep)).tocsr()
        b.eliminate_zeros()
    if weighting == "newman":
        with np.errstate(divide="ignore"):
            w = np.where(other_degree > 1, 1.0 / (other_degree - 1), 0.0)
        p = (b @ sp.diags(w) @ b.T).tocsr()
    else:
        p = (b @ b.T).tocsr()
    p.setdiag(0)
    p.eliminate_zeros()
    if weighting == "jaccard":
        own = np.asarray(b.sum(axis=1)).ravel()
        coo = p.tocoo()
        union = own[coo.row] + own[coo.col] - coo.data
        p = sp.csr_matrix((coo.data / union, (coo.row, coo.col)), shape=p.shape)
    return p


def projection_table(tm: TwoMode, side: str = "actors", weighting: str = "count", max_size: int | None = None
                     ) -> pd.DataFrame:
    """:func:`project` as an edge list ``a``, ``b``, ``weight`` (each pair once, a < b in order)."""
    p = sp.triu(project(tm, side, weighting, max_size), k=1).tocoo()
    names = np.asarray(tm.actors if side == "actors" else tm.spaces, dtype=object)
    order = np.lexsort((p.col, p.row))
    return pd.DataFrame({"a": names[p.row[order]], "b": names[p.col[order]], "weight": p.data[order]})


def density(tm: TwoMode) -> float:
    """Affiliations / (actors × spaces): the share of possible actor–space links present."""
    possible = tm.n_actors * tm.n_spaces
    return tm.incidence.nnz / possible if possible else 0.0
