"""HTML helpers of every page netmap writes: each value escaped (user text never enters HTML
raw), numbers rounded for reading, tables with plain headers."""
from __future__ import annotations

import html
import math

import pandas as pd

from netmap.glossary import help_for, label_for

__all__ = ["HEADERS", "escape", "header", "number", "table"]

#: Headers for the briefing's own columns, which the glossary does not list (it covers the
#: analysis's columns; these are made for the briefing).
HEADERS = {"rank": "#", "how_sure": "How sure", "name_a": "Actor", "name_b": "Introduce to",
           "group_a": "Group", "group_b": "and group", "description": "Community",
           "best_connected": "Best connected", "among": "Who would be cut off", "space": "Space",
           "suggestion": "Suggestion", "measure": "Measure", "before": "Before", "after": "After",
           "source_name": "Actor", "target_name": "and actor", "type": "Type of tie"}


def number(value: float) -> str:
    """A number rounded for reading: 2 decimals under 10, 1 under 100, whole numbers above."""
    if math.isnan(value):
        return "—"
    if value == int(value):
        return f"{int(value):,}"
    size = abs(value)
    return f"{value:,.0f}" if size >= 100 else f"{value:.1f}" if size >= 10 else f"{value:.2f}"


def escape(value) -> str:
    """``value`` as escaped text; a number rounded for reading."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return number(value)
    return html.escape("" if value is None or value is pd.NA else str(value))


def header(column: str) -> str:
    """The plain words heading ``column``: the glossary's, or the briefing's own."""
    return HEADERS.get(column) or label_for(column)


def table(frame: pd.DataFrame, columns: list[str], labels: list[str] | None = None) -> str:
    """A table with plain headers (the technical definition in each header's tooltip)."""
    labels = labels or [header(c) for c in columns]
    head = "".join(f'<th title="{escape(help_for(c) or "")}">{escape(label)}</th>'
                   for c, label in zip(columns, labels, strict=True))
    rows = "".join("<tr>" + "".join(f"<td>{escape(row[c])}</td>" for c in columns) + "</tr>"
                   for _, row in frame.iterrows())
    return f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
