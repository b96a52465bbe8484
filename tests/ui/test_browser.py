"""The app in a real browser: Playwright driving Debian's Chromium against `streamlit run`.

Every request that would leave 127.0.0.1 is blocked and fails the test; script payloads in
actor names must not run anywhere (no dialog, no flag set on any window).
"""
from __future__ import annotations

import os

import pytest

from tests.conftest import ROOT, SAMPLES
from tests.ui.harness import PAINTED, choose, frame_where, map_frame, open_app, open_tab, upload

pytestmark = pytest.mark.browser

SCREENSHOT = ROOT / "docs" / "app-screenshot.png"


def test_upload_draw_and_focus(app_url, browser, tmp_path):
    context, page, guard = open_app(browser, app_url)
    try:
        map_frame(page, expected_nodes=168)  # the sample locality first
        if os.environ.get("NETMAP_UPDATE_SCREENSHOT"):
            page.screenshot(path=str(SCREENSHOT))
        upload(page, SAMPLES / "karate" / "ties.csv", SAMPLES / "karate" / "actors.csv")
        map_frame(page, expected_nodes=34)
        # the canvas has really been drawn on, with every tie (checked in one step on the frame as
        # it settles: a rerun of the app may replace the first drawn frame with the same map, and
        # a second look at a replaced frame fails)
        painted = f"() => nodes.length === 34 && edges.length === 78 && ({PAINTED})() > 2000"
        frame_where(page, lambda f: f.evaluate(painted), "karate map painted with its 78 ties", timeout=30)
        # find an actor: member 33 and its 17 neighbours, selected, and the sentence inside the map
        choose(page, "Find an actor", "Member 33 (33)")
        map_frame(page, expected_nodes=18)
        shown = "Showing Member 33 and the 17 actors within 1 step."
        selected = "() => nodes.length === 18 && network.getSelectedNodes().join() === '33'"
        frame_where(page, lambda f: f.evaluate(selected) and f.get_by_text(shown).is_visible(),
                    "member 33 selected among 18 actors", timeout=30)
        assert page.get_by_text(shown).count() == 0  # inside the map, not on the page
    finally:
        context.close()
    assert guard.outside == [], f"requests left the machine: {guard.outside}"
    assert guard.dialogs == []


PAYLOADS = [
    '<img src=x onerror="window.top.__pwned=1;alert(1)">',
    '</script><script>window.top.__pwned=2;alert(2)</script>',
    '" onmouseover="window.top.__pwned=3;alert(3)" x="',
    '<a href="javascript:window.top.__pwned=4">click href</a>',
    "<svg onload=window.top.__pwned=5>",
    "=HYPERLINK(\"http://example.invalid\")",
]

# The vis tooltip is visible and shows this node's title (as text: line breaks become <br>).
TOOLTIP_SHOWS = """title => {
  const tip = document.querySelector('div.vis-tooltip');
  if (!tip || tip.style.visibility === 'hidden') return false;
  const squash = s => s.replace(/\\s+/g, ' ').trim();
  return squash(tip.innerText) === squash(title);
}"""


def test_script_in_names_never_runs(app_url, browser, tmp_path):
    quoted = ['"' + p.replace('"', '""') + '"' for p in PAYLOADS]
    rows = ["id,name,sector,offers"] + [f"p{i},{q},{q},{q}" for i, q in enumerate(quoted)]
    actors = tmp_path / "actors.csv"
    actors.write_text("\n".join(rows) + "\n", encoding="utf-8")
    ties = tmp_path / "ties.csv"
    ties.write_text("source,target,type\n" + "\n".join(f"p{i},p{(i + 1) % len(PAYLOADS)},<b>href</b>"
                                                          for i in range(len(PAYLOADS))) + "\n", encoding="utf-8")
    context, page, guard = open_app(browser, app_url)
    try:
        upload(page, ties, actors)
        frame = map_frame(page, expected_nodes=len(PAYLOADS))
        # hover every node so that tooltips (which carry the names) are shown
        tooltip = frame.locator("div.vis-tooltip")
        shown = []
        for node in frame.evaluate("() => nodes.getIds()"):
            # where the node is now: the page above the map can still grow as the views finish drawing
            frame.frame_element().scroll_into_view_if_needed()
            box = frame.frame_element().bounding_box()
            x, y, title = frame.evaluate("""id => { const p = network.canvasToDOM(network.getPosition(id));
                return [p.x, p.y, nodes.get(id).title]; }""", node)
            page.mouse.move(box["x"] + x, box["y"] + y)
            frame.wait_for_function(TOOLTIP_SHOWS, arg=title, polling=100, timeout=10_000)  # this node's tooltip, not the last
            shown.append(tooltip.inner_text())
            assert tooltip.locator(":not(br)").count() == 0  # text and line breaks only: no element from a name
        assert any(text.startswith("<img src=x") for text in shown)  # the payload shown as typed
        for tab in ("Actors", "Honest brokers", "Hidden wealth", "Resilience"):
            open_tab(page, tab)
        flags = [f.evaluate("() => window.__pwned === undefined ? null : window.__pwned") for f in page.frames]
        assert flags == [None] * len(flags), flags
    finally:
        context.close()
    assert guard.dialogs == [], guard.dialogs
    assert guard.outside == [], guard.outside


def test_briefing_renders_offline_and_script_never_runs(browser, tmp_path):
    from netmap import analyse, load_network
    from netmap.outputs.folder import export_bundle
    from tests.ui.harness import Guard

    quoted = ['"' + p.replace('"', '""') + '"' for p in PAYLOADS]
    actors = "id,name,sector,offers\n" + "".join(f"p{i},{q},{q},{q}\n" for i, q in enumerate(quoted))
    ties = "source,target\n" + "".join(f"p{i},p{(i + 1) % len(PAYLOADS)}\n" for i in range(len(PAYLOADS)))
    network, report = load_network(("ties.csv", ties.encode()), ("actors.csv", actors.encode()))
    export_bundle(analyse(network, group_by="sector"), tmp_path, report)
    context = browser.new_context(viewport={"width": 794, "height": 1123})
    guard = Guard(context)
    page = context.new_page()
    guard.watch(page)
    try:
        page.goto((tmp_path / "briefing.html").as_uri())
        page.get_by_role("heading", name="Methods").wait_for()
        assert page.locator("svg circle").count() >= len(PAYLOADS)
        assert page.get_by_text(PAYLOADS[0]).count() >= 1  # the name shown as typed
        assert page.evaluate("() => window.__pwned === undefined")
        page.emulate_media(media="print")
        assert len(page.pdf(format="A4")) > 10_000  # prints
    finally:
        context.close()
    assert guard.outside == [] and guard.dialogs == []
