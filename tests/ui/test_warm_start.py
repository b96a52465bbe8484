"""The server prepares the sample's first map before the first visitor (issue 23, item 10).

Seen from outside, on a real server and in Chromium: Streamlit's own metrics
(``/_stcore/metrics``) list every ``st.cache_data`` function with its hits and misses, so they
show the sample's analysis computed before any session, and the first visitor's run finding it
(hits, no new miss): the warm-up used the very keys the page uses. In AppTest: the same, counted
where the page calls the analysis; and the switch that turns it off.
"""
from __future__ import annotations

import re
import threading
import time
import urllib.request

import netmap.ui.main
import netmap.ui.server
from tests.ui.harness import map_frame, open_app, running_app
from tests.ui.test_first_map import calls, map_page, visit  # noqa: F401 - calls is a fixture

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


def test_a_first_visit_after_the_warm_up_computes_nothing(calls):  # noqa: F811 - the fixture
    netmap.ui.main.prepare_sample()
    assert calls == {"analyse": 1, "build_map": 1, "suggested_actions": 1}
    at = visit()
    assert calls == {"analyse": 1, "build_map": 1, "suggested_actions": 1}  # all found in the caches
    assert "new vis.Network(" in map_page(at)  # the Map tab drew the map


def test_the_warm_up_is_off_when_asked_and_runs_once(monkeypatch):
    monkeypatch.setattr(netmap.ui.server, "_started", threading.Lock())
    ran = []
    monkeypatch.setattr(netmap.ui.server, "warm_up", lambda: ran.append(1))
    for off in ("0", "off", "No", "false"):
        monkeypatch.setenv(netmap.ui.server.WARM_UP, off)
        assert netmap.ui.server.start_warm_up() is None
    monkeypatch.setenv(netmap.ui.server.WARM_UP, "1")
    netmap.ui.server.start_warm_up().join(10)
    assert netmap.ui.server.start_warm_up() is None  # once per process
    assert ran == [1]

