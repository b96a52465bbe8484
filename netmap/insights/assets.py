"""Under-used assets: resources held by actors at the margin of the network."""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import InputError
from .text import listing, percentile_rank, plural, split_items

__all__ = ["under_used_assets", "ASSET_COLUMNS"]

ASSET_COLUMNS = [
    "id", "name", "hidden_wealth_score", "resources", "resource_score", "marginality", "degree", "core_number",
    "harmonic", "harmonic_pct", "offers", "why",
]


def under_used_assets(metrics: pd.DataFrame, capacity_column: str | None = None) -> pd.DataFrame:
    """Score every actor's resources by how marginal its position is.

    * ``resources`` — the number of items in ``offers`` (``;``-separated), or the value of a
      numeric ``capacity_column`` the user names (blank = 0);
    * ``resource_score`` — resources / the largest resources in the network, in [0, 1];
    * ``marginality`` — the mean of three signs of sitting at the edge, in [0, 1]:
      1 − percentile of harmonic closeness (how hard the actor is to reach), 1 − percentile of
      degree, and whether it is in the outer shell (k-core number ≤ 1; isolates included);
      an isolate scores 1;
    * ``hidden_wealth_score`` = resource_score × marginality.

    Actors without resources are left out of the table (score 0 in ``actors.csv``).
    """
    n = len(metrics)
    if capacity_column is not None:
        if capacity_column not in metrics.columns:
            raise InputError(f"capacity column '{capacity_column}' is not an actor attribute")
        resources = pd.to_numeric(metrics[capacity_column], errors="coerce").fillna(0).clip(lower=0).to_numpy()
        offered = [[] for _ in range(n)]
    else:
        offered = [split_items(v) for v in metrics["offers"]] if "offers" in metrics.columns else [[]] * n
        resources = np.array([len(items) for items in offered], dtype=float)
    top = resources.max() if n else 0
    resource_score = resources / top if top > 0 else np.zeros(n)
    degree = metrics["degree"].to_numpy(dtype=float)
    core = metrics["core_number"].to_numpy()
    harmonic_pct = percentile_rank(metrics["harmonic"])
    outer = core <= 1
    marginality = ((1 - harmonic_pct) + (1 - percentile_rank(degree)) + outer) / 3
    score = resource_score * marginality
    table = pd.DataFrame({
        "id": metrics["id"], "name": metrics["name"], "hidden_wealth_score": score, "resources": resources,
        "resource_score": resource_score, "marginality": marginality, "degree": metrics["degree"],
        "core_number": core, "harmonic": metrics["harmonic"], "harmonic_pct": harmonic_pct,
        "offers": ["; ".join(items) for items in offered],
    })
    table["why"] = [_why(row, items, capacity_column) for row, items in zip(table.itertuples(), offered)]
    table = table[table["resources"] > 0].sort_values(["hidden_wealth_score", "id"], ascending=[False, True])
    return table.reset_index(drop=True)[ASSET_COLUMNS]


def _why(row, items: list[str], capacity_column: str | None) -> str:
    if capacity_column:
        parts = [f"has {capacity_column} {row.resources:g}"]
    else:
        parts = [f"offers {listing(items, 3)}"]
    if row.degree == 0:
        parts.append("no ties at all")
    else:
        parts.append(plural(int(row.degree), "tie"))
        if row.core_number <= 1:
            parts.append("outer shell (core 1)")
        parts.append(f"harder to reach than {1 - row.harmonic_pct:.0%} of actors" if row.harmonic_pct < 0.5
                     else f"easier to reach than {row.harmonic_pct:.0%} of actors")
    return "; ".join(parts)
