"""Introductions: pairs not yet tied who should meet, each with its reasons."""
from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np
import pandas as pd
import scipy.sparse as sp

from netmap.insights.link_prediction import LinkModel, PairFeatures, pair_features, train_link_model
from netmap.insights.matching import Match, match_needs_to_offers, shared_words
from netmap.metrics.engine import Indexed, row_blocks
from netmap.metrics.spare_core import Beside, beside, pump, worth_a_process
from netmap.words import group_name, group_noun, percent_down, percentile_rank, plural

__all__ = ["CLOSE_PER_ACTOR", "INTRODUCTION_COLUMNS", "IntroductionWeights", "Learning", "start_learning",
           "suggest_introductions"]

#: Candidate pairs from the network: for each actor, its best-scoring pairs by Adamic-Adar.
CLOSE_PER_ACTOR = 5
#: The link model's rank is given as evidence only when the pair ranks above this share of the
#: pairs considered: "ranks it above 6% of the pairs" would argue against the suggestion it
#: accompanies (issue 22).
MODEL_EVIDENCE_RANK = 0.75
INTRODUCTION_COLUMNS = [
    "rank", "id_a", "name_a", "id_b", "name_b", "introduction_score", "need_offer_match", "similarity",
    "alternatives", "unlocks_asset",
    "network_closeness", "gap_bridging", "model_probability", "matched_need", "matched_offer", "common_contacts",
    "adamic_adar", "group_a", "group_b", "why",
]


@dataclass(frozen=True)
class IntroductionWeights:
    """Weights of the introduction score's components (divided by their sum; the model's
    weight is dropped when the network is too small to train it)."""

    need_offer_match: float = 0.45
    unlocks_asset: float = 0.20
    network_closeness: float = 0.15
    gap_bridging: float = 0.10
    model: float = 0.10

    def normalised(self, with_model: bool) -> dict[str, float]:
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        if not with_model:
            values["model"] = 0.0
        total = sum(values.values()) or 1.0
        return {k: v / total for k, v in values.items()}


