"""What reading a file changed or found wrong: the report every reader fills (errors stop the
load, warnings are shown, every changed row named by file, row and column) and the rules a
user chooses for reading (how repeated ties combine, whether bad rows are set aside)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import pandas as pd

from netmap.formats.spreadsheets import RawTable

__all__ = ["COMBINE_RULES", "Issue", "Level", "ReadingRules", "SET_ASIDE_COLUMNS", "ValidationReport",
           "ValidationResult", "row_list"]


Level = Literal["error", "warning"]

#: How the weights of a repeated tie (the same pair on several rows) become one weight, in the
#: words the warning uses. ``sum`` suits counts (each row one more contact: 3 meetings = 3);
#: ``max`` and ``mean`` suit ratings on a scale (two rows rating a tie 4 and 5 on a 1-5 scale
#: are not a tie of 9).
COMBINE_RULES: dict[str, str] = {
    "sum": "weights summed",
    "max": "largest weight kept",
    "mean": "weights averaged",
}


@dataclass(frozen=True)
class ReadingRules:
    """The choices a user makes about reading: how repeated ties combine and whether bad rows
    are set aside. Part of every cache key that holds the files.

    Attributes
    ----------
    combine : {"sum", "max", "mean"}
        How the weights of a repeated tie combine (:data:`COMBINE_RULES`). Default ``sum``:
        the rule netmap always used, right for counts of contacts.
    skip_bad_rows : bool
        Set aside rows with a problem of their own instead of stopping the load. Default
        False: a user decides, after seeing the problems.
    """

    combine: str = "sum"
    skip_bad_rows: bool = False

    def __post_init__(self):
        if self.combine not in COMBINE_RULES:
            raise ValueError(f"unknown rule {self.combine!r} for repeated ties; choose {', '.join(COMBINE_RULES)}")


@dataclass(frozen=True)
class Issue:
    """One problem found in the input, and what netmap did about it.

    ``action`` is ``""`` for errors with a whole file (nothing was loaded), ``bad row`` for
    errors confined to rows that :class:`ReadingRules` ``skip_bad_rows`` could set aside, and
    one of ``dropped``, ``merged``, ``created``, ``skipped``, ``renamed``, ``cleaned``,
    ``set aside`` for warnings. ``rows`` lists every row involved.
    """

    level: Level
    file: str
    message: str
    row: int | None = None
    column: str | None = None
    action: str = ""
    rows: tuple[int, ...] = ()

    @property
    def where(self) -> str:
        parts = [self.file]
        if len(self.rows) > 1:
            parts.append("rows " + _row_list(self.rows))
        elif self.row is not None:
            parts.append(f"row {self.row}")
        if self.column is not None:
            parts.append(f"column '{self.column}'")
        return ", ".join(parts)

    @property
    def text(self) -> str:
        """One line naming file, row and column."""
        return f"{self.where}: {self.message}"


def row_list(rows, limit: int = 12) -> str:
    """Row numbers for a sentence: "2, 5, 9", or the first ``limit`` "and 3 more"."""
    rows = list(rows)
    shown = ", ".join(str(r) for r in rows[:limit])
    return shown + (f" and {len(rows) - limit} more" if len(rows) > limit else "")


_row_list = row_list


@dataclass
class _BadRow:
    """A row with a problem of its own, with every cell as read, for the set-aside table."""

    header: list[str]
    cells: list[str]
    columns: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


#: The columns netmap adds to the set-aside rows, after the file's own columns.
SET_ASIDE_COLUMNS = ("file", "row", "column", "problem")


@dataclass
class ValidationReport:
    """Everything validation found: errors stop, warnings say what was changed.

    ``rules`` are the reading rules followed; ``bad_rows`` holds every row with a problem of its
    own, keyed by (file, row), set aside or not; ``rows_read`` counts the non-blank rows of each
    table read."""

    issues: list[Issue] = field(default_factory=list)
    rules: ReadingRules = field(default_factory=ReadingRules)
    bad_rows: dict[tuple[str, int], _BadRow] = field(default_factory=dict)
    rows_read: dict[str, int] = field(default_factory=dict)

    def add(self, level: Level, file: str, message: str, row=None, column=None, action="", rows=()):
        rows = tuple(rows)
        if row is None and rows:
            row = rows[0]
        self.issues.append(Issue(level, file, message, row, column, action, rows))

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.level == "error"]

    @property
    def warnings(self) -> list[Issue]:
        return [i for i in self.issues if i.level == "warning"]

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def only_bad_rows(self) -> bool:
        """True when there are errors and every one is confined to rows that could be set aside."""
        errors = self.errors
        return bool(errors) and all(i.action == "bad row" for i in errors)

    @property
    def valid_rows(self) -> int:
        """Rows read, less the bad ones, in the files that have bad rows: the rows that "load
        the valid rows" is about ("Load the 8 valid rows" of a 10-row ties file with 2 bad
        ones, not 8 plus the rows of a clean actors file)."""
        files = {file for file, _ in self.bad_rows}
        return sum(n for file, n in self.rows_read.items() if file in files) - len(self.bad_rows)

    def bad_row(self, table: RawTable, row: int, cells: list[str], column: str | None, message: str) -> None:
        """Report a problem confined to one row: an error, or with ``rules.skip_bad_rows`` a
        warning saying the row was set aside. The row is kept, cells and all, for
        :meth:`set_aside_frame`."""
        self.note_bad_row(table, row, cells, column, message)
        if self.rules.skip_bad_rows:
            self.add("warning", table.file, f"{message}; the row was set aside", row=row, column=column,
                     action="set aside")
        else:
            self.add("error", table.file, message, row=row, column=column, action="bad row")

    def note_bad_row(self, table: RawTable, row: int, cells: list[str], column: str | None, message: str) -> None:
        """Keep a bad row for the set-aside table without adding an issue (the caller reports it)."""
        entry = self.bad_rows.get((table.file, row))
        if entry is None:
            entry = self.bad_rows[(table.file, row)] = _BadRow(list(table.header), list(cells))
        if column is not None and column not in entry.columns:
            entry.columns.append(column)
        entry.problems.append(message)

    def bad_rows_where(self) -> str:
        """Where the bad rows are, file by file: "ties.csv rows 4, 6; actors.csv row 3"."""
        by_file: dict[str, list[int]] = {}
        for file, row in self.bad_rows:
            by_file.setdefault(file, []).append(row)
        return "; ".join(f"{file} {'row' if len(rows) == 1 else 'rows'} {row_list(sorted(rows))}"
                         for file, rows in by_file.items())

    def set_aside_frame(self) -> pd.DataFrame:
        """The bad rows as a table: the files' own columns (as written, so a corrected row can be
        pasted back), then ``file``, ``row``, ``column`` and ``problem``. One line per row;
        several problems of one row are joined by "; "."""
        columns: list[str] = []
        records = []
        for (file, row), entry in sorted(self.bad_rows.items(), key=lambda kv: (kv[0][0], kv[0][1])):
            names = [h or f"column_{i + 1}" for i, h in enumerate(entry.header)]
            names += [f"column_{i + 1}" for i in range(len(names), len(entry.cells))]
            record = dict(zip(names, entry.cells))
            for name in names[:max(len(entry.header), len(entry.cells))]:
                if name not in columns:
                    columns.append(name)
            records.append((record, file, row, "; ".join(entry.columns), "; ".join(entry.problems)))
        ours = [c if c not in columns else f"{c} (netmap)" for c in SET_ASIDE_COLUMNS]
        rows = [{**record, ours[0]: file, ours[1]: row, ours[2]: column or None, ours[3]: problem}
                for record, file, row, column, problem in records]
        frame = pd.DataFrame(rows, columns=columns + ours, dtype=object)
        frame[ours[1]] = frame[ours[1]].astype("Int64")
        return frame

    def to_frame(self) -> pd.DataFrame:
        """One row per affected input row: level, file, row, column, action, message.

        This is the table a user downloads to see every row that was dropped, merged,
        created or skipped.
        """
        records = []
        for issue in self.issues:
            for row in issue.rows or (issue.row,):
                records.append(
                    {
                        "level": issue.level,
                        "file": issue.file,
                        "row": row,
                        "column": issue.column,
                        "action": issue.action,
                        "message": issue.message,
                    }
                )
        columns = ["level", "file", "row", "column", "action", "message"]
        frame = pd.DataFrame(records, columns=columns)
        frame["row"] = frame["row"].astype("Int64")
        return frame


@dataclass(frozen=True)
class ValidationResult:
    """Clean tables (``actors``: id, name, attributes; ``ties``: source, target, weight,
    [type], attributes) and the report. The tables are empty when ``report.ok`` is false."""

    actors: pd.DataFrame
    ties: pd.DataFrame
    report: ValidationReport
