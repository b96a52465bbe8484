"""What changed between two waves of the same locality: compare(before, after) -> Changes.

Both waves are analysed with the same options (:func:`netmap.analysis.analyse`); this module
only lines them up, actor by actor (by id) and tie by tie, and measures how much moved. It
draws and writes nothing except through :func:`write_changes`.

Conventions (docs/compare.md):

* an actor **joined** when its id is only in the later wave, **left** when only in the
  earlier one, **stayed** otherwise;
* a tie is the unordered pair of its ends (the ordered pair on directed maps); it is **new**
  or **lost** when only one wave has it, else **stronger**, **weaker** or **unchanged** by its
  strength (``weight``);
* rank correlations are computed over the actors present in both waves with a value in both;
  community agreement over the actors present in both (community numbers are arbitrary, so
  only label-free measures are used).
"""
from __future__ import annotations

import json
import math
import re
import unicodedata
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np
import pandas as pd
from scipy.sparse import csgraph

from netmap.analysis import Analysis
from netmap.errors import InputError
from netmap.formats.cells import json_safe
from netmap.formats.files import write_csv, write_text
from netmap.metrics.engine import index_graph
from netmap.network import candidate_group_columns
from netmap.privacy import Pseudonymiser

__all__ = [
    "ACTOR_COLUMNS",
    "APP_INTRODUCTIONS",
    "BRIEFING_INTRODUCTIONS",
    "TIE_COLUMNS",
    "Changes",
    "changes_json",
    "compare",
    "introductions_sentence",
    "jaccard",
    "normal_id",
    "pseudonymised",
    "write_changes",
]

#: Columns of ``actor_changes.csv``, in order.
ACTOR_COLUMNS = ["id", "name", "status", "broker_rank_before", "broker_rank_after", "broker_score_before",
                 "broker_score_after", "betweenness_before", "betweenness_after", "cut_off_before", "cut_off_after",
                 "community_before", "community_after", "ties_gained", "ties_lost", "why"]
#: Columns of ``tie_changes.csv``, in order.
TIE_COLUMNS = ["source", "target", "source_name", "target_name", "status", "weight_before", "weight_after", "type",
               "across_groups"]
#: Columns of ``introductions_followed.csv``.
INTRODUCTION_COLUMNS = ["rank", "id_a", "name_a", "id_b", "name_b", "introduction_score", "matched_need",
                        "matched_offer", "why_suggested", "tie_type", "tie_weight"]
#: How many actors' names a sentence lists before saying "and N others".
NAMES_SHOWN = 3
#: How many suggested introductions the briefing lists (its default ``top``) and the app shows
#: first as cards: the suggestions a worker actually saw, which the follow-up is counted against.
BRIEFING_INTRODUCTIONS = 10
APP_INTRODUCTIONS = 5


@dataclass(frozen=True, eq=False)
class Changes:
    """What changed between an earlier and a later wave.

    Attributes
    ----------
    before, after
        The two analyses compared (same options).
    actors
        One row per actor of either wave (:data:`ACTOR_COLUMNS`), joined first, then left,
        then those who stayed, by the size of their change.
    ties
        One row per tie of either wave (:data:`TIE_COLUMNS`).
    introductions_followed
        The introductions suggested on the earlier wave whose two actors are tied in the
        later one (in either direction).
    numbers
        The content of ``changes.json`` (turnover, network measures before/after, rank
        correlations, community agreement, fragile points, group gaps, the summary).
    summary
        Short plain-language sentences, most important first.
    """

    before: Analysis
    after: Analysis
    actors: pd.DataFrame
    ties: pd.DataFrame
    introductions_followed: pd.DataFrame
    numbers: dict[str, Any]
    summary: list[str] = field(default_factory=list)

    def summary_text(self) -> str:
        """The summary as one paragraph."""
        return "; ".join(self.summary) + "." if self.summary else "No change."


def jaccard(a: set, b: set) -> float:
    """Jaccard index |A ∩ B| / |A ∪ B| (1 when both are empty): the share of actors (or ties)
    of either wave that are in both (Jaccard 1901; the usual turnover measure for networks
    observed twice, e.g. Snijders et al. 2010)."""
    union = len(a | b)
    return len(a & b) / union if union else 1.0


