"""Waiting for the first map (issue 23, item 10), headless with AppTest: a second visitor gets
the sample's analysis, map and suggestions from the caches shared by sessions; only the open tab
is drawn, and the choices made in the other tabs are kept; a viewer without names never gets
what was cached for a session that sees names."""
from __future__ import annotations

import subprocess
import sys

import pytest
from streamlit.testing.v1 import AppTest

import netmap.analysis
import netmap.insights.actions
import netmap.render.network_map
import netmap.ui.data
import netmap.ui.views
from tests.conftest import ROOT
from tests.ui.tables import open_view, table
from tests.ui.team import PASSWORD
from tests.ui.test_app_roles import open_wave, team  # noqa: F401 - team is a fixture

APP = str(ROOT / "app.py")


def visit() -> AppTest:
    """A new person opening the app: a new session on the same server process."""
    at = AppTest.from_file(APP, default_timeout=240).run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    return at


@pytest.fixture
def calls(monkeypatch) -> dict[str, int]:
    """How often the analysis, the map's building and the suggested actions ran, counted where
    the app's pages call them."""
    counted = {}
    for module, name in ((netmap.analysis, "analyse"), (netmap.render.network_map, "build_map"),
                         (netmap.insights.actions, "suggested_actions")):
        original = getattr(module, name)
        counted[name] = 0

        def counting(*args, _name=name, _original=original, **kwargs):
            counted[_name] += 1
            return _original(*args, **kwargs)

        # views built the map and the actions before; the actions are now a method of the analysis,
        # which takes the function from its module when called
        for page in (netmap.ui.data, netmap.ui.views, netmap.insights.actions):
            if getattr(page, name, None) is original:
                monkeypatch.setattr(page, name, counting)
    return counted


def map_page(at: AppTest) -> str:
    frames = [e for e in at.main if getattr(e, "type", None) == "iframe"]
    assert len(frames) == 1  # the Map tab's, and no other tab drawn
    return frames[0].proto.srcdoc


def test_a_second_visitor_gets_the_sample_from_the_shared_caches(calls):
    first = visit()
    assert calls == {"analyse": 1, "build_map": 1, "suggested_actions": 1}
    second = visit()
    assert calls == {"analyse": 1, "build_map": 1, "suggested_actions": 1}  # nothing computed again
    assert map_page(second) == map_page(first)
    assert second.markdown[0].value == first.markdown[0].value  # "You are looking at Millbrook …"
    # another choice of colour is another map, built once and then shared too
    first.selectbox(key="colour_by").set_value("community").run()
    second.selectbox(key="colour_by").set_value("community").run()
    assert calls["build_map"] == 2 and map_page(second) == map_page(first)


def test_only_the_open_tab_is_drawn_and_the_others_keep_their_choices():
    at = visit()
    assert [t.label for t in at.tabs][:3] == ["Map", "Actors", "Honest brokers"]
    assert not at.dataframe  # no table of actors, brokers … until their tab is opened
    assert "what_if" not in [m.key for m in at.multiselect]
    open_view(at, "Resilience").multiselect(key="what_if").set_value(["ra-hollins"]).run()
    open_view(at, "Honest brokers").slider(key="weight_evenness").set_value(0.8).run()
    assert len(table(at, "why", "broker_score"))
    open_view(at, "Map").selectbox(key="colour_by").set_value("community").run()
    at.run()  # a second run without the other tabs: Streamlit would forget their widgets here
    assert at.selectbox(key="colour_by").value == "community"
    assert open_view(at, "Resilience").multiselect(key="what_if").value == ["ra-hollins"]
    assert any("21 actor(s) would be cut off" in t.value for t in at.text)
    assert open_view(at, "Honest brokers").slider(key="weight_evenness").value == 0.8
    assert open_view(at, "Map").selectbox(key="colour_by").value == "community"
    assert not at.exception


def sign_in(user: str) -> AppTest:
    at = visit()
    at.text_input(key="signin_user").set_value(user)
    at.text_input(key="signin_password").set_value(PASSWORD)
    next(b for b in at.button if b.label == "Sign in").click()
    return at.run()


def test_a_viewer_without_names_never_gets_a_cached_named_map(team, calls):  # noqa: F811 - the fixture
    _, network = team
    owner = open_wave(sign_in("ann"))  # sees names: the wave's analysis and map are cached with them
    named = map_page(owner)
    names = [n for n in network.actors["name"] if len(n) > 3]
    assert any(name in named for name in names)
    built = calls["build_map"]
    viewer = open_wave(sign_in("vic"))  # the same wave, coded for a viewer without names
    coded = map_page(viewer)
    assert not [name for name in names if name in coded]
    assert calls["build_map"] == built + 1  # built for the viewer from the coded wave, not taken from the cache
    actions = next(e for e in viewer.expander if e.label.startswith("What you could do next")).markdown[0].value
    assert not [name for name in names if name in actions]


#: The libraries the first map does not need, with what importing them cost the first visit.
NOT_FOR_THE_FIRST_MAP = ("scipy.stats",  # 0.5 s: rank correlations of a comparison and of resampling
                         "sklearn",  # 0.2 s: community agreement of a comparison
                         "IPython", "pyvis",  # 0.3 s: pyvis (for its copy of vis-network's file) loads IPython
                         "altair")  # 0.3 s: the charts of tabs not yet open


def test_the_first_map_leaves_unneeded_libraries_unimported():
    """A new server's first visit imports only what the first map needs (issue 23, item 10):
    the app's first run is as slow as its imports."""
    code = ("import sys\nfrom streamlit.testing.v1 import AppTest\n"
            f"at = AppTest.from_file({APP!r}, default_timeout=240).run()\n"
            "assert not at.exception and not at.error, at.exception\n"
            "assert any(getattr(e, 'type', None) == 'iframe' for e in at.main)  # the map was drawn\n"
            f"print([m for m in {NOT_FOR_THE_FIRST_MAP!r} if m in sys.modules])")
    result = subprocess.run([sys.executable, "-c", code], check=False, cwd=ROOT, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip().splitlines()[-1] == "[]"
