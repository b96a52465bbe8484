"""Tables as people read them: rounding to significant figures, plain headers with the technical name in the help."""
import numpy as np
import pandas as pd

from netmap.ui.tables import readable, significant


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
