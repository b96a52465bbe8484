"""The columnar reader checked against the row reader: the same table, or the same error."""
from __future__ import annotations

from netmap.errors import FileProblem
from netmap.formats import spreadsheets

#: The readers themselves, whatever a test patches later.
READ_COLUMNS, PARSE_ROWS = spreadsheets.read_columns, spreadsheets.parse_rows


def outcome(read, name: str, text: str, encoding: str):
    """What ``read`` makes of the text: the table's every field, or the error's message."""
    try:
        table = read(name, text, encoding)
    except FileProblem as exc:
        return ("error", str(exc))
    if table is None:
        return None
    return (table.file, table.header, list(table.rows), table.blank_rows, table.delimiter, table.encoding,
            table.header_row, table.cleaned)


def check_agreement(name: str, text: str, encoding: str = "utf-8") -> bool:
    """Assert that both readers agree on ``text``; True when the columnar reader read it
    (False when it left the file to the row reader)."""
    columns = outcome(READ_COLUMNS, name, text, encoding)
    rows = outcome(PARSE_ROWS, name, text, encoding)
    if columns is not None:
        assert columns == rows, f"the readers differ on {name}"
    return columns is not None


def checking_reader(monkeypatch) -> list:
    """Make every columnar read in a test also run the row reader and compare; returns the
    list of the names read in columns."""
    seen = []

    def read_columns(name, text, encoding="utf-8"):
        table = READ_COLUMNS(name, text, encoding)
        if table is not None:
            check_agreement(name, text, encoding)
            seen.append(name)
        return table

    monkeypatch.setattr(spreadsheets, "read_columns", read_columns)
    return seen
