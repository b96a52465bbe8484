"""Getting data in: bundled samples, uploads, column mapping, and the cached loading steps."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from ..analysis import Analysis, AnalysisOptions, Metrics, analyse, compute_metrics
from ..errors import FileProblem
from ..insights.brokers import BrokerWeights
from ..io import MAX_FILE_BYTES, read_table, read_workbook
from ..network import StakeholderNetwork, load_network
from ..render.layout import layout_positions
from ..samples import samples_dir
from ..validate import ACTOR_COLUMNS, ACTOR_SHEETS, TIE_COLUMNS, TIE_SHEETS, ValidationReport
from . import spaces as spaces_ui

__all__ = ["Source", "choose_source", "load", "analysis_for", "positions_for", "network_for", "layout_for",
           "metrics_for", "SAMPLES"]

SAMPLES = {
    "Millbrook (fictional town, 168 actors)": "millbrook",
    "Florentine families (Padgett)": "florentine",
    "Karate club (Zachary)": "karate",
    "Southern Women (Davis; who attended which events)": "davis",
}
#: Group attribute a sample is best explored with.
SAMPLE_GROUPS = {"millbrook": "sector", "karate": "club"}


@dataclass(frozen=True)
class Source:
    """The files to analyse, as (name, bytes) so that caching keys on content."""

    ties: tuple[str, bytes] | None
    actors: tuple[str, bytes] | None
    label: str
    sample: str | None = None
    affiliations: tuple[str, bytes] | None = None  # the second mode (netmap.affiliations)
    spaces: tuple[str, bytes] | None = None
    aliases: tuple[str, bytes] | None = None  # a survey's decisions about names, kept with a saved wave

    @property
    def identity(self) -> str:
        """Changes whenever other files (or other content) are chosen."""
        digest = hashlib.sha1(self.ties[1] if self.ties is not None else b"")
        for name, part in (("actors", self.actors), ("affiliations", self.affiliations), ("spaces", self.spaces)):
            if part is not None:
                digest.update(f"\0{name}\0".encode() + part[1])
        return digest.hexdigest()


def _sample(folder: str) -> Source:
    base = samples_dir() / folder
    files = {name: (f"{name}.csv", (base / f"{name}.csv").read_bytes()) if (base / f"{name}.csv").exists() else None
             for name in ("ties", "actors", "affiliations", "spaces")}
    return Source(files["ties"], files["actors"], f"sample '{folder}'", folder, files["affiliations"], files["spaces"])


def choose_source() -> Source | None:
    """Sidebar: a bundled sample or the user's own files."""
    st.sidebar.header("Data")
    mode = st.sidebar.radio("Data", ["Sample locality", "Upload my files", "Survey export"], key="mode",
                            label_visibility="collapsed")
    if mode == "Survey export":
        from .survey import survey_source

        return survey_source()
    if mode == "Sample locality":
        choice = st.sidebar.selectbox("Sample", list(SAMPLES), key="sample")
        return _sample(SAMPLES[choice])
    limit = MAX_FILE_BYTES // 2**20
    ties = st.sidebar.file_uploader(
        "Ties: CSV, TSV or an Excel workbook", key="ties_file",
        type=["csv", "tsv", "txt", "xlsx", "xlsm", "gexf", "graphml"],
        help=f"One row per relationship: source, target, optional weight and type. A workbook may hold an "
             f"actors sheet too; a GEXF or GraphML file (Gephi, yEd, igraph) holds both. Up to {limit} MB.")
    actors = st.sidebar.file_uploader(
        "Actors (optional)", type=["csv", "tsv", "txt", "xlsx", "xlsm"], key="actors_file",
        help="One row per actor: id, optional name, and any attributes (sector, ward, offers, needs …).")
    with st.sidebar.expander("Templates"):
        for name in ("ties.csv", "actors.csv"):
            template = (samples_dir() / "templates" / name).read_bytes()
            st.download_button(f"Download {name} template", template, file_name=name, mime="text/csv",
                               key=f"template_{name}")
        st.caption("Fill in one row per tie and per actor. Names of columns from Gephi and Kumu work too.")
    affiliations, spaces = spaces_ui.uploads()
    if ties is None and affiliations is None:
        return None
    return Source((ties.name, ties.getvalue()) if ties else None, (actors.name, actors.getvalue()) if actors else None,
                  ties.name if ties else affiliations[0], None, affiliations, spaces)


