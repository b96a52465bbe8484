"""Groups of actors: E-I index (actor, network, per group) and the mixing matrix."""
from __future__ import annotations

import numpy as np
import pandas as pd
import scipy.sparse as sp

from netmap.metrics.engine import Indexed

__all__ = ["ei_actor", "ei_network", "ei_by_group", "mixing", "BLANK_GROUP"]

#: Group given to actors whose group attribute is blank.
BLANK_GROUP = "(blank)"


def _ei(external, internal):
    with np.errstate(invalid="ignore", divide="ignore"):
        return (external - internal) / (external + internal)


def ei_actor(ix: Indexed, groups: np.ndarray) -> np.ndarray:
    """Krackhardt & Stern's E-I index of each actor over its own ties.

    .. math:: EI_i = (E_i - I_i) / (E_i + I_i)

    E_i counts ties to actors of other groups, I_i ties within i's group; on directed
    networks every incident arc counts (in and out). -1 = all ties inside the group,
    +1 = all outside; NaN for isolates.

    References
    ----------
    Krackhardt, D. & Stern, R. N. (1988). Informal networks and organizational crises.
    Social Psychology Quarterly 51(2), 123-140. doi:10.2307/2786835
    """
    groups = np.asarray(groups)
    external = groups[ix.sources] != groups[ix.targets]
    def per_actor(flags):
        return (np.bincount(ix.sources, weights=flags, minlength=ix.n)
                + np.bincount(ix.targets, weights=flags, minlength=ix.n))

    e, i = per_actor(external), per_actor(~external)
    return _ei(e, i)


def ei_network(ix: Indexed, groups: np.ndarray) -> float:
    """Whole-network E-I index, each tie counted once; NaN without ties."""
    external = np.asarray(groups)[ix.sources] != np.asarray(groups)[ix.targets]
    return float(_ei(external.sum(), (~external).sum())) if len(external) else float("nan")


def ei_by_group(ix: Indexed, groups: np.ndarray, names: list[str]) -> dict[str, float]:
    """E-I of each group: E = ties with exactly one end in the group, I = ties with both."""
    groups = np.asarray(groups, dtype=np.int64)
    gs, gt = groups[ix.sources], groups[ix.targets]
    k = len(names)
    # counted for every group at once: a pass over the ties per group took minutes with the
    # hundred thousand one-actor communities of a register (issue 26)
    inside = gs == gt
    internal = np.bincount(gs[inside], minlength=k)
    external = np.bincount(gs[~inside], minlength=k) + np.bincount(gt[~inside], minlength=k)
    return {name: float(_ei(int(e), int(i))) if e + i else float("nan")
            for name, e, i in zip(names, external.tolist(), internal.tolist())}


#: Up to this many groups the mixing table lists every pair of groups; above it (thousands of
#: one-actor communities, when most actors have no tie) only the pairs with a tie between them
#: or at least one tie expected, so the table grows with the ties, not the square of the groups.
DENSE_GROUPS = 200
MIXING_COLUMNS = ["group_a", "group_b", "actors_a", "actors_b", "observed", "expected", "ratio"]


class GapRatios:
    """observed / expected ties between groups, looked up as ``ratios[codes_a, codes_b]`` (as a
    k × k matrix would be), computed for the pairs asked only: a sparse matrix of observed ties
    and the expected count from the groups' sizes (:func:`mixing`'s formula, both directions
    summed). NaN where nothing is expected."""

    def __init__(self, ix: Indexed, groups: np.ndarray, k: int):
        groups = np.asarray(groups)
        self.sizes = np.bincount(groups, minlength=k).astype(float) if len(groups) else np.zeros(k)
        arcs = sp.coo_matrix((np.ones(len(ix.sources)), (groups[ix.sources], groups[ix.targets])), shape=(k, k))
        self.observed = (arcs + arcs.T).tocsr()  # both directions summed, within-group ties twice
        self.n, self.m, self.directed = len(groups), len(ix.sources), ix.directed

    def __getitem__(self, index) -> np.ndarray:
        a, b = (np.asarray(i) for i in index)
        n, m = self.n, self.m
        observed = np.asarray(self.observed[a, b]).ravel()
        same = a == b
        observed = np.where(same, observed / 2, observed)
        if self.directed:
            pairs = np.where(same, self.sizes[a] * (self.sizes[a] - 1), 2 * self.sizes[a] * self.sizes[b])
            total = n * (n - 1)
        else:
            pairs = np.where(same, self.sizes[a] * (self.sizes[a] - 1) / 2, self.sizes[a] * self.sizes[b])
            total = n * (n - 1) / 2
        expected = m * pairs / total if total else np.zeros(len(a))
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.where(expected > 0, observed / expected, np.nan)


