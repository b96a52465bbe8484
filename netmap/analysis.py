"""analyse(): every metric of METRICS.md for one network, as one frozen result.

The CLI, the app and the reports all call :func:`analyse`; nothing here draws or prints.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from netmap import __version__
from netmap.errors import InputError
from netmap.formats.spreadsheets import Source
from netmap.insights.assets import capacity_values, resources_note, under_used_assets
from netmap.insights.brokers import BrokerWeights, honest_brokers
from netmap.insights.circles import Circles, circles_of_trust
from netmap.insights.confidence import with_confidence
from netmap.insights.describe import describe_communities
from netmap.insights.gaps import gap_ratio_matrix, group_gaps
from netmap.insights.introductions import IntroductionWeights, start_learning, suggest_introductions
from netmap.insights.link_prediction import LinkModel
from netmap.insights.resilience import WhatIf, cut_off_if_removed, what_if
from netmap.insights.spaces import analyse_spaces, space_paths
from netmap.metrics import brokerage, centrality, cohesion, communities, groups, structural_holes
from netmap.metrics.engine import Indexed
from netmap.metrics.spare_core import beside, pump, worth_a_process
from netmap.network import StakeholderNetwork, read_network
from netmap.validate.affiliations import COPRESENCE_NOTE, has_copresence
from netmap.validate.summary import changes_summary, warning_texts
from netmap.words import natural_key

if TYPE_CHECKING:
    from netmap.insights.actions import Action
    from netmap.insights.footprint import Footprint

__all__ = ["AnalysisOptions", "Analysis", "analyse", "compute_metrics", "Metrics", "METRIC_COLUMNS",
           "SUMMARY_KEYS"]

#: Actor-level metric columns, in output order (in/out degree only on directed networks).
METRIC_COLUMNS = [
    "degree", "in_degree", "out_degree", "strength", "betweenness", "closeness", "harmonic", "eigenvector",
    "pagerank", "clustering", "core_number", "constraint", "effective_size", "efficiency", "hierarchy",
    "community", "articulation_point", "ei_index", "gf_coordinator", "gf_itinerant", "gf_representative",
    "gf_gatekeeper", "gf_liaison", "gf_total",
]
#: Insight columns added to the actor table after the metrics.
INSIGHT_COLUMNS = ["broker_score", "broker_rank", "hidden_wealth_score", "cut_off_if_removed"]
#: Network-level keys of ``summary.json``.
SUMMARY_KEYS = [
    "actors", "ties", "directed", "density", "components", "largest_component_size", "diameter",
    "average_path_length", "transitivity", "average_clustering", "degree_centralization", "modularity",
    "communities", "ei_index", "ei_by_group", "articulation_points", "bridges",
]


@dataclass(frozen=True)
class AnalysisOptions:
    """Choices that change the numbers; all are recorded with the results.

    Attributes
    ----------
    weighted
        Path-based measures use tie length w_max/weight (the strongest tie is one step); strength-based ones (strength,
        eigenvector, PageRank, constraint, communities) use the weight as a strength.
    group_by
        Actor attribute defining groups (sector, ward …); None = the detected communities.
    community_method, resolution, seed
        Community detection (``leiden`` or ``louvain``), its resolution, and the seed for
        every random choice (communities, sampled betweenness).
    exact_betweenness_limit, betweenness_error, betweenness_samples
        Above the limit (actors) betweenness is estimated: from ``betweenness_samples``
        sampled sources, or on an unweighted, undirected network of more than
        ``centrality.KADABRA_TIES`` ties by KADABRA, aiming at every actor's value within
        ``betweenness_error`` (90% confidence; what it reached is in the note).
    exact_distance_limit, distance_samples
        Above the limit (actors) closeness and harmonic centrality are estimated from that
        many sampled pivots, the diameter from bounds and the average path length from samples.
    exact
        Compute every value exactly whatever the size (slow: minutes at 50,000 actors).
    broker_weights, introduction_weights
        Weights of the honest-broker and introduction score components.
    capacity_column
        Numeric actor attribute measuring resources for hidden wealth; None = count the
        items in ``offers``.
    introductions
        How many suggested introductions to keep.
    """

    weighted: bool = False
    group_by: str | None = None
    community_method: str = "leiden"
    resolution: float = 1.0
    seed: int = 0
    exact_betweenness_limit: int = centrality.EXACT_BETWEENNESS_LIMIT
    betweenness_samples: int = centrality.BETWEENNESS_SAMPLES
    betweenness_error: float = centrality.BETWEENNESS_ERROR
    exact_distance_limit: int = centrality.EXACT_DISTANCE_LIMIT
    distance_samples: int = centrality.DISTANCE_SAMPLES
    exact: bool = False
    broker_weights: BrokerWeights = field(default_factory=BrokerWeights)
    introduction_weights: IntroductionWeights = field(default_factory=IntroductionWeights)
    capacity_column: str | None = None
    introductions: int = 50


@dataclass(frozen=True)
class Analysis:
    """Everything the views, exports and reports need.

    ``actors`` holds id, name, the attributes, the metric columns (unrounded) and the
    insight columns; ``summary`` the network-level numbers; ``mixing`` ties between groups,
    observed and expected; ``group_column`` names the attribute used as groups
    (``community`` when the communities were used); ``brokers``, ``hidden_wealth``,
    ``introductions`` and ``group_gaps`` are the insight tables, each with a ``why``
    column; ``link_model`` holds the link-prediction model and its measured AUC (or why
    there is none); ``notes`` says what was approximated; ``timings`` records
    seconds per stage, and ``peak_memory`` its peak resident MiB when measured;
    ``estimates`` names each estimated value with its method and sample size (empty when
    every value is exact).
    """

    network: StakeholderNetwork
    options: AnalysisOptions
    actors: pd.DataFrame
    summary: dict[str, Any]
    mixing: pd.DataFrame
    group_column: str
    group_names: list[str]
    group_codes: np.ndarray
    communities: communities.Communities
    brokers: pd.DataFrame
    hidden_wealth: pd.DataFrame
    introductions: pd.DataFrame
    group_gaps: pd.DataFrame
    link_model: LinkModel
    notes: list[str] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    peak_memory: dict[str, float] = field(default_factory=dict)
    spaces: Any = None  # insights.spaces.SpacesAnalysis when the network has affiliations
    estimates: dict[str, dict] = field(default_factory=dict)
    confidence: dict[str, Any] | None = None  # set by netmap.insights.confidence.with_confidence
    circles: Circles | None = None  # circles of trust (netmap.insights.circles)

    def brokers_with(self, weights: BrokerWeights) -> pd.DataFrame:
        """The honest-broker table re-scored with other component weights (nothing else changes)."""
        return honest_brokers(self.network.index(), self.actors, self.group_codes, self.group_names,
                              self.group_column, weights)

    # What the app, the CLI and the briefing recompute on demand, one path for each (LAYOUT.md:
    # outputs format, they do not compute). The actions and the footprint are loaded when asked
    # for: they need networkx, which `netmap analyse` never loads.

    def what_if(self, removed) -> WhatIf:
        """What breaks if the actors ``removed`` left (:func:`netmap.insights.resilience.what_if`)."""
        return what_if(self.network.graph, remove_actors=list(removed))

    def footprint(self, actor: str, earlier: Analysis | None = None) -> Footprint:
        """One actor's footprint, with what changed since ``earlier``
        (:func:`netmap.insights.footprint.footprint`)."""
        from netmap.insights.footprint import footprint  # loaded when asked for (networkx)
        return footprint(self, actor, earlier)

    def with_confidence(self, resamples: int, missing: float | None = None, seed: int | None = None) -> Analysis:
        """This analysis with how sure its rankings are (:func:`netmap.insights.confidence.with_confidence`)."""
        return with_confidence(self, resamples, missing, seed)

    def suggested_actions(self, limit: int = 5, pseudonymiser=None) -> list[Action]:
        """The meeting's suggested actions (:func:`netmap.insights.actions.suggested_actions`)."""
        from netmap.insights.actions import suggested_actions  # loaded when asked for (networkx)
        return suggested_actions(self, limit=limit, pseudonymiser=pseudonymiser)

    def community_descriptions(self, pseudonymiser=None) -> pd.DataFrame:
        """Each community in words (:func:`netmap.insights.describe.describe_communities`)."""
        return describe_communities(self, pseudonymiser=pseudonymiser)

    def cut_off_without(self, actor: str) -> list[str]:
        """The actors cut off from the main body of their component if ``actor`` left
        (:func:`netmap.insights.actions.cut_off_members`)."""
        from netmap.insights.actions import cut_off_members  # loaded when asked for (networkx)
        return cut_off_members(self.network.graph, actor)

    def run_info(self) -> dict[str, Any]:
        """Options and approximations, so the numbers can be reproduced."""
        options = {k: (v.__dict__ if hasattr(v, "__dict__") else v) for k, v in self.options.__dict__.items()}
        return {"netmap_version": __version__, "options": options | {"directed": self.network.directed},
                "group_column": self.group_column,
                "betweenness_exact": "betweenness" not in self.estimates,
                "estimated": self.estimates,
                "link_model": {"auc": self.link_model.auc, "baseline_auc": self.link_model.baseline_auc,
                               "held_out_ties": self.link_model.held_out_ties, "message": self.link_model.message},
                "notes": self.notes, "reading": changes_summary(self.network.warnings),
                "reading_warnings": warning_texts(self.network.warnings)} | (
                    {"confidence": self.confidence} if self.confidence else {})


