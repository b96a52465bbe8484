"""Tables as a person reads them: plain headers, rounded numbers, the technical name in the help;
sentences (a reason, the members of a circle) whole, in a table whose cells wrap."""
from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from netmap.glossary import PLAIN_WHY, help_for, plain_columns
from netmap.ui.text import plain

__all__ = ["MISSING", "SENTENCES", "dataframe", "readable", "readable_table", "significant", "text_table", "with_all_numbers"]

#: What an empty cell shows.
MISSING = "—"

#: Columns of sentences: a reason, the members of a circle or a community. The sortable grid
#: (st.dataframe) draws each cell on one line cut at its column's width, so a reason was cut
#: off after a few words, on a phone after the first (issue 23, item 5); a table holding one is
#: shown by :func:`text_table`, whose cells wrap.
SENTENCES = ("why", PLAIN_WHY, "why_suggested", "members")

#: Rows a text table shows before it scrolls, its headers kept in view.
TEXT_ROWS = 12
#: Height of a text table of more rows, in pixels: about a dozen reasons on a desktop, and
#: two thirds of a phone's screen, so the page can still be scrolled past it.
TEXT_HEIGHT = 560
#: Our own style, no user text: on a narrow screen each row of a table of sentences wraps, its
#: short cells on one line and its sentences (the last cells) below at the full width; the
#: headers wrap the same way, so they still say what each number is.
PHONE_ROWS = ("<style>@media (max-width: 640px) {"
              "[class*='st-key-sentences_'] tr { display: flex; flex-wrap: wrap; align-items: baseline; }"
              "[class*='st-key-sentences_'] th, [class*='st-key-sentences_'] td { flex: 0 1 auto; border: none; }"
              "[class*='st-key-sentences_'] tr > :last-child { flex: 1 1 100%; }"
              "[class*='st-key-sentences_'] tr { border-bottom: 1px solid rgba(128, 128, 128, 0.3); }"
              "}</style>")


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


def text_table(frame: pd.DataFrame, key: str | None = None) -> None:
    """Show ``frame`` as a table of text whose cells wrap, every sentence whole at any width:
    plain headers and rounded numbers as :func:`readable` makes them, a dash for a missing
    value. Not sortable; a long table scrolls under its headers.

    With ``key``, a table of sentences: they come last, and on a phone each row reads as a
    short line (who, the numbers) above its sentences at the screen's full width
    (:data:`PHONE_ROWS`), instead of a column a few words wide.

    Streamlit shows the headers and cells of st.table as Markdown, so every text goes through
    :func:`netmap.ui.text.plain`: a name or a group is shown as typed, never as a link or an image.
    """
    if key is not None:
        sentences = [c for c in frame.columns if c in SENTENCES]
        frame = frame[[c for c in frame.columns if c not in sentences] + sentences]
    shown, _ = readable(frame)
    text = [c for c in shown.columns if not pd.api.types.is_numeric_dtype(shown[c])]
    shown = shown.assign(**{c: [MISSING if pd.isna(v) else plain(v) for v in shown[c]] for c in text})
    shown.columns = [plain(c) for c in shown.columns]
    floats = [c for c in shown.columns if pd.api.types.is_float_dtype(shown[c])]
    styled = shown.style.hide(axis="index").format(na_rep=MISSING).format("{:g}", subset=floats, na_rep=MISSING)
    sized = {"height": TEXT_HEIGHT} if len(shown) > TEXT_ROWS else {}
    if key is None:
        st.table(styled, hide_index=True, **sized)
        return
    with st.container(key=f"sentences_{key}"):
        st.html(PHONE_ROWS)
        st.table(styled, hide_index=True, **sized)


def readable_table(frame: pd.DataFrame, key: str, height: int | None = None) -> None:
    """Show ``frame``: as text that wraps when a column holds sentences (:data:`SENTENCES`;
    ``key`` names the table on the page), else as the sortable grid (:func:`dataframe`)."""
    if any(c in frame.columns for c in SENTENCES):
        text_table(frame, key)
    else:
        dataframe(frame, height)


def with_all_numbers(first: pd.DataFrame, frame: pd.DataFrame, key: str, height: int | None = None) -> None:
    """Show ``first`` (the columns a person reads first: who, why, the score; readable on a
    phone, a reason whole), then the whole ``frame`` folded away under "All the numbers", as the
    sortable grid."""
    readable_table(first, key, height)
    with st.expander(f"All the numbers ({len(frame.columns)} columns)"):
        dataframe(frame)

