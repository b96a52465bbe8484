"""Getting data in: bundled samples, uploads, column mapping, and the cached loading steps."""
from __future__ import annotations

import streamlit as st

from netmap.analysis import Analysis, AnalysisOptions, BrokerWeights, Metrics, _Timer, analyse, compute_metrics
from netmap.errors import FileProblem
from netmap.formats.spreadsheets import RawTable, read_table, read_workbook
from netmap.network import StakeholderNetwork, load_network
from netmap.render.layout import layout_positions
from netmap.render.network_map import MapData, build_map, map_html
from netmap.ui import spaces as spaces_ui
from netmap.ui.sources import Source
from netmap.ui.text import keep_valid, plain
from netmap.validate import (
    ACTOR_COLUMNS,
    ACTOR_SHEETS,
    COMBINE_RULES,
    TIE_COLUMNS,
    TIE_SHEETS,
    ValidationReport,
    closest_headers,
    guess_columns,
)
from netmap.words import listing, plural

__all__ = [
    "actions_for",
    "analysis_for",
    "combine_choice",
    "filter_note",
    "keep_bad_rows",
    "layout_for",
    "load",
    "map_for",
    "mapping_files",
    "metrics_for",
    "network_for",
    "positions_for",
    "reading_rules",
    "skip_bad_rows",
]

@st.cache_data(show_spinner=False, max_entries=16)
def load(ties: tuple[str, bytes] | None, actors: tuple[str, bytes] | None, directed: bool,
         tie_columns: tuple[tuple[str, str], ...] = (), actor_columns: tuple[tuple[str, str], ...] = (),
         affiliations: tuple[str, bytes] | None = None, spaces: tuple[str, bytes] | None = None
         ) -> tuple[StakeholderNetwork | None, ValidationReport]:
    """Read and validate (:func:`netmap.network.load_network`), cached on the files' bytes.

    ``tie_columns`` holds the ties file's column choices, ``(role, column)`` pairs, and the
    reading rules as ``("combine", rule)`` and ``("skip_bad_rows", "yes")`` pairs
    (:func:`reading_rules`): so every cache key that holds the column choices (network, layout,
    metrics, analysis) holds the rules too, and changing a rule reads the files again.
    """
    columns = {role: column for role, column in tie_columns if role not in _RULES}
    rules = {role: value for role, value in tie_columns if role in _RULES}
    return load_network(ties, actors, directed=directed, tie_columns=columns, actor_columns=dict(actor_columns),
                        affiliations=affiliations, spaces=spaces, combine=rules.get("combine", "sum"),
                        skip_bad_rows=rules.get("skip_bad_rows") == "yes")


#: The reading rules carried in ``tie_columns`` (see :func:`load`).
_RULES = ("combine", "skip_bad_rows")
#: The words of the choice of rule for repeated ties, and what each is for.
COMBINE_LABELS = {
    "sum": "Add them up (counts: 3 meetings = 3)",
    "max": "Keep the largest (ratings, e.g. 1–5)",
    "mean": "Take the mean (ratings by several people)",
}


def reading_rules(source: Source) -> tuple[tuple[str, str], ...]:
    """The reading rules chosen for ``source``, as pairs to add to ``tie_columns`` (see :func:`load`).

    The rule for repeated ties is the sidebar's choice (:func:`combine_choice`, read here before
    it is drawn, since it must be known before the files are read); bad rows are set aside
    only when the user asked to for these very files (:func:`skip_bad_rows`).
    """
    rules = []
    combine = st.session_state.get("combine", "sum")
    if combine != "sum":  # the default adds nothing, so the keys of earlier runs stay valid
        rules.append(("combine", combine))
    if st.session_state.get("skip_bad_rows") == source.identity:
        rules.append(("skip_bad_rows", "yes"))
    return tuple(rules)


def combine_choice(report: ValidationReport) -> None:
    """Sidebar: how the weights of a repeated tie combine, shown when ties were combined."""
    if not any(i.action == "merged" and i.message.startswith("tie ") for i in report.warnings):
        return
    keep_valid("combine", list(COMBINE_RULES), "sum")
    st.sidebar.selectbox(
        "Ties given more than once: their strengths", list(COMBINE_RULES), key="combine",
        format_func=COMBINE_LABELS.get,
        help="Your ties file names some pairs on several rows; netmap makes one tie of them. Add them up when "
             "each row is one more contact (the default: 3 rows of strength 1 make a tie of 3). Keep the largest "
             "or take the mean when the strengths are ratings on a scale such as 1 to 5, where adding up would "
             "give 9 for ratings of 4 and 5. The list of changes says which ties were combined.")


