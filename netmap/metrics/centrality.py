"""Centrality: degree, strength, betweenness, closeness, harmonic, eigenvector, PageRank.

Conventions follow networkx (METRICS.md). Path-based measures use igraph and, when
``weighted``, tie length = w_max / weight (weights are strengths; shortest-path routines
read weights as lengths; the strongest tie is one step, so closeness and harmonic stay in
0–1: :func:`netmap.metrics.engine.tie_lengths`).
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp
import scipy.sparse.csgraph as csgraph
from scipy.sparse.linalg import eigsh

from netmap.metrics.engine import Indexed, searches_within, tie_lengths
from netmap.metrics.searches import source_sums

__all__ = [
    "degree",
    "strength",
    "betweenness",
    "BetweennessResult",
    "closeness",
    "harmonic",
    "eigenvector",
    "pagerank",
    "EXACT_BETWEENNESS_LIMIT",
    "BETWEENNESS_SAMPLES",
]

#: Above this many actors betweenness is estimated from a sample of source actors.
EXACT_BETWEENNESS_LIMIT = 5_000
#: Sampled sources for estimated betweenness (Brandes & Pich 2007): at least this many …
BETWEENNESS_SAMPLES = 2_048
#: … and at least this share of the actors (2,048 sources give a Spearman correlation with
#: exact betweenness of 0.97 at 10,000 actors but only 0.92 at 50,000).
BETWEENNESS_SAMPLE_SHARE = 0.2


def sample_size(n: int, minimum: int = BETWEENNESS_SAMPLES) -> int:
    """Sources to sample for estimated betweenness on n actors."""
    return max(minimum, math.ceil(BETWEENNESS_SAMPLE_SHARE * n))


def degree(ix: Indexed) -> dict[str, np.ndarray]:
    """Degree as networkx counts it: neighbours; on directed networks in + out arcs.

    Returns ``{"degree": ...}`` and, for directed networks, ``in_degree`` and ``out_degree``.
    """
    out_deg = np.bincount(ix.sources, minlength=ix.n).astype(float)
    in_deg = np.bincount(ix.targets, minlength=ix.n).astype(float)
    if ix.directed:
        return {"degree": in_deg + out_deg, "in_degree": in_deg, "out_degree": out_deg}
    return {"degree": in_deg + out_deg}


def strength(ix: Indexed) -> np.ndarray:
    """Sum of incident tie weights (networkx ``degree(weight="weight")``)."""
    return (np.bincount(ix.sources, weights=ix.weights, minlength=ix.n)
            + np.bincount(ix.targets, weights=ix.weights, minlength=ix.n))


@dataclass(frozen=True)
class BetweennessResult:
    """Betweenness per actor and how it was found.

    ``samples`` is the number of source actors (sampled sources) or of shortest paths (KADABRA)
    behind an estimate; ``error`` is what KADABRA aimed at for every actor's value (networkx
    normalisation), except with probability ``risk``; None for the other estimators. NetworKit's
    KADABRA does not always reach it (:func:`betweenness_kadabra`).
    """

    values: np.ndarray
    exact: bool
    samples: int | None = None
    error: float | None = None
    risk: float | None = None


def betweenness(ix: Indexed, weighted: bool = False, seed: int = 0,
                exact_limit: int = EXACT_BETWEENNESS_LIMIT, samples: int = BETWEENNESS_SAMPLES) -> BetweennessResult:
    """Freeman betweenness (Brandes 2001), normalised as networkx ``normalized=True``.

    .. math:: b(v) = \\sum_{s \\ne v \\ne t} \\sigma_{st}(v) / \\sigma_{st}

    summed over unordered pairs on undirected networks and scaled by 2/((n-1)(n-2)); over
    ordered pairs on directed networks and scaled by 1/((n-1)(n-2)). igraph returns the raw
    sums. Above ``exact_limit`` actors the sum is estimated from k = max(``samples``, 20% of
    the actors) random source actors, scaled by n/k (Brandes & Pich 2007); the result says so.

    References
    ----------
    Freeman, L. C. (1977). Sociometry 40(1), 35-41. doi:10.2307/3033543
    Brandes, U. (2001). J. Math. Sociol. 25(2), 163-177. doi:10.1080/0022250X.2001.9990249
    Brandes, U. & Pich, C. (2007). Int. J. Bifurcation and Chaos 17(7), 2303-2318.
    """
    n = ix.n
    if n <= 2 or ix.igraph.ecount() == 0:
        return BetweennessResult(np.zeros(n), True)
    lengths = "length" if weighted else None
    if n <= exact_limit or sample_size(n, samples) >= n:
        raw = np.asarray(ix.igraph.betweenness(directed=ix.directed, weights=lengths))
        exact, k = True, None
    else:
        rng = np.random.default_rng(seed)
        k = min(n, sample_size(n, samples))
        chosen = np.sort(rng.choice(n, size=k, replace=False)).tolist()
        raw = np.asarray(ix.igraph.betweenness(directed=ix.directed, weights=lengths, sources=chosen)) * (n / k)
        exact = False
    scale = (1.0 if ix.directed else 2.0) / ((n - 1) * (n - 2))
    return BetweennessResult(raw * scale, exact, k)


def _mode(ix: Indexed) -> str:
    # networkx measures closeness and harmonic centrality on incoming distances.
    return "in" if ix.directed else "all"


def closeness(ix: Indexed, weighted: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Closeness with the Wasserman-Faust scaling (networkx default, ``wf_improved=True``).

    .. math:: C(u) = \\frac{r-1}{n-1} \\cdot \\frac{r-1}{\\sum_{v} d(v, u)}

    over the r actors that can reach u (u included); incoming distances on directed
    networks; 0 for an actor nobody reaches.

    Returns
    -------
    (closeness, distance_sums)
        ``distance_sums`` is Σ d(v, u) over reachable v, reused for average path length.

    References
    ----------
    Wasserman, S. & Faust, K. (1994). Social Network Analysis, p. 201.
    """
    n = ix.n
    if n <= 1:
        return np.zeros(n), np.zeros(n)
    lengths = "length" if weighted else None
    mode = _mode(ix)
    with np.errstate(invalid="ignore", divide="ignore"):
        norm = np.asarray(ix.igraph.closeness(mode=mode, weights=lengths, normalized=True), dtype=float)
        if ix.directed:
            raw = np.asarray(ix.igraph.closeness(mode=mode, weights=lengths, normalized=False), dtype=float)
            reach = np.rint(norm / raw)  # igraph: norm = (r-1)/S, raw = 1/S
        else:
            reach = _component_sizes(ix) - 1.0
        sums = reach / norm
    norm = np.nan_to_num(norm, nan=0.0)
    sums = np.nan_to_num(sums, nan=0.0, posinf=0.0)
    reach = np.nan_to_num(reach, nan=0.0)
    return norm * reach / (n - 1), sums