@st.cache_data(show_spinner=False, max_entries=16)
def load(ties: tuple[str, bytes] | None, actors: tuple[str, bytes] | None, directed: bool,
         tie_columns: tuple[tuple[str, str], ...] = (), actor_columns: tuple[tuple[str, str], ...] = (),
         affiliations: tuple[str, bytes] | None = None, spaces: tuple[str, bytes] | None = None
         ) -> tuple[StakeholderNetwork | None, ValidationReport]:
    return load_network(ties, actors, directed=directed, tie_columns=dict(tie_columns),
                        actor_columns=dict(actor_columns), affiliations=affiliations, spaces=spaces)


def headers(source: Source) -> tuple[list[str], list[str]]:
    """Column names of the ties table and the actors table (empty when unreadable)."""
    try:
        if source.actors is None and source.ties[0].lower().endswith((".xlsx", ".xlsm")):
            ties, actors = read_workbook(source.ties, TIE_SHEETS, ACTOR_SHEETS)
        else:
            ties = read_table(source.ties, TIE_SHEETS)
            actors = read_table(source.actors, ACTOR_SHEETS) if source.actors else None
    except FileProblem:
        return [], []
    return [h for h in ties.header if h], [h for h in actors.header if h] if actors else []


def _role_pickers(table: str, header: list[str], roles: dict[str, list[str]]) -> tuple[tuple[str, str], ...]:
    """One selectbox per role (source, target …) offering the file's columns."""
    chosen = []
    for column, role in zip(st.columns(len(roles)), roles):
        pick = column.selectbox(f"{table.capitalize()}: {role}", ["(none)"] + header, key=f"map_{table}_{role}",
                                help="Accepted names: " + ", ".join(roles[role]))
        if pick != "(none)":
            chosen.append((role, pick))
    return tuple(chosen)


def column_mapping(source: Source) -> None:
    """The mapping step: let the user say which column is which, then load again."""
    tie_header, actor_header = headers(source)
    with st.form("mapping"):
        st.write("Tell netmap which of your columns is which:")
        chosen_ties = _role_pickers("ties", tie_header, TIE_COLUMNS)
        chosen_actors = _role_pickers("actors", actor_header, ACTOR_COLUMNS) if actor_header else ()
        submitted = st.form_submit_button("Use these columns")
    if submitted:
        st.session_state["column_mapping"] = (source.ties[1], chosen_ties, chosen_actors)
        st.rerun()


def not_recorded(update):
    """Wrap a progress update called from inside a cached function so Streamlit does not record
    it for replay: the bar belongs to this run, and replaying it from the cache fails
    (CacheReplayClosureError). Uses Streamlit's ``in_cached_function`` flag; without it
    (another Streamlit version) the bar simply stays still."""
    try:
        from streamlit.runtime.scriptrunner_utils.script_run_context import in_cached_function
    except ImportError:  # pragma: no cover - depends on the Streamlit version
        return lambda *args: None

    def call(*args):
        token = in_cached_function.set(False)
        try:
            update(*args)
        finally:
            in_cached_function.reset(token)

    return call


# The analysis is cached in stages, each keyed on only what it depends on (issue 15), so that
# changing the groups, the community method or the resources column keeps the layout and the
# slow centralities: network (files, direction, columns, tie filter) → layout (+ seed) and
# metrics (+ weighted, seed) → analysis (+ every other option).

@st.cache_data(show_spinner=False, max_entries=8)
def network_for(ties: tuple[str, bytes], actors: tuple[str, bytes] | None, directed: bool, tie_columns: tuple,
                actor_columns: tuple, types: tuple[str, ...] | None, min_weight: float | None,
                affiliations: tuple[str, bytes] | None = None, spaces: tuple[str, bytes] | None = None,
                meets_at: int | None = None) -> StakeholderNetwork:
    """The network as analysed: read, then only the chosen tie types and strengths, with the
    "meets at" ties of shared spaces when ``meets_at`` is set."""
    network, _ = load(ties, actors, directed, tie_columns, actor_columns, affiliations, spaces)
    network = network.filter_ties(list(types) if types is not None else None, min_weight)
    return spaces_ui.with_meets_at(network, meets_at)


