"""A link-prediction model trained on the observed ties, with an honest held-out AUC."""
from __future__ import annotations

from dataclasses import dataclass, replace

import igraph as ig
import numpy as np
import scipy.sparse as sp

# numpy versions of scikit-learn's logistic regression and ROC AUC: importing scikit-learn took
# longer than the whole analysis of 2,000 actors (issue 15)
from netmap.insights.learn import LogisticModel, roc_auc, stratified_halves
from netmap.metrics import engine
from netmap.metrics.communities import partition
from netmap.metrics.engine import seeded_igraph

__all__ = ["PairFeatures", "LinkModel", "train_link_model", "pair_features", "training_communities", "MIN_TIES",
           "FEATURES"]

#: Fewer ties than this and there is too little to learn from (10 held-out ties at best).
MIN_TIES = 50
MAX_TRAINING_PAIRS = 5_000
FEATURES = ["common_contacts", "adamic_adar", "jaccard", "log_degree_product", "same_group", "same_community",
            "need_offer_match"]


@dataclass(frozen=True)
class PairFeatures:
    """What is known about every actor, to describe any pair."""

    adjacency: sp.csr_matrix  # symmetric, binary
    groups: np.ndarray
    communities: np.ndarray
    match: dict[tuple[int, int], float]  # best need-offer similarity, either direction, i < j
    #: how the analysis found ``communities``; the held-out evaluation finds its own, the same
    #: way, on the training network (``communities`` describe the whole network: they saw the
    #: ties held out)
    community_method: str = "leiden"
    resolution: float = 1.0


def training_communities(adj: sp.csr_matrix, method: str = "leiden", resolution: float = 1.0,
                         seed: int = 0) -> np.ndarray:
    """Communities of the network ``adj`` (symmetric, binary) alone, seeded: the partition the
    link model's "same community" feature uses when the model is trained and measured, so that
    the ties held out to test it played no part in it. Modularity optimisation as
    :func:`netmap.metrics.communities.detect_communities` (:func:`~netmap.metrics.communities.partition`);
    only which actors share a community matters here, not the ids."""
    n = adj.shape[0]
    upper = sp.triu(adj, k=1).tocoo()
    g = ig.Graph(n=n, edges=np.column_stack([upper.row, upper.col]))  # an array: no Python pair per tie
    with seeded_igraph(seed):
        return np.asarray(partition(g, method, resolution), dtype=int)


def pair_features(info: PairFeatures, a: np.ndarray, b: np.ndarray,
                  adjacency: sp.csr_matrix | None = None) -> np.ndarray:
    """Feature matrix (pairs × FEATURES) for pairs (a[i], b[i]) on ``adjacency``."""
    adj = info.adjacency if adjacency is None else adjacency
    degree = np.asarray(adj.sum(axis=1)).ravel()
    inv_log = np.where(degree > 1, 1.0 / np.log(np.maximum(degree, 2)), 0.0)
    common, adamic = np.zeros(len(a)), np.zeros(len(a))
    # the shared contacts of a block of pairs at a time: all pairs at once held every
    # contact of every pair's first actor twice (gigabytes for a register's candidates)
    for lo, hi in engine.ranges_of_work(degree[a]):
        both = adj[a[lo:hi]].multiply(adj[b[lo:hi]]).tocsr()
        common[lo:hi] = np.asarray(both.sum(axis=1)).ravel()
        adamic[lo:hi] = np.asarray(both @ inv_log).ravel()
    union = degree[a] + degree[b] - common
    jaccard = np.divide(common, union, out=np.zeros(len(a)), where=union > 0)
    match = np.array([info.match.get((min(i, j), max(i, j)), 0.0) for i, j in zip(a.tolist(), b.tolist())])
    return np.column_stack([
        common, adamic, jaccard, np.log1p(degree[a] * degree[b]),
        (info.groups[a] == info.groups[b]).astype(float), (info.communities[a] == info.communities[b]).astype(float),
        match,
    ])


@dataclass(frozen=True)
class LinkModel:
    """The fitted model, or the reason there is none. ``auc`` is measured on held-out pairs.

    The model is trained on as many untied pairs as ties, so its output is a score that
    ranks pairs, not the chance that a tie forms (untied pairs far outnumber ties): the
    suggestions show where a pair ranks, never the score as a percentage. A model whose
    AUC is below that of Adamic-Adar alone is not used (``pipeline`` is None).
    """

    pipeline: object | None
    auc: float | None
    baseline_auc: float | None
    held_out_ties: int
    message: str

    @property
    def available(self) -> bool:
        return self.pipeline is not None

    def probability(self, features: np.ndarray) -> np.ndarray:
        if self.pipeline is None or len(features) == 0:
            return np.full(len(features), np.nan)
        return self.pipeline.predict_proba(features)[:, 1]


