"""National-registry scale: 200,000 actors and about 1,000,000 ties, read from CSV, analysed
and written, in one process; prints each stage's seconds and peak memory.

Usage: nice python benchmarks/bench_scale.py [--actors 200000] [--degree 10]

Goal (issue 15): complete within 10 minutes and 4 GiB, with estimates (sampled betweenness,
closeness and harmonic, diameter bounds) as `netmap analyse` uses by default. Run it rarely:
it takes minutes on a shared 2-core machine. The tables are read with the row limit raised, as
`--max-rows` does: the default limit (200,000 rows) guards against hostile files.
"""
from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
import types
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_analysis import locality  # noqa: E402

from netmap import analysis  # noqa: E402
from netmap.formats.spreadsheets import larger_tables  # noqa: E402
from netmap.network import read_network  # noqa: E402
from netmap.outputs.folder import write_analysis  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actors", type=int, default=200_000)
    parser.add_argument("--degree", type=float, default=10.0, help="average ties per actor")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        actors_csv, ties_csv = locality(args.actors, mean_degree=args.degree).to_csv(folder / "in")
        analysis.MEASURE_MEMORY = True
        # stage times in CPU seconds of this process: on a shared machine the wall time follows
        # everyone else's load (a niced process may get a tenth of a core)
        analysis.time = types.SimpleNamespace(perf_counter=time.process_time)
        wall = time.perf_counter()
        analysis._reset_peak_memory()
        start = time.process_time()
        with larger_tables(int(args.actors * args.degree)):  # as `--max-rows` does on the command line
            network = read_network(str(ties_csv), str(actors_csv))
        read = time.process_time() - start
        read_peak = analysis.peak_memory_mib()
        print(f"## {network.n_actors:,} actors, {network.n_ties:,} ties\n", flush=True)
        result = analysis.analyse(network, group_by="sector")
        analysed = time.process_time() - start - read
        analysis._reset_peak_memory()
        write_start = time.process_time()
        write_analysis(result, folder / "out")
        written = time.process_time() - write_start
        total = time.process_time() - start
        wall = time.perf_counter() - wall
        self_usage = resource.getrusage(resource.RUSAGE_SELF)
        rows = [("read + validate + graph", read, read_peak)] + [
            (stage, seconds, result.peak_memory.get(stage, float("nan"))) for stage, seconds in result.timings.items()
        ] + [("write tables", written, analysis.peak_memory_mib())]
        print("| stage | CPU seconds | peak MiB |\n|---|---:|---:|")
        for stage, seconds, peak in sorted(rows, key=lambda r: -r[1]):
            print(f"| {stage} | {seconds:.1f} | {peak:.0f} |")
        print(f"| **total** | **{total:.0f}** | **{max(r[2] for r in rows):.0f}** |")
        print(f"\nanalysis {analysed:.0f} CPU s; read + analyse + write: {total:.0f} CPU s, {wall:.0f} s wall "
              f"(process peak {self_usage.ru_maxrss / 1024:.0f} MiB, including building the test network); notes:")
        for note in result.notes:
            print(f"- {note}")


if __name__ == "__main__":
    main()
