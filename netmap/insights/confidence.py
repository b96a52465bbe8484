"""How far to trust a ranking: the honest-broker and hidden-wealth rankings on perturbed networks.

Survey networks are never complete: a third of the roster may not answer, and the people who
did answer were allowed five names. Borgatti, Carley & Krackhardt (2006) showed that
centrality rankings degrade steadily as nodes or ties go missing at random; Smith & Moody
(2013) found betweenness the least robust of the common measures to missing respondents. So
netmap does not only say *who* ranks first, it says how often they would still rank there if
the data had been a little different:

1. draw N perturbed networks, seeded — from survey data (ties with ``reported_by``) each
   respondent's answers are removed with the survey's own non-response rate (a tie survives
   while anyone who reported it is kept); otherwise a share of the ties is removed at random;
2. recompute both rankings on each, with the groups held as in the full analysis;
3. per actor: ``top10_share`` (share of resamples in the top 10), ``rank_low`` and
   ``rank_high`` (5th and 95th percentile of its rank; an actor that is not a candidate in a
   resample ranks after every candidate, and is never counted "in the top 10" there). An
   actor that is not ranked in the full data (no honest-broker candidate, nothing to offer)
   gets no confidence row (empty values): with no candidates at all there is no ranking to be
   sure of, and the note says so instead; for the whole ranking, Kendall's τ-b between the
   full-data scores and each resample's (mean, 5th and 95th percentile).

Inside resamples betweenness and harmonic closeness are exact whenever they fit a time budget:
one exact pass (a breadth-first search from every actor) costs about n·(n + m) steps, and
:data:`SECONDS_PER_STEP` × n·(n + m) × resamples (twice that with weighted paths) is the
estimated time; up to :data:`EXACT_BUDGET_SECONDS` (or up to :data:`EXACT_LIMIT` actors, whatever
the estimate) they are exact. Political blogs (1,490 actors, 19,022 arcs): 0.12 s per resample,
estimated 0.31 s, so 100 resamples are exact (sampled paths understated its leaders: Daily Kos in
the top 10 in 76 resamples of 100 against 100 exact, issue 22). Beyond the budget they are
estimated from ``k`` randomly chosen
source actors (Brandes & Pich 2007; Eppstein & Wang 2004); the note in ``run.json`` says so, and
``brokers_kendall_tau_sampling_only`` gives τ for one resample with nothing removed, i.e. the
part of the disagreement due to sampling alone (about 0.93 at 2,000 actors with 256 sources).
The full-data ranking itself is unchanged.

References
----------
Borgatti, S. P., Carley, K. M. & Krackhardt, D. (2006). On the robustness of centrality
measures under conditions of imperfect data. *Social Networks* 28(2), 124–136.
https://doi.org/10.1016/j.socnet.2005.05.001
Smith, J. A. & Moody, J. (2013). Structural effects of network sampling coverage I: nodes
missing at random. *Social Networks* 35(4), 652–668. https://doi.org/10.1016/j.socnet.2013.09.003
"""
from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass

import numpy as np
import pandas as pd

from netmap.errors import InputError
from netmap.insights.assets import capacity_values, hidden_wealth_components, is_under_used
from netmap.insights.brokers import BrokerWeights, broker_components
from netmap.insights.nonresponse import response_rate_of
from netmap.metrics import brokerage, cohesion, structural_holes
from netmap.metrics.engine import Indexed
from netmap.words import percentile_rank, split_items

__all__ = [
    "EXACT_BUDGET_SECONDS",
    "EXACT_LIMIT",
    "SECONDS_PER_STEP",
    "SOURCES",
    "TOP",
    "Perturbation",
    "RankingConfidence",
    "broker_scores",
    "exact_paths_seconds",
    "hidden_wealth_scores",
    "perturbation_for",
    "ranking_confidence",
    "with_confidence",
]

#: Up to this many actors, betweenness and harmonic closeness are exact inside resamples
#: whatever the time estimate.
EXACT_LIMIT = 600
#: Time budget (seconds) for exact betweenness and harmonic closeness over all resamples.
EXACT_BUDGET_SECONDS = 60.0
#: Estimated seconds per step of one exact pass (n·(n + m) steps: a BFS from every actor, igraph):
#: measured 3.9e-9 on the political blogs (0.12 s) on a shared 2-core machine; 1e-8 leaves a margin.
SECONDS_PER_STEP = 1e-8
#: Otherwise they are estimated from this many sampled source actors.
SOURCES = 256
#: "In the top 10".
TOP = 10
#: Share of ties removed when the data are not a survey and no fraction is given.
DEFAULT_MISSING = 0.2