def _sample_non_ties(adj: sp.csr_matrix, count: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """``count`` distinct untied pairs (i < j) drawn uniformly, in at most 50 × count + 1,000
    draws of a random pair each. The draws are made in batches and judged with arrays (a set
    of a register's 3 million ties took seconds and 300 MB); the pairs are those that drawing
    one pair at a time from ``rng`` would take, the first new untied ones in the order drawn."""
    n = adj.shape[0]
    upper = sp.triu(adj, k=1).tocoo()
    tied = np.sort(upper.row.astype(np.int64) * n + upper.col)
    chosen = np.zeros(0, dtype=np.int64)
    attempts, limit = 0, 50 * count + 1000
    while len(chosen) < count and attempts < limit:
        draws = rng.integers(0, n, size=(min(max(2 * count, 1024), limit - attempts), 2))
        attempts += len(draws)
        low, high = draws.min(axis=1).astype(np.int64), draws.max(axis=1).astype(np.int64)
        keys = (low * n + high)[low != high]
        at = np.searchsorted(tied, keys)
        keys = keys[(at == len(tied)) | (tied[np.minimum(at, len(tied) - 1)] != keys)] if len(tied) else keys
        _, first = np.unique(keys, return_index=True)
        new = keys[np.sort(first)]
        new = new[~np.isin(new, chosen)]
        chosen = np.r_[chosen, new[:count - len(chosen)]]
    pairs = np.sort(chosen)
    return pairs // max(n, 1), pairs % max(n, 1)


def train_link_model(info: PairFeatures, seed: int = 0, hide: float = 0.2) -> LinkModel:
    """Learn which pairs become tied, from the network itself.

    A share ``hide`` of the observed ties is hidden (the positives) and as many untied pairs
    are drawn at random (the negatives); *every* feature is computed on the network without the
    hidden ties, so the model cannot see the answer: shared contacts, degrees, and the
    communities too, found again on that training network (:func:`training_communities`;
    communities of the whole network were formed with the hidden ties inside them, and
    "same community" then gave the answer away: an AUC of 1.00 instead of 0.87 on the
    Magnolia school network, issue 22). Half of these pairs train a logistic
    regression (standardised features, L2 penalty C = 1: scikit-learn's model, fitted in numpy
    by :mod:`.learn`), the other half measure its ROC AUC;
    the AUC of Adamic-Adar alone on the same half is reported as a baseline. Networks with
    fewer than :data:`MIN_TIES` ties get no model and a message saying so.

    References
    ----------
    Liben-Nowell, D. & Kleinberg, J. (2007). The link-prediction problem for social networks.
    JASIST 58(7), 1019-1031. doi:10.1002/asi.20591
    """
    adj = info.adjacency
    upper = sp.triu(adj, k=1).tocoo()
    m = upper.nnz
    if m < MIN_TIES:
        return LinkModel(None, None, None, 0, f"not enough ties to learn from ({m}; at least {MIN_TIES} are needed), "
                         "so no model is used: suggestions rest on needs, offers and shared contacts only")
    rng = np.random.default_rng(seed)
    count = min(max(int(round(hide * m)), 10), MAX_TRAINING_PAIRS)
    hidden = rng.choice(m, size=count, replace=False)
    pos_a, pos_b = upper.row[hidden], upper.col[hidden]
    neg_a, neg_b = _sample_non_ties(adj, count, rng)
    if len(neg_a) < count // 2:
        return LinkModel(None, None, None, 0, "the network is too dense to find untied pairs to learn from")
    keep = np.ones(m, dtype=bool)
    keep[hidden] = False
    rest = sp.coo_matrix((np.ones(keep.sum()), (upper.row[keep], upper.col[keep])), shape=adj.shape)
    train_adj = (rest + rest.T).tocsr()
    a, b = np.r_[pos_a, neg_a], np.r_[pos_b, neg_b]
    # never info.communities here: they were found on the whole network, hidden ties included
    train_info = replace(info, communities=training_communities(train_adj, info.community_method, info.resolution,
                                                                seed))
    x = pair_features(train_info, a, b, train_adj)
    y = np.r_[np.ones(len(pos_a)), np.zeros(len(neg_a))]
    fit, test = stratified_halves(y, seed)
    x_fit, x_test, y_fit, y_test = x[fit], x[test], y[fit], y[test]
    pipeline = LogisticModel().fit(x_fit, y_fit)
    auc = roc_auc(y_test, pipeline.predict_proba(x_test)[:, 1])
    baseline = roc_auc(y_test, x_test[:, FEATURES.index("adamic_adar")])
    against = "as many random untied pairs" if len(neg_a) == count else f"{len(neg_a)} random untied pairs"
    measured = (f"ROC AUC {auc:.2f} on {len(y_test)} held-out pairs ({count} hidden ties against {against}; "
                f"Adamic-Adar alone: {baseline:.2f})")
    if auc < baseline:
        # a model that does worse than its simplest feature adds nothing: say so and rank by the baseline
        return LinkModel(None, auc, baseline, count,
                         f"link-prediction model not used: {measured}, below Adamic-Adar alone, so suggestions "
                         "rank pairs by their shared contacts (Adamic-Adar) instead")
    pipeline = LogisticModel().fit(x, y)  # all held-out pairs for the model that scores suggestions
    return LinkModel(pipeline, auc, baseline, count, f"link-prediction model: {measured}")
