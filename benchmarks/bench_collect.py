"""Load on the questionnaire server: simulated respondents answering 6 pages over loopback.

Usage: python benchmarks/bench_collect.py [--respondents 200] [--concurrency 20] [--seconds 60]
                                          [--backend sqlite|postgresql|both] [--think SECONDS]

For each backend: a store in a temporary folder (SQLite file, or a throwaway PostgreSQL server
started with initdb/pg_ctl on a unix socket, as the tests do) with a collection of
Millbrook's 6-page questionnaire for a roster of ``respondents`` people; the real server
(uvicorn, one process, as ``netmap collect serve`` runs it) on 127.0.0.1; and ``concurrency``
threads, each a respondent at a time with their own cookies, who opens their link, agrees,
and for each of pages 2–6 loads the page and saves it (names picked and typed, ratings,
offers, places, a choice, free text), then loads the check page and sends.

Printed: requests, errors (any status other than the expected one), the time of a page load
and of a save (p50 / p95 / max, ms), a whole page (load + save) p95, the run's seconds and
requests a second, and **lost answers**: after the run, every respondent's stored answers are
compared with what they sent. Rate limits are raised for the run (every simulated respondent
comes from the same address, 127.0.0.1); everything else is as served.

The run stops after ``--seconds`` whatever is left; the unfinished respondents are counted.

``--think`` makes each respondent pause between loading a page and saving it, as a person
reading and typing does: ``--concurrency 200 --think 10`` is 200 people answering at the same
time at a brisk pace (about 40 requests a second), while the default (no pause, 20 at a time)
measures how many requests a second the server can take at all.
"""
from __future__ import annotations

import argparse
import os
import random
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from netmap.questionnaire import answers_by_question  # noqa: E402
from netmap.questionnaire.invitations import issue_links, open_collection  # noqa: E402
from netmap.store import open_store  # noqa: E402
from netmap.store.collections import Collections  # noqa: E402

QUESTIONNAIRE = ROOT / "sample_networks" / "millbrook" / "questionnaire.yaml"
PLACES = ROOT / "sample_networks" / "millbrook" / "spaces.csv"
WARDS = ["Northgate", "Riverside", "Castle Hill", "Eastfield", "Hollins Park"]
FIRST = ["Amina", "Bob", "Carol", "Dev", "Eve", "Farid", "Grace", "Hamid", "Ivy", "Jo", "Ken", "Lena", "Mo", "Nia"]
LAST = ["Patel", "Hughes", "Singh", "Khan", "Walsh", "Baxter", "Nowak", "Iqbal", "Taylor", "Fisher", "Okafor"]
SERVER = """
import sys, uvicorn
from netmap.collect.app import Limits, create_app
limits = Limits(per_address=(10**9, 60.0), per_link=(10**6, 60.0), misses=(10**6, 600.0))
uvicorn.run(create_app(sys.argv[1], limits=limits), host="127.0.0.1", port=int(sys.argv[2]), access_log=False,
            log_level="warning", timeout_keep_alive=5)
"""


def roster_csv(n: int, seed: int) -> str:
    rng = random.Random(seed)
    lines = ["id,name,ward"]
    for i in range(n):
        lines.append(f"r{i:04d},{rng.choice(FIRST)} {rng.choice(LAST)} {i},{rng.choice(WARDS)}")
    return "\n".join(lines) + "\n"


def plan(i: int, n: int, seed: int) -> dict:
    """What respondent ``i`` answers on each page (fields by page number)."""
    rng = random.Random(seed * 100_003 + i)
    others = rng.sample([j for j in range(n) if j != i], 3)
    return {"others": others, "typed": f"Neighbour {rng.randrange(40)}", "rating": str(rng.randint(1, 4)),
            "offer": rng.choice(["lifts", "gardening", "a ladder", "baking", "dog walking"]) + f" {i}",
            "need": rng.choice(["company", "a lift to the doctor", "help with forms"]),
            "place": rng.choice(["Northgate Library", "Saturday Market", "The bus stop café"]),
            "years": str(rng.randint(1, 4)), "story": f"free text from respondent {i}"}


