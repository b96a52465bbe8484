"""Communities described by their members, in words a partnership meeting reads.

A detected community is a number ("community 3") to the algorithm and means nothing to a
reader. :func:`describe_communities` names each one after its best-connected member and
says which group dominates it: "Around Millbrook Community Hub: 24 actors, mostly voluntary".
"""
from __future__ import annotations

from collections import Counter

import pandas as pd

from netmap.words import group_plural

__all__ = ["describe_communities", "shown_names", "COMMUNITY_COLUMNS"]

#: Columns of :func:`describe_communities`, in order.
COMMUNITY_COLUMNS = ["community", "label", "description", "size", "main_group", "main_group_share",
                     "best_connected", "central_id"]
#: A group "dominates" a community when it holds more than this share of its members.
DOMINANT_SHARE = 0.5


def shown_names(result, pseudonymiser=None) -> dict[str, str]:
    """What a reader sees for each actor id: its name, or its code when pseudonymised.

    A name several actors share is followed by the id ("Jo Smith (r017)"), so a suggestion
    never leaves the reader guessing which one is meant.

    Parameters
    ----------
    result : netmap.analysis.Analysis
        The analysis.
    pseudonymiser : netmap.privacy.Pseudonymiser, optional
        When given, every actor is shown by its code, never by its name or id.

    Returns
    -------
    dict
        ``{actor id: words to show}``.
    """
    ids = [str(i) for i in result.actors["id"]]
    if pseudonymiser is not None:
        return {i: pseudonymiser.codes[i] for i in ids}
    names = [("" if n is None or n != n else str(n)).strip() or i
             for i, n in zip(ids, result.actors["name"], strict=True)]
    shared = {n for n, count in Counter(names).items() if count > 1}
    return {i: f"{n} ({i})" if n in shared and n != i else n for i, n in zip(ids, names, strict=True)}


def _group_value(value, pseudonymiser) -> str | None:
    """A group value as a reader sees it; None when it is missing. Group values may be names
    (a ward named after a person), so a pseudonymised briefing replaces names inside them."""
    if value is None or value != value or not str(value).strip():
        return None
    text = str(value)
    return pseudonymiser.replace_text(text) if pseudonymiser is not None else text


def _by_connection(members: pd.DataFrame) -> pd.DataFrame:
    """Members, best connected first: most ties, then most paths between others; ties broken
    by name and id so the order is the same on every run."""
    order = members.assign(_name=members["name"].astype(str), _id=members["id"].astype(str))
    order = order.sort_values(["degree", "betweenness", "_name", "_id"], ascending=[False, False, True, True],
                              kind="mergesort")
    return order.drop(columns=["_name", "_id"])


def _main_group(members: pd.DataFrame, column: str | None, pseudonymiser) -> tuple[str | None, float]:
    """The most common group among ``members`` and its share (ties broken by group name)."""
    if column is None or column not in members.columns:
        return None, float("nan")
    values = [_group_value(v, pseudonymiser) for v in members[column]]
    counts = pd.Series([v for v in values if v is not None], dtype=object).value_counts()
    if counts.empty:
        return None, 0.0
    best = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0]
    return best[0], best[1] / len(members)


def _sentence(label: str, size: int, group: str | None, share: float, plural_label: str | None) -> str:
    """"Around X: 24 actors, mostly voluntary (71%)" and its variants."""
    head = f"{label}: {size} actor{'s' if size != 1 else ''}"
    if plural_label is None or group is None or size == 1:
        return head
    if share >= 1:
        return f"{head}, all {group}"
    if share > DOMINANT_SHARE:
        return f"{head}, mostly {group} ({share:.0%})"
    return f"{head} from several {plural_label} (largest: {group}, {share:.0%})"


def describe_communities(result, top: int = 3, pseudonymiser=None) -> pd.DataFrame:
    """One row per detected community, named after its best-connected member.

    Parameters
    ----------
    result : netmap.analysis.Analysis
        The analysis (its ``community`` column and the group column chosen for it).
    top : int
        How many best-connected members to list.
    pseudonymiser : netmap.privacy.Pseudonymiser, optional
        Show actors by code (and names inside group values replaced) for a shared copy.

    Returns
    -------
    pandas.DataFrame
        Columns ``community`` (the id, 0 = largest), ``label`` ("Around Millbrook Community
        Hub"; "X, on their own" for a single actor), ``description`` (the label with the size
        and the main group, a sentence), ``size``, ``main_group`` and ``main_group_share``
        (blank when the groups *are* the communities), ``best_connected`` (up to ``top``
        names, "; "-separated) and ``central_id`` (the id — or code — of the member the
        community is named after). Sorted by community id.

    Notes
    -----
    The best-connected member has the most ties (degree); ties are broken by betweenness,
    then by name and id, so the labels are stable between runs. A group is called dominant
    ("mostly voluntary") when it holds more than half of the members; otherwise the sentence
    says the community mixes several groups and names the largest.

    Examples
    --------
    On a star (hub h tied to a, b, c) the one community is "Around h: 4 actors".
    """
    if top < 1:
        raise ValueError("top must be 1 or more")
    actors = result.actors
    if actors.empty:
        return pd.DataFrame(columns=COMMUNITY_COLUMNS)
    shown = shown_names(result, pseudonymiser)
    column = result.group_column if result.group_column != "community" else None
    plural_label = group_plural(column) if column else None
    rows = []
    for community, members in actors.groupby("community", sort=True):
        ordered = _by_connection(members)
        ids = [str(i) for i in ordered["id"]]
        lead = shown[ids[0]]
        size = len(ids)
        label = f"{lead}, on their own" if size == 1 else f"Around {lead}"
        group, share = _main_group(members, column, pseudonymiser)
        rows.append({
            "community": int(community), "label": label,
            "description": _sentence(label, size, group, share, plural_label), "size": size,
            "main_group": group, "main_group_share": share,
            "best_connected": "; ".join(shown[i] for i in ids[:top]),
            "central_id": pseudonymiser.codes[ids[0]] if pseudonymiser is not None else ids[0],
        })
    return pd.DataFrame(rows, columns=COMMUNITY_COLUMNS)

