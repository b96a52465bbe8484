"""Plain words and numbers: the small helpers every sentence netmap writes is made with (a leaf:
it imports nothing of netmap)."""
from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = [
    "MISSING_TEXT",
    "Reason",
    "because",
    "group_name",
    "group_noun",
    "group_plural",
    "in_brackets",
    "listing",
    "natural_key",
    "number",
    "percent_down",
    "percentile_rank",
    "plural",
    "readable",
    "share",
    "split_items",
    "with_group",
]

#: Cell texts that mean "no value" (R writes NA, spreadsheets often "n/a" or "-").
MISSING_TEXT = {"", "na", "n/a", "nan", "null", "none", "-", ".", "?", "#n/a"}


def share(value: float) -> str:
    """A share as a percentage a sentence can stand on: one decimal, but never "0.0%" for a
    share above 0 nor "100.0%" for one below 1.

    >>> share(0.0003), share(0.0), share(0.256), share(0.9996)
    ('under 0.1%', '0%', '25.6%', 'over 99.9%')
    """
    if value != value:
        return "unknown"
    if value <= 0:
        return "0%"
    if value < 0.0005:
        return "under 0.1%"
    if value >= 1:
        return "100%"
    if value > 0.9995:
        return "over 99.9%"
    return f"{value:.1%}"


def percentile_rank(values, higher_is_better: bool = True) -> np.ndarray:
    """Share of the other actors with a strictly worse value, in [0, 1]; NaN counts as worst.

    The lowest value gets 0 and the highest 1, ties share the lower rank, so a network
    where most actors have betweenness 0 gives them all 0.
    """
    values = np.asarray(values, dtype=float)
    n = len(values)
    if n <= 1:
        return np.zeros(n)
    oriented = values if higher_is_better else -values
    ranks = pd.Series(np.where(np.isnan(oriented), -np.inf, oriented)).rank(method="min").to_numpy()
    return (ranks - 1) / (n - 1)


def plural(count: float, word: str, plural_word: str | None = None, *, grouped: bool = False) -> str:
    """"1 tie", "2 ties"; ``grouped`` writes thousands with commas ("1,461 actors")."""
    count_text = (f"{count:,g}" if grouped else f"{count:g}") if isinstance(count, float) else (
        f"{count:,}" if grouped else str(count))
    return f"{count_text} {word if count == 1 else (plural_word or word + 's')}"


def listing(items: list[str], limit: int = 4) -> str:
    items = list(items)
    if len(items) > limit:
        return ", ".join(items[:limit]) + f" and {len(items) - limit} more"
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


def split_items(text) -> list[str]:
    """Items of an ``offers``/``needs`` cell: separated by ';', stripped, blanks dropped."""
    if text is None or (isinstance(text, float) and text != text):
        return []
    return [item.strip() for item in str(text).split(";") if item.strip()]


def percent_down(share: float) -> str:
    """A share as a whole percentage rounded down, so "100%" means all (0.996 → "99%")."""
    return f"{math.floor(share * 100 + 1e-9):d}%"


def number(value: float, digits: int = 2) -> str:
    """A number with ``digits`` decimals, never "-0.00" (a tiny negative rounds to 0)."""
    text = f"{value:.{digits}f}"
    return text[1:] if text.startswith("-") and float(text) == 0 else text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except (TypeError, ValueError):
        return False
    return True


def readable(column: str) -> str:
    """A column name as words in a sentence: ``office_name`` reads "office name".

    >>> readable("office_name"), readable("sector")
    ('office name', 'sector')
    """
    return " ".join(str(column).replace("_", " ").split())


#: Endings a singular noun has that look like a plural's "s" (status, address, analysis, series).
_SINGULAR_S = ("ss", "us", "is", "series", "species")


def group_noun(column: str) -> str:
    """A group column's name as one group in the middle of a sentence ("4 actors from 3
    sectors", "a cross-sector group"): words, lower case unless written in capitals, singular.

    A header typed as a title or a plural (``Sector``, ``Groups``, ``Wards``) would otherwise
    put a capital or a plural mid-sentence: "from 3 or more Groups", "1 other Groups".

    >>> group_noun("Sector"), group_noun("Groups"), group_noun("office_name"), group_noun("NHS trust")
    ('sector', 'group', 'office name', 'NHS trust')
    >>> group_noun("Communities"), group_noun("status"), group_noun("community")
    ('community', 'status', 'community')
    """
    words = [w.lower() if w[:1].isupper() and w[1:] == w[1:].lower() else w for w in readable(column).split()]
    if not words:
        return ""
    last = words[-1]
    if last.endswith(_SINGULAR_S):
        pass
    elif last.endswith("ies") and len(last) > 4:
        last = last[:-3] + "y"
    elif last.endswith("s") and len(last) > 3:
        last = last[:-1]
    return " ".join([*words[:-1], last])


