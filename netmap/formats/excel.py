"""Write DataFrames to an Excel workbook: numbers as numbers, text as inert text."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

__all__ = ["write_sheets"]

_MAX_WIDTH = 60


def write_sheets(path: str | Path, sheets: dict[str, pd.DataFrame]) -> Path:
    """Write each DataFrame to its own sheet, header frozen and column widths set.

    Strings are always stored as text cells: openpyxl would otherwise store a value that
    starts with ``=`` as a formula, which Excel then evaluates (CSV/formula injection).
    """
    import openpyxl
    from openpyxl.utils import get_column_letter

    path = Path(path)
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, frame in sheets.items():
        ws = wb.create_sheet(title[:31])
        ws.append([str(c) for c in frame.columns])
        for record in frame.itertuples(index=False, name=None):
            ws.append([_excel_value(v) for v in record])
        for row in ws.iter_rows(min_row=1):
            for cell in row:
                if isinstance(cell.value, str):
                    cell.data_type = "s"
        ws.freeze_panes = "A2"
        for i, col in enumerate(frame.columns, start=1):
            longest = max([len(str(col))] + [len(str(v)) for v in frame[col].head(500) if v is not None])
            ws.column_dimensions[get_column_letter(i)].width = min(_MAX_WIDTH, longest + 2)
    wb.save(path)
    return path


def _excel_value(value):
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    if hasattr(value, "item"):  # numpy scalar
        value = value.item()
    if isinstance(value, (list, tuple, set)):
        return "; ".join(map(str, value))
    return value
