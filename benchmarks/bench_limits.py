"""Time and peak memory of ``netmap validate`` on the largest files it accepts and on hostile files.

Each case runs ``netmap validate FILE --quiet`` in its own child process and reports the
wall time of the command (after Python has imported netmap) and the peak resident memory of
the whole child process (Linux ``VmHWM``: Python, pandas, networkx and igraph included; an
empty validate run is the ``baseline`` row). Files are generated into a temporary folder and
deleted afterwards.

    python benchmarks/bench_limits.py                 # every case (about 15 minutes on 2 cores)
    python benchmarks/bench_limits.py --only rows     # cases whose name contains "rows"

Limits (``netmap.formats.spreadsheets.LIMITS``): file 50 MiB, unzipped workbook 256 MiB, 200,000 rows,
1,000 columns, 5,000,000 cells per table, 32,767 characters per cell.
"""
from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from netmap.formats.spreadsheets import MAX_CELL_CHARS, MAX_CELLS, MAX_COLUMNS, MAX_FILE_BYTES, MAX_ROWS  # noqa: E402
from tests import hostile  # noqa: E402

_CHILD = """
import json, sys, time
from netmap.cli import main
start = time.perf_counter()
code = main(sys.argv[1:])
seconds = time.perf_counter() - start
# VmHWM, not ru_maxrss: Linux carries the parent's peak over into ru_maxrss across exec.
with open("/proc/self/status") as status:
    peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
print(json.dumps({"code": code, "seconds": seconds, "peak_mib": peak / 1024}))
"""


def _words(rng: random.Random, n: int) -> str:
    return "".join(rng.choice("abcdefghijklmnopqrstuvwxyz ") for _ in range(n))


