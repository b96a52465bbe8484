"""Finding the app's tables in an AppTest by what they hold, whatever their place on the page.

Tables show plain headers (netmap.glossary.label_for); these helpers find a table by the
technical names of its columns and give it back with those names.
"""
from __future__ import annotations

import re

import pandas as pd

from netmap.glossary import label_for


def as_read(text):
    """Text shown through netmap.ui.text.plain (Markdown escapes, word joiners), as a reader
    sees it; anything else as it is."""
    return re.sub(r"\\(.)", r"\1", text).replace("\u2060", "") if isinstance(text, str) else text


def text_tables(at) -> list[pd.DataFrame]:
    """The text tables on the page (st.table, netmap.ui.tables.text_table), as a reader sees them."""
    frames = []
    for element in at.table:
        frame = element.value
        frames.append(frame.rename(columns=as_read).apply(lambda c: c.map(as_read) if c.dtype == object or
                                                          pd.api.types.is_string_dtype(c) else c))
    return frames


def table(at, *columns: str) -> pd.DataFrame:
    """The first table on the page holding every one of ``columns`` (technical names), with
    technical headers: a text table (a reason shown whole), else a sortable grid."""
    wanted = {label_for(c): c for c in columns}
    frames = text_tables(at) + [e.value for e in at.dataframe]
    for frame in frames:
        if set(wanted) <= set(frame.columns):
            return frame.rename(columns=wanted)
    shown = [list(frame.columns) for frame in frames]
    raise AssertionError(f"no table with {sorted(wanted)} among {shown}")


def open_view(at, name: str):
    """Open the tab ``name`` of the views, as a click on it does: the app draws only the open
    tab (issue 23, item 10), so a test reads a tab's content after opening it."""
    at.session_state["views"] = name
    return at.run()
