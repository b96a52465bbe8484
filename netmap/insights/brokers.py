"""Honest brokers: even-handed go-betweens who link groups that would otherwise not meet."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields

import numpy as np
import pandas as pd
import scipy.sparse as sp

from netmap.glossary import PLAIN_WHY
from netmap.metrics.engine import Indexed
from netmap.words import (
    Reason,
    because,
    group_name,
    group_noun,
    group_plural,
    listing,
    percent_down,
    percentile_rank,
    plural,
    share,
)

__all__ = ["BrokerWeights", "honest_brokers", "BROKER_COLUMNS", "no_candidates_reason", "broker_components",
           "BrokerComponents", "LEAN_SHARE", "MIN_THIRD_PARTY"]

BROKER_COLUMNS = [
    "broker_rank", "id", "name", "group", "broker_score", "betweenness", "betweenness_pct", "constraint",
    "structural_holes_pct", "groups_reached", "reach", "evenness", "third_party_share", "gf_liaison",
    "gf_itinerant", "gf_representative", "gf_gatekeeper", "candidate", "even_handed", "why", PLAIN_WHY,
]

#: An actor whose contacts, weighed against the groups' sizes, put more than this share on one
#: group *leans* to it and is not even-handed (7 to 3 with two equal groups; see
#: :func:`broker_components`).
LEAN_SHARE = 0.70
#: Below this size-adjusted share a candidate is said to lean "slightly" in its reason.
SLIGHT_LEAN_SHARE = 0.6
#: With two groups (where liaison brokerage is impossible and every bridge reaches both sides),
#: an even-handed candidate must also do at least this share of its brokerage between third
#: parties (itinerant: between two members of the other group).
MIN_THIRD_PARTY = 0.10
#: Kept for callers of the old rule (raw share of contacts in one group); no longer used.
PARTISAN_SHARE = 0.9
#: Each component enters the geometric mean as FLOOR + (1 − FLOOR) · value, so that one zero
#: component (e.g. no liaison is possible with two groups) lowers the score without erasing it.
FLOOR = 0.05


@dataclass(frozen=True)
class BrokerWeights:
    """Weights of the five components of the honest-broker score (any non-negative numbers;
    they are divided by their sum)."""

    betweenness: float = 0.30
    structural_holes: float = 0.15
    reach: float = 0.20
    evenness: float = 0.15
    third_party: float = 0.20

    def __post_init__(self):
        values = [getattr(self, f.name) for f in fields(self)]
        if any(v < 0 for v in values) or sum(values) <= 0:
            raise ValueError("broker weights must be non-negative and not all zero")

    def normalised(self) -> dict[str, float]:
        total = sum(getattr(self, f.name) for f in fields(self))
        return {f.name: getattr(self, f.name) / total for f in fields(self)}


def contact_groups(ix: Indexed, codes: np.ndarray, k: int) -> sp.csr_matrix:
    """Number of distinct contacts of each actor in each group (sparse n × k, undirected view)."""
    onehot = sp.csr_matrix((np.ones(ix.n), (np.arange(ix.n), codes)), shape=(ix.n, max(k, 1)))
    adjacency = ix.symmetric().tocsr()
    adjacency.data[:] = 1.0
    counts = (adjacency @ onehot).tocsr()
    counts.eliminate_zeros()
    return counts


@dataclass(frozen=True)
class BrokerComponents:
    """Every number behind the honest-broker score, per actor (arrays of length n)."""

    score: np.ndarray  # NaN for non-candidates
    candidate: np.ndarray
    even_handed: np.ndarray  # shortfalls == 0
    shortfalls: np.ndarray  # how many of the even-handed conditions a candidate fails (order of the tiers)
    betweenness_share: np.ndarray  # betweenness / the largest
    structural_holes: np.ndarray  # percentile rank of low constraint
    reach: np.ndarray
    evenness: np.ndarray  # size-adjusted
    third_party: np.ndarray
    reached: np.ndarray  # groups among its contacts
    top_share: np.ndarray  # largest raw share of its contacts in one group
    lean: np.ndarray  # largest size-adjusted share (1/k = perfectly even)
    lean_group: np.ndarray  # the group it leans to (-1 without contacts)
    group_share: np.ndarray  # each group's share of the actors with at least one tie
    counts: sp.csr_matrix  # contacts per group (n × k)


def broker_components(ix: Indexed, betweenness: np.ndarray, constraint: np.ndarray,
                      gf: Mapping[str, np.ndarray], codes: np.ndarray, k: int,
                      weights: BrokerWeights | None = None) -> BrokerComponents:
    r"""The one honest-broker score, used by :func:`honest_brokers` and by the resampled
    rankings of :mod:`netmap.insights.confidence` (so the two cannot drift apart).

    *Even-handedness is judged against the groups' sizes.* With p_g the share of an actor's
    contacts in group g and q_g the share of the actors (with at least one tie) in g, its
    size-adjusted shares are

    .. math:: \tilde p_g = \frac{p_g / q_g}{\sum_h p_h / q_h}

    — the split its contacts would have if every group were the same size. An actor whose
    contacts mirror the groups' sizes has \tilde p_g = q_g / q_g / k = 1/k; 50/50 contacts
    between a 90% and a 10% group give \tilde p = (0.1, 0.9): a lean to the small group.
    ``evenness`` is the normalised entropy of \tilde p over the k groups and ``lean`` its
    largest value; an actor with ``lean`` > :data:`LEAN_SHARE` leans to that group.

    A candidate (contacts in two or more groups) is *even-handed* when it does not lean, lies
    on at least one shortest path between others, and — with exactly two groups, where
    liaison brokerage is impossible and every bridge "reaches" both sides — does at least
    :data:`MIN_THIRD_PARTY` of its Gould-Fernandez brokerage between third parties.
    ``shortfalls`` counts the conditions a candidate fails: the even-handed (none) rank first,
    then those failing one, and so on, each tier by score — so a hub that leans *and*
    brokers only for its side ranks after a go-between that merely leans a little.
    """
    w = (weights or BrokerWeights()).normalised()
    n = ix.n
    counts = contact_groups(ix, codes, k)
    contacts = np.asarray(counts.sum(axis=1)).ravel()
    reached = np.diff(counts.indptr)
    rows = np.repeat(np.arange(n), reached)
    share = counts.data / contacts[rows]
    tied = contacts > 0
    group_size = np.bincount(np.asarray(codes)[tied], minlength=max(k, 1)).astype(float)
    group_share = group_size / group_size.sum() if group_size.sum() > 0 else np.zeros(max(k, 1))
    # a group an actor has contacts in has tied members, so its share is positive
    ratio = share / np.where(group_share[counts.indices] > 0, group_share[counts.indices], 1.0)
    adjusted = ratio / np.bincount(rows, weights=ratio, minlength=n)[rows] if len(ratio) else ratio
    entropy = -np.bincount(rows, weights=adjusted * np.log(adjusted), minlength=n)
    evenness = (entropy / np.log(k) + 0.0).clip(0.0, 1.0) if k > 1 else np.zeros(n)  # + 0.0: never -0.0
    reach = (reached - 1).clip(min=0) / (k - 1) if k > 1 else np.zeros(n)
    total = np.asarray(gf["gf_total"], dtype=float)
    third = np.divide(np.asarray(gf["gf_liaison"], dtype=float) + np.asarray(gf["gf_itinerant"], dtype=float), total,
                      out=np.zeros(n), where=total > 0)
    betweenness = np.asarray(betweenness, dtype=float)
    top = betweenness.max() if len(betweenness) else 0
    between_share = betweenness / top if top > 0 else np.zeros(n)
    holes = percentile_rank(constraint, higher_is_better=False)
    candidate = reached >= 2
    top_share = np.zeros(n)
    np.maximum.at(top_share, rows, share)
    lean = np.zeros(n)
    np.maximum.at(lean, rows, adjusted)
    lean_group = np.full(n, -1)
    if len(rows):
        order = np.lexsort((-adjusted, rows))  # per actor, its most adjusted-heavy group first
        first = np.r_[True, rows[order][1:] != rows[order][:-1]]
        lean_group[rows[order][first]] = counts.indices[order][first]
    groups_present = int((group_size > 0).sum())
    shortfalls = (lean > LEAN_SHARE + 1e-12).astype(int) + (betweenness <= 0)
    if groups_present == 2:
        shortfalls += third < MIN_THIRD_PARTY
    even_handed = candidate & (shortfalls == 0)
    components = {"betweenness": between_share, "structural_holes": holes, "reach": reach, "evenness": evenness,
                  "third_party": third}
    log_score = sum(w[name] * np.log(FLOOR + (1 - FLOOR) * np.asarray(value, dtype=float))
                    for name, value in components.items())
    score = np.where(candidate, np.exp(log_score), np.nan)
    return BrokerComponents(score, candidate, even_handed, shortfalls, between_share, holes, reach, evenness, third, reached,
                            top_share, lean, lean_group, group_share, counts)


def honest_brokers(ix: Indexed, metrics: pd.DataFrame, codes: np.ndarray, names: list[str], group_label: str,
                   weights: BrokerWeights | None = None) -> pd.DataFrame:
    r"""Rank candidate honest brokers and explain each score.

    Components, each in [0, 1]:

    * ``betweenness_pct`` — percentile rank of betweenness (share of actors with less);
    * ``structural_holes_pct`` — percentile rank of low Burt constraint (contacts not tied
      to each other);
    * ``reach`` — (groups among its contacts − 1) / (groups in the network − 1);
    * ``evenness`` — normalised entropy of its contacts over all k groups *weighed against
      the groups' sizes*, H / ln k with H = −Σ p̃_g ln p̃_g and p̃_g ∝ p_g / q_g (p_g its
      share of contacts in group g, q_g the group's share of the actors with ties; see
      :func:`broker_components`): 1 = its contacts are spread as the groups are; its own
      group is included, so ties concentrated on one's own side score low;
    * ``third_party_share`` — (liaison + itinerant) / all Gould-Fernandez brokerage: how much
      of its brokerage is between *other* groups rather than for its own (Gould & Fernandez
      1989; cf. Obstfeld 2005 on the *tertius iungens*).

    ``broker_score`` is their weighted geometric mean,

    .. math:: S = \prod_c \bigl(f + (1 - f)\,x_c\bigr)^{w_c / \sum w}, \quad f = 0.05,

    (default weights 0.30, 0.15, 0.20, 0.15, 0.20; ``betweenness`` enters as betweenness /
    the largest betweenness). A geometric mean makes every component a condition: a partisan
    hub cannot make up for ties all on one side with more betweenness, as it could in an
    arithmetic mean. The floor ``f`` keeps one zero component from erasing the others.

    Only actors with contacts in at least two groups are candidates; the others get no
    score and a ``why`` that says so. Candidates are ranked in two tiers: first the
    *even-handed* ones — not leaning to one group (size-adjusted share of contacts in any
    group at most 70%: 7 to 3 between two equal groups), on at least one shortest path
    between others (betweenness > 0) and, when there are exactly two groups, with at least
    10% of their brokerage between third parties — by score, then the other candidates by
    score (those failing fewer of these conditions first), each with a ``why`` that says
    why it ranks after the even-handed. So with any
    number of groups ≥ 2 a partisan gatekeeper (e.g. 296 contacts on its own side, 5 on the
    other) never outranks an even-handed go-between, and on two polarised camps (political
    blogs, issue 22) a hub with 83% of its contacts on one side and 4% of its brokerage
    between third parties ranks after the even-handed. A candidate that leans gets the word
    in its reason.

    Parameters
    ----------
    metrics
        The actor table of :func:`netmap.analyse` (rows in ``ix.nodes`` order).
    codes, names
        Group code of each actor and the group names.
    group_label
        What the groups are, for the sentences (``sector``, ``community`` …).
    """
    k = len(names)
    parts = broker_components(ix, metrics["betweenness"].to_numpy(dtype=float), metrics["constraint"].to_numpy(dtype=float),
                          {col: metrics[col].to_numpy() for col in ("gf_liaison", "gf_itinerant", "gf_total")},
                          codes, k, weights)
    counts, reached, reach, evenness, third = parts.counts, parts.reached, parts.reach, parts.evenness, parts.third_party
    score, candidate, even_handed = parts.score, parts.candidate, parts.even_handed
    between_pct = percentile_rank(metrics["betweenness"].to_numpy(dtype=float))
    holes_pct = parts.structural_holes
    table = pd.DataFrame({
        "id": metrics["id"].to_numpy(), "name": metrics["name"].to_numpy(),
        "group": [names[c] for c in codes] if k else [""] * ix.n,
        "broker_score": score, "betweenness": metrics["betweenness"].to_numpy(), "betweenness_pct": between_pct,
        "constraint": metrics["constraint"].to_numpy(), "structural_holes_pct": holes_pct,
        "groups_reached": reached, "reach": reach, "evenness": evenness, "third_party_share": third,
        "gf_liaison": metrics["gf_liaison"].to_numpy(), "gf_itinerant": metrics["gf_itinerant"].to_numpy(),
        "gf_representative": metrics["gf_representative"].to_numpy(),
        "gf_gatekeeper": metrics["gf_gatekeeper"].to_numpy(), "candidate": candidate,
        "even_handed": even_handed, "shortfalls_": parts.shortfalls, "lean_share_": parts.lean, "lean_group_": parts.lean_group,
        # for the reason only: the share of pairs of its contacts that are tied (local clustering)
        "clustering": metrics["clustering"].to_numpy(dtype=float) if "clustering" in metrics else np.nan,
    })
    order = table.sort_values(["candidate", "shortfalls_", "broker_score", "betweenness", "id"],
                              ascending=[False, True, False, False, True], na_position="last").index
    table = table.loc[order].reset_index(drop=True)
    ranks = np.arange(1, len(table) + 1, dtype=float)
    table.insert(0, "broker_rank", pd.array(np.where(table["candidate"], ranks, np.nan), dtype="Int64"))
    plural_label = group_plural(group_noun(group_label))
    # each actor's row of group counts, read straight from the CSR arrays (indexing a sparse
    # matrix row by row costs a third of a second at 2,000 actors)
    starts, groups, sizes = counts.indptr, counts.indices, counts.data
    rows_of = np.array([ix.index[actor] for actor in table["id"]], dtype=np.int64)
    two = int((parts.group_share > 0).sum()) == 2
    said = np.empty(len(table), dtype=object)
    chosen = np.flatnonzero(table["candidate"].to_numpy(dtype=bool))
    for at, row in zip(chosen, table.iloc[chosen].itertuples()):
        i = rows_of[at]
        said[at] = _why(row, groups[starts[i]:starts[i + 1]], sizes[starts[i]:starts[i + 1]], names, group_label,
                        plural_label, k, parts.group_share, two)
    # the others' reason depends only on how many contacts they have and in which group: said
    # once per such pair (a sentence per actor was 14 s of a register's 622,486 trustees)
    others = np.setdiff1d(np.arange(len(table)), chosen)
    contacts = np.asarray(counts.sum(axis=1)).ravel().astype(np.int64)[rows_of[others]]
    largest = _largest_groups(counts)[rows_of[others]]
    label = group_noun(group_label)
    reasons: dict[tuple[int, int], tuple[str, str]] = {}
    for at, pair in zip(others, zip(contacts.tolist(), largest.tolist())):
        if pair not in reasons:
            reasons[pair] = _not_a_candidate(pair[0], names[pair[1]] if pair[0] else "", label)
        said[at] = reasons[pair]
    table[PLAIN_WHY] = [words for words, _ in said]
    table["why"] = [technical for _, technical in said]
    return table[BROKER_COLUMNS]


def _not_a_candidate(contacts: int, group: str, label: str) -> tuple[str, str]:
    """Why an actor is not a candidate: it has no ties, or all its ``contacts`` are in one
    ``group`` (``label``: the group column as a noun, words.group_noun)."""
    if contacts == 0:
        return because(["not a candidate: no ties"])
    where = f"{label} '{group}'"
    return because([f"not a candidate: its one contact is in {where}" if contacts == 1
                    else f"not a candidate: all {contacts} contacts are in {where}"])


def _largest_groups(counts: sp.csr_matrix) -> np.ndarray:
    """Per actor (row of ``counts``, contacts per group), the group holding most of its
    contacts, the lowest code among equals (as :func:`_why` orders them); -1 without contacts."""
    rows = np.repeat(np.arange(counts.shape[0]), np.diff(counts.indptr))
    order = np.lexsort((counts.indices, -counts.data, rows))  # each row's entries stay in its own range
    largest = np.full(counts.shape[0], -1, dtype=np.int64)
    filled = np.diff(counts.indptr) > 0
    largest[filled] = counts.indices[order[counts.indptr[:-1][filled]]]
    return largest


def _standing(pct: float, comparison: str = "higher") -> str:
    if pct >= 1:
        return "the most in the network" if comparison == "higher" else "the lowest in the network"
    # rounded down: the second-highest of 300 is higher than 99% of actors, not "100%"
    return f"{comparison} than {percent_down(pct)} of actors"


def _why(row, groups: np.ndarray, sizes: np.ndarray, names: list[str], column: str, plural_label: str, k: int,
         group_share: np.ndarray | None = None, two_groups: bool = False) -> tuple[str, str]:
    """Why the actor ranks where it does, as (plain sentence, sentence with the technical numbers)."""
    label = group_noun(column)  # "office_name" reads "office name", "Sectors" "sector" in the sentence
    contacts = int(sizes.sum())
    order = np.lexsort((groups, -sizes))
    if contacts == 0 or not row.candidate:
        return _not_a_candidate(contacts, names[groups[order[0]]] if contacts else "", label)
    first = group_name(label, names[groups[order[0]]])
    spread = [f"{group_name(label, names[groups[i]])}: {plural(int(sizes[i]), 'contact')}" for i in order]
    lean = getattr(row, "lean_share_", 0.0)
    lean_code = int(getattr(row, "lean_group_", -1))
    leaning = lean > LEAN_SHARE + 1e-12 and lean_code >= 0
    lean_text, size_note = "", ""
    if lean_code >= 0 and lean >= SLIGHT_LEAN_SHARE:
        where = np.flatnonzero(groups == lean_code)
        there = int(sizes[where[0]]) if len(where) else 0
        side = group_name(label, names[lean_code])
        size_note = f"{percent_down(group_share[lean_code])} of the actors" if group_share is not None else ""
        lean_text = (f"{'leans' if leaning else 'leans slightly'} to {side}: {there} of its {contacts} contacts "
                     f"({percent_down(there / contacts)}) are there" + (f", where {size_note} are" if size_note else ""))
    parts: list[Reason | str] = []
    if not row.even_handed:
        if leaning:
            top = int(sizes[order[0]])
            if lean_code == groups[order[0]]:
                parts.append(f"ranked after the even-handed candidates: {top} of its {contacts} contacts "
                             f"({percent_down(top / contacts)}) are in {first}"
                             + (f", which has {size_note}" if size_note else "") + f": it leans to {first}")
            else:
                parts.append(f"ranked after the even-handed candidates: it {lean_text}")
            lean_text = ""
        elif row.betweenness <= 0:
            parts.append("ranked after the even-handed candidates: it lies on no shortest path between others")
        elif two_groups and row.third_party_share < MIN_THIRD_PARTY:
            parts.append(f"ranked after the even-handed candidates: only {row.third_party_share:.0%} of its "
                         f"brokerage is between third parties (under {MIN_THIRD_PARTY:.0%}), so it brokers mostly "
                         "for one side")
    parts.append(f"links {row.groups_reached} of {k} {plural_label} ({listing(spread, 5)})")
    if lean_text:
        parts.append(lean_text)
    weighed = ", allowing for the groups' sizes" if group_share is not None else ""
    # the most contacts in one group, and only one group with that many: else "concentrated" claims too much
    largest = int(sizes[order[0]])
    single_largest = len(order) == 1 or largest > int(sizes[order[1]])
    words = spread_words(row.evenness, leaning)
    if words == "concentrated":
        side = group_name(label, names[lean_code]) if leaning else first
        words = f"concentrated in {side}" if single_largest and largest > 1 else "spread unevenly"
    parts.append(Reason(f"ties {words}{weighed}", f"ties {words}{weighed} (evenness {row.evenness:.2f})"))
    parts.append(f"on {share(row.betweenness)} of shortest paths between others ({_standing(row.betweenness_pct)})")
    tied = getattr(row, "clustering", float("nan"))
    if tied == tied and contacts >= 2:
        # an absolute share of its contacts' pairs, not a percentile: "rarely" must mean rarely
        how = "rarely" if tied < 0.2 else "sometimes" if tied < 0.5 else "often"
        tied_words = f"its contacts are {how} tied to each other ({share(tied)} of pairs of its contacts are"
        parts.append(Reason(f"{tied_words})", f"{tied_words}; constraint {row.constraint:.2f})"))
    total = row.gf_liaison + row.gf_itinerant + row.gf_representative + row.gf_gatekeeper
    if row.third_party_share > 0 or total:
        parts.append(f"{row.third_party_share:.0%} of its brokerage is between other {plural_label}")
    return because(parts)


#: Evenness at or above which ties are "spread evenly", and "fairly evenly" (one set of words for
#: the table's reasons, the briefing and the app's cards).
EVEN, FAIRLY_EVEN = 0.9, 0.7


def spread_words(evenness: float, leaning: bool = False) -> str:
    """How an actor's ties are spread over the groups, in words: "spread evenly", "fairly evenly
    spread" or "concentrated" (the caller names where, when one group holds the most)."""
    if leaning or evenness != evenness or evenness < FAIRLY_EVEN:
        return "concentrated"
    return "spread evenly" if evenness >= EVEN else "fairly evenly spread"


def no_candidates_reason(brokers: pd.DataFrame, group_label: str) -> str:
    """Why there is no candidate honest broker (the table has no ranked actor), in one sentence."""
    label = group_noun(group_label)
    plural_label = group_plural(label)
    groups = brokers["group"].nunique()
    if groups < 2:
        return (f"no honest-broker candidates: every actor is in the same {label}, so nobody links "
                f"{plural_label}; choose another grouping or let netmap detect communities")
    return (f"no honest-broker candidates: no actor has contacts in two or more {plural_label} (every tie stays "
            f"inside one {label}), so nobody brokers between them")