def rows_at_limit() -> bytes:
    """200,000 ties (the row limit), 25 columns (5,000,000 cells: the cell limit), ~50 MiB."""
    rng = random.Random(1)
    columns = MAX_CELLS // MAX_ROWS  # 25
    header = ["source", "target", "weight", "type"] + [f"attr{i}" for i in range(columns - 4)]
    # characters per attribute cell: the four first cells and commas take about 42 bytes a row
    width = ((MAX_FILE_BYTES - 4096) // MAX_ROWS - 42) // (columns - 4) - 1
    lines = [",".join(header)]
    types = ["collaborates", "funds", "refers", "knows"]
    for i in range(MAX_ROWS):
        a, b = rng.randrange(50_000), rng.randrange(50_000)
        cells = [f"actor{a:05d}", f"actor{b:05d}", str(rng.randint(1, 5)), rng.choice(types)]
        cells += [f"{rng.randrange(10 ** width):0{width}d}" for _ in range(columns - 4)]
        lines.append(",".join(cells))
    return ("\n".join(lines) + "\n").encode()


def columns_at_limit() -> bytes:
    """1,000 columns (the column limit) × 5,000 rows (the cell limit), ~50 MiB."""
    rng = random.Random(2)
    rows = MAX_CELLS // MAX_COLUMNS
    width = (MAX_FILE_BYTES - 2 * 2**20) // (rows * MAX_COLUMNS) - 1
    header = ["source", "target"] + [f"q{i}" for i in range(3, MAX_COLUMNS + 1)]
    lines = [",".join(header)]
    for i in range(rows):
        cells = [f"p{i}", f"p{(i * 7 + 1) % rows}"] + [f"{rng.randrange(10 ** width):0{width}d}"
                                                        for _ in range(MAX_COLUMNS - 2)]
        lines.append(",".join(cells))
    return ("\n".join(lines) + "\n").encode()


def long_cells_at_limit() -> bytes:
    """Ties whose note cells hold 32,767 characters (the cell-length limit), ~50 MiB."""
    rng = random.Random(3)
    rows = (MAX_FILE_BYTES - 2**20) // (MAX_CELL_CHARS + 20)
    lines = ["source,target,note"]
    chunk = _words(rng, 4096)
    for i in range(rows):
        note = (chunk * 9)[i % 97: i % 97 + MAX_CELL_CHARS]
        lines.append(f"a{i},a{i + 1},{note}")
    return ("\n".join(lines) + "\n").encode()


def xlsx_rows_at_limit() -> bytes:
    """A workbook of 200,000 ties (the row limit)."""
    return hostile.many_rows_xlsx(MAX_ROWS)


def xlsx_unzipped_at_limit() -> bytes:
    """A workbook that unpacks to just under 256 MiB: 200,000 ties each with a 1,100-character note."""
    rng = random.Random(4)
    chunk = _words(rng, 2048)

    def parts():
        yield hostile._SHEET_HEAD + '<sheetData><row r="1">' + hostile._cell("A1", "source") + \
            hostile._cell("B1", "target") + hostile._cell("C1", "note") + "</row>"
        batch = []
        for i in range(2, MAX_ROWS + 2):
            note = chunk[i % 900: i % 900 + 1100]
            batch.append(f'<row r="{i}">{hostile._cell(f"A{i}", f"a{i}")}{hostile._cell(f"B{i}", f"a{i + 1}")}'
                         f'{hostile._cell(f"C{i}", note)}</row>')
            if len(batch) == 5_000:
                yield "".join(batch)
                batch = []
        yield "".join(batch) + "</sheetData></worksheet>"

    return hostile.workbook(parts())


def ties_49mb() -> bytes:
    """The review's 'legal' 49 MB CSV of 3.9 million ties (now past the row limit)."""
    rng = random.Random(5)
    return b"source,target\n" + b"".join(b"%d,%d\n" % (rng.randrange(10**5), rng.randrange(10**5))
                                         for _ in range(3_900_000))


def baseline() -> bytes:
    return b"source,target\na,b\n"


#: name -> (file suffix, generator, what it shows)
CASES = {
    "baseline (one tie)": (".csv", baseline, "accepted"),
    "rows+cells+size: 200,000 × 25 CSV": (".csv", rows_at_limit, "largest accepted"),
    "columns+cells+size: 5,000 × 1,000 CSV": (".csv", columns_at_limit, "largest accepted"),
    "cell length+size: 32,767-char cells CSV": (".csv", long_cells_at_limit, "largest accepted"),
    "rows: 200,000-tie workbook": (".xlsx", xlsx_rows_at_limit, "largest accepted"),
    "unzipped: workbook unpacking to 250 MiB": (".xlsx", xlsx_unzipped_at_limit, "largest accepted"),
    "hostile: A1:XFD1048576 + cell at A1048576": (".xlsx", hostile.dimension_bomb, "refused"),
    "hostile: cell in column XFD": (".xlsx", hostile.column_bomb_xlsx, "refused"),
    "hostile: one 300 MB cell in a workbook": (".xlsx", hostile.huge_cell_xlsx, "refused"),
    "hostile: workbook of 1,000,000 rows": (".xlsx", hostile.many_rows_xlsx, "refused"),
    "hostile: 100,000 columns CSV": (".csv", hostile.wide_csv, "refused"),
    "hostile: 1,000,000 columns CSV": (".csv", lambda: hostile.wide_csv(1_000_000), "refused"),
    "hostile: 3.9M ties, 49 MB CSV": (".csv", ties_49mb, "refused"),
    "hostile: control characters": (".csv", hostile.control_characters_csv, "cleaned"),
}


def run_case(path: Path) -> dict:
    result = subprocess.run([sys.executable, "-c", _CHILD, "validate", str(path), "--quiet"],
                            capture_output=True, text=True, cwd=ROOT)
    if result.returncode != 0 or not result.stdout.strip():
        return {"code": None, "seconds": float("nan"), "peak_mib": float("nan"), "error": result.stderr[-500:]}
    out = json.loads(result.stdout.strip().splitlines()[-1])
    out["error"] = result.stderr.strip().splitlines()[0] if result.stderr.strip() else ""
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="run only the cases whose name contains this text")
    args = parser.parse_args()
    print("| case | file | outcome | validate s | peak MiB | message |")
    print("|---|---:|---|---:|---:|---|")
    with tempfile.TemporaryDirectory() as folder:
        for name, (suffix, make, kind) in CASES.items():
            if args.only and args.only not in name:
                continue
            data = make()
            path = Path(folder) / f"case{suffix}"
            path.write_bytes(data)
            size = f"{len(data) / 2**20:.2f} MiB" if len(data) > 2**20 else f"{len(data) / 1024:.1f} KiB"
            del data
            r = run_case(path)
            outcome = {0: kind if kind != "refused" else "accepted (!)", 2: "refused"}.get(r["code"], "crashed")
            message = r["error"].replace("|", "/")[:110]
            print(f"| {name} | {size} | {outcome} | {r['seconds']:.1f} | {r['peak_mib']:.0f} | {message} |",
                  flush=True)
            path.unlink()


if __name__ == "__main__":
    main()
