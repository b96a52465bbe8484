"""Reading the map in a real browser (issue 14): key labels large enough at the default zoom,
the legend beside the map without scrolling, one colour per group in the map, the focused
map and the Communities chart, shapes and colours that survive colour-blindness, and WCAG AA
contrast on the default page (axe-core)."""
from __future__ import annotations

import math
import re

import pytest

from netmap.render.network_map import LABEL_FONT, MIN_LABEL_PX, WHOLE_MAP_FLOOR
from tests.ui.harness import choose, map_frame, mark_stale, open_app, open_tab

pytestmark = pytest.mark.browser

WIDTH, HEIGHT = 1400, 1000
#: The legend's group swatches: {group: background colour as the browser computed it}.
LEGEND_COLOURS = """() => Object.fromEntries([...document.querySelectorAll('aside.legend ul.keys:not(.marks) > li')]
  .map(li => [li.innerText.trim(), getComputedStyle(li.querySelector('.swatch')).backgroundColor]))"""
#: {group: the colours of its actors on the map}, from the legend's words and the drawn nodes.
NODE_COLOURS = """() => [...new Set(nodes.get().map(n => n.color.background.toLowerCase()))]"""
#: {group: fill} of the Communities chart (vega draws SVG): the legend symbols beside their labels.
CHART_COLOURS = """() => {
  const out = {};
  for (const chart of document.querySelectorAll('[data-testid="stVegaLiteChart"]')) {
    const labels = [...chart.querySelectorAll('g.role-legend-label text')].map(t => t.textContent);
    const symbols = [...chart.querySelectorAll('g.role-legend-symbol path')].map(p => p.getAttribute('fill'));
    labels.forEach((label, i) => { out[label] = symbols[i]; });
  }
  return out;
}"""


def rgb(colour: str) -> tuple[int, int, int]:
    """'#0072B2' or 'rgb(0, 114, 178)' as a tuple."""
    colour = colour.strip().lower()
    if colour.startswith("#"):
        return tuple(int(colour[i:i + 2], 16) for i in (1, 3, 5))
    return tuple(int(float(v)) for v in colour[colour.index("(") + 1:colour.index(")")].split(",")[:3])


@pytest.fixture(scope="module")
def default_page(app_url, browser):
    context, page, guard = open_app(browser, app_url, WIDTH, HEIGHT)
    yield page, map_frame(page, expected_nodes=168)
    context.close()
    assert guard.outside == [], guard.outside


#: Each key label: [label, size on screen (px), left, top, width, height of its box as drawn (map units)].
KEY_LABELS = """() => keyIds.map(id => { const n = network.body.nodes[id], box = n.labelModule.size;
  return [n.options.label, n.options.font.size * network.getScale(), box.left, box.top + (n.options.font.vadjust || 0),
          box.width, box.height]; })"""


#: True once the key labels have their size for the current zoom and have been kept apart.
SETTLED = (f"() => keySize !== null && Math.abs(keySize - Math.max({LABEL_FONT}, {MIN_LABEL_PX} / network.getScale())) "
           "< 0.25 && !separatePending")


def shown_apart(labels: list) -> tuple[list[str], list[str]]:
    """(the key labels drawn readable, those that gave way), checking that none drawn is below
    MIN_LABEL_PX and no two drawn cover each other."""
    shown = [label for label in labels if label[1] >= MIN_LABEL_PX - 0.01]
    gave_way = [label[0] for label in labels if label[1] < MIN_LABEL_PX - 0.01]
    for i, (name, _, left, top, width, height) in enumerate(shown):
        for other, _, left2, top2, width2, height2 in shown[i + 1:]:
            apart = left >= left2 + width2 or left2 >= left + width or top >= top2 + height2 or top2 >= top + height
            assert apart, (name, other)
    return [label[0] for label in shown], gave_way


def test_key_labels_are_readable_and_apart_at_the_default_zoom(default_page):
    page, frame = default_page
    # fitted to everything drawn first: a zoom made while it is refitted would be undone
    frame.wait_for_function(SETTLED + " && fitsLeft === 0", timeout=5000)
    shown, gave_way = shown_apart(frame.evaluate(KEY_LABELS))
    assert 10 <= len(shown) + len(gave_way) <= 16 and len(shown) >= 10, (shown, gave_way)
    assert MIN_LABEL_PX >= 12
    assert frame.evaluate("() => network.getScale()") < 1  # the test means something: the map is zoomed out
    # a label that gave way comes back when zooming in makes room
    scale = frame.evaluate("() => network.getScale()")
    frame.evaluate(f"() => network.moveTo({{scale: {scale * 2}}})")
    frame.wait_for_function(f"() => network.getScale() > {scale * 1.9}", timeout=5000)
    frame.wait_for_function(SETTLED, timeout=5000)
    shown_closer, _ = shown_apart(frame.evaluate(KEY_LABELS))
    assert set(gave_way) <= set(shown_closer)
    frame.evaluate("() => network.fit()")
    # zooming out further, as a person does with the wheel, keeps them readable and apart
    box = frame.frame_element().bounding_box()
    frame.wait_for_function(SETTLED, timeout=5000)
    before = frame.evaluate("() => network.getScale()")
    page.mouse.move(box["x"] + 300, box["y"] + 300)
    for _ in range(4):
        page.mouse.wheel(0, 200)
    frame.wait_for_function(f"() => network.getScale() < {before} * 0.8", timeout=5000)
    frame.wait_for_function(SETTLED, timeout=5000)
    shown, _ = shown_apart(frame.evaluate(KEY_LABELS))
    assert len(shown) >= 5
    frame.evaluate("() => network.fit()")