def _plural(word: str) -> str:
    if word.endswith("y") and not word.endswith(("ay", "ey", "oy", "uy")):
        return word[:-1] + "ies"
    return word + ("es" if word.endswith(("s", "x", "sh", "ch")) else "s")


def _names(names: list[str], limit: int = NAMES_SHOWN) -> str:
    shown = list(names[:limit])
    rest = len(names) - len(shown)
    if rest:
        shown.append(f"{rest} other{'s' if rest > 1 else ''}")
    if len(shown) == 1:
        return shown[0]
    return ", ".join(shown[:-1]) + " and " + shown[-1]


def _count(n: int, word: str) -> str:
    return f"{n:,} {word if n == 1 else _plural(word)}"


def _tie_frame(result: Analysis) -> pd.DataFrame:
    """The wave's ties as written (repeats already combined), with the comparison key."""
    ties = result.network.ties
    frame = pd.DataFrame({"source": ties["source"].astype(object), "target": ties["target"].astype(object),
                          "weight": ties["weight"].astype(float),
                          "type": ties["type"].astype(object) if "type" in ties.columns else None})
    frame["type"] = frame["type"].where(frame["type"].notna(), None)
    source, target = frame["source"].astype(str).to_numpy(), frame["target"].astype(str).to_numpy()
    if result.network.directed:
        frame["key_a"], frame["key_b"] = source, target
    else:  # an undirected tie is the same whichever end was written first
        swap = source > target
        frame["key_a"] = np.where(swap, target, source)
        frame["key_b"] = np.where(swap, source, target)
    return frame.drop_duplicates(["key_a", "key_b"]).reset_index(drop=True)


def _correlation(before: pd.Series, after: pd.Series) -> dict[str, Any]:
    """Spearman's ρ and Kendall's τ-b (scipy.stats) over the actors with a value in both waves."""
    from scipy import stats  # reason: 0.5 s to import, and the app imports this module on every first map

    both = pd.concat([before.rename("b"), after.rename("a")], axis=1, join="inner").dropna()
    out: dict[str, Any] = {"actors": len(both)}
    with warnings.catch_warnings():  # a constant column gives NaN (reported as null), not an error
        warnings.simplefilter("ignore")
        if len(both) >= 2:
            rho = stats.spearmanr(both["b"].astype(float), both["a"].astype(float))
            tau = stats.kendalltau(both["b"].astype(float), both["a"].astype(float))
            out.update(spearman=float(rho.statistic), spearman_p=float(rho.pvalue),
                       kendall=float(tau.statistic), kendall_p=float(tau.pvalue))
        else:
            out.update(spearman=math.nan, spearman_p=math.nan, kendall=math.nan, kendall_p=math.nan)
    return out


def _cut_off_sets(graph: nx.Graph, actors: list) -> dict[Any, set]:
    """For each given actor, the actors who would lose their link to the main body if it left
    (the same count as ``cut_off_if_removed``; only for the few actors a sentence names).
    One sparse connected-components pass per actor (scipy), O(n + m) each."""
    if graph.number_of_nodes() == 0 or not actors:
        return {}
    ix = index_graph(graph)
    nodes, index = ix.nodes, ix.index
    adjacency = ix.symmetric().tocsr()
    _, labels = csgraph.connected_components(adjacency, directed=False)
    main = np.flatnonzero(labels == np.bincount(labels).argmax())
    sets = {}
    for actor in actors:
        position = index.get(actor)
        if position is None or position not in set(main.tolist()):
            sets[actor] = set()
            continue
        rest = main[main != position]
        _, pieces = csgraph.connected_components(adjacency[rest][:, rest], directed=False)
        largest = np.bincount(pieces).argmax()
        sets[actor] = {nodes[i] for i in rest[pieces != largest]}
    return sets