#: Set by the benchmark: also record each stage's peak resident memory (Linux only).
MEASURE_MEMORY = False


def _reset_peak_memory() -> None:
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")  # resets VmHWM, the peak resident set size


def peak_memory_mib() -> float:
    """Peak resident memory of this process since the last reset, in MiB (Linux)."""
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


#: Stages :func:`analyse` times (a stage may be timed in several parts), for progress fractions.
_STAGE_CALLS = 23


class _Timer:
    def __init__(self, progress=None):
        self.timings: dict[str, float] = {}
        self.peaks: dict[str, float] = {}
        self.progress = progress
        self.calls = 0

    def collect(self, stage: str, work):
        """The result of ``work`` (:func:`~netmap.metrics.spare_core.beside`), its wait timed as
        ``stage``; the second process's own peak memory recorded beside the stage's."""
        result = self(stage, work.result)
        if work.child_peak_mib is not None:
            self.peaks[f"{stage} (second process)"] = max(self.peaks.get(f"{stage} (second process)", 0.0),
                                                           work.child_peak_mib)
        return result

    def __call__(self, stage: str, fn, *args, **kwargs):
        if self.progress is not None:
            self.progress(stage, min(1.0, self.calls / _STAGE_CALLS))
        self.calls += 1
        pump()  # between stages, the spare core takes the next waiting work
        if MEASURE_MEMORY:
            _reset_peak_memory()
        start = time.perf_counter()
        result = fn(*args, **kwargs)
        self.timings[stage] = self.timings.get(stage, 0.0) + time.perf_counter() - start
        if MEASURE_MEMORY:
            self.peaks[stage] = max(self.peaks.get(stage, 0.0), peak_memory_mib())
        return result


