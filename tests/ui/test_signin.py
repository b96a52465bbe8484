"""The sign-in gate, run headless by AppTest on a real store with an account: nothing of the
app before sign-in, a wrong password refused in plain words, sign-out, an idle session ended,
and a user removed while signed in refused at their next step — each one a row of the audit trail."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from netmap.store import open_store
from netmap.store.accounts import add_user, remove_user
from netmap.store.audit import audit_rows
from netmap.ui.access import SESSION
from tests.conftest import ROOT
from tests.ui.team import PASSWORD

APP = str(ROOT / "app.py")


@pytest.fixture
def team(tmp_path, monkeypatch):
    db = tmp_path / "team.db"
    monkeypatch.setenv("NETMAP_DB", str(db))
    monkeypatch.delenv("NETMAP_SESSION_MINUTES", raising=False)
    store = open_store(str(db), create=True)
    add_user(store, "ann", PASSWORD)
    yield store
    store.close()


def text(at: AppTest) -> str:
    """Every piece of text the page shows (Markdown escapes removed)."""
    parts = [e.value for kind in ("title", "subheader", "markdown", "caption", "info", "error", "warning", "success")
             for e in getattr(at, kind)]
    parts += [e.value for kind in ("caption", "markdown", "header") for e in getattr(at.sidebar, kind)]
    return " ".join(str(p) for p in parts).replace("\\", "")


def submit(at: AppTest, user: str, password: str) -> AppTest:
    at.text_input(key="signin_user").set_value(user)
    at.text_input(key="signin_password").set_value(password)
    next(b for b in at.button if b.label == "Sign in").click()
    return at.run()


def signed_in(team) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=180).run()
    at = submit(at, "ann", PASSWORD)
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert "Signed in as ann" in text(at)
    return at


def test_nothing_is_shown_before_sign_in(team):
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    assert [t.value for t in at.title] == ["netmap"] and at.subheader[0].value == "Sign in"
    assert not at.sidebar.radio and not at.tabs and not at.sidebar.selectbox  # no data, no sample, no project
    assert "honest brokers" not in text(at)
    assert at.text_input(key="signin_password").proto.type == at.text_input(key="signin_password").proto.PASSWORD


def test_wrong_password_then_the_right_one(team):
    at = AppTest.from_file(APP, default_timeout=180).run()
    at = submit(at, "ann", "not the password")
    assert not at.exception
    assert [e.value.replace("\\", "") for e in at.error] == ["Wrong user name or password."]
    assert not at.tabs and "not the password" not in text(at)
    at = submit(at, "nobody", PASSWORD)
    assert [e.value.replace("\\", "") for e in at.error] == ["Wrong user name or password."]
    at = submit(at, "ann", PASSWORD)
    assert not at.exception and not at.error
    assert "Signed in as ann" in text(at) and at.sidebar.radio and at.tabs  # the app itself, with the sample
    assert "signin_password" not in at.session_state  # not kept once used
    events = list(audit_rows(team)["event"])
    assert events == ["user added", "sign-in failed", "sign-in failed", "sign-in"]


def test_sign_out_returns_to_the_form(team):
    at = signed_in(team)
    next(b for b in at.sidebar.button if b.key == "signout").click()
    at = at.run()
    assert not at.exception and not at.tabs
    assert "You have signed out." in text(at) and at.text_input(key="signin_user")
    assert list(audit_rows(team)["event"])[-1] == "sign-out"


def test_an_idle_session_ends(team, monkeypatch):
    monkeypatch.setenv("NETMAP_SESSION_MINUTES", "30")
    at = signed_in(team)
    session = dict(at.session_state[SESSION])
    at.session_state[SESSION] = {**session, "seen": session["seen"] - 31 * 60}
    at = at.run()
    assert not at.exception and not at.tabs
    assert "Your session ended after 30 minutes without activity. Sign in again." in text(at)
    trail = audit_rows(team)
    assert trail["event"].iloc[-1] == "session expired" and trail["user"].iloc[-1] == "ann"


def test_a_user_removed_while_signed_in_is_refused_at_the_next_step(team):
    at = signed_in(team)
    remove_user(team, "ann", by="admin")
    at.sidebar.radio(key="mode").set_value("Upload my files")
    at = at.run()
    assert not at.exception and not at.tabs and not at.sidebar.radio
    assert "Your account was removed or its password changed, so this step was not done." in text(at)
    trail = audit_rows(team)
    assert list(trail["event"][-2:]) == ["user removed", "session refused"] and trail["user"].iloc[-1] == "ann"


def test_without_accounts_the_app_opens_as_before(tmp_path, monkeypatch):
    monkeypatch.setenv("NETMAP_DB", str(tmp_path / "none.db"))
    at = AppTest.from_file(APP, default_timeout=180).run()
    assert not at.exception and at.sidebar.radio and "Sign in" not in [s.value for s in at.subheader]
    assert not (tmp_path / "none.db").exists()  # opening the app creates no store


SSO = {"redirect_uri": "http://127.0.0.1:8501/oauth2callback", "cookie_secret": "a-long-secret-for-the-cookie",
       "client_id": "netmap", "client_secret": "any", "server_metadata_url": "http://127.0.0.1:9/.well-known/x"}


def with_identity(iat: float) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=180)
    at.secrets["auth"] = SSO
    at.user = {"is_logged_in": True, "email": "alice@example.org", "sub": "alice", "iat": iat}
    return at.run()


def test_a_single_sign_on_identity_left_idle_does_not_reopen_the_app(team):
    import time

    from netmap.store.accounts import current_user

    alice = add_user(team, "alice", identity="alice@example.org")
    at = with_identity(time.time() - 2 * 3600)  # a cookie from two hours ago, no activity since
    assert not at.exception and not at.tabs
    assert "Your session ended after 30 minutes without activity. Sign in again." in text(at)
    assert [b.label for b in at.button if b.key == "signin_sso"] == ["Sign in with single sign-on"]
    assert audit_rows(team)["event"].iloc[-1] == "session expired"
    at = with_identity(time.time() - 60)  # just signed in at the provider
    assert not at.exception and "Signed in as alice" in text(at) and at.tabs
    current_user(team, alice.id, alice.generation, now=time.time() + 61)  # active a moment ago
    at = with_identity(time.time() - 2 * 3600)  # an old cookie, but the account was active: a reload
    assert not at.exception and "Signed in as alice" in text(at)
    assert list(audit_rows(team)["event"][-2:]) == ["sign-in", "sign-in"]
