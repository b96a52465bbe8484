"""The sign-in gate: nothing of the app is loaded or shown until the person has signed in,
whenever the team's store has accounts or single sign-on is configured.

A session ends after ``NETMAP_SESSION_MINUTES`` (default 30) without activity, when the user
signs out, and at the next step after their account is removed or its password changed. Every
outcome is a row of the audit trail; every message is plain words, never a traceback and
never anyone's name but the user's own.
"""
from __future__ import annotations

import time

import streamlit as st

from netmap.errors import AccessError
from netmap.store.accounts import (
    current_user,
    has_users,
    identity_user,
    is_loopback,
    last_seen,
    sign_in,
    sso_sign_in,
)
from netmap.ui.access import (
    SESSION,
    audit,
    client_address,
    session_minutes,
    set_wave_role,
    signed_in,
    team_store,
)
from netmap.ui.text import plain

__all__ = ["gate", "sso_configured"]

_NOTICE = "_netmap_signin_notice"


def sso_configured() -> bool:
    """Whether ``.streamlit/secrets.toml`` (or ``--secrets``) has an ``[auth]`` section for st.login."""
    try:
        return "auth" in st.secrets and bool(st.secrets["auth"])
    except Exception:  # no secrets file at all, or one that does not parse
        return False


def _proxied() -> bool:
    """Whether the request came through a reverse proxy (which serves it beyond this computer,
    though the app itself listens on 127.0.0.1)."""
    try:
        headers = st.context.headers
        return any(isinstance(headers.get(h), str) for h in ("X-Forwarded-For", "Forwarded", "X-Real-Ip"))
    except Exception:  # no request context (AppTest): not proxied
        return False


def _sso_user() -> dict | None:
    """The provider's claims when the browser holds a single sign-on identity, else None."""
    try:
        if st.user.is_logged_in:
            return st.user.to_dict()
    except Exception:  # st.user without a request (AppTest) or without [auth]
        return None
    return None


def _start(user, method: str, now: float) -> None:
    st.session_state[SESSION] = {"user": user.name, "id": user.id, "generation": user.generation, "seen": now,
                                 "method": method}


def _end(notice: str | None = None) -> None:
    st.session_state.pop(SESSION, None)
    set_wave_role(None)
    if notice:
        st.session_state[_NOTICE] = notice


def _still_valid(store, session: dict, now: float) -> bool:
    """Check the open session: idle too long, or the account gone or changed, ends it (audited)."""
    idle = now - session["seen"]
    if idle > session_minutes() * 60:
        audit("session expired", detail={"idle minutes": round(idle / 60)})
        _end(f"Your session ended after {session_minutes():g} minutes without activity. Sign in again.")
        return False
    if current_user(store, session["id"], session["generation"], now) is None:
        audit("session refused", detail={"why": "account removed or password changed"})
        _end("Your account was removed or its password changed, so this step was not done. Sign in again, or ask "
             "whoever runs netmap.")
        return False
    session["seen"] = now
    return True


def _sidebar(session: dict) -> None:
    with st.sidebar:
        st.caption(plain(f"Signed in as {session['user']}"))
        if st.button("Sign out", key="signout"):
            audit("sign-out")
            _end("You have signed out.")
            if session["method"] == "single sign-on":
                st.logout()  # the browser is sent to the provider's end of session, then back here
                st.stop()  # not a rerun: a rerun can drop the redirect before the browser sees it
            st.rerun()


def _form(store, has_passwords: bool, sso: bool, now: float) -> None:
    st.title("netmap")
    st.subheader("Sign in")
    notice = st.session_state.pop(_NOTICE, None)
    if notice:
        st.info(plain(notice))
    if has_passwords:
        with st.form("signin", clear_on_submit=True):
            name = st.text_input("User name", key="signin_user", autocomplete="username")
            password = st.text_input("Password", type="password", key="signin_password",
                                     autocomplete="current-password")
            pressed = st.form_submit_button("Sign in", type="primary")
        if pressed:
            try:
                user = sign_in(store, name, password, address=client_address(), now=now)
            except AccessError as exc:
                st.error(plain(str(exc)))
            else:
                _start(user, "password", now)
                st.rerun()
    if sso and st.button("Sign in with single sign-on", key="signin_sso", type="secondary" if has_passwords
                         else "primary"):
        st.login()
    if not has_passwords and not sso and notice is None:
        st.error("No one can sign in yet: add an account with netmap users add NAME.")


def gate() -> bool:
    """True when the app may go on: signed in, or no sign-in needed here. Otherwise the sign-in
    form (or a message) is all the page shows."""
    store = team_store()
    now = time.time()
    session = signed_in()
    if session is not None:  # checked first: removing the last account must not open a session's door
        if _still_valid(store, session, now):
            _sidebar(session)
            return True
        _form(store, store is not None and has_users(store), sso_configured(), now)
        return False
    sso = sso_configured()
    accounts = store is not None and has_users(store)
    if not accounts and not sso:
        if not is_loopback(st.get_option("server.address")) or _proxied():
            st.error("netmap is reachable beyond this computer without sign-in, so it shows nothing. Add an account "
                     "(netmap users add NAME) or configure single sign-on, then reload this page.")
            return False
        return True
    if store is None:
        st.title("netmap")
        st.error("Single sign-on is set up, but netmap has no accounts yet: add one with netmap users add NAME "
                 "--identity EMAIL, then reload this page.")
        return False
    claims = _sso_user() if sso else None
    if claims is not None and _NOTICE not in st.session_state:
        outcome = _sso_sign_in(store, claims, now)
        if outcome is not None:
            return outcome  # signed in, or refused with the message on the page
    _form(store, accounts, sso, now)
    return False


def _sso_sign_in(store, claims: dict, now: float) -> bool | None:
    """Start a session from the browser's single sign-on identity: True when signed in, False
    when it maps to no account (the page says so), None when it is too old (the form says so)."""
    if now - float(claims.get("iat") or 0) > session_minutes() * 60 and not _was_active(store, claims, now):
        audit("session expired", detail={"method": "single sign-on"})
        st.session_state[_NOTICE] = (f"Your session ended after {session_minutes():g} minutes without activity. "
                                     "Sign in again.")
        return None
    try:
        user = sso_sign_in(store, claims, address=client_address(), now=now)
    except AccessError as exc:
        st.title("netmap")
        st.error(plain(str(exc)))
        if st.button("Sign out of single sign-on", key="signout_sso"):
            st.logout()
        return False
    _start(user, "single sign-on", now)
    _sidebar(st.session_state[SESSION])
    return True


def _was_active(store, claims: dict, now: float) -> bool:
    """Whether the account these claims map to was active within the idle limit: a single
    sign-on identity left in the browser for hours does not reopen the app by itself."""
    user = identity_user(store, claims)
    if user is None:
        return True  # no account: sso_sign_in refuses it, with the audit row
    seen = last_seen(store, user.id)
    return seen is not None and now - seen <= session_minutes() * 60
