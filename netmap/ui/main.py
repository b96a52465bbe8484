"""Page flow: data in, validation report, options, then the views."""
from __future__ import annotations

from dataclasses import replace

import streamlit as st

from netmap.errors import NetmapError
from netmap.formats.cells import csv_bytes
from netmap.formats.graphs import NETWORK_CANVAS_ADVICE
from netmap.insights.assets import numeric_columns
from netmap.insights.nonresponse import SURVEY_COLUMNS
from netmap.metrics.communities import METHODS
from netmap.network import StakeholderNetwork
from netmap.privacy import Pseudonymiser
from netmap.render import first_map as first_look
from netmap.render.network_map import map_html
from netmap.ui import project, signin, views
from netmap.ui import spaces as spaces_ui
from netmap.ui.access import download_button
from netmap.ui.data import (
    analysis_for,
    column_mapping,
    combine_choice,
    filter_note,
    keep_bad_rows,
    layout_for,
    load,
    mapping_files,
    network_for,
    not_recorded,
    reading_rules,
    skip_bad_rows,
)
from netmap.ui.sources import SAMPLE_GROUPS, SURVEY, Source, choose_source, data_mode
from netmap.ui.state import session_key
from netmap.ui.survey import issue_lines, survey_source
from netmap.ui.text import keep_valid, plain
from netmap.validate import ValidationReport
from netmap.words import plural

__all__ = ["main"]


def main() -> None:
    st.set_page_config(page_title="netmap", page_icon="🕸️", layout="wide")
    try:
        if not signin.gate():  # nothing is loaded or shown before sign-in, when the team signs in
            return
        _run()
    except NetmapError as exc:
        st.error(plain(str(exc)))
    except Exception as exc:  # the last line of defence: a message, never a traceback
        st.error(plain(f"netmap could not finish this step ({type(exc).__name__}: {exc}). Your files are unchanged; "
                       "try other options, or report the problem with the file that caused it."))


def _mapping_for(source: Source) -> tuple[tuple, tuple]:
    """The columns the user chose in the mapping form for these very files: (ties, actors)."""
    saved = st.session_state.get("column_mapping")
    if saved and source.ties is not None and saved[0] == source.identity:
        return saved[1], saved[2]
    return (), ()


def _headline(report: ValidationReport) -> str:
    """What stops the load, naming each file that holds a problem: "2 problems in ties.csv stop
    netmap from reading it"."""
    counts: dict[str, int] = {}
    for issue in report.errors:
        counts[issue.file] = counts.get(issue.file, 0) + 1
    if len(counts) == 1:
        (file, n), = counts.items()
        return f"{plural(n, 'problem')} in {file} {'stops' if n == 1 else 'stop'} netmap from reading it."
    parts = ", ".join(f"{n} in {file}" for file, n in counts.items())
    return f"Problems in {len(counts)} files stop netmap from reading them: {parts}."


def _what_next(report: ValidationReport, mapping: bool) -> str:
    """The sentence after the headline: what the user can do here, in the app, first."""
    if mapping:
        return ("Nothing was loaded yet. Below, choose which of your columns is which and press “Use these "
                "columns”: netmap reads the file again with your choice (your file itself is not changed).")
    if report.only_bad_rows:
        return ("Each problem is in one row. Load the other rows and set the bad ones aside (you get them back as a "
                "file to fix), or fix them in your file and upload it again.")
    if _network_canvas(report):
        return ("Nothing was loaded: this is a Network Canvas export. Read it under Survey export, which joins the "
                "interviews and matches the names.")
    return "Nothing was loaded; fix these in your file and upload it again."


def _network_canvas(report: ValidationReport) -> bool:
    return any(issue.message == NETWORK_CANVAS_ADVICE for issue in report.errors)


def _to_survey_export() -> None:
    st.session_state["mode"] = "Survey export"


def _offer_to_set_aside(report: ValidationReport, source: Source) -> None:
    """The choice to load the valid rows, when every error is confined to its own row."""
    bad = len(report.bad_rows)
    label = (f"Load the {plural(report.valid_rows, 'valid row', grouped=True)} and set "
             f"{'the bad one' if bad == 1 else f'the {bad:,} bad ones'} aside")
    if st.button(label, key="set_aside_offer", type="primary"):
        skip_bad_rows(source)
        st.rerun()


def _show_set_aside(report: ValidationReport) -> None:
    """Say which rows were set aside, offer them as a file, and offer to stop setting them aside."""
    n = len(report.bad_rows)
    st.warning(plain(f"{plural(n, 'bad row')} set aside, as you chose ({report.bad_rows_where()}); the other "
                     f"{report.valid_rows:,} rows are loaded. Nothing is lost: the rows set aside are in the file "
                     "below, every cell as you typed it, with the problem of each; fix them and add them back to "
                     "your file."))
    download_button(f"Download the {plural(n, 'set-aside row')} (CSV)", csv_bytes(report.set_aside_frame()),
                       file_name="netmap-set-aside.csv", mime="text/csv", key="set_aside_download", names=True,
                       help="Holds the rows as you typed them, names included: keep it with your own files.")
    if st.button("Stop setting rows aside", key="set_aside_undo",
                 help="Read the files again without setting rows aside: the bad rows stop the load."):
        keep_bad_rows()
        st.rerun()


