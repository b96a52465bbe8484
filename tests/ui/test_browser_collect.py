"""A questionnaire run from the app, in real Chromium: an owner opens one on Millbrook's bundled
questionnaire, makes the links and downloads the printable sheet; a resident answers their
personal link on the real questionnaire server (`netmap collect serve`); the app's status
changes by itself; the owner closes the wave. Script and Markdown typed into the wave's name,
the questionnaire's title and a roster name stay text everywhere: every request that would
leave 127.0.0.1 and every dialog fails the test."""
from __future__ import annotations

import html
import json
import re
import time

import pytest

from netmap.store import open_store
from netmap.store.audit import audit_rows
from netmap.store.collections import Collections
from tests.collect.helpers import serving
from tests.ui.harness import _give_file, choose, free_port, new_page, running_app
from tests.ui.team import MILLBROOK, PASSWORD, team_store
from tests.ui.viewer import download, sign_in

pytestmark = pytest.mark.browser

# an image would be fetched from outside (the guard blocks and records it); a script would open a dialog
WAVE = "<script>alert('wave')</script> ![w](http://203.0.113.9/w.png) 2026"
TITLE = "<img src=x onerror=alert('title')> **Millbrook** ![t](http://203.0.113.9/t.png)"
NAME = "<script>alert('roster')</script> [Ann](http://203.0.113.9/)"


@pytest.fixture(scope="module")
def team(tmp_path_factory):
    """A team store with the project and its owner; the roster is Millbrook's with one hostile name."""
    folder = tmp_path_factory.mktemp("collectapp")
    db = folder / "team.db"
    team_store(db, {"ann": "owner"}).close()
    lines = (MILLBROOK / "actors.csv").read_text(encoding="utf-8").splitlines()
    first = lines[1].split(",")
    lines[1] = ",".join([first[0], f'"{NAME}"', *first[2:]])
    roster = folder / "roster.csv"
    roster.write_text("\n".join(lines) + "\n", encoding="utf-8")
    port = free_port()
    with serving(str(db), port) as base, running_app(env={"NETMAP_DB": str(db)}) as url:
        yield url, base, db, roster, first[0], lines[2].split(",")[1]


def _answer(browser, link: str, named: str) -> None:
    """A resident on a phone without JavaScript: agree, name one person, send."""
    context, page, guard = new_page(browser, 390, 844, java_script_enabled=False)
    try:
        page.goto(link)
        page.locator("input[name=consent][value=agree]").check()
        page.get_by_role("button", name="Continue").click()
        page.wait_for_url(f"{link}/2")
        page.get_by_label("Name 1").first.fill(named)
        page.get_by_role("button", name="Save and continue").click()
        page.wait_for_url(f"{link}/3")
        page.goto(f"{link}/check")
        page.get_by_role("button", name="Send my answers").click()
        page.wait_for_url(f"{link}/thanks")
    finally:
        context.close()
    assert guard.outside == [] and guard.dialogs == []


def _metric(page, label: str) -> str:
    box = page.get_by_test_id("stMetric").filter(has=page.get_by_test_id("stMetricLabel").get_by_text(label,
                                                                                                       exact=True))
    return box.get_by_test_id("stMetricValue").inner_text()


def test_open_invite_answer_follow_and_close_from_the_app(browser, team, tmp_path):
    url, server, db, roster, first_id, second_name = team
    context, page, guard = new_page(browser, 1400, 1000, accept_downloads=True)
    try:
        sign_in(page, url, "ann", PASSWORD)
        page.get_by_text("Project: keep waves, edit, history").click()
        choose(page, "Project", "Millbrook")
        page.get_by_text("Questionnaire: ask the people in the map").click()
        page.get_by_text("Open a questionnaire for a new wave").click()
        wave = page.get_by_role("textbox", name="Name of the new wave")
        wave.fill(WAVE)
        wave.press("Enter")
        editor = page.get_by_role("textbox", name=re.compile("^The questionnaire"))
        editor.wait_for(timeout=60_000)
        text = editor.input_value()
        assert text == (MILLBROOK / "questionnaire.yaml").read_text(encoding="utf-8")  # the bundled one, to adapt
        editor.fill(text.replace("title: Millbrook neighbours 2026", f'title: "{TITLE}"', 1))
        editor.press("Control+Enter")
        page.get_by_role("button", name="Check the questionnaire").click()
        page.get_by_text("reads well: 6 pages").wait_for(timeout=60_000)  # the edited text, checked
        _give_file(page, "Roster", roster)
        page.get_by_role("button", name="Open the questionnaire", exact=True).click()
        page.get_by_text("Opened.").wait_for(timeout=60_000)

        # the links, for this server; the printable sheet: one QR code per person, names as text
        address = page.get_by_role("textbox", name="Address people open the links at")
        address.fill(server)
        address.press("Enter")
        page.get_by_role("button", name="Make the links").click()
        sheet = download(page, "Download the printable sheet (one QR code each)", tmp_path).decode("utf-8")
        assert sheet.count("<svg") == 169 and html.escape(NAME) in sheet and NAME not in sheet
        links = [html.unescape(link) for link in re.findall(r'<p class="link">([^<]+)</p>', sheet)]
        assert links[0].startswith(f"{server}/d/") and all(link.startswith(f"{server}/r/") for link in links[1:])
        printed = context.new_page()  # the sheet as printed from the browser: the hostile name stays text
        printed.goto((tmp_path / "invitations.html").as_uri())
        assert NAME in printed.inner_text("body")
        printed.close()
        assert _metric(page, "Sent") == "0"

        # the first person on the roster answers on the real questionnaire server; the app's status
        # changes by itself (the status is a fragment read again every few seconds)
        _answer(browser, links[1], second_name)
        answered = time.monotonic()
        while _metric(page, "Sent") != "1":
            assert time.monotonic() - answered < 60, "the status did not change by itself"
            page.wait_for_timeout(250)
        assert _metric(page, "Invited") == "168"

        # close, after the confirmation: the wave is built and the report shown
        close = page.get_by_role("button", name="Close and build the wave")
        assert close.is_disabled()
        page.get_by_text("I am sure: stop taking answers").click()
        close.click()
        page.get_by_text("Closed: the wave is built").wait_for(timeout=120_000)
        shown = page.inner_text("body").replace("\u2060", "")  # the joiner that keeps an address from being linked
        assert f"built wave '{WAVE}' from 1 respondent: 168 actors, 1 tie" in shown
        assert WAVE in shown and TITLE in shown  # as typed, not run, not formatted
        assert guard.outside == [] and guard.dialogs == []
    except Exception:
        page.screenshot(path="/tmp/netmap-collect-failure.png", full_page=True)  # what the page showed, for CI
        raise
    finally:
        context.close()
    with open_store(str(db)) as store:
        assert Collections(store).get("Millbrook", WAVE).state == "closed"
        ties = store.wave_frames("Millbrook", WAVE)[1]
        assert list(zip(ties["source"], ties["reported_by"])) == [(first_id, first_id)]
        trail = audit_rows(store, "Millbrook")
    assert [e for e in trail["event"] if e.startswith("collection")] == ["collection opened", "collection closed"]
    downloads = [json.loads(d) for d, e in zip(trail["detail"], trail["event"]) if e == "download"]
    assert {"file": "invitations.html", "holds": "names"} in downloads
    assert set(trail.loc[trail["event"] != "grant", "user"]) == {"ann"}