def _describe(members: set, actors: pd.DataFrame, columns: list[str]) -> str:
    """Name a set of actors the way a community worker would: by the attribute value they
    share ("Hollins Park") when one describes them well (F1 ≥ 0.75 between the set and the
    actors with that value), else by their names or their number. ``columns``: the
    attributes that look like groupings (:func:`netmap.network.candidate_group_columns`)."""
    best, best_f1 = None, 0.0
    table = actors.set_index("id")
    inside = table.index.isin(list(members))
    for column in columns:
        values = table[column]
        counts = values[inside].value_counts()
        if counts.empty:
            continue
        value, hits = counts.index[0], int(counts.iloc[0])
        holders = int((values == value).sum())
        precision, recall = hits / holders, hits / len(members)
        f1 = 2 * precision * recall / (precision + recall)
        if f1 > best_f1:
            best, best_f1 = str(value), f1
    if best is not None and best_f1 >= 0.75:
        return best
    names = table["name"].reindex(sorted(members)).astype(str).tolist()
    return _names(names) if len(names) <= NAMES_SHOWN else _count(len(members), "actor")


def compare(before: Analysis, after: Analysis) -> Changes:
    """Line two waves up and measure what changed.

    Parameters
    ----------
    before, after
        Analyses of the earlier and the later wave, made with the same options. Both must
        be directed or both undirected.

    Returns
    -------
    Changes

    Notes
    -----
    Turnover: Jaccard index J = |A ∩ B| / |A ∪ B| of the actor ids and of the tie keys.
    Stability of positions: Spearman's ρ and Kendall's τ-b (``scipy.stats.spearmanr``,
    ``kendalltau``) of betweenness and of the honest-broker score over the actors present in
    both waves (broker score: those who are candidates in both). Community agreement: the
    adjusted Rand index (Hubert & Arabie 1985) and normalised mutual information
    (arithmetic mean normalisation; Danon et al. 2005) of the two partitions restricted to
    the common actors (``sklearn.metrics``). Both ignore the community numbers themselves.

    Examples
    --------
    >>> from netmap.analysis import analyse
    >>> from netmap.network import StakeholderNetwork
    >>> a = pd.DataFrame({"id": ["a", "b", "c"], "name": ["a", "b", "c"]}, dtype=object)
    >>> one = analyse(StakeholderNetwork(a, pd.DataFrame({"source": ["a"], "target": ["b"], "weight": [1.0]})))
    >>> two = analyse(StakeholderNetwork(a, pd.DataFrame({"source": ["b"], "target": ["c"], "weight": [1.0]})))
    >>> compare(one, two).ties["status"].tolist()
    ['new', 'lost']
    """
    if before.network.directed != after.network.directed:
        raise InputError("the two waves must both be directed or both undirected (the earlier one is "
                         f"{'directed' if before.network.directed else 'undirected'}, the later one "
                         f"{'directed' if after.network.directed else 'undirected'})")
    b_actors, a_actors = before.actors.set_index("id"), after.actors.set_index("id")
    names = pd.concat([b_actors["name"], a_actors["name"]])
    names = names[~names.index.duplicated(keep="last")].astype(str)  # the later name wins
    ties = _tie_changes(before, after, names)
    actors = _actor_changes(before, after, ties, names)
    followed, suggested, impossible = _introductions_followed(before, after, ties)
    numbers = _numbers(before, after, actors, ties, followed, suggested, impossible)
    summary = _summary(before, after, actors, ties, numbers)
    numbers["id_check"], warning = _id_check(set(before.actors["id"]), set(after.actors["id"]))
    numbers["warnings"] = [warning] if warning else []
    if warning:  # first: every number after it may be an artefact of how the ids were written
        summary.insert(0, warning)
    numbers["summary"] = summary
    return Changes(before, after, actors, ties, followed, numbers, summary)


#: An id that is a whole number, with any sign, leading zeros and a zero fraction (``+007.0``).
_WHOLE = re.compile(r"([+-]?)0*(\d+?)(?:\.0*)?")


def normal_id(value) -> str:
    """An id as a spreadsheet or a retyping may have changed it, undone: Unicode compatibility
    forms (NFKC: full-width digits), case, surrounding and repeated spaces, and the leading
    zeros and ``.0`` of a number (``007``, ``7`` and ``7.0`` are all ``7``)."""
    text = " ".join(unicodedata.normalize("NFKC", str(value)).casefold().split())
    whole = _WHOLE.fullmatch(text)
    if whole:
        return ("-" if whole.group(1) == "-" else "") + whole.group(2)
    return text