@dataclass(frozen=True)
class Perturbation:
    """How resamples are drawn: ``mode`` is ``respondents`` (drop respondents' answers) or
    ``ties`` (drop ties); ``fraction`` the share dropped; ``reporters[i]`` the respondent
    codes who reported tie i (survey data only)."""

    mode: str
    fraction: float
    reporters: list[np.ndarray] | None = None
    respondents: int = 0
    source: str = ""


def perturbation_for(ties: pd.DataFrame, actors: pd.DataFrame, missing: float | None) -> Perturbation:
    """Respondents' answers when the ties say who reported them, else ties.

    The fraction is ``missing`` when given, else the survey's non-response rate (1 − the
    response rate of the ``responded`` column of the actors), else 0.2 of the ties.
    """
    if missing is not None and not 0 <= missing < 1:
        raise InputError(f"--missing must be a fraction from 0 to below 1, not {missing:g}")
    if "reported_by" in ties.columns:
        codes: dict[str, int] = {}
        reporters = []
        for value in ties["reported_by"]:
            names = {p.strip() for p in str(value if isinstance(value, str) else "").split(";") if p.strip()}
            reporters.append(np.array(sorted(codes.setdefault(n, len(codes)) for n in names), dtype=int))
        if codes:
            rate = response_rate_of(actors)
            if missing is not None:
                return Perturbation("respondents", missing, reporters, len(codes), "--missing")
            if rate is not None:
                return Perturbation("respondents", 1 - rate, reporters, len(codes), "the survey's non-response rate")
            return Perturbation("respondents", DEFAULT_MISSING, reporters, len(codes), "default (no response rate)")
    if missing is not None:
        return Perturbation("ties", missing, source="--missing")
    return Perturbation("ties", DEFAULT_MISSING, source="default")


def _keep_mask(p: Perturbation, m: int, rng: np.random.Generator) -> np.ndarray:
    if p.mode == "ties":
        keep = np.ones(m, dtype=bool)
        drop = int(round(p.fraction * m))  # noqa: RUF046 - an int also when given numpy numbers
        if drop:
            keep[rng.choice(m, size=drop, replace=False)] = False
        return keep
    kept = np.ones(p.respondents, dtype=bool)
    drop = int(round(p.fraction * p.respondents))  # noqa: RUF046 - as above
    if drop:
        kept[rng.choice(p.respondents, size=drop, replace=False)] = False
    # a tie nobody reported (e.g. added by hand) always stays
    return np.array([len(r) == 0 or bool(kept[r].any()) for r in p.reporters], dtype=bool)


def _subgraph(ix: Indexed, keep: np.ndarray) -> Indexed:
    edges = np.flatnonzero(keep).tolist()
    g = ix.igraph.subgraph_edges(edges, delete_vertices=False)
    return Indexed(ix.nodes, ix.index, ix.sources[keep], ix.targets[keep], ix.weights[keep], ix.directed, g)


def exact_paths_seconds(n: int, m: int, resamples: int, weighted: bool = False) -> float:
    """Estimated seconds of exact betweenness and harmonic closeness in ``resamples`` resamples
    of a network with n actors and m ties: :data:`SECONDS_PER_STEP` × n·(n + m) each (a
    breadth-first search from every actor; Dijkstra with weighted paths, counted twice)."""
    return SECONDS_PER_STEP * n * (n + m) * resamples * (2.0 if weighted else 1.0)


def _paths(ix: Indexed, weighted: bool, rng: np.random.Generator, exact: bool | None = None
           ) -> tuple[np.ndarray, np.ndarray]:
    """Betweenness (networkx normalisation) and harmonic closeness, exact or from sampled sources
    (``exact`` None: exact up to :data:`EXACT_LIMIT` actors)."""
    n = ix.n
    g = ix.igraph
    lengths = "length" if weighted else None
    if n <= 2 or g.ecount() == 0:
        return np.zeros(n), np.zeros(n)
    mode = "in" if ix.directed else "all"
    if exact is None:
        exact = n <= EXACT_LIMIT
    if exact:
        raw = np.asarray(g.betweenness(directed=ix.directed, weights=lengths))
        harmonic = np.asarray(g.harmonic_centrality(mode=mode, weights=lengths, normalized=True), dtype=float)
    else:
        k = min(n, SOURCES)
        chosen = np.sort(rng.choice(n, size=k, replace=False)).tolist()
        raw = np.asarray(g.betweenness(directed=ix.directed, weights=lengths, sources=chosen)) * (n / k)
        # harmonic of v sums 1/d(s, v) over sources s: estimate from the k sampled sources
        d = np.asarray(g.distances(source=chosen, weights=lengths, mode="out"), dtype=float)
        with np.errstate(divide="ignore"):
            inv = np.where((d > 0) & np.isfinite(d), 1.0 / d, 0.0)
        harmonic = inv.sum(axis=0) / k  # Σ_s 1/d(s, v) / (n-1), estimated from k sources
    scale = (1.0 if ix.directed else 2.0) / ((n - 1) * (n - 2))
    return raw * scale, harmonic


