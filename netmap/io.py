"""Read the files people actually have (CSV in any common dialect, Excel) into raw tables.

Nothing here decides what a column means; that is :mod:`netmap.validate`'s job. A
:class:`RawTable` keeps every cell as text, stripped of stray spaces, with the row number a
person sees in a spreadsheet (header = row 1, blank rows counted), so that every later
message can point at the right row.
"""
from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import os
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from .errors import FileProblem

__all__ = [
    "MAX_FILE_BYTES",
    "RawTable",
    "read_bytes",
    "Source",
    "read_table",
    "read_workbook",
    "source_name",
]

#: Largest file netmap reads (50 MiB): far above any locality map typed by hand (a
#: 50,000-tie CSV is about 2 MiB), small enough that a mistaken upload cannot exhaust memory.
MAX_FILE_BYTES = 50 * 1024 * 1024

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
    """

    file: str
    header: list[str]
    rows: list[tuple[int, list[str]]]
    blank_rows: list[int] = field(default_factory=list)
    delimiter: str = ","
    encoding: str = "utf-8"
    header_row: int = 1


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
        When the file is missing, too large, empty, binary, or has no such sheet.
    """
    name = source_name(source)
    data = read_bytes(source)
    if is_excel(source) or data[:4] == b"PK\x03\x04":
        sheets = _workbook_sheets(name, data)
        sheet = _pick_sheet(sheets, sheet_names)
        if sheet is None:
            if len(sheets) == 1:
                sheet = next(iter(sheets))
            else:
                raise FileProblem(
                    name,
                    f"has no sheet named {_or(sheet_names)}; sheets found: {_listing(sheets)}",
                )
        return _table_from_cells(f"{name} [{sheet}]", sheets[sheet], "excel", "excel")
    text, encoding = decode(name, data)
    return parse_delimited(name, text, encoding)


def read_workbook(
    source: Source, ties_sheets: tuple[str, ...], actors_sheets: tuple[str, ...]
) -> tuple[RawTable, RawTable | None]:
    """Read the ties sheet and (if present) the actors sheet of one workbook."""
    name = source_name(source)
    data = read_bytes(source)
    sheets = _workbook_sheets(name, data)
    ties_sheet = _pick_sheet(sheets, ties_sheets)
    actors_sheet = _pick_sheet(sheets, actors_sheets)
    if ties_sheet is None:
        if len(sheets) == 1:
            ties_sheet = next(iter(sheets))
        else:
            raise FileProblem(
                name,
                f"has no ties sheet: expected a sheet named {_or(ties_sheets)}; "
                f"sheets found: {_listing(sheets)}",
            )
    ties = _table_from_cells(f"{name} [{ties_sheet}]", sheets[ties_sheet], "excel", "excel")
    actors = None
    if actors_sheet is not None:
        actors = _table_from_cells(f"{name} [{actors_sheet}]", sheets[actors_sheet], "excel", "excel")
    return ties, actors


def _or(names: tuple[str, ...]) -> str:
    return " or ".join(f"'{n}'" for n in names) if names else "(any)"


def _listing(names) -> str:
    return ", ".join(f"'{n}'" for n in names) or "none"


def _pick_sheet(sheets: dict, wanted: tuple[str, ...]) -> str | None:
    by_lower = {s.strip().lower(): s for s in sheets}
    for w in wanted:
        if w.lower() in by_lower:
            return by_lower[w.lower()]
    return None


def _workbook_sheets(name: str, data: bytes) -> dict[str, list[list[str]]]:
    """Every sheet of a workbook as rows of text cells."""
    import openpyxl  # imported here: reading CSV should not pay for it

    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as exc:
        raise FileProblem(name, f"is not a readable Excel .xlsx workbook ({type(exc).__name__}: {exc})") from None
    except Exception as exc:  # openpyxl raises many types on corrupt files
        raise FileProblem(name, f"is not a readable Excel .xlsx workbook ({type(exc).__name__})") from None
    try:
        return {
            ws.title: [[_cell_text(v) for v in row] for row in ws.iter_rows(values_only=True)]
            for ws in wb.worksheets
        }
    except Exception as exc:
        raise FileProblem(name, f"is a damaged Excel workbook ({type(exc).__name__})") from None
    finally:
        wb.close()


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
    if not data.strip():
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
    for line in text.splitlines():
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


def parse_delimited(name: str, text: str, encoding: str = "utf-8") -> RawTable:
    """Parse delimited text (quoted fields may hold delimiters and newlines)."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise FileProblem(name, "is empty")
    delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, quotechar='"', doublequote=True)
    records: list[list[str]] = []
    try:
        # Each record is one spreadsheet row, even when a quoted cell spans several lines.
        records = [list(r) for r in reader]
    except csv.Error as exc:
        raise FileProblem(name, f"cannot be parsed as delimited text, near row {len(records) + 1}: {exc}") from None
    return _table_from_cells(name, records, delimiter, encoding)


def _table_from_cells(name: str, records: list[list], delimiter: str, encoding: str) -> RawTable:
    cells = [[("" if c is None else str(c)).strip() for c in rec] for rec in records]
    header_index = next((i for i, rec in enumerate(cells) if any(rec)), None)
    if header_index is None:
        raise FileProblem(name, "is empty (no header row)")
    header = cells[header_index]
    rows, blank = [], []
    for i in range(header_index + 1, len(cells)):
        number = i + 1
        if any(cells[i]):
            rows.append((number, cells[i]))
        else:
            blank.append(number)
    # Trailing blank lines at the end of a file are not rows anyone sees.
    last_data = rows[-1][0] if rows else header_index + 1
    blank = [b for b in blank if b < last_data]
    return RawTable(name, header, rows, blank, delimiter, encoding, header_index + 1)
