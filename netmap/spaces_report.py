"""The briefing's *Shared spaces* section (netmap.report calls it when there are affiliations)."""
from __future__ import annotations

__all__ = ["shared_spaces_section", "METHOD"]

METHOD = ("Shared spaces: two-mode degree, closeness and betweenness as networkx's bipartite functions "
          "(Borgatti & Everett 1997); shared-space score = 0.25 × groups reached + 0.25 × evenness + 0.25 × pairs "
          "from different groups meeting there without a direct tie (share of the highest) + 0.25 × such pairs "
          "meeting nowhere else (share of the highest), 0 for a space used by one group; under-used = a space "
          "with capacity or offers and few users or users from one group. Definitions: docs/spaces.md.")


def shared_spaces_section(result, pseudonymiser=None, top: int = 10) -> str:
    """HTML: the spaces that bring groups together, the under-used ones with suggestions, and
    what closing the top space would cost. Empty without affiliations."""
    from .insights.spaces import UNDER_USED_THRESHOLD, space_closure
    from .report import _e, _table

    if result.spaces is None:
        return ""
    spaces = result.spaces.spaces
    shared = spaces[spaces["shared_space_score"] > 0].head(top)
    under = spaces[spaces["under_used_score"] >= UNDER_USED_THRESHOLD].sort_values(
        "under_used_score", ascending=False).head(top)
    suggestions = result.spaces.suggestions.head(top)
    if pseudonymiser is not None and len(suggestions):
        suggestions = pseudonymiser.frame(suggestions.rename(columns={"actor": "id", "actor_name": "name"}))
    parts = ["<h2>Shared spaces</h2><p>Places, partnerships and events where people from different groups "
             f"({_e(result.group_column)}) meet: {result.summary['spaces']} spaces, "
             f"{result.summary['affiliations']} records of who uses them.</p>"]
    parts.append(_table(shared, ["name", "users", "groups_reached", "shared_space_score", "why"],
                        ["space", "users", "groups", "score", "why"]) if len(shared)
                 else "<p>No space is used by more than one group.</p>")
    parts.append("<h3>Under-used spaces</h3>" + (
        _table(under, ["name", "under_used_score", "why"], ["space", "score", "why"]) if len(under)
        else "<p>No space with rooms or capacity to offer is under-used.</p>"))
    if len(suggestions):
        parts.append("<h3>Who could use them</h3>" + _table(suggestions, ["why"], ["suggestion"]))
    if len(shared):
        closure = space_closure(result.spaces, shared["id"].iloc[0])
        names = dict(result.spaces.actor_names)
        if pseudonymiser is not None:
            names = {a: pseudonymiser.codes.get(str(a), a) for a in names}
        parts.append("<h3>If it closed</h3><p>" + _e(" ".join(closure.sentences(names))) + "</p>")
    return "".join(parts)
