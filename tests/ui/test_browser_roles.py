"""A viewer without names, in a real browser: the page's text, the map's data, the tie table
and every file downloaded hold codes and no actor's name; each download is in the audit trail."""
from __future__ import annotations

import json

import pytest

from netmap.network import load_network
from netmap.store import SourceFile, open_store
from netmap.store.accounts import add_user
from netmap.store.audit import audit_rows
from netmap.store.roles import grant
from tests.conftest import SAMPLES
from tests.ui.harness import Guard, running_app
from tests.ui.viewer import DOWNLOADED, actor_names, check_viewer_without_names

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery"


@pytest.fixture(scope="module")
def team(tmp_path_factory):
    folder = tmp_path_factory.mktemp("roles")
    db = folder / "team.db"
    ties, actors = SAMPLES / "millbrook" / "ties.csv", SAMPLES / "millbrook" / "actors.csv"
    network, _ = load_network(ties, actors)
    with open_store(str(db), create=True) as store:
        store.create_project("Millbrook", author="admin")
        store.add_wave("Millbrook", "2025 baseline", network, author="admin",
                       files=[SourceFile.of("ties", "ties.csv", ties.read_bytes())])
        add_user(store, "vic", PASSWORD, by="admin")
        grant(store, "Millbrook", "vic", "viewer", by="admin")  # without --names
    with running_app(env={"NETMAP_DB": str(db)}) as url:
        yield url, db, network


def test_a_viewer_without_names_sees_and_downloads_no_name(browser, team, tmp_path):
    url, db, network = team
    names = actor_names(network)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block",
                                  accept_downloads=True)
    guard = Guard(context)
    page = context.new_page()
    guard.watch(page)
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
