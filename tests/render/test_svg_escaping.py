"""The SVG map escapes every piece of user text: opened on its own, it shows text and runs nothing."""
from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from netmap.render.network_map import MapData, MapEdge, MapNode
from netmap.render.static_map import map_svg
from tests.conftest import in_ci

PAYLOAD = '<script>window.__pwned=1;alert(1)</script>" onload="window.__pwned=2'
SVG = "{http://www.w3.org/2000/svg}"


def hostile_picture(text: str) -> MapData:
    nodes = [MapNode("a", text, 0.0, 0.0, 20.0, "#E69F00", text, "#000000"),
             MapNode("b", "b", 1.0, 1.0, 10.0, "#56B4E9", "b")]
    return MapData(nodes, [MapEdge("a", "b", 1.0, text)], [("#E69F00", text), ("#56B4E9", "south")], False,
                   marks=[("#000000", text)])


def test_every_text_node_and_attribute_escaped():
    svg = map_svg(hostile_picture(PAYLOAD))
    root = ET.fromstring(svg)
    assert root.findall(f".//{SVG}script") == []
    assert all(not name.startswith("on") for element in root.iter() for name in element.attrib)
    texts = [t.text for t in root.iter(f"{SVG}text")] + [t.text for t in root.iter(f"{SVG}title")]
    assert texts.count(PAYLOAD) >= 3  # label, legend and mark: shown as the text it is


def test_characters_xml_forbids_do_not_break_the_file():
    svg = map_svg(hostile_picture("Jo\x01\x1b[31m\x00 Smith\ufffe"))
    root = ET.fromstring(svg)  # well-formed: one control character used to make the whole map unreadable
    assert "Jo[31m Smith" in [t.text for t in root.iter(f"{SVG}title")]


@pytest.mark.browser
def test_svg_opened_alone_in_chromium_runs_no_script(tmp_path):
    chromium = Path("/usr/bin/chromium")
    if not chromium.exists():
        message = "needs /usr/bin/chromium: apt-get install -y chromium"
        if in_ci():  # in CI a missing browser is a failure, as in every other browser test
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    from netmap import analyse, load_network
    from netmap.outputs.briefing import briefing_picture

    payload = "<script>window.__pwned=1;alert(1)</script>"
    network, _ = load_network(("ties.csv", b"source,target\na,b\nb,c\n"),
                              ("actors.csv", f'id,name,sector\na,"{payload}","{payload}"\nb,b,x\nc,c,"{payload}'
                                             f'<svg onload=alert(2)>"\n'.encode()))
    path = tmp_path / "map.svg"
    path.write_text(map_svg(briefing_picture(analyse(network, group_by="sector"))), encoding="utf-8")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium), headless=True,
                                             args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"])
        try:
            page = browser.new_page()
            dialogs = []
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
            page.goto(path.as_uri())
            page.wait_for_load_state("load")
            assert page.evaluate("() => document.documentElement.tagName") == "svg"  # parsed, not an error page
            assert page.evaluate("() => document.getElementsByTagName('script').length") == 0
            assert page.evaluate("() => window.__pwned === undefined")
            legend = page.evaluate("() => Array.from(document.getElementsByTagName('text')).map(t => t.textContent)")
            assert payload in legend
        finally:
            browser.close()
    assert dialogs == []
