"""What non-response does to a map that came from a survey: the response rate, the ties both
people reported, and the caveats a briefing states."""
from __future__ import annotations

import pandas as pd

__all__ = ["confirmed_only", "response_rate_of", "caveats"]


def confirmed_only(ties: pd.DataFrame) -> pd.DataFrame:
    """Only the ties both people reported (``confirmed`` true); all ties when there is no such column."""
    if "confirmed" not in ties.columns:
        return ties
    keep = ties["confirmed"].map(lambda v: str(v).strip().lower() in ("true", "1", "yes"))
    return ties[keep].reset_index(drop=True)


def response_rate_of(actors: pd.DataFrame) -> float | None:
    """Share of actors with ``responded`` = 1: among roster members (``on_roster`` = 1) when
    there was a roster, else among all actors; None without the column."""
    if "responded" not in actors.columns:
        return None
    values = pd.to_numeric(actors["responded"], errors="coerce")
    if "on_roster" in actors.columns:
        values = values[pd.to_numeric(actors["on_roster"], errors="coerce") == 1]
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
        out.append(f"This map comes from a survey: {responded} people answered, a response rate of {rate:.0%}. "
                   "People who did not answer appear only when someone else named them, so they may look less "
                   "connected than they are.")
    if "confirmed" in ties.columns and len(ties):
        confirmed = ties["confirmed"].map(lambda v: "true" in str(v).lower() or str(v).strip() == "1").sum()
        out.append(f"{int(confirmed)} of {len(ties)} ties were reported by both people; the rest by one of them.")
    return out
