"""This session's privacy state: whether downloads are pseudonymised, and with which key."""
from __future__ import annotations

import streamlit as st

from netmap.privacy import Pseudonymiser, new_key

__all__ = ["download_pseudonymiser", "session_key", "names_withheld"]


def download_pseudonymiser() -> Pseudonymiser | None:
    """This session's pseudonymiser when the user asked for pseudonymised downloads."""
    return st.session_state.get("_pseudonymiser")


def session_key() -> str | None:
    """The pseudonym key when the user ticked "Pseudonymise every download" (made on the first
    run after the tick, so no download of that run shows names); "" when ticked without a key."""
    if not st.session_state.get("pseudonymise"):
        return None
    return st.session_state.setdefault("pseudonym_key", new_key()) or ""


def names_withheld() -> bool:
    """True while "Pseudonymise every download" is ticked without a key: then no download is
    offered at all rather than one with names (the sidebar asks for a key)."""
    return session_key() == ""
