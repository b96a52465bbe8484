"""Time of comparing two waves of a 10,000-actor locality (``netmap compare``).

Usage: python benchmarks/bench_compare.py [--actors 10000] [--db URL_OR_PATH]

Wave 1 is the seeded planted-partition locality of ``bench_analysis.py``; wave 2 is wave 1
one "year" on, seeded: 2% of actors leave, as many new actors join (with 5 ties each), 5% of
the remaining ties end, as many new ties begin and 5% change strength. The script prints the
seconds of: each wave's analysis (``netmap.analyse``, group by sector), ``compare`` itself,
writing the four files, the layout and map of the app's *What changed* view, and, with a
store, saving both waves and loading them back (``--db`` a file path or a postgresql:// URL;
default a temporary SQLite file).
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_analysis import locality  # noqa: E402

from netmap.analysis import analyse  # noqa: E402
from netmap.compare import compare, write_changes  # noqa: E402
from netmap.network import StakeholderNetwork  # noqa: E402


def one_year_on(wave: StakeholderNetwork, seed: int = 7) -> StakeholderNetwork:
    """Wave 1 with seeded turnover of actors and ties (see the module docstring)."""
    rng = np.random.default_rng(seed)
    actors, ties = wave.actors.copy(), wave.ties.copy()
    n = len(actors)
    leaving = set(rng.choice(actors["id"].to_numpy(), size=n // 50, replace=False))
    actors = actors[~actors["id"].isin(leaving)]
    ties = ties[~ties["source"].isin(leaving) & ~ties["target"].isin(leaving)]
    ended = rng.random(len(ties)) < 0.05
    ties = ties[~ended].reset_index(drop=True)
    changed = rng.random(len(ties)) < 0.05
    ties.loc[changed, "weight"] = np.clip(ties.loc[changed, "weight"] + rng.choice([-1.0, 1.0], changed.sum()), 1, 5)
    joined = np.array([f"n{i:05d}" for i in range(n // 50)], dtype=object)
    sectors = np.array(["public", "private", "voluntary", "community"], dtype=object)
    new_actors = pd.DataFrame({"id": joined, "name": joined, "sector": sectors[rng.integers(0, 4, len(joined))]},
                              dtype=object)
    everyone = np.r_[actors["id"].to_numpy(), joined]
    sources = np.r_[np.repeat(joined, 5), rng.choice(everyone, int(ended.sum()))]
    targets = np.r_[rng.choice(actors["id"].to_numpy(), len(joined) * 5), rng.choice(everyone, int(ended.sum()))]
    new = pd.DataFrame({"source": sources, "target": targets, "weight": rng.integers(1, 6, len(sources)).astype(float)})
    new = new[new["source"] != new["target"]]
    key = lambda f: f["source"].where(f["source"] < f["target"], f["target"]) + "|" + \
        f["target"].where(f["source"] < f["target"], f["source"])  # noqa: E731
    new = new[~key(new).isin(set(key(ties)))].drop_duplicates(subset=None).assign(k=key).drop_duplicates("k")
    ties = pd.concat([ties, new.drop(columns="k")], ignore_index=True)
    return StakeholderNetwork(pd.concat([actors, new_actors], ignore_index=True), ties)


def timed(label: str, fn, *args, **kwargs):
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    print(f"  {label:<44} {time.perf_counter() - start:8.2f} s", flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actors", type=int, default=10_000)
    parser.add_argument("--db", help="store to time saving and loading the waves (default: a temporary SQLite file)")
    parser.add_argument("--store-only", action="store_true", help="time saving and loading the waves only")
    args = parser.parse_args()
    wave1 = locality(args.actors)
    wave2 = one_year_on(wave1)
    print(f"wave 1: {wave1.n_actors:,} actors, {wave1.n_ties:,} ties; wave 2: {wave2.n_actors:,} actors, "
          f"{wave2.n_ties:,} ties")
    with tempfile.TemporaryDirectory() as folder:
        from netmap.store import open_store

        db = args.db or str(Path(folder) / "bench.db")
        store = open_store(db, create=True)
        project = f"bench-{time.time_ns()}"
        store.create_project(project, author="bench")
        timed("store: save wave 1", store.add_wave, project, "wave 1", wave1, author="bench")
        timed("store: save wave 2", store.add_wave, project, "wave 2", wave2, author="bench")
        wave1 = timed("store: load wave 1", store.load_network, project, "wave 1")
        wave2 = timed("store: load wave 2", store.load_network, project, "wave 2")
        store.close()
        if args.store_only:
            return
        total = time.perf_counter()
        before = timed("analyse wave 1", analyse, wave1, group_by="sector")
        after = timed("analyse wave 2", analyse, wave2, group_by="sector")
        changes = timed("compare()", compare, before, after)
        timed("write the four files", write_changes, changes, Path(folder) / "out")
        print(f"  {'total (analyses + compare + files)':<44} {time.perf_counter() - total:8.2f} s")
        from netmap.render.changes_map import changes_map, union_graph
        from netmap.render.layout import layout_positions
        from netmap.render.network_map import map_html

        positions = timed("app: layout of both waves", layout_positions, union_graph(changes), 0)
        timed("app: changes map page", lambda: map_html(changes_map(changes, positions)))
    n = changes.numbers
    print(f"joined {n['actors']['joined']}, left {n['actors']['left']}; ties new {n['ties']['new']}, lost "
          f"{n['ties']['lost']}, stronger {n['ties']['stronger']}, weaker {n['ties']['weaker']}; betweenness "
          f"Spearman {n['rank_correlation']['betweenness']['spearman']:.3f}, community ARI "
          f"{n['community_agreement']['ari']:.3f}")


if __name__ == "__main__":
    main()