def _group_codes(network: StakeholderNetwork, ix: Indexed, group_by: str | None,
                 community_labels: np.ndarray) -> tuple[np.ndarray, list[str], str]:
    if group_by is None:
        names = [str(c) for c in range(int(community_labels.max()) + 1)] if len(community_labels) else []
        return community_labels, names, "community"
    if group_by not in network.attribute_columns:
        available = ", ".join(f"'{c}'" for c in network.attribute_columns) or "none"
        raise InputError(f"--group-by '{group_by}' is not an actor attribute; attributes: {available}")
    values = network.actors.set_index("id")[group_by]
    labels = [values.get(v) for v in ix.nodes]
    labels = [groups.BLANK_GROUP if v is None or (isinstance(v, float) and v != v) else str(v) for v in labels]
    names = sorted(set(labels), key=natural_key)  # grade 7, 8 … 12, not 10, 11, 12, 7
    code = {name: i for i, name in enumerate(names)}
    return np.array([code[v] for v in labels], dtype=int), names, group_by


@dataclass(frozen=True)
class Metrics:
    """The slow stage of :func:`analyse`: the actor metrics that depend only on the ties and on
    ``weighted``, ``seed`` and the exactness options (:data:`METRICS_OPTIONS`), not on groups,
    communities or insight weights, so that the app can keep them while other options change.

    ``ix`` is the index the metrics were computed on, kept only within one process.
    """

    columns: dict[str, np.ndarray]
    distance_sums: np.ndarray
    betweenness: centrality.BetweennessResult
    estimates: dict[str, dict]
    ix: Indexed | None = None


