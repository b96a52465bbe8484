"""Tables as a person reads them: plain headers, rounded numbers, the technical name in the help."""
from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from netmap.glossary import help_for, plain_columns

__all__ = ["MISSING", "dataframe", "readable", "significant"]

#: What an empty cell shows.
MISSING = "—"


def significant(values: pd.Series, digits: int = 3) -> pd.Series:
    """Numbers rounded to ``digits`` significant figures for reading (0.034074707 → 0.0341);
    the CSV keeps every digit."""
    x = values.to_numpy(dtype=float, copy=True)
    finite = np.isfinite(x) & (x != 0)
    scale = 10.0 ** (digits - 1 - np.floor(np.log10(np.abs(x[finite]))))
    x[finite] = np.round(x[finite] * scale) / scale
    return pd.Series(x, index=values.index, name=values.name)


def readable(frame: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
    """The table as a person reads it: plain headers, rounded numbers, and in each header's
    help what the column means and its technical name."""
    shown = frame.copy()
    for column in shown.select_dtypes("float").columns:
        shown[column] = significant(shown[column])
    labels = plain_columns(shown.columns)
    config = {}
    for column, label in labels.items():
        meaning = help_for(column)
        if meaning or label != column:
            config[label] = st.column_config.Column(help=f"{meaning or ''} Technical name: {column}.".strip())
    return shown.rename(columns=labels), config


def dataframe(frame: pd.DataFrame, height: int | None = None) -> None:
    """Show ``frame`` sortable, as :func:`readable` makes it."""
    shown, config = readable(frame)
    sized = {"height": height} if height else {}
    # a missing value reads as a dash, not "None" (a broker score where the actor is no candidate)
    st.dataframe(shown, hide_index=True, column_config=config, width="stretch", placeholder=MISSING, **sized)
