"""What non-response does to a map that came from a survey: the response rate, the ties both
people reported, and the caveats a briefing states."""
from __future__ import annotations

import pandas as pd

from netmap.words import plural

__all__ = ["SURVEY_COLUMNS", "caveats", "confirmed_only", "response_rate_of"]

#: The columns a survey adds to its actors: who answered, who is on the roster, who was asked.
#: They are bookkeeping, not groups to compare.
SURVEY_COLUMNS = ("responded", "on_roster", "asked")


def confirmed_only(ties: pd.DataFrame) -> pd.DataFrame:
    """Only the ties both people reported (``confirmed`` true); all ties when there is no such column."""
    if "confirmed" not in ties.columns:
        return ties
    keep = ties["confirmed"].map(lambda v: str(v).strip().lower() in ("true", "1", "yes"))
    return ties[keep].reset_index(drop=True)


def response_rate_of(actors: pd.DataFrame) -> float | None:
    """Share of actors with ``responded`` = 1: among the people asked (``asked`` = 1) when the
    survey says who was asked, else among roster members (``on_roster`` = 1) when there was a
    roster, else among all actors; None without the column.

    Examples
    --------
    >>> actors = pd.DataFrame({"responded": [1, 0, 0, 1], "on_roster": [1, 1, 1, 1], "asked": [1, 1, 0, 0]})
    >>> response_rate_of(actors), response_rate_of(actors.drop(columns="asked"))
    (0.5, 0.5)
    >>> response_rate_of(actors.assign(asked=[1, 0, 0, 1]))
    1.0
    """
    if "responded" not in actors.columns:
        return None
    values = pd.to_numeric(actors["responded"], errors="coerce")
    for among in ("asked", "on_roster"):
        if among in actors.columns:
            values = values[pd.to_numeric(actors[among], errors="coerce") == 1]
            break
    values = values.dropna()
    return float(values.mean()) if len(values) else None


def caveats(actors: pd.DataFrame, ties: pd.DataFrame) -> list[str]:
    """Plain-words caveats for a briefing when the network came from a survey (actors with
    ``responded``, ties with ``reported_by``/``confirmed``); empty otherwise."""
    if "responded" not in actors.columns or "reported_by" not in ties.columns:
        return []
    out = []
    rate = response_rate_of(actors)
    responded = int((pd.to_numeric(actors["responded"], errors="coerce") == 1).sum())
    if rate is not None:
        out.append(f"This map comes from a survey: {plural(responded, 'person', 'people')} answered, a response "
                   f"rate of {rate:.0%}{_among(actors)}. "
                   "People who did not answer appear only when someone else named them, so they may look less "
                   "connected than they are.")
    if "confirmed" in ties.columns and len(ties):
        confirmed = ties["confirmed"].map(lambda v: "true" in str(v).lower() or str(v).strip() == "1").sum()
        out.append(f"{int(confirmed)} of {len(ties)} ties were reported by both people; the rest by one of them.")
    return out


def _among(actors: pd.DataFrame) -> str:
    """" of the 108 people asked": whom the rate counts, when the survey said who was asked."""
    if "asked" not in actors.columns:
        return ""
    asked = int((pd.to_numeric(actors["asked"], errors="coerce") == 1).sum())
    return f" of the {plural(asked, 'person', 'people')} asked"