def broker_scores(ix: Indexed, betweenness: np.ndarray, constraint: np.ndarray, gf: dict[str, np.ndarray],
                  codes: np.ndarray, k: int, weights: BrokerWeights) -> tuple[np.ndarray, np.ndarray]:
    """The honest-broker score of :func:`netmap.insights.brokers.honest_brokers` (NaN for
    non-candidates) and whether each actor is even-handed (ranked before the others), without
    the sentences: both come from :func:`netmap.insights.brokers.broker_components`, the one
    scoring function, so the resampled rankings score exactly as the reported table does."""
    parts = broker_components(ix, betweenness, constraint, gf, codes, k, weights)
    return parts.score, parts.even_handed


def hidden_wealth_scores(resources: np.ndarray, degree: np.ndarray, core: np.ndarray,
                         harmonic: np.ndarray) -> np.ndarray:
    """The hidden-wealth score of :func:`netmap.insights.assets.under_used_assets`:
    resources / max × marginality (NaN for actors without resources)."""
    score, _, marginality = hidden_wealth_components(resources, degree, core, percentile_rank(harmonic))
    return np.where(is_under_used(resources, marginality), score, np.nan)


def _resources(actors: pd.DataFrame, capacity_column: str | None) -> np.ndarray:
    if capacity_column is not None:
        return np.nan_to_num(capacity_values(actors.reset_index(), capacity_column), nan=0.0).clip(min=0)
    if "offers" not in actors.columns:
        return np.zeros(len(actors))
    return np.array([len(split_items(v)) for v in actors["offers"]], dtype=float)


def _ranks(scores: np.ndarray, tiebreak: np.ndarray, id_order: np.ndarray, first: np.ndarray | None = None
           ) -> np.ndarray:
    """Rank 1 = best, ordered as the tables are: higher ``first`` (e.g. even-handed, or minus the
    broker shortfalls) before the rest,
    then higher score, higher ``tiebreak``, then id; actors without a score rank after every
    scored actor."""
    n = len(scores)
    s = np.where(np.isnan(scores), -np.inf, scores)
    keys = (id_order, -tiebreak, -s) + ((-first.astype(int),) if first is not None else ())
    order = np.lexsort(keys)
    ranks = np.empty(n)
    ranks[order] = np.arange(1, n + 1)
    scored = ~np.isnan(scores)
    ranks[~scored] = scored.sum() + 1
    return ranks


@dataclass(frozen=True)
class RankingConfidence:
    """Per-actor columns for both tables and the summary for ``run.json``."""

    brokers: pd.DataFrame  # id, top10_share, rank_low, rank_high
    hidden_wealth: pd.DataFrame
    info: dict


