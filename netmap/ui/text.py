"""Showing user text safely in Streamlit's Markdown."""
from __future__ import annotations

import re

__all__ = ["plain"]

_MARKDOWN = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~$:])")


def plain(text: str) -> str:
    """Escape Markdown so that names and file content show as typed and never become links,
    HTML or formatting."""
    return _MARKDOWN.sub(r"\\\1", str(text))