class Stats:
    def __init__(self):
        self.loads: list[float] = []
        self.saves: list[float] = []
        self.pages: list[float] = []
        self.errors: list[str] = []
        self.done = 0
        self.lock = threading.Lock()


def respond(base: str, link: str, labels: list[str], answer: dict, stats: Stats, deadline: float,
            think: float = 0.0, seed: int = 0) -> None:
    # a person reads and types between loading a page and saving it: a pause drawn uniformly
    # from 0.5–1.5 × ``think`` seconds (seeded per link); it is not counted in the page's time
    pauses = random.Random(f"{seed}:{link}")
    with httpx.Client(base_url=base, follow_redirects=False, timeout=30) as client:
        def get(path: str) -> str:
            start = time.perf_counter()
            response = client.get(path)
            elapsed = time.perf_counter() - start
            with stats.lock:
                stats.loads.append(elapsed)
                if response.status_code != 200:
                    stats.errors.append(f"GET {response.status_code}")
            return response.text

        def post(path: str, fields: dict, html: str) -> float:
            token = re.search(r'name="csrf" value="([^"]+)"', html).group(1)
            start = time.perf_counter()
            response = client.post(path, data={"csrf": token, **fields})
            elapsed = time.perf_counter() - start
            with stats.lock:
                stats.saves.append(elapsed)
                if response.status_code != 303:
                    stats.errors.append(f"POST {response.status_code}")
            return elapsed

        def page(number: int, fields: dict) -> None:
            if time.monotonic() > deadline:
                raise TimeoutError
            start = time.perf_counter()
            html = get(f"{link}/{number}")
            loaded = time.perf_counter() - start
            if think:
                time.sleep(pauses.uniform(0.5 * think, 1.5 * think))
            if number == 3:
                for k, key in re.findall(r'name="often\.(\d+)\.about" value="([^"]+)"', html):
                    fields[f"often.{k}"] = answer["rating"]
                    fields[f"often.{k}.about"] = key
            saved = post(f"{link}/{number}", {**fields, "action": "next"}, html)
            with stats.lock:
                stats.pages.append(loaded + saved)

        if think:  # people open their links over the first moments, not all in the same millisecond
            time.sleep(pauses.uniform(0, think))
        first = get(link)
        post(f"{link}/1", {"consent": "agree", "action": "next"}, first)
        named = [labels[j] for j in answer["others"]]
        page(2, {"help.1": named[0], "help.2": named[1], "help.3": answer["typed"], "event.1": named[2]})
        page(3, {})
        page(4, {"offers.1": answer["offer"], "needs.1": answer["need"]})
        page(5, {"places.1": answer["place"]})
        page(6, {"years_here": answer["years"], "anything_else": answer["story"]})
        check = get(f"{link}/check")
        post(f"{link}/check", {"action": "send"}, check)
        with stats.lock:
            stats.done += 1


def percentiles(values: list[float]) -> str:
    if not values:
        return "–"
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    return f"{statistics.median(ordered) * 1000:6.1f} / {p95 * 1000:6.1f} / {ordered[-1] * 1000:6.1f}"


def lost_answers(db: str, labels: list[str], plans: dict[str, dict]) -> tuple[int, int]:
    """(respondents whose stored answers differ from what they sent, respondents checked)."""
    store = open_store(db)
    records = Collections(store)
    collection = records.get("bench", "wave")
    lost = 0
    sheets = {s.actor_id: answers_by_question(s.answers) for s in records.sheets(collection.id, ("submitted",))}
    for actor, answer in plans.items():
        saved = sheets.get(actor)
        if saved is None:
            lost += 1
            continue
        expected_help = [labels[answer["others"][0]], labels[answer["others"][1]], answer["typed"]]
        ok = ([a.text for a in saved.get("help", [])] == expected_help
              and [a.text for a in saved.get("event", [])] == [labels[answer["others"][2]]]
              and sorted(a.text for a in saved.get("often", [])) == [answer["rating"]] * 3
              and [a.text for a in saved.get("offers", [])] == [answer["offer"]]
              and [a.text for a in saved.get("places", [])] == [answer["place"]]
              and [a.text for a in saved.get("anything_else", [])] == [answer["story"]])
        lost += not ok
    store.close()
    return lost, len(plans)