def _sparse_mixing(ix: Indexed, groups: np.ndarray, names: list[str]) -> pd.DataFrame:
    """:func:`mixing` for many groups: the same rows, for the pairs with an observed tie or at
    least one expected tie only."""
    k = len(names)
    sizes = np.bincount(groups, minlength=k).astype(float)
    arcs = sp.coo_matrix((np.ones(len(ix.sources)), (groups[ix.sources], groups[ix.targets])), shape=(k, k)).tocsr()
    if not ix.directed:
        arcs = sp.triu(arcs + arcs.T - sp.diags(arcs.diagonal()), format="csr")
    n, m = len(groups), len(ix.sources)
    total = n * (n - 1) if ix.directed else n * (n - 1) / 2
    pairs = set(zip(*arcs.nonzero()))
    if total and m:
        # pairs of groups expecting one tie or more: sizes_a × sizes_b ≥ total / m
        need = total / m
        order = np.argsort(-sizes)
        for position, a in enumerate(order):
            if sizes[a] * sizes[order[0]] < need:
                break
            for b in order[:position + 1] if not ix.directed else order:
                if (sizes[a] * (sizes[a] - 1) / (1 if ix.directed else 2) if a == b else sizes[a] * sizes[b]) < need:
                    if a != b:
                        break
                    continue
                pairs.add((min(a, b), max(a, b)) if not ix.directed else (a, b))
    rows = []
    for a, b in sorted(pairs):
        if ix.directed:
            possible = sizes[a] * (sizes[a] - 1) if a == b else sizes[a] * sizes[b]
        else:
            possible = sizes[a] * (sizes[a] - 1) / 2 if a == b else sizes[a] * sizes[b]
        expected = m * possible / total if total else 0.0
        observed = arcs[a, b]
        rows.append({"group_a": names[a], "group_b": names[b], "actors_a": int(sizes[a]), "actors_b": int(sizes[b]),
                     "observed": int(observed), "expected": float(expected),
                     "ratio": float(observed / expected) if expected else float("nan")})
    return pd.DataFrame(rows, columns=MIXING_COLUMNS)


def mixing(ix: Indexed, groups: np.ndarray, names: list[str]) -> pd.DataFrame:
    """Ties between each pair of groups, observed and expected under random mixing.

    Expected counts spread the m observed ties over all possible pairs of actors
    uniformly (the density-preserving random graph, Erdős–Rényi G(n, m)):
    expected(A, B) = m × pairs(A, B) / pairs(all), with pairs(A, B) = n_A n_B between
    groups and n_A (n_A - 1)/2 within (ordered pairs, ×2, on directed networks).
    A ratio observed/expected well below 1 is a gap between groups.

    Returns
    -------
    DataFrame with columns ``group_a``, ``group_b``, ``actors_a``, ``actors_b``,
    ``observed``, ``expected``, ``ratio`` — one row per unordered pair of groups
    (ordered on directed networks), within-group rows included.
    """
    groups = np.asarray(groups)
    k = len(names)
    if k > DENSE_GROUPS:
        return _sparse_mixing(ix, groups, names)
    sizes = np.bincount(groups, minlength=k).astype(float) if len(groups) else np.zeros(k)
    gs, gt = groups[ix.sources], groups[ix.targets]
    observed = np.zeros((k, k))
    np.add.at(observed, (gs, gt), 1)
    if not ix.directed:
        observed = observed + observed.T - np.diag(observed.diagonal())
    n, m = len(groups), len(ix.sources)
    if ix.directed:
        pairs = np.outer(sizes, sizes) - np.diag(sizes)
        total = n * (n - 1)
    else:
        pairs = np.outer(sizes, sizes)
        np.fill_diagonal(pairs, sizes * (sizes - 1) / 2)
        total = n * (n - 1) / 2
    expected = m * pairs / total if total else np.zeros((k, k))
    rows = []
    for a in range(k):
        for b in range(k) if ix.directed else range(a, k):
            with np.errstate(invalid="ignore", divide="ignore"):
                ratio = observed[a, b] / expected[a, b] if expected[a, b] else float("nan")
            rows.append({"group_a": names[a], "group_b": names[b], "actors_a": int(sizes[a]),
                         "actors_b": int(sizes[b]), "observed": int(observed[a, b]),
                         "expected": float(expected[a, b]), "ratio": float(ratio)})
    return pd.DataFrame(rows, columns=["group_a", "group_b", "actors_a", "actors_b", "observed", "expected", "ratio"])
