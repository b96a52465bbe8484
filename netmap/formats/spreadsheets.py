"""Read the files people actually have (CSV in any common dialect, Excel) into raw tables.

Nothing here decides what a column means; that is :mod:`netmap.validate`'s job. A
:class:`RawTable` keeps every cell as text, stripped of stray spaces, with the row number a
person sees in a spreadsheet (header = row 1, blank rows counted), so that every later
message can point at the right row.
"""
from __future__ import annotations

import codecs
import contextlib
import csv
import datetime as dt
import io
import os
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from netmap.errors import FileProblem

if TYPE_CHECKING:
    from netmap.formats.columns import TextColumns

__all__ = [
    "read_sheets",
    "MAX_FILE_BYTES",
    "MAX_ROWS",
    "MAX_COLUMNS",
    "MAX_CELLS",
    "MAX_CELL_CHARS",
    "MAX_UNZIPPED_BYTES",
    "LIMITS",
    "larger_tables",
    "RawTable",
    "read_bytes",
    "Source",
    "read_table",
    "read_workbook",
    "source_name",
    "text_columns",
]

#: Largest file netmap reads (50 MiB): far above any locality map typed by hand (a
#: 50,000-tie CSV is about 2 MiB), small enough that a mistaken upload cannot exhaust memory.
MAX_FILE_BYTES = 50 * 1024 * 1024
#: Most rows below the header in one table (ties or actors). The analysis of 170,000 ties
#: takes about ten minutes (benchmarks/README.md), so a larger map could not be analysed
#: anyway; the limit bounds what reading and validation hold in memory and how long a
#: workbook takes to stream.
MAX_ROWS = 200_000
#: Most columns in one table. Ties and actors files have a handful; a wide survey export a
#: few hundred. Counted up to the last non-empty cell of a row.
MAX_COLUMNS = 1_000
#: Most cells in one table (every row's cells up to its last non-empty one). Each cell held
#: costs about 60 bytes in Python, so this caps a table near 300 MiB however it is shaped.
MAX_CELLS = 5_000_000
#: Longest cell, in characters, after surrounding spaces are removed: Excel's own limit, so
#: every table netmap writes back to a workbook still opens in Excel.
MAX_CELL_CHARS = 32_767
#: Largest total size of a workbook's contents once unzipped, checked before any of it is
#: parsed: an .xlsx is a zip file, and a few kilobytes can unpack to gigabytes.
MAX_UNZIPPED_BYTES = 256 * 1024 * 1024
#: Every limit, for help texts and the README.
LIMITS = {
    "file size": f"{MAX_FILE_BYTES // 2**20} MiB",
    "unzipped workbook": f"{MAX_UNZIPPED_BYTES // 2**20} MiB",
    "rows per table": f"{MAX_ROWS:,}",
    "columns per table": f"{MAX_COLUMNS:,}",
    "cells per table": f"{MAX_CELLS:,}",
    "characters per cell": f"{MAX_CELL_CHARS:,}",
}


