"""One organisation's footprint: where it sits among the locality's stakeholders, the
introductions only it is placed to make, what it could give and receive, and the spaces it hosts
or uses — from an analysis already made, for one actor (docs/analysis.md, "Footprint").

* **Where it sits**: its contacts, the actors within two steps, the groups its contacts belong
  to and those they do not, who would be cut off from the rest of their part of the network
  if it left (the pieces its departure splits its component into, all but the largest), and
  the circles of trust it is in (:mod:`netmap.insights.circles`).
* **Its brokering** (*tertius iungens*, Obstfeld 2005): pairs of its contacts from different
  groups who are not tied to each other. Pairs with no other contact in common come first —
  only this actor is placed to introduce them — then pairs where one needs what the other
  offers, then pairs from groups that rarely meet (the gap ratio of their groups).
* **What it could give / receive**: the needs of actors within two steps that its offers meet,
  and the offers within two steps that meet its needs (the locality's need–offer matching,
  :func:`netmap.insights.matching.match_needs_to_offers`).
* **Spaces**: the spaces it hosts (``owner``) or uses, who meets there, and the pairs of groups
  that meet there and at no other space.
* **With an earlier wave**: contacts gained and lost, groups gained and lost, and the
  introductions its earlier footprint suggested that are ties now.

References
----------
Obstfeld, D. (2005). Social networks, the tertius iungens orientation, and involvement in
innovation. Administrative Science Quarterly 50(1), 100-130. doi:10.2189/asqu.2005.50.1.100
"""
from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd

from netmap.errors import InputError
from netmap.insights.actions import cut_off_members
from netmap.insights.matching import match_needs_to_offers
from netmap.words import group_name, group_noun, group_plural, listing, plural

__all__ = ["EXCHANGE_COLUMNS", "INTRODUCTION_COLUMNS", "MAX_CONTACTS", "SPACE_COLUMNS", "Footprint", "footprint"]

#: Above this many contacts only the best-connected are paired for introductions (the pairs grow
#: with the square of the contacts); the footprint says so.
MAX_CONTACTS = 300
#: Rows of each table kept.
TOP = 15
#: Introductions listed for any one contact.
PER_CONTACT = 3

INTRODUCTION_COLUMNS = ["id_a", "name_a", "group_a", "id_b", "name_b", "group_b", "only_through_it", "need_offer",
                        "why"]
EXCHANGE_COLUMNS = ["id", "name", "steps", "need", "offer", "why"]
SPACE_COLUMNS = ["space", "hosts_or_uses", "users", "groups", "meet_nowhere_else", "why"]


@dataclass(frozen=True)
class Footprint:
    """The footprint of one actor (see the module docstring). ``where`` holds the sentences on
    where it sits; the tables their rows; ``changes`` the sentences on what changed since an
    earlier wave (empty without one); ``numbers`` the counts behind the sentences."""

    actor: str
    name: str
    group: str
    group_label: str
    where: list[str]
    introductions: pd.DataFrame
    could_give: pd.DataFrame
    could_receive: pd.DataFrame
    spaces: pd.DataFrame
    changes: list[str] = field(default_factory=list)
    numbers: dict[str, Any] = field(default_factory=dict)


