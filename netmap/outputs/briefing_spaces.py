"""The briefing's *Shared spaces* section (netmap.outputs.briefing calls it when there are affiliations)."""
from __future__ import annotations

import pandas as pd

from netmap.insights.spaces import UNDER_USED_THRESHOLD, space_closure
from netmap.outputs.html import escape as _e
from netmap.outputs.html import table as _table
from netmap.words import plural

__all__ = ["shared_spaces_section", "METHOD"]

METHOD = ("Shared spaces: two-mode degree, closeness and betweenness as networkx's bipartite functions "
          "(Borgatti & Everett 1997); shared-space score = 0.25 × groups reached + 0.25 × evenness + 0.25 × pairs "
          "from different groups meeting there without a direct tie (share of the highest) + 0.25 × such pairs "
          "meeting nowhere else (share of the highest), 0 for a space used by one group; under-used score = a "
          "space with capacity or offers (something to host or lend) and few users, or users from one group only; a space is "
          "called under-used from 0.5.")


def _space_text(table: pd.DataFrame, pseudonymiser) -> pd.DataFrame:
    """Spaces as a shared copy shows them: a space may be named after an actor ("Northgate
    Library" the space, "Northgate Library" the organisation), so names inside a space's name
    and reason become codes too."""
    if pseudonymiser is None or table.empty:
        return table
    # as spaces.csv shows them: each space its code (unless its name is kept), the offers a
    # reason quotes withheld, digit-only names and ids replaced too
    return pseudonymiser.space_frame(table)


def shared_spaces_section(result, pseudonymiser=None, top: int = 10) -> str:
    """HTML: the spaces that bring groups together, the under-used ones with suggestions, and
    what closing the top space would cost. Empty without affiliations."""
    if result.spaces is None:
        return ""
    spaces = result.spaces.spaces
    shared = spaces[spaces["shared_space_score"] > 0].head(top)
    under = spaces[spaces["under_used_score"] >= UNDER_USED_THRESHOLD].sort_values(
        "under_used_score", ascending=False).head(top)
    suggestions = result.spaces.suggestions.head(top)
    if pseudonymiser is not None and len(suggestions):
        suggestions = pseudonymiser.frame(suggestions.rename(columns={"actor": "id", "actor_name": "name"}))
    labels = ["Space", "Users", "Groups reached", "Brings groups together (0–1)", "Why"]
    parts = ["<h2>Shared spaces</h2><p>Places, partnerships and events where people from different groups "
             f"({_e(result.group_column)}) meet: {plural(result.summary['spaces'], 'space', grouped=True)}, "
             f"{plural(result.summary['affiliations'], 'record', grouped=True)} of who uses them. "
             "“Brings groups together” runs from 0 "
             "(one group only) to 1 (the space that brings the most groups together, evenly).</p>"]
    parts.append(_table(_space_text(shared, pseudonymiser),
                        ["name", "users", "groups_reached", "shared_space_score", "why"], labels) if len(shared)
                 else "<p>No space is used by more than one group.</p>")
    parts.append("<h3>Under-used spaces</h3>" + (
        "<p>Spaces with rooms or capacity to offer but few users, or users from one group only. “Under-used” runs "
        "from 0 to 1; from 0.5 a space is listed here.</p>"
        + _table(_space_text(under, pseudonymiser), ["name", "under_used_score", "why"],
                 ["Space", "Under-used (0–1)", "Why"]) if len(under)
        else "<p>No space with rooms or capacity to offer is under-used.</p>"))
    if len(suggestions):
        parts.append("<h3>Who could use them</h3><p>Actors whose recorded needs an under-used space could "
                     "meet.</p>" + _table(suggestions, ["why"], ["Suggestion"]))
    if len(shared):
        closure = space_closure(result.spaces, shared["id"].iloc[0])
        names = dict(result.spaces.actor_names)
        if pseudonymiser is not None:
            names = {a: pseudonymiser.codes.get(str(a), a) for a in names}
        text = " ".join(closure.sentences(names))
        if pseudonymiser is not None:
            text = pseudonymiser.replace_text(text)
        parts.append("<h3>If it closed</h3><p>" + _e(text) + "</p>")
    return "".join(parts)