def _id_check(before: set, after: set) -> tuple[dict[str, Any], str | None]:
    """How many actors that 'joined' carry the id of one that 'left' once ids are normalised
    (:func:`normal_id`), and a warning when they are at least half of the actors matched at
    all: the turnover reported is then mostly how the ids were written (a spreadsheet turned
    ``007`` into ``7``), not who came and went."""
    left: dict[str, int] = {}
    for actor in before - after:
        key = normal_id(actor)
        left[key] = left.get(key, 0) + 1
    matched = 0
    for actor in after - before:
        key = normal_id(actor)
        if left.get(key):
            left[key] -= 1
            matched += 1
    stayed = len(before & after)
    check = {"matched_only_after_normalising": matched, "matched_as_written": stayed}
    if not matched or 2 * matched < matched + stayed:
        return check, None
    return check, (f"Check the ids before reading on: {_count(matched, 'actor')} counted as joined "
                   f"{'has' if matched == 1 else 'have'} the id of one counted as left once leading zeros, "
                   f"case and spaces are ignored (such as 007 and 7), against {stayed:,} matched as written. "
                   "A spreadsheet may have turned ids into numbers in one wave: keep ids as text in both, or the "
                   "turnover below is mostly an artefact")


def _tie_changes(before: Analysis, after: Analysis, names: pd.Series) -> pd.DataFrame:
    b, a = _tie_frame(before), _tie_frame(after)
    merged = b.merge(a, on=["key_a", "key_b"], how="outer", suffixes=("_before", "_after"), indicator=True)
    in_after = merged["_merge"] != "left_only"
    source = merged["source_after"].where(in_after, merged["source_before"])  # as written in the later wave
    target = merged["target_after"].where(in_after, merged["target_before"])
    wb, wa = merged["weight_before"].to_numpy(float), merged["weight_after"].to_numpy(float)
    same = np.isclose(wb, wa, rtol=1e-9, atol=1e-12)
    status = np.select([merged["_merge"] == "right_only", merged["_merge"] == "left_only", same, wa > wb],
                       ["new", "lost", "unchanged", "stronger"], "weaker")
    kind = merged["type_after"].where(in_after, merged["type_before"])
    groups = pd.Series(after.group_codes, index=after.actors["id"].to_numpy(object))
    groups_before = pd.Series(before.group_codes, index=before.actors["id"].to_numpy(object))
    # a lost tie is judged by the groups of the wave it was in
    across = np.where(in_after, source.map(groups).to_numpy() != target.map(groups).to_numpy(),
                      source.map(groups_before).to_numpy() != target.map(groups_before).to_numpy())
    frame = pd.DataFrame({
        "source": source.to_numpy(), "target": target.to_numpy(),
        "source_name": source.map(names).to_numpy(), "target_name": target.map(names).to_numpy(),
        "status": status, "weight_before": wb, "weight_after": wa, "type": kind.to_numpy(),
        "across_groups": across})
    order = {"new": 0, "lost": 1, "stronger": 2, "weaker": 3, "unchanged": 4}
    frame["_order"] = frame["status"].map(order)
    return (frame.sort_values(["_order", "source", "target"], kind="stable").drop(columns="_order")
            .reset_index(drop=True)[TIE_COLUMNS])