def footprint(result, actor: str, earlier=None) -> Footprint:
    """The footprint of ``actor`` in ``result`` (a :class:`netmap.analysis.Analysis`); with
    ``earlier`` (the analysis of an earlier wave), what changed.

    Raises
    ------
    InputError
        When ``actor`` is not an actor of the map (the message suggests ids that are close).
    """
    actors = result.actors.set_index("id", drop=False)
    actor = str(actor)
    if actor not in actors.index:
        close = [str(i) for i in actors.index if actor.lower() in str(i).lower() or
                 actor.lower() in str(actors.loc[i, "name"]).lower()][:5]
        raise InputError(f"--actor {actor!r} is not an actor of this map"
                         + (f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""))
    graph = result.network.graph.to_undirected(as_view=True) if result.network.directed else result.network.graph
    group_of = _groups(result)
    label = group_noun(result.group_column)  # "Sectors" reads "sector" mid-sentence
    names = actors["name"].astype(str).to_dict()
    contacts = sorted(graph[actor], key=str)
    two_steps = {v for c in contacts for v in graph[c]} | set(contacts)
    two_steps.discard(actor)
    own = group_of[actor]
    reached = sorted({group_of[c] for c in contacts} - {own}, key=str)
    others = sorted(set(result.group_names) - {own}, key=str)
    not_reached = [g for g in others if g not in reached]
    cut_off = cut_off_members(graph, actor)  # the briefing's convention: all but the largest piece
    numbers = {"contacts": len(contacts), "within_two_steps": len(two_steps), "actors": len(actors),
               "groups_reached": len(reached), "other_groups": len(others), "cut_off_if_it_left": len(cut_off)}
    words = group_plural(label)
    where = [(f"{names[actor]} is tied to {plural(len(contacts), 'actor')} and reaches "
             f"{plural(len(two_steps), 'actor')} within two steps, {_share(len(two_steps), len(actors) - 1)} of the "
             f"other actors on the map.")]
    if others:
        if len(reached) == len(others):  # "all 3 other sectors" reads better than "3 of the 3"
            among = f"the other {label}" if len(others) == 1 else f"all {len(others)} other {words}"
        else:
            among = f"{len(reached)} of the {plural(len(others), 'other ' + label, 'other ' + words)}"
        where.append(f"Its contacts are in {among}"
                     + (f" ({listing([group_name(label, g) for g in reached], 6)})" if reached else "")
                     + (f"; none is in {listing([group_name(label, g) for g in not_reached], 6)}." if not_reached
                        else "."))
    if cut_off:
        shown = listing([names[a] for a in sorted(cut_off, key=lambda a: names[a])], 5)
        where.append(f"If it left, {plural(len(cut_off), 'actor')} would be cut off from the rest of their part of "
                     f"the network ({shown}): they reach the others only through it.")
    else:
        where.append("If it left, nobody would be cut off: everyone it links can reach the others another way.")
    circles = _circles_of(result, actor, names, label)
    where += circles
    numbers["circles_of_trust"] = len(circles)
    # matched over the whole locality, as the introductions are: a word's weight is its rarity there
    matches = match_needs_to_offers(result.actors)
    introductions, capped = _introductions(result, graph, actor, contacts, group_of, names, label, matches)
    if capped:
        where.append(f"It has {len(contacts):,} contacts: the introductions below pair its {MAX_CONTACTS} "
                     "best-connected ones.")
    give, receive = _exchanges(graph, actor, names, matches)
    spaces = _spaces(result, actor, group_of, label)
    changes = _changes(result, earlier, actor, graph, group_of, names, label) if earlier is not None else []
    return Footprint(actor, names[actor], str(own), label, where, introductions, give, receive, spaces, changes,
                     numbers)


def _groups(result) -> dict[str, str]:
    """Each actor's group name (in the analysis's group codes, in ``ix.nodes`` order)."""
    return {str(a): str(result.group_names[c]) for a, c in zip(result.actors["id"], result.group_codes)}


def _circles_of(result, actor, names, label) -> list[str]:
    """A sentence for each circle of trust it is in (netmap.insights.circles)."""
    circles = getattr(result, "circles", None)
    if circles is None:
        return []
    out = []
    for row, members in zip(circles.table.itertuples(index=False), circles.member_ids):
        if actor in members:
            others = [names[m] for m in members if m != actor]
            out.append(f"It is in circle of trust {int(row.circle)} with {listing(others, 6)} — "
                       f"{plural(len(members), 'actor')} from {int(row.groups_joined)} {group_plural(label)}, each "
                       "strongly tied to every other: a group that already trusts each other, a place to start a "
                       "joint venture.")
    return out


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.0%}" if whole > 0 else "0%"


