"""The server prepares the sample's first map before the first visitor (issue 23, item 10).

Seen from outside, on a real server and in Chromium: Streamlit's own metrics
(``/_stcore/metrics``) list every ``st.cache_data`` function with its hits and misses, so they
show the sample's analysis computed before any session, and the first visitor's run finding it
(hits, no new miss): the warm-up computed what the page uses, with the same keys. And the switch
that turns it off.
"""
from __future__ import annotations

import asyncio
import re
import threading
import time
import urllib.request

import pytest

import netmap.ui.server
from tests.ui.harness import map_frame, open_app, running_app

#: Millbrook's actors on the full map.
MILLBROOK_ACTORS = 168


def lookups(url: str) -> dict[tuple[str, str], int]:
    """``(function, "hit" or "miss") -> count`` of the server's st.cache_data lookups, and
    ``("sessions", "connect")`` for the sessions opened so far."""
    with urllib.request.urlopen(f"{url}/_stcore/metrics", timeout=10) as response:
        text = response.read().decode()
    found = {(m["cache"].rsplit(".", 1)[-1], m["result"]): int(m["n"]) for m in re.finditer(
        r'cache_lookups_total\{cache="(?P<cache>[^"]+)",cache_type="st_cache_data",result="(?P<result>\w+)"\} '
        r'(?P<n>\d+)', text)}
    sessions = re.search(r'session_events_total\{type="connect"\} (\d+)', text)
    found[("sessions", "connect")] = int(sessions.group(1)) if sessions else 0
    return found


def test_the_server_prepares_the_first_map_before_the_first_visitor(browser):
    with running_app(timeout=120, warm=True) as url:
        deadline = time.monotonic() + 60
        while (found := lookups(url)).get(("map_for", "miss"), 0) == 0 and time.monotonic() < deadline:
            time.sleep(0.5)
        # computed by the server itself: no one has opened the app yet
        assert found[("sessions", "connect")] == 0
        assert found[("analysis_for", "miss")] == 1 and found[("map_for", "miss")] == 1, found
        assert found[("actions_for", "miss")] == 1, found
        context, page, guard = open_app(browser, url)
        try:
            map_frame(page, expected_nodes=MILLBROOK_ACTORS, timeout=120_000)
            assert not guard.outside
        finally:
            context.close()
        after = lookups(url)
    assert after[("sessions", "connect")] == 1
    for function in ("analysis_for", "map_for", "actions_for"):  # the first visitor computed none of them again
        assert after[(function, "miss")] == 1, (function, after)
        assert after[(function, "hit")] >= 1, (function, after)


@pytest.mark.parametrize(("setting", "runs"), [("0", False), ("off", False), ("No", False), ("false", False),
                                               ("1", True), (None, True)])
def test_the_warm_up_runs_unless_turned_off(monkeypatch, setting, runs):
    started = []

    async def warm_up():
        started.append(True)

    async def serve():
        async with netmap.ui.server.lifespan(None):
            await asyncio.sleep(0.01)  # the server listening: the warm-up has had its turn

    monkeypatch.setattr(netmap.ui.server, "warm_up", warm_up)
    if setting is None:
        monkeypatch.delenv(netmap.ui.server.WARM_UP, raising=False)
    else:
        monkeypatch.setenv(netmap.ui.server.WARM_UP, setting)
    # a thread of its own: Playwright's event loop may be running in this one
    server = threading.Thread(target=asyncio.run, args=(serve(),))
    server.start()
    server.join(10)
    assert started == ([True] if runs else [])


def test_a_failed_warm_up_says_so_in_one_line(monkeypatch):
    """Without a runtime to run the script in, the warm-up logs one plain line and ends: the
    server goes on, and the first visitor does the work."""
    said = []
    monkeypatch.setattr(netmap.ui.server._LOG, "warning", lambda message, *args: said.append(message % args))
    monkeypatch.setattr(netmap.ui.server._LOG, "info", lambda message, *args: said.append(message % args))
    server = threading.Thread(target=asyncio.run, args=(netmap.ui.server.warm_up(),))  # no runtime in this process
    server.start()
    server.join(120)
    assert len(said) == 1 and said[0].startswith("netmap: the start-up run failed ("), said
    assert "Traceback" not in said[0] and "\n" not in said[0]
