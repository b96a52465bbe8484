"""Time from upload to a drawn map, in Chromium, for localities of several sizes.

Usage: python benchmarks/bench_browser.py [--sizes 150 1000 5000]

Starts the real app (`streamlit run`), uploads the ties and actors files through the
uploader as a person would, and stops the clock when vis-network has drawn every node the
map shows (above 3,000 actors the map shows the 3,000 best-connected). The localities are the
seeded synthetic ones of bench_analysis.py; each size runs in a fresh browser context.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_analysis import locality  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from netmap.render.network_map import MAX_DRAWN  # noqa: E402
from tests.ui.harness import launch, map_frame, mark_stale, open_app, running_app, upload  # noqa: E402


def files_for(size: int, folder: Path) -> tuple[Path, Path, int]:
    network = locality(size)
    actors, ties = network.to_csv(folder / str(size))
    return ties, actors, network.n_actors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[150, 1000, 5000])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, running_app(timeout=300) as url, sync_playwright() as playwright:
        browser = launch(playwright)
        print(f"{'actors':>8}{'drawn':>8}{'upload → map s':>16}")
        for size in args.sizes:
            ties, actors, n = files_for(size, Path(tmp))
            context, page, guard = open_app(browser, url)
            map_frame(page, timeout=600_000)  # the default sample first, so the clock measures the upload only
            mark_stale(page)
            start = time.perf_counter()
            upload(page, ties, actors)
            drawn = min(n, MAX_DRAWN)
            map_frame(page, expected_nodes=drawn, timeout=600_000)
            seconds = time.perf_counter() - start
            print(f"{n:>8,}{drawn:>8,}{seconds:>16.1f}", flush=True)
            assert not guard.outside, guard.outside
            context.close()
        browser.close()


if __name__ == "__main__":
    main()
