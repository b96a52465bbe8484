"""Honest brokers: even-handed go-betweens who link groups that would otherwise not meet."""
from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np
import pandas as pd
import scipy.sparse as sp

from ..metrics.engine import Indexed
from .text import listing, percentile_rank, plural

__all__ = ["BrokerWeights", "honest_brokers", "BROKER_COLUMNS"]

BROKER_COLUMNS = [
    "broker_rank", "id", "name", "group", "broker_score", "betweenness", "betweenness_pct", "constraint",
    "structural_holes_pct", "groups_reached", "reach", "evenness", "third_party_share", "gf_liaison",
    "gf_itinerant", "gf_representative", "gf_gatekeeper", "candidate", "why",
]


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
    """Rank candidate honest brokers and explain each score.

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

    ``broker_score`` is their weighted mean (default weights 0.30, 0.15, 0.20, 0.15, 0.20).
    Only actors with contacts in at least two groups are candidates; the others get no
    score and a ``why`` that says so.

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
    evenness = entropy / np.log(k) if k > 1 else np.zeros(ix.n)
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
    score = (weights["betweenness"] * between_share + weights["structural_holes"] * holes_pct
             + weights["reach"] * reach + weights["evenness"] * evenness + weights["third_party"] * third)
    score = np.where(candidate, score, np.nan)

    table = pd.DataFrame({
        "id": metrics["id"].to_numpy(), "name": metrics["name"].to_numpy(),
        "group": [names[c] for c in codes] if k else [""] * ix.n,
        "broker_score": score, "betweenness": metrics["betweenness"].to_numpy(), "betweenness_pct": between_pct,
        "constraint": metrics["constraint"].to_numpy(), "structural_holes_pct": holes_pct,
        "groups_reached": reached, "reach": reach, "evenness": evenness, "third_party_share": third,
        "gf_liaison": metrics["gf_liaison"].to_numpy(), "gf_itinerant": metrics["gf_itinerant"].to_numpy(),
        "gf_representative": metrics["gf_representative"].to_numpy(),
        "gf_gatekeeper": metrics["gf_gatekeeper"].to_numpy(), "candidate": candidate,
    })
    order = table.sort_values(["broker_score", "betweenness", "id"], ascending=[False, False, True],
                              na_position="last").index
    table = table.loc[order].reset_index(drop=True)
    ranks = np.arange(1, len(table) + 1, dtype=float)
    table.insert(0, "broker_rank", pd.array(np.where(table["candidate"], ranks, np.nan), dtype="Int64"))
    plural_label = _plural_group(group_label)
    table["why"] = [
        _why(row, counts[ix.index[row.id]], names, group_label, plural_label, k) for row in table.itertuples()
    ]
    return table[BROKER_COLUMNS]


def _plural_group(label: str) -> str:
    if label.endswith("y"):
        return label[:-1] + "ies"
    return label if label.endswith("s") else label + "s"


def _standing(pct: float, comparison: str = "higher") -> str:
    if pct >= 1:
        return "the most in the network" if comparison == "higher" else "the lowest in the network"
    return f"{comparison} than {pct:.0%} of actors"


def _why(row, counts: sp.csr_matrix, names: list[str], label: str, plural_label: str, k: int) -> str:
    groups, sizes = counts.indices, counts.data
    contacts = int(sizes.sum())
    if contacts == 0:
        return "not a candidate: no ties"
    order = np.lexsort((groups, -sizes))
    if not row.candidate:
        return f"not a candidate: all {plural(contacts, 'contact')} are in {label} '{names[groups[order[0]]]}'"
    spread = [f"{names[groups[i]]} {int(sizes[i])}" for i in order]
    parts = [f"links {row.groups_reached} of {k} {plural_label} ({listing(spread, 5)})"]
    if row.evenness >= 0.9:
        parts.append(f"ties spread evenly (evenness {row.evenness:.2f})")
    elif row.evenness >= 0.7:
        parts.append(f"ties fairly evenly spread (evenness {row.evenness:.2f})")
    else:
        parts.append(f"ties concentrated in {names[groups[order[0]]]} (evenness {row.evenness:.2f})")
    parts.append(f"on {row.betweenness:.1%} of shortest paths between others ({_standing(row.betweenness_pct)})")
    if row.constraint == row.constraint:
        parts.append(f"its contacts are {'rarely' if row.structural_holes_pct >= 0.5 else 'often'} tied to each "
                     f"other (constraint {row.constraint:.2f}, {_standing(row.structural_holes_pct, 'lower')})")
    total = row.gf_liaison + row.gf_itinerant + row.gf_representative + row.gf_gatekeeper
    if row.third_party_share > 0 or total:
        parts.append(f"{row.third_party_share:.0%} of its brokerage is between other {plural_label}")
    return "; ".join(parts)