def _actor_changes(before: Analysis, after: Analysis, ties: pd.DataFrame, names: pd.Series) -> pd.DataFrame:
    columns = {"broker_rank": "broker_rank", "broker_score": "broker_score", "betweenness": "betweenness",
               "cut_off": "cut_off_if_removed", "community": "community", "degree": "degree"}
    b = before.actors.set_index("id")[list(columns.values())].rename(columns={v: k for k, v in columns.items()})
    a = after.actors.set_index("id")[list(columns.values())].rename(columns={v: k for k, v in columns.items()})
    frame = b.add_suffix("_before").join(a.add_suffix("_after"), how="outer")
    frame.index.name = "id"
    frame = frame.reset_index()
    in_b, in_a = frame["id"].isin(b.index), frame["id"].isin(a.index)
    frame["status"] = np.select([in_b & in_a, in_a], ["stayed", "joined"], "left")
    frame["name"] = frame["id"].map(names)
    for column in ("broker_rank_before", "broker_rank_after", "community_before", "community_after",
                   "cut_off_before", "cut_off_after", "degree_before", "degree_after"):
        frame[column] = pd.array(frame[column], dtype="Int64")
    new, lost = ties[ties["status"] == "new"], ties[ties["status"] == "lost"]
    gained = pd.concat([new["source"], new["target"]]).value_counts()
    dropped = pd.concat([lost["source"], lost["target"]]).value_counts()
    frame["ties_gained"] = frame["id"].map(gained).fillna(0).astype(int)
    frame["ties_lost"] = frame["id"].map(dropped).fillna(0).astype(int)
    plain = frame[["status", "degree_before", "degree_after", "broker_rank_before", "broker_rank_after",
                   "cut_off_before", "cut_off_after", "betweenness_before", "betweenness_after", "ties_gained",
                   "ties_lost"]].astype(object)  # plain Python values: iterating Arrow-backed columns is slow
    frame["why"] = [_why(row) for row in plain.itertuples(index=False)]
    # joined, left, then who stayed by how much their ties and role moved
    change = (frame["ties_gained"] + frame["ties_lost"]
              + (frame["cut_off_before"].fillna(0) - frame["cut_off_after"].fillna(0)).abs().astype(float))
    frame["_order"] = frame["status"].map({"joined": 0, "left": 1, "stayed": 2})
    frame["_change"] = -change
    frame = frame.sort_values(["_order", "_change", "id"], kind="stable")
    return frame.reset_index(drop=True)[ACTOR_COLUMNS]


def _rank(value) -> str:
    return f"#{int(value)}" if not pd.isna(value) else "not a candidate"


def _why(row) -> str:
    """One sentence per actor on what changed for it, in plain words."""
    if row.status == "joined":
        text = f"joined with {_count(int(row.degree_after), 'tie')}"
        if not pd.isna(row.broker_rank_after):
            text += f"; honest broker #{int(row.broker_rank_after)}"
        if row.cut_off_after and row.cut_off_after > 0:
            text += f"; {_count(int(row.cut_off_after), 'actor')} would be cut off if it left"
        return text
    if row.status == "left":
        text = f"not in the later wave; had {_count(int(row.degree_before), 'tie')}"
        if row.cut_off_before and row.cut_off_before > 0:
            text += f"; {_count(int(row.cut_off_before), 'actor')} depended on it to reach the rest"
        return text
    parts = []
    if row.ties_gained and row.ties_lost:
        parts.append(f"{row.ties_gained} new and {_count(int(row.ties_lost), 'lost tie')}")
    elif row.ties_gained or row.ties_lost:
        parts.append(_count(row.ties_gained, "new tie") if row.ties_gained else _count(row.ties_lost, "lost tie"))
    rb, ra = row.broker_rank_before, row.broker_rank_after
    if pd.isna(rb) != pd.isna(ra) or (not pd.isna(rb) and int(rb) != int(ra)):
        parts.append(f"honest-broker rank {_rank(rb)} → {_rank(ra)}")
    cb, ca = int(row.cut_off_before), int(row.cut_off_after)
    if cb > 0 and ca == 0:
        parts.append(f"no longer a fragile point ({_count(cb, 'actor')} depended on it)")
    elif ca > 0 and cb == 0:
        parts.append(f"now a fragile point: {_count(ca, 'actor')} would be cut off if it left")
    elif ca != cb:
        parts.append(f"would cut off {ca} instead of {cb} if it left")
    db, da = row.betweenness_before, row.betweenness_after
    if abs(da - db) >= 0.01:
        parts.append(f"on {'more' if da > db else 'fewer'} paths between others (betweenness {db:.3f} → {da:.3f})")
    return "; ".join(parts) if parts else "no change in its ties or role"


