"""Honest brokers: even-handed go-betweens who link groups that would otherwise not meet."""
from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np
import pandas as pd
import scipy.sparse as sp

from netmap.metrics.engine import Indexed
from netmap.words import group_name, listing, percent_down, percentile_rank, plural

__all__ = ["BrokerWeights", "honest_brokers", "BROKER_COLUMNS", "no_candidates_reason"]

BROKER_COLUMNS = [
    "broker_rank", "id", "name", "group", "broker_score", "betweenness", "betweenness_pct", "constraint",
    "structural_holes_pct", "groups_reached", "reach", "evenness", "third_party_share", "gf_liaison",
    "gf_itinerant", "gf_representative", "gf_gatekeeper", "candidate", "even_handed", "why",
]

#: An actor with at least this share of its contacts in one group is partisan, not even-handed.
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


def honest_brokers(ix: Indexed, metrics: pd.DataFrame, codes: np.ndarray, names: list[str], group_label: str,
                   weights: BrokerWeights | None = None) -> pd.DataFrame:
    r"""Rank candidate honest brokers and explain each score.

    Components, each in [0, 1]:

    * ``betweenness_pct`` — percentile rank of betweenness (share of actors with less);
    * ``structural_holes_pct`` — percentile rank of low Burt constraint (contacts not tied
      to each other);
    * ``reach`` — (groups among its contacts − 1) / (groups in the network − 1);
    * ``evenness`` — normalised entropy of its contacts over all k groups,
      H / ln k with H = −Σ p_g ln p_g (1 = spread evenly over every group; its own group is
      included, so ties concentrated on one's own side score low);
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
    *even-handed* ones — less than 90% of their contacts in any one group and on at least
    one shortest path between others (betweenness > 0) — by score, then the other
    candidates by score, each with a ``why`` that says why it ranks after the even-handed.
    So with any number of groups ≥ 2 a partisan gatekeeper (e.g. 296 contacts on its own
    side, 5 on the other) never outranks an even-handed go-between.

    Parameters
    ----------
    metrics
        The actor table of :func:`netmap.analyse` (rows in ``ix.nodes`` order).
    codes, names
        Group code of each actor and the group names.
    group_label
        What the groups are, for the sentences (``sector``, ``community`` …).
    """
    weights = (weights or BrokerWeights()).normalised()
    k = len(names)
    counts = contact_groups(ix, codes, k)
    contacts = np.asarray(counts.sum(axis=1)).ravel()
    reached = np.diff(counts.indptr)
    rows = np.repeat(np.arange(ix.n), reached)
    share = counts.data / contacts[rows]
    entropy = -np.bincount(rows, weights=share * np.log(share), minlength=ix.n)
    evenness = entropy / np.log(k) + 0.0 if k > 1 else np.zeros(ix.n)  # + 0.0: one group gives 0, not -0.0
    reach = (reached - 1).clip(min=0) / (k - 1) if k > 1 else np.zeros(ix.n)
    gf_total = metrics["gf_total"].to_numpy(dtype=float)
    third = np.divide(metrics["gf_liaison"] + metrics["gf_itinerant"], gf_total,
                      out=np.zeros(ix.n), where=gf_total > 0)
    betweenness = metrics["betweenness"].to_numpy(dtype=float)
    between_share = betweenness / betweenness.max() if len(betweenness) and betweenness.max() > 0 else \
        np.zeros(ix.n)
    between_pct = percentile_rank(betweenness)
    holes_pct = percentile_rank(metrics["constraint"], higher_is_better=False)
    candidate = reached >= 2
    top_share = np.zeros(ix.n)
    np.maximum.at(top_share, rows, share)
    even_handed = candidate & (top_share < PARTISAN_SHARE) & (betweenness > 0)
    components = {"betweenness": between_share, "structural_holes": holes_pct, "reach": reach,
                  "evenness": evenness, "third_party": third}
    log_score = sum(weights[name] * np.log(FLOOR + (1 - FLOOR) * np.asarray(value, dtype=float))
                    for name, value in components.items())
    score = np.where(candidate, np.exp(log_score), np.nan)

    table = pd.DataFrame({
        "id": metrics["id"].to_numpy(), "name": metrics["name"].to_numpy(),
        "group": [names[c] for c in codes] if k else [""] * ix.n,
        "broker_score": score, "betweenness": metrics["betweenness"].to_numpy(), "betweenness_pct": between_pct,
        "constraint": metrics["constraint"].to_numpy(), "structural_holes_pct": holes_pct,
        "groups_reached": reached, "reach": reach, "evenness": evenness, "third_party_share": third,
        "gf_liaison": metrics["gf_liaison"].to_numpy(), "gf_itinerant": metrics["gf_itinerant"].to_numpy(),
        "gf_representative": metrics["gf_representative"].to_numpy(),
        "gf_gatekeeper": metrics["gf_gatekeeper"].to_numpy(), "candidate": candidate,
        "even_handed": even_handed, "_top_share": top_share,
    })
    order = table.sort_values(["candidate", "even_handed", "broker_score", "betweenness", "id"],
                              ascending=[False, False, False, False, True], na_position="last").index
    table = table.loc[order].reset_index(drop=True)
    ranks = np.arange(1, len(table) + 1, dtype=float)
    table.insert(0, "broker_rank", pd.array(np.where(table["candidate"], ranks, np.nan), dtype="Int64"))
    plural_label = _plural_group(group_label)
    # each actor's row of group counts, read straight from the CSR arrays (indexing a sparse
    # matrix row by row costs a third of a second at 2,000 actors)
    starts, groups, sizes = counts.indptr, counts.indices, counts.data
    rows_of = [ix.index[actor] for actor in table["id"]]
    table["why"] = [
        _why(row, groups[starts[i]:starts[i + 1]], sizes[starts[i]:starts[i + 1]], names, group_label, plural_label, k)
        for row, i in zip(table.itertuples(), rows_of)
    ]
    return table[BROKER_COLUMNS]


