"""Who is using the app: the signed-in user of this session, the team's store, and the audit
trail of what leaves the app (every download is a row naming the user, the file and whether it
holds names or pseudonyms)."""
from __future__ import annotations

import os
from pathlib import Path

import streamlit as st

from netmap.store import Store, default_db, open_store
from netmap.store.accounts import is_loopback
from netmap.store.audit import record
from netmap.ui.state import download_pseudonymiser

__all__ = [
    "SESSION",
    "audit",
    "client_address",
    "download_button",
    "offered",
    "session_minutes",
    "set_wave_role",
    "signed_in",
    "store_at",
    "team_db",
    "team_store",
    "user_name",
    "wave_role",
]

#: Session State key of the signed-in user: {"user", "id", "generation", "seen", "method"}.
SESSION = "_netmap_signed_in"
#: Session State key of the role on the wave being shown: {"project", "role", "names"}.
WAVE_ROLE = "_netmap_wave_role"
#: Session State key of the choices each project list offered at the last step, by widget key.
OFFERED = "_netmap_offered"
#: Minutes without activity after which a session ends (NETMAP_SESSION_MINUTES, set by ``netmap app``).
DEFAULT_SESSION_MINUTES = 30


def session_minutes() -> float:
    try:
        minutes = float(os.environ.get("NETMAP_SESSION_MINUTES", DEFAULT_SESSION_MINUTES))
    except ValueError:
        return DEFAULT_SESSION_MINUTES
    return minutes if minutes > 0 else DEFAULT_SESSION_MINUTES


def signed_in() -> dict | None:
    return st.session_state.get(SESSION)


def user_name() -> str | None:
    """The signed-in user's name, or None when no one is (sign-in not needed)."""
    session = signed_in()
    return session["user"] if session else None


def team_db() -> str:
    """The store the team's accounts live in: ``netmap app --db`` (NETMAP_DB), else the default."""
    return default_db()


@st.cache_resource(show_spinner=False)
def _open(db: str) -> Store:
    return open_store(db, create=True)


def store_at(db: str, create: bool = False) -> Store | None:
    """The one open store of this process at ``db`` (opening migrates, so it is done once), or
    None when ``db`` is a SQLite file that does not exist and ``create`` is false.

    One per process, not one per session: SQLite's locks belong to the process, and opening a
    second engine on a file this process already has open reads the file's first bytes through
    another handle, whose closing drops every lock the open connections hold — another process
    could then delete the write-ahead log under them and the writes after it would be lost.
    """
    if not create and "://" not in db and not Path(db).expanduser().exists():
        return None
    return _open(db)


def team_store() -> Store | None:
    """The team's store, or None when there is none yet (a SQLite file not created: no accounts)."""
    return store_at(team_db())


def client_address() -> str | None:
    """The address the request came from. Behind a reverse proxy on this computer (Caddy, see
    docs/deploy.md) it is the last address the proxy added to X-Forwarded-For: the proxy sets
    that one itself, so a client cannot choose it. (Streamlit gives no address for a browser on
    this computer itself.)"""
    try:
        direct = st.context.ip_address
        forwarded = st.context.headers.get("X-Forwarded-For")
    except Exception:  # noqa: BLE001 - no request context (AppTest): no address to note
        return None
    direct = direct if isinstance(direct, str) else None
    if (direct is None or is_loopback(direct)) and isinstance(forwarded, str) and forwarded.strip():
        return forwarded.split(",")[-1].strip() or direct
    return direct


def audit(event: str, project: str | None = None, detail: str | dict = "") -> None:
    """One row of the team store's audit trail for the signed-in user (nothing without a store)."""
    store = team_store()
    if store is not None:
        record(store, event, user_name(), project, detail, client_address())


def set_wave_role(project: str | None, role: str | None = None, names: bool = True) -> None:
    """Remember the project and the role of the wave shown (None: files, not a stored wave)."""
    if project is None:
        st.session_state.pop(WAVE_ROLE, None)
    else:
        st.session_state[WAVE_ROLE] = {"project": project, "role": role, "names": names}


def wave_role() -> dict | None:
    return st.session_state.get(WAVE_ROLE)


def _holds(names: bool | None) -> str:
    if names is None:
        shown = wave_role()
        names = not ((shown and not shown["names"]) or download_pseudonymiser() is not None)
    return "names" if names else "pseudonyms"


def download_button(label: str, data, *, file_name: str, names: bool | None = None, where=None, **kwargs):
    """``st.download_button`` (in ``where``, a column or the sidebar, else the page) whose click is
    a row of the audit trail — the user, the file, and whether it holds names or pseudonyms —
    when someone is signed in. ``names`` None: pseudonyms when the session pseudonymises
    downloads or the wave is shown without names, else names."""
    where = where or st
    if signed_in() is None:
        return where.download_button(label, data, file_name=file_name, **kwargs)
    shown = wave_role()
    detail = {"file": file_name, "holds": _holds(names)}
    project = shown["project"] if shown else None
    return where.download_button(label, data, file_name=file_name, on_click=audit,
                                 args=("download", project, detail), **kwargs)


def offered(key: str, options: list[str], action: str) -> None:
    """Call before drawing the project list ``key`` with ``options``: a project the list never
    offered at the last step (a request made by hand, not a choice in the page) is refused —
    audited, cleared before the list is drawn, and said in plain words.

    Streamlit would drop such a value silently; refusing it out loud leaves a trace of the
    attempt. A project the list did offer and no longer does (a role taken away meanwhile) is
    not an attempt: the role check where the wave is shown deals with it.
    """
    shown = st.session_state.setdefault(OFFERED, {})
    earlier, shown[key] = shown.get(key), list(options)
    asked = st.session_state.get(key)
    if signed_in() is None or asked is None or earlier is None or asked in earlier:
        return
    audit("access refused", str(asked), {"action": action, "why": "a project the page did not offer"})
    st.session_state[key] = None
    st.error("You have no role on the project asked for, so nothing of it is shown. Choose one from the list.")
