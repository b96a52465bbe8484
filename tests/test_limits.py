"""Hostile files (issue 10, items 1-4): bounded reading, control characters, one-line errors.

Every hostile file is built in memory by :mod:`tests.hostile`. The files that used to take
gigabytes or minutes are read in a child process whose address space is capped at 1.5 GiB
and whose run is cut at 300 s, so that before the fix these tests fail (MemoryError, a
traceback, or the timeout) instead of taking the test machine down. Time and memory at each
limit are measured by ``benchmarks/bench_limits.py``, not here.
"""
from __future__ import annotations

import resource
import subprocess
import sys

import networkx as nx
import numpy as np
import pytest

from netmap.cli import main
from netmap.errors import FileProblem
from netmap.formats.spreadsheets import (
    MAX_CELL_CHARS,
    MAX_CELLS,
    MAX_COLUMNS,
    MAX_ROWS,
    MAX_UNZIPPED_BYTES,
    read_table,
    read_workbook,
)
from netmap.network import load_network, read_network
from netmap.validate import ACTOR_SHEETS, TIE_SHEETS
from tests import hostile
from tests.conftest import ROOT, SAMPLES

ADDRESS_SPACE = 3 * 2**29  # 1.5 GiB: a validate run on a small file needs about 0.6 GiB


def _cap_memory():
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))


def run_capped(*args):
    """``python -m netmap ARGS`` with at most 1.5 GiB of address space and 300 s."""
    env = {"PATH": "/usr/bin:/bin", "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1",
           "PYTHONPATH": str(ROOT)}
    try:
        return subprocess.run([sys.executable, "-m", "netmap", *map(str, args)], capture_output=True,
                              text=True, cwd=ROOT, timeout=300, preexec_fn=_cap_memory, env=env)
    except subprocess.TimeoutExpired:
        pytest.fail(f"netmap {' '.join(map(str, args))} ran past 300 s")


def one_line_error(result, *needles):
    assert result.returncode == 2, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]


# -- 1. bounded reading of workbooks -------------------------------------------------------

def test_declared_dimensions_are_ignored_and_a_far_cell_stops_at_the_row_limit(tmp_path):
    # 1.6 KB that declares A1:XFD1048576 and holds a cell at A1048576: it took 6 GB and 56 s.
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(hostile.dimension_bomb())
    assert path.stat().st_size < 4096
    line = one_line_error(run_capped("validate", path), "bomb.xlsx [ties]: row 1,048,576",
                          f"up to {MAX_ROWS:,} rows (the row limit)")
    assert line.startswith("error: ")


def test_a_cell_in_the_last_excel_column_stops_at_the_column_limit():
    with pytest.raises(FileProblem, match=rf"row 2 has 16,384 columns; netmap reads tables of up to "
                                          rf"{MAX_COLUMNS:,} columns \(the column limit\)"):
        read_workbook(("wide.xlsx", hostile.column_bomb_xlsx()), TIE_SHEETS, ACTOR_SHEETS)


def test_unzipped_size_is_checked_before_anything_is_parsed(tmp_path, monkeypatch):
    # 300 KB holding one 300 MB cell: it took 6.8 GB. The size is refused from the zip
    # directory alone; openpyxl must never be asked to open the workbook.
    data = hostile.huge_cell_xlsx(300)
    assert len(data) < 1_000_000
    import openpyxl

    def refuse(*args, **kwargs):
        raise AssertionError("the workbook was parsed")

    monkeypatch.setattr(openpyxl, "load_workbook", refuse)
    with pytest.raises(FileProblem, match=rf"unpacks to 300 MiB; netmap reads workbooks that unpack to at most "
                                          rf"{MAX_UNZIPPED_BYTES // 2**20} MiB \(the unzipped-size limit\)"):
        read_table(("cell.xlsx", data), TIE_SHEETS)
    path = tmp_path / "cell.xlsx"
    path.write_bytes(data)
    one_line_error(run_capped("validate", path), "cell.xlsx: unpacks to 300 MiB")


