"""The Shared spaces view in a real browser: both modes drawn, spaces as squares, offline."""
from __future__ import annotations

import pytest

from tests.ui.harness import PAINTED, frame_where, map_frame, open_app

pytestmark = pytest.mark.browser

SHAPES = "() => [nodes.get().filter(n => n.shape === 'square').length, nodes.get().filter(n => !n.shape).length]"


def _spaces_frame(page, squares: int, dots: int):
    """The shared-spaces map once vis-network has drawn that many squares and dots and the canvas
    shows them (a rerun of the app may replace the first drawn frame with the same map)."""
    drawn = f"() => window.netmapDrawn === true && typeof nodes !== 'undefined' && ({PAINTED})() > 2000"
    return frame_where(page, lambda f: f.evaluate(drawn) and f.evaluate(SHAPES) == [squares, dots],
                       f"map with {squares} squares and {dots} dots")


def test_shared_spaces_view_shows_both_modes(app_url, browser):
    context, page, guard = open_app(browser, app_url)
    try:
        map_frame(page, expected_nodes=168)  # Millbrook, the default sample, on the first tab
        page.get_by_role("tab", name="Shared spaces").click()
        frame = _spaces_frame(page, squares=11, dots=129)  # 129 of the 168 actors use a space
        assert frame.evaluate("() => edges.length") == 248  # one line per affiliation
        assert frame.locator(".shape-square").count() == 1 and frame.locator(".shape-dot").count() == 1
        assert frame.get_by_text("shared space (darker: brings more groups together; larger: more users)").is_visible()
        square = frame.evaluate("() => nodes.get('space-hub').shape")
        assert square == "square"
        page.get_by_text("Spaces that share users").click()
        _spaces_frame(page, squares=11, dots=0)
        page.get_by_text("People who meet at the same spaces").click()
        _spaces_frame(page, squares=0, dots=129)
        assert page.get_by_text("Which spaces bring groups together").is_visible()
    finally:
        context.close()
    assert guard.outside == [], f"requests left the machine: {guard.outside}"
    assert guard.dialogs == []