def _component_sizes(ix: Indexed) -> np.ndarray:
    _, labels = csgraph.connected_components(ix.adjacency(), directed=False)
    return np.bincount(labels)[labels].astype(float)


def harmonic(ix: Indexed, weighted: bool = False) -> np.ndarray:
    """Harmonic centrality Σ_v 1/d(v, u) / (n-1); unreachable pairs add 0.

    Incoming distances on directed networks, as networkx ``harmonic_centrality`` (divided
    by n-1 here).

    References
    ----------
    Marchiori, M. & Latora, V. (2000). Physica A 285, 539-546. Boldi, P. & Vigna, S. (2014).
    Internet Mathematics 10, 222-262.
    """
    if ix.n <= 1:
        return np.zeros(ix.n)
    lengths = "length" if weighted else None
    return np.asarray(ix.igraph.harmonic_centrality(mode=_mode(ix), weights=lengths, normalized=True), dtype=float)


def eigenvector(ix: Indexed, weighted: bool = False) -> np.ndarray:
    """Eigenvector centrality with unit Euclidean norm, on the undirected view.

    The leading eigenvector x of the (symmetric) adjacency matrix, A x = λ x. On a
    disconnected network the leading eigenvalue belongs to one component (the one with
    the largest spectral radius); actors in every other component get 0, and isolates get
    0 unless the network has no ties at all. Where several components share the largest
    eigenvalue the eigenvector is not unique; netmap returns the vector networkx's power
    iteration converges to from a uniform start (each tied component's Perron vector
    weighted by its sum), so the result never depends on chance.

    References
    ----------
    Bonacich, P. (1987). Power and centrality. Am. J. Sociol. 92(5), 1170-1182.
    """
    n = ix.n
    if n == 0:
        return np.zeros(0)
    a = ix.symmetric(weighted).tocsr()
    count, labels = csgraph.connected_components(a, directed=False)
    order = np.argsort(labels, kind="stable")
    starts = np.r_[0, np.cumsum(np.bincount(labels, minlength=count))]
    # λ of a non-negative matrix is at most its largest row sum (Perron-Frobenius), so a
    # component whose rows all sum to less than the best λ found cannot have it: a register's
    # tens of thousands of small components are never solved (issue 26)
    bound = np.zeros(count)
    np.maximum.at(bound, labels, np.asarray(abs(a).sum(axis=1)).ravel())
    best, vectors = -1.0, []
    for c in np.argsort(-bound, kind="stable"):
        if bound[c] < best - 1e-9 * max(1.0, best):
            break
        members = order[starts[c]:starts[c + 1]]
        lam, vec = _perron(a[members][:, members])
        if lam > best + 1e-9 * max(1.0, best):
            best, vectors = lam, [(members, vec)]
        elif abs(lam - best) <= 1e-9 * max(1.0, best):
            vectors.append((members, vec))
    x = np.zeros(n)
    for members, vec in vectors:
        x[members] = vec * vec.sum()
    return x / np.linalg.norm(x)


