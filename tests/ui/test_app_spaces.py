"""The Shared spaces view, run headless by Streamlit's AppTest."""
from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT, SAMPLES
from tests.ui.tables import open_view

APP = str(ROOT / "app.py")



def _spaces_map(at: AppTest) -> str:
    [frame] = [e for e in open_view(at, "Shared spaces").main if getattr(e, "type", None) == "iframe"
               and "<title>netmap: shared spaces</title>" in e.proto.srcdoc]
    return frame.proto.srcdoc


def _ties(at: AppTest) -> int:
    return int(next(m.value for m in open_view(at, "Summary").metric if m.label == "Ties").replace(",", ""))


def test_millbrook_views_and_meets_at():
    at = AppTest.from_file(APP, default_timeout=240).run()
    assert not at.exception and not at.error
    assert at.tabs[-1].label == "Shared spaces"
    assert _spaces_map(at).count('"shape": "square"') == 11
    at.radio(key="spaces_view").set_value("people").run()
    assert _spaces_map(at).count('"shape": "square"') == 0
    before = _ties(at)
    at.sidebar.checkbox(key="meets_at").check().run()
    assert not at.exception and not at.error
    assert _ties(at) > before  # "meets at" ties now count in every other analysis


def test_affiliations_alone_upload():
    at = AppTest.from_file(APP, default_timeout=240).run()
    at.sidebar.radio(key="mode").set_value("Upload my files").run()
    data = (SAMPLES / "davis" / "affiliations.csv").read_bytes()
    at.sidebar.file_uploader(key="affiliations_file").set_value(("affiliations.csv", data, "text/csv")).run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert at.tabs[-1].label == "Shared spaces"
    assert _spaces_map(at).count('"shape": "square"') == 14
    assert _ties(at) == 139  # who met whom at the events: networkx's projection of Davis has 139 edges
