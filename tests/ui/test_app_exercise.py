"""The whole exercise in the app (issue 23): filters that follow the data, the survey route's
words and response rate, plain words on the default screen (AppTest, headless)."""
from __future__ import annotations

import pandas as pd
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT, SAMPLES
from tests.ui.tables import table

APP = str(ROOT / "app.py")
MILLBROOK = SAMPLES / "millbrook"


def start() -> AppTest:
    return AppTest.from_file(APP, default_timeout=180).run()


def assert_clean(at: AppTest) -> None:
    assert not at.exception
    assert not at.error, [e.value for e in at.error]


def metric(at: AppTest, label: str) -> str:
    values = [m.value for m in at.metric if m.label == label]
    assert values, [m.label for m in at.metric]
    return values[0]


def top_brokers(at: AppTest) -> list[str]:
    return list(table(at, "broker_rank", "name", "why")["name"].head(10))


def test_a_tie_type_filter_does_not_follow_into_other_data():
    """Issue 23, item 4: an upload with other tie types, then back to Millbrook: every tie counted
    and the same honest brokers as before (the upload's types had left 'supplies' out)."""
    ties = pd.read_csv(MILLBROOK / "ties.csv")
    at = start()
    assert_clean(at)
    before = top_brokers(at)
    assert metric(at, "Ties") == f"{len(ties):,}"
    # four of Millbrook's five tie types, as a file of someone's own would have
    kept = sorted(ties["type"].unique())[:4]
    other = ties[ties["type"].isin(kept)].head(60)
    at.sidebar.radio(key="mode").set_value("Upload my files").run()
    at.sidebar.file_uploader(key="ties_file").set_value(("mine.csv", other.to_csv(index=False).encode(),
                                                         "text/csv")).run()
    assert_clean(at)
    at.sidebar.radio(key="mode").set_value("Sample locality").run()
    assert_clean(at)
    assert metric(at, "Ties") == f"{len(ties):,}"
    assert top_brokers(at) == before


def test_a_chosen_filter_says_what_it_hides_above_the_views_and_in_the_briefing(downloads):
    """Issue 23, item 4: a tie-type filter the user chose is said in words, on every view (above
    the tabs) and in the briefing."""
    ties = pd.read_csv(MILLBROOK / "ties.csv")
    hidden = int((ties["type"] == "supplies").sum())
    at = start()
    at.sidebar.multiselect(key="types").unselect("supplies").run()
    assert_clean(at)
    said = f"{hidden} ties of type supplies are hidden by the choice of tie types in the sidebar"
    assert any(said in i.value for i in at.info), [i.value for i in at.info]
    assert metric(at, "Ties") == f"{len(ties) - hidden:,}"
    at.button(key="prepare_exports").click().run()
    assert said in downloads["export_briefing.html"].decode("utf-8")
