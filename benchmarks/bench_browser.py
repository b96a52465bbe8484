"""Time from upload to a drawn map, in Chromium, for localities of several sizes.

Usage: python benchmarks/bench_browser.py [--sizes 150 1000 5000] [--before DIR]

Starts the real app (`streamlit run`), uploads the ties and actors files through the
uploader as a person would, and stops the clock when vis-network has drawn every node the
map shows (above 3,000 actors the map shows the 3,000 best-connected). The localities are the
seeded synthetic ones of bench_analysis.py; each size runs in a fresh browser context, on a
warm server (the default sample is drawn first). Two times: the first map (drawn as soon as the
network is read and laid out, before the analysis; issue 15) and the full map after the
analysis. With ``--before DIR`` (another checkout, e.g. ``git archive <commit> | tar -x -C DIR``)
its app is timed in the same run; a checkout without a first-look map gives one time for both.
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
    parser.add_argument("--before", metavar="DIR", help="another checkout to time in the same run")
    args = parser.parse_args()
    apps = [("now", ROOT)] + ([("before", Path(args.before).resolve())] if args.before else [])
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as playwright:
        browser = launch(playwright)
        files = {size: files_for(size, Path(tmp)) for size in args.sizes}
        print(f"{'app':>8}{'actors':>8}{'drawn':>8}{'first map s':>13}{'full map s':>12}")
        for name, root in apps:
            with running_app(timeout=300, root=root) as url:
                for size in args.sizes:
                    ties, actors, n = files[size]
                    first, full = _time_upload(browser, url, ties, actors, min(n, MAX_DRAWN))
                    print(f"{name:>8}{n:>8,}{min(n, MAX_DRAWN):>8,}{first:>13.1f}{full:>12.1f}", flush=True)
        browser.close()


def _time_upload(browser, url: str, ties: Path, actors: Path, drawn: int) -> tuple[float, float]:
    """Seconds from the upload to the first drawn map of ``drawn`` nodes, and to the full map."""
    context, page, guard = open_app(browser, url)
    try:
        map_frame(page, timeout=600_000)  # the default sample first: a warm server, and the clock times the upload
        mark_stale(page)
        start = time.perf_counter()
        upload(page, ties, actors)
        map_frame(page, expected_nodes=drawn, timeout=600_000, first_look=True)
        first = time.perf_counter() - start
        map_frame(page, expected_nodes=drawn, timeout=600_000)
        full = time.perf_counter() - start
        assert not guard.outside, guard.outside
        return first, full
    finally:
        context.close()


if __name__ == "__main__":
    main()
