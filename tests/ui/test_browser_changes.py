"""The What changed tab in a real browser: the bundled second wave of Millbrook compared with the
first, its map drawn offline with joined, left, new and lost marks."""
from __future__ import annotations

import time

import pytest

from tests.ui.harness import PAINTED, map_frame, open_app

pytestmark = pytest.mark.browser


def _changes_frame(page, timeout: float = 180):
    """The What changed map once vis-network has drawn it."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for frame in page.frames[1:]:
            try:
                if frame.evaluate("() => document.title === 'netmap: what changed' && window.netmapDrawn === true"):
                    return frame
            except Exception:  # a frame being replaced by the next run
                pass
        page.wait_for_timeout(100)
    page.screenshot(path="/tmp/netmap-changes-failure.png", full_page=True)
    raise TimeoutError(f"no What changed map within {timeout:.0f} s")


def test_what_changed_between_the_two_millbrook_waves(app_url, browser):
    context, page, guard = open_app(browser, app_url, 1400, 1000)
    try:
        map_frame(page, expected_nodes=168)
        page.get_by_role("tab", name="What changed", exact=True).click()
        page.get_by_text("the same place one year on (bundled sample)").click()
        page.get_by_text("6 of the 50 suggested introductions happened").first.wait_for(timeout=120_000)
        frame = _changes_frame(page)
        assert frame.evaluate(PAINTED) > 2000
        assert frame.evaluate("() => nodes.length") > 168  # both waves' actors: who left is still shown
        assert page.get_by_role("tab", name="What changed", exact=True).get_attribute("aria-selected") == "true"
    finally:
        context.close()
    assert guard.outside == [], f"requests left the machine: {guard.outside}"
    assert guard.dialogs == []