def _show_report(report: ValidationReport, source: Source, network: StakeholderNetwork | None = None) -> None:
    if report.errors:
        mapping = bool(mapping_files(source, report))
        st.error(plain(f"{_headline(report)} {_what_next(report, mapping)}"))
        st.text(issue_lines(report.errors, source, network))
        if report.only_bad_rows:
            _offer_to_set_aside(report, source)
        if _network_canvas(report):
            st.button("Go to Survey export", key="to_survey_export", type="primary", on_click=_to_survey_export)
    elif report.rules.skip_bad_rows and report.bad_rows:
        _show_set_aside(report)
    if report.warnings:
        with st.expander(f"{plural(len(report.warnings), 'change')} netmap made while reading your data"):
            st.text(issue_lines(report.warnings, source, network))
    if report.issues:
        frame = report.to_frame()
        secret = session_key() if network is not None else None
        if secret == "":
            return  # pseudonymise ticked without a key: no download until there is one
        if secret:  # the messages name actors ("tie a – b appears 2 times")
            frame = Pseudonymiser(network.actors, secret).frame(frame)
        download_button("Download the affected rows (CSV)", csv_bytes(frame),
                           file_name="netmap-validation.csv", mime="text/csv", key="report_download",
                           names=not secret)


def _options(network: StakeholderNetwork, source: Source) -> dict:
    sidebar = st.sidebar
    sidebar.header("Options")
    groups = list(network.group_columns())
    attributes = [c for c in network.attribute_columns if c not in groups]
    choices = ["detected communities"] + groups + attributes
    # who answered a survey is not a group to compare: "in 2 groups by responded" (issue 23)
    usable = [g for g in groups if g not in SURVEY_COLUMNS]
    default = SAMPLE_GROUPS.get(source.sample or "", usable[0] if usable else None)
    default = default if default in choices else choices[0]
    if st.session_state.get("source") != source.identity:
        st.session_state["source"] = source.identity  # new data: start from its own defaults
        st.session_state["group_by"] = default
        # a filter chosen for other data would hide this data's ties without a word (issue 23)
        for filtered in ("types", "min_weight"):
            st.session_state.pop(filtered, None)
    keep_valid("group_by", choices, default)
    group = sidebar.selectbox("Groups (sector, ward …)", choices, key="group_by",
                              help="Used for honest brokers, E-I index, brokerage roles and gaps.")
    weighted = sidebar.checkbox("Use tie strengths", key="weighted",
                                help="Strong ties count as shorter paths and weigh more in eigenvector, "
                                     "PageRank, constraint and communities.")
    types = network.tie_types()
    chosen_types = None
    if types:
        keep_valid("types", types, types)
        picked = sidebar.multiselect("Tie types to include", types, key="types")
        chosen_types = tuple(picked) if set(picked) != set(types) else None
    weights = network.ties["weight"]
    min_weight = None
    if len(weights) and weights.min() < weights.max():
        low, high = float(weights.min()), float(weights.max())
        if not low <= st.session_state.get("min_weight", low) <= high:
            st.session_state["min_weight"] = low
        st.session_state.setdefault("min_weight", low)
        value = sidebar.slider("Minimum tie strength", low, high, key="min_weight")
        min_weight = value if value > low else None
    with sidebar.expander("Communities and seed"):
        method = st.selectbox("Method", METHODS, key="method", help="Leiden (Traag et al. 2019) or Louvain "
                              "(Blondel et al. 2008), maximising modularity.")
        resolution = st.slider("Resolution", 0.2, 3.0, 1.0, 0.1, key="resolution",
                               help="Higher gives more, smaller communities.")
        seed = int(st.number_input("Seed", 0, 2**31 - 1, 0, key="seed",
                                   help="Same data, options and seed give the same results."))
    # NA-like cells count as missing, as in the analysis; the column grouping the actors is not an amount
    numeric = numeric_columns(network.actors, exclude=(group,))
    capacity = None
    if numeric:
        keep_valid("capacity", ["items in 'offers'"] + numeric, "items in 'offers'")
        pick = sidebar.selectbox("Resources for hidden wealth", ["items in 'offers'"] + numeric, key="capacity")
        capacity = None if pick == "items in 'offers'" else pick
    return {"types": chosen_types, "min_weight": min_weight, "weighted": weighted,
            "group_by": None if group == "detected communities" else group, "method": method,
            "resolution": float(resolution), "seed": seed, "capacity": capacity}


