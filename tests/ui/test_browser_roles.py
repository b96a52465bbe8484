"""A viewer without names, in a real browser: the page's text, the map's data, the tie table
and every file downloaded hold codes and no actor's name; each download is in the audit trail."""
from __future__ import annotations

import json

import pytest

from netmap.store import open_store
from netmap.store.audit import audit_rows
from tests.ui.harness import new_page, running_app
from tests.ui.team import PASSWORD, add_millbrook_wave, team_store
from tests.ui.viewer import DOWNLOADED, actor_names, check_viewer_without_names

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def team(tmp_path_factory):
    folder = tmp_path_factory.mktemp("roles")
    db = folder / "team.db"
    with team_store(db, {"vic": "viewer"}) as store:  # a viewer without --names
        network = add_millbrook_wave(store, "2025 baseline")
    with running_app(env={"NETMAP_DB": str(db)}) as url:
        yield url, db, network


def test_a_viewer_without_names_sees_and_downloads_no_name(browser, team, tmp_path):
    url, db, network = team
    names = actor_names(network)
    context, page, guard = new_page(browser, accept_downloads=True)
    try:
        check_viewer_without_names(page, url, "vic", PASSWORD, names, tmp_path)
        assert page.get_by_text("Key table").count() == 0  # no key offered
        assert guard.outside == [] and guard.dialogs == []
    finally:
        context.close()
    with open_store(str(db)) as store:
        trail = audit_rows(store)
    downloads = trail[trail["event"] == "download"]
    assert set(downloads["user"]) == {"vic"} and set(downloads["project"]) == {"Millbrook"}
    files = [json.loads(d) for d in downloads["detail"]]
    assert {f["file"] for f in files} >= DOWNLOADED
    assert {f["holds"] for f in files} == {"pseudonyms"}
