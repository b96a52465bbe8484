"""Time from opening the app to the drawn map of the sample, in Chromium: first and later visits.

Usage: python benchmarks/bench_first_map.py [--visits 5] [--rounds 1] [--settle S] [--before DIR]

Starts the real app (`streamlit run app.py`) and opens it in a fresh Chromium context, as a
new person would, stopping the clock when vis-network has drawn the full map of Millbrook (the
default sample: every actor, not the first look drawn while an analysis runs). Three times:

- **from launch**: from starting the server process to the drawn map of the first visit (the
  server's start, Streamlit's imports and the first visit together, and the ``--settle`` pause);
- **first visit**: from ``page.goto`` to the drawn map, for the first person after the server
  started: at once when it answers, or ``--settle`` seconds later (a server already running,
  which has prepared the sample's first map meanwhile: netmap.ui.server);
- **later visits**: the same for ``--visits`` more people, each in a new context (no cookies,
  no session, no cached file): median and max;
- **returning visits**: one person opening the app again in the same browser, ``--visits``
  times (Streamlit's JavaScript and the map's page come from the browser's cache, as they do
  for a person coming back): median and max. The other visits block every request that would
  leave the machine through Playwright's routing, which also turns the browser's cache off;
  these only record such requests (there must be none).

The machine is shared, so the load average is printed beside the numbers; compare the ratios
of one run. With ``--before DIR`` (another checkout, e.g. ``git archive <commit> | tar -x -C
DIR``) its app is timed in the same run, alternating with this one for ``--rounds`` rounds.
"""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.sync_api import sync_playwright

from netmap.network import load_network
from netmap.samples import samples_dir
from tests.ui.harness import LOCAL_HOSTS, launch, map_frame, open_app, running_app


def millbrook_nodes() -> int:
    """The number of actors the full map of Millbrook draws."""
    base = samples_dir() / "millbrook"
    network, report = load_network(("ties.csv", (base / "ties.csv").read_bytes()),
                                   ("actors.csv", (base / "actors.csv").read_bytes()))
    assert network is not None, report.errors
    return network.n_actors


def visit(browser, url: str, nodes: int) -> float:
    """Seconds from ``page.goto`` to the full map of ``nodes`` actors, in a new context."""
    context, page, guard = None, None, None
    try:
        start = time.perf_counter()
        context, page, guard = open_app(browser, url)  # page.goto, then the title
        map_frame(page, expected_nodes=nodes, timeout=300_000)
        seconds = time.perf_counter() - start
        assert not guard.outside, guard.outside
        return seconds
    finally:
        if context is not None:
            context.close()


def returning(browser, url: str, nodes: int, visits: int) -> list[float]:
    """Seconds to the full map for one person coming back ``visits`` times in the same browser
    context (after a first visit that fills its cache), each in a new tab."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    outside = []
    # recorded, not routed: routing requests turns the browser's cache off
    context.on("request", lambda r: outside.append(r.url) if urlparse(r.url).scheme in ("http", "https")
               and urlparse(r.url).hostname not in LOCAL_HOSTS else None)
    seconds = []
    try:
        for _ in range(visits + 1):
            page = context.new_page()
            start = time.perf_counter()
            page.goto(url)
            map_frame(page, expected_nodes=nodes, timeout=300_000)
            seconds.append(time.perf_counter() - start)
            page.close()
    finally:
        context.close()
    assert not outside, outside
    return seconds[1:]


def time_app(browser, root: Path, visits: int, nodes: int, settle: float = 0) -> dict:
    """Launch, first visit and later visits of the app of the checkout at ``root``, the first
    visit ``settle`` seconds after the server answers."""
    started = time.perf_counter()
    with running_app(timeout=300, root=root, warm=True) as url:
        ready = time.perf_counter() - started
        time.sleep(settle)
        first = visit(browser, url, nodes)
        launch_to_map = time.perf_counter() - started
        later = [visit(browser, url, nodes) for _ in range(visits)]
        back = returning(browser, url, nodes, visits)
    return {"ready": ready, "launch": launch_to_map, "first": first, "later": later, "returning": back}


def load() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--visits", type=int, default=5, help="later visits, each in a new browser context")
    parser.add_argument("--rounds", type=int, default=1, help="times each app is started and timed")
    parser.add_argument("--settle", type=float, default=0, metavar="S",
                        help="seconds between the server answering and the first visit (default 0: at once)")
    parser.add_argument("--before", metavar="DIR", help="another checkout to time in the same run")
    args = parser.parse_args()
    apps = [("now", ROOT)] + ([("before", Path(args.before).resolve())] if args.before else [])
    nodes = millbrook_nodes()
    print(f"Millbrook: {nodes} actors; {os.cpu_count()} cores; first visit {args.settle:g} s after the server "
          f"answers; load average at start {load()}")
    print(f"{'app':>7}{'server up s':>13}{'launch→map s':>14}{'first visit s':>15}"
          f"{'later median s':>16}{'later max s':>13}{'returning median s':>20}{'returning max s':>17}"
          "   load average (1, 5, 15 min)")
    with sync_playwright() as playwright:
        browser = launch(playwright)
        try:
            for _ in range(args.rounds):
                for name, root in apps:
                    t = time_app(browser, root, args.visits, nodes, args.settle)
                    print(f"{name:>7}{t['ready']:>13.1f}{t['launch']:>14.1f}{t['first']:>15.1f}"
                          f"{statistics.median(t['later']):>16.2f}{max(t['later']):>13.2f}"
                          f"{statistics.median(t['returning']):>20.2f}{max(t['returning']):>17.2f}   {load()}", flush=True)
        finally:
            browser.close()


if __name__ == "__main__":
    main()
