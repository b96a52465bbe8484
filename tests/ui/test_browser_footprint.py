"""Issue 27 in a real browser: the DIY store's footprint (focused on the map, opened, downloaded)
and Millbrook's circles of trust, with every request kept on this computer."""
from __future__ import annotations

import pytest

from tests.ui.harness import map_frame, open_app

pytestmark = pytest.mark.browser


def test_footprint_of_the_diy_store_and_the_circles(app_url, browser):
    context, page, guard = open_app(browser, app_url, 1400, 1000)
    try:
        map_frame(page, expected_nodes=168)
        finder = page.get_by_role("combobox", name="Find an actor")
        finder.click()
        page.keyboard.type("BuildRight")
        page.get_by_role("option", name="BuildRight DIY Store").click()
        page.get_by_text("Footprint of BuildRight DIY Store").click()
        page.get_by_text("BuildRight DIY Store is tied to 8 actors").wait_for(timeout=60_000)
        assert page.get_by_text("Introductions BuildRight DIY Store could make").is_visible()
        with page.expect_download(timeout=60_000) as download:
            page.get_by_role("button", name="Download the footprint of BuildRight DIY Store").click()
        html = open(download.value.path(), encoding="utf-8").read()
        assert "Footprint of BuildRight DIY Store" in html and "<script" not in html
        page.get_by_role("tab", name="Communities", exact=True).click()
        page.get_by_text("Circles of trust", exact=True).wait_for(timeout=30_000)
        assert page.get_by_text("Circle 1:").first.is_visible()
    finally:
        context.close()
    assert guard.outside == []