def run(db: str, label: str, respondents: int, concurrency: int, seconds: float, folder: Path, seed: int,
        think: float) -> None:
    roster = folder / f"roster-{label}.csv"
    roster.write_text(roster_csv(respondents, seed))
    store = open_store(db, create=True)
    store.create_project("bench")
    open_collection(store, "bench", "wave", QUESTIONNAIRE, roster, PLACES)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    base = f"http://127.0.0.1:{port}"
    invitations = issue_links(store, "bench", "wave", base)
    people = Collections(store).people(Collections(store).get("bench", "wave").id)
    labels = [p.label for p in people]
    store.close()
    links = [link.removeprefix(base) for link in invitations.rows["link"]]
    plans = {f"r{i:04d}": plan(i, respondents, seed) for i in range(respondents)}
    server = subprocess.Popen([sys.executable, "-c", SERVER, db, str(port)], cwd=ROOT,
                              env=dict(os.environ, PYTHONPATH=str(ROOT)))
    try:
        for _ in range(300):
            try:
                with urllib.request.urlopen(f"{base}/healthz", timeout=2):
                    break
            except OSError:
                time.sleep(0.1)
        stats = Stats()
        start = time.perf_counter()
        deadline = time.monotonic() + seconds
        with ThreadPoolExecutor(max_workers=concurrency) as pool:
            futures = [pool.submit(respond, base, links[i], labels, plans[f"r{i:04d}"], stats, deadline, think, seed)
                       for i in range(respondents)]
            unfinished = 0
            for future in futures:
                try:
                    future.result()
                except TimeoutError:
                    unfinished += 1
                except Exception as exc:  # a failed respondent is an error of the run, reported below
                    stats.errors.append(f"{type(exc).__name__}: {exc}")
        elapsed = time.perf_counter() - start
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    requests = len(stats.loads) + len(stats.saves)
    lost, checked = lost_answers(db, labels, plans)
    pause = f", pausing {0.5 * think:g}–{1.5 * think:g} s on each page" if think else ", no pause between pages"
    print(f"{label}: {respondents} respondents × 6 pages, {concurrency} at a time{pause}")
    print(f"  finished {stats.done}, unfinished at {seconds:.0f} s: {unfinished}; requests {requests}; "
          f"errors {len(stats.errors)}{' (' + ', '.join(sorted(set(stats.errors))[:5]) + ')' if stats.errors else ''}")
    print(f"  page load  p50 / p95 / max ms: {percentiles(stats.loads)}")
    print(f"  page save  p50 / p95 / max ms: {percentiles(stats.saves)}")
    print(f"  whole page (load + save) p95 ms: {percentiles(stats.pages).split(' / ')[1].strip()}")
    print(f"  {elapsed:.1f} s, {requests / elapsed:.0f} requests/s; lost answers: {lost} of {checked} respondents "
          f"(unfinished ones count as lost)", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--respondents", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60.0, help="stop the run after this long (default 60)")
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--think", type=float, default=0.0,
                        help="mean seconds a respondent spends on a page before saving it (default 0: none)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="netmap-bench-collect-") as tmp:
        folder = Path(tmp)
        if args.backend in ("sqlite", "both"):
            run(str(folder / "store.db"), "SQLite", args.respondents, args.concurrency, args.seconds, folder, args.seed,
                args.think)
        if args.backend in ("postgresql", "both"):
            try:
                from tests.store.pgserver import PgServer

                server = PgServer().start()
            except Exception as exc:  # no PostgreSQL here: say so and stop
                print(f"PostgreSQL: skipped ({exc})")
                return
            try:
                run(server.new_database(), "PostgreSQL", args.respondents, args.concurrency, args.seconds, folder,
                    args.seed, args.think)
            finally:
                server.stop()


if __name__ == "__main__":
    main()