@st.cache_data(show_spinner=False, max_entries=8)
def layout_for(ties: tuple[str, bytes], actors: tuple[str, bytes] | None, directed: bool, tie_columns: tuple,
               actor_columns: tuple, types: tuple[str, ...] | None, min_weight: float | None,
               seed: int, *two_mode) -> dict[str, tuple[float, float]]:
    """Map positions: they depend on the ties and the seed, never on groups or weights.
    ``two_mode``: affiliations, spaces and the "meets at" cap, as for :func:`network_for`."""
    return layout_positions(network_for(ties, actors, directed, tie_columns, actor_columns, types,
                                        min_weight, *two_mode).graph, seed)


@st.cache_data(show_spinner=False, max_entries=8)
def metrics_for(ties: tuple[str, bytes], actors: tuple[str, bytes] | None, directed: bool, tie_columns: tuple,
                actor_columns: tuple, types: tuple[str, ...] | None, min_weight: float | None, weighted: bool,
                seed: int, two_mode: tuple = (), _progress=None) -> Metrics:
    """Betweenness, closeness, harmonic, eigenvector, PageRank, clustering, cores and structural
    holes: the slow stage, which no group, community or insight option changes."""
    network = network_for(ties, actors, directed, tie_columns, actor_columns, types, min_weight, *two_mode)
    timer = None
    if _progress is not None:
        from ..analysis import _Timer

        timer = _Timer(_progress)
    return compute_metrics(network, AnalysisOptions(weighted=weighted, seed=seed), timer, keep_index=False)


@st.cache_data(show_spinner=False, max_entries=8)
def analysis_for(ties: tuple[str, bytes], actors: tuple[str, bytes] | None, directed: bool,
                 tie_columns: tuple, actor_columns: tuple, types: tuple[str, ...] | None, min_weight: float | None,
                 weighted: bool, group_by: str | None, method: str, resolution: float, seed: int,
                 capacity: str | None, affiliations: tuple[str, bytes] | None = None,
                 spaces: tuple[str, bytes] | None = None, meets_at: int | None = None, _progress=None) -> Analysis:
    """The whole analysis; ``_progress(stage, fraction)`` (not part of the cache key) is told
    each stage when anything is computed."""
    two_mode = (affiliations, spaces, meets_at)
    network = network_for(ties, actors, directed, tie_columns, actor_columns, types, min_weight, *two_mode)
    metrics = metrics_for(ties, actors, directed, tie_columns, actor_columns, types, min_weight, weighted, seed,
                          two_mode, _progress=_progress)
    options = AnalysisOptions(weighted=weighted, group_by=group_by, community_method=method, resolution=resolution,
                              seed=seed, capacity_column=capacity)
    return analyse(network, options=options, metrics=metrics, progress=_progress)


@st.cache_data(show_spinner=False, max_entries=8)
def positions_for(_result: Analysis, key: tuple, seed: int) -> dict[str, tuple[float, float]]:
    """Layout for the analysis with arguments ``key``: the network part of the key and the seed
    only (:func:`layout_for`), so other options keep the map where it is."""
    return layout_for(*key[:7], seed, *key[13:16])


@st.cache_data(show_spinner=False, max_entries=32)
def rescored_brokers(_result: Analysis, key: tuple, weights: tuple[float, ...]):
    return _result.brokers_with(BrokerWeights(*weights))


@st.cache_data(show_spinner=False, max_entries=8)
def bundle_for(_result: Analysis, key: tuple, secret: str | None, _report, keep: tuple = ()) -> dict[str, bytes]:
    """The files of :func:`netmap.output.export_bundle`, as bytes for download buttons
    (the key table is not among them: the app offers it on its own)."""
    import tempfile

    from ..output import export_bundle

    with tempfile.TemporaryDirectory() as folder:
        paths = export_bundle(_result, Path(folder), _report, key=secret, keep=keep)
        return {p.name: p.read_bytes() for p in paths}


@st.cache_data(show_spinner=False, max_entries=16)
def what_if_for(_result: Analysis, key: tuple, removed: tuple[str, ...]):
    """What-if removals, cached: every widget change reruns every tab, and the what-if
    recomputes betweenness twice (seconds on thousands of actors)."""
    from ..insights.resilience import what_if

    return what_if(_result.network.graph, remove_actors=list(removed))
