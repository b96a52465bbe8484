"""Delimited text read in columns: pandas' C parser for the cells, numpy over the bytes for
where each record starts and how many cells it has.

The row reader of :mod:`netmap.formats.spreadsheets` keeps one Python list per row (16 s and
680 MiB for a million ties); this one keeps one array per column, and gives the same
:class:`~netmap.formats.spreadsheets.RawTable`: the same cells, spreadsheet row numbers,
blank rows, control characters removed and reported, and the same limits, checked on whole
columns. Files it cannot read exactly that way (a quote inside an unquoted cell, an unclosed
quote, more columns than the limit, more cells than the arrays should hold) are left to the
row reader, which is exact by construction: :func:`read_columns` then returns None.
"""
from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

__all__ = ["RowView", "TextColumns", "cell_lengths", "matching", "parse_cells", "record_shape", "strip_cells"]


@dataclass(frozen=True, eq=False)
class TextColumns:
    """A table's data rows as columns of text.

    Attributes
    ----------
    numbers : ndarray of int64
        Spreadsheet row number of each data row (header = row 1 unless blank rows precede it).
    lengths : ndarray of int64
        How many cells each row had as written (a short row has fewer than the header).
    cells : tuple of ndarray of object
        One array per column position of stripped text, ``""`` where a row has no such cell.
    """

    numbers: np.ndarray
    lengths: np.ndarray
    cells: tuple

    def __len__(self) -> int:
        return len(self.numbers)

    def column(self, i: int | None) -> np.ndarray:
        """Column ``i`` (``""`` in every row when ``i`` is None or past the widest row)."""
        if i is None or i >= len(self.cells):
            return np.full(len(self.numbers), "", dtype=object)
        return self.cells[i]

    def row(self, k: int) -> list[str]:
        """The cells of the ``k``-th data row as written (as many as it had)."""
        return [self.cells[c][k] for c in range(int(self.lengths[k]))]

    @classmethod
    def from_rows(cls, rows: Sequence[tuple[int, list[str]]]) -> TextColumns:
        """The columns of rows held one list per row (a workbook's sheet, a graph file's
        nodes, the row reader's tables)."""
        if isinstance(rows, RowView):
            return rows.columns
        numbers = np.fromiter((r for r, _ in rows), dtype=np.int64, count=len(rows))
        lengths = np.fromiter((len(c) for _, c in rows), dtype=np.int64, count=len(rows))
        width = int(lengths.max()) if len(lengths) else 0
        cells = []
        for i in range(width):
            column = np.empty(len(rows), dtype=object)
            column[:] = [c[i] if i < len(c) else "" for _, c in rows]
            cells.append(column)
        return cls(numbers, lengths, tuple(cells))


class RowView(Sequence):
    """``(row number, cells)`` of each data row, made from :class:`TextColumns` when asked for:
    the ``rows`` of a :class:`~netmap.formats.spreadsheets.RawTable` read in columns, for the
    code that still walks rows (questionnaire exports, graph files, small tables)."""

    def __init__(self, columns: TextColumns):
        self.columns = columns

    def __len__(self) -> int:
        return len(self.columns)

    def __getitem__(self, k):
        if isinstance(k, slice):
            return [self[i] for i in range(*k.indices(len(self)))]
        if k < 0:
            k += len(self)
        if not 0 <= k < len(self):
            raise IndexError(k)
        return int(self.columns.numbers[k]), self.columns.row(k)

    def __iter__(self):
        cols = self.columns
        for k, (number, length) in enumerate(zip(cols.numbers.tolist(), cols.lengths.tolist())):
            yield number, [cols.cells[c][k] for c in range(length)]

    def __eq__(self, other) -> bool:
        return isinstance(other, Sequence) and len(self) == len(other) and list(self) == list(other)

    __hash__ = None

    def __repr__(self) -> str:
        return f"RowView({len(self)} rows)"


#: Bytes that end a cell or a record (for checking where quotes stand).
_NEWLINES = (10, 13)


