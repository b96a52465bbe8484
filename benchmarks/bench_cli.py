"""Whole processes, as a person waits for them: `netmap --help`, `validate` and `analyse`
against an igraph-only script doing the same work (igraph_same_work.py), in one run.

Usage: nice python benchmarks/bench_cli.py [--sizes 2000 50000] [--repeat 3]

Each command runs as a fresh `python` process (imports included) on the seeded localities of
bench_analysis.py written as CSV; the best of --repeat runs is kept (small sizes; the largest
runs once). Peak memory is the child's maximum resident set size. Above 5,000 actors netmap
estimates betweenness, closeness and harmonic centrality; the igraph script then samples as
many sources and pivots, so the ratio compares the same work at the same approximation level.
Every child runs with OMP_NUM_THREADS=1 (netmap's own default since issue 15), so igraph's
PageRank uses one OpenMP thread in the igraph script too: the yardstick at its best.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")  # inherited by every child process timed here
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_analysis import locality  # noqa: E402

from netmap.metrics import centrality  # noqa: E402


def timed(command: list[str], cwd: Path = ROOT) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (user + system) and peak MiB of one child process. On a shared
    machine the wall time depends on the others' load; the CPU time much less."""
    with tempfile.NamedTemporaryFile("r", suffix=".txt") as peak:
        # GNU time reports the child's own peak (a fork of this process would inherit its size)
        start = time.perf_counter()
        proc = subprocess.run(["/usr/bin/time", "-f", "%U %S %M", "-o", peak.name, *command], cwd=cwd,
                              capture_output=True, text=True)
        seconds = time.perf_counter() - start
        if proc.returncode != 0:
            raise SystemExit(f"{' '.join(command)} failed:\n{proc.stdout}{proc.stderr}")
        user, system, kib = (float(v) for v in peak.read().split()[-3:])
    return seconds, user + system, kib / 1024


def best(command: list[str], repeat: int, cwd: Path = ROOT, out: Path | None = None) -> tuple[float, float, float]:
    """The run with the least CPU of ``repeat``; ``out`` (the output folder) is removed before
    each, so that every run writes into a new folder, as checkouts without --force need."""
    runs = []
    for _ in range(repeat):
        if out is not None:
            shutil.rmtree(out, ignore_errors=True)
        runs.append(timed(command, cwd))
    return min(runs, key=lambda r: r[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 50000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--before", metavar="DIR",
                        help="another netmap checkout (e.g. `git archive <commit> | tar -x -C DIR`) to time in the "
                             "same run, at sizes up to 10,000 actors")
    args = parser.parse_args()
    python = sys.executable
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        small = locality(150)
        small_actors, small_ties = small.to_csv(folder / "small")
        rows = []
        before = Path(args.before).resolve() if args.before else None
        checkouts = [("", ROOT)] + ([(" (before)", before)] if before else [])
        for label, cwd in checkouts:
            for name, command in (("--help", [python, "-m", "netmap", "--help"]),
                                  ("validate 150 actors", [python, "-m", "netmap", "validate", str(small_ties),
                                                           "--actors", str(small_actors)])):
                rows.append((name + label, *best(command, args.repeat, cwd)))
        rows.append(("python -c 'import pandas' (the floor for validate)",
                     *best([python, "-c", "import pandas"], args.repeat)))
        print("| command | wall s | CPU s | peak MiB |\n|---|---:|---:|---:|")
        for name, seconds, cpu, mib in rows:
            print(f"| {name} | {seconds:.2f} | {cpu:.2f} | {mib:.0f} |", flush=True)
        print("\n| actors | ties | netmap analyse wall / CPU s | peak MiB | igraph script wall / CPU s | peak MiB | "
              "netmap ÷ igraph (wall, CPU) |")
        print("|---:|---:|---:|---:|---:|---:|---:|", flush=True)
        for n in args.sizes:
            network = locality(n)
            actors, ties = network.to_csv(folder / str(n))
            repeat = args.repeat if n <= 10_000 else 1
            netmap_cmd = [python, "-m", "netmap", "analyse", str(ties), "--actors", str(actors), "--group-by", "sector",
                          "--out", str(folder / f"out{n}")]
            yard_cmd = [python, str(ROOT / "benchmarks" / "igraph_same_work.py"), str(ties), str(folder / f"ig{n}.csv")]
            if n > centrality.EXACT_BETWEENNESS_LIMIT:
                yard_cmd += ["--sources", str(centrality.capped_sample_size(n))]
            if n > centrality.EXACT_DISTANCE_LIMIT:
                yard_cmd += ["--pivots", str(centrality.DISTANCE_SAMPLES)]
            t_net, c_net, m_net = best(netmap_cmd, repeat, out=folder / f"out{n}")
            t_yard, c_yard, m_yard = best(yard_cmd, repeat)
            yard = f"{t_yard:.1f} / {c_yard:.1f} | {m_yard:.0f}"
            print(f"| {n:,} | {network.n_ties:,} | {t_net:.1f} / {c_net:.1f} | {m_net:.0f} | {yard} | "
                  f"{t_net / t_yard:.2f}, **{c_net / c_yard:.2f}** |", flush=True)
            if before and n <= 10_000:
                t_old, c_old, m_old = best(netmap_cmd, repeat, before, out=folder / f"out{n}")
                print(f"| {n:,} (before) | {network.n_ties:,} | {t_old:.1f} / {c_old:.1f} | {m_old:.0f} | {yard} | "
                      f"{t_old / t_yard:.2f}, {c_old / c_yard:.2f} |", flush=True)


if __name__ == "__main__":
    main()
