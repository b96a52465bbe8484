"""Tables edited in the app, or read back from the store, go through upload validation."""
from __future__ import annotations

import pandas as pd

from netmap.formats.spreadsheets import RawTable
from netmap.network import StakeholderNetwork
from netmap.store.tables import text_of
from netmap.validate import ValidationReport, validate_tables

__all__ = ["validate_frames", "frame_to_raw"]


def frame_to_raw(frame: pd.DataFrame, file: str) -> RawTable:
    """A frame as a raw table: text cells, row ``i`` of the frame shown as row ``i + 1``.

    Rows with no content (an added row left empty in the editor) are skipped and reported,
    as blank rows of a file are.
    """
    header = [str(c) for c in frame.columns]
    rows, blank = [], []
    for i, record in enumerate(frame.itertuples(index=False, name=None), start=1):
        cells = [(text_of(v) or "").strip() for v in record]
        if any(cells):
            rows.append((i, cells))
        else:
            blank.append(i)
    last = rows[-1][0] if rows else 0
    return RawTable(file, header, rows, [b for b in blank if b < last], header_row=0)


def validate_frames(actors: pd.DataFrame, ties: pd.DataFrame, directed: bool, label: str | None = None
                    ) -> tuple[StakeholderNetwork | None, ValidationReport]:
    """Validate an actors table and a ties table exactly as uploaded files are.

    Columns are taken by name (``id``, ``name``; ``source``, ``target``, ``weight``,
    ``type``), so an attribute whose name is also an accepted alias stays an attribute.
    Errors name the table (``ties table``), the row as numbered in the editor, and the column.
    """
    prefix = f"{label}: " if label else ""
    actor_raw = frame_to_raw(actors, f"{prefix}actors table")
    tie_raw = frame_to_raw(ties, f"{prefix}ties table")
    tie_columns = {role: role for role in ("source", "target", "weight", "type") if role in tie_raw.header}
    actor_columns = {role: role for role in ("id", "name") if role in actor_raw.header}
    report = ValidationReport()
    result = validate_tables(tie_raw, actor_raw, directed=directed, tie_columns=tie_columns,
                             actor_columns=actor_columns, report=report)
    if not report.ok:
        return None, report
    return StakeholderNetwork(result.actors, result.ties, directed), report
