"""docs/deploy.md followed on loopback: the team's store on the real PostgreSQL server the tests
start, accounts and roles made with the commands deploy.md gives an administrator, the app
started by the command line of deploy.md's systemd unit (its settings, its environment, the
secrets file where deploy.md puts it) on 127.0.0.1 and a free port — then, in Chromium,
sign-in before anything, a viewer without names who receives no name (page, map, every
download), signing out, and ``netmap audit --out`` showing the session with the user."""
from __future__ import annotations

import configparser
import json
import os
import re
import shlex
import subprocess
import sys

import pandas as pd
import pytest

from netmap.network import load_network
from tests.conftest import ROOT, SAMPLES, no_postgres
from tests.ui.harness import free_port, new_page, serving
from tests.ui.team import PASSWORD
from tests.ui.viewer import DOWNLOADED, actor_names, check_viewer_without_names, leaks

pytestmark = pytest.mark.browser

DEPLOY = ROOT / "docs" / "deploy.md"
#: The person's address, as Caddy writes it last in X-Forwarded-For.
ADDRESS = "203.0.113.7"
#: deploy.md's paths, and where the test puts each (under its temporary folder).
INSTALLED = "/opt/netmap/venv/bin/netmap"
STATE, SECRETS, SOCKET = "/var/lib/netmap", "/etc/netmap/secrets.toml", "/var/run/postgresql"


def unit_text(name: str) -> str:
    """The systemd unit deploy.md gives as ``/etc/systemd/system/NAME`` (the ini block after it)."""
    found = re.search(rf"`/etc/systemd/system/{re.escape(name)}`:\s*```ini\n(.*?)```",
                      DEPLOY.read_text(encoding="utf-8"), re.DOTALL)
    assert found, f"docs/deploy.md has no {name} unit"
    return found.group(1)


def service(name: str) -> tuple[dict[str, str], dict[str, str]]:
    """The ``[Service]`` settings of a unit of deploy.md, and its environment: every
    ``Environment=`` line (systemd reads them all; a settings parser keeps only the last)."""
    parser = configparser.ConfigParser(strict=False, interpolation=None, delimiters=("=",))
    parser.optionxform = str  # systemd's keys are case-sensitive
    text = unit_text(name)
    parser.read_string(text)
    environment = dict(line.removeprefix("Environment=").split("=", 1) for line in text.splitlines()
                       if line.startswith("Environment="))
    return dict(parser["Service"]), environment


@pytest.fixture(scope="module")
def deployed(pg_server, provider, tmp_path_factory):
    """A server set up as docs/deploy.md tells, under a temporary folder instead of /, with the
    throwaway PostgreSQL server of the store tests."""
    if isinstance(pg_server, Exception):
        no_postgres(str(pg_server))
    root = tmp_path_factory.mktemp("server")
    state, secrets = root / STATE.lstrip("/"), root / SECRETS.lstrip("/")
    state.mkdir(parents=True)
    secrets.parent.mkdir(parents=True)
    db = pg_server.new_database()
    assert db.startswith("postgresql://postgres@/") and f"?host={pg_server.folder}" in db
    netmap = [sys.executable, "-m", "netmap"]  # the checkout, as pip install would put it in the venv
    admin = {**os.environ, "PYTHONPATH": str(ROOT), "HOME": str(state), "NETMAP_USER": "admin", "NETMAP_DB": db}

    def as_admin(*argv: str, stdin: str | None = None) -> str:
        done = subprocess.run([*netmap, *argv], input=stdin, env=admin, cwd=state, capture_output=True, text=True,
                              check=False, timeout=120)
        assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
        return done.stdout

    # section 3: accounts and roles, as the administrator's alias runs them
    for user in ("ann", "vic"):
        as_admin("users", "add", user, "--password-stdin", stdin=f"{PASSWORD}\n")
    as_admin("project", "create", "Millbrook")
    as_admin("project", "add-wave", "Millbrook", "2025 baseline", str(SAMPLES / "millbrook" / "ties.csv"),
             "--actors", str(SAMPLES / "millbrook" / "actors.csv"))
    as_admin("project", "grant", "Millbrook", "ann", "--role", "owner")
    assert "viewer without names" in as_admin("project", "grant", "Millbrook", "vic", "--role", "viewer")

    # section 4: the secrets file outside any repository, for single sign-on
    port = free_port()
    secrets.write_text("[auth]\n"
                       f'redirect_uri = "http://127.0.0.1:{port}/oauth2callback"\n'
                       'cookie_secret = "a-long-random-secret-for-the-identity-cookie"\n'
                       'client_id = "netmap"\nclient_secret = "any"\n'
                       f'server_metadata_url = "{provider}/.well-known/openid-configuration"\n', encoding="utf-8")
    secrets.chmod(0o640)

    # section 5: the app as the unit starts it: its environment, its working folder, its command line
    settings, environment = service("netmap.service")
    assert environment["NETMAP_DB"] == f"postgresql://netmap@/netmap?host={SOCKET}"
    assert settings["WorkingDirectory"] == STATE and environment["HOME"] == STATE
    command = shlex.split(settings["ExecStart"])
    assert command[0] == INSTALLED and command[1] == "app", command
    for flag, value in (("--address", "127.0.0.1"), ("--port", str(port)), ("--secrets", str(secrets))):
        command[command.index(flag) + 1] = value
    assert SECRETS not in command and "--session-minutes" in command
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HOME": str(state), "NETMAP_DB": db,
           "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false"}
    env.pop("NETMAP_SESSION_MINUTES", None)
    with serving([*netmap, *command[1:]], f"http://127.0.0.1:{port}", cwd=state, env=env,
                 what="netmap app (deploy.md's unit)") as url:
        yield url, as_admin, root


