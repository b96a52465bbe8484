"""analyse(): every metric of METRICS.md for one network, as one frozen result.

The CLI, the app and the reports all call :func:`analyse`; nothing here draws or prints.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .errors import InputError
from .insights.assets import under_used_assets
from .insights.brokers import BrokerWeights, honest_brokers
from .insights.gaps import gap_ratio_matrix, group_gaps
from .insights.introductions import IntroductionWeights, suggest_introductions
from .insights.link_prediction import LinkModel
from .insights.resilience import cut_off_if_removed
from .io import Source
from .metrics import brokerage, centrality, cohesion, communities, groups, structural_holes
from .metrics.engine import Indexed, index_graph
from .network import StakeholderNetwork, read_network

__all__ = ["AnalysisOptions", "Analysis", "analyse", "METRIC_COLUMNS", "SUMMARY_KEYS"]

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
        Path-based measures use tie length 1/weight; strength-based ones (strength,
        eigenvector, PageRank, constraint, communities) use the weight as a strength.
    group_by
        Actor attribute defining groups (sector, ward …); None = the detected communities.
    community_method, resolution, seed
        Community detection (``leiden`` or ``louvain``), its resolution, and the seed for
        every random choice (communities, sampled betweenness).
    exact_betweenness_limit, betweenness_samples
        Above the limit (actors) betweenness is estimated from that many sampled sources.
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
    seconds per stage, and ``peak_memory`` its peak resident MiB when measured.
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

    def brokers_with(self, weights: BrokerWeights) -> pd.DataFrame:
        """The honest-broker table re-scored with other component weights (nothing else changes)."""
        return honest_brokers(index_graph(self.network.graph), self.actors, self.group_codes, self.group_names,
                              self.group_column, weights)

    def run_info(self) -> dict[str, Any]:
        """Options and approximations, so the numbers can be reproduced."""
        from . import __version__

        options = {k: (v.__dict__ if hasattr(v, "__dict__") else v) for k, v in self.options.__dict__.items()}
        return {"netmap_version": __version__, "options": options | {"directed": self.network.directed},
                "group_column": self.group_column,
                "betweenness_exact": "betweenness sampled" not in " ".join(self.notes),
                "link_model": {"auc": self.link_model.auc, "baseline_auc": self.link_model.baseline_auc,
                               "held_out_ties": self.link_model.held_out_ties, "message": self.link_model.message},
                "notes": self.notes}


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


class _Timer:
    def __init__(self):
        self.timings: dict[str, float] = {}
        self.peaks: dict[str, float] = {}

    def __call__(self, stage: str, fn, *args, **kwargs):
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
    names = sorted(set(labels))
    code = {name: i for i, name in enumerate(names)}
    return np.array([code[v] for v in labels], dtype=int), names, group_by


def analyse(network: StakeholderNetwork | Source, actors: Source | None = None, *, directed: bool = False,
            options: AnalysisOptions | None = None, **option_values) -> Analysis:
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
    timer = _Timer()
    ix = timer("prepare", index_graph, network.graph)
    w = options.weighted
    columns: dict[str, np.ndarray] = {}
    columns.update(timer("degree", centrality.degree, ix))
    columns["strength"] = timer("degree", centrality.strength, ix)
    between = timer("betweenness", centrality.betweenness, ix, w, options.seed,
                    options.exact_betweenness_limit, options.betweenness_samples)
    columns["betweenness"] = between.values
    columns["closeness"], distance_sums = timer("closeness", centrality.closeness, ix, w)
    columns["harmonic"] = timer("harmonic", centrality.harmonic, ix, w)
    columns["eigenvector"] = timer("eigenvector", centrality.eigenvector, ix, w)
    columns["pagerank"] = timer("pagerank", centrality.pagerank, ix, w)
    columns["clustering"] = timer("cohesion", cohesion.clustering, ix)
    columns["core_number"] = timer("cohesion", cohesion.core_number, ix)
    holes = timer("structural holes", structural_holes.structural_holes, ix, w)
    columns.update(constraint=holes.constraint, effective_size=holes.effective_size,
                   efficiency=holes.efficiency, hierarchy=holes.hierarchy)
    found = timer("communities", communities.detect_communities, ix, options.community_method,
                  options.resolution, options.seed, w)
    columns["community"] = found.labels
    columns["articulation_point"] = timer("cohesion", cohesion.articulation_points, ix)
    codes, names, group_column = _group_codes(network, ix, options.group_by, found.labels)
    columns["ei_index"] = timer("groups", groups.ei_actor, ix, codes)
    columns.update(timer("brokerage", brokerage.gould_fernandez, ix, codes).as_columns())

    summary = timer("summary", _summary, ix, columns, distance_sums, found, codes, names, w)
    mixing = timer("groups", groups.mixing, ix, codes, names)
    notes = []
    if not between.exact:
        notes.append(f"betweenness sampled: estimated from {between.samples:,} randomly chosen source actors "
                     f"(seed {options.seed}) because the network has more than "
                     f"{options.exact_betweenness_limit:,} actors; ranks are reliable, exact values are not")
    table = _actor_table(network, ix, columns, notes)
    brokers = timer("brokers", honest_brokers, ix, table, codes, names, group_column, options.broker_weights)
    assets = timer("hidden wealth", under_used_assets, table, options.capacity_column)
    gaps = group_gaps(mixing, group_column)
    marginality = assets.set_index("id")["marginality"].reindex(table["id"]).fillna(0).to_numpy()
    introductions, model = timer("introductions", suggest_introductions, ix, table, codes, names, found.labels,
                                 marginality, gap_ratio_matrix(mixing, names), options.seed,
                                 options.introduction_weights, options.introductions)
    by_id = brokers.set_index("id")
    table["broker_score"] = by_id["broker_score"].reindex(table["id"]).to_numpy()
    table["broker_rank"] = pd.array(by_id["broker_rank"].reindex(table["id"]).to_numpy(), dtype="Int64")
    table["hidden_wealth_score"] = assets.set_index("id")["hidden_wealth_score"].reindex(table["id"]).fillna(
        0.0).to_numpy()
    table["cut_off_if_removed"] = timer("resilience", cut_off_if_removed, ix)
    spaces = None
    if network.affiliations is not None:  # the second mode: docs/spaces.md
        from .insights.spaces import analyse_spaces

        spaces = timer("shared spaces", analyse_spaces, network, ix.nodes, codes, names, group_column, options.seed)
        table = table.assign(**spaces.actor_columns)
        summary.update(spaces.summary)
        notes += spaces.notes
    return Analysis(network, options, table, summary, mixing, group_column, names, codes, found, brokers, assets,
                    introductions, gaps, model, notes, timer.timings, timer.peaks, spaces)


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


def _summary(ix: Indexed, columns, distance_sums, found, codes, names, weighted) -> dict[str, Any]:
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
        # closeness already summed hop distances within each component
        apl = float(distance_sums[members].sum() / (size * (size - 1)))
    else:
        sub = ix.undirected_igraph().induced_subgraph(members.tolist())
        apl = float(sub.average_path_length(directed=False, unconn=True))
    return {
        "actors": n,
        "ties": int(len(ix.sources)),
        "directed": ix.directed,
        "density": cohesion.density(ix),
        "components": int(len(sizes)),
        "largest_component_size": size,
        "diameter": cohesion.diameter(ix, members),
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