def record_shape(data: bytes, delimiter: str) -> tuple[np.ndarray, np.ndarray] | None:
    """Where each record of UTF-8 ``data`` ends and how many cells it has, as Python's csv
    module splits it (quotes open a cell only at its start; ``""`` inside quotes is a quote;
    records end at ``\\r\\n``, ``\\r`` or ``\\n`` outside quotes).

    Returns ``(ends, lengths)`` (an empty record has 0 cells), or None when a quote stands
    anywhere else than at the start or end of a cell, or is never closed: such files are
    read row by row.
    """
    b = np.frombuffer(data, dtype=np.uint8)
    sep = ord(delimiter)
    quotes = np.flatnonzero(b == 34)
    if len(quotes):
        if len(quotes) % 2:
            return None
        opening, closing = quotes[0::2], quotes[1::2]
        before = np.where(opening > 0, b[np.maximum(opening - 1, 0)], 10)
        after = np.where(closing < len(b) - 1, b[np.minimum(closing + 1, len(b) - 1)], 10)
        # a doubled quote inside a quoted cell closes and reopens at once
        reopened = np.r_[False, opening[1:] == closing[:-1] + 1]
        closed_again = np.r_[opening[1:] == closing[:-1] + 1, False]
        if not ((np.isin(before, (sep, *_NEWLINES)) | reopened).all()
                and (np.isin(after, (sep, *_NEWLINES)) | closed_again).all()):
            return None
        inside = np.zeros(len(b) + 1, dtype=np.int8)
        np.add.at(inside, opening, 1)
        np.add.at(inside, closing, -1)
        outside = np.cumsum(inside[:-1]) == 0
    else:
        outside = np.ones(len(b), dtype=bool)
    lf = (b == 10) & outside
    cr = (b == 13) & outside
    lone_cr = cr & np.r_[b[1:] != 10, True]
    ends = np.flatnonzero(lf | lone_cr)  # the last byte of each record's line ending
    starts = np.r_[0, ends + 1]
    if starts[-1] < len(b):
        ends = np.r_[ends, len(b)]  # a last record without a line ending
    else:
        starts = starts[:-1]
    separators = np.flatnonzero((b == sep) & outside)
    cells = np.searchsorted(separators, ends) - np.searchsorted(separators, starts) + 1
    # a record ending in \r\n holds its \r as part of the ending, not as content
    last = np.minimum(ends, len(b) - 1)
    crlf = (ends < len(b)) & (b[last] == 10) & (ends > starts) & (b[np.maximum(ends - 1, 0)] == 13)
    empty = ends - starts - crlf == 0
    return ends, np.where(empty, 0, cells)


def parse_cells(data: bytes, delimiter: str, width: int) -> list[np.ndarray] | None:
    """Every record's cells, ``width`` columns of unstripped text (``""`` for a missing cell),
    with pandas' C parser; None when it cannot read the file."""
    import pandas as pd  # here: `netmap --help` reads the limits from this package and must not load pandas

    try:
        frame = pd.read_csv(io.BytesIO(data), sep=delimiter, header=None, names=range(width), dtype=object,
                            na_filter=False, skip_blank_lines=False, engine="c", quotechar='"', doublequote=True,
                            encoding="utf-8", keep_default_na=False, low_memory=False)
    except (ValueError, pd.errors.ParserError, UnicodeDecodeError):
        return None
    return [frame[c].to_numpy(dtype=object) for c in range(width)]


_STRIP = np.frompyfunc(str.strip, 1, 1)
_LENGTH = np.frompyfunc(len, 1, 1)


def strip_cells(column: np.ndarray) -> np.ndarray:
    """Each cell without surrounding white space (``str.strip``, as the row reader strips)."""
    return _STRIP(column) if len(column) else column


def cell_lengths(column: np.ndarray) -> np.ndarray:
    """Each cell's length in characters."""
    return _LENGTH(column).astype(np.int64) if len(column) else np.zeros(0, dtype=np.int64)


def matching(column: np.ndarray, pattern) -> np.ndarray:
    """Whether the compiled ``pattern`` is found in each cell."""
    search = pattern.search
    return np.fromiter((search(cell) is not None for cell in column), dtype=bool, count=len(column))
