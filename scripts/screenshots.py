"""Screenshots of every view of the app on the Millbrook sample, at a desktop size (1400×1000)
and a phone size (390×844), into docs/screenshots/ — for looking at the app as its users do.

    python scripts/screenshots.py [--out docs/screenshots]

Runs the real app (loopback only) and Debian's Chromium, like the browser tests.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.ui.harness import launch, map_frame, open_app, running_app  # noqa: E402

SIZES = {"desktop": (1400, 1000), "phone": (390, 844)}


def _slug(text: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in text.lower()).strip("-")


def shoot(out: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    out.mkdir(parents=True, exist_ok=True)
    written = []
    with running_app() as url, sync_playwright() as playwright:
        browser = launch(playwright)
        for size, (width, height) in SIZES.items():
            context, page, _ = open_app(browser, url, width, height)
            map_frame(page, expected_nodes=168)
            page.wait_for_timeout(1500)  # the physics-free layout settles, fonts load
            tabs = [t.inner_text() for t in page.get_by_role("tab").all()]
            for index, name in enumerate(tabs):
                tab = page.get_by_role("tab", name=name, exact=True)
                tab.click()
                page.wait_for_timeout(1200 if index else 300)
                if size == "phone":  # the app scrolls inside its own frame: bring the view to the top
                    tab.evaluate("e => e.scrollIntoView({block: 'start'})")
                    page.wait_for_timeout(300)
                path = out / f"{size}-{index:02d}-{_slug(name)}.png"
                page.screenshot(path=str(path))
                written.append(path)
            context.close()
        browser.close()
    return written


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=Path("docs/screenshots"))
    for path in shoot(parser.parse_args().out):
        print(path)