@contextlib.contextmanager
def larger_tables(rows: int):
    """Read tables of up to ``rows`` rows (and cells in proportion) inside this block: the
    command line's ``--max-rows``, for a large file the user trusts (a national register).

    The limits guard the app and the default command line against hostile or mistaken files;
    raising them is a deliberate act, never an upload's. Memory grows with the rows (about
    1 GiB per million ties read and analysed; benchmarks/README.md).
    """
    global MAX_ROWS, MAX_CELLS
    saved = MAX_ROWS, MAX_CELLS
    MAX_ROWS = max(rows, saved[0])
    MAX_CELLS = max(saved[1], saved[1] // saved[0] * MAX_ROWS)  # the same cells per row
    try:
        yield
    finally:
        MAX_ROWS, MAX_CELLS = saved

#: Control characters (C0 except tab, line feed and carriage return; DEL; C1). They cannot
#: be stored in XML (GraphML, GEXF, .xlsx), and ESC sequences would drive the terminal that
#: prints a message quoting them, so they are removed at reading, with a warning.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_CONTROL_NAMES = {0x00: "NUL", 0x07: "BEL", 0x08: "BS", 0x1B: "ESC", 0x7F: "DEL"}

#: A file on disk, or an upload as ``(file name, bytes)``.
Source = str | os.PathLike | tuple[str, bytes]

EXCEL_SUFFIXES = (".xlsx", ".xlsm")
DELIMITERS = ",;\t|"

csv.field_size_limit(MAX_FILE_BYTES)


@dataclass(frozen=True)
class RawTable:
    """A table as read: header and rows of stripped text, with spreadsheet row numbers.

    Attributes
    ----------
    file : str
        Name to show the user, e.g. ``ties.csv`` or ``map.xlsx [Connections]``.
    header : list of str
        Column names as written, stripped of surrounding spaces.
    rows : list of (int, list of str)
        ``(row number, cells)`` for each non-blank row; the header is row 1 unless blank rows
        precede it. Cells are stripped strings, ``""`` when empty.
    blank_rows : list of int
        Row numbers of rows with no content, which were skipped.
    delimiter, encoding : str
        What was detected (``"excel"`` for workbooks).
    header_row : int
        Spreadsheet row number of the header.
    cleaned : list of (int, str, str)
        ``(row number, column, characters removed)`` for each cell from which control
        characters were removed, e.g. ``(7, "source", "ESC, NUL")``.
    columns : TextColumns or None
        The same rows as columns, when the table was read in columns (``rows`` is then a
        :class:`~netmap.formats.columns.RowView` of them); :func:`text_columns` gives them
        for any table.
    """

    file: str
    header: list[str]
    rows: list[tuple[int, list[str]]]
    blank_rows: list[int] = field(default_factory=list)
    delimiter: str = ","
    encoding: str = "utf-8"
    header_row: int = 1
    cleaned: list[tuple[int, str, str]] = field(default_factory=list)
    columns: TextColumns | None = field(default=None, compare=False, repr=False)


def text_columns(table: RawTable) -> TextColumns:
    """The data rows of ``table`` as columns (built from its rows, once, when it was read row by
    row: a workbook's sheet, a graph file, a file with a stray quote)."""
    if table.columns is None:
        from netmap.formats.columns import TextColumns  # here: `netmap --help` must not load numpy

        # kept with the table, which is frozen for every field that compares
        object.__setattr__(table, "columns", TextColumns.from_rows(table.rows))
    return table.columns


def source_name(source: Source) -> str:
    """The file name to show for ``source``."""
    if isinstance(source, tuple):
        return Path(source[0]).name
    return Path(source).name


def read_bytes(source: Source) -> bytes:
    name = source_name(source)
    if isinstance(source, tuple):
        data = source[1]
    else:
        path = Path(source)
        if not path.exists():
            raise FileProblem(name, f"file not found ({path})")
        if path.is_dir():
            raise FileProblem(name, "is a folder, not a file")
        if path.stat().st_size > MAX_FILE_BYTES:
            raise FileProblem(name, _too_large(path.stat().st_size))
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise FileProblem(name, f"cannot be read ({exc.strerror or exc})") from None
    if len(data) > MAX_FILE_BYTES:
        raise FileProblem(name, _too_large(len(data)))
    return data


def _too_large(size: int) -> str:
    return (
        f"is {size / 2**20:.1f} MiB; netmap reads files up to {MAX_FILE_BYTES // 2**20} MiB. "
        "Split it, or remove columns you do not need."
    )


def is_excel(source: Source) -> bool:
    """True when ``source`` names an Excel workbook."""
    return source_name(source).lower().endswith(EXCEL_SUFFIXES)


def read_table(source: Source, sheet_names: tuple[str, ...] = ()) -> RawTable:
    """Read one table from a CSV/TSV file, or from a workbook sheet.

    Parameters
    ----------
    source
        Path, or ``(name, bytes)`` for an upload.
    sheet_names
        For a workbook: sheet names to look for (case-insensitive, first match wins). With a
        single-sheet workbook the one sheet is used.

    Raises
    ------
    FileProblem
        When the file is missing, too large, empty, binary, has no such sheet, or goes past
        one of the limits in :data:`LIMITS`.
    """
    name = source_name(source)
    data = read_bytes(source)
    if is_excel(source) or data[:4] == b"PK\x03\x04":
        with _Workbook(name, data) as wb:
            sheet = _pick_sheet(wb.sheetnames, sheet_names)
            if sheet is None:
                if len(wb.sheetnames) == 1:
                    sheet = wb.sheetnames[0]
                else:
                    raise FileProblem(
                        name,
                        f"has no sheet named {_or(sheet_names)}; sheets found: {_listing(wb.sheetnames)}",
                    )
            return wb.table(sheet)
    text, encoding = decode(name, data)
    del data  # the decoded text is all that is needed from here on
    return parse_delimited(name, text, encoding)


def read_sheets(source: Source, wanted: dict[str, tuple[str, ...]], required: str | None = None
                ) -> dict[str, RawTable | None]:
    """Several sheets of one workbook, which is opened once.

    ``wanted`` maps a role (``"ties"``, ``"actors"``, ``"affiliations"`` …) to the sheet names
    that hold it (case-insensitive, first match wins); a role with no such sheet is None. The
    ``required`` role falls back to the only sheet of a one-sheet workbook, and is otherwise an
    error naming the sheets found. Sheets are parsed row by row (openpyxl's read-only mode) and
    the dimensions a sheet declares are ignored: reading stops at the real data.
    """
    name = source_name(source)
    with _Workbook(name, read_bytes(source)) as wb:
        chosen = {role: _pick_sheet(wb.sheetnames, names) for role, names in wanted.items()}
        if required is not None and chosen[required] is None:
            if len(wb.sheetnames) != 1:
                raise FileProblem(name, f"has no {required} sheet: expected a sheet named {_or(wanted[required])}; "
                                        f"sheets found: {_listing(wb.sheetnames)}")
            chosen[required] = wb.sheetnames[0]
        return {role: None if sheet is None else wb.table(sheet) for role, sheet in chosen.items()}


def read_workbook(
    source: Source, ties_sheets: tuple[str, ...], actors_sheets: tuple[str, ...]
) -> tuple[RawTable, RawTable | None]:
    """Read the ties sheet and (if present) the actors sheet of one workbook (:func:`read_sheets`)."""
    sheets = read_sheets(source, {"ties": ties_sheets, "actors": actors_sheets}, required="ties")
    return sheets["ties"], sheets["actors"]


def read_sheet(source: Source, sheet_names: tuple[str, ...]) -> RawTable | None:
    """The first sheet named in ``sheet_names`` of a workbook (bounded, streaming, as
    :func:`read_workbook`), or None when the workbook has none of them."""
    return read_sheets(source, {"sheet": sheet_names})["sheet"]


def _or(names: tuple[str, ...]) -> str:
    return " or ".join(f"'{n}'" for n in names) if names else "(any)"


def _listing(names) -> str:
    return ", ".join(f"'{n}'" for n in names) or "none"


def _pick_sheet(sheets, wanted: tuple[str, ...]) -> str | None:
    by_lower = {s.strip().lower(): s for s in sheets}
    for w in wanted:
        if w.lower() in by_lower:
            return by_lower[w.lower()]
    return None


class _Workbook:
    """An .xlsx workbook opened for bounded reading.

    Before openpyxl parses anything, the sizes the zip directory declares are added up and
    checked against :data:`MAX_UNZIPPED_BYTES` (Python's zip reader never returns more than
    the declared size of a member, so the declaration cannot lie its way past the limit).
    Sheets are then read in openpyxl's read-only (streaming) mode with the declared
    dimensions reset, so a sheet that claims ``A1:XFD1048576`` costs nothing.
    """

    def __init__(self, name: str, data: bytes):
        import openpyxl  # imported here: reading CSV should not pay for it

        self.name = name
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                unzipped = sum(info.file_size for info in archive.infolist())
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
            raise FileProblem(name, f"is not a readable Excel .xlsx workbook ({type(exc).__name__}: {exc})") from None
        if unzipped > MAX_UNZIPPED_BYTES:
            raise FileProblem(
                name,
                f"unpacks to {unzipped / 2**20:,.0f} MiB; netmap reads workbooks that unpack to at most "
                f"{MAX_UNZIPPED_BYTES // 2**20} MiB (the unzipped-size limit). Save the sheets you need "
                "as CSV, or remove unused sheets.",
            )
        try:
            self.wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
            raise FileProblem(name, f"is not a readable Excel .xlsx workbook ({type(exc).__name__}: {exc})") from None
        except Exception as exc:  # openpyxl raises many types on corrupt files
            raise FileProblem(name, f"is not a readable Excel .xlsx workbook ({type(exc).__name__})") from None
        self.sheetnames = list(self.wb.sheetnames)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.wb.close()

    def table(self, sheet: str) -> RawTable:
        file = f"{self.name} [{sheet}]"
        builder = _TableBuilder(file, "excel", "excel")
        try:
            ws = self.wb[sheet]
            ws.reset_dimensions()  # never trust the <dimension> a sheet declares
            for number, values in enumerate(ws.iter_rows(values_only=True), start=1):
                if not values:  # a row missing from the sheet: openpyxl yields it empty
                    builder.blank_row(number)
                elif builder.add(number, [_cell_text(v) for v in values]):
                    break
        except FileProblem:
            raise
        except Exception as exc:
            raise FileProblem(self.name, f"is a damaged Excel workbook ({type(exc).__name__})") from None
        return builder.finish()


def _cell_text(value) -> str:
    """Excel cell value as the text a person sees (7.0 shows as 7)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ") if value.time() != dt.time(0) else value.date().isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value).strip()


def decode(name: str, data: bytes) -> tuple[str, str]:
    """Decode file bytes: BOM first, then UTF-16 without BOM, UTF-8, then Windows-1252.

    Returns
    -------
    (text, encoding)
    """
    if not data or data.isspace():
        raise FileProblem(name, "is empty")
    if data.startswith(codecs.BOM_UTF8):
        return _decode_as(name, data[3:], "utf-8"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode_as(name, data, "utf-16"), "utf-16"
    sample = data[:4096]
    zeros_odd = sample[1::2].count(0)
    zeros_even = sample[0::2].count(0)
    half = len(sample) // 2
    if half and zeros_odd > 0.4 * half and zeros_even == 0:
        return _decode_as(name, data, "utf-16-le"), "utf-16-le"
    if half and zeros_even > 0.4 * half and zeros_odd == 0:
        return _decode_as(name, data, "utf-16-be"), "utf-16-be"
    if b"\x00" in sample:
        raise FileProblem(name, "looks like a binary file, not a CSV or Excel .xlsx file")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        # Windows-1252 is what Excel on Windows writes for "CSV"; it leaves five bytes
        # undefined, which latin-1 (a strict subset for printable text) then takes.
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def _decode_as(name: str, data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise FileProblem(name, f"is not valid {encoding.upper()} text (byte {exc.start})") from None


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first non-blank line into the most columns.

    The header line is used because it rarely holds quoted delimiters; ties go to the order
    of :data:`DELIMITERS` (comma first).
    """
    for line in _lines(text):
        if line.strip():
            counts = {d: _count_outside_quotes(line, d) for d in DELIMITERS}
            best = max(DELIMITERS, key=lambda d: counts[d])
            return best if counts[best] else ","
    return ","


def _count_outside_quotes(line: str, delimiter: str) -> int:
    count, quoted = 0, False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif ch == delimiter and not quoted:
            count += 1
    return count


#: One line with its ending (``\r\n``, ``\r`` or ``\n``), as ``open(newline="")`` splits.
_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")


def _lines(text: str):
    """The lines of ``text`` one at a time (``io.StringIO`` would hold a copy four times the
    size of the text)."""
    return (m.group() for m in _LINE.finditer(text))


def parse_delimited(name: str, text: str, encoding: str = "utf-8") -> RawTable:
    """Parse delimited text (quoted fields may hold delimiters and newlines).

    Read in columns (:func:`read_columns`) when the file allows, otherwise row by row
    (:func:`parse_rows`); both give the same table and the same errors.
    """
    return read_columns(name, text, encoding) or parse_rows(name, text, encoding)


def parse_rows(name: str, text: str, encoding: str = "utf-8") -> RawTable:
    """Parse delimited text one row at a time with Python's csv module.

    Rows are checked against the limits (:data:`LIMITS`) as they come, so a file past a
    limit stops with an error at the first row past it. This is the reader of the files
    :func:`read_columns` leaves alone, and the tests' oracle for it.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text or text.isspace():
        raise FileProblem(name, "is empty")
    delimiter = sniff_delimiter(text)
    reader = csv.reader(_lines(text), delimiter=delimiter, quotechar='"', doublequote=True)
    builder = _TableBuilder(name, delimiter, encoding)
    number = 0
    try:
        # Each record is one spreadsheet row, even when a quoted cell spans several lines.
        for number, record in enumerate(reader, start=1):
            if builder.add(number, record):
                break
    except csv.Error as exc:
        raise FileProblem(name, f"cannot be parsed as delimited text, near row {number + 1}: {exc}") from None
    return builder.finish()


def read_columns(name: str, text: str, encoding: str = "utf-8") -> RawTable | None:
    """:func:`parse_delimited` done in columns (:mod:`netmap.formats.columns`): the same
    table, with its rows held as :class:`~netmap.formats.columns.TextColumns`, or None when
    the file has to be read row by row (a stray quote, more columns than the limit, or more
    cells than the arrays should hold before the limits are checked).

    The limits are checked on whole columns, and the first row past any of them is named,
    with the message the row reader gives.
    """
    text = text.removeprefix("\ufeff")
    if not text or text.isspace():
        raise FileProblem(name, "is empty")
    if "\x00" in text:  # pandas' parser ends a cell at a NUL; the row reader removes it and says so
        return None
    import numpy as np  # here: `netmap --help` reads the limits from this module and must not load numpy

    from netmap.formats.columns import (  # here: as numpy, which it loads
        RowView,
        TextColumns,
        parse_cells,
        record_shape,
        strip_cells,
    )

    delimiter = sniff_delimiter(text)
    data = text.encode("utf-8")
    shape = record_shape(data, delimiter)
    if shape is None:
        return None
    ends, lengths = shape
    width = int(lengths.max())
    # a wide row among many short ones would cost rows × width cells: the row reader stops
    # at the first row past a limit instead
    if width > MAX_COLUMNS or len(lengths) * width > 2 * MAX_CELLS:
        return None
    raw = parse_cells(data, delimiter, width)
    if raw is None or len(raw[0]) != len(lengths):
        return None
    del data
    cells = [strip_cells(column) for column in raw]
    del raw
    filled = np.zeros(len(lengths), dtype=bool)
    for column in cells:
        filled |= column != ""
    kept = np.flatnonzero(filled)
    if not len(kept):
        raise FileProblem(name, "is empty (no header row)")
    h, data_rows = int(kept[0]), kept[1:]
    header_row = h + 1
    # a cell longer than the limit needs a record longer than it (in bytes, at least as many)
    long_text = int(np.diff(ends, prepend=-1).max()) > MAX_CELL_CHARS
    controls = _CONTROL.search(text) is not None
    del text
    _check_limits(name, cells, lengths, kept, header_row, long_text)
    cleaned = _clean_columns(cells, kept) if controls else []
    header = [cells[c][h] for c in range(int(lengths[h]))]
    cleaned = [(row, header[i] if i < len(header) and header[i] else f"column {i + 1}", chars)
               for row, i, chars in cleaned]
    numbers = data_rows + 1
    last_data = int(numbers[-1]) if len(numbers) else header_row
    blank = np.flatnonzero(~filled) + 1
    blank = blank[(blank > header_row) & (blank - header_row <= MAX_ROWS) & (blank < last_data)]
    columns = TextColumns(numbers.astype(np.int64), lengths[data_rows].astype(np.int64),
                          tuple(column[data_rows] for column in cells))
    return RawTable(name, header, RowView(columns), blank.tolist(), delimiter, encoding, header_row, cleaned,
                    columns)


def _check_limits(name: str, cells: list, lengths, kept, header_row: int, long_text: bool) -> None:
    """The first row past a limit, as :class:`_TableBuilder` checks them row by row: a cell
    too long (the header too), then too many rows, then too many cells."""
    import numpy as np  # here: as in read_columns, the only caller

    from netmap.formats.columns import cell_lengths  # here: as in read_columns, the only caller

    found = []  # (row, order of the check, message)
    if long_text:
        for i, column in enumerate(cells):
            over = kept[cell_lengths(column[kept]) > MAX_CELL_CHARS]
            if len(over):
                k = int(over[0])
                longest = max(len(c[k]) for c in cells)
                first = next(j for j, c in enumerate(cells) if len(c[k]) > MAX_CELL_CHARS)
                header = [_CONTROL.sub("", c[header_row - 1]) for c in cells] if k + 1 > header_row else []
                shown = f"column '{header[first]}'" if first < len(header) and header[first] else f"column {first + 1}"
                found.append((k + 1, 0, (f"{shown} holds {longest:,} characters; netmap reads cells of up to "
                                         f"{MAX_CELL_CHARS:,} characters (the cell-length limit, Excel's own)")))
                break
    data = kept[1:]
    past = data[data + 1 - header_row > MAX_ROWS]
    if len(past):
        found.append((int(past[0]) + 1, 1, (f"has more than {MAX_ROWS:,} rows below the header; netmap reads "
                                            f"tables of up to {MAX_ROWS:,} rows (the row limit)")))
    total = np.cumsum(lengths[data])
    over = np.flatnonzero(total > MAX_CELLS)
    if len(over):
        found.append((int(data[over[0]]) + 1, 2, (f"has more than {MAX_CELLS:,} cells by this row; netmap reads "
                                                  f"tables of up to {MAX_CELLS:,} cells (the cell limit: rows × columns)")))
    if found:
        row, _, message = min(found)
        raise FileProblem(name, f"row {row:,} {message}.")


def _clean_columns(cells: list, kept) -> list[tuple[int, int, str]]:
    """Remove control characters from the cells of the rows ``kept``, in place; returns
    ``(row, column position, characters removed)`` for each cell cleaned, in row order."""
    from netmap.formats.columns import matching  # here: as in read_columns, the only caller

    found = []
    for i, column in enumerate(cells):
        hits = kept[matching(column[kept], _CONTROL)]
        for k in hits.tolist():
            found.append((k + 1, i, _control_names(column[k])))
            column[k] = _CONTROL.sub("", column[k]).strip()
    return sorted(found)


def _control_names(text: str) -> str:
    found = sorted({ord(c) for c in _CONTROL.findall(text)})
    return ", ".join(_CONTROL_NAMES.get(c, f"U+{c:04X}") for c in found)


#: How many distinct cell texts a table remembers in order to store repeats once (ids, types,
#: weights repeat; a column of free text does not, and remembering it would cost memory).
_SAME_LIMIT = 2**18


class _TableBuilder:
    """Collect rows as they are read: strip cells, remove control characters, enforce limits.

    Repeated cell texts (ids, types, weights) are stored once, which keeps a ties table's
    memory close to 8 bytes per cell.
    """

    def __init__(self, name: str, delimiter: str, encoding: str):
        self.name, self.delimiter, self.encoding = name, delimiter, encoding
        self.header: list[str] | None = None
        self.header_row = 0
        self.rows: list[tuple[int, list[str]]] = []
        self.blank: list[int] = []
        self.cleaned: list[tuple[int, int, str]] = []
        self.cells = 0
        self._same: dict[str, str] = {}

    def add(self, number: int, record: list) -> bool:
        """Add spreadsheet row ``number``; True when the rest of the input can be skipped."""
        same = self._same
        if len(same) < _SAME_LIMIT:
            cells = [same.setdefault(c, c) for c in map(str.strip, record)]
        else:  # enough distinct texts remembered; keep sharing those, hold the rest as they are
            cells = [same.get(c, c) for c in map(str.strip, record)]
        if not any(cells):
            self.blank_row(number)
            return False
        if len(cells) > MAX_COLUMNS:
            while not cells[-1]:  # trailing empty cells (a row of separators) hold nothing
                cells.pop()
            if len(cells) > MAX_COLUMNS:
                self._limit(number, f"has {len(cells):,} columns; netmap reads tables of up to "
                                    f"{MAX_COLUMNS:,} columns (the column limit)")
        longest = max(map(len, cells))
        if longest > MAX_CELL_CHARS:
            column = next(i for i, c in enumerate(cells) if len(c) > MAX_CELL_CHARS)
            self._limit(number, f"{self._column(column)} holds {longest:,} characters; netmap reads cells of up to "
                                f"{MAX_CELL_CHARS:,} characters (the cell-length limit, Excel's own)")
        if _CONTROL.search("".join(cells)):
            cells = self._clean(number, cells)
        if self.header is None:
            self.header, self.header_row = cells, number
            return False
        if number - self.header_row > MAX_ROWS:
            self._limit(number, f"has more than {MAX_ROWS:,} rows below the header; netmap reads tables of up to "
                                f"{MAX_ROWS:,} rows (the row limit)")
        self.cells += len(cells)
        if self.cells > MAX_CELLS:
            self._limit(number, f"has more than {MAX_CELLS:,} cells by this row; netmap reads tables of up to "
                                f"{MAX_CELLS:,} cells (the cell limit: rows × columns)")
        self.rows.append((number, cells))
        return False

    def blank_row(self, number: int) -> None:
        if self.header is not None and number - self.header_row <= MAX_ROWS:
            self.blank.append(number)

    def _column(self, i: int) -> str:
        header = self.header or []
        if i < len(header) and header[i]:
            return f"column '{_CONTROL.sub('', header[i])}'"
        return f"column {i + 1}"

    def _clean(self, number: int, cells: list[str]) -> list[str]:
        out = []
        for i, cell in enumerate(cells):
            if _CONTROL.search(cell):
                self.cleaned.append((number, i, _control_names(cell)))
                cell = _CONTROL.sub("", cell).strip()
            out.append(cell)
        return out

    def _limit(self, number: int, message: str):
        raise FileProblem(self.name, f"row {number:,} {message}.")

    def finish(self) -> RawTable:
        if self.header is None:
            raise FileProblem(self.name, "is empty (no header row)")
        # Trailing blank lines at the end of a file are not rows anyone sees.
        last_data = self.rows[-1][0] if self.rows else self.header_row
        blank = [b for b in self.blank if b < last_data]
        header = self.header
        cleaned = [(row, header[i] if i < len(header) and header[i] else f"column {i + 1}", chars)
                   for row, i, chars in self.cleaned]
        return RawTable(self.name, header, self.rows, blank, self.delimiter, self.encoding, self.header_row,
                        cleaned)
