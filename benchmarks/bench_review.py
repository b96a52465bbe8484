"""Time each click of the name review, in Chromium, on a survey with 130 names to review.

Usage: python benchmarks/bench_review.py [--names 130] [--seed 23] [--keep-apart 10]

Starts the real app (`streamlit run`), opens the survey page, uploads a seeded survey
(tests/ui/review_survey.py: first names with a place, half of them clear matches, half tied)
and clicks as a person would: "A different person: keep apart" ``--keep-apart`` times, "Undo
all", "Accept all clear matches", "Undo all". A click's time runs from the click until the
page shows the new count of decided names (the review's own answer). Twice: with the
decisions kept in a project's store (SQLite), and kept only in the session. Target (issue 23):
every click answered in 0.5 s or less; only the review reruns, not the whole app.
"""
from __future__ import annotations

import argparse
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright

from netmap.store import open_store
from tests.ui.harness import _give_file, choose, launch, map_frame, open_app, running_app
from tests.ui.review_survey import review_survey

COUNTS = re.compile(r"typed names to review")
SHOWS = """text => [...document.querySelectorAll('[data-testid="stCaptionContainer"]')]
  .some(e => e.textContent.includes(text))"""


def decided(page) -> int:
    text = page.get_by_text(COUNTS).inner_text()
    return int(re.search(r"; (\d+) decided\.", text).group(1))


def timed_click(page, button, expected: int) -> float:
    """Click and wait until the review says ``expected`` names are decided; milliseconds."""
    start = time.perf_counter()
    button.click()
    # textContent of the captions only: reading the whole page's innerText every frame would
    # itself force a layout of the page and slow what is measured
    page.wait_for_function(SHOWS, arg=f"; {expected} decided.", polling="raf", timeout=30_000)
    return (time.perf_counter() - start) * 1000


def session(browser, url: str, folder: Path, project: bool, keep_apart: int) -> list[tuple[str, float]]:
    context, page, _ = open_app(browser, url)
    try:
        if project:
            page.get_by_text("Project: keep waves, edit, history").click()
            choose(page, "Project", "Bench")
        page.get_by_text("Survey export", exact=True).click()
        _give_file(page, "Roster of actors (optional)", folder / "roster.csv")
        _give_file(page, "Survey export(s)", folder / "responses.csv")
        page.get_by_text(COUNTS).wait_for(timeout=180_000)
        page.get_by_role("button", name="A different person: keep apart").wait_for(timeout=60_000)
        map_frame(page)  # the page's first run has ended (the map is drawn): clicks are timed alone
        times = []
        for k in range(1, keep_apart + 1):
            times.append((f"keep apart {k}", timed_click(page, page.get_by_role("button", name="A different person: keep "
                                                                           "apart"), decided(page) + 1)))
        times.append(("undo all", timed_click(page, page.get_by_role("button", name=re.compile("^Undo all")), 0)))
        accept = page.get_by_role("button", name=re.compile(r"^Accept all \d+ clear match"))
        clear = int(re.search(r"\d+", accept.inner_text()).group())
        times.append(("accept all clear", timed_click(page, accept, clear)))
        times.append(("undo all", timed_click(page, page.get_by_role("button", name=re.compile("^Undo all")), 0)))
        return times
    finally:
        context.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--names", type=int, default=130)
    parser.add_argument("--seed", type=int, default=23)
    parser.add_argument("--keep-apart", type=int, default=10)
    parser.add_argument("--verbose", action="store_true", help="every click's time")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        folder = Path(tmp)
        roster, responses = review_survey(args.names, seed=args.seed)
        (folder / "roster.csv").write_bytes(roster)
        (folder / "responses.csv").write_bytes(responses)
        db = folder / "store.db"
        with open_store(str(db), create=True) as store:
            store.create_project("Bench")
        browser = launch(playwright)
        with running_app(timeout=300, env={"NETMAP_DB": str(db)}) as url:
            print(f"{'decisions kept':>16}{'clicks':>8}{'median ms':>11}{'max ms':>9}  slowest")
            for project in (True, False):
                times = session(browser, url, folder, project, args.keep_apart)
                ms = [t for _, t in times]
                slowest = max(times, key=lambda t: t[1])[0]
                print(f"{'in the project' if project else 'in the session':>16}{len(ms):>8}"
                      f"{statistics.median(ms):>11.0f}{max(ms):>9.0f}  {slowest}", flush=True)
                if args.verbose:
                    print("  " + ", ".join(f"{what} {t:.0f}" for what, t in times))
        browser.close()


if __name__ == "__main__":
    main()
