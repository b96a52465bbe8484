"""Finding the app's tables in an AppTest by what they hold, whatever their place on the page.

Tables show plain headers (netmap.glossary.label_for); these helpers find a table by the
technical names of its columns and give it back with those names.
"""
from __future__ import annotations

import pandas as pd

from netmap.glossary import label_for


def table(at, *columns: str) -> pd.DataFrame:
    """The first table on the page holding every one of ``columns`` (technical names), with
    technical headers."""
    wanted = {label_for(c): c for c in columns}
    for element in at.dataframe:
        frame = element.value
        if set(wanted) <= set(frame.columns):
            return frame.rename(columns=wanted)
    shown = [list(e.value.columns) for e in at.dataframe]
    raise AssertionError(f"no table with {sorted(wanted)} among {shown}")


def open_view(at, name: str):
    """Open the tab ``name`` of the views, as a click on it does: the app draws only the open
    tab (issue 23, item 10), so a test reads a tab's content after opening it."""
    at.session_state["views"] = name
    return at.run()
