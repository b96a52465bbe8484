"""Run netmap, as a new user would, on the published networks in ../shared/realdata.

Usage: python benchmarks/real_networks.py [--data /work/shared/realdata] [--only NAME ...] [--report]

Each dataset folder holds ``actors.csv``, ``ties.csv`` and a ``SOURCE.md`` whose
"Options that fit" section gives the command line to use. For each dataset the script runs
``python -m netmap analyse`` with those options in this process (into a temporary folder),
then prints: seconds, peak resident memory (MiB, Linux ``VmHWM``), the CLI's own output,
the top-5 honest brokers with their evenness, and the top-5 under-used assets or the
sentence netmap gives for why there are none. With ``--report`` it also writes the full
meeting bundle (``report``: briefing, workbooks, map.svg/png). Extra ``*.graphml`` files in a
folder are read too and compared with the CSV version (actors, ties, direction).

The data are published by others and not ours to redistribute: they are read from the
shared folder and never copied into the repository. ``network-canvas`` is a format
reference, not a network with options, and is skipped.
"""
from __future__ import annotations

import argparse
import contextlib
import io
import shlex
import sys
import tempfile
import time
import traceback
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from netmap import analysis, cli  # noqa: E402

DEFAULT_DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "realdata"
SKIP = {"network-canvas"}


def suggested_options(source_md: Path) -> list[str]:
    """The options of the ``python -m netmap analyse`` line under "Options that fit"."""
    text = source_md.read_text(encoding="utf-8")
    section = text.split("## Options that fit", 1)[-1]
    for line in section.splitlines():
        line = line.strip().strip("`")
        if line.startswith("python -m netmap analyse"):
            words = shlex.split(line)[4:]  # after "python -m netmap analyse"
            options, skip = [], False
            for i, word in enumerate(words):
                if skip:
                    skip = False
                    continue
                if word in ("--out", "--actors"):
                    skip = True
                    continue
                if word.endswith(".csv") and i == 0:
                    continue
                options.append(word)
            return options
    raise SystemExit(f"{source_md}: no 'python -m netmap analyse' line under 'Options that fit'")


def run_cli(argv: list[str]) -> tuple[int, str, str, float, float]:
    """Run the CLI in this process; return status, stdout, stderr, seconds and peak MiB."""
    out, err = io.StringIO(), io.StringIO()
    analysis._reset_peak_memory()
    start = time.perf_counter()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = cli.main(argv)
        except BaseException:  # a traceback is a failure of this check: show it
            traceback.print_exc()
            status = -1
    seconds = time.perf_counter() - start
    return status, out.getvalue(), err.getvalue(), seconds, analysis.peak_memory_mib()


def show_tables(folder: Path, cli_output: str) -> None:
    brokers = pd.read_csv(folder / "brokers.csv", dtype={"id": str})
    top = brokers.dropna(subset=["broker_rank"]).head(5)
    print("  top-5 honest brokers (rank, name, group, score, evenness, betweenness, third-party share):")
    if len(top):
        for r in top.itertuples():
            print(f"    {int(r.broker_rank)}. {r.name} [{r.group}] score {r.broker_score:.3f}, evenness "
                  f"{r.evenness:.2f}, betweenness {r.betweenness:.4f}, third-party {r.third_party_share:.2f}")
    else:
        print("    (none)")
    assets = pd.read_csv(folder / "hidden_wealth.csv", dtype={"id": str})
    print("  top-5 under-used assets:")
    if len(assets):
        for a in assets.head(5).itertuples():
            print(f"    {a.name}: score {a.hidden_wealth_score:.3f} — {a.why}")
    else:
        said = [line for line in cli_output.splitlines() if "resource" in line.lower()
                or "hidden wealth" in line.lower() or "under-used" in line.lower()]
        print("    none; netmap says: " + (" / ".join(said) if said else "NOTHING (silent)"))


def run_dataset(folder: Path, report: bool) -> bool:
    options = suggested_options(folder / "SOURCE.md")
    ties, actors = folder / "ties.csv", folder / "actors.csv"
    print(f"=== {folder.name}: analyse ties.csv --actors actors.csv {' '.join(options)}")
    ok = True
    with tempfile.TemporaryDirectory() as tmp:
        argv = ["analyse", str(ties), "--actors", str(actors), *options, "--out", tmp]
        status, out, err, seconds, peak = run_cli(argv)
        print(f"  time {seconds:.2f} s, peak memory {peak:.0f} MiB, exit status {status}")
        for line in (out + err).splitlines():
            if not line.startswith("wrote "):
                print(f"  | {line}")
        if status != 0:
            return False
        show_tables(Path(tmp), out)
        if report:
            argv = ["report", str(ties), "--actors", str(actors), *options, "--out", str(Path(tmp) / "bundle")]
            status, out, err, seconds, peak = run_cli(argv)
            print(f"  report: time {seconds:.2f} s, peak memory {peak:.0f} MiB, exit status {status}")
            for line in (out + err).splitlines():
                if not line.startswith("wrote "):
                    print(f"  | {line}")
            ok = ok and status == 0
    for graph_file in sorted(folder.glob("*.graphml")):
        gopts = [o for o in options if o != "--directed"]  # the file says itself whether it is directed
        with tempfile.TemporaryDirectory() as tmp:
            status, out, err, seconds, peak = run_cli(["analyse", str(graph_file), *gopts, "--out", tmp])
            print(f"  {graph_file.name} (without --directed): time {seconds:.2f} s, exit status {status}")
            for line in (out + err).splitlines():
                if line.startswith(("analysed", "note", "read", "error", "changes")) or "Traceback" in line:
                    print(f"  | {line}")
            if status == 0:
                names = pd.read_csv(Path(tmp) / "actors.csv", dtype=str)["name"].head(5).tolist()
                print(f"  first names read from {graph_file.name}: {', '.join(names)}")
            ok = ok and status == 0
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="folder of dataset folders")
    parser.add_argument("--only", nargs="*", help="dataset folder names to run (default: all)")
    parser.add_argument("--report", action="store_true", help="also write the report bundle (slower)")
    args = parser.parse_args(argv)
    if not args.data.is_dir():
        print(f"no data folder at {args.data}", file=sys.stderr)
        return 2
    folders = [f for f in sorted(args.data.iterdir())
               if f.is_dir() and f.name not in SKIP and (f / "SOURCE.md").exists()
               and (not args.only or f.name in args.only)]
    failed = [f.name for f in folders if not run_dataset(f, args.report)]
    print(f"\n{len(folders) - len(failed)} of {len(folders)} datasets ran cleanly"
          + (f"; failed: {', '.join(failed)}" if failed else ""))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
