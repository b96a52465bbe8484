"""Hostile input files, built in memory so that none of them needs to be stored.

Each function returns the bytes of one file that a hostile-input review used against netmap
(issue 10). They are small on disk and large, slow or unprintable once read naively. Used by
``tests/test_limits.py`` and ``benchmarks/bench_limits.py``.
"""
from __future__ import annotations

import io
import zipfile

__all__ = [
    "workbook",
    "dimension_bomb",
    "column_bomb_xlsx",
    "huge_cell_xlsx",
    "many_rows_xlsx",
    "wide_csv",
    "long_cell_csv",
    "many_rows_csv",
    "control_characters_csv",
]

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="{name}" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/></Relationships>'
)
_SHEET_HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)


def _cell(ref: str, text: str) -> str:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'


def workbook(sheet_xml_parts, sheet: str = "ties") -> bytes:
    """A minimal .xlsx with one sheet whose XML is the concatenation of ``sheet_xml_parts``
    (an iterable of strings, streamed into the zip so that huge sheets need little memory)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK.format(name=sheet))
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            for part in sheet_xml_parts:
                member.write(part.encode("utf-8"))
    return buffer.getvalue()


def _header_and_tie() -> str:
    return f'<row r="1">{_cell("A1", "source")}{_cell("B1", "target")}</row>' \
           f'<row r="2">{_cell("A2", "a")}{_cell("B2", "b")}</row>'


def dimension_bomb() -> bytes:
    """Declares ``A1:XFD1048576`` and holds a header, one tie and one cell at ``A1048576``
    (about 1 KB; openpyxl pads every missing row to 16,384 columns)."""
    return workbook([
        _SHEET_HEAD, '<dimension ref="A1:XFD1048576"/><sheetData>', _header_and_tie(),
        f'<row r="1048576">{_cell("A1048576", "x")}</row>', "</sheetData></worksheet>",
    ])


def column_bomb_xlsx() -> bytes:
    """A header, then one tie whose row also has a value in the last column Excel allows, XFD."""
    return workbook([
        _SHEET_HEAD, "<sheetData>", '<row r="1">', _cell("A1", "source"), _cell("B1", "target"), "</row>",
        '<row r="2">', _cell("A2", "a"), _cell("B2", "b"), _cell("XFD2", "x"), "</row>",
        "</sheetData></worksheet>",
    ])


def huge_cell_xlsx(megabytes: int = 300) -> bytes:
    """One cell of ``megabytes`` MB of the letter x (about 0.3 MB zipped for 300 MB)."""
    chunk = "x" * 2**20

    def parts():
        yield _SHEET_HEAD + "<sheetData>" + _header_and_tie()
        yield '<row r="3"><c r="A3" t="inlineStr"><is><t>'
        for _ in range(megabytes):
            yield chunk
        yield "</t></is></c></row></sheetData></worksheet>"

    return workbook(parts())


def many_rows_xlsx(rows: int = 1_000_000) -> bytes:
    """A ties sheet with ``rows`` rows below the header, ``a{i}`` tied to ``a{i + 1}``."""
    def parts():
        yield _SHEET_HEAD + '<sheetData><row r="1">' + _cell("A1", "source") + _cell("B1", "target") + "</row>"
        batch = []
        for i in range(2, rows + 2):
            batch.append(f'<row r="{i}">{_cell(f"A{i}", f"a{i}")}{_cell(f"B{i}", f"a{i + 1}")}</row>')
            if len(batch) == 10_000:
                yield "".join(batch)
                batch = []
        yield "".join(batch) + "</sheetData></worksheet>"

    return workbook(parts())


def wide_csv(columns: int = 100_000, rows: int = 1) -> bytes:
    """A ties CSV with ``columns`` columns (source, target and attributes) and ``rows`` rows."""
    header = ["source", "target"] + [f"c{i}" for i in range(3, columns + 1)]
    lines = [",".join(header)]
    for r in range(rows):
        lines.append(",".join([f"a{r}", f"b{r}"] + ["1"] * (columns - 2)))
    return ("\n".join(lines) + "\n").encode()


def long_cell_csv(characters: int) -> bytes:
    """One tie whose ``note`` cell holds ``characters`` characters."""
    return b"source,target,note\na,b," + b"x" * characters + b"\n"


def many_rows_csv(rows: int) -> bytes:
    """``rows`` distinct ties below the header: a chain ``0–1–2–…``."""
    return b"source,target\n" + b"".join(b"%d,%d\n" % (i, i + 1) for i in range(rows))


def control_characters_csv() -> bytes:
    """Ties whose ids hold ESC sequences, ``\\x01`` and (after the first 4 KB, where the
    binary-file check does not look) NUL."""
    lines = ["source,target,type"]
    lines.append("\x1b[31mred\x1b[0m,plain,knows")      # row 2: ESC
    lines.append("bell\x01,plain,knows")                # row 3: \x01
    for i in range(300):                                # rows 4-303: padding past 4 KB
        lines.append(f"filler{i:03d},plain,works with")
    lines.append("nul\x00id,plain,knows\x07")          # row 304: NUL in an id, BEL in a type
    return ("\n".join(lines) + "\n").encode()