def _welcome() -> None:
    st.markdown(
        "Upload a **ties** file (one row per relationship: `source`, `target`, optional `weight` and `type`) "
        "and, if you have one, an **actors** file (`id`, `name`, `sector`, `ward`, `offers`, `needs` …), or one "
        "Excel workbook with both. Templates are in the sidebar. Nothing leaves this computer.")


def _run() -> None:
    st.title("netmap")
    st.caption("Who links whom in your locality: honest brokers, hidden wealth, and the introductions that would "
               "unlock it.")
    mode = data_mode()
    source = survey_source() if mode == SURVEY else choose_source(mode)
    source = project.sidebar() or source
    directed = st.sidebar.checkbox("Ties have a direction (A→B is not B→A)", key="directed")
    if source is None:
        if mode != SURVEY:  # the survey page says what to upload itself, with its sample
            _welcome()
        return
    mapping = _mapping_for(source)
    # The reading rules travel with the ties' column choices, so every cache key holds them (data.load).
    tie_columns, actor_columns = mapping[0] + reading_rules(source), mapping[1]
    with st.spinner("Reading your data …"):
        network, report = load(source.ties, source.actors, directed, tie_columns, actor_columns, source.affiliations,
                               source.spaces)
    _show_report(report, source, network)
    if network is None:
        if mapping_files(source, report):
            column_mapping(source, report, mapping)
        return
    combine_choice(report)
    options = _options(network, source)
    key = (source.ties, source.actors, directed, tie_columns, actor_columns, options["types"], options["min_weight"],
           options["weighted"], options["group_by"], options["method"], options["resolution"], options["seed"],
           options["capacity"], source.affiliations, source.spaces, spaces_ui.meets_at_option(network))
    analysed = st.session_state.setdefault("_analysed", set())
    # Made on every run, used on the first: the elements before the views must be the same on
    # every run, or Streamlit takes the tabs for new ones and opens the first (the Map) again.
    first, working = st.empty(), st.empty()
    if key in analysed:  # cached: straight to the full views, without a first map flashing by
        result = analysis_for(*key)
    elif network.n_actors <= QUICK_ACTORS:  # analysed in well under a second: one step is quicker than two
        with st.spinner("Analysing …"):
            result = analysis_for(*key)
        analysed.add(key)
    else:
        result = _map_first(key, network, options, first, working)
        analysed.add(key)
    hidden = filter_note(network, options["types"], options["min_weight"])
    if hidden:  # said above every view and in the briefing's methods
        result = replace(result, notes=[*result.notes, hidden])
    views.show(result, key, source.label, report)
    project.panel(source, network)


#: Up to this many actors the full views come at once; above, the map first (issue 15). The
#: first map costs a second render, which a small network's analysis does not repay
#: (benchmarks/README.md: 150 actors 2.3 s in one step, 3.3 s in two).
QUICK_ACTORS = 500

#: What each stage of the analysis is, in plain words, for the progress bar.
_STAGE_WORDS = {
    "prepare": "preparing the network", "degree": "counting ties", "betweenness": "finding go-betweens (betweenness)",
    "closeness": "measuring how close everyone is (closeness)", "harmonic": "measuring reach (harmonic)",
    "closeness + harmonic (sampled)": "measuring closeness and reach (estimated)",
    "eigenvector": "finding well-connected actors (eigenvector)", "pagerank": "PageRank",
    "cohesion": "clustering, cores and cut points", "structural holes": "structural holes (constraint)",
    "communities": "detecting communities", "groups": "comparing groups", "brokerage": "brokerage roles",
    "summary": "network summary", "brokers": "scoring honest brokers", "hidden wealth": "finding hidden wealth",
    "introductions": "suggesting introductions", "resilience": "testing fragile points",
}


def _map_first(key: tuple, network: StakeholderNetwork, options: dict, first, working):
    """Draw the map and the first numbers at once, then run the analysis with a progress bar
    (issue 15: people waited 5-12 s for anything on a few thousand actors)."""
    with first.container():
        analysed_network = network_for(*key[:7], *key[13:16])
        numbers = first_look.first_numbers(analysed_network)
        for column, (label, value) in zip(st.columns(len(numbers)), numbers.items()):
            column.metric(label, value)
        with st.spinner("Laying out the map …"):
            positions = layout_for(*key[:7], options["seed"], *key[13:16])
        page = map_html(first_look.first_map(analysed_network, positions, options["group_by"]), height=620,
                        title="netmap: first look")
        st.iframe(page, height=700)
    with working.status(f"Analysing {network.n_actors:,} actors and {network.n_ties:,} ties …",
                        expanded=True) as status:
        bar = st.progress(0.0, text="starting")

        @not_recorded
        def progress(stage: str, done: float) -> None:
            bar.progress(done, text=f"{_STAGE_WORDS.get(stage, stage)} ({done:.0%})")

        result = analysis_for(*key, _progress=progress)
        status.update(label="Analysis done", state="complete", expanded=False)
    working.empty()
    first.empty()
    return result