def test_a_long_cell_in_a_workbook_under_the_unzipped_limit_stops_at_the_cell_length_limit():
    data = hostile.huge_cell_xlsx(1)  # one cell of 1 MiB: 32 times Excel's own limit
    with pytest.raises(FileProblem, match=rf"row 3 column 'source' holds 1,048,576 characters; netmap reads "
                                          rf"cells of up to {MAX_CELL_CHARS:,} characters"):
        read_table(("cell.xlsx", data), TIE_SHEETS)


def test_only_the_ties_and_actors_sheets_are_read(tmp_path):
    # A workbook whose third sheet declares A1:XFD1048576 (a note in its last cell) loads:
    # only the sheets used are parsed. Reading every sheet took gigabytes.
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "ties"
    ws.append(["source", "target"])
    ws.append(["a", "b"])
    wb.create_sheet("actors").append(["id", "sector"])
    wb["actors"].append(["a", "council"])
    wb.create_sheet("notes")["XFD1048576"] = "far away"
    path = tmp_path / "map.xlsx"
    wb.save(path)
    result = run_capped("validate", path)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "actors:   2" in result.stdout


# -- 2. rows, columns and cells of delimited files ---------------------------------------------

def test_a_hundred_thousand_columns_stop_at_the_column_limit(tmp_path):
    # 1.1 MB with 100,000 columns: validation took 184 s (a per-column loop).
    path = tmp_path / "wide.csv"
    path.write_bytes(hostile.wide_csv(100_000))
    one_line_error(run_capped("validate", path), "wide.csv: row 1 has 100,000 columns",
                   f"up to {MAX_COLUMNS:,} columns (the column limit)")


def test_the_column_limit_is_inclusive_and_trailing_separators_do_not_count():
    table = read_table(("w.csv", hostile.wide_csv(MAX_COLUMNS, rows=2)))
    assert len(table.header) == MAX_COLUMNS and len(table.rows) == 2
    padded = b"source,target" + b"," * (MAX_COLUMNS + 50) + b"\na,b\n"  # Excel's rows of separators
    assert read_table(("p.csv", padded)).rows == [(2, ["a", "b"])]
    with pytest.raises(FileProblem, match=rf"w.csv: row 1 has {MAX_COLUMNS + 1:,} columns"):
        read_table(("w.csv", hostile.wide_csv(MAX_COLUMNS + 1)))


def test_row_limit():
    table = read_table(("ties.csv", hostile.many_rows_csv(MAX_ROWS)))
    assert len(table.rows) == MAX_ROWS and table.rows[-1][0] == MAX_ROWS + 1
    with pytest.raises(FileProblem, match=rf"ties.csv: row {MAX_ROWS + 2:,} has more than {MAX_ROWS:,} rows "
                                          rf"below the header; netmap reads tables of up to {MAX_ROWS:,} rows"):
        read_table(("ties.csv", hostile.many_rows_csv(MAX_ROWS + 1)))


def test_cell_limit():
    columns = 1_000
    rows = MAX_CELLS // columns + 1
    with pytest.raises(FileProblem, match=rf"row {rows + 1:,} has more than {MAX_CELLS:,} cells by this row"):
        read_table(("c.csv", hostile.wide_csv(columns, rows=rows)))


def test_cell_length_limit_is_excel_s():
    assert MAX_CELL_CHARS == 32_767
    ok = read_table(("t.csv", hostile.long_cell_csv(MAX_CELL_CHARS)))
    assert len(ok.rows[0][1][2]) == MAX_CELL_CHARS
    with pytest.raises(FileProblem, match=r"t.csv: row 2 column 'note' holds 32,768 characters; netmap reads cells "
                                          r"of up to 32,767 characters \(the cell-length limit, Excel's own\)"):
        read_table(("t.csv", hostile.long_cell_csv(MAX_CELL_CHARS + 1)))


