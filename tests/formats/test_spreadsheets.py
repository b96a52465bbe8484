"""Reading the files people have: encodings, delimiters, quoting, Excel sheets."""
from __future__ import annotations

import codecs
from pathlib import Path

import openpyxl
import pytest

from netmap.errors import FileProblem
from netmap.formats.spreadsheets import MAX_FILE_BYTES, decode, parse_delimited, read_table, sniff_delimiter

TEXT = "source,target,weight\nCafé Nero,Zoë’s Bakery,2\n"


@pytest.mark.parametrize(
    "data, encoding",
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("utf-16"), "utf-16"),  # Excel's "Unicode text": BOM + UTF-16LE
        (TEXT.encode("utf-16-le"), "utf-16-le"),
        (TEXT.encode("cp1252"), "cp1252"),  # Excel on Windows, "CSV (comma delimited)"
    ],
)
def test_decodes_common_encodings(data, encoding):
    text, detected = decode("ties.csv", data)
    assert text.lstrip("\ufeff") == TEXT
    assert detected == encoding


def test_empty_and_binary_files_are_file_problems():
    with pytest.raises(FileProblem, match="ties.csv: is empty"):
        decode("ties.csv", b"  \n\n")
    with pytest.raises(FileProblem, match="binary"):
        decode("ties.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")


@pytest.mark.parametrize("delimiter", [",", ";", "\t", "|"])
def test_sniffs_delimiter_from_header(delimiter):
    text = delimiter.join(["source", "target", "note"]) + "\n" + delimiter.join(["a", "b", '"x, y; z"']) + "\n"
    assert sniff_delimiter(text) == delimiter
    table = parse_delimited("t.csv", text)
    assert table.header == ["source", "target", "note"]
    assert table.rows == [(2, ["a", "b", "x, y; z"])]


def test_quoted_newlines_keep_spreadsheet_row_numbers():
    text = 'id,notes\nA,"two\nlines"\n\nB,plain\n'
    table = parse_delimited("actors.csv", text)
    # A spreadsheet shows the two-line cell as one row: A is row 2, the blank row 3, B row 4.
    assert table.rows == [(2, ["A", "two\nlines"]), (4, ["B", "plain"])]
    assert table.blank_rows == [3]


def test_strips_spaces_keeps_leading_zeros():
    table = parse_delimited("t.csv", " source , target \n 007 , 0042 \n")
    assert table.header == ["source", "target"]
    assert table.rows == [(2, ["007", "0042"])]


def test_leading_blank_lines_move_the_header():
    table = parse_delimited("t.csv", "\n\nsource,target\na,b\n\n\n")
    assert table.header_row == 3
    assert table.rows == [(4, ["a", "b"])]
    assert table.blank_rows == []  # trailing blank lines are not rows anyone sees


def test_file_over_the_size_limit(tmp_path):
    path = tmp_path / "huge.csv"
    with open(path, "wb") as f:
        f.truncate(MAX_FILE_BYTES + 1)
    with pytest.raises(FileProblem, match=r"huge.csv: is 50.0 MiB; netmap reads files up to 50 MiB"):
        read_table(path)
    with pytest.raises(FileProblem, match="up to 50 MiB"):
        read_table(("upload.csv", b"x" * (MAX_FILE_BYTES + 1)))


def test_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path, monkeypatch):
    """Its size on disk is enough: a 2 GB file is never read into memory to be measured
    (scripts/mutate_guards.py: the check after reading alone gives the same message)."""
    path = tmp_path / "huge.csv"
    with open(path, "wb") as f:
        f.truncate(MAX_FILE_BYTES + 1)

    def never(self, *args, **kwargs):
        raise AssertionError(f"{self.name} was read")

    monkeypatch.setattr(Path, "read_bytes", never)
    with pytest.raises(FileProblem, match=r"huge.csv: is 50.0 MiB; netmap reads files up to 50 MiB"):
        read_table(path)


def test_missing_file():
    with pytest.raises(FileProblem, match="nope.csv: file not found"):
        read_table("/no/such/dir/nope.csv")


def _workbook(path, sheets):
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


def test_excel_cells_read_as_people_see_them(tmp_path):
    path = _workbook(tmp_path / "map.xlsx", {"Ties": [["Source", "Target", "Weight"], [1, "007", 2.0], [2, 3, 2.5]]})
    table = read_table(path, ("ties",))
    assert table.file == "map.xlsx [Ties]"
    assert table.rows == [(2, ["1", "007", "2"]), (3, ["2", "3", "2.5"])]


def test_excel_without_expected_sheet(tmp_path):
    path = _workbook(tmp_path / "map.xlsx", {"Sheet1": [["a"]], "Sheet2": [["b"]]})
    with pytest.raises(FileProblem, match=r"map.xlsx: has no sheet named 'ties'.*sheets found: 'Sheet1', 'Sheet2'"):
        read_table(path, ("ties",))


def test_corrupt_excel(tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 this is not really a zip file")
    with pytest.raises(FileProblem, match="broken.xlsx: is not a readable Excel"):
        read_table(path)
