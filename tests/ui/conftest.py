"""Browser-test fixtures: the real app server and Debian's Chromium through Playwright."""
from __future__ import annotations

import json
import shutil
import urllib.request
from pathlib import Path

import pytest
import streamlit as st

from tests.conftest import in_ci
from tests.ui.harness import CHROMIUM, free_port, launch, running_app, serving


@pytest.fixture(autouse=True)
def served_on_this_computer():
    """AppTest runs the app as `streamlit run app.py` would with the repository's
    .streamlit/config.toml: listening on 127.0.0.1 (the sign-in gate shows nothing otherwise).
    Streamlit reads that file once per process, from the folder it is in at the time: a test
    elsewhere that ran in another folder first would leave the option unset for the rest."""
    from streamlit import config

    before = config.get_option("server.address")
    config.set_option("server.address", "127.0.0.1")
    yield
    config.set_option("server.address", before)


@pytest.fixture(autouse=True)
def fresh_caches():
    """Streamlit's caches are process-wide: every test starts and ends with empty ones."""
    st.cache_data.clear()
    yield
    st.cache_data.clear()


@pytest.fixture
def downloads(monkeypatch) -> dict:
    """What each download button of the app offered, by key (AppTest keeps no bytes); clear it
    to see only what a later run offers."""
    captured = {}
    original = st.download_button

    def recording(label, data, *args, **kwargs):
        captured[kwargs.get("key")] = data
        return original(label, data, *args, **kwargs)

    monkeypatch.setattr(st, "download_button", recording)
    return captured


def _require_chromium():
    if not Path(CHROMIUM).exists():
        message = f"{CHROMIUM} is missing: apt-get install -y chromium (.ci/run does this)"
        if in_ci():
            pytest.fail(message)  # in CI a missing browser is a broken set-up, not a skip
        pytest.skip(message)


@pytest.fixture(scope="module")
def app_url():
    with running_app() as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    _require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def provider():
    """oidc-provider-mock on a free loopback port, with Alice (who has a netmap account) and
    Mallory (who has none)."""
    command = shutil.which("oidc-provider-mock")
    if command is None:
        message = "oidc-provider-mock is missing: pip install -r requirements-dev.txt"
        if in_ci():
            pytest.fail(message)
        pytest.skip(message)
    port = free_port()
    with serving([command, "--host", "127.0.0.1", "--port", str(port)], f"http://127.0.0.1:{port}",
                 ready="/.well-known/openid-configuration", what="the OpenID provider") as url:
        for sub, claims in (("alice", {"name": "Alice", "email": "alice@example.org", "email_verified": True}),
                            ("mallory", {"email": "mallory@example.org"})):
            request = urllib.request.Request(f"{url}/users/{sub}", data=json.dumps(claims).encode(), method="PUT",
                                             headers={"Content-Type": "application/json"})
            urllib.request.urlopen(request, timeout=10).close()
        yield url