def ranking_confidence(result, resamples: int, missing: float | None = None, seed: int | None = None
                       ) -> RankingConfidence:
    """Recompute the honest-broker and hidden-wealth rankings on ``resamples`` perturbed networks.

    Parameters
    ----------
    result : netmap.analysis.Analysis
        The full-data analysis.
    resamples
        How many perturbed networks (100 is a good default).
    missing
        Share to remove; default the survey's non-response rate (see :func:`perturbation_for`).
    seed
        Seed of the perturbations (default: the analysis seed).
    """
    if resamples < 1:
        raise InputError(f"--resamples must be 1 or more, not {resamples}")
    start = time.perf_counter()
    network, options = result.network, result.options
    ix = network.index()
    pert = perturbation_for(network.ties, network.actors, missing)
    if pert.mode == "respondents":
        # the graph lists its edges in its own order: find each edge's row of the ties table
        def pair(a, b):
            return (a, b) if network.directed else frozenset((a, b))

        row_of = {pair(a, b): i for i, (a, b) in enumerate(zip(network.ties["source"], network.ties["target"]))}
        empty = np.zeros(0, dtype=int)
        reporters = [pert.reporters[row_of[pair(ix.nodes[a], ix.nodes[b])]] if pair(ix.nodes[a], ix.nodes[b])
                     in row_of else empty for a, b in zip(ix.sources, ix.targets)]
        pert = dataclasses.replace(pert, reporters=reporters)
    rng = np.random.default_rng(options.seed if seed is None else seed)
    codes, k = result.group_codes, len(result.group_names)
    actors = result.actors.set_index("id").reindex(ix.nodes)
    resources = _resources(actors, options.capacity_column)
    base_broker = result.actors.set_index("id")["broker_score"].reindex(ix.nodes).to_numpy(dtype=float)
    base_wealth = np.where(resources > 0, result.actors.set_index("id")["hidden_wealth_score"].reindex(
        ix.nodes).to_numpy(dtype=float), np.nan)
    id_order = np.argsort(np.argsort(np.array([str(v) for v in ix.nodes]), kind="stable"), kind="stable")
    estimate = exact_paths_seconds(ix.n, len(ix.sources), resamples, options.weighted)
    exact = ix.n <= EXACT_LIMIT or estimate <= EXACT_BUDGET_SECONDS
    broker_ranks = np.empty((resamples, ix.n))
    wealth_ranks = np.empty((resamples, ix.n))
    broker_scored = np.zeros((resamples, ix.n), dtype=bool)  # a candidate in that resample
    wealth_scored = np.zeros((resamples, ix.n), dtype=bool)
    candidates = int((~np.isnan(base_broker)).sum())
    taus_b, taus_w = [], []
    dropped = []
    for r in range(resamples):
        keep = _keep_mask(pert, len(ix.sources), rng)
        dropped.append(1 - keep.mean() if len(keep) else 0.0)
        sub = _subgraph(ix, keep)
        between, harmonic = _paths(sub, options.weighted, rng, exact)
        holes = structural_holes.structural_holes(sub, options.weighted)
        gf = brokerage.gould_fernandez(sub, codes).as_columns()
        degree = np.bincount(sub.sources, minlength=sub.n) + np.bincount(sub.targets, minlength=sub.n)
        core = cohesion.core_number(sub)
        parts = broker_components(sub, between, holes.constraint, gf, codes, k, options.broker_weights)
        b = parts.score
        w = hidden_wealth_scores(resources, degree.astype(float), core, harmonic)
        # the tiers of the table: even-handed first, then by how many conditions a candidate fails
        broker_ranks[r] = _ranks(b, between, id_order, -parts.shortfalls)
        wealth_ranks[r] = _ranks(w, np.zeros(ix.n), id_order)
        broker_scored[r], wealth_scored[r] = ~np.isnan(b), ~np.isnan(w)
        taus_b.append(_tau(base_broker, b))
        taus_w.append(_tau(base_wealth, w))
    sampling_tau = None
    if not exact:
        # how much of the disagreement is the sampled paths alone: one resample with nothing removed
        between, harmonic = _paths(ix, options.weighted, np.random.default_rng(rng.integers(2**32)), False)
        holes = structural_holes.structural_holes(ix, options.weighted)
        gf = brokerage.gould_fernandez(ix, codes).as_columns()
        sampling_tau = _tau(base_broker, broker_scores(ix, between, holes.constraint, gf, codes, k,
                                                       options.broker_weights)[0])
    info = {
        "resamples": resamples,
        "mode": pert.mode,
        "missing": pert.fraction,
        "missing_from": pert.source,
        "respondents": pert.respondents if pert.mode == "respondents" else None,
        "ties_dropped_mean": float(np.mean(dropped)) if dropped else 0.0,
        "seed": options.seed if seed is None else seed,
        "top": TOP,
        "paths": ("exact" if exact else
                  f"betweenness and harmonic closeness estimated from {min(ix.n, SOURCES)} sampled source actors "
                  f"in each resample (exact paths would take about {estimate:.0f} s, over the "
                  f"{EXACT_BUDGET_SECONDS:.0f} s budget)"),
        "paths_estimated_seconds": estimate,
        "paths_budget_seconds": EXACT_BUDGET_SECONDS,
        "broker_candidates": int(candidates),
        "brokers_note": (None if candidates else
                         "no honest-broker candidates in the full data (no actor has contacts in two or more "
                         "groups), so there is no honest-broker ranking to be sure of"),
        "groups": f"held as in the full analysis ('{result.group_column}')",
        "brokers_kendall_tau": _summary(taus_b),
        "brokers_kendall_tau_sampling_only": sampling_tau,
        "hidden_wealth_kendall_tau": _summary(taus_w),
        "seconds": time.perf_counter() - start,
        "references": ["Borgatti, Carley & Krackhardt (2006), Social Networks 28(2) 124-136",
                       "Smith & Moody (2013), Social Networks 35(4) 652-668"],
    }
    return RankingConfidence(_per_actor(ix.nodes, broker_ranks, broker_scored, ~np.isnan(base_broker)),
                             _per_actor(ix.nodes, wealth_ranks, wealth_scored, ~np.isnan(base_wealth)), info)