def test_wide_tables_within_the_limits_validate_with_every_column():
    # 1,000 columns, 300 ties (one repeated): every attribute column arrives, repeats combine.
    data = hostile.wide_csv(MAX_COLUMNS, rows=300) + b"a0,b0" + b",2" * (MAX_COLUMNS - 2) + b"\n"
    network, report = load_network(("wide.csv", data))
    assert report.ok, report.errors[:1]
    assert list(network.ties.columns[:3]) == ["source", "target", "weight"]
    assert network.ties.shape == (300, MAX_COLUMNS + 1)
    first = network.ties.iloc[0]
    assert first["c3"] == "1; 2" and first["weight"] == 2.0
    assert network.ties.iloc[1]["c1000"] == "1"


# -- 3. control characters ----------------------------------------------------------------------

def test_control_characters_are_removed_with_a_warning_naming_the_rows(tmp_path):
    data = hostile.control_characters_csv()
    assert data.index(b"\x00") > 4096  # past the binary-file check
    network, report = load_network(("ties.csv", data))
    assert report.ok
    ids = set(network.actors["id"])
    assert {"[31mred[0m", "bell", "nulid", "plain"} <= ids
    assert not any(ch in "".join(map(str, ids)) for ch in "\x00\x01\x07\x1b")
    cleaned = [i for i in report.warnings if i.action == "cleaned"]
    assert {(i.column, i.rows) for i in cleaned} == {("source", (2, 3, 304)), ("type", (304,))}
    source = next(i for i in cleaned if i.column == "source")
    assert source.text == ("ties.csv, rows 2, 3, 304, column 'source': removed control characters (ESC, NUL, "
                           "U+0001) from 3 cell(s): they are invisible, cannot be saved in GraphML, GEXF or "
                           "Excel files and can disturb a terminal")


def test_control_characters_never_reach_the_terminal_and_every_output_reads_back(tmp_path):
    ties = tmp_path / "ties.csv"
    ties.write_bytes(hostile.control_characters_csv())
    result = subprocess.run([sys.executable, "-m", "netmap", "validate", ties], capture_output=True,
                            cwd=ROOT, timeout=300)
    assert result.returncode == 0, result.stderr
    assert not any(ch in result.stdout + result.stderr for ch in b"\x00\x01\x07\x1b")
    assert b"removed control characters (ESC, NUL, U+0001)" in result.stdout
    out = tmp_path / "out"
    assert main(["report", str(ties), "--out", str(out)]) == 0  # writing the workbooks raised before
    for name in ("network.graphml", "network.gexf"):
        graph = (nx.read_graphml if name.endswith("graphml") else nx.read_gexf)(out / name)
        assert "nulid" in graph
        again = read_network(out / name)
        assert set(again.actors["id"]) == set(graph.nodes)
    import openpyxl

    sheets = openpyxl.load_workbook(out / "netmap.xlsx", read_only=True)
    assert sheets.sheetnames


def test_control_characters_in_a_workbook_header_are_removed():
    # U+009B is the 8-bit form of ESC [ (a terminal control sequence); XML 1.0 allows it, so a
    # workbook can carry it (openpyxl refuses to write it, so the sheet XML is written here).
    data = hostile.workbook([
        '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
        'spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>sour\u009bce</t></is></c>'
        '<c r="B1" t="inlineStr"><is><t>target</t></is></c></row><row r="2"><c r="A2" t="inlineStr"><is>'
        '<t>a</t></is></c><c r="B2" t="inlineStr"><is><t>b&#x9;c</t></is></c></row></sheetData></worksheet>'])
    table = read_table(("m.xlsx", data), TIE_SHEETS)
    assert table.header == ["source", "target"]
    assert table.rows == [(2, ["a", "b\tc"])]  # a tab is an ordinary character
    assert table.cleaned == [(1, "source", "U+009B")]


# -- 4. one-line errors instead of tracebacks ---------------------------------------------------