def skip_bad_rows(source: Source) -> None:
    """Set aside the bad rows of these files (the user pressed the button offering it)."""
    st.session_state["skip_bad_rows"] = source.identity


def keep_bad_rows() -> None:
    """Stop setting rows aside: the bad rows stop the load again."""
    st.session_state.pop("skip_bad_rows", None)


def _tables(source: Source) -> dict[str, RawTable]:
    """The ties and actors tables as read, by role (an unreadable file is left out)."""
    try:
        if source.actors is None and source.ties[0].lower().endswith((".xlsx", ".xlsm")):
            ties, actors = read_workbook(source.ties, TIE_SHEETS, ACTOR_SHEETS)
        else:
            ties = read_table(source.ties, TIE_SHEETS)
            actors = read_table(source.actors, ACTOR_SHEETS) if source.actors else None
    except FileProblem:
        return {}
    return {"ties": ties} | ({"actors": actors} if actors is not None else {})


#: Errors the column-mapping form can fix: netmap did not find a column, or a chosen one is gone.
_MAPPING_ERRORS = ("missing required column", "is not in the header")


def mapping_files(source: Source, report: ValidationReport) -> list[str]:
    """The ties or actors files (as the report names them) whose columns the mapping form can fix.

    The form knows the ties and actors tables only: a missing column in an affiliations or
    spaces file is fixed in the file."""
    if source.ties is None or not any(words in i.message for i in report.errors for words in _MAPPING_ERRORS):
        return []
    mappable = {table.file for table in _tables(source).values()}
    files = [i.file for i in report.errors
             if i.file in mappable and any(words in i.message for words in _MAPPING_ERRORS)]
    return list(dict.fromkeys(files))


#: What each column role holds, in plain words, for the mapping form.
ROLE_WORDS = {
    "source": "Who the tie is from (source)", "target": "Who it is to (target)",
    "weight": "How strong it is (weight; optional)", "type": "Kind of tie (type; optional)",
    "id": "Each actor's unique id or name (id)", "name": "Name to show (name; optional)",
}
#: The mapping form's choice for a role the file has no column for.
NO_COLUMN = "(not in this file)"


def _role_pickers(table: str, header: list[str], roles: dict[str, list[str]], start: dict[str, str]
                  ) -> tuple[tuple[str, str], ...]:
    """One selectbox per role (source, target …) offering the file's columns, starting on ``start``'s
    column for each role (the user's earlier choice or netmap's guess)."""
    chosen = []
    options = [NO_COLUMN] + header
    for column, role in zip(st.columns(len(roles)), roles):
        key = f"map_{table}_{role}"
        keep_valid(key, options, start.get(role, NO_COLUMN))
        pick = column.selectbox(ROLE_WORDS.get(role, role), options, key=key,
                                help="netmap finds this column by itself when its header is one of: "
                                     + ", ".join(roles[role]))
        if pick != NO_COLUMN:
            chosen.append((role, pick))
    return tuple(chosen)


def column_mapping(source: Source, report: ValidationReport, saved: tuple[tuple, tuple] = ((), ())) -> None:
    """The mapping step: say which column is which, for only the files whose columns netmap
    could not find; the pickers start on netmap's guess. Then load again.

    ``saved`` is the mapping in use, ``(tie columns, actor columns)``; a file without a picker
    keeps its part."""
    tables = _tables(source)
    needing = set(mapping_files(source, report))
    if st.session_state.get("map_for") != source.identity:  # other files: start again from the guesses
        for key in [k for k in st.session_state if str(k).startswith("map_")]:
            del st.session_state[key]
        st.session_state["map_for"] = source.identity
    chosen = {"ties": saved[0], "actors": saved[1]}
    with st.form("mapping"):
        for role, spec in (("ties", TIE_COLUMNS), ("actors", ACTOR_COLUMNS)):
            table = tables.get(role)
            if table is None or table.file not in needing:
                continue
            header = [h for h in table.header if h]
            guessed = guess_columns(header, spec)
            # a misspelt header ("Soruce") starts its picker too: the user only confirms it
            guessed |= closest_headers(header, spec, [r for r in spec if r not in guessed], guessed.values())
            start = guessed | dict(saved[0] if role == "ties" else saved[1])
            st.write(plain(f"Which column of {table.file} holds each of these?"))
            chosen[role] = _role_pickers(role, header, spec, start)
        submitted = st.form_submit_button("Use these columns")
    if submitted:
        st.session_state["column_mapping"] = (source.identity, chosen["ties"], chosen["actors"])
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