def _tau(base: np.ndarray, scores: np.ndarray) -> float:
    """Kendall's τ-b over the actors scored in the full data; a lost candidate counts as lowest."""
    scored = ~np.isnan(base)
    if scored.sum() < 2:
        return float("nan")
    other = np.where(np.isnan(scores), -1.0, scores)[scored]
    # reason: scipy.stats takes 0.5 s to import; only resampling needs it, never the app's first map
    from scipy.stats import kendalltau

    tau = kendalltau(base[scored], other).statistic
    return float(tau)


def _summary(values: list[float]) -> dict:
    v = np.array([x for x in values if pd.notna(x)], dtype=float)
    if not len(v):
        return {"mean": None, "p5": None, "p95": None}
    return {"mean": float(v.mean()), "p5": float(np.percentile(v, 5)), "p95": float(np.percentile(v, 95))}


def _per_actor(nodes: list, ranks: np.ndarray, scored: np.ndarray | None = None,
               ranked: np.ndarray | None = None) -> pd.DataFrame:
    """Per actor: share of resamples in the top 10 (only where it was scored in that resample),
    and its 5th-95th percentile rank. Actors not ranked in the full data (``ranked`` False)
    get empty values: no row claims certainty about a ranking they are not in."""
    n = ranks.shape[1]
    scored = np.ones_like(ranks, dtype=bool) if scored is None else scored
    ranked = np.ones(n, dtype=bool) if ranked is None else ranked
    low = np.percentile(ranks, 5, axis=0, method="lower").astype(int) if len(ranks) else np.zeros(n, dtype=int)
    high = np.percentile(ranks, 95, axis=0, method="higher").astype(int) if len(ranks) else np.zeros(n, dtype=int)
    return pd.DataFrame({
        "id": nodes,
        "top10_share": np.where(ranked, ((ranks <= TOP) & scored).mean(axis=0), np.nan),
        "rank_low": pd.Series(low, dtype="Int64").where(ranked, pd.NA).array,
        "rank_high": pd.Series(high, dtype="Int64").where(ranked, pd.NA).array,
    })


def with_confidence(result, resamples: int, missing: float | None = None, seed: int | None = None):
    """The analysis with ``top10_share``, ``rank_low`` and ``rank_high`` added to the broker and
    hidden-wealth tables, a plain-words note, and the summary under ``confidence`` in
    ``run_info()``."""
    c = ranking_confidence(result, resamples, missing, seed)
    brokers = result.brokers.merge(c.brokers, on="id", how="left")
    wealth = result.hidden_wealth.merge(c.hidden_wealth, on="id", how="left")
    i = c.info
    what = (f"{i['missing']:.0%} of the respondents' answers removed ({i['missing_from']})"
            if i["mode"] == "respondents" else f"{i['missing']:.0%} of the ties removed ({i['missing_from']})")
    tau = i["brokers_kendall_tau"]["mean"]
    note = (f"how sure are we: rankings recomputed on {i['resamples']} resamples with {what}; honest-broker ranking "
            f"agreement with the full data (Kendall's tau) {tau:.2f} on average" if tau is not None else
            f"how sure are we: rankings recomputed on {i['resamples']} resamples with {what}")
    if i.get("brokers_note"):
        note += f"; {i['brokers_note']}"
    if i["paths"] != "exact":
        note += f"; {i['paths']}"
    return dataclasses.replace(result, brokers=brokers, hidden_wealth=wealth, notes=result.notes + [note],
                               confidence=i)


def plain_share(share: float, resamples: int) -> str:
    """``"in the top 10 in 87 of 100 resamples"``."""
    return f"in the top {TOP} in {int(round(share * resamples))} of {resamples} resamples"  # noqa: RUF046 - share may be a numpy float


def sure_column(table: pd.DataFrame, info: dict | None) -> pd.DataFrame:
    """``table`` with a ``how_sure`` sentence per actor ("in the top 10 in 87 of 100 resamples;
    rank 1–3") when the analysis was resampled; unchanged otherwise."""
    if not info or "top10_share" not in table.columns:
        return table
    n = info["resamples"]
    out = table.copy()
    out["how_sure"] = [f"{plain_share(s, n)}; rank {lo}–{hi}" if pd.notna(s) else ""
                       for s, lo, hi in zip(out["top10_share"], out["rank_low"], out["rank_high"])]
    return out