def test_the_production_settings_sign_in_roles_and_audit(browser, deployed, tmp_path):
    url, as_admin, root = deployed
    ties, actors = SAMPLES / "millbrook" / "ties.csv", SAMPLES / "millbrook" / "actors.csv"
    names = actor_names(load_network(ties, actors)[0])
    # through the reverse proxy of deploy.md's section 6, which adds the person's address
    context, page, guard = new_page(browser, accept_downloads=True, extra_http_headers={"X-Forwarded-For": ADDRESS})
    try:
        page.goto(url)
        page.get_by_role("button", name="Sign in with single sign-on").wait_for(timeout=60_000)  # the secrets file
        before = page.inner_text("body")
        assert "Sign in" in before and "Upload my files" not in before and leaks({"page": before}, names) == {}
        assert len(page.frames) == 1  # no map, no data: nothing but the form

        check_viewer_without_names(page, url, "vic", PASSWORD, names, tmp_path)

        page.get_by_role("button", name="Sign out").click()
        page.get_by_text("You have signed out.").wait_for(timeout=30_000)
        # the signed-in page's elements stay (faded) until the rerun that signed out has finished
        page.get_by_text("Signed in as").first.wait_for(state="detached", timeout=30_000)
        after = page.inner_text("body")
        assert "Signed in as" not in after and leaks({"page": after}, names) == {}
        assert page.get_by_role("textbox", name="Password").count() == 1
        assert guard.outside == [] and guard.dialogs == []
    finally:
        context.close()

    out = root / "audit.csv"
    assert "audit rows to" in as_admin("audit", "--project", "Millbrook", "--out", str(out))
    project_rows = pd.read_csv(out, dtype=str, keep_default_na=False)
    as_admin("audit", "--out", str(out))
    trail = pd.read_csv(out, dtype=str, keep_default_na=False)
    session = trail[trail["user"] == "vic"]
    events = list(session["event"])
    assert events[0] == "sign-in" and events[-1] == "sign-out", events
    assert events.count("download") >= len(DOWNLOADED)
    assert session["address"].iloc[0] == ADDRESS  # the sign-in, from where the proxy says it came
    downloads = session[session["event"] == "download"]
    assert set(downloads["project"]) == {"Millbrook"}
    assert {json.loads(d)["file"] for d in downloads["detail"]} >= DOWNLOADED
    assert {json.loads(d)["holds"] for d in downloads["detail"]} == {"pseudonyms"}
    assert set(downloads["at"]) <= set(project_rows["at"])  # --project finds the session's downloads too
    assert not trail["detail"].str.contains(PASSWORD, regex=False).any()
