"""The name review in a real browser (Playwright, Debian's Chromium, `streamlit run`): accept
every clear match at once, undo one, close the page, open it again — the decisions are back,
read from the project's store. Payloads in typed names stay text."""
from __future__ import annotations

import io
import re

import pandas as pd
import pytest

from netmap.store import open_store
from netmap.store.review import decisions
from tests.ui.harness import _give_file, choose, open_app, running_app
from tests.ui.review_survey import review_survey
from tests.ui.team import team_store

pytestmark = pytest.mark.browser

PAYLOAD = "Ruth **at** [church](http://x.invalid)"


@pytest.fixture(scope="module")
def kept(tmp_path_factory):
    folder = tmp_path_factory.mktemp("review")
    db = folder / "store.db"
    team_store(db, project="Street").close()
    roster, responses = review_survey(12, seed=23)
    # the first respondent also typed a script where a name goes
    table = pd.read_csv(io.BytesIO(responses), dtype=str, keep_default_na=False)
    table.iloc[0, -1] = PAYLOAD
    (folder / "roster.csv").write_bytes(roster)
    table.to_csv(folder / "responses.csv", index=False)
    with running_app(env={"NETMAP_DB": str(db)}) as url:
        yield url, db, folder


def open_survey(browser, url, folder):
    context, page, guard = open_app(browser, url)
    page.get_by_text("Project: keep waves, edit, history").click()
    choose(page, "Project", "Street")
    page.get_by_text("Survey export", exact=True).click()
    _give_file(page, "Roster of actors (optional)", folder / "roster.csv")
    _give_file(page, "Survey export(s)", folder / "responses.csv")
    page.get_by_text(re.compile(r"typed names to review")).wait_for(timeout=120_000)
    return context, page, guard


def counts(page) -> str:
    return page.get_by_text(re.compile(r"typed names to review")).inner_text()


def test_bulk_accept_undo_one_and_reload(browser, kept):
    url, db, folder = kept
    context, page, guard = open_survey(browser, url, folder)
    try:
        assert "; 0 decided." in counts(page)
        assert page.get_by_text("Each decision is kept in project 'Street' as you make it.").is_visible()
        accept = page.get_by_role("button", name=re.compile(r"Accept all \d+ clear matches"))
        clear = int(re.search(r"\d+", accept.inner_text()).group())
        assert clear > 0
        accept.click()
        page.get_by_text(re.compile(rf"; {clear} decided\.")).wait_for(timeout=30_000)
        with open_store(str(db)) as store:
            stored = decisions(store, "Street")
        assert len(stored) == clear  # kept at once
        # the map waits for the person: only the review ran
        page.get_by_role("button", name="Update the map with my decisions").wait_for(timeout=30_000)
        # undo one: the name chosen in "Decide about" is a decided one
        one = min(stored)
        choose(page, "Decide about", one)
        page.get_by_role("button", name="Undo this decision").click()
        page.get_by_text(re.compile(rf"; {clear - 1} decided\.")).wait_for(timeout=30_000)
        with open_store(str(db)) as store:
            assert set(decisions(store, "Street")) == set(stored) - {one}
        # Markdown and HTML typed as a name are shown as typed: no link, no bold, no tag
        choose(page, "Decide about", PAYLOAD)
        # (plain() puts an invisible word joiner after "http:", so that no address is linked)
        page.get_by_text("'Ruth **at** [church](http:", exact=False).first.wait_for(timeout=30_000)
        assert page.locator("a[href*='x.invalid']").count() == 0
    finally:
        context.close()
    # the browser closed; a new visit restores the decisions from the project
    context, page, guard = open_survey(browser, url, folder)
    try:
        page.get_by_text(re.compile(rf"; {clear - 1} decided\.")).wait_for(timeout=30_000)
    finally:
        context.close()
    assert guard.outside == [] and guard.dialogs == []