#: The options :func:`compute_metrics` depends on.
METRICS_OPTIONS = ("weighted", "seed", "exact", "exact_betweenness_limit", "betweenness_samples", "betweenness_error",
                   "exact_distance_limit", "distance_samples")


def compute_metrics(network: StakeholderNetwork, options: AnalysisOptions | None = None, timer=None,
                    keep_index: bool = True, ix: Indexed | None = None) -> Metrics:
    """Degree, strength, betweenness, closeness, harmonic, eigenvector, PageRank, clustering,
    coreness and structural holes: the stage of :func:`analyse` that needs no groups. Pass the
    result to ``analyse(..., metrics=...)``; ``keep_index=False`` drops the igraph twin (for
    caches that pickle); ``ix``, the network's index when already made."""
    options = options or AnalysisOptions()
    timer = timer or _Timer()
    ix = ix if ix is not None else timer("prepare", network.index)
    w = options.weighted
    # structural holes need nothing the stages below make: on the second core meanwhile
    holes_work = beside(structural_holes.structural_holes, ix, w, fork=worth_a_process(len(ix.sources)))
    columns: dict[str, np.ndarray] = {}
    columns.update(timer("degree", centrality.degree, ix))
    columns["strength"] = timer("degree", centrality.strength, ix)
    estimates: dict[str, dict] = {}
    if options.exact:
        between = timer("betweenness", centrality.betweenness, ix, w, options.seed, ix.n)
    elif ix.n > options.exact_betweenness_limit:
        between = timer("betweenness", centrality.betweenness_estimate, ix, w, options.seed,
                        options.betweenness_samples, error=options.betweenness_error)
    else:
        between = timer("betweenness", centrality.betweenness, ix, w, options.seed,
                        options.exact_betweenness_limit, options.betweenness_samples)
    columns["betweenness"] = between.values
    if not options.exact and ix.n > options.exact_distance_limit:
        found_distances = timer("closeness + harmonic (sampled)", centrality.distance_estimate, ix, w,
                                options.seed, centrality.distance_pivots(options.distance_samples, len(ix.sources)))
        columns["closeness"], columns["harmonic"] = found_distances.closeness, found_distances.harmonic
        distance_sums = found_distances.distance_sums
        for name in ("closeness", "harmonic"):
            estimates[name] = {"method": "sampled pivots (Eppstein & Wang 2004)", "pivots": found_distances.pivots,
                               "seed": options.seed, "exact_actors": found_distances.components_exact}
    else:
        columns["closeness"], distance_sums = timer("closeness", centrality.closeness, ix, w)
        columns["harmonic"] = timer("harmonic", centrality.harmonic, ix, w)
    columns["eigenvector"] = timer("eigenvector", centrality.eigenvector, ix, w)
    columns["pagerank"] = timer("pagerank", centrality.pagerank, ix, w)
    columns["clustering"] = timer("cohesion", cohesion.clustering, ix)
    columns["core_number"] = timer("cohesion", cohesion.core_number, ix)
    holes = timer.collect("structural holes", holes_work)
    columns.update(constraint=holes.constraint, effective_size=holes.effective_size,
                   efficiency=holes.efficiency, hierarchy=holes.hierarchy)
    return Metrics(columns, distance_sums, between, estimates, ix if keep_index else None)


