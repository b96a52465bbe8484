"""The What changed tab in a real browser: the bundled second wave of Millbrook compared with the
first, its map drawn offline with joined, left, new and lost marks."""
from __future__ import annotations

import pytest

from tests.ui.harness import PAINTED, frame_where, map_frame, open_app, open_tab

pytestmark = pytest.mark.browser


def _changes_frame(page):
    """The What changed map once vis-network has drawn it and the canvas shows it (checked on the
    frame as it settles: a rerun of the app may replace the first drawn frame with the same map)."""
    drawn = f"() => document.title === 'netmap: what changed' && window.netmapDrawn === true && ({PAINTED})() > 2000"
    return frame_where(page, lambda f: f.evaluate(drawn), "What changed map")


def test_what_changed_between_the_two_millbrook_waves(app_url, browser):
    context, page, guard = open_app(browser, app_url, 1400, 1000)
    try:
        map_frame(page, expected_nodes=168)
        open_tab(page, "What changed", exact=True)
        page.get_by_text("the same place one year on (bundled sample)").click()
        page.get_by_text("5 of the 10 introductions the briefing suggested happened").first.wait_for(timeout=120_000)
        frame = _changes_frame(page)
        assert frame.evaluate("() => nodes.length") > 168  # both waves' actors: who left is still shown
        assert page.get_by_role("tab", name="What changed", exact=True).get_attribute("aria-selected") == "true"
    finally:
        context.close()
    assert guard.outside == [], f"requests left the machine: {guard.outside}"
    assert guard.dialogs == []
