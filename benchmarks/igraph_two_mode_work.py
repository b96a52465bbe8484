"""The yardstick for bench_register.py's register: an igraph/scipy script doing the kinds of work
`netmap analyse --affiliations` does on a people × boards file.

Usage: python benchmarks/igraph_two_mode_work.py AFFILIATIONS.csv OUT.csv [--cap 30] [--sources K]
       [--pivots P] [--two-mode-sources S] [--seed 0]

Reads the two columns (csv module), builds the people × boards incidence matrix B with scipy,
the two-mode degrees, two-mode betweenness from S sampled sources (igraph, on the bipartite
graph), the co-presence projection B·W·Bᵀ over the boards of at most ``cap`` members with
Newman's weights 1/(members − 1), and then the one-mode work of igraph_same_work.py on the
projection (same sampling). What a person fluent in igraph and scipy would write.
"""
from __future__ import annotations

import argparse
import csv

import igraph as ig
import numpy as np
import scipy.sparse as sp
from igraph_same_work import same_work


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("affiliations")
    parser.add_argument("out")
    parser.add_argument("--cap", type=int, default=30)
    parser.add_argument("--sources", type=int, default=0)
    parser.add_argument("--pivots", type=int, default=0)
    parser.add_argument("--two-mode-sources", type=int, default=512)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    with open(args.affiliations, newline="", encoding="utf-8") as f:
        reader = csv.reader(f)
        next(reader)
        people, boards = zip(*((r[0], r[1]) for r in reader))
    person_ids, person = np.unique(np.array(people, dtype=object), return_inverse=True)
    board_ids, board = np.unique(np.array(boards, dtype=object), return_inverse=True)
    b = sp.csr_matrix((np.ones(len(person)), (person, board)), shape=(len(person_ids), len(board_ids)))
    b.data[:] = 1.0  # a repeated appointment counts once
    degree_people, degree_boards = np.diff(b.indptr), np.asarray(b.sum(axis=0)).ravel()
    n, m = b.shape
    coo = b.tocoo()
    bipartite = ig.Graph(n=n + m, edges=np.column_stack([coo.row, coo.col + n]), directed=False)
    rng = np.random.default_rng(args.seed)
    chosen = np.sort(rng.choice(n + m, size=min(args.two_mode_sources, n + m), replace=False)).tolist()
    two_mode_betweenness = np.asarray(bipartite.betweenness(sources=chosen)) * (n + m) / len(chosen)
    kept = np.where((degree_boards > 1) & (degree_boards <= args.cap), 1.0 / np.maximum(degree_boards - 1, 1), 0.0)
    projection = sp.triu(b @ sp.diags(kept) @ b.T, k=1).tocoo()
    g = ig.Graph(n=n, edges=np.column_stack([projection.row, projection.col]), directed=False)
    g.es["weight"] = projection.data
    g.vs["name"] = person_ids.tolist()
    g.delete_vertices(np.flatnonzero(np.asarray(g.degree()) == 0).tolist())  # as a ties file would list them
    print(f"two-mode: {n} people, {m} boards, top degree {degree_people.max()} / {degree_boards.max()}, "
          f"top betweenness {two_mode_betweenness.max():.0f}; projection {g.vcount()} people, {g.ecount()} ties")
    same_work(g, args.out, args.sources, args.pivots, args.seed)


if __name__ == "__main__":
    main()