def _perron(a: sp.csr_matrix) -> tuple[float, np.ndarray]:
    """Largest eigenvalue and its non-negative unit eigenvector of a connected component."""
    size = a.shape[0]
    if size == 1:
        return 0.0, np.ones(1)
    if size <= 400:
        values, vectors = np.linalg.eigh(a.toarray())
        lam, vec = values[-1], vectors[:, -1]
    else:
        values, vectors = eigsh(a.astype(float), k=1, which="LA", tol=1e-12, v0=np.ones(size))
        lam, vec = values[0], vectors[:, 0]
    vec = np.abs(vec)  # the Perron vector of a connected component has one sign
    return float(lam), vec / np.linalg.norm(vec)


def pagerank(ix: Indexed, weighted: bool = False, damping: float = 0.85) -> np.ndarray:
    """PageRank with damping 0.85, weights as strengths, solved exactly (igraph PRPACK).

    Dangling actors spread their rank uniformly, as networkx does; an undirected tie counts
    as two arcs.

    References
    ----------
    Brin, S. & Page, L. (1998). Computer Networks and ISDN Systems 30, 107-117.
    """
    if ix.n == 0:
        return np.zeros(0)
    weights = "weight" if weighted else None
    return np.asarray(ix.igraph.pagerank(damping=damping, weights=weights, directed=ix.directed), dtype=float)


# --- Estimates for large networks (issue 15) ------------------------------------------------
# Exact closeness and harmonic centrality need one shortest-path search per actor: two thirds
# of the time at 50,000 actors (about 200 s each). Above EXACT_DISTANCE_LIMIT actors they are
# estimated from searches out of DISTANCE_SAMPLES random pivots (Eppstein & Wang 2004); the
# error against exact values is measured in benchmarks/README.md.

#: Above this many actors closeness, harmonic, the diameter and the average path length are
#: estimated (sampled pivots, bounds) unless exact values are asked for.
EXACT_DISTANCE_LIMIT = 5_000
#: Pivots (shortest-path searches) for estimated closeness and harmonic centrality …
DISTANCE_SAMPLES = 512
#: … fewer on networks so large that the pivots would visit more than about this many ties
#: (issue 26: 512 searches were a quarter of a million-tie analysis), but at least
#: DISTANCE_MIN_SAMPLES: 256 at a million ties, whose error is about √2 times 512's
#: (Eppstein & Wang 2004: it shrinks as one over the square root of the pivots).
DISTANCE_WORK = 256_000_000
DISTANCE_MIN_SAMPLES = 128