def analyse(network: StakeholderNetwork | Source, actors: Source | None = None, *, directed: bool = False,
            options: AnalysisOptions | None = None, metrics: Metrics | None = None, progress=None,
            **option_values) -> Analysis:
    """Compute every actor- and network-level metric of METRICS.md.

    Parameters
    ----------
    network
        A :class:`StakeholderNetwork`, or a ties file (path or ``(name, bytes)``) read with
        ``actors`` and ``directed`` (raising :class:`~netmap.errors.ValidationFailed` on bad
        input).
    options, **option_values
        :class:`AnalysisOptions`, or its fields as keywords (``weighted=True``,
        ``group_by="sector"``, ``seed=1`` …).
    metrics
        :func:`compute_metrics` of this network with the same :data:`METRICS_OPTIONS`, when
        already computed (the app caches it across changes of other options).
    progress
        Called as ``progress(stage, fraction_done)`` before each stage (the app's progress bar).

    Examples
    --------
    >>> from netmap.network import StakeholderNetwork
    >>> import pandas as pd
    >>> ties = pd.DataFrame({"source": ["a", "b"], "target": ["b", "c"], "weight": [1.0, 1.0]})
    >>> actors = pd.DataFrame({"id": ["a", "b", "c"], "name": ["a", "b", "c"]}, dtype=object)
    >>> result = analyse(StakeholderNetwork(actors, ties))
    >>> result.actors.set_index("id")["betweenness"].to_dict()
    {'a': 0.0, 'b': 1.0, 'c': 0.0}
    """
    if not isinstance(network, StakeholderNetwork):
        network = read_network(network, actors, directed=directed)
    options = options or AnalysisOptions(**option_values)
    if options.capacity_column in network.actors.columns:
        capacity_values(network.actors, options.capacity_column)  # text is an input error: say so before the work
    timer = _Timer(progress)
    ix = metrics.ix if metrics is not None and metrics.ix is not None else timer("prepare", network.index)
    if metrics is None:
        metrics = compute_metrics(network, options, timer, ix=ix)
    # the two-mode paths need nothing the one-mode stages make: on the second core once structural
    # holes, needed first, are done there
    paths_work = None
    if network.affiliations is not None:
        paths_work = beside(space_paths, network, ix.nodes, options.seed, fork=worth_a_process(len(network.affiliations)))
    w = options.weighted
    columns = dict(metrics.columns)
    between, distance_sums, estimates = metrics.betweenness, metrics.distance_sums, dict(metrics.estimates)
    # "meets at" ties are graded by the spaces shared: communities always use their weights
    copresence = not w and has_copresence(network.ties)
    found = timer("communities", communities.detect_communities, ix, options.community_method,
                  options.resolution, options.seed, w or copresence)
    columns["community"] = found.labels
    columns["articulation_point"] = timer("cohesion", cohesion.articulation_points, ix)
    codes, names, group_column = _group_codes(network, ix, options.group_by, found.labels)
    columns["ei_index"] = timer("groups", groups.ei_actor, ix, codes)
    columns.update(timer("brokerage", brokerage.gould_fernandez, ix, codes).as_columns())
    # a register's shared spaces need nothing the stages below make: on the second core meanwhile
    # (taken after brokerage, which gives the paths time to finish)
    spaces_work = None
    if network.affiliations is not None:  # the second mode: docs/spaces.md
        spaces_work = beside(analyse_spaces, network, ix.nodes, codes, names, group_column, options.seed,
                             timer.collect("shared spaces", paths_work), fork=worth_a_process(len(network.affiliations)))

    sampled = not options.exact and ix.n > options.exact_distance_limit
    summary = timer("summary", _summary, ix, columns, distance_sums, found, codes, names, w,
                    (centrality.distance_pivots(options.distance_samples, len(ix.sources)), options.seed, estimates)
                    if sampled else None)
    mixing = timer("groups", groups.mixing, ix, codes, names)
    notes = [COPRESENCE_NOTE] if copresence else []
    if not between.exact:
        estimates["betweenness"] = _betweenness_estimate(between, options)
        notes.append(_betweenness_note(between, options))
    notes += _estimate_notes(estimates, options)
    table = _actor_table(network, ix, columns, notes)
    # on the spare core, in this order: the link model (needed first), then the brokers' ranking
    # and reasons (seconds each for a register's actors), while the introductions' candidates are found here
    learning = timer("introductions", start_learning, ix, table, codes, found.labels, options.seed,
                     options.community_method, options.resolution)
    brokers_work = beside(honest_brokers, ix, table, codes, names, group_column, options.broker_weights,
                          fork=worth_a_process(len(ix.sources)))
    assets = timer("hidden wealth", under_used_assets, table, options.capacity_column)
    notes.append(resources_note(network.actors, options.capacity_column, assets))
    gaps = group_gaps(mixing, group_column, ix.directed)
    marginality = assets.set_index("id")["marginality"].reindex(table["id"]).fillna(0).to_numpy()
    # thousands of groups (one-actor communities): ratios looked up pair by pair, not a k × k matrix
    gap_ratios = (gap_ratio_matrix(mixing, names) if len(names) <= groups.DENSE_GROUPS
                  else groups.GapRatios(ix, codes, len(names)))
    introductions, model = timer("introductions", suggest_introductions, ix, table, codes, names, found.labels,
                                 marginality, gap_ratios, options.seed,
                                 options.introduction_weights, options.introductions,
                                 community_method=options.community_method, resolution=options.resolution,
                                 group_label=group_column, learning=learning)
    # the brokers' inputs must not change until they are collected: the table gains columns after
    cut_off = timer("resilience", cut_off_if_removed, ix)
    brokers = timer.collect("brokers", brokers_work)
    by_id = brokers.set_index("id")
    table["broker_score"] = by_id["broker_score"].reindex(table["id"]).to_numpy()
    table["broker_rank"] = pd.array(by_id["broker_rank"].reindex(table["id"]).to_numpy(), dtype="Int64")
    table["hidden_wealth_score"] = assets.set_index("id")["hidden_wealth_score"].reindex(table["id"]).fillna(
        0.0).to_numpy()
    table["cut_off_if_removed"] = cut_off
    spaces = None
    if spaces_work is not None:
        spaces = timer.collect("shared spaces", spaces_work)
        table = table.assign(**spaces.actor_columns)
        summary.update(spaces.summary)
        notes += spaces.notes
    circles = timer("circles of trust", circles_of_trust, ix, table["name"].to_numpy(), codes, names, group_column,
                    network.affiliations, network.spaces)
    notes.append(circles.note)
    return Analysis(network, options, table, summary, mixing, group_column, names, codes, found, brokers, assets,
                    introductions, gaps, model, notes, timer.timings, timer.peaks, spaces, estimates, circles=circles)