def _introductions_followed(before: Analysis, after: Analysis, ties: pd.DataFrame):
    suggested = before.introductions
    named = set(suggested["id_a"]) | set(suggested["id_b"]) if len(suggested) else set()
    present = ties[(ties["status"] != "lost") & ties["source"].isin(named) & ties["target"].isin(named)]
    # an introduction has happened when the two are tied in either direction
    position = {pair: i for i, pair in enumerate(zip(present["source"], present["target"]))}
    for i, pair in enumerate(zip(present["target"], present["source"])):
        position.setdefault(pair, i)
    rows, impossible = [], 0
    later = set(after.actors["id"])
    for row in suggested.itertuples(index=False):
        if row.id_a not in later or row.id_b not in later:
            impossible += 1
            continue
        found = position.get((row.id_a, row.id_b))
        if found is not None:
            tie = present.iloc[found]
            rows.append({"rank": row.rank, "id_a": row.id_a, "name_a": row.name_a, "id_b": row.id_b,
                         "name_b": row.name_b, "introduction_score": row.introduction_score,
                         "matched_need": getattr(row, "matched_need", None),
                         "matched_offer": getattr(row, "matched_offer", None), "why_suggested": row.why,
                         "tie_type": tie["type"], "tie_weight": tie["weight_after"]})
    return pd.DataFrame(rows, columns=INTRODUCTION_COLUMNS), len(suggested), impossible


def _pair(before: float, after: float) -> dict[str, float]:
    return {"before": before, "after": after}


def _fragile(before: Analysis, after: Analysis, actors: pd.DataFrame) -> dict[str, Any]:
    def entry(row, *columns):
        return {"id": row.id, "name": row.name, **{c: int(getattr(row, c)) for c in columns}}

    was = actors["cut_off_before"].fillna(0) > 0
    now = actors["cut_off_after"].fillna(0) > 0
    stayed = actors["status"] == "stayed"
    resolved = actors[was & stayed & ~now].sort_values("cut_off_before", ascending=False)
    new = actors[now & ~(was & stayed)].sort_values("cut_off_after", ascending=False)
    continuing = actors[was & now & stayed].sort_values("cut_off_after", ascending=False)
    gone = actors[was & (actors["status"] == "left")].sort_values("cut_off_before", ascending=False)
    return {
        "before": int(was.sum()), "after": int(now.sum()),
        "resolved": [entry(r, "cut_off_before") for r in resolved.itertuples()],
        "new": [entry(r, "cut_off_after") for r in new.itertuples()],
        "still": [entry(r, "cut_off_before", "cut_off_after") for r in continuing.itertuples()],
        "left": [entry(r, "cut_off_before") for r in gone.itertuples()],
    }


def _gaps(before: Analysis, after: Analysis) -> dict[str, Any]:
    """Ties between each pair of groups against random mixing (observed ÷ expected), before
    and after; a gap (ratio < 1 in either wave) **narrowed** when the ratio rose."""
    if before.group_column != after.group_column or before.group_column == "community":
        return {"compared": False, "group_column": after.group_column,
                "reason": "groups are the detected communities, which differ from wave to wave"
                if after.group_column == "community" else "the two waves use different groups", "pairs": []}
    key = ["group_a", "group_b"]
    b = before.mixing[before.mixing["group_a"] != before.mixing["group_b"]].set_index(key)
    a = after.mixing[after.mixing["group_a"] != after.mixing["group_b"]].set_index(key)
    both = b[["observed", "expected", "ratio"]].join(a[["observed", "expected", "ratio"]], how="inner",
                                                     lsuffix="_before", rsuffix="_after")
    pairs = []
    for (ga, gb), row in both.iterrows():
        rb, ra = row["ratio_before"], row["ratio_after"]
        if not (rb < 1 or ra < 1):
            continue
        status = "unchanged" if np.isclose(rb, ra, rtol=1e-9, atol=1e-12) else "narrowed" if ra > rb else "widened"
        pairs.append({"group_a": ga, "group_b": gb, "status": status,
                      "observed_before": int(row["observed_before"]), "observed_after": int(row["observed_after"]),
                      "ratio_before": float(rb), "ratio_after": float(ra)})
    pairs.sort(key=lambda p: -abs(p["ratio_after"] - p["ratio_before"]))
    return {"compared": True, "group_column": after.group_column,
            "narrowed": sum(p["status"] == "narrowed" for p in pairs),
            "widened": sum(p["status"] == "widened" for p in pairs), "pairs": pairs}


