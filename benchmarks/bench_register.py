"""A national register on one machine: whole `netmap analyse` processes on a Charity-Commission-
shaped two-mode register and a million-tie one-mode network, against an igraph/scipy script
doing the same kinds of work, in one run (issue 26).

Usage: nice -n 10 python benchmarks/bench_register.py [--sizes 1000 10000 100000 1000000]
       [--register] [--before DIR] [--limit 600] [--yardstick-limit S] [--load-only]

* ``--sizes``: one-mode networks of that many ties (about 3.3 ties per actor, as 1,000,000 ties
  among 300,000 actors) written as CSV; for each, ``netmap analyse`` and the igraph script
  (igraph_same_work.py with the same sampling) run as child processes.
* ``--register``: the seeded register (171,000 boards, 923,000 appointments; board sizes and
  boards per trustee long-tailed, a few trustees on dozens of boards) analysed as
  ``netmap analyse --affiliations``, against the scipy/igraph script of the same work
  (:func:`two_mode_yardstick`: the people × boards degrees, the co-presence projection capped
  as netmap caps it, and the one-mode work of igraph_same_work.py on it).
* ``--load-only``: only read and validate the files (``netmap validate``), the cost issue 26
  started from (a 1,000,000-tie CSV took 16 s and 680 MiB to load).
* ``--before DIR``: another checkout (e.g. ``git worktree add DIR main``) run on the same files
  in the same run, so the before/after ratio is from one run.

Each child is one process timed from ``wait4`` (wall and CPU seconds) and GNU time (peak
resident MiB of the process), killed after ``--limit`` seconds with its process group; a killed
child still reports the CPU seconds it used (its memory is then unknown). On a shared machine the wall time follows everyone else's
load: compare CPU seconds. Numbers are printed, never written
anywhere else: copy them into docs/performance.md by hand.
"""
from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

os.environ.setdefault("OMP_NUM_THREADS", "1")  # as bench_cli.py: the yardstick at its best
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from netmap.metrics import centrality  # noqa: E402

#: The register's shape (Charity Commission, 2024: about 171,000 charities and 923,000
#: trustee appointments).
BOARDS, APPOINTMENTS = 171_000, 923_000


def one_mode_csv(ties: int, path: Path, seed: int = 26) -> tuple[int, int]:
    """A seeded one-mode network of ``ties`` ties among ``ties * 0.3`` actors, with long-tailed
    degrees (a few hubs) and weights 1–5, written as a ties CSV. Returns (actors, ties)."""
    rng = np.random.default_rng(seed)
    n = max(int(ties * 0.3), 10)
    # preferential ends: an actor's chance to be an end grows with a Pareto-drawn activity
    activity = rng.pareto(2.0, size=n) + 1.0
    p = activity / activity.sum()
    drawn = int(ties * 1.15) + 10
    src = rng.choice(n, size=drawn, p=p)
    dst = rng.integers(0, n, size=drawn)
    keep = src != dst
    lo, hi = np.minimum(src[keep], dst[keep]), np.maximum(src[keep], dst[keep])
    pairs = np.unique(lo.astype(np.int64) * n + hi)
    pairs = rng.permutation(pairs)[:ties]
    lo, hi = pairs // n, pairs % n
    weight = rng.integers(1, 6, size=len(pairs))
    with open(path, "w", encoding="utf-8") as f:
        f.write("source,target,weight\n")
        lines = np.char.add(np.char.add(np.char.add(np.char.add("a", lo.astype(str)), ",a"), hi.astype(str)),
                            np.char.add(",", weight.astype(str)))
        f.write("\n".join(lines.tolist()))
        f.write("\n")
    return len(np.unique(np.r_[lo, hi])), len(pairs)


