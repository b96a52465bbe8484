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

``--cases [--before DIR]`` (issue 21, item 2) instead measures the inputs that made memory
grow with the square of the file: one space with 3,000 people, one with 6,000, one person in
10,000 spaces, and a seeded mixture of a locality's spaces (clubs, services, three large
spaces, partnerships, two officers in 300 spaces each). Each case runs, in a fresh process
for each of the two code trees (``--before``: a checkout of earlier code, e.g. ``git worktree
add /tmp/before85 85afb0c``; and this tree):

* ``python -m netmap analyse --affiliations FILE --out DIR``, its time and peak resident
  memory (the child's ``ru_maxrss``, from ``os.wait4``);
* the shared-spaces stages alone, each with its own peak (Linux VmHWM, reset per stage):
  reading, ``analyse_spaces`` (with the communities as groups, as the CLI uses them),
  closing the largest space, and the app's two projection maps ("People who meet at the same
  spaces", "Spaces that share users").

A run whose resident memory passes ``--limit-mib`` (default 8,192, and never within 3 GiB of
the memory available) or ``--timeout`` is stopped and shown as such.
"""
from __future__ import annotations

import argparse
import csv
import json
import os
import signal
import subprocess
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
    parser.add_argument("--cases", action="store_true",
                        help="instead: the issue 21 cases (one space of 3,000 and of 6,000 people, one person in "
                             "10,000 spaces, a mixture), the CLI and the spaces stages, before and after")
    parser.add_argument("--limits", action="store_true",
                        help="as --cases, with a file at each limit of the spaces path (LIMIT_CASES)")
    parser.add_argument("--before", metavar="DIR", help="with --cases: a checkout of the code to compare with")
    parser.add_argument("--only", metavar="NAME", help="with --cases: only the cases whose name contains NAME")
    parser.add_argument("--limit-mib", type=int, default=8192, help="with --cases: stop a run above this memory")
    parser.add_argument("--timeout", type=int, default=900, help="with --cases: stop a run after this many seconds")
    args = parser.parse_args()
    if args.accuracy:
        accuracy(args)
        return
    if args.cases or args.limits:
        cases(args)
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
        if "sector" not in network.actors.columns:
            # at 85afb0c an actors file given beside affiliations alone is not read (its
            # attributes are dropped with the empty ties table): add the sectors and needs here
            import dataclasses

            import pandas as pd

            given = pd.read_csv(folder / "actors.csv", dtype=str, keep_default_na=False).set_index("id")
            network = dataclasses.replace(network, actors=network.actors.assign(
                sector=network.actors["id"].map(given["sector"]),
                needs=network.actors["id"].map(given["needs"]).replace("", None)))
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


# --- issue 21: the cases whose memory grew with the square of the file ----------------------

def _write_affiliations(path: Path, links) -> None:
    with open(path, "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["person", "space"])
        w.writerows(links)


def _mixture(path: Path, seed: int = 21) -> None:
    """A locality's spaces: 5,000 people in four wards; 300 clubs and groups (3-40 users, mostly
    from one ward), 40 services (100-400 users: surgeries, schools), a leisure centre (2,500),
    a market (1,500) and a library (900) drawn from everyone, 40 partnerships of 8-25 of 120
    organisations, and two officers who attend 300 spaces each."""
    rng = np.random.default_rng(seed)
    people = [f"p{i:04d}" for i in range(5000)]
    ward = rng.integers(0, 4, size=len(people))
    by_ward = [np.flatnonzero(ward == w) for w in range(4)]
    links = set()

    def local(size: int, home: int) -> np.ndarray:
        near = rng.choice(by_ward[home], size=min(int(size * 0.8), len(by_ward[home])), replace=False)
        far = rng.choice(len(people), size=size - len(near), replace=False)
        return np.union1d(near, far)

    spaces = []
    for j in range(300):
        spaces.append((f"club-{j:03d}", local(int(np.clip(rng.lognormal(2.4, 0.6), 3, 40)), j % 4)))
    for j in range(40):
        spaces.append((f"service-{j:02d}", local(int(rng.integers(100, 401)), j % 4)))
    for name, size in (("leisure-centre", 2500), ("market", 1500), ("library", 900)):
        spaces.append((name, rng.choice(len(people), size=size, replace=False)))
    for space, members in spaces:
        links.update((people[i], space) for i in members)
    organisations = [f"org-{i:03d}" for i in range(120)]
    for j in range(40):
        for i in rng.choice(len(organisations), size=int(rng.integers(8, 26)), replace=False):
            links.add((organisations[i], f"partnership-{j:02d}"))
    names = [name for name, _ in spaces] + [f"partnership-{j:02d}" for j in range(40)]
    for officer in ("officer-a", "officer-b"):
        links.update((officer, names[i]) for i in rng.choice(len(names), size=300, replace=False))
    _write_affiliations(path, sorted(links))


CASES = {
    "one space, 3,000 people": lambda path: _write_affiliations(path, [(f"p{i:05d}", "market") for i in range(3000)]),
    "one space, 6,000 people": lambda path: _write_affiliations(path, [(f"p{i:05d}", "market") for i in range(6000)]),
    "one person, 10,000 spaces": lambda path: _write_affiliations(path, [("p1", f"s{j:05d}") for j in range(10000)]),
    "mixture (5,000 people, 383 spaces)": _mixture,
}

def _spaces_of(path: Path, spaces: int, users: int, people: int, seed: int = 31) -> None:
    """``spaces`` spaces of exactly ``users`` users each, drawn from ``people`` people."""
    rng = np.random.default_rng(seed)
    _write_affiliations(path, [(f"p{i:05d}", f"s{j:05d}") for j in range(spaces)
                               for i in sorted(rng.choice(people, size=users, replace=False))])


def _spread(path: Path, links: int, people: int, spaces: int, seed: int = 32) -> None:
    """``links`` distinct affiliations of ``people`` people to ``spaces`` spaces, at random."""
    rng = np.random.default_rng(seed)
    pairs: set[tuple[int, int]] = set()
    while len(pairs) < links:
        need = links - len(pairs)
        pairs.update(zip(rng.integers(0, people, size=need).tolist(), rng.integers(0, spaces, size=need).tolist()))
    _write_affiliations(path, [(f"p{i:05d}", f"s{j:04d}") for i, j in sorted(pairs)])


#: --limits (issue 21, "time and peak memory at each limit"): a file at each limit of the
#: spaces path, just under it. name -> (writer, whether to run the whole CLI too: not for a file
#: of one huge space, whose every user is a community of their own, quadratic outside the spaces
#: code)
LIMIT_CASES = {
    "200,000 affiliations (row limit): 50,000 people, 2,000 spaces":
        (lambda path: _spread(path, 200_000, 50_000, 2_000), True),
    "6,666 spaces of 30 users (COPRESENCE_CAP): 199,980 affiliations":
        (lambda path: _spaces_of(path, 6_666, 30, 50_000), True),
    "400 spaces of 500 users (LARGE_SPACE, pairs listed): 200,000 affiliations":
        (lambda path: _spaces_of(path, 400, 500, 50_000), True),
    "one space of 199,999 users (row limit)":
        (lambda path: _write_affiliations(path, [(f"p{i:06d}", "market") for i in range(199_999)]), False),
    "one person in 199,999 spaces (row limit)":
        (lambda path: _write_affiliations(path, [("p1", f"s{j:06d}") for j in range(199_999)]), True),
}

#: Run in a child process with the tree to measure first on sys.path: each shared-spaces stage
#: with its own peak resident memory.
STAGES = r"""
import json, sys, time, types
import numpy as np
from netmap.analysis import _reset_peak_memory, peak_memory_mib
from netmap.network import load_network
from netmap.metrics import communities
from netmap.insights.spaces import analyse_spaces, space_closure
from netmap.render.spaces_map import build_spaces_map

