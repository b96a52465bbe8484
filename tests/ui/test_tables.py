"""Tables as people read them: rounding to significant figures, plain headers with the technical name in the help."""
import numpy as np
import pandas as pd

from netmap.ui.tables import MISSING, readable, significant


def test_significant_figures_keep_small_and_large_numbers_readable():
    values = pd.Series([0.034074707727402335, 3.7149556309068608, 12345.678, 0.0, np.nan, -0.00012345])
    rounded = significant(values)
    assert rounded.tolist()[:4] == [0.0341, 3.71, 12300.0, 0.0]
    assert np.isnan(rounded[4]) and rounded[5] == -0.000123


def test_readable_headers_and_help():
    shown, config = readable(pd.DataFrame({"name": ["a"], "betweenness": [0.123456], "ward": ["x"]}))
    assert list(shown.columns) == ["Name", "On many paths between others", "ward"]
    assert shown.iloc[0, 1] == 0.123
    assert "Technical name: betweenness." in config["On many paths between others"]["help"]
    assert "ward" not in config  # the user's own column: nothing to explain


def test_the_views_show_no_raw_header_nor_none_in_a_cell():
    """Seen on the screenshots (issue 23): "None" in the Actors table's honest-broker score, the
    ids beside the names of who would be cut off, the raw headers "increase" (new brokers) and
    "actors" (communities). Empty cells show a dash; headers are plain words."""
    from streamlit.testing.v1 import AppTest

    from tests.conftest import ROOT
    from tests.ui.tables import open_view, text_tables

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=240).run()
    headers = {}
    for view in ("Actors", "Resilience", "Communities"):
        open_view(at, view)
        assert not at.exception
        for element in at.dataframe:
            assert element.proto.placeholder == MISSING, view
        shown = text_tables(at)  # the tables of sentences (the members of each community)
        for frame in shown:
            assert not frame.isna().any().any(), view
            assert not frame.astype(str).isin(["None", "nan", "<NA>"]).any().any(), view
        headers[view] = [list(e.value.columns) for e in at.dataframe] + [list(f.columns) for f in shown]
    # the first table of each view is the one on show (the others are folded under "All the numbers")
    assert headers["Actors"][0][:3] == ["Name", "sector", "Number of ties"]
    resilience = headers["Resilience"]
    assert ["Name"] in resilience  # who would be cut off: names, the ids under "All the numbers"
    assert ["Name", "More on paths between others"] in resilience
    assert not any(c in ("increase", "actors") for table in resilience + headers["Communities"] for c in table)
    assert any("Actors" in table for table in headers["Communities"])
