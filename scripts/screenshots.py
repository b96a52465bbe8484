"""Screenshots of every view of the app on the Millbrook sample, at a desktop size (1400×900)
and a phone size (390×844), into docs/screenshots/ — for looking at the app as its users do.

    python scripts/screenshots.py [--out docs/screenshots]

Runs the real app (loopback only) and Debian's Chromium, like the browser tests. Each picture
is one view: the tab bar and the open tab, as tall as the view is (up to :data:`MAX_HEIGHT`),
from the main column's left edge to the window's right edge (the sidebar left out).
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.ui.harness import frame_where, launch, map_frame, open_app, running_app

SIZES = {"desktop": (1400, 900), "phone": (390, 844)}
#: Tallest picture (px): a long view is cut here rather than saved as a huge file.
MAX_HEIGHT = 2600
#: True once the app has finished its run and shows nothing out of date.
IDLE = """() => !document.querySelector('[data-testid="stStatusWidget"]')
  && !document.querySelector('[data-stale="true"]')
  && [...document.querySelectorAll('[role="tabpanel"]')].some(p => p.offsetHeight > 60)"""
#: True once the open tab's panel has kept its height for ten checks in a row (its elements'
#: code loads as they first appear, and a table or chart takes its height once drawn).
STEADY = """() => {
  const panel = [...document.querySelectorAll('[role="tabpanel"]')].find(p => p.offsetHeight > 0);
  const height = panel ? panel.offsetHeight : -1;
  window.steadyCount = height === window.steadyHeight ? (window.steadyCount || 0) + 1 : 0;
  window.steadyHeight = height;
  return window.steadyCount >= 10;
}"""
#: The open tab's panel and the tab bar above it: (top, bottom, left) in page pixels, scrolled to the top
#: (left: where the main column starts, so the sidebar is left out).
VIEW_BOX = """() => {
  const main = document.querySelector('[data-testid="stMain"]') || document.scrollingElement;
  main.scrollTop = 0;
  const list = document.querySelector('[data-baseweb="tab-list"], [role="tablist"]');
  const panel = [...document.querySelectorAll('[role="tabpanel"]')].find(p => p.offsetHeight > 0);
  const top = list.getBoundingClientRect().top, bottom = panel.getBoundingClientRect().bottom;
  return [top, bottom, Math.max(list.getBoundingClientRect().left - 24, 0)];
}"""


def _slug(text: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in text.lower()).strip("-")


def _maps_drawn(page) -> None:
    """Wait until every map on the page is drawn by vis-network."""
    for frame in page.frames[1:]:
        try:
            has_map = frame.evaluate("() => !!document.getElementById('map')")
        except Exception:  # noqa: BLE001, S112 - a frame gone with the last run
            continue
        if has_map:
            frame_where(page, lambda f, frame=frame: f == frame and f.evaluate("() => window.netmapDrawn === true"),
                        "map drawn", timeout=120)


def view_picture(page, path: Path, width: int, height: int) -> None:
    """The open view, from the tab bar to the end of its panel, into ``path`` (PNG)."""
    page.wait_for_function(IDLE, timeout=120_000)
    _maps_drawn(page)
    page.wait_for_function(STEADY, polling=100, timeout=60_000)
    top, bottom, _ = page.evaluate(VIEW_BOX)
    tall = min(int(bottom) + 20, MAX_HEIGHT + int(top))
    # the app scrolls inside its own frame: a window as tall as the view shows all of it at once
    page.set_viewport_size({"width": width, "height": max(tall, height)})
    page.wait_for_function(IDLE, timeout=120_000)
    _maps_drawn(page)
    page.wait_for_function(STEADY, polling=100, timeout=60_000)
    top, bottom, left = page.evaluate(VIEW_BOX)
    page.screenshot(path=str(path), clip={"x": left, "y": max(top - 8, 0), "width": width - left,
                                          "height": min(bottom - top + 24, MAX_HEIGHT)})
    page.set_viewport_size({"width": width, "height": height})
    _smaller(path)


def _smaller(path: Path) -> None:
    """The PNG with a palette of 256 colours: a third of the size, and the app's flat colours
    look the same."""
    from PIL import Image

    with Image.open(path) as picture:
        fewer = picture.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    fewer.save(path, optimize=True)


def shoot(out: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    written = []
    with running_app() as url, sync_playwright() as playwright:
        browser = launch(playwright)
        for size, (width, height) in SIZES.items():
            context, page, _ = open_app(browser, url, width, height)
            map_frame(page, expected_nodes=168)
            tabs = [t.inner_text() for t in page.get_by_role("tab").all()]
            for index, name in enumerate(tabs):
                tab = page.get_by_role("tab", name=name, exact=True)
                tab.click()
                page.wait_for_function("tab => tab.getAttribute('aria-selected') === 'true'", arg=tab.element_handle())
                path = out / f"{size}-{index:02d}-{_slug(name)}.png"
                view_picture(page, path, width, height)
                written.append(path)
            context.close()
        browser.close()
    return written


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    for path in shoot(parser.parse_args().out):
        print(path)
