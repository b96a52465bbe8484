"""Nothing a user or a file gave becomes a link, an image or formatting in the app (issue 21,
item 7), in a real browser: Playwright driving Debian's Chromium against `streamlit run`.

Streamlit shows text through Markdown (st.markdown, st.caption, st.write, st.info …, and the
labels of widgets, expanders, tabs and metrics). A Markdown image in a file's, a column's, a
group's, a wave's or a project's name made the browser fetch an outside address, and a web
address in a name became a link even without brackets (GitHub-flavoured autolinks). Every
request that would leave 127.0.0.1 is blocked and fails the test; no element links to or shows
an outside address; the names are shown as typed.
"""
from __future__ import annotations

import contextlib
import os

import pytest

from tests.conftest import SAMPLES
from tests.ui.harness import choose, map_frame, open_app, open_tab, running_app

pytestmark = pytest.mark.browser

#: The invisible WORD JOINER that netmap.ui.text.plain puts around dots, colons, slashes and @.
JOINER = "\u2060"

#: Images, links, autolinks (web and mail), HTML, emphasis, Streamlit's icons: each would fetch,
#: link or format.
GROUP_COLUMN = "![g](https://evil.example/g.png)"
NAMES = ["[Jo](https://evil.example/jo)", "jane@evil.example", "https://evil.example/name",
         "<img src=https://evil.example/n.png>", "**Li** _Kay_", "www.evil.example :material/bolt:"]
GROUPS = ["![v](https://evil.example/v.png)", "www.evil.example/ward", "*north* ~~south~~"]
TIES_FILE = "![f](https:evil.example).csv"
ACTORS_FILE = "www.evil.example [a](https:evil.example).csv"
PROJECT = "![p](https://evil.example/p.png) www.evil.example"
WAVES = ["[w](https://evil.example/w) https://evil.example/w", "wave two www.evil.example"]

#: Every link or image on the page (and in its frames' documents) that leads away from the app,
#: and every bit of formatting made from a name.
OUTSIDE = """() => [...document.querySelectorAll('a[href], img[src], [srcset]')]
    .map(e => e.getAttribute('href') || e.getAttribute('src') || e.getAttribute('srcset'))
    .filter(u => /evil|^(https?:)?\\/\\/(?!127\\.0\\.0\\.1)/i.test(u))"""
FORMATTED = """() => [...document.querySelectorAll('[data-testid="stMarkdownContainer"] :is(em, strong, del, h1, h2, h3, a, img, [data-testid="stIconMaterial"])')]
    .filter(e => ['Li', 'Kay', 'north', 'south', 'bolt'].includes(e.textContent.trim())
                 || (['A', 'IMG'].includes(e.tagName) && /evil/.test(e.outerHTML)))
    .map(e => e.outerHTML)"""


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    """A project store with a project and two waves named with payloads (the karate club)."""
    from netmap import load_network
    from netmap.store import open_store

    path = tmp_path_factory.mktemp("store") / "store.db"
    network, _ = load_network(SAMPLES / "karate" / "ties.csv", SAMPLES / "karate" / "actors.csv")
    with open_store(str(path), create=True) as opened:
        opened.create_project(PROJECT, author="Ann")
        for wave in WAVES:
            opened.add_wave(PROJECT, wave, network, author="Ann")
    return path


@pytest.fixture(scope="module")
def app(store):
    """The app, with the store above as its default store."""
    before = os.environ.get("NETMAP_DB")
    os.environ["NETMAP_DB"] = str(store)
    try:
        with running_app() as url:
            yield url
    finally:
        if before is None:
            os.environ.pop("NETMAP_DB", None)
        else:
            os.environ["NETMAP_DB"] = before


def _give(page, label: str, path) -> None:
    """Upload ``path`` through the uploader labelled ``label`` (the uploader shortens long names
    on screen, so the wait is for the full name in its file chip's title; given again if a rerun
    dropped it)."""
    block = page.get_by_test_id("stFileUploader").filter(has_text=label)
    for _ in range(5):
        block.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(path))
        try:
            block.get_by_test_id("stFileChipName").first.wait_for(timeout=30_000)
        except Exception:
            continue
        if path.name in block.get_by_test_id("stFileChipName").evaluate_all("els => els.map(e => e.title)"):
            return
    raise TimeoutError(f"the app never accepted {path.name}")


def _shown(page) -> str:
    """The text of the page as a person reads it (the invisible joiners left out)."""
    return page.locator("body").inner_text().replace(JOINER, "")


def _check(page, where: str) -> None:
    page.wait_for_timeout(500)
    for frame in page.frames:
        with contextlib.suppress(Exception):  # a frame being replaced by the next run
            assert frame.evaluate(OUTSIDE) == [], (where, frame.url)
    assert page.evaluate(FORMATTED) == [], where