def group_plural(label: str) -> str:
    """A group's name, as :func:`group_noun` gives it, for many of them: "sector" → "sectors",
    "community" → "communities", "day" → "days".

    >>> group_plural("sector"), group_plural("community"), group_plural("day"), group_plural(group_noun("Wards"))
    ('sectors', 'communities', 'days', 'wards')
    """
    if label.endswith("y") and not label.endswith(("ay", "ey", "oy")):
        return label[:-1] + "ies"
    return label if label.endswith("s") else label + "s"


def group_name(label: str, value) -> str:
    """How a group reads in a sentence: a group coded as a number is named with its column
    ("Group 1", "grade 7"); a named group ("Boston") stands alone."""
    text = str(value)
    return f"{label} {text}" if _is_number(text) else text


def in_brackets(name: str, note: str) -> str:
    """``name`` with ``note`` in brackets, one pair however the name is written: a name that
    already ends in brackets (a role, a place) takes the note inside them.

    >>> in_brackets("Millbrook Food Bank", "voluntary"), in_brackets("Ken Walsh (retired joiner)", "ken-walsh")
    ('Millbrook Food Bank (voluntary)', 'Ken Walsh (retired joiner; ken-walsh)')
    """
    name = str(name)
    if name.endswith(")") and "(" in name:
        return f"{name[:-1]}; {note})"
    return f"{name} ({note})"


def with_group(name: str, group, column: str) -> str:
    """An actor's name and its group, as a card or a page names it: "Millbrook Food Bank
    (voluntary)", "Ken Walsh (retired joiner; community)", "Asha (ward 3)"; just the name when
    the group is missing, or when the name's own brackets already say it (a "community
    connector" in the community group).

    >>> with_group("Amina Patel (community connector)", "community", "sector")
    'Amina Patel (community connector)'
    >>> with_group("Jo Baxter (Hollins Park resident)", "community", "sector")
    'Jo Baxter (Hollins Park resident; community)'
    >>> with_group("Asha", 3, "Wards"), with_group("Asha", None, "ward")
    ('Asha (ward 3)', 'Asha')
    """
    name = str(name)
    if group is None or group != group or not str(group).strip():
        return name
    said = group_name(group_noun(column), group)
    own = name[name.rfind("(") + 1:-1] if name.endswith(")") and "(" in name else ""
    if re.search(rf"(?<!\w){re.escape(said)}(?!\w)", own, flags=re.IGNORECASE):
        return name
    return in_brackets(name, said)


def natural_key(value) -> tuple:
    """Sort key that orders numbers by value and text by letters: 7, 8, 9, 10 — not 10, 7, 8, 9."""
    text = str(value)
    parts = re.split(r"(\d+(?:\.\d+)?)", text)
    return tuple((0, float(p), "") if i % 2 else (1, 0.0, p) for i, p in enumerate(parts) if p)


@dataclass(frozen=True)
class Reason:
    """One clause of a "why" sentence, as a person reads it (``plain``) and as an analyst does
    (``technical``, with the number and its name: "evenness 0.94"); without ``technical`` the two
    are the same words. An empty ``plain`` says the clause is for the analyst only."""

    plain: str
    technical: str | None = None


def because(reasons: Iterable[Reason | str]) -> tuple[str, str]:
    """The clauses joined with "; ", as ``(plain sentence, technical sentence)``: the one source
    of both, so the plain words never come from taking the numbers out again.

    >>> because(["links 3 of 4 sectors", Reason("ties spread evenly", "ties spread evenly (evenness 0.94)")])
    ('links 3 of 4 sectors; ties spread evenly', 'links 3 of 4 sectors; ties spread evenly (evenness 0.94)')
    """
    clauses = [r if isinstance(r, Reason) else Reason(r) for r in reasons]
    return ("; ".join(r.plain for r in clauses if r.plain),
            "; ".join(r.plain if r.technical is None else r.technical for r in clauses))