def register_csv(path: Path, boards: int = BOARDS, appointments: int = APPOINTMENTS, seed: int = 26
                 ) -> tuple[int, int, int]:
    """A seeded register shaped like the Charity Commission's, one row per appointment
    (``trustee,charity``). Board sizes are lognormal with a long tail (a few boards of
    hundreds), boards per trustee 1 + a Lomax draw (most sit on one board, a few on dozens).
    Returns (trustees, boards, appointments)."""
    rng = np.random.default_rng(seed)
    sizes = np.clip(np.rint(rng.lognormal(1.45, 0.65, size=boards)), 1, None)
    tail = rng.choice(boards, size=max(boards // 2000, 1), replace=False)
    sizes[tail] = rng.integers(50, 400, size=len(tail))  # national charities with large boards
    sizes = np.maximum(np.rint(sizes * appointments / sizes.sum()), 1).astype(np.int64)
    slots = np.repeat(np.arange(boards), sizes)
    if len(slots) < appointments:  # rounding left a few seats empty: give them to boards at random
        slots = np.r_[slots, rng.integers(0, boards, size=appointments - len(slots))]
    slots = rng.permutation(slots)[:appointments]
    per_trustee = np.minimum(1 + np.floor(rng.pareto(2.2, size=appointments)), 60).astype(np.int64)
    cut = int(np.searchsorted(np.cumsum(per_trustee), len(slots))) + 1
    trustee = np.repeat(np.arange(cut), per_trustee[:cut])[:len(slots)]
    with open(path, "w", encoding="utf-8") as f:
        f.write("person,group\n")
        lines = np.char.add(np.char.add(np.char.add("T", trustee.astype(str)), ",C"), slots.astype(str))
        f.write("\n".join(lines.tolist()))
        f.write("\n")
    return int(cut), len(np.unique(slots)), len(slots)


def timed(command: list[str], limit: float, cwd: Path = ROOT) -> tuple[float, float, float, str]:
    """Wall seconds, CPU seconds (user + system) and peak MiB of one child process (its own
    resource usage, from ``wait4``: also when it is killed, with its process group, after
    ``limit`` seconds); the state is "ok", "failed (code)" or "killed after … s"."""
    with tempfile.TemporaryFile("w+") as log, tempfile.NamedTemporaryFile("r", suffix=".txt") as peak:
        start = time.perf_counter()
        # GNU time reports the child's own peak memory (a fork of this process would start with
        # this process's size); its CPU, the child's included, comes from wait4 even when killed
        proc = subprocess.Popen(["/usr/bin/time", "-f", "%M", "-o", peak.name, *command], cwd=cwd, stdout=log,
                                stderr=subprocess.STDOUT, start_new_session=True)
        state = None
        while state is None:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                code = os.waitstatus_to_exitcode(status)
                state = "ok" if code == 0 else f"failed ({code})"
            elif time.perf_counter() - start > limit:
                used = _so_far(proc.pid)  # read before the kill: GNU time never reaps a killed child
                os.killpg(proc.pid, signal.SIGKILL)
                os.wait4(proc.pid, 0)
                return time.perf_counter() - start, *used, f"killed after {limit:.0f} s"
            else:
                time.sleep(0.05)
        seconds = time.perf_counter() - start
        proc.returncode = 0  # reaped above
        if state.startswith("failed"):
            log.seek(0)
            print(f"{' '.join(command)} {state}:\n{log.read()[-2000:]}", file=sys.stderr)
        fields = peak.read().split()
        mib = float(fields[-1]) / 1024 if fields and fields[-1].isdigit() else float("nan")
    return seconds, usage.ru_utime + usage.ru_stime, mib, state


def _so_far(pid: int) -> tuple[float, float]:
    """CPU seconds and peak MiB so far of the child of process ``pid`` (Linux /proc)."""
    try:
        child = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()[0]
        fields = Path(f"/proc/{child}/stat").read_text().rsplit(")", 1)[1].split()
        status = Path(f"/proc/{child}/status").read_text()
    except (OSError, IndexError):
        return float("nan"), float("nan")
    cpu = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime, stime
    peak = next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmHWM:")), 0)
    return cpu, peak / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[1_000, 10_000, 100_000, 1_000_000])
    parser.add_argument("--register", action="store_true", help="also the two-mode register")
    parser.add_argument("--before", metavar="DIR", help="another netmap checkout to time on the same files")
    parser.add_argument("--limit", type=float, default=600.0, help="seconds before a child is killed")
    parser.add_argument("--yardstick-limit", type=float, help="seconds before the igraph script is killed "
                        "(default: --limit); a killed script still bounds the ratio")
    parser.add_argument("--load-only", action="store_true", help="only `netmap validate` (reading)")
    args = parser.parse_args()
    python = sys.executable
    checkouts = [("now", ROOT)] + ([("before", Path(args.before).resolve())] if args.before else [])
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        jobs = []
        for ties in args.sizes:
            path = folder / f"ties{ties}.csv"
            actors, made = one_mode_csv(ties, path)
            yard = [python, str(ROOT / "benchmarks" / "igraph_same_work.py"), str(path), str(folder / "yard.csv"),
                    *_sampling(actors)]
            jobs.append((f"{made:,} ties, {actors:,} actors", [str(path)], made, yard))
        if args.register:
            path = folder / "register.csv"
            trustees, boards, rows = register_csv(path)
            yard = [python, str(ROOT / "benchmarks" / "igraph_two_mode_work.py"), str(path), str(folder / "yard.csv"),
                    *_sampling(trustees)]
            jobs.append((f"register: {rows:,} appointments, {trustees:,} trustees, {boards:,} boards",
                         ["--affiliations", str(path)], rows, yard))
        print("| input | command | wall s | CPU s | peak MiB | state |\n|---|---|---:|---:|---:|---|", flush=True)
        for label, files, rows, yard in jobs:
            results = {}
            for name, cwd in checkouts:
                out = folder / f"out-{name}"
                shutil.rmtree(out, ignore_errors=True)
                verb = ["validate"] if args.load_only else ["analyse", "--out", str(out)]
                command = [python, "-m", "netmap", *verb, *files, "--max-rows", str(max(rows, 200_000))]
                results[name] = timed(command, args.limit, cwd)
                _row(label, f"netmap {verb[0]} ({name})", results[name])
            if not args.load_only:
                results["yardstick"] = timed(yard, args.yardstick_limit or args.limit)
                _row(label, f"{Path(yard[1]).name} (same sampling)", results["yardstick"])
            for name, against in (("before", "now"), ("now", "yardstick")):
                if name in results and against in results:
                    a, b = results[name], results[against]
                    bound = "" if a[3] == b[3] == "ok" else "a bound: one was killed"
                    print(f"| {label} | {name} ÷ {against} | {a[0] / b[0]:.2f} | {a[1] / b[1]:.2f} | "
                          f"{a[2] / b[2]:.2f} | {bound} |", flush=True)


def _sampling(actors: int) -> list[str]:
    """The yardstick's sampling, as netmap samples a network of ``actors`` (bench_cli.py's rule)."""
    options = []
    if actors > centrality.EXACT_BETWEENNESS_LIMIT:
        options += ["--sources", str(centrality.capped_sample_size(actors))]
    if actors > centrality.EXACT_DISTANCE_LIMIT:
        options += ["--pivots", str(centrality.DISTANCE_SAMPLES)]
    return options


def _row(label: str, command: str, result: tuple) -> None:
    wall, cpu, mib, state = result
    print(f"| {label} | {command} | {wall:.1f} | {cpu:.1f} | {mib:.0f} | {state} |", flush=True)


if __name__ == "__main__":
    main()