def test_legend_beside_the_map_without_scrolling(default_page):
    page, frame = default_page
    assert page.evaluate("() => window.scrollY") == 0
    canvas = frame.locator("#map").bounding_box()
    legend = frame.locator("aside.legend")
    box = legend.bounding_box()
    assert box["x"] >= canvas["x"] + canvas["width"] - 1  # to the right of the drawing
    words = legend.inner_text()
    for said in ("Colour: sector", "Size: number of ties", "Black ring: one of the top 5 honest brokers",
                 "Diamond: one of the top 5 under-used assets"):
        assert said in words
    last = frame.locator("aside.legend ul.marks").bounding_box()
    assert last["y"] + last["height"] <= HEIGHT  # every entry on the first screen
    title = frame.frame_element().get_attribute("title")
    assert title and title != "st.iframe" and "map" in title.lower()


def test_same_colour_for_a_group_in_map_focus_and_chart(default_page):
    page, frame = default_page
    whole = frame.evaluate(LEGEND_COLOURS)
    assert set(whole) == {"community", "private", "public", "voluntary"}
    assert {rgb(c) for c in frame.evaluate(NODE_COLOURS)} <= {rgb(c) for c in whole.values()}
    mark_stale(page)
    choose(page, "Find an actor", "Millbrook Community Hub (hub)")
    focused = map_frame(page)
    assert focused.evaluate("() => network.getSelectedNodes()") == ["hub"]
    around = focused.evaluate(LEGEND_COLOURS)
    assert around and all(rgb(around[g]) == rgb(whole[g]) for g in around), (whole, around)
    assert {rgb(c) for c in focused.evaluate(NODE_COLOURS)} <= {rgb(c) for c in whole.values()}
    # the focused actor's ties, in words, under the map
    assert page.get_by_text("Ties of Millbrook Community Hub").is_visible()
    open_tab(page, "Communities")
    page.wait_for_function(f"groups => groups.every(g => g in ({CHART_COLOURS})())", arg=list(whole),
                           timeout=30_000)
    legend = page.evaluate(CHART_COLOURS)
    assert {g: rgb(c) for g, c in legend.items() if g in whole} == {g: rgb(c) for g, c in whole.items()}
    open_tab(page, "Map")