def _close_pairs(adj: sp.csr_matrix, per_actor: int, block: int | None = None) -> np.ndarray:
    """Untied pairs with shared contacts, the best ``per_actor`` per actor by Adamic-Adar, as
    sorted unique rows (i, j) with i < j; equal scores in column order.

    The scores of a block of rows are made and ranked with one sort at a time
    (:func:`~netmap.metrics.engine.row_blocks`): a loop over the rows took 8 s at a million
    ties, and the whole score matrix holds every pair two steps apart — gigabytes on a
    register's co-presence network (issue 26)."""
    n = adj.shape[0]
    degree = np.asarray(adj.sum(axis=1)).ravel()
    weighted = (sp.diags(np.where(degree > 1, 1.0 / np.log(np.maximum(degree, 2)), 0.0)) @ adj).tocsr()
    keys = []
    for lo, hi in row_blocks(adj, weighted, block):
        pump()  # the spare core takes waiting work (the link model) as soon as it is free
        scores = (adj[lo:hi] @ weighted).tocsr()
        scores.setdiag(0, k=lo)  # an actor and itself
        scores = (scores - scores.multiply(adj[lo:hi])).tocsr()  # drop pairs already tied
        scores.eliminate_zeros()
        scores.sort_indices()
        best = _best_per_row(scores.indptr, scores.data, per_actor)
        rows = lo + np.searchsorted(scores.indptr, best, side="right") - 1  # the row each chosen entry is in
        cols = scores.indices[best]
        keys.append(np.minimum(rows, cols).astype(np.int64) * n + np.maximum(rows, cols))
    found = np.unique(np.concatenate(keys)) if keys else np.zeros(0, dtype=np.int64)
    return np.column_stack([found // max(n, 1), found % max(n, 1)])


def _best_per_row(indptr: np.ndarray, values: np.ndarray, k: int) -> np.ndarray:
    """Positions of each row's ``k`` largest ``values`` (CSR ``indptr``; columns in order
    within a row), equal values in column order: k rounds of one maximum per row, instead of
    sorting every entry (a sort of a register's 100 million two-step pairs took 25 s)."""
    left = values.astype(float, copy=True)
    filled = np.flatnonzero(np.diff(indptr))
    starts = indptr[filled]
    row_of = np.repeat(np.arange(len(filled)), np.diff(indptr)[filled])  # each entry's place among ``starts``
    position = np.arange(len(values))
    chosen = []
    for _ in range(k):
        if not len(starts):
            break
        top = np.maximum.reduceat(left, starts)
        at = np.where(left == top[row_of], position, len(values))
        first = np.minimum.reduceat(at, starts)
        first = first[top > -np.inf]
        chosen.append(first)
        left[first] = -np.inf
    return np.sort(np.concatenate(chosen)) if chosen else np.zeros(0, dtype=np.int64)


@dataclass(frozen=True)
class Learning:
    """What the introductions learn from: the network's 0/1 adjacency, the pairs whose needs and
    offers match (the best match of each pair), the pairs' features, and the link model being
    trained on them (``model.result()``; on the spare core when the network is large)."""

    adj: sp.csr_matrix
    by_pair: dict[tuple[int, int], Match]
    info: PairFeatures
    model: Beside


def start_learning(ix: Indexed, actors: pd.DataFrame, codes: np.ndarray, communities: np.ndarray, seed: int = 0,
                   community_method: str = "leiden", resolution: float = 1.0) -> Learning:
    """Match needs to offers and start training the link model (:func:`suggest_introductions`
    takes the result): started early, the training of a register's model (12 s) waits for no
    other work on the spare core."""
    adj = ix.symmetric().tocsr()
    adj.data[:] = 1.0
    by_pair: dict[tuple[int, int], Match] = {}
    for (needer, offerer), m in match_needs_to_offers(actors).items():
        i, j = ix.index[needer], ix.index[offerer]
        key = (min(i, j), max(i, j))
        if key not in by_pair or m.similarity > by_pair[key].similarity:
            by_pair[key] = m
    info = PairFeatures(adj, codes, communities, {k: m.similarity for k, m in by_pair.items()}, community_method,
                        resolution)
    return Learning(adj, by_pair, info, beside(train_link_model, info, seed=seed, fork=worth_a_process(adj.nnz // 2)))


def suggest_introductions(ix: Indexed, actors: pd.DataFrame, codes: np.ndarray, names: list[str],
                          communities: np.ndarray, marginality: np.ndarray, gap_ratio: np.ndarray,
                          seed: int = 0, weights: IntroductionWeights | None = None,
                          limit: int = 50, community_method: str = "leiden",
                          resolution: float = 1.0, group_label: str = "group",
                          learning: Learning | None = None) -> tuple[pd.DataFrame, LinkModel]:
    """Rank pairs who are not tied but should meet.

    Candidates (bounded, never all n² pairs): every pair whose needs and offers match
    (the best 8 offers per need, similarity ≥ 0.2) and, for each actor, the 5 untied actors
    with the highest Adamic-Adar score (shared contacts weighted by 1/ln degree).

    Components, each in [0, 1], shown beside the score:

    * ``need_offer_match`` — text similarity of one's need to the other's offer
      (:func:`netmap.insights.matching.match_needs_to_offers`) divided by √(number of
      actors whose offers meet that need about as well, at ≥ 80% of the similarity): a need
      only this actor can meet counts fully, one that nine actors could meet
      ("volunteers") counts a third;
    * ``unlocks_asset`` — the marginality of the actor whose offer is matched (an
      introduction that brings an under-used asset into use counts more);
    * ``network_closeness`` — Adamic-Adar / the largest among candidates (easy to
      introduce: they share contacts);
    * ``gap_bridging`` — 1 − observed/expected ties between their two groups (0 within a
      group, or where the groups already mix as much as chance);
    * ``model_probability`` — the link-prediction model's probability (when it exists).

    ``introduction_score`` is their weighted mean (:class:`IntroductionWeights`).

    ``communities`` (of the whole network) describe the candidate pairs; the link model's
    held-out evaluation finds its own on its training network, with ``community_method``
    and ``resolution`` (:func:`netmap.insights.link_prediction.train_link_model`); ``learning``,
    :func:`start_learning` of the same inputs when already started.
    """
    weights = weights or IntroductionWeights()
    # the model learns on the second core while the candidates are found here (a register: 12 s each)
    learning = learning or start_learning(ix, actors, codes, communities, seed, community_method, resolution)
    adj, by_pair, info = learning.adj, learning.by_pair, learning.info
    n = adj.shape[0]
    matched = np.array(sorted(p for p in by_pair if adj[p[0], p[1]] == 0), dtype=np.int64).reshape(-1, 2)
    close = _close_pairs(adj, CLOSE_PER_ACTOR)
    model = learning.model.result()
    keys = np.unique(np.r_[matched[:, 0] * n + matched[:, 1], close[:, 0] * n + close[:, 1]])
    if not len(keys):
        return pd.DataFrame(columns=INTRODUCTION_COLUMNS), model
    pairs = np.column_stack([keys // n, keys % n])
    a, b = pairs[:, 0], pairs[:, 1]
    # the few pairs whose needs and offers match, by their place among the candidates
    matched_at = {tuple(p): k for k, p in zip(np.searchsorted(keys, [i * n + j for i, j in by_pair]), by_pair)
                  if k < len(keys) and keys[k] == p[0] * n + p[1]}
    features = pair_features(info, a, b)
    common, adamic = features[:, 0], features[:, 1]
    match_sim = features[:, -1]
    alternatives, offerer = np.ones(len(keys), dtype=int), np.full(len(keys), -1)
    matched_need, matched_offer = np.full(len(keys), "", dtype=object), np.full(len(keys), "", dtype=object)
    for p, k in matched_at.items():
        found = by_pair[p]
        alternatives[k], offerer[k] = found.alternatives, ix.index[found.offerer]
        matched_need[k], matched_offer[k] = found.need, found.offer
    match_score = match_sim / np.sqrt(alternatives)
    unlocks = np.where(offerer >= 0, marginality[np.maximum(offerer, 0)], 0.0)
    closeness = adamic / adamic.max() if adamic.max() > 0 else np.zeros(len(a))
    gap = np.where(codes[a] != codes[b], 1 - np.minimum(1.0, np.nan_to_num(gap_ratio[codes[a], codes[b]], nan=1.0)),
                   0.0)
    probability = model.probability(features)
    w = weights.normalised(model.available)
    score = (w["need_offer_match"] * match_score + w["unlocks_asset"] * unlocks + w["network_closeness"] * closeness
             + w["gap_bridging"] * gap + w["model"] * np.nan_to_num(probability))
    ids, names_col = actors["id"].to_numpy(), actors["name"].to_numpy()
    ratios = gap_ratio[codes[a], codes[b]]
    # the model's output ranks pairs (it is trained on balanced classes): say where a pair ranks
    model_rank = percentile_rank(probability) if model.available else np.full(len(keys), np.nan)
    # a table of the pairs that can be among the best ``limit`` only, equal scores included (a
    # register has millions of candidates: building and sorting their table took 5 s)
    rows = np.arange(len(keys))
    if len(rows) > limit:
        rows = np.flatnonzero(score >= np.partition(score, len(score) - limit)[len(score) - limit])
    ra, rb = a[rows], b[rows]
    table = pd.DataFrame({
        "id_a": ids[ra], "name_a": names_col[ra], "id_b": ids[rb], "name_b": names_col[rb],
        "introduction_score": score[rows], "need_offer_match": match_score[rows], "similarity": match_sim[rows],
        "alternatives": alternatives[rows], "unlocks_asset": unlocks[rows],
        "network_closeness": closeness[rows], "gap_bridging": gap[rows], "model_probability": probability[rows],
        "matched_need": matched_need[rows], "matched_offer": matched_offer[rows],
        "common_contacts": common[rows].astype(int), "adamic_adar": adamic[rows],
        "group_a": np.asarray(names, dtype=object)[codes[ra]], "group_b": np.asarray(names, dtype=object)[codes[rb]],
    }, index=rows)
    table = table.sort_values(["introduction_score", "id_a", "id_b"], ascending=[False, True, True]).head(limit)
    # sentences for the pairs shown only (thousands of candidates are scored at 2,000 actors)
    kept = table.index.to_numpy()
    table["why"] = [_why(row, by_pair.get(tuple(p)), names_col, ix, ratio, model.available, rank, group_label)
                    for row, p, ratio, rank in zip(table.itertuples(), pairs[kept].tolist(), ratios[kept],
                                                   model_rank[kept])]
    table.insert(0, "rank", np.arange(1, len(table) + 1))
    return table.reset_index(drop=True)[INTRODUCTION_COLUMNS], model


def _why(row, match: Match | None, names: np.ndarray, ix: Indexed, ratio: float, with_model: bool,
         model_rank: float = float("nan"), group_label: str = "group") -> str:
    parts = []
    if match is not None:
        needer, offerer = names[ix.index[match.needer]], names[ix.index[match.offerer]]
        overlap = shared_words(match)
        parts.append(f"{needer} needs '{match.need}'; {offerer} offers '{match.offer}'"
                     + (f" ({overlap})" if overlap else ""))
        parts.append("no other actor offers anything as close" if match.alternatives <= 1
                     else f"{match.alternatives} actors offer something like it")
        if row.unlocks_asset >= 0.5:
            parts.append(f"it would bring a poorly connected asset into use ({offerer} is at the margin)")
    if row.common_contacts:
        parts.append(f"{plural(int(row.common_contacts), 'shared contact')} could introduce them")
    if row.gap_bridging > 0:
        label = group_noun(group_label)  # "Sectors" reads "sector 3" in the sentence
        parts.append(f"links {group_name(label, row.group_a)} with {group_name(label, row.group_b)}, which have {ratio:.1f}× the ties random mixing "
                     "would give")
    if (with_model and row.model_probability == row.model_probability and model_rank == model_rank
            and model_rank >= MODEL_EVIDENCE_RANK):
        parts.append("the link model ranks it first of the pairs considered" if model_rank >= 1 else
                     f"the link model ranks it above {percent_down(model_rank)} of the pairs considered")
    return "; ".join(parts) if parts else "close in the network"

