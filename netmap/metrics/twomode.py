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

import igraph as ig  # noqa: F401  (TwoMode.igraph)
import numpy as np
import pandas as pd
import scipy.sparse as sp
import scipy.sparse.csgraph as csgraph

from netmap.metrics.centrality import distance_pivots, pivots_beside
from netmap.metrics.engine import searches_within
from netmap.metrics.searches import source_sums

__all__ = [
    "TwoMode",
    "two_mode_index",
    "degree",
    "closeness",
    "betweenness",
    "path_centrality",
    "PathCentrality",
    "project",
    "projection_table",
    "pair_incidences",
    "upper_pairs",
    "density",
    "EXACT_LIMIT",
    "SAMPLES",
]

#: Above this many nodes (actors + spaces) closeness and betweenness are estimated.
EXACT_LIMIT = 5_000
#: Sampled source nodes for the estimates (Brandes & Pich 2007; Eppstein & Wang 2004).
SAMPLES = 512
#: Betweenness of the large components searches from no more of the random sources than
#: visit this many affiliations in all (never fewer than 32): igraph searches one source at a
#: time, 0.1-0.2 s each on a register of 923,000 affiliations (69 sources instead of 277).
BETWEENNESS_WORK = 64_000_000
#: Sets the betweenness sources are dealt into, whose separate estimates measure its error.
BETWEENNESS_GROUPS = 4
#: Components up to this size are always measured exactly (every node a source): an
#: estimate needs sampled sources inside the node's own component.
SMALL_COMPONENT = 1_000
#: Pair incidences (see :func:`pair_incidences`) per block of :func:`upper_pairs`: the
#: memory of one block, about 40 bytes each.
BLOCK_PAIRS = 2_000_000


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
        return ig.Graph(n=self.n, edges=edges, directed=False)


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
    a seeded random sample of the nodes of the large ones. Isolated nodes are never sources
    (they reach nobody)."""
    n = len(labels)
    sizes = np.bincount(labels)[labels]
    if n <= exact_limit or samples >= n:
        return np.flatnonzero(sizes > 1), True
    small = (sizes > 1) & (sizes <= SMALL_COMPONENT)
    large = np.flatnonzero(sizes > SMALL_COMPONENT)
    rng = np.random.default_rng(seed)
    k = min(len(large), samples)
    chosen = rng.choice(large, size=k, replace=False) if k else np.zeros(0, dtype=int)
    return np.sort(np.concatenate([np.flatnonzero(small), chosen])), k == len(large)


def _dependency_sums(tm: TwoMode, sources: np.ndarray, labels: np.ndarray,
                     groups: int = 1) -> list[tuple[np.ndarray, np.ndarray]]:
    """Σ_s δ_s(v) over ``sources``, from igraph's (subset) betweenness (Brandes 2001; igraph
    counts each unordered pair once on an undirected graph, hence × 2), in ``groups`` sums,
    each with the sources of the large components dealt to it in turn; the small components'
    sums go to the first.

    δ_s(v) = Σ_{w: v precedes w} σ_sv / σ_sw (1 + δ_s(w)) is the dependency of s on v
    (σ = number of shortest paths); summed over every source it counts each unordered pair
    twice. Unreachable nodes add nothing.

    The small components searched from every node (``SMALL_COMPONENT``) have their
    betweenness computed inside themselves, in one graph of them all, so that a register's tens
    of thousands of small boards cost their own size, not a search of the whole network each.
    """
    graph = tm.igraph()
    sums = [np.zeros(tm.n) for _ in range(groups)]
    sizes = np.bincount(labels)
    whole = (np.bincount(labels[sources], minlength=len(sizes)) == sizes) & (sizes <= SMALL_COMPONENT)
    inside = np.flatnonzero(whole[labels])
    if len(inside):  # betweenness never crosses components: one search of them all, inside themselves
        sums[0][inside] = 2.0 * np.asarray(graph.induced_subgraph(inside.tolist()).betweenness(directed=False))
    rest = sources[~whole[labels[sources]]]
    dealt = [rest[group::groups] for group in range(groups)]
    for total, some in zip(sums, dealt):
        if len(some):
            total += 2.0 * np.asarray(graph.betweenness(directed=False, sources=some.tolist()), dtype=float)
    return list(zip(sums, dealt))


@dataclass(frozen=True)
class PathCentrality:
    """Two-mode closeness and betweenness from one set of breadth-first searches."""

    closeness_actors: np.ndarray
    closeness_spaces: np.ndarray
    betweenness_actors: np.ndarray
    betweenness_spaces: np.ndarray
    exact: bool
    sources: int
    drawn: int = 0  # of ``sources``, those drawn at random from the large components
    #: of those, the ones betweenness searched from (fewer on a register: :data:`BETWEENNESS_WORK`)
    between_drawn: int = 0
    #: the largest standard error, as a share of the value, of the 10 highest actors' estimated
    #: betweenness, measured across :data:`BETWEENNESS_GROUPS` separate sets of its sources
    between_error: float | None = None


def path_centrality(tm: TwoMode, exact_limit: int = EXACT_LIMIT, samples: int = SAMPLES, seed: int = 0
                    ) -> PathCentrality:
    """Two-mode closeness and betweenness (see :func:`closeness`, :func:`betweenness`).

    Exact up to ``exact_limit`` nodes. Above, every node of a component of at most
    ``SMALL_COMPONENT`` nodes is still a source, and ``samples`` random nodes of the larger
    components are; a node's sums are then scaled by (its component's size − 1) / (sources in
    its component other than itself) for closeness (Eppstein & Wang 2004) and by its
    component's size / sources in it for betweenness (Brandes & Pich 2007). On a register the
    random sources are fewer (:func:`~netmap.metrics.centrality.distance_pivots` of its
    affiliations, as for a one-mode network's pivots: 277 at 923,000 affiliations), and
    betweenness, searched one source at a time, uses a random subset of them within
    :data:`BETWEENNESS_WORK` (69 at 923,000). Its sources are dealt into
    :data:`BETWEENNESS_GROUPS` sets whose separate estimates give its standard error (batch
    means), reported for the 10 highest actors as ``between_error``.
    """
    n, m, total = tm.n_actors, tm.n_spaces, tm.n
    if n == 0 or m == 0 or tm.incidence.nnz == 0:
        return PathCentrality(np.zeros(n), np.zeros(m), np.zeros(n), np.zeros(m), True, 0)
    labels = _components(tm)
    sizes = np.bincount(labels)[labels].astype(float)
    sources, complete = _sources(labels, exact_limit, distance_pivots(samples, tm.incidence.nnz), seed)
    distance_sums = source_sums(tm.adjacency(), sources, labels).distances
    exact = complete or len(sources) == int((sizes > 1).sum())
    drawn = np.zeros(0, dtype=np.int64) if exact else sources[sizes[sources] > SMALL_COMPONENT]
    # betweenness searches one at a time (igraph): on a register, from fewer of the drawn sources
    chosen = np.random.default_rng(seed).choice(
        drawn, size=searches_within(BETWEENNESS_WORK, tm.incidence.nnz, len(drawn), min(len(drawn), 32)),
        replace=False)
    between_sources = sources if exact else np.sort(np.r_[sources[sizes[sources] <= SMALL_COMPONENT], chosen])
    groups = 1 if exact else BETWEENNESS_GROUPS
    parts = _dependency_sums(tm, between_sources, labels, groups)
    others = pivots_beside(labels, sources)
    with np.errstate(divide="ignore", invalid="ignore"):
        d = np.where(others > 0, distance_sums * (sizes - 1) / others, 0.0)
        scale = np.r_[np.full(n, m + 2.0 * (n - 1)), np.full(m, n + 2.0 * (m - 1))]
        close = np.where(d > 0, scale / d * (sizes - 1) / (total - 1), 0.0)
    raw = _scaled_dependencies(sum(part for part, _ in parts), between_sources, labels, sizes)
    top, bottom = _bet_max(n, m), _bet_max(m, n)
    between = np.nan_to_num(np.r_[raw[:n] / top if top else np.zeros(n), raw[n:] / bottom if bottom else np.zeros(m)])
    error = None
    if groups > 1:  # each set's own estimate, scaled by its own sources: their spread is the error
        alone = [_scaled_dependencies(part, dealt, labels, sizes) for part, dealt in parts]
        error = _top_error(raw[:n], np.array([estimate[:n] for estimate in alone]), sizes[:n] > SMALL_COMPONENT)
    return PathCentrality(close[:n], close[n:], between[:n], between[n:], exact, len(sources), len(drawn),
                          len(chosen), error)


def _scaled_dependencies(dependencies: np.ndarray, sources: np.ndarray, labels: np.ndarray,
                         sizes: np.ndarray) -> np.ndarray:
    """Raw betweenness (unordered pairs) from the dependency sums over ``sources``: each node's
    scaled by its component's size / the sources in it (Brandes & Pich 2007), halved."""
    in_component = np.bincount(labels[sources], minlength=labels.max() + 1)[labels].astype(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(in_component > 0, dependencies * sizes / in_component, 0.0) / 2.0


def _top_error(estimate: np.ndarray, separate: np.ndarray, sampled: np.ndarray, top: int = 10) -> float | None:
    """The largest standard error, as a share of the value, among the ``top`` highest of
    ``estimate`` in ``sampled`` nodes: the spread of the ``separate`` estimates (one row per
    set of sources) over √(number of sets), the batch-means standard error."""
    candidates = np.flatnonzero(sampled & (estimate > 0))
    if not len(candidates):
        return None
    highest = candidates[np.argsort(-estimate[candidates], kind="stable")[:top]]
    spread = separate[:, highest].std(axis=0, ddof=1) / np.sqrt(len(separate))
    return float((spread / estimate[highest]).max())


def closeness(tm: TwoMode, exact_limit: int = EXACT_LIMIT, samples: int = SAMPLES, seed: int = 0
              ) -> tuple[np.ndarray, np.ndarray, bool]:
    """Two-mode closeness, normalised as networkx ``bipartite.closeness_centrality``.

    .. math:: c_v = \\frac{m + 2(n - 1)}{d_v} \\cdot \\frac{r_v - 1}{N - 1} \\ (v \\in U), \\qquad
              c_v = \\frac{n + 2(m - 1)}{d_v} \\cdot \\frac{r_v - 1}{N - 1} \\ (v \\in V)

    d_v = the sum of distances from v to the nodes it reaches, r_v = the size of its component
    (v included), N = n + m; 0 for a node that reaches nobody. An actor is at least 1 from every
    space and 2 from every other actor, so m + 2(n − 1) is the smallest possible d_v. Above
    ``exact_limit`` nodes d_v is estimated from sampled sources (:func:`path_centrality`).

    Returns
    -------
    (actors, spaces, exact)

    References
    ----------
    Borgatti & Everett (1997), doi:10.1016/S0378-8733(96)00301-2. Eppstein, D. & Wang, J.
    (2004). Fast approximation of centrality. J. Graph Algorithms Appl. 8(1), 39-45.
    """
    r = path_centrality(tm, exact_limit, samples, seed)
    return r.closeness_actors, r.closeness_spaces, r.exact


def _bet_max(n: int, m: int) -> float:
    """Borgatti & Everett's largest possible betweenness of a node whose own set has n nodes
    and the other m (networkx's formula)."""
    if m == 0:
        return 0.0
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
    the raw count is estimated from sampled sources (:func:`path_centrality`).

    Returns
    -------
    (actors, spaces, exact)

    References
    ----------
    Borgatti & Everett (1997), doi:10.1016/S0378-8733(96)00301-2. Brandes, U. (2001),
    doi:10.1080/0022250X.2001.9990249. Brandes, U. & Pich, C. (2007). Int. J. Bifurcation and
    Chaos 17(7), 2303-2318.
    """
    r = path_centrality(tm, exact_limit, samples, seed)
    return r.betweenness_actors, r.betweenness_spaces, r.exact


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
    if weighting == "jaccard":  # in place: the pattern is already there
        own = np.asarray(b.sum(axis=1)).ravel()
        rows = np.repeat(np.arange(p.shape[0]), np.diff(p.indptr))
        p.data /= own[rows] + own[p.indices] - p.data
    return p


def pair_incidences(tm: TwoMode, side: str = "actors", max_size: int | None = None) -> int:
    """Σ_k C(deg k, 2) over the other-mode nodes k (those with at most ``max_size``
    neighbours): the pairs a projection lists before repeats are combined. It bounds the
    projection's non-zeros (twice this, both triangles) and the work of building it; it is
    what a space of 3,000 users costs (4.5 million pairs) and why callers cap large ones.
    """
    b = tm.incidence if side == "actors" else tm.incidence.T.tocsr()
    deg = np.asarray(b.getnnz(axis=0), dtype=np.int64)
    if max_size is not None:
        deg = deg[deg <= max_size]
    return int((deg * (deg - 1) // 2).sum())


def upper_pairs(b: sp.csr_matrix, block_pairs: int = BLOCK_PAIRS):
    """The upper triangle of B·Bᵀ, one block of rows at a time: yields ``(rows, cols, shared)``
    for the pairs u < v of rows of ``b`` that share at least one column, with how many.

    A block holds rows whose pair incidences (Σ over their columns of the column's size) add
    up to about ``block_pairs``, so the memory at any time is bounded by the block, not by
    the whole projection; the total work is Σ_k deg(k)² over the columns k.
    """
    b = b.tocsr().astype(np.float64)
    n = b.shape[0]
    done = np.cumsum(b @ np.asarray(b.getnnz(axis=0), dtype=np.float64))  # Σ sizes of the columns, row by row
    bt = b.T.tocsr()
    start = 0
    while start < n:
        before = done[start - 1] if start else 0.0
        end = min(max(int(np.searchsorted(done, before + block_pairs, side="right")), start + 1), n)
        block = (b[start:end] @ bt).tocoo()
        rows = block.row.astype(np.int64) + start
        keep = block.col > rows
        if keep.any():
            yield rows[keep], block.col[keep].astype(np.int64), np.rint(block.data[keep]).astype(np.int64)
        start = end


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
