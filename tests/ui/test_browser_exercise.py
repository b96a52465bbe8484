"""The whole exercise in a real browser (issue 23): the focused actor's neighbourhood drawn
inside the frame with its name whole (item 9)."""
from __future__ import annotations

import pandas as pd
import pytest

from tests.conftest import SAMPLES
from tests.ui.harness import choose, map_frame, mark_stale, open_app

pytestmark = pytest.mark.browser

MILLBROOK = SAMPLES / "millbrook"

#: The focused actor's label, and the frame it is drawn in, in the page's pixels.
LABEL_BOX = """() => {
  const node = network.body.nodes[focus];
  const box = node.labelModule.size, shift = node.options.font.vadjust || 0;
  const a = network.canvasToDOM({x: box.left, y: box.top + shift});
  const b = network.canvasToDOM({x: box.left + box.width, y: box.top + shift + box.height});
  const map = document.getElementById('map').getBoundingClientRect();
  // what the reader sees: the map's part of the iframe's window (the page may be taller than it)
  const width = Math.min(map.right, window.innerWidth) - map.left;
  const height = Math.min(map.bottom, window.innerHeight) - map.top;
  return {left: a.x, top: a.y, right: b.x, bottom: b.y, width: width, height: height,
          mapHeight: map.height, window: window.innerHeight, mapTop: map.top};
}"""


def neighbourhood(actor: str) -> int:
    """The actor and its contacts, counted from the sample's ties."""
    ties = pd.read_csv(MILLBROOK / "ties.csv")
    touching = ties[(ties["source"] == actor) | (ties["target"] == actor)]
    return len(set(touching["source"]) | set(touching["target"]) | {actor})


@pytest.mark.parametrize("actor, width", [("foodbank", 1400), ("hub", 390)])
def test_find_an_actor_draws_its_neighbourhood_inside_the_frame(app_url, browser, actor, width):
    actors = pd.read_csv(MILLBROOK / "actors.csv").set_index("id")
    context, page, guard = open_app(browser, app_url, width, 1000 if width > 1000 else 844)
    try:
        map_frame(page, expected_nodes=len(actors))
        mark_stale(page)
        choose(page, "Find an actor", f"{actors.loc[actor, 'name']} ({actor})")
        frame = map_frame(page, expected_nodes=neighbourhood(actor))
        page.wait_for_timeout(500)  # the labels settle after the first draw
        box = frame.evaluate(LABEL_BOX)
        assert 0 <= box["left"] and box["right"] <= box["width"], box
        assert 0 <= box["top"] and box["bottom"] <= box["height"], box
    finally:
        context.close()
    assert guard.outside == []
