"""Circles of trust: small groups of actors from different sectors who are all strongly tied
to each other — where a joint venture can start, or a social issue be talked through.

Definition (docs/analysis.md, "Circles of trust"):

* a tie is **strong** when its strength is at least the median strength of the ties
  (:func:`strong_threshold`); when every tie has the same strength, every tie is strong. On a
  directed network a pair counts when either actor names the other strongly;
* a **circle** is a maximal clique of the strong-tie network — every member strongly tied to
  every other (Luce & Perry 1949) — of at least :data:`MIN_SIZE` actors whose members come from
  at least :data:`MIN_GROUPS` different groups;
* circles that share more than half their members with a larger one (or an equal one with
  stronger ties) are the same circle seen twice: only the first is listed.

Cliques are found with igraph's ``maximal_cliques`` (Eppstein, Löffler & Strash 2010); the
tests check them against networkx's ``find_cliques``. The search is bounded: on a strong-tie
network with more than :data:`MAX_ACTORS` actors it is skipped and a note says so.

References
----------
Luce, R. D. & Perry, A. D. (1949). A method of matrix analysis of group structure.
Psychometrika 14, 95-116. doi:10.1007/BF02289146
Eppstein, D., Löffler, M. & Strash, D. (2010). Listing all maximal cliques in sparse graphs in
near-optimal time. ISAAC 2010, LNCS 6506, 403-414. doi:10.1007/978-3-642-17517-6_36
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from netmap.metrics.engine import Indexed
from netmap.words import group_noun, group_plural, listing, plural

__all__ = [
    "CIRCLE_COLUMNS",
    "MAX_ACTORS",
    "MIN_GROUPS",
    "MIN_SIZE",
    "Circles",
    "circles_of_trust",
    "strong_threshold",
]

#: The smallest circle: three actors, each strongly tied to the other two.
MIN_SIZE = 3
#: A circle joins at least this many groups (sectors): otherwise it is a clique within a sector.
MIN_GROUPS = 3
#: Above this many actors with strong ties the clique search is skipped (its cost can grow fast).
MAX_ACTORS = 50_000
#: At most this many circles are listed.
MAX_CIRCLES = 50

CIRCLE_COLUMNS = ["circle", "size", "groups_joined", "members", "groups", "mean_strength", "shared_spaces", "why"]


@dataclass(frozen=True)
class Circles:
    """The circles table (:data:`CIRCLE_COLUMNS`, strongest first), the strength from which a tie
    counts as strong, a sentence saying what was found (also when nothing was), and each circle's
    member ids in the table's order (names need not be unique; the footprint looks actors up)."""

    table: pd.DataFrame
    threshold: float
    note: str
    member_ids: tuple[tuple[str, ...], ...] = ()


def strong_threshold(weights: np.ndarray) -> float:
    """The strength from which a tie is strong: the median of the ties' strengths."""
    return float(np.median(weights)) if len(weights) else 1.0


