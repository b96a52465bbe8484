"""Turn raw tables into clean actors and ties tables, reporting everything that was changed.

Rules (METRICS.md, "Input conventions"):

* errors stop the load: a missing required column, a blank or duplicate actor id, a blank
  source/target, a weight that is not a positive number, cells beyond the header;
* warnings go on and say what was done: ties to actors missing from the actors file create
  them, self-ties are dropped, repeated ties are combined (weights summed, types listed),
  blank rows are skipped, unnamed or repeated headers are renamed.

Every issue names the file, the spreadsheet row (header = row 1) and the column.
"""
from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Literal

import pandas as pd

from .io import RawTable

__all__ = [
    "ACTOR_COLUMNS",
    "TIE_COLUMNS",
    "ACTOR_SHEETS",
    "TIE_SHEETS",
    "Issue",
    "ValidationReport",
    "ValidationResult",
    "validate_tables",
    "normalise_header",
]

#: Canonical actor columns and the header names accepted for each (case-insensitive,
#: spaces and hyphens read as underscores). Gephi uses Id/Label, Kumu uses Label as the id.
ACTOR_COLUMNS: dict[str, list[str]] = {
    "id": ["id", "actor_id", "actor", "node", "node_id", "key", "element_id"],
    "name": ["name", "label", "full_name", "display_name"],
}
#: Canonical tie columns and accepted aliases (Gephi: Source/Target/Weight, Kumu: From/To/Type).
TIE_COLUMNS: dict[str, list[str]] = {
    "source": ["source", "from", "source_id", "from_id", "actor1", "actor_1", "ego", "sender", "node1"],
    "target": ["target", "to", "target_id", "to_id", "actor2", "actor_2", "alter", "receiver", "node2"],
    "weight": ["weight", "strength", "tie_strength", "value"],
    "type": ["type", "tie_type", "relationship", "relation", "relationship_type", "kind"],
}
REQUIRED_ACTOR = ("id",)
REQUIRED_TIE = ("source", "target")
#: Sheet names looked for in a workbook (Kumu exports Elements and Connections).
ACTOR_SHEETS = ("actors", "elements", "nodes", "people", "organisations", "organizations", "stakeholders", "vertices")
TIE_SHEETS = ("ties", "connections", "edges", "links", "relationships", "relations")

_DECIMAL_COMMA = re.compile(r"^[+-]?\d+,\d+$")

Level = Literal["error", "warning"]


