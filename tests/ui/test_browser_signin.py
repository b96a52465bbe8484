"""Signing in through a real browser: the password form, and single sign-on through
Streamlit's st.login against an OpenID provider started by the test on 127.0.0.1
(oidc-provider-mock), with every request that would leave the machine blocked."""
from __future__ import annotations

import pytest

from netmap.store import open_store
from netmap.store.accounts import add_user
from netmap.store.audit import audit_rows
from tests.ui.harness import Guard, free_port, new_page, running_app
from tests.ui.team import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def team(provider, tmp_path_factory):
    """The app, started with a store holding Ann (password) and Alice (single sign-on), and a
    secrets file outside the checkout."""
    folder = tmp_path_factory.mktemp("team")
    db = folder / "team.db"
    store = open_store(str(db), create=True)
    add_user(store, "ann", PASSWORD)
    add_user(store, "alice", identity="alice@example.org")
    store.close()
    port = free_port()
    secrets = folder / "secrets.toml"
    secrets.write_text(
        "[auth]\n"
        f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
        'cookie_secret = "a-long-random-secret-for-the-identity-cookie"\n'
        'client_id = "netmap"\n'
        'client_secret = "any"\n'
        f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n', encoding="utf-8")
    with running_app(args=("--secrets.files", str(secrets)), env={"NETMAP_DB": str(db)}, port=port) as url:
        yield url, db




def _idle(page) -> None:
    """Wait until the app has finished its run (Streamlit shows its status widget while running)."""
    page.wait_for_function("() => !document.querySelector('[data-testid=stStatusWidget]')", timeout=120_000)


def _sign_in_page(page, url: str) -> None:
    page.goto(url)
    page.get_by_text("Sign in", exact=True).first.wait_for(timeout=60_000)


def test_password_sign_in_in_the_browser(browser, team):
    url, db = team
    context, page, guard = new_page(browser)
    try:
        _sign_in_page(page, url)
        assert page.get_by_text("Upload my files").count() == 0  # nothing of the app before sign-in
        page.get_by_role("textbox", name="User name").fill("ann")
        page.get_by_role("textbox", name="Password").fill("not the password")
        page.get_by_role("button", name="Sign in", exact=True).click()
        page.get_by_text("Wrong user name or password.").wait_for(timeout=30_000)
        assert page.get_by_role("textbox", name="Password").input_value() == ""  # the form forgets what was typed
        page.get_by_role("textbox", name="User name").fill("ann")
        page.get_by_role("textbox", name="Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in", exact=True).click()
        page.get_by_text("Signed in as ann").wait_for(timeout=60_000)
        page.get_by_text("Upload my files").wait_for(timeout=60_000)
        assert PASSWORD not in page.content()
        _idle(page)
        page.get_by_role("button", name="Sign out").click()
        page.get_by_text("You have signed out.").wait_for(timeout=30_000)
        assert guard.outside == [] and guard.dialogs == []
    finally:
        context.close()
    events = list(audit_rows(open_store(str(db)))["event"])
    assert ["sign-in failed", "sign-in", "sign-out"] == [e for e in events if e.startswith("sign-")][:3]


def _single_sign_on(page, url: str, provider: str, sub: str) -> None:
    _sign_in_page(page, url)
    page.get_by_role("button", name="Sign in with single sign-on").click()
    page.wait_for_url(f"{provider}/**", timeout=30_000)
    page.locator("input[name=sub]").fill(sub)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(f"{url}/**", timeout=30_000)


def test_single_sign_on_maps_the_provider_identity_to_a_netmap_user(browser, team, provider):
    url, db = team
    context, page, guard = new_page(browser)
    try:
        _single_sign_on(page, url, provider, "alice")
        page.get_by_text("Signed in as alice").wait_for(timeout=60_000)
        page.get_by_text("Upload my files").wait_for(timeout=60_000)
        # a reload keeps the identity (Streamlit's cookie) and starts a new session from it
        page.reload()
        page.get_by_text("Signed in as alice").wait_for(timeout=60_000)
        _idle(page)
        page.get_by_role("button", name="Sign out").click()
        page.wait_for_url(f"{provider}/**", timeout=60_000)  # st.logout ends the provider's session too
        page.get_by_role("button", name="End session").click()
        page.get_by_text("Sign in with single sign-on").wait_for(timeout=60_000)
        assert guard.outside and all("127.0.0.1" not in u for u in guard.outside)  # the mock's CDN stylesheet, blocked
    finally:
        context.close()
    trail = audit_rows(open_store(str(db)))
    mine = trail[trail["user"] == "alice"]
    assert list(mine["event"]) == ["sign-in", "sign-in", "sign-out"]
    assert all("single sign-on" in d for d in mine["detail"][:2])


def test_single_sign_on_without_a_netmap_account_is_refused(browser, team, provider):
    url, db = team
    context, page, _ = new_page(browser)
    try:
        _single_sign_on(page, url, provider, "mallory")
        page.get_by_text("no netmap account has this identity").wait_for(timeout=60_000)
        assert page.get_by_text("Upload my files").count() == 0
        assert "Traceback" not in page.content()
    finally:
        context.close()
    trail = audit_rows(open_store(str(db)))
    refused = trail[trail["event"] == "sign-in failed"]
    assert refused["user"].iloc[-1] == "mallory@example.org" and "no netmap account" in refused["detail"].iloc[-1]


def test_without_accounts_a_request_through_a_proxy_is_shown_nothing(browser, tmp_path):
    """Behind a reverse proxy the app listens on 127.0.0.1 yet serves the network: without an
    account or single sign-on, a proxied request (X-Forwarded-For) gets a message, not the app."""
    with running_app(env={"NETMAP_DB": str(tmp_path / "none.db")}) as url:
        context = browser.new_context(extra_http_headers={"X-Forwarded-For": "203.0.113.5"})
        Guard(context)
        page = context.new_page()
        try:
            page.goto(url)
            page.get_by_text("reachable beyond this computer without sign-in").wait_for(timeout=60_000)
            assert page.get_by_text("Upload my files").count() == 0
        finally:
            context.close()
        context = browser.new_context()  # the same app on this computer itself opens as before
        Guard(context)
        page = context.new_page()
        try:
            page.goto(url)
            page.get_by_text("Upload my files").wait_for(timeout=60_000)
        finally:
            context.close()
