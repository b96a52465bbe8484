"""This session's state: whether downloads are pseudonymised (and with which key), and the choices
made in the views a run does not draw."""
from __future__ import annotations

import streamlit as st

from netmap.privacy import Pseudonymiser, new_key

__all__ = [
    "download_pseudonymiser",
    "drawn_widgets",
    "keep_hidden_choices",
    "names_withheld",
    "remember_widgets",
    "session_key",
]


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


#: Widget values a script may set through session state: not buttons, downloads, uploads or
#: tables' edits, which Streamlit refuses to have set (and an upload cannot be carried anyway).
_SETTABLE = frozenset({"bool_value", "int_value", "double_value", "string_value", "int_array_value",
                       "double_array_value", "string_array_value"})
#: Session-state key: the keys of the widgets drawn in each view, by the view's name.
_VIEW_WIDGETS = "_view_widgets"


def _run_state():
    """This run's context and Streamlit's session state behind ``st.session_state``, or
    (None, None) when Streamlit keeps them elsewhere (another version): then nothing is carried
    over and a hidden view's choices start again from their defaults, as Streamlit does."""
    try:
        from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx
    except ImportError:  # pragma: no cover - depends on the Streamlit version
        return None, None
    ctx = get_script_run_ctx()
    state = getattr(getattr(ctx, "session_state", None), "_state", None)
    drawn = getattr(getattr(ctx, "shared", None), "widget_user_keys_this_run", None)
    if state is None or drawn is None or not hasattr(state, "get_widget_metadata"):
        return None, None
    return drawn, state


def drawn_widgets() -> frozenset[str]:
    """The keys of the settable widgets drawn so far in this run."""
    drawn, state = _run_state()
    if drawn is None:
        return frozenset()
    keys = set()
    for key in st.session_state:
        if isinstance(key, str) and key in drawn:
            meta = state.get_widget_metadata(state.get_widget_id_from_key(key) or "")
            if meta is not None and meta.value_type in _SETTABLE:
                keys.add(key)
    return frozenset(keys)


def remember_widgets(view: str, keys: frozenset[str]) -> None:
    """Note the widgets ``keys`` as drawn in ``view`` (see :func:`keep_hidden_choices`)."""
    st.session_state.setdefault(_VIEW_WIDGETS, {})[view] = keys


def keep_hidden_choices(shown: set[str]) -> None:
    """Keep the choices made in the views not drawn in this run (only the open tab is drawn).

    Streamlit forgets the value of a widget a run does not draw: the colour chosen on the map,
    the broker weights or the actors who leave would start again after a look at another tab.
    Setting a widget's value to itself through session state before it is drawn keeps it
    (Streamlit's way to keep a widget's state while it is not shown). Call before any widget
    of a view is drawn, with the views drawn in this run (their widgets keep their state anyway).
    """
    drawn, _ = _run_state()
    for view, keys in st.session_state.get(_VIEW_WIDGETS, {}).items():
        if view in shown:
            continue
        for key in keys:
            # a widget already drawn in this run (none should be) cannot be set any more
            if key in st.session_state and (drawn is None or key not in drawn):
                st.session_state[key] = st.session_state[key]
