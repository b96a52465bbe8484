"""Colours for groups (categorical) and metrics (sequential), readable by colour-blind people."""
from __future__ import annotations

import numpy as np

from ..insights.text import natural_key

__all__ = ["CATEGORICAL", "OTHER", "categorical", "sequential"]

#: Okabe & Ito (2008) colour-blind-safe palette, then Paul Tol's muted scheme.
CATEGORICAL = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#332288",
               "#88CCEE", "#44AA99", "#999933", "#AA4499", "#882255", "#117733"]
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