def distance_pivots(samples: int, ties: int) -> int:
    """Pivots for :func:`distance_estimate` on a network of ``ties`` ties: ``samples``, fewer
    above DISTANCE_WORK / ``samples`` ties (never fewer than DISTANCE_MIN_SAMPLES or ``samples``)."""
    return searches_within(DISTANCE_WORK, ties, samples, DISTANCE_MIN_SAMPLES)
#: Above EXACT_BETWEENNESS_LIMIT, no more than this many sampled sources for betweenness by
#: default: the 20% rule alone means 10,000 sources (80 s, more than the whole 60 s budget) at
#: 50,000 actors and 40,000 at 200,000. 2,048 sources: Spearman 0.97 with exact at 10,000
#: actors, 0.92 at 50,000 (benchmarks/README.md); exact values on request.
BETWEENNESS_SAMPLES_CAP = 2_048
#: Above EXACT_BETWEENNESS_LIMIT actors and this many ties, unweighted betweenness of an
#: undirected network is estimated by KADABRA (:func:`betweenness_kadabra`): 2,048 sampled
#: sources take 13 s at 100,000 ties but 4–8 minutes at a million, KADABRA 12 s.
KADABRA_TIES = 200_000
#: KADABRA's aim: every actor's value within this much of the exact one (networkx
#: normalisation, 0–1) …
BETWEENNESS_ERROR = 0.005
#: … except with this probability (for all actors at once, not each).
BETWEENNESS_RISK = 0.1
#: Entries of the pivot × actor distance block held at once (8 bytes each: 64 MiB).
_BLOCK_ENTRIES = 8_000_000


def capped_sample_size(n: int, minimum: int = BETWEENNESS_SAMPLES, cap: int = BETWEENNESS_SAMPLES_CAP) -> int:
    """Sources for estimated betweenness: :func:`sample_size`, but at most ``cap`` (and at least ``minimum``)."""
    return min(n, max(minimum, min(sample_size(n, minimum), cap)))


def betweenness_estimate(ix: Indexed, weighted: bool = False, seed: int = 0,
                         samples: int = BETWEENNESS_SAMPLES, cap: int = BETWEENNESS_SAMPLES_CAP,
                         error: float | None = BETWEENNESS_ERROR, risk: float = BETWEENNESS_RISK,
                         kadabra_ties: int | None = None) -> BetweennessResult:
    """Estimated betweenness: from sampled sources, or by KADABRA where sources would take minutes.

    An unweighted, undirected network of more than ``kadabra_ties`` ties (default
    :data:`KADABRA_TIES`) is estimated by :func:`betweenness_kadabra`, aiming at every value
    within ``error`` except with probability ``risk``. KADABRA reads neither weights nor
    directions, so weighted or directed networks, smaller ones and ``error=None`` use
    :func:`betweenness_sampled`. Measured accuracy of both: benchmarks/README.md.
    """
    if capped_sample_size(ix.n, samples, cap) >= ix.n or ix.igraph.ecount() == 0:
        return betweenness(ix, weighted, seed, exact_limit=ix.n)  # a search from every actor costs no more
    large = ix.igraph.ecount() > (KADABRA_TIES if kadabra_ties is None else kadabra_ties)
    if error is not None and large and not weighted and not ix.directed:
        return betweenness_kadabra(ix, error, risk, seed)
    return betweenness_sampled(ix, weighted, seed, samples, cap)


