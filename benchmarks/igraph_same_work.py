"""The yardstick for bench_cli.py: an igraph-only script doing the work of `netmap analyse`.

Usage: python benchmarks/igraph_same_work.py TIES.csv OUT.csv [--sources K] [--pivots P] [--seed S]

Reads the ties file (csv module), builds the graph and computes what netmap computes, at the
same approximation level: PageRank, coreness, clustering, Leiden, constraint, cut points and
bridges, betweenness (exact, or from K sampled sources), closeness, harmonic centrality and
the average path length (exact, or from P sampled pivots), the diameter (exact, or the
4-sweep lower bound when sampling), then writes one row per actor. No pandas, networkx or
scikit-learn: what a person fluent in igraph would write to get the same table.
"""
from __future__ import annotations

import argparse
import csv
import random

import igraph as ig
import numpy as np


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("ties")
    parser.add_argument("out")
    parser.add_argument("--sources", type=int, default=0, help="sampled betweenness sources (0 = exact)")
    parser.add_argument("--pivots", type=int, default=0, help="sampled distance pivots (0 = exact)")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    with open(args.ties, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    g = ig.Graph.TupleList(((r["source"], r["target"], float(r.get("weight") or 1)) for r in rows),
                           directed=False, edge_attrs=["weight"])
    same_work(g, args.out, args.sources, args.pivots, args.seed)


def same_work(g: ig.Graph, out_path: str, sources: int = 0, pivots: int = 0, seed: int = 0) -> None:
    """The work of `netmap analyse` on the igraph graph ``g`` (vertex attribute ``name``),
    written to ``out_path``: what bench_register.py's two-mode yardstick also runs on its projection."""
    args = argparse.Namespace(sources=sources, pivots=pivots, seed=seed, out=out_path)
    n = g.vcount()
    rng = np.random.default_rng(args.seed)
    ig.set_random_number_generator(random.Random(args.seed))
    pagerank = g.pagerank()
    core = g.coreness()
    clustering = g.transitivity_local_undirected(mode="zero")
    leiden = g.community_leiden(objective_function="modularity", n_iterations=-1).membership
    constraint = g.constraint()
    cut = set(g.articulation_points())
    bridges = len(g.bridges())
    if args.sources and args.sources < n:
        sources = np.sort(rng.choice(n, size=args.sources, replace=False)).tolist()
        betweenness = np.asarray(g.betweenness(sources=sources)) * n / args.sources
    else:
        betweenness = np.asarray(g.betweenness())
    if args.pivots and args.pivots < n:
        pivots = np.sort(rng.choice(n, size=args.pivots, replace=False)).tolist()
        dist_sum, inv_sum = np.zeros(n), np.zeros(n)
        for start in range(0, len(pivots), 64):
            d = np.asarray(g.distances(source=pivots[start:start + 64]), dtype=float)
            finite = np.isfinite(d) & (d > 0)
            dist_sum += np.where(finite, d, 0).sum(axis=0)
            inv_sum += np.where(finite, 1 / np.where(finite, d, 1), 0).sum(axis=0)
        scale = (n - 1) / len(pivots)
        closeness = np.where(dist_sum > 0, 1 / (dist_sum * scale), 0) * (n - 1)
        harmonic = inv_sum * scale / (n - 1)
        apl = dist_sum.sum() * scale / (n * (n - 1))
        # diameter: the 4-sweep lower bound
        far = int(np.argmax(g.distances(source=[int(np.argmax(g.degree()))])[0]))
        diameter = max(g.eccentricity(vertices=[far]))
    else:
        closeness = np.asarray(g.closeness(), dtype=float)
        harmonic = np.asarray(g.harmonic_centrality(), dtype=float)
        apl = g.average_path_length()
        diameter = g.diameter()
    with open(args.out, "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["id", "betweenness", "closeness", "harmonic", "pagerank", "clustering", "core_number",
                      "constraint", "community", "articulation_point"])
        for i, name in enumerate(g.vs["name"]):
            out.writerow([name, betweenness[i], closeness[i], harmonic[i], pagerank[i], clustering[i], core[i],
                          constraint[i], leiden[i], i in cut])
    print(f"igraph: {n} actors, diameter {diameter}, average path length {apl:.3f}, {bridges} bridges")


if __name__ == "__main__":
    main()
