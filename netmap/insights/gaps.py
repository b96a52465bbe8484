"""Gaps between groups: pairs of groups with far fewer ties than random mixing would give."""
from __future__ import annotations

import numpy as np
import pandas as pd

from netmap.words import group_noun, plural

__all__ = ["group_gaps", "gap_ratio_matrix", "GAP_COLUMNS"]

GAP_COLUMNS = ["group_a", "group_b", "actors_a", "actors_b", "observed", "expected", "ratio", "why"]


def gap_ratio_matrix(mixing: pd.DataFrame, names: list[str]) -> np.ndarray:
    """k × k matrix of observed / expected ties between groups (both directions summed)."""
    k = len(names)
    index = {name: i for i, name in enumerate(names)}
    observed, expected = np.zeros((k, k)), np.zeros((k, k))
    for row in mixing.itertuples():
        i, j = index[row.group_a], index[row.group_b]
        observed[i, j] += row.observed
        expected[i, j] += row.expected
        if i != j:
            observed[j, i] += row.observed
            expected[j, i] += row.expected
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(expected > 0, observed / expected, np.nan)


def group_gaps(mixing: pd.DataFrame, group_label: str, directed: bool = False) -> pd.DataFrame:
    """Between-group pairs, weakest first, with observed and expected tie counts.

    On a directed network each row is one direction: ``group_a`` is where the ties start
    (from) and ``group_b`` where they end (to), and the ``why`` says so.

    ``ratio`` = observed / expected under random mixing (see :func:`netmap.metrics.groups.mixing`);
    below 1 the two groups meet less than chance would have them meet.
    """
    between = mixing[mixing["group_a"] != mixing["group_b"]].copy()
    # pairs of groups too small to expect even one tie cannot show a gap: they come last
    between["small_"] = between["expected"] < 1
    between = between.sort_values(["small_", "ratio", "expected"], ascending=[True, True, False], na_position="last")
    label = group_noun(group_label)  # "Sectors" reads "sector 'community'" in the sentence
    between["why"] = [_why(row, label, directed) for row in between.itertuples()]
    return between.reset_index(drop=True)[GAP_COLUMNS]


def _why(row, label: str, directed: bool = False) -> str:
    ties = plural(int(row.observed), "tie")
    if directed:
        text = (f"{ties} from {label} '{row.group_a}' ({plural(row.actors_a, 'actor')}) to '{row.group_b}' "
                f"({plural(row.actors_b, 'actor')}); random mixing would give {row.expected:.1f}")
    else:
        text = (f"{ties} between {label} '{row.group_a}' ({plural(row.actors_a, 'actor')}) and "
                f"'{row.group_b}' ({plural(row.actors_b, 'actor')}); random mixing would give {row.expected:.1f}")
    if row.ratio != row.ratio:
        return text
    if row.expected < 1:
        return text + " — too few ties expected to call it a gap"
    if row.ratio < 0.5:
        return text + f" — {row.ratio:.2f}×, a gap"
    if row.ratio < 1:
        return text + f" — {row.ratio:.2f}×, fewer than chance"
    return text + f" — {row.ratio:.2f}×, no gap"