# the red-green deficiencies (about 1 man in 12) and tritanopia (about 1 in 10,000), whose
# blue and bluish green of Okabe & Ito's order came within 32 of each other
@pytest.mark.parametrize("deficiency", ["deuteranopia", "protanopia", "tritanopia"])
def test_groups_and_marks_survive_colour_blindness(app_url, browser, deficiency):
    """Each group's swatch stays distinct from every other under the deficiency (as the
    browser renders it), and under-used assets are a shape, not a colour."""
    from io import BytesIO

    from PIL import Image

    context, page, _ = open_app(browser, app_url, WIDTH, HEIGHT)
    try:
        frame = map_frame(page, expected_nodes=168)
        cdp = page.context.new_cdp_session(page)
        cdp.send("Emulation.setEmulatedVisionDeficiency", {"type": deficiency})
        seen = {}
        for item in frame.locator("aside.legend ul.keys:not(.marks) > li").all():
            shot = Image.open(BytesIO(item.locator(".swatch").screenshot())).convert("RGB")
            seen[item.inner_text().strip()] = shot.getpixel((shot.width // 2, shot.height // 2))
        assert len(seen) == 4
        groups = list(seen)
        closest = min(math.dist(seen[a], seen[b]) for i, a in enumerate(groups) for b in groups[i + 1:])
        assert closest > 40, (deficiency, seen)
        shapes = frame.evaluate("() => nodes.get().filter(n => n.shape === 'diamond').length")
        assert shapes == 5  # the five under-used assets, told apart by shape
        cdp.send("Emulation.setEmulatedVisionDeficiency", {"type": "none"})
    finally:
        context.close()


#: [background, text colour] of each chip of the sidebar's pickers (tie types …).
CHIPS = """() => [...document.querySelectorAll('[data-testid="stMultiSelect"] span[data-tag]')].map(t => {
  const text = t.querySelector('span[title]') || t;
  return [getComputedStyle(t).backgroundColor, getComputedStyle(text).color]; })"""


def contrast(a: tuple[int, int, int], b: tuple[int, int, int]) -> float:
    """WCAG 2 contrast ratio of two sRGB colours."""
    def luminance(c):
        lin = [v / 255 / 12.92 if v / 255 <= 0.04045 else ((v / 255 + 0.055) / 1.055) ** 2.4 for v in c]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_meets_wcag_aa_on_the_default_page(default_page):
    from axe_playwright_python.sync_playwright import Axe

    page, _ = default_page
    open_tab(page, "Map")
    frame = map_frame(page)  # drawn again when the tab opens: only the open tab is drawn
    # axe leaves the chips "incomplete" (it cannot be sure of their background): measured here
    chips = page.evaluate(CHIPS)
    assert chips, "the tie-type picker shows its chips"
    for background, text in chips:
        assert contrast(rgb(background), rgb(text)) >= 4.5, (background, text)
        red, green, blue = rgb(background)
        assert not (red > 150 and red > 1.5 * green and red > 1.5 * blue), background  # not an error red
    axe = Axe()
    options = {"runOnly": {"type": "rule", "values": ["color-contrast"]}, "resultTypes": ["violations"]}
    for where in (page, frame):
        results = axe.run(where, options=options)
        assert results.violations_count == 0, results.generate_report()


#: The smallest printed size (pt) of the words in the briefing's map picture: 1 CSS px is 0.75 pt.
PRINTED_PT = """() => {
  const svg = document.querySelector('section.map svg');
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  const sizes = [...svg.querySelectorAll('text')].map(t => parseFloat(t.getAttribute('font-size')));
  return Math.min(...sizes) * scale * 0.75;
}"""


def test_briefing_map_prints_names_at_8_pt_on_a4(browser, tmp_path):
    """The briefing's picture, printed on A4 (180 mm between the margins), names its key
    actors in 8 pt or more."""
    from netmap import analyse
    from netmap.outputs.folder import export_bundle
    from tests.conftest import SAMPLES

    result = analyse(SAMPLES / "millbrook" / "ties.csv", SAMPLES / "millbrook" / "actors.csv", group_by="sector")
    export_bundle(result, tmp_path)
    context = browser.new_context(viewport={"width": 794, "height": 1123})  # A4 at 96 px an inch
    page = context.new_page()
    try:
        page.goto((tmp_path / "briefing.html").as_uri())
        page.emulate_media(media="print")
        page.locator("section.map svg").wait_for()
        width_mm = page.evaluate("() => document.querySelector('section.map svg').getBoundingClientRect().width") \
            * 25.4 / 96
        assert 170 <= width_mm <= 181  # the picture spans the printed text width
        assert page.evaluate("() => document.querySelectorAll('section.map svg text').length") >= 10
        assert page.evaluate(PRINTED_PT) >= 8.0
    finally:
        context.close()


def test_downloaded_picture_follows_the_focus_on_screen(app_url, browser, tmp_path):
    context, page, guard = open_app(browser, app_url, WIDTH, HEIGHT)
    try:
        map_frame(page, expected_nodes=168)
        mark_stale(page)
        choose(page, "Find an actor", "Millbrook Community Hub (hub)")
        frame = map_frame(page)
        shown = frame.evaluate("() => nodes.length")
        colours = {rgb(c) for c in frame.evaluate(NODE_COLOURS)}
        with page.expect_download() as download:
            page.get_by_role("button", name="This map as a picture for print (SVG)").click()
        svg = (tmp_path / "map.svg")
        download.value.save_as(svg)
        text = svg.read_text(encoding="utf-8")
        assert text.count("<title>") == shown  # the focused neighbourhood, not the whole map
        assert ">Millbrook Community Hub</text>" in text
        fills = {rgb(c) for c in re.findall(r'<(?:circle|polygon)[^>]* fill="(#[0-9A-Fa-f]{6})"><title>', text)}
        assert fills == colours  # the colours on screen
        with page.expect_download() as download:
            page.get_by_role("button", name="This map as a picture for slides (PNG)").click()
        png = tmp_path / "map.png"
        download.value.save_as(png)
        assert png.read_bytes()[:4] == b"\x89PNG"
    finally:
        context.close()
    assert guard.outside == []


#: Each drawn label and dot outside the map's frame: [name, left, top, right, bottom] on screen (px).
OUTSIDE_FRAME = """() => {
  const frame = document.getElementById('map'), out = [];
  for (const id of nodes.getIds()) {
    const n = network.body.nodes[id], size = n.labelModule.size, r = n.options.size;
    const boxes = [[n.x - r, n.y - r, n.x + r, n.y + r]];
    if (size.width && n.labelModule.visible()) {
      const top = size.top + (n.options.font.vadjust || 0);
      boxes.push([size.left, top, size.left + size.width, top + size.height]);
    }
    for (const [left, top, right, bottom] of boxes) {
      const from = network.canvasToDOM({x: left, y: top}), to = network.canvasToDOM({x: right, y: bottom});
      if (from.x < 0 || from.y < 0 || to.x > frame.clientWidth || to.y > frame.clientHeight) {
        out.push([n.options.label, from.x, from.y, to.x, to.y].map(v => typeof v === 'number' ? Math.round(v) : v));
      }
    }
  }
  return out;
}"""


#: The map's zoom as a share of the zoom that would fit its dots alone (names left out).
SHARE_OF_DOTS_FIT = """() => {
  const frame = document.getElementById('map'), box = [Infinity, Infinity, -Infinity, -Infinity];
  for (const id of nodes.getIds()) {
    const n = network.body.nodes[id], r = n.options.size + (n.options.borderWidth || 1);
    box[0] = Math.min(box[0], n.x - r); box[1] = Math.min(box[1], n.y - r);
    box[2] = Math.max(box[2], n.x + r); box[3] = Math.max(box[3], n.y + r);
  }
  const fit = Math.min(1, 0.94 * frame.clientWidth / (box[2] - box[0]), 0.94 * frame.clientHeight / (box[3] - box[1]));
  return network.getScale() / fit;
}"""


def test_found_actor_and_neighbours_drawn_whole_inside_the_frame(app_url, browser):
    """Issue 23, item 9: "Find an actor" drew the neighbourhood with labels cut off at the
    frame's edge (on a phone, the key labels grew to stay readable after vis-network had
    fitted the map to them at their first size). On a desktop and a phone, for a long name
    in the middle and actors at the left, top and right edges of the layout."""
    for width, height in ((1400, 900), (390, 844)):
        context, page, guard = open_app(browser, app_url, width, height)
        try:
            whole = map_frame(page, expected_nodes=168)
            whole.wait_for_function(SETTLED + " && fitsLeft === 0", timeout=10_000)
            # the whole map too: a name at its edge is drawn whole or gives way, and the map is
            # not shrunk to a speck to make room for every name (on a phone it was cut off)
            assert whole.evaluate(OUTSIDE_FRAME) == [], width
            assert whole.evaluate(SHARE_OF_DOTS_FIT) >= WHOLE_MAP_FLOOR - 0.01
            for actor in ("Riverside Tenants' and Residents' Association (ra-riverside)",
                          "Bright Futures Minibus Trust (minibus)", "Ken Walsh (retired joiner; ken-walsh)",
                          "Graham Pike (Council Regeneration Officer; council-regen)", "Eddie Price (r095)"):
                mark_stale(page)
                choose(page, "Find an actor", actor)
                frame = map_frame(page)
                frame.wait_for_function(SETTLED + " && fitsLeft === 0", timeout=10_000)
                # the id is the last note in the name's brackets (netmap.words.in_brackets)
                assert frame.evaluate("() => network.getSelectedNodes()") == [re.split(r"[(;] ?", actor)[-1][:-1]]
                assert frame.evaluate(OUTSIDE_FRAME) == [], (width, actor)
                # the found actor's name is drawn, at a readable size
                assert frame.evaluate("() => network.body.nodes[focus].labelModule.visible() && "
                                      "network.body.nodes[focus].options.font.size * network.getScale()"
                                      ) >= MIN_LABEL_PX - 0.01
        finally:
            context.close()
        assert guard.outside == []


def test_map_frame_fits_its_page_on_a_phone(app_url, browser):
    """Screenshots (issue 23): the map's frame was 80 px taller than its page, a blank band under
    every map, and on a phone the legend above the map was cut to a scrolling box whose last line
    the map covered. The frame now takes the page's height and the legend its whole height."""
    context, page, guard = open_app(browser, app_url, 390, 844)
    try:
        frame = map_frame(page, expected_nodes=168)
        shown = frame.frame_element().bounding_box()["height"]
        content = frame.evaluate("() => document.body.getBoundingClientRect().height")
        assert abs(shown - content) <= 4, (shown, content)
        legend = frame.evaluate("() => { const l = document.querySelector('aside.legend'); "
                                "return [l.scrollHeight, l.clientHeight]; }")
        assert legend[0] <= legend[1] + 1, legend
    finally:
        context.close()
    assert guard.outside == []