def circles_of_trust(ix: Indexed, names: np.ndarray, codes: np.ndarray, group_names: list[str],
                     group_label: str, affiliations: pd.DataFrame | None = None,
                     spaces: pd.DataFrame | None = None) -> Circles:
    """Find the circles of trust (definition in the module docstring).

    Parameters
    ----------
    ix
        The indexed network (strengths in ``ix.weights``).
    names
        Each actor's name, in ``ix.nodes`` order.
    codes, group_names, group_label
        Each actor's group code, the group names and what the groups are (``sector``).
    affiliations, spaces
        The second mode, when there is one: the spaces two or more members share are named.

    Returns
    -------
    Circles
    """
    threshold = strong_threshold(ix.weights)
    keep = ix.weights >= threshold
    label = group_noun(group_label)  # "Groups" reads "group" mid-sentence
    labels = group_plural(label)
    empty = pd.DataFrame({c: pd.Series(dtype=object) for c in CIRCLE_COLUMNS})
    if len(set(codes.tolist())) < MIN_GROUPS:
        return Circles(empty, threshold, f"no circles of trust: a circle joins at least {MIN_GROUPS} "
                                         f"{labels} and the actors are in {len(set(codes.tolist()))}")
    strong = ix.igraph.subgraph_edges(np.flatnonzero(keep).tolist(), delete_vertices=False)
    strong = strong.as_undirected(mode="collapse") if strong.is_directed() else strong.simplify()
    active = sum(1 for d in strong.degree() if d > 0)
    if active > MAX_ACTORS:
        return Circles(empty, threshold, f"circles of trust not searched: {active:,} actors have strong ties, "
                                         f"more than {MAX_ACTORS:,}")
    found = []
    for clique in strong.maximal_cliques(min=MIN_SIZE):
        members = np.array(sorted(clique))
        joined = len(set(codes[members].tolist()))
        if joined >= MIN_GROUPS:
            found.append((members, joined, _mean_strength(ix, members, keep)))
    found.sort(key=lambda f: (-len(f[0]), -f[1], -f[2], [str(ix.nodes[i]) for i in f[0]]))
    chosen: list[tuple[np.ndarray, int, float]] = []
    for members, joined, strength in found:
        if all(len(np.intersect1d(members, other)) * 2 <= len(members) for other, _, _ in chosen):
            chosen.append((members, joined, strength))
        if len(chosen) == MAX_CIRCLES:
            break
    rows = [_row(number, members, joined, strength, ix, names, codes, group_names, label, affiliations, spaces)
            for number, (members, joined, strength) in enumerate(chosen, start=1)]
    table = pd.DataFrame(rows, columns=CIRCLE_COLUMNS) if rows else empty
    member_ids = tuple(tuple(str(ix.nodes[i]) for i in members) for members, _, _ in chosen)
    same = len(ix.weights) == 0 or ix.weights.min() == ix.weights.max()
    strong_words = ("every tie counts as strong: all have the same strength" if same
                    else f"ties of strength {threshold:g} or more count as strong")
    if rows:
        note = (f"{plural(len(rows), 'circle')} of trust: {plural(len(rows), 'group', 'groups')} of at least "
                f"{MIN_SIZE} actors from {MIN_GROUPS} or more {labels}, each strongly tied to every other "
                f"({strong_words})")
    else:
        note = (f"no circles of trust: no {MIN_SIZE} actors from {MIN_GROUPS} different {labels} are all strongly "
                f"tied to each other ({strong_words})")
    return Circles(table, threshold, note, member_ids)


def _mean_strength(ix: Indexed, members: np.ndarray, keep: np.ndarray) -> float:
    inside = np.isin(ix.sources, members) & np.isin(ix.targets, members) & keep
    return float(ix.weights[inside].mean()) if inside.any() else float("nan")


def _row(number, members, joined, strength, ix, names, codes, group_names, label, affiliations, spaces) -> dict:
    member_names = [str(names[i]) for i in members]
    groups = sorted({group_names[c] for c in codes[members]})
    shared = _shared_spaces([ix.nodes[i] for i in members], affiliations, spaces)
    why = (f"{plural(len(members), 'actor')} from {joined} {group_plural(label)} ({listing(groups, 5)}), each strongly tied "
           f"to every other (mean strength {strength:.1f}): a small cross-{label} group that already trusts each "
           "other, a place to start a joint venture or talk an issue through")
    if shared:
        # how many of them meet at each space: "they meet at" would claim every member does
        why += "; already meeting: " + listing([f"{'all' if users == len(members) else f'{users} of the'} "
                                                 f"{len(members)} at {name}" for name, users in shared], 3)
    return {"circle": number, "size": len(members), "groups_joined": joined, "members": "; ".join(member_names),
            "groups": "; ".join(groups), "mean_strength": strength,
            "shared_spaces": "; ".join(name for name, _ in shared), "why": why}


def _shared_spaces(members: list, affiliations: pd.DataFrame | None,
                   spaces: pd.DataFrame | None) -> list[tuple[str, int]]:
    """The spaces used by two or more of the members, most shared first, with how many use each."""
    if affiliations is None or not len(affiliations):
        return []
    used = affiliations[affiliations["actor"].isin(members)]
    counts = used.groupby("space")["actor"].nunique()
    counts = counts[counts >= 2].sort_values(ascending=False, kind="stable")
    named = dict(zip(spaces["id"], spaces["name"])) if spaces is not None and len(spaces) else {}
    return [(str(named.get(space, space)), int(users)) for space, users in counts.items()]
