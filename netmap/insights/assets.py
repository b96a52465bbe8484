"""Under-used assets: resources held by actors at the margin of the network."""
from __future__ import annotations

import numpy as np
import pandas as pd

from netmap.errors import InputError
from netmap.glossary import PLAIN_WHY
from netmap.words import MISSING_TEXT, Reason, because, listing, percentile_rank, plural, split_items

__all__ = ["under_used_assets", "hidden_wealth_components", "is_under_used", "MIN_MARGINALITY", "ASSET_COLUMNS", "MISSING_TEXT", "capacity_values", "numeric_columns",
           "resources_note"]

ASSET_COLUMNS = [
    "id", "name", "hidden_wealth_score", "resources", "resource_score", "marginality", "degree", "core_number",
    "harmonic", "harmonic_pct", "offers", "why", PLAIN_WHY,
]


def hidden_wealth_components(resources: np.ndarray, degree: np.ndarray, core: np.ndarray,
                              harmonic_pct: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The hidden-wealth score and its two parts, for every actor (the one definition, used by
    :func:`under_used_assets` and by the resampled rankings of :mod:`netmap.insights.confidence`).

    ``resource_score`` = resources / max(resources); ``marginality`` = ((1 − harmonic_pct) +
    (1 − degree percentile) + [core ≤ 1]) / 3; ``score`` = resource_score × marginality.
    """
    top = resources.max() if len(resources) else 0
    resource_score = resources / top if top > 0 else np.zeros(len(resources))
    marginality = ((1 - harmonic_pct) + (1 - percentile_rank(degree)) + (core <= 1)) / 3
    return resource_score * marginality, resource_score, marginality


def is_under_used(resources: np.ndarray, marginality: np.ndarray) -> np.ndarray:
    """Which actors the hidden-wealth table lists: some resources, and at the edge enough
    (marginality at least :data:`MIN_MARGINALITY`) for them to be under-used."""
    return (resources > 0) & (marginality >= MIN_MARGINALITY)


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

    Actors without resources, and actors too central for their resources to be under-used
    (marginality under :data:`MIN_MARGINALITY`), are left out of the table (score 0 in
    ``actors.csv``).
    """
    n = len(metrics)
    if capacity_column is not None:
        if capacity_column not in metrics.columns:
            raise InputError(f"capacity column '{capacity_column}' is not an actor attribute")
        resources = np.nan_to_num(capacity_values(metrics, capacity_column), nan=0.0).clip(min=0)
        offered = [[] for _ in range(n)]
    else:
        offered = [split_items(v) for v in metrics["offers"]] if "offers" in metrics.columns else [[]] * n
        resources = np.array([len(items) for items in offered], dtype=float)
    degree = metrics["degree"].to_numpy(dtype=float)
    core = metrics["core_number"].to_numpy()
    harmonic_pct = percentile_rank(metrics["harmonic"])
    score, resource_score, marginality = hidden_wealth_components(resources, degree, core, harmonic_pct)
    table = pd.DataFrame({
        "id": metrics["id"], "name": metrics["name"], "hidden_wealth_score": score, "resources": resources,
        "resource_score": resource_score, "marginality": marginality, "degree": metrics["degree"],
        "core_number": core, "harmonic": metrics["harmonic"], "harmonic_pct": harmonic_pct,
        "offers": ["; ".join(items) for items in offered],
    })
    # an asset is under-used only at the edge: a well-connected actor's resources already flow
    kept = is_under_used(table["resources"].to_numpy(), table["marginality"].to_numpy())
    table = table[kept]
    # sentences for the rows kept only (a register's 622,486 actors took 6 s of sentences for none)
    said = [_why(row, items, capacity_column)
            for row, items in zip(table.itertuples(), (offered[i] for i in np.flatnonzero(kept)))]
    table[PLAIN_WHY] = [words for words, _ in said]
    table["why"] = [technical for _, technical in said]
    table = table.sort_values(["hidden_wealth_score", "id"], ascending=[False, True])
    return table.reset_index(drop=True)[ASSET_COLUMNS]


def _is_missing(value) -> bool:
    return value is None or (isinstance(value, float) and value != value) or str(value).strip().lower() in MISSING_TEXT


def _as_number(value) -> float | None:
    try:
        number = float(str(value).strip().replace(",", "")) if isinstance(value, str) else float(value)
    except (TypeError, ValueError):
        return None
    return number if np.isfinite(number) else None


def capacity_values(actors: pd.DataFrame, column: str) -> np.ndarray:
    """The numbers of a capacity column; blank and NA-like cells (``NA``, ``n/a``, ``-`` …) are
    missing (NaN). Text that is not a number raises :class:`InputError` naming the column,
    an actor and what was found."""
    values = np.full(len(actors), np.nan)
    bad = []
    for i, (actor, value) in enumerate(zip(actors["id"], actors[column])):
        if _is_missing(value):
            continue
        number = _as_number(value)
        if number is None:
            bad.append((actor, str(value)))
        else:
            values[i] = number
    if bad:
        examples = listing(sorted({f"'{v}'" for _, v in bad})[:3], 3)
        raise InputError(f"--capacity '{column}' must be a column of numbers, but {plural(len(bad), 'actor')} "
                         f"have text in it (first: actor '{bad[0][0]}' has '{bad[0][1]}'; found {examples}); "
                         f"pick a numeric column, or leave --capacity out to count the items in 'offers'")
    return values


#: Marginality below which an actor is too central for its resources to count as under-used
#: (a third: on average, one of the three signs of sitting at the edge).
MIN_MARGINALITY = 1 / 3
#: Column names that hold codes or categories, never an amount of resources.
CODE_WORDS = {"sex", "gender", "dept", "department", "status", "office", "code", "type", "group", "grade", "class",
              "category", "level", "ward", "sector", "team", "practice", "school", "law_school", "year", "age", "id"}


def numeric_columns(actors: pd.DataFrame, exclude=()) -> list[str]:
    """Actor attributes usable as a capacity (an amount: seats, volunteers, budget): every
    non-missing value a number, at least one value; not a column in ``exclude`` (the groups
    in use), not one named as a code or category (``sex``, ``dept``, ``status`` …, or ending in
    ``_id``/``_code``), and not a handful of small whole numbers counted from 0 or 1 (1, 2, 3:
    the codes of a category, not amounts)."""
    found = []
    for column in actors.columns:
        name = str(column).strip().lower()
        if column in ("id", "name") or column in exclude or name in CODE_WORDS or name.endswith(("_id", "_code")):
            continue
        present = [v for v in actors[column] if not _is_missing(v)]
        numbers = [_as_number(v) for v in present]
        if not present or any(n is None for n in numbers):
            continue
        distinct = sorted(set(numbers))
        if len(distinct) <= 6 and all(n == int(n) for n in distinct) and distinct[0] in (0, 1) \
                and distinct == list(range(int(distinct[0]), int(distinct[0]) + len(distinct))):
            continue  # 0/1/2…: codes of a category
        found.append(column)
    return found


def resources_note(actors: pd.DataFrame, capacity_column: str | None, assets: pd.DataFrame) -> str:
    """One sentence saying which resource information hidden wealth used, or that there was none
    and how to add it (for the CLI, ``run.json``, the app and the briefing)."""
    holders = plural(len(assets), "actor")
    if capacity_column:
        return (f"hidden wealth: resources are the numbers in the column '{capacity_column}' ({holders} with a "
                f"value above 0; blank or NA counts as none)")
    if "offers" in actors.columns and len(assets):
        return f"hidden wealth: resources are the items listed in the 'offers' column ({holders} offer something)"
    numeric = numeric_columns(actors)
    pick = (f" or pick a numeric column with --capacity (here: {listing([repr(c) for c in numeric], 4)})" if numeric
            else " or add a numeric column (seats, budget, volunteers …) and pick it with --capacity")
    why = ("the 'offers' column is empty" if "offers" in actors.columns
           else "the actors file has no 'offers' column and no capacity column was chosen")
    return (f"hidden wealth: no under-used assets can be found because {why}; to use it, list what each actor "
            f"offers in an 'offers' column (items separated by ';'){pick}")


def _why(row, items: list[str], capacity_column: str | None) -> tuple[str, str]:
    """Why the actor's resources are hidden wealth, as (plain sentence, sentence with the core number)."""
    parts: list[Reason | str]
    if capacity_column:
        parts = [f"has {capacity_column} {row.resources:g}"]
    else:
        parts = [f"offers {listing(items, 3)}"]
    if row.degree == 0:
        parts.append("no ties at all")
    else:
        parts.append(plural(int(row.degree), "tie"))
        if row.core_number <= 1:
            parts.append(Reason("at the outer edge of the network", "outer shell (core 1)"))
        parts.append(f"harder to reach than {1 - row.harmonic_pct:.0%} of actors" if row.harmonic_pct < 0.5
                     else f"easier to reach than {row.harmonic_pct:.0%} of actors")
    return because(parts)
