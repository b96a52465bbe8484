"""Issue 27 in a real browser: the DIY store's footprint (focused on the map, opened, downloaded)
and Millbrook's circles of trust, with the circle planted in the sample found whole, and every
request kept on this computer."""
from __future__ import annotations

import html
import importlib.util
import re

import pandas as pd
import pytest

from tests.conftest import SAMPLES
from tests.ui.harness import choose, map_frame, open_app, open_tab

pytestmark = pytest.mark.browser


def _planted_circle() -> list[str]:
    """The names of the members of the circle of trust planted in Millbrook (its generator's
    CIRCLE_TIES), read from the sample's actors."""
    spec = importlib.util.spec_from_file_location("generate_millbrook", SAMPLES / "generate_millbrook.py")
    generator = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(generator)
    ids = {a for pair in generator.CIRCLE_TIES for a in pair[:2]}
    actors = pd.read_csv(SAMPLES / "millbrook" / "actors.csv").set_index("id")
    return [str(actors.loc[i, "name"]) for i in sorted(ids)]


def test_footprint_of_the_diy_store_and_the_circles(app_url, browser):
    members = _planted_circle()
    partners = [m for m in members if m != "BuildRight DIY Store"]
    assert len(members) == 4 and len(partners) == 3
    context, page, guard = open_app(browser, app_url, 1400, 1000)
    try:
        map_frame(page, expected_nodes=168)
        choose(page, "Find an actor", "BuildRight DIY Store (diy)")
        page.get_by_text("Footprint of BuildRight DIY Store").click()
        # 11 contacts: 8 before the circle was planted, and its three partners in the circle
        page.get_by_text("BuildRight DIY Store is tied to 11 actors").wait_for(timeout=60_000)
        assert page.get_by_text("Introductions BuildRight DIY Store could make").is_visible()
        in_circle = page.get_by_text(re.compile(r"^It is in circle of trust 1 with "))
        in_circle.wait_for(timeout=30_000)
        sentence = in_circle.inner_text()
        assert all(name in sentence for name in partners) and "4 actors from 4 sectors" in sentence
        with page.expect_download(timeout=60_000) as download:
            page.get_by_role("button", name="Download the footprint of BuildRight DIY Store").click()
        with open(download.value.path(), encoding="utf-8") as file:
            saved = file.read()
        assert "Footprint of BuildRight DIY Store" in saved and "<script" not in saved
        text = html.unescape(saved)
        assert "It is in circle of trust 1 with " in text and all(name in text for name in partners)
        open_tab(page, "Communities", exact=True)
        page.get_by_text("Circles of trust", exact=True).wait_for(timeout=30_000)
        first = page.get_by_text(re.compile(r"^Circle 1: "))
        first.wait_for(timeout=30_000)
        assert sorted(first.inner_text().removeprefix("Circle 1: ").split("; ")) == sorted(members)
        # the circle's reason, under its members (the first: the table below repeats it, whole, in a cell)
        why = page.get_by_role("paragraph").filter(has_text=re.compile(r"^4 actors from 4 sectors \(")).first
        why.wait_for(timeout=30_000)
        assert "each strongly tied to every other" in why.inner_text() and "joint venture" in why.inner_text()
    finally:
        context.close()
    assert guard.outside == []