#: What netmap's tests measured of NetworKit's KADABRA beyond its aim (tests/metrics/test_estimates.py):
#: an actor on one of several shortest routes of the same length was off by up to this share of its value.
KADABRA_TIED_ROUTES_ERROR = 0.35


def _betweenness_estimate(between: centrality.BetweennessResult, options: AnalysisOptions) -> dict:
    """What ``run.json`` records of an estimated betweenness."""
    if between.error is None:
        return {"method": "sampled sources (Brandes & Pich 2007)", "sources": between.samples, "seed": options.seed}
    return {"method": "KADABRA (Borassi & Natale 2019), NetworKit", "error": between.error,
            "confidence": 1 - between.risk, "tied_routes_relative_error": KADABRA_TIED_ROUTES_ERROR,
            "shortest_paths": between.samples, "seed": options.seed}


def _betweenness_note(between: centrality.BetweennessResult, options: AnalysisOptions) -> str:
    """One sentence on an estimated betweenness: how it was found and what it can be trusted for."""
    why = f"because the network has more than {options.exact_betweenness_limit:,} actors"
    if between.error is None:
        return (f"betweenness sampled: estimated from {between.samples:,} randomly chosen source actors "
                f"(seed {options.seed}) {why}; ranks are reliable, exact values are not")
    return (f"betweenness estimated {why} and {centrality.KADABRA_TIES:,} ties: KADABRA (NetworKit) followed "
            f"{between.samples:,} random shortest paths (seed {options.seed}), aiming at every actor's value within "
            f"{between.error:g} of the exact one with {1 - between.risk:.0%} confidence; NetworKit's sampler does not "
            "split routes of the same length evenly, so an actor on one of several equal routes can be further off "
            f"(by up to {KADABRA_TIED_ROUTES_ERROR:.0%} of its value in netmap's tests): read the top of the ranking, "
            "not small differences")