def _plural_group(label: str) -> str:
    if label.endswith("y"):
        return label[:-1] + "ies"
    return label if label.endswith("s") else label + "s"


def _standing(pct: float, comparison: str = "higher") -> str:
    if pct >= 1:
        return "the most in the network" if comparison == "higher" else "the lowest in the network"
    # rounded down: the second-highest of 300 is higher than 99% of actors, not "100%"
    return f"{comparison} than {percent_down(pct)} of actors"


def _why(row, groups: np.ndarray, sizes: np.ndarray, names: list[str], label: str, plural_label: str, k: int) -> str:
    contacts = int(sizes.sum())
    if contacts == 0:
        return "not a candidate: no ties"
    order = np.lexsort((groups, -sizes))
    if not row.candidate:
        return f"not a candidate: all {plural(contacts, 'contact')} are in {label} '{names[groups[order[0]]]}'"
    first = group_name(label, names[groups[order[0]]])
    spread = [f"{group_name(label, names[groups[i]])}: {plural(int(sizes[i]), 'contact')}" for i in order]
    parts = []
    if not row.even_handed:
        top = int(sizes[order[0]])
        if top / contacts >= PARTISAN_SHARE:
            parts.append(f"ranked after the even-handed candidates: {top} of its {contacts} contacts "
                         f"({percent_down(top / contacts)}) are in {first}")
        else:
            parts.append("ranked after the even-handed candidates: it lies on no shortest path between others")
    parts.append(f"links {row.groups_reached} of {k} {plural_label} ({listing(spread, 5)})")
    if row.evenness >= 0.9:
        parts.append(f"ties spread evenly (evenness {row.evenness:.2f})")
    elif row.evenness >= 0.7:
        parts.append(f"ties fairly evenly spread (evenness {row.evenness:.2f})")
    else:
        parts.append(f"ties concentrated in {first} (evenness {row.evenness:.2f})")
    parts.append(f"on {row.betweenness:.1%} of shortest paths between others ({_standing(row.betweenness_pct)})")
    if row.constraint == row.constraint:
        parts.append(f"its contacts are {'rarely' if row.structural_holes_pct >= 0.5 else 'often'} tied to each "
                     f"other (constraint {row.constraint:.2f}, {_standing(row.structural_holes_pct, 'lower')})")
    total = row.gf_liaison + row.gf_itinerant + row.gf_representative + row.gf_gatekeeper
    if row.third_party_share > 0 or total:
        parts.append(f"{row.third_party_share:.0%} of its brokerage is between other {plural_label}")
    return "; ".join(parts)


def no_candidates_reason(brokers: pd.DataFrame, group_label: str) -> str:
    """Why there is no candidate honest broker (the table has no ranked actor), in one sentence."""
    plural_label = _plural_group(group_label)
    groups = brokers["group"].nunique()
    if groups < 2:
        return (f"no honest-broker candidates: every actor is in the same {group_label}, so nobody links "
                f"{plural_label}; choose another grouping or let netmap detect communities")
    return (f"no honest-broker candidates: no actor has contacts in two or more {plural_label} (every tie stays "
            f"inside one {group_label}), so nobody brokers between them")
