"""Time and memory of the shared-spaces analysis on a seeded two-mode locality.

Usage: python benchmarks/bench_spaces.py [--people 50000] [--spaces 2000] [--affiliations 100000]

The locality: ``people`` actors in four sectors, ``spaces`` spaces, ``affiliations`` links.
Five spaces are very large (3,000, 2,500, 2,000, 1,500 and 1,000 users: a leisure centre, a
market …); the rest share the remaining links at random. The files are written as CSV and
the script times, with the process's peak resident memory (Linux VmHWM):

1. reading and checking them (``load_network`` with no ties file: the actor network is the
   capped co-presence projection);
2. the shared-spaces analysis (``analyse_spaces``: two-mode degree, closeness and
   betweenness, pair counts, scores, under-used spaces, suggestions);
3. closing the largest space;
4. apart: the six projections (actors and spaces × count, Newman, Jaccard), uncapped, sparse
   (the analysis itself builds only the actor count projection, inside step 2).

Target (issue 13): 100,000 affiliations analysed (steps 1-3) in at most 60 s and 2 GiB on 2
cores. The one-mode analysis of the 50,000-actor network (what ``netmap analyse`` does next
with the "meets at" ties) is bench_analysis.py's business: minutes at that size.
"""
from __future__ import annotations

import argparse
import csv
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from netmap.analysis import _reset_peak_memory, peak_memory_mib  # noqa: E402
from netmap.insights.spaces import analyse_spaces, space_closure  # noqa: E402
from netmap.metrics import twomode  # noqa: E402
from netmap.network import load_network  # noqa: E402

BIG = [3000, 2500, 2000, 1500, 1000]
SECTORS = ["public", "private", "voluntary", "community"]
OFFERS = ["hall", "meeting room", "kitchen", "rooms to hire", "IT suite", ""]


def write_locality(folder: Path, people: int, spaces: int, links: int, seed: int = 13) -> None:
    rng = np.random.default_rng(seed)
    with open(folder / "actors.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "name", "sector", "needs"])
        sectors = rng.integers(0, 4, size=people)
        for i in range(people):
            need = "a meeting room" if i % 50 == 0 else ""
            w.writerow([f"p{i:05d}", f"Person {i}", SECTORS[sectors[i]], need])
    with open(folder / "spaces.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["id", "name", "kind", "capacity", "offers"])
        for j in range(spaces):
            w.writerow([f"s{j:04d}", f"Space {j}", "place", int(rng.integers(10, 400)), OFFERS[j % len(OFFERS)]])
    pairs = set()
    for j, size in enumerate(BIG):
        for i in rng.choice(people, size=size, replace=False):
            pairs.add((int(i), j))
    while len(pairs) < links:
        need = links - len(pairs)
        actors = rng.integers(0, people, size=need)
        places = rng.integers(len(BIG), spaces, size=need)
        pairs.update(zip(actors.tolist(), places.tolist()))
    with open(folder / "affiliations.csv", "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["person", "space", "frequency"])
        for i, j in sorted(pairs):
            w.writerow([f"p{i:05d}", f"s{j:04d}", 1 + (i + j) % 4])


def stage(name: str, fn, *args, **kwargs):
    _reset_peak_memory()
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    seconds = time.perf_counter() - start
    print(f"{name:<48} {seconds:8.2f} s   peak {peak_memory_mib():7.0f} MiB", flush=True)
    return result, seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=50_000)
    parser.add_argument("--spaces", type=int, default=2_000)
    parser.add_argument("--affiliations", type=int, default=100_000)
    parser.add_argument("--accuracy", action="store_true",
                        help="instead: sampled against exact two-mode closeness and betweenness (Spearman, top-20 "
                             "overlap) at the given size; exact takes one breadth-first search per node")
    args = parser.parse_args()
    if args.accuracy:
        accuracy(args)
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write_locality(folder, args.people, args.spaces, args.affiliations)
        print(f"{args.people:,} people × {args.spaces:,} spaces, {args.affiliations:,} affiliations "
              f"(largest spaces {', '.join(f'{b:,}' for b in BIG)} users)")
        total = 0.0
        (network, report), t = stage("read and check (no ties file)", load_network, None, folder / "actors.csv",
                                     affiliations=folder / "affiliations.csv", spaces=folder / "spaces.csv")
        total += t
        assert network is not None, report.errors[:3]
        names = sorted(network.actors["sector"].dropna().unique())
        code = {s: i for i, s in enumerate(names)}
        ids = list(network.graph.nodes)
        sector = network.actors.set_index("id")["sector"]
        codes = np.array([code[sector[a]] for a in ids])
        spaces, t = stage("shared spaces (centrality, scores, suggestions)", analyse_spaces, network, ids, codes,
                          names, "sector")
        total += t
        largest = spaces.spaces.sort_values("users", ascending=False)["id"].iloc[0]
        closure, t = stage(f"close the largest space ({largest})", space_closure, spaces, largest)
        total += t
        print(f"{'two-mode analysis total':<48} {total:8.2f} s   (target ≤ 60 s, ≤ 2,048 MiB)")
        tm, extra = spaces.two_mode, 0.0
        for side in ("actors", "spaces"):
            for weighting in twomode.WEIGHTINGS:
                p, t = stage(f"projection {side} × {side} ({weighting})", twomode.project, tm, side, weighting)
                extra += t
                print(f"{'':<48} {p.nnz:,} non-zeros ({p.data.nbytes + p.indices.nbytes >> 20} MiB), "
                      f"format {p.format}")
                del p
        print(f"{'the six projections on their own':<48} {extra:8.2f} s")
        print("notes:", "; ".join(spaces.notes) or "none")
        top = spaces.spaces.iloc[0]
        print(f"top shared space {top['id']}: {top['users']} users, score {top['shared_space_score']:.3f}; "
              f"{(spaces.spaces['under_used_score'] >= 0.5).sum()} under-used; {len(spaces.suggestions)} suggestions; "
              f"closing {largest} loses {closure.lost_pairs:,} cross-group pairs")


def accuracy(args) -> None:
    from scipy.stats import spearmanr

    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write_locality(folder, args.people, args.spaces, args.affiliations)
        network, _ = load_network(None, folder / "actors.csv", affiliations=folder / "affiliations.csv",
                                  spaces=folder / "spaces.csv")
    tm = twomode.two_mode_index(list(network.graph.nodes), list(network.spaces["id"]), network.affiliations)
    sampled, t_sampled = stage("sampled (512 sources)", twomode.path_centrality, tm)
    exact, t_exact = stage("exact", twomode.path_centrality, tm, exact_limit=tm.n)
    for name in ("closeness_actors", "closeness_spaces", "betweenness_actors", "betweenness_spaces"):
        a, b = getattr(sampled, name), getattr(exact, name)
        top = len(set(np.argsort(-a)[:20]) & set(np.argsort(-b)[:20]))
        print(f"{name:<20} Spearman {spearmanr(a, b)[0]:.3f}, top-20 overlap {top}/20, "
              f"largest relative error of the top 20 {np.max(np.abs(a - b)[np.argsort(-b)[:20]] / b[np.argsort(-b)[:20]]):.3f}")


if __name__ == "__main__":
    main()