def betweenness_kadabra(ix: Indexed, error: float = BETWEENNESS_ERROR, risk: float = BETWEENNESS_RISK,
                        seed: int = 0) -> BetweennessResult:
    """Betweenness of an unweighted, undirected network by KADABRA, aiming at ``error``.

    KADABRA (Borassi & Natale 2019, NetworKit's implementation) samples random shortest paths
    between random pairs of actors until, with probability at least 1 − ``risk``, every actor's
    estimate should be within ε of its exact value. It stops once its bound holds (adaptive
    sampling), so the work follows the accuracy asked for, not a fixed number of sources. But
    NetworKit 11.3's sampler does not split routes of the same length evenly, so an actor on
    one of several equal routes can be further off than ε (tests/metrics/test_estimates.py):
    the analysis says so beside the values instead of promising the bound.
    NetworKit's scores count a pair in each direction over n(n − 1), which is networkx's
    normalised betweenness (``normalized=True``) times 2(n − 2)/n; so

    .. math:: b(v) = \\frac{n}{2(n-2)} \\, \\tilde b(v), \\qquad
              \\varepsilon_{\\mathrm{KADABRA}} = \\frac{2(n-2)}{n} \\, \\mathrm{error}.

    One thread and NetworKit's generator seeded with ``seed``: the same input gives the same
    values (NetworKit's parallel sampling would not).

    References
    ----------
    Borassi, M. & Natale, E. (2019). KADABRA is an ADaptive Algorithm for Betweenness via
    Random Approximation. ACM J. Exp. Algorithmics 24, 1.2. doi:10.1145/3284359
    Angriman, E., van der Grinten, A. & Meyerhenke, H. (2019). Parallel adaptive sampling with
    almost no synchronization. Euro-Par 2019. doi:10.1007/978-3-030-29400-7_31
    """
    import networkit as nk  # reason: 1.4 s to import, needed only above KADABRA_TIES ties

    n = ix.n
    graph = nk.Graph(n, weighted=False, directed=False)
    graph.addEdges((ix.sources.astype(np.uint64), ix.targets.astype(np.uint64)))
    threads = nk.getMaxNumberOfThreads()
    nk.setNumberOfThreads(1)
    nk.setSeed(seed, False)
    try:
        kadabra = nk.centrality.KadabraBetweenness(graph, 2 * (n - 2) / n * error, risk)
        kadabra.run()
        scores = np.asarray(kadabra.scores(), dtype=float)
        paths = int(kadabra.getNumberOfIterations())
    finally:
        nk.setNumberOfThreads(threads)
    return BetweennessResult(scores * n / (2 * (n - 2)), False, paths, error, risk)


def betweenness_sampled(ix: Indexed, weighted: bool = False, seed: int = 0,
                        samples: int = BETWEENNESS_SAMPLES, cap: int = BETWEENNESS_SAMPLES_CAP
                        ) -> BetweennessResult:
    """Betweenness estimated from k = :func:`capped_sample_size` random sources, scaled by n/k.

    The same estimator as :func:`betweenness` above its limit (Brandes & Pich 2007), with the
    number of sources capped so that 50,000 actors take seconds, not minutes; normalised as
    networkx ``normalized=True``. Measured error: benchmarks/README.md.

    References
    ----------
    Brandes, U. & Pich, C. (2007). Centrality estimation in large networks. Int. J.
    Bifurcation and Chaos 17(7), 2303-2318. doi:10.1142/S0218127407018403
    """
    n = ix.n
    k = capped_sample_size(n, samples, cap)
    if n <= 2 or ix.igraph.ecount() == 0 or k >= n:
        return betweenness(ix, weighted, seed, exact_limit=n)
    rng = np.random.default_rng(seed)
    chosen = np.sort(rng.choice(n, size=k, replace=False)).tolist()
    lengths = "length" if weighted else None
    raw = np.asarray(ix.igraph.betweenness(directed=ix.directed, weights=lengths, sources=chosen)) * (n / k)
    scale = (1.0 if ix.directed else 2.0) / ((n - 1) * (n - 2))
    return BetweennessResult(raw * scale, False, k)


@dataclass(frozen=True)
class DistanceEstimate:
    """Closeness and harmonic centrality estimated from pivots, and what was sampled.

    ``distance_sums`` estimates Σ_v d(v, u) as :func:`closeness` returns it; ``pivots`` is the
    number of shortest-path searches; ``components_exact`` counts the actors whose values are
    exact because their component is small enough to search from every member.
    """

    closeness: np.ndarray
    harmonic: np.ndarray
    distance_sums: np.ndarray
    pivots: int
    components_exact: int


