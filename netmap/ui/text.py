"""Showing user text safely in Streamlit's Markdown."""
from __future__ import annotations

import re

__all__ = ["plain", "keep_valid", "JOINER"]

#: Every ASCII punctuation mark CommonMark lets a backslash escape that starts Markdown, HTML,
#: Streamlit's directives (``:red[…]``, ``:material/icon:``, emoji ``:smile:``) or LaTeX
#: (``$…$``): links and images, emphasis, code, headings (``#`` and a line of ``=`` or ``-``
#: below), lists, quotes, tables, entities (``&lt;``).
_MARKDOWN = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:=&^\"'])")
#: WORD JOINER (U+2060), invisible and zero-width. GitHub-flavoured Markdown turns text into a
#: link with no brackets at all (``www.x.com``, ``https://x``, ``jane@example.org``), and
#: escaping the dot or the colon does not stop it, nor does it stop Streamlit's icons
#: (``:material/home:``); a joiner where such a thing would start does: between ``www`` and its
#: dot, after ``@``, and between a colon and what follows it unspaced (``https:/``, ``:material``).
JOINER = "\u2060"
_AUTOLINK = re.compile(r"(?i)(?<=www)(?=\.)|(?<=@)|(?<=:)(?=\S)")


def plain(text: str) -> str:
    """``text`` as Markdown that shows it as typed and never becomes a link, an image, HTML,
    a heading, a list or formatting: every Markdown character escaped, and a :data:`JOINER`
    where a web or mail address would start, so that none is linked (an image or a link to an
    outside address would make the browser fetch it, or a reader click it).
    For every string a user or a file gave (names, file names, column and group names, wave
    and project names, messages that quote them) shown by st.markdown, st.caption, st.write,
    st.info/warning/error/success, or as a widget label, expander title, tab name or metric
    label."""
    return _MARKDOWN.sub(r"\\\1", _AUTOLINK.sub(JOINER, str(text)))


def keep_valid(key: str, options: list, default) -> None:
    """Give a widget its default through Session State, and reset it when the data changed
    and its remembered value is no longer an option.

    Streamlit remembers widget values by key across reruns; after another file is loaded a
    remembered actor, group or tie type may not exist any more. Widgets managed this way are
    created without their own default (Streamlit warns when both are set).
    """
    import streamlit as st

    if key not in st.session_state:
        st.session_state[key] = default
        return
    value = st.session_state[key]
    values = value if isinstance(value, list) else [value]
    if any(v not in options for v in values):
        st.session_state[key] = default