def _introductions(result, graph, actor, contacts, group_of, names, label, matches) -> tuple[pd.DataFrame, bool]:
    """Pairs of its contacts from different groups who are not tied, best first."""
    capped = len(contacts) > MAX_CONTACTS
    if capped:
        contacts = sorted(contacts, key=lambda c: (-graph.degree(c), str(c)))[:MAX_CONTACTS]
    gap = {}
    for row in result.mixing.itertuples(index=False):
        gap[(str(row.group_a), str(row.group_b))] = row.ratio
    rows = []
    for a, b in itertools.combinations(contacts, 2):
        ga, gb = group_of[a], group_of[b]
        if ga == gb or graph.has_edge(a, b) or graph.has_edge(b, a):
            continue
        common = (set(graph[a]) & set(graph[b])) - {actor}
        match = matches.get((a, b)) or matches.get((b, a))
        ratio = gap.get((ga, gb), gap.get((gb, ga), np.nan))
        need_offer = ""
        if match is not None:
            need_offer = f"{names[match.needer]} needs '{match.need}'; {names[match.offerer]} offers '{match.offer}'"
        rows.append({"id_a": a, "name_a": names[a], "group_a": ga, "id_b": b, "name_b": names[b], "group_b": gb,
                     "only_through_it": not common, "need_offer": need_offer, "ratio_": ratio,
                     "common_": len(common)})
    if not rows:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in INTRODUCTION_COLUMNS}), capped
    table = pd.DataFrame(rows)
    table["matched_"] = table["need_offer"] != ""
    table = table.sort_values(["only_through_it", "matched_", "ratio_", "name_a", "name_b"],
                              ascending=[False, False, True, True, True], na_position="last")
    # at most PER_CONTACT introductions for any one contact, so the list is not one name many times
    seen: dict[str, int] = {}
    keep = []
    for a, b in zip(table["id_a"], table["id_b"]):
        keep.append(seen.get(a, 0) < PER_CONTACT and seen.get(b, 0) < PER_CONTACT)
        if keep[-1]:
            seen[a], seen[b] = seen.get(a, 0) + 1, seen.get(b, 0) + 1
    table = table[keep].head(TOP)
    table["why"] = [_introduction_why(r, label) for r in table.itertuples(index=False)]
    return table[INTRODUCTION_COLUMNS].reset_index(drop=True), capped


def _introduction_why(row, label: str) -> str:
    parts = [(f"both its contacts, from {group_name(label, row.group_a)} and {group_name(label, row.group_b)}, "
             "not tied to each other")]
    parts.append("no one else knows both: only it is placed to introduce them" if row.only_through_it
                 else f"{plural(int(row.common_), 'other shared contact')} could introduce them too")
    if row.need_offer:
        parts.append(row.need_offer)
    if row.ratio_ == row.ratio_ and row.ratio_ < 1:
        parts.append(f"their {group_plural(label)} have {row.ratio_:.1f}× the ties chance would give")
    return "; ".join(parts)


def _exchanges(graph, actor, names, matches) -> tuple[pd.DataFrame, pd.DataFrame]:
    """What it could give (needs within two steps its offers meet) and receive (offers within two
    steps that meet its needs)."""
    distances = nx.single_source_shortest_path_length(graph.to_undirected(as_view=True) if graph.is_directed()
                                                      else graph, actor, cutoff=2)
    near = {str(v): d for v, d in distances.items() if v != actor}
    empty = pd.DataFrame({c: pd.Series(dtype=object) for c in EXCHANGE_COLUMNS})
    if not near:
        return empty, empty
    give, receive = [], []
    for (needer, offerer), match in matches.items():
        if offerer == actor and needer in near:
            give.append({"id": needer, "name": names[needer], "steps": near[needer], "need": match.need,
                         "offer": match.offer, "similarity_": match.similarity,
                         "why": f"{names[needer]} ({plural(near[needer], 'step')} away) needs '{match.need}'; "
                                f"it offers '{match.offer}'"})
        elif needer == actor and offerer in near:
            receive.append({"id": offerer, "name": names[offerer], "steps": near[offerer], "need": match.need,
                            "offer": match.offer, "similarity_": match.similarity,
                            "why": f"it needs '{match.need}'; {names[offerer]} ({plural(near[offerer], 'step')} "
                                   f"away) offers '{match.offer}'"})

    def table(rows):
        if not rows:
            return empty
        frame = pd.DataFrame(rows).sort_values(["steps", "similarity_", "name"], ascending=[True, False, True])
        return frame.head(TOP)[EXCHANGE_COLUMNS].reset_index(drop=True)

    return table(give), table(receive)


