"""Colours for groups (categorical) and metrics (sequential), readable by colour-blind people."""
from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from netmap.words import natural_key

__all__ = ["CATEGORICAL", "OTHER", "BLANK", "categorical", "group_labels", "group_palette", "palette_scale",
           "sequential"]

#: The colours of Okabe & Ito (2008) and Paul Tol's muted scheme, in the order that keeps the
#: first groups furthest apart as Chromium renders them for normal vision, deuteranopia,
#: protanopia and tritanopia: the first 4 at least 98 apart (RGB distance), the first 8 at
#: least 44. Okabe & Ito's own order put blue and bluish green 29 apart under tritanopia from
#: the third group on. Yellow comes last: it barely shows on white.
CATEGORICAL = ["#0072B2", "#E69F00", "#882255", "#88CCEE", "#332288", "#D55E00", "#44AA99", "#999933",
               "#56B4E9", "#117733", "#AA4499", "#009E73", "#CC79A7", "#F0E442"]
OTHER = "#BBBBBB"
# viridis at five stops, interpolated linearly
_VIRIDIS = np.array([[68, 1, 84], [59, 82, 139], [33, 145, 140], [94, 201, 98], [253, 231, 37]], dtype=float)


def categorical(values: list[str]) -> dict[str, str]:
    """A colour per distinct value, most frequent first; beyond the palette, grey."""
    counts: dict[str, int] = {}
    for v in values:
        counts[v] = counts.get(v, 0) + 1
    ordered = sorted(counts, key=lambda v: (-counts[v], natural_key(v)))
    return {v: CATEGORICAL[i] if i < len(CATEGORICAL) else OTHER for i, v in enumerate(ordered)}


#: The label of an actor whose group is not given.
BLANK = "(blank)"


def group_labels(values: Iterable) -> list[str]:
    """Each value as the text a palette is keyed on: ``str(value)``, or ``"(blank)"`` when missing.

    Every view keys its colours on these same strings, so a group is the same colour in the
    map, the charts and the pictures.
    """
    return [str(v) if v is not None and v == v else BLANK for v in values]


def group_palette(actors, column: str) -> dict[str, str]:
    """One colour per group of ``column``, computed over *all* actors of the analysis.

    Parameters
    ----------
    actors
        The analysis (anything with an ``actors`` table) or the actors table itself.
    column
        The actor column that holds the groups (``"community"`` or an attribute such as ``"sector"``).

    Returns
    -------
    dict
        ``{group label: colour}`` (labels as :func:`group_labels` makes them), most frequent
        group first, grey beyond the palette.

    Notes
    -----
    Colouring only the actors shown (a focused neighbourhood, the best-connected few
    thousand) would reassign colours by the shown counts: the public sector orange on the
    whole map, pink around one actor (issue 14). Computing the palette once over every actor
    keeps one colour per group for the whole session.
    """
    table = actors if isinstance(actors, pd.DataFrame) else actors.actors
    if column not in table.columns:
        return {}
    return categorical(group_labels(table[column]))


def palette_scale(palette: dict[str, str]) -> tuple[list[str], list[str]]:
    """The palette as a chart scale's ``(domain, range)``, groups in natural order."""
    domain = sorted(palette, key=natural_key)
    return domain, [palette[v] for v in domain]


def sequential(values) -> list[str]:
    """Viridis colour for each value, scaled between the minimum and maximum; NaN is grey."""
    values = np.asarray(values, dtype=float)
    finite = values[np.isfinite(values)]
    lo, hi = (finite.min(), finite.max()) if len(finite) else (0.0, 1.0)
    span = hi - lo or 1.0
    out = []
    for v in values:
        if not np.isfinite(v):
            out.append(OTHER)
            continue
        t = (v - lo) / span * (len(_VIRIDIS) - 1)
        i = min(int(t), len(_VIRIDIS) - 2)
        rgb = _VIRIDIS[i] + (t - i) * (_VIRIDIS[i + 1] - _VIRIDIS[i])
        out.append("#%02x%02x%02x" % tuple(int(round(c)) for c in rgb))
    return out