def _estimate_notes(estimates: dict[str, dict], options: AnalysisOptions) -> list[str]:
    """Plain sentences for the estimated values other than betweenness (which has its own)."""
    notes = []
    if "closeness" in estimates:
        info = estimates["closeness"]
        notes.append(f"closeness and harmonic centrality estimated: from shortest paths out of {info['pivots']:,} "
                     f"randomly chosen actors (seed {options.seed}) because the network has more than "
                     f"{options.exact_distance_limit:,} actors; ranks are reliable, exact values are not "
                     "(exact values on request: --exact)")
    if "diameter" in estimates:
        info = estimates["diameter"]
        notes.append(f"diameter estimated: at least {info['lower']} and at most {info['upper']} steps "
                     f"(bounds after {info['searches']} searches); {info['lower']} is shown")
    if "average_path_length" in estimates:
        notes.append(f"average path length estimated from {estimates['average_path_length']['sources']:,} "
                     "randomly chosen actors")
    return notes


def _actor_table(network: StakeholderNetwork, ix: Indexed, columns: dict, notes: list[str]) -> pd.DataFrame:
    actors = network.actors.set_index("id").reindex(ix.nodes).reset_index()
    clashes = [c for c in actors.columns if c in METRIC_COLUMNS + INSIGHT_COLUMNS]
    if clashes:
        actors = actors.rename(columns={c: f"{c}_input" for c in clashes})
        notes.append("input columns renamed to keep metric names unique: "
                     + ", ".join(f"'{c}' → '{c}_input'" for c in clashes))
    metrics = pd.DataFrame({name: columns[name] for name in METRIC_COLUMNS if name in columns})
    int_columns = ["core_number", "community"] + [c for c in metrics if c.startswith("gf_") or c.endswith("degree")]
    metrics[int_columns] = metrics[int_columns].astype(int)
    return pd.concat([actors.reset_index(drop=True), metrics], axis=1)


def _diameter(ix: Indexed, members: np.ndarray, sampling) -> int:
    if sampling is None:
        return cohesion.diameter(ix, members)
    budget = cohesion.diameter_budget(len(ix.sources))
    lower, upper = cohesion.diameter_bounds(ix, members, budget)
    if upper > lower:
        sampling[2]["diameter"] = {"method": "iFUB bounds (Crescenzi et al. 2013)", "lower": lower, "upper": upper,
                                   "searches": budget}
    return lower


def _summary(ix: Indexed, columns, distance_sums, found, codes, names, weighted,
             sampling: tuple[int, int, dict] | None = None) -> dict[str, Any]:
    """The network-level numbers; with ``sampling`` = (samples, seed, estimates) the diameter
    comes from bounds and the average path length from samples, recorded in ``estimates``."""
    labels = cohesion.components(ix)
    n = ix.n
    if n:
        sizes = np.bincount(labels)
        largest = int(sizes.argmax())
        members = np.flatnonzero(labels == largest)
    else:
        sizes, members = np.zeros(0), np.zeros(0, dtype=int)
    size = len(members)
    if size < 2:
        apl = 0.0
    elif not ix.directed and not weighted:
        # closeness already summed hop distances within each component (estimated when sampled)
        apl = float(distance_sums[members].sum() / (size * (size - 1)))
        if sampling is not None and size > sampling[0]:
            sampling[2]["average_path_length"] = {"method": "sampled pivots (Eppstein & Wang 2004)",
                                                  "sources": sampling[2]["closeness"]["pivots"]}
    elif sampling is not None:
        samples, seed, estimates = sampling
        apl = cohesion.average_path_length_estimate(ix, members, samples, seed)
        if size > samples:
            estimates["average_path_length"] = {"method": "sampled sources", "sources": samples}
    else:
        sub = ix.undirected_igraph().induced_subgraph(members.tolist())
        apl = float(sub.average_path_length(directed=False, unconn=True))
    return {
        "actors": n,
        "ties": len(ix.sources),
        "directed": ix.directed,
        "density": cohesion.density(ix),
        "components": len(sizes),
        "largest_component_size": size,
        "diameter": _diameter(ix, members, sampling),
        "average_path_length": apl,
        "transitivity": cohesion.transitivity(ix),
        "average_clustering": float(columns["clustering"].mean()) if n else 0.0,
        "degree_centralization": cohesion.degree_centralization(ix),
        "modularity": found.modularity,
        "communities": found.count,
        "ei_index": groups.ei_network(ix, codes),
        "ei_by_group": groups.ei_by_group(ix, codes, names),
        "articulation_points": int(columns["articulation_point"].sum()),
        "bridges": cohesion.bridge_count(ix),
    }