def test_names_of_files_columns_and_groups_stay_text(app, browser, tmp_path):
    rows = ["id,name," + GROUP_COLUMN] + [f'p{i},"{name}","{GROUPS[i % 3]}"' for i, name in enumerate(NAMES)]
    (tmp_path / "a").mkdir()
    actors = tmp_path / "a" / ACTORS_FILE
    actors.write_text("\n".join(rows) + "\n", encoding="utf-8")
    ties = tmp_path / TIES_FILE
    ties.write_text("source,target\n" + "".join(f"p{i},p{(i + 1) % 6}\np{i},p{(i + 3) % 6}\n" for i in range(6)),
                    encoding="utf-8")
    context, page, guard = open_app(browser, app)
    try:
        page.get_by_text("Upload my files").click()
        _give(page, "Ties: CSV, TSV or an Excel workbook", ties)
        map_frame(page, expected_nodes=6)
        _give(page, "Actors (optional)", actors)
        map_frame(page, expected_nodes=6)
        choose(page, "Groups (sector, ward …)", GROUP_COLUMN)
        page.get_by_text("groups by").first.wait_for(timeout=60_000)
        shown = _shown(page)
        assert f"You are looking at {TIES_FILE}" in shown and f"groups by {GROUP_COLUMN}" in shown
        _check(page, "Map")
        # the ties under the map, an HTML table whose cells Streamlit shows as Markdown
        page.get_by_text("Who is connected to whom").click()
        page.get_by_test_id("stTable").first.wait_for(timeout=60_000)
        _check(page, "ties table")
        for tab in ("Actors", "Honest brokers", "Hidden wealth", "Communities", "Resilience", "Summary",
                    "Take it to the meeting"):
            open_tab(page, tab, exact=True)
            _check(page, tab)
        open_tab(page, "Honest brokers", exact=True)
        page.wait_for_timeout(1000)
        assert f"({GROUPS[0]})" in _shown(page)  # a group value, as typed, in a card's title
    finally:
        context.close()
    assert guard.outside == [], guard.outside
    assert guard.dialogs == []


def test_file_name_in_the_column_mapping_stays_text(app, browser, tmp_path):
    ties = tmp_path / ACTORS_FILE  # headers netmap does not know: it asks which column is which
    ties.write_text("von,nach\np1,p2\np2,p3\n", encoding="utf-8")
    context, page, guard = open_app(browser, app)
    try:
        page.get_by_text("Upload my files").click()
        _give(page, "Ties: CSV, TSV or an Excel workbook", ties)
        page.get_by_text("holds each of these?").first.wait_for(timeout=60_000)
        assert f"Which column of {ACTORS_FILE} holds each of these?" in _shown(page)
        _check(page, "column mapping")
    finally:
        context.close()
    assert guard.outside == [], guard.outside


def _pick_first(page, label: str, attempts: int = 10) -> None:
    """Pick the first option of the selectbox labelled ``label`` (retried: a rerun of the app
    can redraw the list between the click and the pick)."""
    box = page.locator("div[data-testid='stSelectbox']").filter(has_text=label).first
    for _ in range(attempts):
        try:
            box.locator("input").click(timeout=10_000)
            page.get_by_role("option").first.click(timeout=5_000)
            return
        except Exception:
            page.keyboard.press("Escape")
    raise TimeoutError(f"no option could be picked in {label!r}")


def test_project_and_wave_names_stay_text(app, browser):
    context, page, guard = open_app(browser, app)
    try:
        map_frame(page, expected_nodes=168)
        page.get_by_text("Project: keep waves, edit, history").click()
        _pick_first(page, "Project")
        _pick_first(page, "Wave")
        page.get_by_role("button", name="Open this wave").click()
        map_frame(page, expected_nodes=34)
        shown = _shown(page)
        assert f"Showing wave '{WAVES[0]}' of '{PROJECT}'" in shown
        assert f"You are looking at wave '{WAVES[0]}' of '{PROJECT}'" in shown
        for title in ("Edit wave", "History of wave"):  # open them: their titles are drawn
            page.get_by_test_id("stExpander").filter(has_text=title).locator("summary").click()
        shown = _shown(page)
        assert f"Edit wave '{WAVES[0]}' (actors and ties)" in shown and f"History of wave '{WAVES[0]}'" in shown
        _check(page, "an open wave")
        open_tab(page, "What changed", exact=True)
        page.get_by_text("two waves of a saved project").click()
        page.get_by_text("In short").wait_for(timeout=120_000)
        _check(page, "What changed")
    finally:
        context.close()
    assert guard.outside == [], guard.outside
    assert guard.dialogs == []