def pivot_distances(a: sp.csr_matrix, pivots: np.ndarray, directed: bool):
    """Yield (pivot block, weighted distances from each pivot to every actor of ``a``) in
    memory-bounded blocks, by scipy's Dijkstra. Distances follow the arcs of the length matrix
    ``a`` (from the pivot), so column u holds d(p, u), the incoming distance closeness and
    harmonic use; unreachable is ``inf``. (Hop distances need no rows:
    :func:`~netmap.metrics.searches.source_sums` sums them from every pivot at once.)
    """
    step = max(1, _BLOCK_ENTRIES // max(a.shape[0], 1))
    for start in range(0, len(pivots), step):
        block = pivots[start:start + step]
        yield block, csgraph.shortest_path(a, method="D", directed=directed, indices=block)


def length_matrix(ix: Indexed, weighted: bool) -> sp.csr_matrix:
    """Arc lengths as a sparse matrix: the weighted-path convention of :func:`~netmap.metrics.engine.tie_lengths`
    (strongest weight / weight) when ``weighted``, else 1 (both ways when undirected)."""
    lengths = tie_lengths(np.asarray(ix.weights, dtype=float)) if weighted else np.ones(len(ix.sources))
    rows, cols = ix.sources, ix.targets
    if not ix.directed:
        rows, cols, lengths = np.r_[rows, cols], np.r_[cols, rows], np.r_[lengths, lengths]
    return sp.csr_matrix((lengths, (rows, cols)), shape=(ix.n, ix.n))


def _pivot_sums(a: sp.csr_matrix, labels: np.ndarray, pivots: np.ndarray, directed: bool):
    """Per actor of ``a`` (lengths): Σ d(p, u), Σ 1/d(p, u), #pivots reaching u, #pivots in u's
    component (u excluded)."""
    n = a.shape[0]
    dist_sum, inv_sum, reached = np.zeros(n), np.zeros(n), np.zeros(n)
    in_component = pivots_beside(labels, pivots)
    for block, d in pivot_distances(a, pivots, directed):
        d[np.arange(len(block)), block] = np.inf
        finite = np.isfinite(d)
        d[~finite] = 0.0
        dist_sum += d.sum(axis=0)
        reached += finite.sum(axis=0)
        with np.errstate(divide="ignore"):
            np.divide(1.0, d, out=d, where=finite)
        d[~finite] = 0.0
        inv_sum += d.sum(axis=0)
    return dist_sum, inv_sum, reached, in_component


def choose_pivots(labels: np.ndarray, members: np.ndarray, samples: int, seed: int) -> np.ndarray:
    """A uniform random sample from each component among ``members``, of size proportional to
    the component (at least 64 or all of it), about ``samples`` in all."""
    rng = np.random.default_rng(seed)
    sizes = np.bincount(labels[members])
    chosen = []
    for c in np.flatnonzero(sizes):
        inside = members[labels[members] == c]
        k = min(len(inside), max(64, math.ceil(samples * len(inside) / len(members))))
        chosen.append(rng.choice(inside, size=k, replace=False))
    return np.sort(np.concatenate(chosen)).astype(np.int64) if chosen else np.zeros(0, dtype=np.int64)


def distance_estimate(ix: Indexed, weighted: bool = False, seed: int = 0,
                      samples: int = DISTANCE_SAMPLES) -> DistanceEstimate:
    """Closeness (Wasserman-Faust) and harmonic centrality estimated from sampled pivots.

    For actor u in weak component C with pivots P (u excluded, q = |P|), the sums over all
    other members of C are estimated by scaling the pivots' sum (Eppstein & Wang 2004):

    .. math::

        \\hat S(u) = \\frac{|C|-1}{q} \\sum_{p \\in P,\\, d(p,u)<\\infty} d(p, u), \\quad
        \\hat H(u) = \\frac{|C|-1}{q} \\sum_{p \\in P} \\frac{1}{d(p, u)}

    and, on directed networks, the number of actors reaching u,
    :math:`\\hat r - 1 = \\frac{|C|-1}{q} |\\{p: d(p,u)<\\infty\\}|` (undirected: exactly
    |C| - 1). Then closeness :math:`(\\hat r-1)^2 / ((n-1) \\hat S)` and harmonic
    :math:`\\hat H / (n-1)`, as :func:`closeness` and :func:`harmonic` define them. Actors
    outside C add nothing to either, so components of at most ``samples`` actors are searched
    from every member and are exact. On a connected undirected network the relative error of
    :math:`\\hat S` is O(Δ / (mean distance · √q)) with high probability (Δ the diameter).

    References
    ----------
    Eppstein, D. & Wang, J. (2004). Fast approximation of centrality. J. Graph Algorithms
    and Applications 8(1), 39-45. doi:10.7155/jgaa.00081
    """
    n = ix.n
    if n <= 1:
        return DistanceEstimate(np.zeros(n), np.zeros(n), np.zeros(n), 0, n)
    a = length_matrix(ix, weighted)
    _, labels = csgraph.connected_components(a, directed=True, connection="weak")
    sizes = np.bincount(labels)
    small = sizes[labels] <= samples
    big = np.flatnonzero(~small)
    big_pivots = choose_pivots(labels, big, samples, seed) if len(big) else np.zeros(0, dtype=np.int64)
    if weighted:
        dist_sum, inv_sum, reached, count, searched = _weighted_pivot_sums(a, labels, small, big, big_pivots,
                                                                           ix.directed, samples)
    else:  # every search at once, bit-parallel (netmap.metrics.searches); small components from every member
        pivots = np.sort(np.r_[big_pivots, np.flatnonzero(small)])
        found = source_sums(a, pivots, labels, ix.directed)
        dist_sum, inv_sum, reached = found.distances, found.inverse_distances, found.reached
        count = pivots_beside(labels, pivots)
        searched = len(pivots)
    with np.errstate(divide="ignore", invalid="ignore"):
        scale = np.where(count > 0, (sizes[labels] - 1) / np.maximum(count, 1), 0.0)
    sums = dist_sum * scale
    reach = reached * scale if ix.directed else (sizes[labels] - 1.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        close = np.where(sums > 0, reach * reach / np.where(sums > 0, sums, 1.0), 0.0) / (n - 1)
    harm = inv_sum * scale / (n - 1)
    return DistanceEstimate(close, harm, sums, searched, int(small.sum()))


def pivots_beside(labels: np.ndarray, pivots: np.ndarray) -> np.ndarray:
    """Per actor (node), the pivots (sources) in its component (``labels``) other than itself."""
    count = np.bincount(labels[pivots], minlength=int(labels.max()) + 1)[labels].astype(float)
    count[pivots] -= 1
    return count


def _weighted_pivot_sums(a: sp.csr_matrix, labels: np.ndarray, small: np.ndarray, big: np.ndarray,
                         big_pivots: np.ndarray, directed: bool, samples: int):
    """:func:`distance_estimate`'s sums along weighted paths, by Dijkstra from each pivot: the
    large components from their pivots, small ones from every member in batches of whole
    components, so that each block of distances stays small."""
    n = a.shape[0]
    dist_sum, inv_sum, reached, count = (np.zeros(n) for _ in range(4))
    parts = [(big, big_pivots)] if len(big) else []  # (actors, pivots within them)
    order = np.flatnonzero(small)[np.argsort(labels[small], kind="stable")]
    ends = np.flatnonzero(np.diff(labels[order])) + 1
    batch_start = 0
    for end in list(ends) + [len(order)]:
        if end - batch_start >= max(samples, 1) or end == len(order):
            members = order[batch_start:end]
            if len(members):
                parts.append((members, members))
            batch_start = end
    searched = 0
    for members, pivots in parts:
        if len(members) == n:  # one part holding everyone: no need to cut out a submatrix
            members = np.arange(n)
            sub, local_labels, local_pivots = a, labels, np.sort(pivots)
        else:
            position = np.full(n, -1)
            position[members] = np.arange(len(members))
            sub = a[members][:, members]
            local_labels = np.unique(labels[members], return_inverse=True)[1]
            local_pivots = position[pivots]
        sums = _pivot_sums(sub, local_labels, local_pivots, directed)
        for total, part in zip((dist_sum, inv_sum, reached, count), sums):
            total[members] = part
        searched += len(pivots)
    return dist_sum, inv_sum, reached, count, searched
