"""Error of netmap's estimates against exact values, on the seeded localities of bench_analysis.py.

Usage: nice python benchmarks/bench_estimates.py [--sizes 10000 50000]

For each size: betweenness from sampled sources (2,048 and 4,096) and by KADABRA (NetworKit,
aiming at ±0.005 and ±0.0025; with --betweenness), closeness
and harmonic centrality from 512 sampled pivots (Eppstein & Wang), the diameter from iFUB
bounds and the average path length from sampled sources, each against the exact value
(igraph's all-pairs searches, exact iFUB). Prints the Spearman rank correlation, the overlap
of the top 20, the median relative error and the seconds of each. Exact values take about
20 minutes at 50,000 actors on a 2-core machine.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np
from scipy.stats import spearmanr

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_analysis import locality  # noqa: E402

from netmap.metrics import centrality, cohesion  # noqa: E402
from netmap.metrics.engine import index_graph  # noqa: E402


def timed(fn, *args, **kwargs):
    start = time.perf_counter()
    value = fn(*args, **kwargs)
    return value, time.perf_counter() - start


def compare(name: str, exact: np.ndarray, estimate: np.ndarray, t_exact: float, t_estimate: float) -> None:
    top = len(set(np.argsort(-exact, kind="stable")[:20]) & set(np.argsort(-estimate, kind="stable")[:20]))
    positive = exact > 0
    rel = np.median(np.abs(estimate[positive] / exact[positive] - 1)) if positive.any() else float("nan")
    print(f"| {name} | {spearmanr(exact, estimate).statistic:.3f} | {top}/20 | {rel:.3f} | {t_estimate:.1f} s | "
          f"{t_exact:.1f} s |", flush=True)


def run(n: int, exact_betweenness: bool) -> None:
    network = locality(n)
    ix = index_graph(network.graph)
    print(f"\n## {n:,} actors, {network.n_ties:,} ties\n")
    print("| value | Spearman | top-20 | median relative error | estimate | exact |")
    print("|---|---:|---:|---:|---:|---:|", flush=True)
    if exact_betweenness:  # the longest part: 6-8 minutes at 50,000 actors
        exact_b, t_b = timed(centrality.betweenness, ix, exact_limit=n)
        for cap in sorted({centrality.BETWEENNESS_SAMPLES, 2 * centrality.BETWEENNESS_SAMPLES}):
            est, t = timed(centrality.betweenness_sampled, ix, seed=0, samples=centrality.BETWEENNESS_SAMPLES,
                           cap=cap)
            compare(f"betweenness, {est.samples:,} sources", exact_b.values, est.values, t_b, t)
        for error in (centrality.BETWEENNESS_ERROR, centrality.BETWEENNESS_ERROR / 2):  # issue 26: KADABRA
            est, t = timed(centrality.betweenness_kadabra, ix, error=error, seed=0)
            compare(f"betweenness, KADABRA aiming at ±{error:g} ({est.samples:,} paths)", exact_b.values, est.values,
                    t_b, t)
    # exact closeness, harmonic, path length and diameter in one all-pairs pass: every actor a pivot
    # (tests/metrics/test_estimates.py checks this equals networkx), eccentricities on the way
    (exact, diameter), t_exact = timed(all_pairs, ix)
    est, t = timed(centrality.distance_estimate, ix, seed=0)
    compare(f"closeness, {est.pivots} pivots", exact.closeness, est.closeness, t_exact, t)
    compare(f"harmonic, same {est.pivots} pivots", exact.harmonic, est.harmonic, t_exact, 0.0)
    labels = cohesion.components(ix)
    members = np.flatnonzero(labels == np.bincount(labels).argmax())
    size = len(members)
    exact_apl = exact.distance_sums[members].sum() / (size * (size - 1))
    est_apl_sums = est.distance_sums[members].sum() / (size * (size - 1))
    print(f"\naverage path length: exact {exact_apl:.4f}, estimated {est_apl_sums:.4f} "
          f"(relative error {abs(est_apl_sums / exact_apl - 1):.4f})")
    (lower, upper), t_bounds = timed(cohesion.diameter_bounds, ix, members)
    print(f"diameter: exact {diameter} (all pairs), bounds {lower}-{upper} ({t_bounds:.1f} s); "
          f"exact closeness + harmonic + diameter took {t_exact:.0f} s in one pass", flush=True)


def all_pairs(ix):
    """Exact closeness, harmonic centrality, distance sums and diameter of an undirected network
    from one breadth-first search per actor (the definitions of netmap.metrics.centrality)."""
    n = ix.n
    graph = ix.undirected_igraph()  # igraph's own searches: a reference netmap's code does not share
    dist_sum, inv_sum, diameter = np.zeros(n), np.zeros(n), 0
    for start in range(0, n, 256):
        d = np.array(graph.distances(source=list(range(start, min(n, start + 256)))), dtype=float)
        d[~np.isfinite(d)] = 0
        diameter = max(diameter, int(d.max()))
        dist_sum += d.sum(axis=0)
        np.divide(1.0, d, out=d, where=d > 0)
        inv_sum += d.sum(axis=0)
    labels = cohesion.components(ix)
    reach = np.bincount(labels)[labels] - 1.0
    closeness = np.divide(reach * reach, dist_sum, out=np.zeros(n), where=dist_sum > 0) / (n - 1)
    exact = centrality.DistanceEstimate(closeness, inv_sum / (n - 1), dist_sum, n, n)
    return exact, diameter


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 50_000])
    parser.add_argument("--betweenness", action="store_true", help="also exact betweenness (minutes at 50,000)")
    args = parser.parse_args()
    for n in args.sizes:
        run(n, args.betweenness)


if __name__ == "__main__":
    main()
