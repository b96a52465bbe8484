"""A viewer without names, in a real browser: the page's text, the map's data, the tie table
and every file downloaded hold codes and no actor's name; each download is in the audit trail."""
from __future__ import annotations

import io
import json
import re
import zipfile

import pytest

from netmap.network import load_network
from netmap.privacy import CODE_PATTERN
from netmap.store import SourceFile, open_store
from netmap.store.accounts import add_user
from netmap.store.audit import audit_rows
from netmap.store.roles import grant
from tests.conftest import SAMPLES
from tests.ui.harness import choose, map_frame, mark_stale, running_app, signed_in_page

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


def _names(network) -> list[str]:
    """Every actor's name, and every id that could not be mistaken for a word of the app's own."""
    names = {n for n in network.actors["name"] if len(n) > 3}
    ids = {i for i in network.actors["id"] if "-" in i or re.fullmatch(r"r\d{3}", i)}
    return sorted(names | ids)


def _found(text: str, names: list[str]) -> list[str]:
    return [n for n in names if re.search(rf"(?<![\w-]){re.escape(n)}(?![\w-])", text)]


def _download(page, button: str, tmp_path) -> bytes:
    with page.expect_download(timeout=120_000) as download:
        page.get_by_role("button", name=button).click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    return path.read_bytes()


def test_a_viewer_without_names_sees_and_downloads_no_name(browser, team, tmp_path):
    url, db, network = team
    names = _names(network)
    context, page, guard = signed_in_page(browser, url, "vic", PASSWORD, accept_downloads=True)
    try:
        map_frame(page, expected_nodes=168)  # the sample, while no wave is open
        page.get_by_text("Project: keep waves, edit, history").click()
        choose(page, "Project", "Millbrook")
        choose(page, "Wave", "2025 baseline")
        mark_stale(page)  # the sample's map has 168 actors too: wait for the wave's own
        page.get_by_role("button", name="Open this wave").click()
        page.get_by_text("codes instead of names").wait_for(timeout=60_000)
        frame = map_frame(page, expected_nodes=168)
        labels = frame.evaluate("() => nodes.get().map(n => n.label)")
        assert labels and all(CODE_PATTERN.fullmatch(label) for label in labels)
        page.get_by_text("Who is connected to whom").click()
        page.locator("table").first.wait_for(timeout=60_000)
        seen = {"page": page.inner_text("body"), "map": frame.content()}
        seen["map.html"] = _download(page, "Download this map (HTML, works offline)", tmp_path).decode()
        page.get_by_role("tab", name="Actors").click()
        seen["actors.csv"] = _download(page, "Download actors.csv (CSV)", tmp_path).decode("utf-8-sig")
        page.get_by_role("tab", name="Take it to the meeting").click()
        page.get_by_role("button", name="Prepare the files").click()
        bundle = _download(page, "Download everything (zip)", tmp_path)
        with zipfile.ZipFile(io.BytesIO(bundle)) as archive:
            for member in archive.namelist():
                if member.endswith((".csv", ".json", ".html", ".txt", ".md")):
                    seen[member] = archive.read(member).decode("utf-8-sig")
        assert page.get_by_text("Key table").count() == 0  # no key offered
        assert CODE_PATTERN.search(seen["actors.csv"]) and "briefing.html" in seen
        leaks = {where: _found(text, names) for where, text in seen.items()}
        assert {where: found for where, found in leaks.items() if found} == {}
        assert guard.outside == [] and guard.dialogs == []
    finally:
        context.close()
    with open_store(str(db)) as store:
        trail = audit_rows(store)
    downloads = trail[trail["event"] == "download"]
    assert set(downloads["user"]) == {"vic"} and set(downloads["project"]) == {"Millbrook"}
    files = [json.loads(d) for d in downloads["detail"]]
    assert {f["file"] for f in files} >= {"netmap-map.html", "actors.csv", "netmap.zip"}
    assert {f["holds"] for f in files} == {"pseudonyms"}
