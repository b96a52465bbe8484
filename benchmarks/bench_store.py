"""Time of the project store on SQLite and PostgreSQL: adding a 50,000-tie wave and using it.

Usage: python benchmarks/bench_store.py [--ties 50000] [--actors 10000] [--pg-url URL]

Without ``--pg-url`` a throwaway PostgreSQL server is started with initdb/pg_ctl on a unix
socket (as the tests do; needs Debian's postgresql). For each backend the script prints the
seconds of: ``add_wave`` (one transaction: source file bytes, every actor and tie as text,
revision 1 with every row), ``load_network`` (read back and validate as an upload), an edit of
one cell (``edit_wave``: validate, diff, one revision), viewing revision 1 (replay), and
``dump``/``load`` of the project. Reading and validating the CSV (the same for both) is
printed once.
"""
from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from netmap.network import read_network  # noqa: E402
from netmap.store import SourceFile, open_store  # noqa: E402
from netmap.store.dump import load_project  # noqa: E402
from netmap.store.dump_writer import dump_project  # noqa: E402


def ties_csv(n_actors: int, n_ties: int, seed: int = 7) -> str:
    rng = random.Random(seed)
    seen, lines = set(), ["source,target,weight,type,since"]
    types = ["shares information", "refers", "funds", "partners"]
    while len(seen) < n_ties:
        a, b = rng.randrange(n_actors), rng.randrange(n_actors)
        if a != b and (min(a, b), max(a, b)) not in seen:
            seen.add((min(a, b), max(a, b)))
            lines.append(f"org-{a:05d},org-{b:05d},{rng.randint(1, 5)},{rng.choice(types)},{rng.randint(1990, 2025)}")
    return "\n".join(lines) + "\n"


def timed(label: str, fn, *args, **kwargs):
    start = time.perf_counter()
    value = fn(*args, **kwargs)
    print(f"  {label:<38} {time.perf_counter() - start:7.2f} s", flush=True)
    return value


def bench(db: str, label: str, network, files, folder: Path) -> None:
    print(f"{label}:")
    store = open_store(db, create=True)
    store.create_project("bench")
    timed("add_wave (one transaction)", store.add_wave, "bench", "wave 1", network, files=files)
    timed("load_network (read + validate)", store.load_network, "bench", "wave 1")
    _, ties = store.wave_frames("bench", "wave 1")
    ties.loc[100, "weight"] = "9"
    timed("edit one cell (edit_wave)", store.edit_wave, "bench", "wave 1", base_version=1, ties=ties, author="bench")
    timed("view revision 1 (replay)", store.load_network, "bench", "wave 1", revision=1)
    out = folder / f"dump-{label.split()[0].lower()}"
    timed("project dump", dump_project, store, "bench", out)
    other = open_store(str(folder / f"loaded-{label.split()[0].lower()}.db"), create=True)
    timed("project load (into SQLite)", load_project, other, out)
    other.close()
    store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ties", type=int, default=50_000)
    parser.add_argument("--actors", type=int, default=10_000)
    parser.add_argument("--pg-url", help="an empty PostgreSQL database (default: start a throwaway server)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = folder / "ties.csv"
        path.write_text(ties_csv(args.actors, args.ties))
        print(f"{args.ties:,} ties among {args.actors:,} actors ({path.stat().st_size / 2**20:.1f} MiB CSV)")
        network = timed("read + validate the CSV", read_network, path)
        files = [SourceFile.of("ties", "ties.csv", path.read_bytes())]
        bench(str(folder / "store.db"), "SQLite (file, WAL, synchronous=FULL)", network, files, folder)
        server = None
        url = args.pg_url
        if url is None:
            sys.path.insert(0, str(ROOT / "tests" / "store"))
            from pgserver import PgServer

            server = PgServer().start()
            url = server.new_database()
        try:
            bench(url, "PostgreSQL 15 (unix socket, throwaway server, fsync off)" if server else "PostgreSQL",
                  network, files, folder)
        finally:
            if server:
                server.stop()


if __name__ == "__main__":
    main()