@dataclass(frozen=True)
class Issue:
    """One problem found in the input, and what netmap did about it.

    ``action`` is ``""`` for errors (nothing was loaded) and one of ``dropped``, ``merged``,
    ``created``, ``skipped``, ``renamed`` for warnings. ``rows`` lists every row involved.
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


def _row_list(rows, limit: int = 12) -> str:
    rows = list(rows)
    shown = ", ".join(str(r) for r in rows[:limit])
    return shown + (f" and {len(rows) - limit} more" if len(rows) > limit else "")


@dataclass
class ValidationReport:
    """Everything validation found: errors stop, warnings say what was changed."""

    issues: list[Issue] = field(default_factory=list)

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


def normalise_header(name: str) -> str:
    """Lower case, with spaces and hyphens as underscores: ``'Tie Type'`` -> ``'tie_type'``."""
    return re.sub(r"[\s\-]+", "_", name.strip().lower())


@dataclass
class _Columns:
    """Which header position holds each canonical column, and the attribute columns."""

    canonical: dict[str, int]
    shown: dict[str, str]  # canonical name -> header as the user wrote it
    attributes: list[tuple[str, int]]
    width: int


def _resolve_columns(
    table: RawTable,
    spec: dict[str, list[str]],
    required: tuple[str, ...],
    overrides: dict[str, str] | None,
    report: ValidationReport,
) -> _Columns | None:
    header = list(table.header)
    used_values = [any(i < len(cells) and cells[i] for _, cells in table.rows) for i in range(len(header))]
    names: list[str | None] = []
    seen: dict[str, int] = {}
    for i, raw in enumerate(header):
        name = raw
        if not name:
            if not used_values[i]:
                names.append(None)  # an empty column left by a trailing delimiter
                continue
            name = f"column_{i + 1}"
            report.add("warning", table.file, f"column {i + 1} has no header; it is kept as '{name}'",
                       row=table.header_row, column=name, action="renamed")
        if name in seen:
            seen[name] += 1
            new = f"{name}_{seen[name]}"
            report.add("warning", table.file, f"column name '{name}' appears more than once; "
                       f"the repeat at column {i + 1} is kept as '{new}'",
                       row=table.header_row, column=name, action="renamed")
            name = new
        else:
            seen[name] = 1
        names.append(name)

    positions = {n: i for i, n in enumerate(names) if n is not None}
    canonical: dict[str, int] = {}
    overrides = {k: v for k, v in (overrides or {}).items() if v}
    for key, column in overrides.items():
        if key not in spec:
            raise ValueError(f"unknown column role {key!r}; roles are {', '.join(spec)}")
        if column not in positions:
            report.add("error", table.file, f"the column chosen as {key}, '{column}', is not in the header",
                       row=table.header_row, column=column)
            return None
        canonical[key] = positions[column]
    by_normal = {}
    for n, i in positions.items():
        by_normal.setdefault(normalise_header(n), i)
    for key, aliases in spec.items():
        if key in canonical:
            continue
        for alias in aliases:
            i = by_normal.get(alias)
            if i is not None and i not in canonical.values():
                canonical[key] = i
                break
    if "id" in spec and "id" not in canonical and "name" in canonical:
        # Kumu's Elements and many hand-made lists identify actors by their label.
        canonical["id"] = canonical["name"]
    missing = [k for k in required if k not in canonical]
    if missing:
        found = ", ".join(f"'{n}'" for n in names if n is not None) or "none"
        wanted = "; ".join(f"'{k}' (accepted names: {', '.join(spec[k])})" for k in missing)
        hint = ""
        if not any(normalise_header(n) in {a for v in spec.values() for a in v} for n in names if n):
            hint = " The first non-blank row must be a header naming the columns."
        report.add("error", table.file, f"missing required column {wanted}. Columns found: {found}.{hint}",
                   row=table.header_row)
        return None
    taken = set(canonical.values())
    attributes = [(n, i) for i, n in enumerate(names) if n is not None and i not in taken]
    reserved = set(spec)
    clean_attrs = []
    for n, i in attributes:
        if n in reserved:  # e.g. a second 'label' column when 'name' came from 'Name'
            report.add("warning", table.file, f"column '{n}' is kept as '{n}_attribute' because "
                       f"'{n}' was read from another column", row=table.header_row, column=n, action="renamed")
            n = f"{n}_attribute"
        clean_attrs.append((n, i))
    shown = {k: names[i] for k, i in canonical.items()}
    return _Columns(canonical, shown, clean_attrs, len(header))


def _cell(cells: list[str], i: int) -> str:
    return cells[i] if i < len(cells) else ""


def _check_width(table: RawTable, cols: _Columns, report: ValidationReport) -> set[int]:
    bad = set()
    for row, cells in table.rows:
        extra = [c for c in cells[cols.width:] if c]
        if extra:
            report.add("error", table.file,
                       f"has {len(cells)} cells but the header names {cols.width} columns "
                       f"(extra value '{extra[0]}'); a value probably holds an unquoted "
                       f"'{table.delimiter if table.delimiter != chr(9) else 'tab'}'",
                       row=row, column=None)
            bad.add(row)
    return bad


def _validate_actors(table: RawTable, overrides, report: ValidationReport):
    cols = _resolve_columns(table, ACTOR_COLUMNS, REQUIRED_ACTOR, overrides, report)
    if cols is None:
        return None
    _report_blank_rows(table, report)
    bad_rows = _check_width(table, cols, report)
    id_i = cols.canonical["id"]
    name_i = cols.canonical.get("name")
    rows_by_id: dict[str, list[int]] = defaultdict(list)
    records = []
    for row, cells in table.rows:
        actor_id = _cell(cells, id_i)
        if not actor_id:
            report.add("error", table.file, "the actor id is blank; every actor needs an id",
                       row=row, column=cols.shown["id"])
            continue
        rows_by_id[actor_id].append(row)
        if row in bad_rows or len(rows_by_id[actor_id]) > 1:
            continue
        name = _cell(cells, name_i) if name_i is not None else ""
        record = {"id": actor_id, "name": name or actor_id}
        for attr, i in cols.attributes:
            record[attr] = _cell(cells, i) or None
        records.append(record)
    for actor_id, rows in rows_by_id.items():
        if len(rows) > 1:
            report.add("error", table.file,
                       f"actor id '{actor_id}' appears {len(rows)} times (rows {_row_list(rows)}); ids must be unique",
                       column=cols.shown["id"], rows=rows)
    columns = ["id", "name"] + [a for a, _ in cols.attributes]
    return pd.DataFrame(records, columns=columns, dtype=object)


def _report_blank_rows(table: RawTable, report: ValidationReport) -> None:
    if table.blank_rows:
        report.add("warning", table.file, f"{len(table.blank_rows)} blank row(s) skipped",
                   action="skipped", rows=table.blank_rows)


def parse_weight(text: str, decimal_comma: bool) -> float | None:
    """A weight as a float, or None when the text is not a number."""
    if decimal_comma and _DECIMAL_COMMA.match(text):
        text = text.replace(",", ".")
    try:
        return float(text)
    except ValueError:
        return None


def _validate_ties(table: RawTable, overrides, directed: bool, report: ValidationReport):
    cols = _resolve_columns(table, TIE_COLUMNS, REQUIRED_TIE, overrides, report)
    if cols is None:
        return None
    _report_blank_rows(table, report)
    bad_rows = _check_width(table, cols, report)
    c = cols.canonical
    decimal_comma = table.delimiter in ";\t|"
    ties: dict[tuple[str, str], dict] = {}
    rows_of: dict[tuple[str, str], list[int]] = defaultdict(list)
    self_ties: list[int] = []
    for row, cells in table.rows:
        source, target = _cell(cells, c["source"]), _cell(cells, c["target"])
        ok = row not in bad_rows
        for key, value in (("source", source), ("target", target)):
            if not value:
                report.add("error", table.file, f"the {key} actor is blank; every tie needs a source and a target",
                           row=row, column=cols.shown[key])
                ok = False
        weight = 1.0
        if "weight" in c and _cell(cells, c["weight"]):
            text = _cell(cells, c["weight"])
            weight = parse_weight(text, decimal_comma)
            if weight is None or not math.isfinite(weight):
                hint = " (use a point as the decimal separator)" if _DECIMAL_COMMA.match(text) else ""
                report.add("error", table.file, f"weight '{text}' is not a number{hint}; "
                           "weights are tie strengths, positive numbers such as 1 to 5",
                           row=row, column=cols.shown["weight"])
                ok = False
            elif weight <= 0:
                report.add("error", table.file, f"weight {text} is not positive; weights are tie "
                           "strengths (more = closer); leave the cell blank for the default 1, or "
                           "delete the row if there is no tie",
                           row=row, column=cols.shown["weight"])
                ok = False
        if not ok:
            continue
        if source == target:
            self_ties.append(row)
            continue
        key = (source, target) if directed or source <= target else (target, source)
        rows_of[key].append(row)
        tie_type = _cell(cells, c["type"]) if "type" in c else ""
        attrs = {a: _cell(cells, i) for a, i in cols.attributes}
        if key not in ties:
            ties[key] = {"source": source, "target": target, "weight": weight,
                         "type": [tie_type] if tie_type else [],
                         **{a: [v] if v else [] for a, v in attrs.items()}}
        else:
            tie = ties[key]
            tie["weight"] += weight
            if tie_type and tie_type not in tie["type"]:
                tie["type"].append(tie_type)
            for a, v in attrs.items():
                if v and v not in tie[a]:
                    tie[a].append(v)
    if self_ties:
        report.add("warning", table.file, f"{len(self_ties)} self-tie(s) (an actor tied to itself) dropped",
                   column=cols.shown["source"], action="dropped", rows=self_ties)
    for key, rows in rows_of.items():
        if len(rows) > 1:
            tie = ties[key]
            types = "; ".join(tie["type"])
            arrow = "→" if directed else "–"
            report.add("warning", table.file,
                       f"tie {tie['source']} {arrow} {tie['target']} appears {len(rows)} times; combined into one "
                       f"tie with weight {tie['weight']:g}" + (f" and types '{types}'" if types else ""),
                       column=cols.shown["source"], action="merged", rows=rows)
    records = []
    for tie in ties.values():
        record = {k: ("; ".join(v) or None) if isinstance(v, list) else v for k, v in tie.items()}
        records.append(record)
    columns = ["source", "target", "weight"] + (["type"] if "type" in c else []) + [a for a, _ in cols.attributes]
    frame = pd.DataFrame(records, columns=columns)
    frame["weight"] = frame["weight"].astype(float)
    for col in columns:
        if col != "weight":
            frame[col] = frame[col].astype(object)
    return frame, cols, rows_of


def validate_tables(
    ties: RawTable,
    actors: RawTable | None = None,
    *,
    directed: bool = False,
    tie_columns: dict[str, str] | None = None,
    actor_columns: dict[str, str] | None = None,
    report: ValidationReport | None = None,
) -> ValidationResult:
    """Validate raw tables and build the clean actors and ties tables.

    Parameters
    ----------
    ties, actors
        Raw tables from :mod:`netmap.io`; ``actors`` may be omitted, in which case every
        actor named in a tie is created (without a warning: that is the expected use).
    directed
        Whether A→B and B→A are different ties. Undirected repeats in either orientation are
        combined.
    tie_columns, actor_columns
        Explicit choice of column per role (``{"source": "Org A"}``), overriding the aliases.
    report
        A report to add to (for instance one already holding file-reading errors).
    """
    report = report or ValidationReport()
    actor_frame = _validate_actors(actors, actor_columns, report) if actors is not None else None
    tie_out = _validate_ties(ties, tie_columns, directed, report)
    if not report.ok or tie_out is None:
        return ValidationResult(_empty_actors(), _empty_ties(), report)
    tie_frame, tie_cols, rows_of = tie_out
    if actor_frame is None:
        actor_frame = _empty_actors()
    known = set(actor_frame["id"])
    created: dict[str, list[tuple[int, str]]] = {}
    for key, rows in rows_of.items():
        for end, actor_id in zip(("source", "target"), key):
            if actor_id not in known:
                created.setdefault(actor_id, []).append((rows[0], end))
    # Keep creation order as the ties file reads, so ids are stable between runs.
    ordered = sorted(created.items(), key=lambda kv: min(r for r, _ in kv[1]))
    if ordered:
        new = pd.DataFrame({"id": [a for a, _ in ordered], "name": [a for a, _ in ordered]}, dtype=object)
        actor_frame = pd.concat([actor_frame, new], ignore_index=True) if len(actor_frame) else new.reindex(
            columns=actor_frame.columns).astype(object)
        if actors is not None:
            for actor_id, where in ordered:
                row, end = min(where)
                report.add("warning", ties.file,
                           f"actor '{actor_id}' is not in {actors.file}; it was created with no attributes",
                           row=row, column=tie_cols.shown[end], action="created")
    if len(tie_frame) == 0:
        report.add("warning", ties.file, "has no ties; every actor is an isolate", row=ties.header_row)
    actor_frame = actor_frame.reset_index(drop=True).astype(object)
    actor_frame = actor_frame.where(actor_frame.notna(), None)
    return ValidationResult(actor_frame, tie_frame.reset_index(drop=True), report)


def _empty_actors() -> pd.DataFrame:
    return pd.DataFrame({"id": pd.Series(dtype=object), "name": pd.Series(dtype=object)})


def _empty_ties() -> pd.DataFrame:
    return pd.DataFrame({"source": pd.Series(dtype=object), "target": pd.Series(dtype=object),
                         "weight": pd.Series(dtype=float)})
