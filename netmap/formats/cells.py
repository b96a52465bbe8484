"""Cells that are safe to write: inert in a spreadsheet program, valid in JSON."""
from __future__ import annotations

import math

import pandas as pd

__all__ = ["FORMULA_PREFIXES", "inert", "uninert", "safe_frame", "csv_bytes", "json_safe"]

#: Cell starts that Excel, LibreOffice and Google Sheets may run as a formula (OWASP, CSV injection),
#: with their fullwidth (U+FF1D ＝, U+FF0B ＋, U+FF0D －, U+FF20 ＠) and small (U+FE66 ﹦, U+FE62 ﹢,
#: U+FE63 ﹣, U+FE6B ﹫) forms, which spreadsheet programs may fold to the plain character.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r",
                    "\uff1d", "\uff0b", "\uff0d", "\uff20", "\ufe66", "\ufe62", "\ufe63", "\ufe6b")


def inert(value):
    """Text that a spreadsheet shows as text: a leading formula character gets a ``'`` before it."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def uninert(value):
    """The text :func:`inert` guarded, read back: ``'@SUM(1+1)`` is ``@SUM(1+1)`` again, so a
    person's decision about a name that starts with a formula character keeps its name."""
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_PREFIXES):
        return value[1:]
    return value


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text cells (and column names) cannot run as formulas; numbers are untouched."""
    out = frame.copy()
    for column in out.columns:
        values = out[column]
        if isinstance(values.dtype, pd.StringDtype):  # text only: one whole-column test (a register's
            # 622,486 rows took a second a table cell by cell)
            risky = values.str.startswith(FORMULA_PREFIXES).fillna(False).to_numpy(dtype=bool)
            if risky.any():
                out[column] = values.where(~risky, "'" + values)
        elif values.dtype == object or pd.api.types.is_string_dtype(values):
            out[column] = values.map(inert)
    out.columns = [inert(str(c)) for c in out.columns]
    return out


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 CSV with a byte-order mark (so Excel reads accents right), formula-safe."""
    return safe_frame(frame).to_csv(index=False).encode("utf-8-sig")


def json_safe(value):
    """NaN and infinity become null (JSON has neither); numpy scalars become Python numbers."""
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_safe(v) for v in value]
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value