def _numbers(before: Analysis, after: Analysis, actors: pd.DataFrame, ties: pd.DataFrame, followed: pd.DataFrame,
             suggested: int, impossible: int) -> dict[str, Any]:
    b_ids, a_ids = set(before.actors["id"]), set(after.actors["id"])
    status = ties["status"].value_counts()
    in_before, in_after = int((ties["status"] != "new").sum()), int((ties["status"] != "lost").sum())
    tie_jaccard = (len(ties) - int(status.get("new", 0)) - int(status.get("lost", 0))) / len(ties) if len(ties) else 1.0
    sb, sa = before.summary, after.summary
    b_tab, a_tab = before.actors.set_index("id"), after.actors.set_index("id")
    common = sorted(b_ids & a_ids)
    cb = b_tab["community"].reindex(common).to_numpy()
    ca = a_tab["community"].reindex(common).to_numpy()
    agreement: dict[str, Any] = {"actors": len(common)}
    if common:
        # reason: sklearn.metrics takes 0.2 s to import, only for a comparison, not the app's first map
        from sklearn.metrics import adjusted_rand_score, normalized_mutual_info_score

        agreement.update(ari=float(adjusted_rand_score(cb, ca)), nmi=float(normalized_mutual_info_score(cb, ca)))
    else:
        agreement.update(ari=math.nan, nmi=math.nan)
    new_across = int(ties.loc[ties["status"] == "new", "across_groups"].sum())
    return {
        "actors": {"before": len(b_ids), "after": len(a_ids), "joined": len(a_ids - b_ids),
                   "left": len(b_ids - a_ids), "stayed": len(common), "jaccard": jaccard(b_ids, a_ids)},
        "ties": {"before": in_before, "after": in_after,
                 **{s: int(status.get(s, 0)) for s in ("new", "lost", "stronger", "weaker", "unchanged")},
                 "new_across_groups": new_across, "jaccard": tie_jaccard},  # |both| / |either|
        "directed": after.network.directed,
        "group_column": after.group_column,
        "network": {"density": _pair(sb["density"], sa["density"]),
                    "components": _pair(sb["components"], sa["components"]),
                    "largest_component_size": _pair(sb["largest_component_size"], sa["largest_component_size"]),
                    "average_path_length": _pair(sb["average_path_length"], sa["average_path_length"]),
                    "modularity": _pair(sb["modularity"], sa["modularity"]),
                    "communities": _pair(sb["communities"], sa["communities"]),
                    "transitivity": _pair(sb["transitivity"], sa["transitivity"])},
        "rank_correlation": {"betweenness": _correlation(b_tab["betweenness"], a_tab["betweenness"]),
                             "broker_score": _correlation(b_tab["broker_score"], a_tab["broker_score"])},
        "community_agreement": agreement,
        "introductions": {"suggested": suggested, "followed": len(followed),
                          "not_possible": impossible, "share_followed": len(followed) / suggested if suggested else None,
                          # of the first suggestions, those the briefing lists and the app shows as cards
                          "briefing": _first(followed, suggested, BRIEFING_INTRODUCTIONS),
                          "app": _first(followed, suggested, APP_INTRODUCTIONS)},
        "fragile_points": _fragile(before, after, actors),
        "group_gaps": _gaps(before, after),
    }


def _first(followed: pd.DataFrame, suggested: int, top: int) -> dict[str, int]:
    """How many of the ``top`` best-ranked suggestions there were, and how many happened."""
    return {"suggested": min(top, suggested), "followed": int((followed["rank"] <= top).sum())}


def introductions_sentence(intro: dict[str, Any]) -> str:
    """"5 of the 10 introductions the briefing suggested happened (…)": counted against the
    suggestions the worker saw first, then against every suggestion."""
    listed = intro.get("briefing", {"suggested": intro["suggested"], "followed": intro["followed"]})
    if listed["suggested"] >= intro["suggested"]:
        return f"{intro['followed']:,} of the {_count(intro['suggested'], 'suggested introduction')} happened"
    app = intro.get("app", listed)
    return (f"{listed['followed']:,} of the {listed['suggested']:,} introductions the briefing suggested happened "
            f"({app['followed']:,} of the {app['suggested']:,} shown first in the app, and {intro['followed']:,} of "
            f"all {intro['suggested']:,} in introductions.csv)")