@pytest.mark.parametrize("weights, shown", [
    (["1e300", "1", "1"], "weight 1e300 is outside the range netmap accepts, 1e-12 to 1e+12"),
    (["1e308", "1e308", "1"], "weight 1e308 is outside the range"),   # their sum is inf
    (["1e-320", "1", "1"], "weight 1e-320 is outside the range"),     # its length 1/w is inf
])
def test_extreme_weights_end_in_one_line_errors(tmp_path, weights, shown):
    # weight 1e300: OverflowError in modularity; 1e308 twice on one pair: the combined
    # weight was inf and igraph's betweenness stopped with an InternalError.
    path = tmp_path / "ties.csv"
    path.write_text("source,target,weight\n" + f"a,b,{weights[0]}\nb,a,{weights[1]}\nb,c,{weights[2]}\nc,a,1\n")
    for command in ("analyse", "report"):
        result = run_capped(command, path, "--weighted", "--out", tmp_path / command)
        assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr[-2000:]
        assert result.stderr.startswith(f"error: ties.csv, row 2, column 'weight': {shown}")
        # one line per error, and the hint that these are bad rows --skip-bad-rows could set aside
        assert all(line.startswith(("error: ties.csv, row ", "hint: every error is confined to its own row"))
                   for line in result.stderr.strip().splitlines())


def test_modularity_with_huge_weights_matches_networkx_on_rescaled_weights():
    from netmap.metrics.communities import modularity
    from netmap.metrics.engine import index_graph

    graph = nx.karate_club_graph()
    rng = np.random.default_rng(3)
    for u, v in graph.edges:
        graph.edges[u, v]["weight"] = float(rng.integers(1, 6)) * 1e300
    labels = np.array([0 if graph.nodes[v]["club"] == "Mr. Hi" else 1 for v in graph.nodes])
    scaled = nx.Graph()
    scaled.add_weighted_edges_from((u, v, d["weight"] / 1e300) for u, v, d in graph.edges(data=True))
    parts = [{v for v in graph if labels[v] == c} for c in (0, 1)]
    expected = nx.community.modularity(scaled, parts, weight="weight")  # networkx, weights 1 to 5
    assert modularity(index_graph(graph), labels, weighted=True) == pytest.approx(expected, rel=1e-12)


def test_header_only_ties_file_is_an_error_for_every_command(tmp_path):
    path = tmp_path / "ties.csv"
    path.write_text("source,target,weight\n")
    assert main(["validate", str(path)]) == 2
    for command in ("validate", "analyse", "report"):
        extra = [] if command == "validate" else ["--out", tmp_path / command]
        one_line_error(run_capped(command, path, *extra),
                       "error: ties.csv, row 1: has no ties (only a header): there is nothing to analyse")


def test_the_empty_templates_do_not_validate(capsys):
    folder = SAMPLES / "templates"
    assert main(["validate", str(folder / "ties.csv"), "--actors", str(folder / "actors.csv")]) == 2
    assert "has no ties (only a header)" in capsys.readouterr().err


def test_only_self_ties_leave_nothing_to_analyse():
    network, report = load_network(("ties.csv", b"source,target\na,a\nb,b\n"))
    assert network is None
    assert [i.text for i in report.errors] == [
        "ties.csv, row 1: has no ties once self-ties are dropped: there is nothing to analyse"]


def test_max_rows_raises_the_row_limit_for_one_command_only(tmp_path, monkeypatch, capsys):
    """--max-rows reads a larger file the user trusts (issue 15: a national register); the
    limit is back for the next read. The row limit is lowered here so the file stays small."""
    from netmap.formats import spreadsheets as io

    monkeypatch.setattr(io, "MAX_ROWS", 10)
    monkeypatch.setattr(io, "MAX_CELLS", 10 * 25)
    ties = tmp_path / "ties.csv"
    ties.write_text("source,target\n" + "".join(f"a{i},a{i + 1}\n" for i in range(15)))
    assert main(["validate", str(ties)]) == 2
    assert "more than 10 rows below the header" in capsys.readouterr().err
    assert main(["validate", str(ties), "--max-rows", "20"]) == 0
    assert "ties:     15" in capsys.readouterr().out
    assert (io.MAX_ROWS, io.MAX_CELLS) == (10, 250)  # restored
    assert main(["validate", str(ties), "--max-rows", "12"]) == 2
    with pytest.raises(SystemExit):
        main(["validate", str(ties), "--max-rows", "many"])