def _spaces(result, actor, group_of, label) -> pd.DataFrame:
    """The spaces it hosts or uses, who meets there and the groups that meet nowhere else."""
    network = result.network
    empty = pd.DataFrame({c: pd.Series(dtype=object) for c in SPACE_COLUMNS})
    if network.affiliations is None:
        return empty
    links = network.affiliations.assign(actor=network.affiliations["actor"].astype(str),
                                        space=network.affiliations["space"].astype(str))
    spaces = network.spaces.assign(id=network.spaces["id"].astype(str))
    hosted = set(spaces.loc[spaces.get("owner", pd.Series(dtype=object)).astype(str) == actor, "id"]) \
        if "owner" in spaces.columns else set()
    used = set(links.loc[links["actor"] == actor, "space"])
    mine = sorted(hosted | used)
    if not mine:
        return empty
    names = dict(zip(spaces["id"], spaces["name"].astype(str)))
    users_of = links.groupby("space")["actor"].apply(lambda s: sorted(set(s)))
    pairs_at = {space: {tuple(sorted((group_of[a], group_of[b])))
                        for a, b in itertools.combinations(users, 2) if group_of.get(a) != group_of.get(b)}
                for space, users in users_of.items() if len(users) <= 500}
    rows = []
    for space in mine:
        users = users_of.get(space, [])
        groups = sorted({group_of[u] for u in users if u in group_of}, key=str)
        here = pairs_at.get(space, set())
        elsewhere = set().union(*(p for s, p in pairs_at.items() if s != space)) if pairs_at else set()
        only = sorted(here - elsewhere)
        role = "hosts and uses" if space in hosted and space in used else "hosts" if space in hosted else "uses"
        why = (f"it {role} {names.get(space, space)}: {plural(len(users), 'user')} from "
               f"{plural(len(groups), label, group_plural(label))}")
        if only:
            why += "; " + listing([f"{a} and {b}" for a, b in only], 3) + " may meet here and at no other space"
        rows.append({"space": names.get(space, space), "hosts_or_uses": role, "users": len(users), "groups": "; ".join(groups),
                     "meet_nowhere_else": "; ".join(f"{a} – {b}" for a, b in only), "why": why})
    return pd.DataFrame(rows, columns=SPACE_COLUMNS)


def _changes(result, earlier, actor, graph, group_of, names, label) -> list[str]:
    """What changed in its footprint since the earlier wave."""
    before_actors = set(earlier.actors["id"].astype(str))
    if actor not in before_actors:
        return [f"{names[actor]} was not on the map of the earlier wave."]
    before_graph = earlier.network.graph
    before_contacts = set(map(str, before_graph[actor]))
    now_contacts = set(map(str, graph[actor]))
    before_groups = {str(earlier.group_names[c]) for a, c in zip(earlier.actors["id"].astype(str),
                                                                  earlier.group_codes) if a in before_contacts}
    now_groups = {group_of[c] for c in now_contacts}
    gained, lost = sorted(now_contacts - before_contacts), sorted(before_contacts - now_contacts)
    earlier_names = dict(zip(earlier.actors["id"].astype(str), earlier.actors["name"].astype(str)))
    out = [f"Since the earlier wave it gained {plural(len(gained), 'contact') if gained else 'no contacts'}"
           + (f" ({listing([names.get(a, a) for a in gained], 5)})" if gained else "")
           + (f" and lost {len(lost)} ({listing([earlier_names.get(a, a) for a in lost], 5)})." if lost
              else " and lost none.")]
    new_groups, gone_groups = sorted(now_groups - before_groups, key=str), sorted(before_groups - now_groups, key=str)
    if new_groups or gone_groups:
        reach = (f"now also reach {listing([group_name(label, g) for g in new_groups], 4)}" if new_groups
                 else "reach no new " + label)
        out.append(f"Its contacts {reach}" + (f" and no longer {listing([group_name(label, g) for g in gone_groups], 4)}."
                                              if gone_groups else "."))
    suggested = footprint(earlier, actor).introductions
    if len(suggested):
        made = [(r.name_a, r.name_b) for r in suggested.itertuples(index=False)
                if graph.has_edge(str(r.id_a), str(r.id_b)) or graph.has_edge(str(r.id_b), str(r.id_a))]
        made_words = "none is" if not made else "1 is" if len(made) == 1 else f"{len(made)} are"
        out.append(f"Of the {plural(len(suggested), 'introduction')} its earlier footprint suggested, "
                   f"{made_words} a tie now"
                   + (f": {listing([f'{a} and {b}' for a, b in made], 4)}." if made else "."))
    return out
