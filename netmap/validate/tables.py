"""Turn raw tables into clean actors and ties tables, reporting everything that was changed.

Rules (METRICS.md, "Input conventions"):

* errors stop the load: a missing required column, a blank or duplicate actor id, a blank
  source/target, a weight that is not a positive number, cells beyond the header;
* warnings go on and say what was done: ties to actors missing from the actors file create
  them, self-ties are dropped, repeated ties are combined (weights summed by default, or the
  largest or the mean kept: :class:`ReadingRules`; types listed), blank rows are skipped,
  unnamed or repeated headers are renamed.

An error confined to one row (a blank source, a weight that is not a number, a repeated id,
extra cells) is a *bad row*. With ``ReadingRules(skip_bad_rows=True)`` bad rows are set aside
instead of stopping the load: each becomes a warning, and
:meth:`ValidationReport.set_aside_frame` gives them back with every original cell, so nothing
is lost. Problems with a whole file (a missing column, no ties at all) still stop.

Every issue names the file, the spreadsheet row (header = row 1) and the column.
"""
from __future__ import annotations

import difflib
import math
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from netmap.formats.graphs import NETWORK_CANVAS_ADVICE
from netmap.formats.spreadsheets import RawTable, text_columns
from netmap.validate.names import _Cleaner, _report_cleaned, _report_lookalikes, clean_name, lookalike_key
from netmap.validate.report import (
    COMBINE_RULES,
    Issue,
    ReadingRules,
    ValidationReport,
    ValidationResult,
    row_list,
)

