"""Tables of text: turning frames into stored cells and back, row-level diffs, and replay.

A stored table is a list of columns and an ordered mapping ``row key -> cells`` (a dict
column -> text or None). Every revision is a list of :class:`Change`; applying the changes of
revisions 1..N to an empty table gives the table as it was after revision N. The current
table is always stored as exactly that replay, so any revision can be rebuilt and restored.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass

import pandas as pd

__all__ = ["ENCODE", "Change", "TableState", "frame_to_state", "state_to_frame", "diff", "apply", "text_of",
           "row_key", "describe", "KEYS"]

#: JSON text of a value, compact and with non-ASCII kept as is (one encoder: it is hot).
ENCODE = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode

#: Columns that identify a row of the named tables; other tables are keyed by row position.
KEYS = {"actors": ("id",), "ties": ("source", "target"), "actor_notes": ("id",)}


@dataclass(frozen=True)
class Change:
    """One row changed by a revision (``row_key`` None: the table's columns changed)."""

    table: str
    row_key: str | None
    before: dict | list | None
    after: dict | list | None
    position: int | None = None


@dataclass
class TableState:
    """A table as stored: its columns, pandas dtypes (for extra tables) and ordered rows."""

    columns: list[str]
    dtypes: list[str]
    rows: dict[str, dict]  # row key -> {column: text or None}, in table order

    def copy(self) -> "TableState":
        return TableState(list(self.columns), list(self.dtypes), dict(self.rows))


def text_of(value) -> str | None:
    """A cell as the text to store: None for blank; floats so that ``float(text) == value``.

    Whole numbers are written without a decimal point (``2.0`` -> ``"2"``), as people type
    them; ``repr`` gives the shortest text that reads back to the same float.
    """
    if type(value) is str:  # by far the most common cell: no other check needed
        return value
    if value is None:
        return None
    if isinstance(value, float):
        if math.isnan(value):
            return None
        if value.is_integer() and abs(value) < 1e16:
            return str(int(value))
        return repr(value)
    if pd.isna(value) if not isinstance(value, (str, bytes, list, tuple, dict)) else False:
        return None
    if hasattr(value, "item") and not isinstance(value, str):  # numpy scalars
        return text_of(value.item())
    return str(value)


def row_key(table: str, cells: dict, position: int) -> str:
    """The identity of a row: its id (actors), its two ends (ties), else its position."""
    keys = KEYS.get(table)
    if keys is None:
        return str(position)
    if len(keys) == 1:
        return cells.get(keys[0]) or ""
    return ENCODE([cells.get(k) for k in keys])


def frame_to_state(table: str, frame: pd.DataFrame, keep_dtypes: bool = False) -> TableState:
    """Cells of ``frame`` as text, keyed by :func:`row_key`.

    ``keep_dtypes`` records each column's pandas dtype so that :func:`state_to_frame` gives
    back numbers and booleans for extra tables; actors and ties are always text (validation
    turns them back into a network).
    """
    columns = [str(c) for c in frame.columns]
    if len(set(columns)) != len(columns):
        raise ValueError(f"table '{table}' has repeated column names")
    dtypes = [_dtype_name(frame[c]) if keep_dtypes else "object" for c in frame.columns]
    rows: dict[str, dict] = {}
    for position, record in enumerate(frame.itertuples(index=False, name=None)):
        cells = {c: text_of(v) for c, v in zip(columns, record)}
        key = row_key(table, cells, position)
        if key in rows:
            raise ValueError(f"table '{table}' has two rows for {key}")
        rows[key] = cells
    return TableState(columns, dtypes, rows)


def _dtype_name(series: pd.Series) -> str:
    kind = series.dtype.kind
    if kind == "b":
        return "bool"
    if kind in "iu":
        return "int64"
    if kind == "f":
        return "float64"
    if str(series.dtype) in ("Int64", "boolean", "Float64"):
        return str(series.dtype)
    return "object"


def state_to_frame(state: TableState, typed: bool = False) -> pd.DataFrame:
    """The table as a DataFrame of text (None when blank), or typed back when ``typed``."""
    data = {c: [cells.get(c) for cells in state.rows.values()] for c in state.columns}
    frame = pd.DataFrame(data, columns=state.columns, dtype=object)
    if typed:
        for column, dtype in zip(state.columns, state.dtypes):
            if dtype == "object":
                continue
            values = frame[column]
            if dtype in ("bool", "boolean"):
                mapped = values.map({"True": True, "False": False, None: None})
                frame[column] = mapped.astype("bool" if dtype == "bool" and mapped.notna().all() else "boolean")
            elif dtype in ("int64", "Int64"):
                numbers = pd.to_numeric(values)
                frame[column] = numbers.astype("int64" if dtype == "int64" and numbers.notna().all() else "Int64")
            else:
                frame[column] = pd.to_numeric(values).astype("float64" if dtype == "float64" else "Float64")
    return frame


def diff(table: str, old: TableState | None, new: TableState) -> list[Change]:
    """Row-level changes that turn ``old`` (None: no table) into ``new``.

    Inserted rows carry their position in ``new`` so that :func:`apply` puts them back where
    they were.
    """
    changes: list[Change] = []
    old_rows = old.rows if old is not None else {}
    if old is None or old.columns != new.columns or old.dtypes != new.dtypes:
        changes.append(Change(table, None, None if old is None else {"columns": old.columns, "dtypes": old.dtypes},
                              {"columns": new.columns, "dtypes": new.dtypes}))
    for key, cells in old_rows.items():
        if key not in new.rows:
            changes.append(Change(table, key, cells, None))
    for position, (key, cells) in enumerate(new.rows.items()):
        before = old_rows.get(key)
        if before is None:
            changes.append(Change(table, key, None, cells, position))
        elif before != cells:
            changes.append(Change(table, key, before, cells))
    return changes


def apply(states: dict[str, TableState], changes: list[Change], *, in_place: bool = False) -> dict[str, TableState]:
    """The tables after ``changes`` (a new dict; ``states`` is not modified, unless
    ``in_place``: then ``states`` itself is changed and returned, for a replay that needs no
    earlier state and must not copy every table at every revision, such as ``project load``).

    Order: column changes, deletions, updates in place, then insertions at their positions
    (ascending), so that a diff applied to its old table gives exactly its new table.
    """
    out = states if in_place else {name: state.copy() for name, state in states.items()}
    inserts: dict[str, list[Change]] = {}
    for change in changes:
        if change.row_key is None:
            if change.after is None:
                out.pop(change.table, None)
            else:
                state = out.setdefault(change.table, TableState([], [], {}))
                state.columns, state.dtypes = list(change.after["columns"]), list(change.after["dtypes"])
    for change in changes:
        if change.row_key is None:
            continue
        state = out[change.table]
        if change.after is None:
            state.rows.pop(change.row_key, None)
        elif change.row_key in state.rows:
            state.rows[change.row_key] = change.after
        else:
            inserts.setdefault(change.table, []).append(change)
    for table, added in inserts.items():
        state = out[table]
        ordered = sorted(added, key=lambda c: (c.position is None, c.position or 0))
        # Inserting at the end (an import, rows added last) costs nothing; in the middle, O(rows).
        count = len(state.rows)
        if all(c.position is None or c.position >= count + i for i, c in enumerate(ordered)):
            for change in ordered:
                state.rows[change.row_key] = change.after
            continue
        items = list(state.rows.items())
        for change in ordered:
            at = len(items) if change.position is None else min(change.position, len(items))
            items.insert(at, (change.row_key, change.after))
        state.rows = dict(items)
    return out


def describe(changes: list[Change]) -> str:
    """A short plain summary of row changes, e.g. 'ties: 2 added, 1 changed': a revision's
    summary when its author gives none, in the store and in a pseudonymised dump alike."""
    parts = []
    for table in dict.fromkeys(c.table for c in changes):
        mine = [c for c in changes if c.table == table and c.row_key is not None]
        added = sum(c.before is None for c in mine)
        removed = sum(c.after is None for c in mine)
        changed = len(mine) - added - removed
        counts = [f"{n} {word}" for n, word in ((added, "added"), (removed, "removed"), (changed, "changed")) if n]
        if counts:
            parts.append(f"{table}: " + ", ".join(counts))
        elif not mine:
            parts.append(f"{table}: columns changed")
    return "; ".join(parts) or "no change"
