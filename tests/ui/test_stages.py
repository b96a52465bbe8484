"""The app's staged cache and map-first flow (issue 15): options that do not affect a stage
keep its cached result; the first map and the progress bar never leave errors behind."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from netmap import analysis
from netmap.render import layout
from tests.conftest import ROOT

APP = str(ROOT / "app.py")



@pytest.fixture
def calls(monkeypatch):
    """Count the slow stages actually computed (cache hits do not call them)."""
    counts = {"metrics": 0, "layout": 0}
    metrics, positions = analysis.compute_metrics, layout.layout_positions

    def counted_metrics(*args, **kwargs):
        counts["metrics"] += 1
        return metrics(*args, **kwargs)

    def counted_layout(*args, **kwargs):
        counts["layout"] += 1
        return positions(*args, **kwargs)

    import netmap.ui.data as data

    monkeypatch.setattr(data, "compute_metrics", counted_metrics)
    monkeypatch.setattr(data, "layout_positions", counted_layout)
    return counts


def test_group_and_community_options_keep_the_metrics_and_the_layout(calls):
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert not at.exception and not at.error
    assert calls == {"metrics": 1, "layout": 1}
    at.sidebar.selectbox(key="group_by").set_value("ward").run()
    at.slider(key="resolution").set_value(1.5).run()
    assert not at.exception and not at.error
    assert calls == {"metrics": 1, "layout": 1}  # groups and resolution change neither
    at.sidebar.checkbox(key="weighted").check().run()
    assert calls == {"metrics": 2, "layout": 1}  # weights change the metrics, not the map's layout
    frames = [e for e in at.main if getattr(e, "type", None) == "iframe"]
    assert frames and not any("netmap: first look" in f.proto.srcdoc for f in frames)  # replaced by the full map
    assert not at.status  # the progress box is gone once the analysis is done


def test_a_larger_network_gets_the_map_first_then_the_full_views(tmp_path, monkeypatch):
    """Above QUICK_ACTORS the first map is drawn before the analysis; below, one step."""
    import networkx as nx

    from netmap.render import first_map
    from netmap.ui import main
    from tests.ui.test_app import upload

    drawn = []
    original = first_map.first_map
    monkeypatch.setattr(first_map, "first_map", lambda *a, **k: drawn.append(1) or original(*a, **k))
    graph = nx.relabel_nodes(nx.gnm_random_graph(main.QUICK_ACTORS + 100, 1500, seed=3), lambda v: f"a{v}")
    ties = "source,target\n" + "".join(f"{u},{v}\n" for u, v in graph.edges)
    at = upload(AppTest.from_file(APP, default_timeout=120).run(), ("ties.csv", ties.encode()))
    assert not at.exception and not at.error
    assert drawn == [1]  # the first map, once
    frames = [e for e in at.main if getattr(e, "type", None) == "iframe"]
    assert frames and not any("netmap: first look" in f.proto.srcdoc for f in frames)
    assert not at.status
    start = AppTest.from_file(APP, default_timeout=120).run()  # the 168-actor sample: no first map
    assert not start.exception and drawn == [1]