def stage(name, fn, *args, **kwargs):
    _reset_peak_memory()
    start = time.perf_counter()
    out = fn(*args, **kwargs)
    print("STAGE " + json.dumps([name, time.perf_counter() - start, peak_memory_mib()]), flush=True)
    return out

network, report = stage("read and check", load_network, None, affiliations=sys.argv[1])
ix = network.index()
labels = communities.detect_communities(ix, "leiden", 1.0, 0, False).labels
names = [str(c) for c in range(int(labels.max()) + 1)]
spaces = stage("shared spaces (analyse_spaces)", analyse_spaces, network, ix.nodes, labels, names, "community")
largest = spaces.spaces.sort_values(["users", "id"], ascending=[False, True])["id"].iloc[0]
stage("close the largest space", space_closure, spaces, largest)
result = types.SimpleNamespace(spaces=spaces, group_column="community",
                               actors=network.actors.assign(community=labels[[ix.index[a] for a in network.actors["id"]]]))
stage("map: people who meet at the same spaces", build_spaces_map, result, "people")
stage("map: spaces that share users", build_spaces_map, result, "spaces")
print("NOTES " + json.dumps(spaces.notes), flush=True)
"""


def _available_mib() -> float:
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) / 1024
    return float("inf")


def _measured(command: list[str], tree: Path, limit_mib: float, timeout: float) -> dict:
    """Run ``command`` with ``tree`` first on the path; its wall time, peak resident memory
    (ru_maxrss of the child) and output, or why it was stopped."""
    env = dict(os.environ, PYTHONPATH=str(tree))
    with tempfile.TemporaryFile() as log:
        start = time.perf_counter()
        child = subprocess.Popen(command, cwd=tree, env=env, stdout=log, stderr=subprocess.STDOUT)
        stopped = None
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            try:
                with open(f"/proc/{child.pid}/status") as f:
                    rss = next((int(line.split()[1]) / 1024 for line in f if line.startswith("VmRSS:")), 0.0)
            except OSError:
                rss = 0.0
            if stopped is None and (rss > limit_mib or time.perf_counter() - start > timeout):
                stopped = f"stopped above {limit_mib:,.0f} MiB" if rss > limit_mib else f"stopped after {timeout:,} s"
                os.kill(child.pid, signal.SIGKILL)
            time.sleep(0.1)
        child.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.perf_counter() - start
        log.seek(0)
        output = log.read().decode("utf-8", "replace")
    return {"seconds": seconds, "peak_mib": usage.ru_maxrss / 1024, "stopped": stopped,
            "failed": None if stopped or child.returncode == 0 else output.strip().splitlines()[-1:],
            "output": output}


def _cell(run: dict | None, key: str = "") -> str:
    if run is None:
        return f"{'':>10} {'':>10}"
    if run.get("stopped"):
        return f"{run['stopped']:>21}"
    if run.get("failed"):
        return f"{'failed':>21}"
    return f"{run['seconds']:8.1f} s {run['peak_mib']:6.0f} MiB"


def cases(args) -> None:
    after = Path(__file__).resolve().parent.parent
    trees = [("before", Path(args.before).resolve())] if args.before else []
    trees.append(("after", after))
    limit = min(args.limit_mib, _available_mib() - 3072)
    print("trees: " + ", ".join(f"{name} = {tree}" for name, tree in trees) + f"; runs stop above {limit:,.0f} MiB "
          f"or after {args.timeout:,} s; load average {os.getloadavg()[0]:.1f}")
    rows = []
    chosen = LIMIT_CASES if args.limits else {name: (write, True) for name, write in CASES.items()}
    skipped = {"seconds": float("nan"), "peak_mib": float("nan"), "stopped": "not run (quadratic)", "failed": None}
    with tempfile.TemporaryDirectory() as tmp:
        for case, (write, whole) in chosen.items():
            if args.only and args.only not in case:
                continue
            path = Path(tmp) / f"{len(rows)}.csv"
            write(path)
            size = path.stat().st_size
            runs: dict[str, dict] = {}
            for name, tree in trees:
                out = Path(tmp) / f"out-{name}"
                cli = _measured([sys.executable, "-m", "netmap", "analyse", "--affiliations", str(path), "--out",
                                 str(out), "--force"], tree, limit, args.timeout) if whole else skipped
                stages = _measured([sys.executable, "-c", STAGES, str(path)], tree, limit, args.timeout)
                runs[name] = {"cli": cli, "stages": {}, "notes": []}
                for line in stages["output"].splitlines():
                    if line.startswith("STAGE "):
                        stage, seconds, peak = json.loads(line[6:])
                        runs[name]["stages"][stage] = {"seconds": seconds, "peak_mib": peak}
                    elif line.startswith("NOTES "):
                        runs[name]["notes"] = json.loads(line[6:])
                if stages["stopped"] or stages["failed"]:
                    runs[name]["stages"]["(the rest)"] = stages
                print(f"  measured {case} ({name})", flush=True)
            rows.append((case, size, runs))
    names = [name for name, _ in trees]
    print()
    print(f"{'case / what':<46} " + " ".join(f"{name:>21}" for name in names))
    for case, size, runs in rows:
        print(f"{case} ({size / 1024:,.0f} KB of affiliations)")
        print(f"  {'python -m netmap analyse (whole run)':<44} " + " ".join(_cell(runs[n]['cli']) for n in names))
        stages = list(dict.fromkeys(s for n in names for s in runs[n]["stages"]))
        for stage in stages:
            print(f"  {stage:<44} " + " ".join(_cell(runs[n]["stages"].get(stage)) for n in names))
        for n in names:
            for note in runs[n]["notes"]:
                print(f"  note ({n}): {note}")
            if runs[n]["cli"]["failed"]:
                print(f"  the CLI failed ({n}): {runs[n]['cli']['failed']}")


if __name__ == "__main__":
    main()