__all__ = [
    "ACTOR_COLUMNS",
    "TIE_COLUMNS",
    "ACTOR_SHEETS",
    "TIE_SHEETS",
    "COMBINE_RULES",
    "Issue",
    "ReadingRules",
    "ValidationReport",
    "ValidationResult",
    "validate_tables",
    "validate_actors",
    "normalise_header",
    "guess_columns",
    "closest_headers",
    "row_list",
    "clean_name",
    "lookalike_key",
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
    used_values = _used_columns(table, [i for i, raw in enumerate(header) if not raw])
    names: list[str | None] = []
    seen: dict[str, int] = {}
    for i, raw in enumerate(header):
        name = raw
        if not name:
            if i not in used_values:
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
    taken = {names[i] for i in canonical.values()}
    for key, column in guess_columns([n for n in names if n is not None], spec, taken).items():
        if key not in canonical:
            canonical[key] = positions[column]
    if "id" in spec and "id" not in canonical and "name" in canonical:
        # Kumu's Elements and many hand-made lists identify actors by their label.
        canonical["id"] = canonical["name"]
    missing = [k for k in required if k not in canonical]
    if missing:
        found = ", ".join(f"'{n}'" for n in names if n is not None) or "none"
        wanted = "; ".join(f"'{k}' (accepted names: {', '.join(spec[k])})" for k in missing)
        hint = "".join(f" '{name}' looks like a misspelling of '{k}': rename that column, or choose it as {k}."
                       for k, name in closest_headers([n for n in names if n], spec, missing, taken).items())
        if not hint and not any(normalise_header(n) in {a for v in spec.values() for a in v} for n in names if n):
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


def guess_columns(header: list[str], spec: dict[str, list[str]], taken=()) -> dict[str, str]:
    """The column netmap reads for each role, from the accepted names: role -> header as written.

    The first accepted name (in ``spec``'s order) that a header matches wins; a column serves
    one role only, and the columns in ``taken`` serve none.

    >>> guess_columns(["From", "To", "Strength", "Notes"], TIE_COLUMNS)
    {'source': 'From', 'target': 'To', 'weight': 'Strength'}
    """
    by_normal: dict[str, str] = {}
    for name in header:
        if name:
            by_normal.setdefault(normalise_header(name), name)
    used, found = set(taken), {}
    for role, aliases in spec.items():
        for alias in aliases:
            name = by_normal.get(alias)
            if name is not None and name not in used:
                found[role] = name
                used.add(name)
                break
    return found


def closest_headers(header: list[str], spec: dict[str, list[str]], roles, taken=()) -> dict[str, str]:
    """For each of ``roles`` that no header names, the header that looks like a misspelling of one
    of its accepted names ("Soruce" for source): role -> header as written. A header serves one
    role only, and the headers in ``taken`` serve none.

    >>> closest_headers(["Soruce", "Target", "Weight"], TIE_COLUMNS, ["source"], {"Target", "Weight"})
    {'source': 'Soruce'}
    >>> closest_headers(["Notes"], TIE_COLUMNS, ["source", "target"])
    {}
    """
    free = {normalise_header(n): n for n in header if n and n not in set(taken)}
    found: dict[str, str] = {}
    for role in roles:
        for alias in spec[role]:
            # 0.8: one letter swapped, dropped or doubled in a word of five or more
            match = difflib.get_close_matches(alias, [k for k, n in free.items() if n not in found.values()], 1, 0.8)
            if match:
                found[role] = free[match[0]]
                break
    return found


def _used_columns(table: RawTable, positions: list[int]) -> set[int]:
    """Which of ``positions`` hold a value in some row (one pass over the rows)."""
    left, used = set(positions), set()
    for _, cells in table.rows:
        if not left:
            break
        found = {i for i in left if i < len(cells) and cells[i]}
        used |= found
        left -= found
    return used


def _cell(cells: list[str], i: int) -> str:
    return cells[i] if i < len(cells) else ""


def _check_width(table: RawTable, cols: _Columns, report: ValidationReport) -> set[int]:
    """Rows with more cells than the header has columns: bad rows (a value split in two)."""
    data = text_columns(table)
    extra = np.zeros(len(data), dtype=bool)
    for column in data.cells[cols.width:]:
        extra |= column != ""
    bad = set()
    for k in np.flatnonzero(extra).tolist():
        row, cells = int(data.numbers[k]), data.row(k)
        first = next(c for c in cells[cols.width:] if c)
        report.bad_row(table, row, cells, None,
                       f"has {len(cells)} cells but the header names {cols.width} columns "
                       f"(extra value '{first}'); a value probably holds an unquoted "
                       f"'{table.delimiter if table.delimiter != chr(9) else 'tab'}'")
        bad.add(row)
    return bad


def _validate_actors(table: RawTable, overrides, report: ValidationReport):
    out = _actor_table(table, overrides, report)
    return None if out is None else out[0]


def _actor_table(table: RawTable, overrides, report: ValidationReport):
    """The clean actors table and where each id first appears: id -> (file, row, column)."""
    cols = _resolve_columns(table, ACTOR_COLUMNS, REQUIRED_ACTOR, overrides, report)
    if cols is None:
        return None
    _report_blank_rows(table, report)
    bad_rows = _check_width(table, cols, report)
    id_i = cols.canonical["id"]
    name_i = cols.canonical.get("name")
    first_row: dict[str, int] = {}
    repeats: dict[str, list[int]] = {}
    kept = []
    attr_positions = [i for _, i in cols.attributes]
    clean = _Cleaner(table)
    for row, cells in table.rows:
        actor_id = clean(_cell(cells, id_i), row, cols.shown["id"])
        if not actor_id:
            report.bad_row(table, row, cells, cols.shown["id"], "the actor id is blank; every actor needs an id")
            continue
        if row in bad_rows and report.rules.skip_bad_rows:
            continue  # set aside: a later row with this id is its only row, not a repeat
        if actor_id in first_row:
            repeats.setdefault(actor_id, [first_row[actor_id]]).append(row)
            _repeated_id(report, table, row, cells, cols.shown["id"], actor_id, first_row[actor_id])
            continue
        first_row[actor_id] = row
        if row in bad_rows:
            continue
        name = clean(_cell(cells, name_i), row, cols.shown["name"]) if name_i is not None and name_i != id_i else ""
        kept.append([actor_id, name or actor_id] + [_cell(cells, i) or None for i in attr_positions])
    clean.report(report)
    if not report.rules.skip_bad_rows:
        for actor_id, rows in repeats.items():
            report.add("error", table.file,
                       f"actor id '{actor_id}' appears {len(rows)} times (rows {row_list(rows)}); ids must be unique",
                       column=cols.shown["id"], rows=rows, action="bad row")
    columns = ["id", "name"] + [a for a, _ in cols.attributes]
    where = {actor_id: (table.file, row, cols.shown["id"]) for actor_id, row in first_row.items()}
    return _object_frame(columns, kept), where


def _repeated_id(report: ValidationReport, table: RawTable, row: int, cells: list[str], column: str,
                 value: str, first: int) -> None:
    """A repeat of an id seen at row ``first``: the first row is kept, the repeat is a bad row.
    Without ``skip_bad_rows`` the caller reports every repeat of an id in one error."""
    message = f"id '{value}' was already given at row {first}; ids must be unique"
    if report.rules.skip_bad_rows:
        report.bad_row(table, row, cells, column, message + f" (row {first} is kept)")
    else:
        report.note_bad_row(table, row, cells, column, message)


def _object_frame(columns: list[str], rows: list, by_column: bool = False) -> pd.DataFrame:
    """A DataFrame of object columns from equal-length rows (or, ``by_column``, from one array
    per column), as one block (linear in the number of cells; a frame built from one dict per
    row, or converted column by column, is not)."""
    if by_column:
        block = np.empty((len(rows[0]) if rows else 0, len(columns)), dtype=object)
        for j, values in enumerate(rows):
            block[:, j] = values
    else:
        block = np.empty((len(rows), len(columns)), dtype=object)
        if rows:
            block[:] = rows
    # dtype=object: pandas 3 would otherwise convert text columns to Arrow strings, which are
    # slow to iterate over when the graph is built and hold ids as something else than str.
    return pd.DataFrame(block, columns=columns, dtype=object)


def _report_blank_rows(table: RawTable, report: ValidationReport) -> None:
    """Report the blank rows skipped, and count the rows read (every table's check starts here)."""
    report.rows_read[table.file] = len(table.rows)
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
    """The clean ties of ``table``, column by column: the rows with a problem (a blank end, a
    weight that is not a positive number, extra cells) are reported one by one, in row order;
    everything else is a whole-column operation.

    Returns ``(frame, columns, ties)`` where ``ties`` holds, for each distinct tie in the
    frame's order, its two ends as a key (``source <= target`` when undirected) and the row
    where it first appears; None when a required column is missing.
    """
    cols = _resolve_columns(table, TIE_COLUMNS, REQUIRED_TIE, overrides, report)
    if cols is None:
        return None
    _report_blank_rows(table, report)
    bad_rows = _check_width(table, cols, report)
    data = text_columns(table)
    numbers = data.numbers
    c = cols.canonical
    width = cols.width
    source, target = data.column(c["source"]).copy(), data.column(c["target"]).copy()
    clean = _Cleaner(table)
    for k in np.flatnonzero(~(_IS_ASCII(source).astype(bool) & _IS_ASCII(target).astype(bool))).tolist():
        row = int(numbers[k])
        source[k], target[k] = clean(source[k], row, cols.shown["source"]), clean(target[k], row, cols.shown["target"])
    weight, weight_problem = _weights(data.column(c.get("weight")), table.delimiter in ";\t|")
    blank_source, blank_target = source == "", target == ""
    width_bad = np.isin(numbers, np.fromiter(bad_rows, dtype=np.int64, count=len(bad_rows)))
    for k in np.flatnonzero(blank_source | blank_target | (weight_problem != "")).tolist():
        cells = data.row(k)
        if len(cells) < width:  # short rows (fewer cells than headers) read as blank cells
            cells = cells + [""] * (width - len(cells))
        for key, blank in (("source", blank_source[k]), ("target", blank_target[k])):
            if blank:
                report.bad_row(table, int(numbers[k]), cells, cols.shown[key],
                               f"the {key} actor is blank; every tie needs a source and a target")
        if weight_problem[k]:
            report.bad_row(table, int(numbers[k]), cells, cols.shown["weight"], weight_problem[k])
    ok = ~(blank_source | blank_target | (weight_problem != "") | width_bad)
    clean.report(report)
    self_tie = ok & (source == target)
    if self_tie.any():
        self_ties = numbers[self_tie].tolist()
        report.add("warning", table.file, f"{len(self_ties)} self-tie(s) (an actor tied to itself) dropped",
                   column=cols.shown["source"], action="dropped", rows=self_ties)
    keep = np.flatnonzero(ok & ~self_tie)
    source, target, weight = source[keep], target[keep], weight[keep]
    swap = np.zeros(len(keep), dtype=bool) if directed else (source > target).astype(bool)
    key_a, key_b = np.where(swap, target, source), np.where(swap, source, target)
    ends = []  # the distinct actor ids and each row's two codes in them
    tie, count, first = _distinct_pairs(key_a, key_b, ends)
    combine = report.rules.combine
    if combine == "max":
        combined = np.full(len(count), -np.inf)
        np.maximum.at(combined, tie, weight)
    else:  # summed in row order, as a running total is
        combined = np.bincount(tie, weights=weight, minlength=len(count))
        if combine == "mean":
            combined /= count
    type_i = c.get("type")
    listed = ([data.column(type_i)[keep]] if type_i is not None else []) + [data.column(i)[keep]
                                                                              for _, i in cols.attributes]
    values = [column[first] for column in listed]
    rows = numbers[keep]
    repeated = np.flatnonzero(count[tie] > 1)
    if len(repeated):
        _combine_repeats(table, cols, report, directed, tie, repeated, rows, source, target, combined, listed,
                         values, type_i is not None)
    columns = ["source", "target"] + (["type"] if type_i is not None else []) + [a for a, _ in cols.attributes]
    frame = _object_frame(columns, [source[first], target[first]] + [_none_if_blank(v) for v in values],
                          by_column=True)
    frame.insert(2, "weight", combined)
    ids, code_a, code_b = ends
    return frame, cols, (ids, code_a[first], code_b[first], rows[first])


_IS_ASCII = np.frompyfunc(str.isascii, 1, 1)


def _weights(texts: np.ndarray, decimal_comma: bool) -> tuple[np.ndarray, np.ndarray]:
    """Each row's weight (1 when blank) and what is wrong with it (``""`` when nothing), each
    distinct text parsed once: weights repeat (1 to 5) on every row."""
    codes, distinct = pd.factorize(texts)
    parsed = [parse_weight(t, decimal_comma) if t else 1.0 for t in distinct]
    problems = np.array([_weight_problem(t, w) if t else "" for t, w in zip(distinct, parsed)] or [""], dtype=object)
    values = np.array([w if w is not None else np.nan for w in parsed] or [1.0], dtype=float)
    return values[codes], problems[codes]


def _distinct_pairs(a: np.ndarray, b: np.ndarray, values: list | None = None
                    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Number the distinct pairs ``(a[k], b[k])`` in the order they first appear: returns each
    row's pair, each pair's row count and the position of its first row. ``values``, when
    given, receives the distinct values of ``a`` and ``b`` and each row's code in them."""
    codes, distinct = pd.factorize(np.concatenate([a, b]))
    pair = codes[:len(a)].astype(np.int64) * max(len(distinct), 1) + codes[len(a):]
    tie, _ = pd.factorize(pair)
    count = np.bincount(tie)
    first = np.full(len(count), len(tie), dtype=np.int64)
    np.minimum.at(first, tie, np.arange(len(tie)))
    if values is not None:
        values += [distinct, codes[:len(a)], codes[len(a):]]
    return tie, count, first


def _combine_repeats(table: RawTable, cols: _Columns, report: ValidationReport, directed: bool, tie, repeated,
                     rows, source, target, combined, listed, values, with_type: bool) -> None:
    """Report each repeated tie (in the order of its second row, as a reader meets it) and list
    the distinct types and attributes of its rows in ``values``."""
    order = repeated[np.argsort(tie[repeated], kind="stable")]
    groups = np.split(order, np.flatnonzero(np.diff(tie[order])) + 1)
    groups.sort(key=lambda g: g[1])
    arrow = "→" if directed else "–"
    combine = report.rules.combine
    for group in groups:
        t = int(tie[group[0]])
        seen = []
        for column, out in zip(listed, values):
            distinct = list(dict.fromkeys(v for v in column[group].tolist() if v))
            out[t] = "; ".join(distinct)
            seen.append(distinct)
        types = "; ".join(seen[0]) if with_type else ""
        k = group[0]
        report.add("warning", table.file,
                   f"tie {source[k]} {arrow} {target[k]} appears {len(group)} times; combined into one "
                   f"tie with weight {combined[t]:g}" + (f" and types '{types}'" if types else "")
                   + f" (repeated ties: {COMBINE_RULES[combine]})",
                   column=cols.shown["source"], action="merged", rows=rows[group].tolist())


def _none_if_blank(values: np.ndarray) -> np.ndarray:
    out = values.astype(object, copy=True)
    out[out == ""] = None
    return out


_UNSEEN = object()

#: Tie strengths netmap accepts: 10⁻¹² to 10¹². Weighted measures square and sum strengths
#: and take their reciprocals as lengths; inside this range none of that can overflow to
#: infinity or underflow to zero, even summed over every tie of the largest table.
MIN_WEIGHT, MAX_WEIGHT = 1e-12, 1e12


def _weight_problem(text: str, weight: float | None) -> str:
    if weight is None or not math.isfinite(weight):
        hint = " (use a point as the decimal separator)" if _DECIMAL_COMMA.match(text) else ""
        return (f"weight '{text}' is not a number{hint}; weights are tie strengths, positive numbers "
                "such as 1 to 5")
    if weight <= 0:
        return (f"weight {text} is not positive; weights are tie strengths (more = closer); leave the cell "
                "blank for the default 1, or delete the row if there is no tie")
    if not MIN_WEIGHT <= weight <= MAX_WEIGHT:
        return (f"weight {text} is outside the range netmap accepts, {MIN_WEIGHT:g} to {MAX_WEIGHT:g}; "
                "rescale the weights (for instance to 1 to 5)")
    return ""


def validate_tables(
    ties: RawTable,
    actors: RawTable | None = None,
    *,
    directed: bool = False,
    tie_columns: dict[str, str] | None = None,
    actor_columns: dict[str, str] | None = None,
    report: ValidationReport | None = None,
    rules: ReadingRules | None = None,
) -> ValidationResult:
    r"""Validate raw tables and build the clean actors and ties tables.

    Parameters
    ----------
    ties, actors
        Raw tables from :mod:`netmap.formats.spreadsheets`; ``actors`` may be omitted, in which case every
        actor named in a tie is created (without a warning: that is the expected use).
    directed
        Whether A→B and B→A are different ties. Undirected repeats in either orientation are
        combined.
    tie_columns, actor_columns
        Explicit choice of column per role (``{"source": "Org A"}``), overriding the aliases.
    report
        A report to add to (for instance one already holding file-reading errors).
    rules
        How repeated ties combine and whether bad rows are set aside; default the report's
        own (``sum``, bad rows stop the load). Given, they replace the report's.

    Examples
    --------
    A 1-5 rating given twice for the same pair, with bad rows set aside:

    >>> from netmap.formats.spreadsheets import read_table
    >>> table = read_table(("t.csv", b"source,target,weight\na,b,4\nb,a,5\nb,c,heavy\n"))
    >>> result = validate_tables(table, rules=ReadingRules(combine="max", skip_bad_rows=True))
    >>> result.ties[["source", "target", "weight"]].values.tolist()
    [['a', 'b', 5.0]]
    >>> result.report.set_aside_frame()[["source", "weight", "row", "column"]].values.tolist()
    [['b', 'heavy', 4, 'weight']]
    """
    report = report if report is not None else ValidationReport()
    if rules is not None:
        report.rules = rules
    exports = [t for t in (ties, actors) if t is not None and any(h.lower().startswith("networkcanvas")
                                                                 for h in t.header)]
    if exports:  # one message: it says what to do with every file of the export
        report.add("error", exports[0].file, NETWORK_CANVAS_ADVICE, row=exports[0].header_row)
        return ValidationResult(_empty_actors(), _empty_ties(), report)
    for table in (actors, ties):
        if table is not None:
            _report_cleaned(table, report)
    actor_out = _actor_table(actors, actor_columns, report) if actors is not None else None
    actor_frame, first_seen = actor_out if actor_out is not None else (None, {})
    tie_out = _validate_ties(ties, tie_columns, directed, report)
    if not report.ok or tie_out is None:
        return ValidationResult(_empty_actors(), _empty_ties(), report)
    tie_frame, tie_cols, (ids, code_a, code_b, first_rows) = tie_out
    if len(tie_frame) == 0:
        dropped = " once self-ties are dropped" if table_has_rows(ties) else " (only a header)"
        report.add("error", ties.file, f"has no ties{dropped}: there is nothing to analyse", row=ties.header_row)
        return ValidationResult(_empty_actors(), _empty_ties(), report)
    if actor_frame is None:
        actor_frame = _empty_actors()
    # each end of each tie, in the ties' order (a tie's first row, then source before target):
    # an actor not in the actors table is created where it first appears, so ids are stable
    ends = np.empty(2 * len(code_a), dtype=np.int64)
    ends[0::2], ends[1::2] = code_a, code_b
    known = pd.Index(actor_frame["id"].tolist(), dtype=object)
    unknown = np.flatnonzero(~pd.Index(ids, dtype=object).isin(known)[ends])
    _, at = np.unique(ends[unknown], return_index=True)
    at = unknown[np.sort(at)]
    ordered = ids[ends[at]]
    found_rows, found_end = first_rows[at // 2].tolist(), np.where(at % 2 == 0, "source", "target").tolist()
    ordered = ordered.tolist()
    if ordered:
        new = pd.DataFrame({"id": ordered, "name": ordered}, dtype=object)
        actor_frame = pd.concat([actor_frame, new], ignore_index=True) if len(actor_frame) else new.reindex(
            columns=actor_frame.columns).astype(object)
        if actors is not None:
            for actor_id, row, end in zip(ordered, found_rows, found_end):
                report.add("warning", ties.file,
                           f"actor '{actor_id}' is not in {actors.file}; it was created with no attributes",
                           row=row, column=tie_cols.shown[end], action="created")
    for actor_id, row, end in zip(ordered, found_rows, found_end):
        first_seen[actor_id] = (ties.file, row, tie_cols.shown[end])
    _report_lookalikes(actor_frame["id"], first_seen, report)
    actor_frame = actor_frame.reset_index(drop=True).astype(object)
    actor_frame = actor_frame.where(actor_frame.notna(), None)
    return ValidationResult(actor_frame, tie_frame.reset_index(drop=True), report)


def validate_actors(actors: RawTable | None, actor_columns: dict[str, str] | None = None,
                    report: ValidationReport | None = None) -> pd.DataFrame:
    """The actors table checked on its own, for a network whose ties come from elsewhere (the
    affiliations' co-presence): the same rules as in :func:`validate_tables`. Returns the clean
    table; an empty one without a table or when ``report`` holds errors."""
    report = report if report is not None else ValidationReport()
    if actors is None:
        return _empty_actors()
    if any(h.lower().startswith("networkcanvas") for h in actors.header):
        report.add("error", actors.file, NETWORK_CANVAS_ADVICE, row=actors.header_row)
        return _empty_actors()
    _report_cleaned(actors, report)
    frame = _validate_actors(actors, actor_columns, report)
    if frame is None or not report.ok:
        return _empty_actors()
    frame = frame.reset_index(drop=True).astype(object)
    return frame.where(frame.notna(), None)


def table_has_rows(table: RawTable) -> bool:
    return bool(table.rows)


def _empty_actors() -> pd.DataFrame:
    return pd.DataFrame({"id": pd.Series(dtype=object), "name": pd.Series(dtype=object)})


def _empty_ties() -> pd.DataFrame:
    return pd.DataFrame({"source": pd.Series(dtype=object), "target": pd.Series(dtype=object),
                         "weight": pd.Series(dtype=float)})
