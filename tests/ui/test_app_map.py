"""The Map tab headless (AppTest): the map in words, the frame's title, the empty state, and
the Communities chart in the map's colours (issue 14)."""
from __future__ import annotations

import html
import json
import re

from netmap.render.colours import group_palette, palette_scale
from tests.ui.tables import open_view
from tests.ui.test_app import assert_clean, map_srcdoc, start


def test_focused_actor_ties_listed_and_table_under_the_map():
    at = start()
    at.selectbox(key="focus").set_value("hub").run()
    assert_clean(at)
    heading = [m.value for m in at.markdown if m.value.startswith("**Ties of Millbrook Community Hub**")]
    assert heading
    listed = next(m.value for m in at.markdown if m.value.startswith("- Millbrook Community Hub – "))
    count = int(re.search(r"\((\d+)\)", heading[0]).group(1))
    assert listed.count("\n- ") + 1 == count and ", strength " in listed
    assert not at.table  # on request only
    at.toggle(key="ties_table").set_value(True).run()
    table = at.table[0].value
    assert list(table.columns) == ["Actor", "Connected to", "Type of tie", "Strength"]
    frames = [e for e in at.main if getattr(e, "type", None) == "iframe"]
    # the iframe's accessible name (Streamlit maps alt to the title attribute)
    assert frames[0].proto.alt.startswith("Network map of Millbrook, a fictional town (people, organisations and the spaces they share): ")


def _elements(node, out: list) -> list:
    children = getattr(node, "children", None)
    for child in (children.values() if isinstance(children, dict) else []):
        _elements(child, out)
    out.append(node)
    return out


def test_no_ties_left_is_said_over_the_map():
    at = start()
    at.sidebar.multiselect(key="types").set_value([]).run()
    assert_clean(at)
    assert "No ties to draw: the tie types and minimum strength chosen in the sidebar leave none" in map_srcdoc(at)


def test_communities_chart_uses_the_map_colours():
    at = open_view(start(), "Communities")
    assert_clean(at)
    specs = [json.loads(c.proto.spec) for c in _elements(at._tree, []) if getattr(c, "type", None) == "vega_lite_chart"]
    scales = [s["encoding"]["color"].get("scale") for s in specs if s.get("encoding", {}).get("color", {})
              .get("field") == "group"]
    assert scales, "the Communities chart is coloured by group"
    from netmap import analyse
    from tests.conftest import SAMPLES

    result = analyse(SAMPLES / "millbrook" / "ties.csv", SAMPLES / "millbrook" / "actors.csv", group_by="sector")
    domain, colours = palette_scale(group_palette(result, "sector"))
    assert scales[0] == {"domain": domain, "range": colours}


def test_pictures_of_the_map_on_screen_offered():
    at = start()
    at.selectbox(key="focus").set_value("hub").run()
    assert_clean(at)
    labels = {b.label for b in at.get("download_button")}
    assert {"This map as a picture for slides (PNG)", "This map as a picture for print (SVG)"} <= labels


def test_footprint_of_the_focused_actor(downloads):
    """Issue 27: "Footprint of …" when an actor is focused, with the page to download."""
    at = start()
    at.selectbox(key="focus").set_value("diy").run()
    assert_clean(at)
    at.toggle(key="footprint_diy").set_value(True).run()
    assert_clean(at)
    text = " ".join(str(m.value) for m in at.markdown) + " ".join(str(e.value) for e in at.main
                                                                   if getattr(e, "type", None) == "markdown")
    # 11: 8 before Millbrook's circle of trust was planted, and its three partners in the circle
    assert "BuildRight DIY Store is tied to 11 actors" in text
    assert "It is in circle of trust 1 with Millbrook FE College" in text
    page = downloads["download_footprint_diy"].decode("utf-8")
    assert "<h1>Footprint of BuildRight DIY Store" in page and "<script" not in page


def test_footprint_view_carries_the_pages_cautions(downloads):
    """The app's footprint says what the page says about how far to trust each part: matched
    needs and offers *may* meet, and sharing a space means people may meet, not that they do
    (co-presence is a chance to meet); each sentence on screen is the page's own. The library
    has matches both ways and uses spaces."""
    at = start()
    at.selectbox(key="focus").set_value("library").run()
    at.toggle(key="footprint_library").set_value(True).run()
    assert_clean(at)
    captions = [str(c.value) for c in at.caption]
    page = html.unescape(downloads["download_footprint_library"].decode("utf-8"))
    cautions = {"give": "that its offers may meet: matched on their words, so check each one with them",
                "receive": "that may meet its needs: matched on their words, so check each one with them",
                "spaces": "using the same space means people may meet, not that they do",
                "reading": "a missing tie may be a gap in the survey, not in the locality"}
    for part, words in cautions.items():
        on_screen = [c for c in captions if unescaped(c).find(words) >= 0]
        assert len(on_screen) == 1, (part, captions)
        # the page holds the same whole sentence: one source, not two copies that drift apart
        assert f">{unescaped(on_screen[0])}<" in page, part


def unescaped(markdown: str) -> str:
    """Text shown through netmap.ui.text.plain, as a reader sees it (its backslashes gone)."""
    return re.sub(r"\\(.)", r"\1", markdown).replace("\u2060", "")


def test_footprint_download_is_pseudonymised(downloads):
    at = start()
    at.sidebar.checkbox(key="pseudonymise").check().run()
    at.selectbox(key="focus").set_value("diy").run()
    at.toggle(key="footprint_diy").set_value(True).run()
    assert_clean(at)
    page = downloads["download_footprint_diy"].decode("utf-8")
    assert "BuildRight" not in page and "warehouse storage space" not in page


def test_circles_of_trust_in_the_communities_tab():
    at = open_view(start(), "Communities")
    assert_clean(at)
    headers = [h.value for h in at.subheader]
    assert "Circles of trust" in headers
    # the circle planted in Millbrook (generate_millbrook.CIRCLE_TIES) first, the one it grew second
    cards = {m.value[:len("**Circle 1")]: m.value for m in at.markdown if m.value.startswith("**Circle ")}
    assert all(name in cards["**Circle 1"] for name in ("BuildRight DIY Store", "Millbrook FE College",
                                                         "Millbrook Youth Club", "Eastfield Residents"))
    assert "Amina Patel" in cards["**Circle 2"] and len(cards) == 2