@st.cache_data(show_spinner=False, max_entries=16)
def what_if_for(_result: Analysis, key: tuple, removed: tuple[str, ...]):
    """What-if removals, cached: every widget change reruns every tab, and the what-if
    recomputes betweenness twice (seconds on thousands of actors)."""
    return _result.what_if(removed)


# Caches keyed on the analysis's arguments ``key`` serve every session that analyses the same
# bytes with the same options: the bundled sample's second visitor gets its map at once. What
# they return is a function of those bytes and options only, so it reaches only a session that
# has the same bytes: a viewer without names is given the wave already coded (other bytes), and
# pseudonymised downloads are made from it per session, never cached here.

@st.cache_data(show_spinner=False, max_entries=32)
def map_for(_result: Analysis, key: tuple, view: tuple[tuple[str, object], ...], label: str,
            height: int) -> tuple[MapData, str]:
    """The map's data and its page (:func:`netmap.render.network_map.build_map`, ``map_html``)
    for the analysis with arguments ``key``, the sidebar's ``view`` (colour, size, focus, depth
    as pairs) and the ``label`` in its title: building them took a third of a run."""
    positions = positions_for(_result, key, _result.options.seed)
    data = build_map(_result, positions, **dict(view))
    return data, map_html(data, height=height, title=f"netmap: {label}")


@st.cache_data(show_spinner=False, max_entries=16)
def actions_for(_result: Analysis, key: tuple) -> list:
    """The briefing's suggested actions for the analysis with arguments ``key``, shown above
    the tabs on every run."""
    return _result.suggested_actions()


@st.cache_data(show_spinner=False, max_entries=16)
def footprint_for(_result: Analysis, key: tuple, actor: str):
    """One actor's footprint, cached per map and actor (the need-offer matching over the whole
    locality takes a moment on a large map, and every widget change reruns the page)."""
    return _result.footprint(actor)


def filter_note(network: StakeholderNetwork, types: tuple[str, ...] | None, min_weight: float | None) -> str | None:
    """What the sidebar's tie filters hide, in words ("tie filter: 3 ties of type supplies are
    hidden …"), or None when they hide nothing.

    Examples
    --------
    >>> import pandas as pd
    >>> ties = pd.DataFrame({"source": ["a", "b"], "target": ["b", "c"], "type": ["funds", "refers"],
    ...                      "weight": [1.0, 3.0]})
    >>> network = StakeholderNetwork(pd.DataFrame({"id": ["a", "b", "c"], "name": ["a", "b", "c"]}), ties)
    >>> filter_note(network, ("refers",), None)
    'tie filter: 1 tie of type funds is hidden by the choice of tie types in the sidebar; every view and the briefing leave it out.'
    >>> filter_note(network, None, None) is None
    True
    """
    hidden = network.n_ties - network.filter_ties(list(types) if types is not None else None, min_weight).n_ties
    if not hidden:
        return None
    what, where = [], []
    if types is not None:
        what.append(f"of type {listing([t for t in network.tie_types() if t not in types], limit=6)}")
        where.append("the choice of tie types")
    if min_weight is not None:
        what.append(f"weaker than {min_weight:g}")
        where.append("the minimum tie strength")
    one = hidden == 1
    return (f"tie filter: {plural(hidden, 'tie', grouped=True)} {' or '.join(what)} {'is' if one else 'are'} hidden "
            f"by {' and '.join(where)} in the sidebar; every view and the briefing leave {'it' if one else 'them'} "
            "out.")