def _summary(before: Analysis, after: Analysis, actors: pd.DataFrame, ties: pd.DataFrame,
             numbers: dict[str, Any]) -> list[str]:
    t = numbers["ties"]
    word = "community" if after.group_column == "community" else after.group_column
    sentences = []
    tie_text = f"{_count(t['new'], 'new tie')}"
    if t["new"]:
        tie_text += f" ({t['new_across_groups']} across {_plural(word)})"
    tie_text += f", {t['lost']} ended, {t['stronger']} stronger and {t['weaker']} weaker"
    sentences.append(tie_text)
    joined = actors.loc[actors["status"] == "joined", "name"].tolist()
    left = actors.loc[actors["status"] == "left", "name"].tolist()
    if joined or left:
        parts = []
        if joined:
            parts.append(f"{_count(len(joined), 'actor')} joined ({_names(joined)})")
        if left:
            parts.append(f"{len(left)} left ({_names(left)})")
        sentences.append(" and ".join(parts))
    intro = numbers["introductions"]
    if intro["suggested"]:
        sentences.append(introductions_sentence(intro))
    fragile = numbers["fragile_points"]
    described = fragile["resolved"][:2]
    sets = _cut_off_sets(before.network.graph, [f["id"] for f in described])
    if any(sets.values()):
        columns = list(candidate_group_columns(before.actors))
        for f in described:
            if sets.get(f["id"]):
                sentences.append(f"{f['name']} is no longer the only link to "
                                 f"{_describe(sets[f['id']], before.actors, columns)}")
    for f in fragile["new"][:1]:
        where = _cut_off_sets(after.network.graph, [f["id"]]).get(f["id"])
        if where:
            sentences.append(f"{f['name']} is now the only link to "
                             f"{_describe(where, after.actors, list(candidate_group_columns(after.actors)))}")
    gaps = numbers["group_gaps"]
    for status in ("narrowed", "widened"):
        pair = next((p for p in gaps["pairs"] if p["status"] == status), None)
        if pair:
            sentences.append(f"the gap between {pair['group_a']} and {pair['group_b']} ({word}) {status} "
                             f"({pair['observed_before']} → {pair['observed_after']} ties; "
                             f"{pair['ratio_before']:.2f} → {pair['ratio_after']:.2f} of the number expected by "
                             "chance)")
    top_b = before.brokers.dropna(subset=["broker_rank"])
    top_a = after.brokers.dropna(subset=["broker_rank"])
    if len(top_b) and len(top_a):
        first_b, first_a = top_b.iloc[0], top_a.iloc[0]
        if first_b["id"] == first_a["id"]:
            sentences.append(f"{first_a['name']} is still the top honest broker")
        else:
            sentences.append(f"{first_a['name']} is now the top honest broker (before: {first_b['name']})")
    return sentences


def write_changes(changes: Changes, out: Path) -> list[Path]:
    """Write ``actor_changes.csv``, ``tie_changes.csv``, ``introductions_followed.csv`` and
    ``changes.json`` into ``out`` (created). Text that a spreadsheet would run as a formula
    is written inert."""
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"{out}: cannot create the output folder ({exc.strerror or exc})") from None
    paths = [write_csv(out / name, table) for name, table in (
        ("actor_changes.csv", changes.actors), ("tie_changes.csv", changes.ties),
        ("introductions_followed.csv", changes.introductions_followed))]
    paths.append(write_text(out / "changes.json", changes_json(changes)))
    return paths


def pseudonymised(changes: Changes, key: str) -> tuple[Pseudonymiser, dict]:
    """A pseudonymiser over the actors of both waves, and ``changes.json``'s content with
    every actor id and name replaced by its code."""
    actors = pd.concat([changes.before.actors[["id", "name"]], changes.after.actors[["id", "name"]]])
    p = Pseudonymiser(actors.drop_duplicates("id", keep="last"), key)

    def walk(value, field=None):
        if isinstance(value, dict):
            return {k: walk(v, k) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v, field) for v in value]
        if isinstance(value, str):
            if field in ("id", "name"):
                return p.code_of(value)
            return p.replace_text(value)
        return value

    return p, walk(changes.numbers)


def changes_json(changes: Changes) -> str:
    """``changes.json`` as text (for downloads)."""
    return json.dumps(json_safe(changes.numbers), indent=2, ensure_ascii=False) + "\n"
