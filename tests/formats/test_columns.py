"""The columnar reader (issue 26) against the row reader, on every kind of file netmap meets."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from netmap.errors import FileProblem
from netmap.formats import spreadsheets
from netmap.formats.columns import RowView, TextColumns, record_shape
from netmap.formats.spreadsheets import decode, larger_tables, read_table
from tests import hostile
from tests.formats.agreement import check_agreement

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_FILES = sorted(p for p in (ROOT / "sample_networks").rglob("*") if p.suffix in (".csv", ".tsv", ".txt"))

#: Files written by hand, by Excel and by other tools: every quirk the row reader handles.
TRICKY = {
    "crlf and a lone cr.csv": b"a,b\r1,2\r\n3,\"x\r\ny\"\r\r\n5,6",
    "blank rows.csv": b"\n\nsource,target\na,b\n\n\nc,d\n\n\n",
    "spaces.csv": b" source , target \n 007 , 0042 \n",
    "quotes.csv": b'id,name,note\n1,"b""c","with, comma"\n2,"two\nlines",\n',
    "short and long rows.csv": b"source,target,weight\na,b\nc,d,2,extra\ne,f,,\n",
    "only separators.csv": b"source,target\n,,\n,\na,b\n",
    "semicolons.csv": "Quelle;Ziel;Gewicht\nMüller;Schmidt;2,5\n".encode("cp1252"),
    "tabs.tsv": b"source\ttarget\tweight\na\tb\t1.5\n",
    "pipes.txt": b"source|target\na|b\n",
    "no final newline.csv": b"source,target\na,b",
    "stray quote.csv": b'source,target\na"x,b\n',
    "unclosed quote.csv": b'source,target\n"a,b\n',
    "text after a quote.csv": b'source,target\n"a"x,b\n',
    "empty header cells.csv": b"source,,target,\na,1,b,\n",
    "control characters.csv": b"source,target\n\x1b[31mred\x1b[0m,b\nc,\x07d\n",
    "c1 controls.csv": "source,target\na\u0085b,c\u009b\n".encode("utf-8"),
    "whitespace controls.csv": b"source,target\n\x1f,b\na,\x0c\n",
    "bom.csv": b"\xef\xbb\xbfsource,target\na,b\n",
    "utf-16.csv": "source\ttarget\nZoë\tCafé\n".encode("utf-16"),
    "header only.csv": b"source,target\n",
    "separators only.csv": b",,\n,,\n",
}


def _check_bytes(name: str, data: bytes) -> bool:
    try:
        text, encoding = decode(name, data)
    except FileProblem:
        return False
    return check_agreement(name, text, encoding)


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_readers_agree_on_every_sample_file(path):
    assert _check_bytes(path.name, path.read_bytes()), "a sample file should be read in columns"


@pytest.mark.parametrize("name", sorted(TRICKY))
def test_readers_agree_on_tricky_files(name):
    _check_bytes(name, TRICKY[name])


def test_tricky_files_are_mostly_read_in_columns():
    # the row reader is for the files the columns cannot hold exactly, not for every quirk
    by_rows = {name for name, data in TRICKY.items() if not _check_bytes(name, data)}
    assert by_rows <= {"stray quote.csv", "unclosed quote.csv", "text after a quote.csv", "separators only.csv"}
    assert {"quotes.csv", "short and long rows.csv", "control characters.csv"}.isdisjoint(by_rows)


@pytest.mark.parametrize("name, data", [
    ("wide.csv", hostile.wide_csv(1_500)),
    ("wide rows.csv", hostile.wide_csv(400, rows=30)),
    ("long cell.csv", hostile.long_cell_csv(spreadsheets.MAX_CELL_CHARS + 1)),
    ("long header.csv", b"source,target," + b"h" * (spreadsheets.MAX_CELL_CHARS + 5) + b"\na,b,c\n"),
    ("fitting cell.csv", hostile.long_cell_csv(spreadsheets.MAX_CELL_CHARS)),
    ("controls.csv", hostile.control_characters_csv()),
], ids=lambda v: v if isinstance(v, str) else "")
def test_readers_agree_on_hostile_files(name, data):
    _check_bytes(name, data)


def test_readers_agree_at_the_row_and_cell_limits():
    limit = spreadsheets.MAX_ROWS
    rows = hostile.many_rows_csv(limit + 1)
    assert _check_bytes("rows.csv", rows)  # read in columns, and the same error
    with pytest.raises(FileProblem, match=r"row 200,002 has more than 200,000 rows"):
        read_table(("rows.csv", rows))
    with larger_tables(limit + 1):
        assert _check_bytes("rows.csv", rows)
        assert len(read_table(("rows.csv", rows)).rows) == limit + 1
    # the cell limit without the row limit (30 columns, 170,000 rows), and blank rows as well
    line = ",".join(str(i) for i in range(30)).encode() + b"\n"
    wide = line + line * 170_000
    assert _check_bytes("cells.csv", wide)
    with pytest.raises(FileProblem, match="row 166,668 has more than 5,000,000 cells"):
        read_table(("cells.csv", wide))
    assert _check_bytes("blank.csv", line + (line + b"\n") * 2_000)


def test_a_large_file_is_held_in_columns():
    data = hostile.many_rows_csv(1_000)
    table = read_table(("ties.csv", data))
    assert isinstance(table.rows, RowView) and isinstance(table.columns, TextColumns)
    assert table.columns.column(0)[:3].tolist() == ["0", "1", "2"] and table.rows[2] == (4, ["2", "3"])
    assert spreadsheets.text_columns(table) is table.columns


def test_record_shape_counts_cells_as_the_csv_module_does():
    ends, lengths = record_shape(b'a,"b,c"\n\n"x""y",\r\nz', ",")
    assert lengths.tolist() == [2, 0, 2, 1] and ends.tolist() == [7, 8, 17, 19]
    assert record_shape(b'a,b"c\n', ",") is None
    assert record_shape(b'"a,b\n', ",") is None


def test_columns_from_rows_keep_short_rows():
    cols = TextColumns.from_rows([(2, ["a", "b", "c"]), (4, ["d"])])
    assert cols.column(2).tolist() == ["c", ""] and cols.lengths.tolist() == [3, 1]
    assert list(RowView(cols)) == [(2, ["a", "b", "c"]), (4, ["d"])]
    assert np.array_equal(cols.numbers, [2, 4])
