"""Suggested actions: what a partnership meeting could do next, drawn from the analysis.

The analysis ranks brokers, assets and introductions; a meeting needs a short list of things
to do, each saying who and why. :func:`suggested_actions` takes the best of each kind in turn
— an introduction to make, a broker to talk to, a fragile point to protect, an under-used
asset or space to open up — so a short list covers several kinds and reaches several
people. A kind with nothing to say gives no action: the list is shorter, never padded.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import networkx as nx
import pandas as pd

from netmap.insights.brokers import spread_words
from netmap.insights.describe import shown_names
from netmap.insights.spaces import UNDER_USED_THRESHOLD
from netmap.words import group_plural, listing, plural

__all__ = ["Action", "suggested_actions", "ACTION_KINDS", "EDGE_MARGINALITY"]

#: The kinds of action, in the order a short list takes them.
ACTION_KINDS = ("introduce", "talk_to_broker", "protect", "bring_in", "open_space")
#: An asset is "at the edge" (worth bringing in) from this marginality on (0-1); below it the
#: holder is well enough connected that saying "under-used" would be an empty claim.
EDGE_MARGINALITY = 0.5

#: Actions of one family do the same kind of good, so one actor is the subject of at most one
#: of them: an asset already in a suggested introduction needs no second action. Talking to a
#: broker and protecting the link it holds are different things to do, so both may name it.
_FAMILY = {"introduce": "connect", "bring_in": "connect", "open_space": "connect",
           "talk_to_broker": "broker", "protect": "protect"}

_SHARED_WORDS = re.compile(r" \((?:shared words|both about)[^)]*\)")


@dataclass(frozen=True)
class Action:
    """One suggested action.

    Attributes
    ----------
    kind
        One of :data:`ACTION_KINDS`.
    headline
        What to do, in a few plain words ("Introduce Millbrook Food Bank and Bright Futures
        Minibus Trust").
    who
        The ids of the actors concerned, the main one first (codes when pseudonymised; for
        ``open_space`` the space's id comes first, then the actors who could use it).
    why
        One or two sentences from the analysis's own numbers.
    """

    kind: str
    headline: str
    who: tuple[str, ...]
    why: str


class _View:
    """How actors, tables and text are shown: as they are, or pseudonymised for a shared copy."""

    def __init__(self, result, pseudonymiser=None):
        self.pseudonymiser = pseudonymiser
        self.names = shown_names(result, pseudonymiser)
        self.order = shown_names(result)  # sort by the real names, so a copy names the same people

    def name(self, actor_id) -> str:
        return self.names.get(str(actor_id), str(actor_id))

    def id(self, actor_id) -> str:
        return self.pseudonymiser.codes.get(str(actor_id), str(actor_id)) if self.pseudonymiser else str(actor_id)

    def frame(self, table: pd.DataFrame) -> pd.DataFrame:
        return self.pseudonymiser.frame(table) if self.pseudonymiser is not None else table

    def text(self, text: str) -> str:
        """Text that is not an actor's (a group value, a space's name) with any name inside it
        replaced: a space may be named after its owner."""
        return self.pseudonymiser.replace_text(text) if self.pseudonymiser is not None else text


def suggested_actions(result, limit: int = 5, pseudonymiser=None) -> list[Action]:
    """Three to five things a partnership meeting could do, each naming who and why.

    Parameters
    ----------
    result : netmap.analysis.Analysis
        The analysis.
    limit : int
        At most this many actions (1 or more).
    pseudonymiser : netmap.privacy.Pseudonymiser, optional
        Actors shown and listed by code, quoted free text withheld, for a shared copy.

    Returns
    -------
    list of Action
        The best action of each kind in the order of :data:`ACTION_KINDS`, then the second
        best of each, and so on, up to ``limit``. An introduction or an asset to bring in
        whose actor is already the subject of an earlier introduction or asset is skipped,
        so the list reaches more people. Kinds with
        nothing to suggest (no introductions, no group links, no fragile point, no offers, no
        spaces) give nothing, so the list may be shorter than ``limit`` or empty.

    Raises
    ------
    ValueError
        When ``limit`` is below 1.

    Notes
    -----
    Sources: ``result.introductions`` (ranked by introduction score), ``result.brokers``
    (candidates in broker-rank order, so even-handed ones first), ``cut_off_if_removed`` in
    ``result.actors`` (most cut off first), ``result.hidden_wealth`` (actors at the edge,
    marginality at least :data:`EDGE_MARGINALITY`) and, with affiliations, the under-used
    spaces of ``result.spaces``. Ties are broken by name and id: the list is the same on
    every run.
    """
    if limit < 1:
        raise ValueError("limit must be 1 or more")
    view = _View(result, pseudonymiser)
    pools = [_introductions(result, view), _brokers(result, view), _fragile_points(result, view),
             _assets(result, view), _spaces(result, view)]
    return _interleave(pools, limit)


def _interleave(pools: list[Iterator[tuple[Action, tuple[str, ...]]]], limit: int) -> list[Action]:
    """Take one action from each pool in turn; skip one whose main actors were already named
    by an action of the same family."""
    chosen: list[Action] = []
    named: dict[str, set[str]] = {}
    live = list(pools)
    while live and len(chosen) < limit:
        for pool in list(live):
            for action, lead in pool:
                family = named.setdefault(_FAMILY[action.kind], set())
                if family.isdisjoint(lead):
                    chosen.append(action)
                    family.update(lead)
                    break
            else:
                live.remove(pool)
            if len(chosen) == limit:
                break
    return chosen


#: How netmap's own clauses begin; a clause beginning otherwise begins with a name, whose case
#: is the user's ("jo needs …" stays "jo").
_OWN_STARTS = ("no ", "it ", "links ", "close ", "they ", "used ", "nobody ")


def _sentence(text: str) -> str:
    """A clause from the analysis as a sentence: a capital letter when the clause is netmap's
    own words (a name keeps its case) and a full stop."""
    text = text.strip().rstrip(";").strip()
    if not text:
        return ""
    if text.startswith(_OWN_STARTS):
        text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


# ----- introductions -------------------------------------------------------------------------

def _introduction_why(why: str) -> str:
    """The analysis's reason for an introduction, without the word lists and the model's rank
    (the briefing's methods explain the model; a meeting needs the human reason)."""
    parts = [p for p in _SHARED_WORDS.sub("", str(why)).split("; ") if p and not p.startswith("the link model")]
    return _sentence("; ".join(parts) or "they are close in the network but not yet tied")


def _introductions(result, view: _View) -> Iterator[tuple[Action, tuple[str, ...]]]:
    table = result.introductions
    if table is None or table.empty:
        return
    shown = view.frame(table)
    for (_, row), why in zip(table.iterrows(), shown["why"], strict=True):
        a, b = str(row["id_a"]), str(row["id_b"])
        yield Action("introduce", f"Introduce {view.name(a)} and {view.name(b)}", (view.id(a), view.id(b)),
                     _introduction_why(why)), (a, b)


# ----- honest brokers ------------------------------------------------------------------------

def _spread(evenness: float) -> str:
    """The same words, at the same thresholds, as the honest-broker table's reasons."""
    if evenness != evenness:
        return ""
    words = spread_words(evenness)
    if words == "concentrated":
        return ", though its ties lean to some of them"
    return f", with its ties {words} across them" if words == "spread evenly" else f", with its ties {words}"


def _broker_why(row, name: str, groups: int, plural_label: str) -> str:
    """Why this broker, from its own numbers, in two sentences a meeting reads aloud."""
    reached = int(row["groups_reached"])
    span = f"all {groups}" if reached >= groups else f"{reached} of the {groups}"
    first = f"{name} has contacts in {span} {plural_label}{_spread(row['evenness'])}"
    between = row["betweenness"]
    if between == between and between > 0:
        first += f", and stands on {_percent(between)} of the shortest paths between others"
    sentences = [first + "."]
    third = row["third_party_share"]
    if third == third and third > 0:
        sentences.append(f"{third:.0%} of its go-between work is between other {plural_label}, not for its own "
                         "side.")
    if not bool(row["even_handed"]):
        # the broker table's reason says which condition it fails (leans to one side, brokers
        # only for a side, or lies on no shortest path)
        why = str(row.get("why", ""))
        concern = ("its contacts lean to one side" if "leans to" in why.split(";")[0] else
                   "most of its go-between work is for one side" if "third parties" in why.split(";")[0] else
                   "it is not an even-handed go-between")
        sentences.append(f"But {concern}: check the others trust it before relying on it.")
    return " ".join(sentences)


def _percent(share: float) -> str:
    """A share as a percentage a reader can say: one decimal under 10%, whole numbers above."""
    value = share * 100
    return f"{value:.1f}%" if value < 10 else f"{value:.0f}%"


def _brokers(result, view: _View) -> Iterator[tuple[Action, tuple[str, ...]]]:
    table = result.brokers
    if table is None or table.empty:
        return
    candidates = table[table["candidate"]].sort_values(["broker_rank", "id"], kind="mergesort")
    plural_label = group_plural(result.group_column)
    groups = len(result.group_names)
    for _, row in candidates.iterrows():
        actor = str(row["id"])
        name = view.name(actor)
        headline = (f"Talk to {name}: a possible honest broker between the {plural_label}" if row["even_handed"]
                    else f"Talk to {name} about linking the {plural_label}")
        yield Action("talk_to_broker", headline, (view.id(actor),),
                     _broker_why(row, name, groups, plural_label)), (actor,)


# ----- fragile points ------------------------------------------------------------------------

def cut_off_members(graph: nx.Graph, actor: str) -> list[str]:
    """The actors who would lose their link to the main body of the network if ``actor`` left.

    The main body is the largest part of ``actor``'s component once it is removed (the
    convention of :func:`netmap.insights.resilience.cut_off_if_removed`); ties in size are
    broken by the smallest id. Sorted by id.
    """
    undirected = graph.to_undirected(as_view=True) if graph.is_directed() else graph
    if actor not in undirected:
        return []
    component = nx.node_connected_component(undirected, actor) - {actor}
    pieces = [sorted(map(str, p)) for p in nx.connected_components(undirected.subgraph(component))]
    if len(pieces) < 2:
        return []
    pieces.sort(key=lambda p: (-len(p), p[0]))
    return sorted(a for p in pieces[1:] for a in p)


def _fragile_points(result, view: _View) -> Iterator[tuple[Action, tuple[str, ...]]]:
    actors = result.actors[result.actors["cut_off_if_removed"] > 0]
    if actors.empty:
        return
    actors = actors.assign(_name=actors["name"].astype(str)).sort_values(
        ["cut_off_if_removed", "_name", "id"], ascending=[False, True, True], kind="mergesort")
    for _, row in actors.iterrows():
        actor = str(row["id"])
        cut = cut_off_members(result.network.graph, actor)
        if not cut:
            continue
        name = view.name(actor)
        named = sorted(cut, key=lambda a: (view.order.get(a, a).lower(), a))[:3]
        among = (f": {listing([view.name(a) for a in named])}" if len(cut) <= 3 else
                 f", among them {listing([view.name(a) for a in named])}")
        why = (f"{plural(len(cut), 'actor')} {'reach' if len(cut) > 1 else 'reaches'} the rest of the network "
               f"only through {name}{among}. If "
               f"{name} stepped back, {'they' if len(cut) > 1 else 'it'} would be cut off; a second link (another "
               "contact, a shared meeting) would make the network safer.")
        yield Action("protect", f"Protect the link through {name}", (view.id(actor), *map(view.id, named)),
                     why), (actor,)


# ----- under-used assets and spaces -----------------------------------------------------------

def _assets(result, view: _View) -> Iterator[tuple[Action, tuple[str, ...]]]:
    table = result.hidden_wealth
    if table is None or table.empty:
        return
    table = table[(table["hidden_wealth_score"] > 0) & (table["marginality"] >= EDGE_MARGINALITY)]
    if table.empty:
        return
    shown = view.frame(table)
    for (_, row), why in zip(table.iterrows(), shown["why"], strict=True):
        actor = str(row["id"])
        name = view.name(actor)
        text = (f"{name} {why}. Inviting them to the next partnership meeting, or introducing them to someone "
                "who needs what they have, would put it to use.")
        yield Action("bring_in", f"Bring {name} in from the edge", (view.id(actor),), text), (actor,)


def _space_why(why: str) -> str:
    """The under-used part of a space's reason ("it has room for 80 … but only 3 users")."""
    _, _, under = str(why).partition("Under-used: ")
    return _sentence(under or str(why))


def _spaces(result, view: _View) -> Iterator[tuple[Action, tuple[str, ...]]]:
    if getattr(result, "spaces", None) is None:
        return

    spaces = result.spaces.spaces
    under = spaces[spaces["under_used_score"] >= UNDER_USED_THRESHOLD]
    under = under.assign(_name=under["name"].astype(str)).sort_values(
        ["under_used_score", "_name", "id"], ascending=[False, True, True], kind="mergesort")
    # a shared copy shows spaces as spaces.csv does: codes, and the offers a reason quotes withheld
    shown = view.pseudonymiser.space_frame(under.drop(columns="_name")) if view.pseudonymiser is not None else under
    suggestions = _space_suggestions(result, view)
    for (_, row), (_, seen) in zip(under.iterrows(), shown.iterrows(), strict=True):
        space = str(row["id"])
        name = str(seen["name"])
        text = _space_why(str(seen["why"]))
        wanted = suggestions.get(space, [])
        if wanted:
            text += " For example: " + _sentence(wanted[0][1])
        who = (str(seen["id"]), *(view.id(a) for a, _ in wanted[:3]))
        yield Action("open_space", f"Open up {name}", who, text), (f"space:{space}",)


def _space_suggestions(result, view: _View) -> dict[str, list[tuple[str, str]]]:
    """Per space id: (actor id, reason) of the actors whose needs it could meet, best first."""
    table = result.spaces.suggestions
    if table is None or table.empty:
        return {}
    shown = view.frame(table.rename(columns={"actor": "id", "actor_name": "name"}))
    found: dict[str, list[tuple[str, str]]] = {}
    for space, actor, why in zip(table["space"], table["actor"], shown["why"], strict=True):
        found.setdefault(str(space), []).append((str(actor), _SHARED_WORDS.sub("", str(why))))
    return found

