"""Showing user text safely in Streamlit's Markdown."""
from __future__ import annotations

import re

__all__ = ["plain", "keep_valid"]

_MARKDOWN = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:])")


def plain(text: str) -> str:
    """Escape Markdown so that names and file content show as typed and never become links,
    HTML or formatting."""
    return _MARKDOWN.sub(r"\\\1", str(text))


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
