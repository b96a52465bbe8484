"""Page flow: data in, validation report, options, then the views."""
from __future__ import annotations

import streamlit as st

from ..errors import NetmapError
from ..metrics.communities import METHODS
from ..network import StakeholderNetwork
from ..validate import ValidationReport
from . import project, views
from .data import SAMPLE_GROUPS, Source, analysis_for, choose_source, column_mapping, load
from .text import keep_valid, plain

__all__ = ["main"]


def main() -> None:
    st.set_page_config(page_title="netmap", page_icon="🕸️", layout="wide")
    try:
        _run()
    except NetmapError as exc:
        st.error(plain(str(exc)))
    except Exception as exc:  # the last line of defence: a message, never a traceback
        st.error(plain(f"netmap could not finish this step ({type(exc).__name__}: {exc}). Your files are unchanged; "
                       "try other options, or report the problem with the file that caused it."))


def _mapping_for(source: Source) -> tuple[tuple, tuple]:
    saved = st.session_state.get("column_mapping")
    if saved and saved[0] == source.ties[1]:
        return saved[1], saved[2]
    return (), ()


def _show_report(report: ValidationReport, source: Source) -> None:
    if report.errors:
        st.error(plain(f"{len(report.errors)} problem(s) stop netmap from reading {source.label}. Nothing was "
                       "loaded; fix these in your file and upload it again:"))
        st.text("\n".join(issue.text for issue in report.errors))
    if report.warnings:
        with st.expander(f"{len(report.warnings)} change(s) netmap made while reading your data"):
            st.text("\n".join(issue.text for issue in report.warnings))
    if report.issues:
        from ..export import csv_bytes

        st.download_button("Download the affected rows (CSV)", csv_bytes(report.to_frame()),
                           file_name="netmap-validation.csv", mime="text/csv", key="report_download")


def _options(network: StakeholderNetwork, source: Source) -> dict:
    sidebar = st.sidebar
    sidebar.header("Options")
    groups = list(network.group_columns())
    attributes = [c for c in network.attribute_columns if c not in groups]
    choices = ["detected communities"] + groups + attributes
    default = SAMPLE_GROUPS.get(source.sample or "", groups[0] if groups else None)
    default = default if default in choices else choices[0]
    if st.session_state.get("source") != source.identity:
        st.session_state["source"] = source.identity  # new data: start from its own defaults
        st.session_state["group_by"] = default
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
    numeric = [c for c in network.attribute_columns
               if network.actors[c].dropna().map(_is_number).all() and network.actors[c].notna().any()]
    capacity = None
    if numeric:
        keep_valid("capacity", ["items in 'offers'"] + numeric, "items in 'offers'")
        pick = sidebar.selectbox("Resources for hidden wealth", ["items in 'offers'"] + numeric, key="capacity")
        capacity = None if pick == "items in 'offers'" else pick
    return {"types": chosen_types, "min_weight": min_weight, "weighted": weighted,
            "group_by": None if group == "detected communities" else group, "method": method,
            "resolution": float(resolution), "seed": seed, "capacity": capacity}


def _is_number(value) -> bool:
    try:
        float(value)
    except (TypeError, ValueError):
        return False
    return True


def _welcome() -> None:
    st.markdown(
        "Upload a **ties** file (one row per relationship: `source`, `target`, optional `weight` and `type`) "
        "and, if you have one, an **actors** file (`id`, `name`, `sector`, `ward`, `offers`, `needs` …), or one "
        "Excel workbook with both. Templates are in the sidebar. Nothing leaves this computer.")


def _run() -> None:
    st.title("netmap")
    st.caption("Who links whom in your locality: honest brokers, hidden wealth, and the introductions that would "
               "unlock it.")
    source = choose_source()
    source = project.sidebar() or source
    directed = st.sidebar.checkbox("Ties have a direction (A→B is not B→A)", key="directed")
    if source is None:
        _welcome()
        return
    tie_columns, actor_columns = _mapping_for(source)
    with st.spinner("Reading your data …"):
        network, report = load(source.ties, source.actors, directed, tie_columns, actor_columns)
    _show_report(report, source)
    if network is None:
        if any("missing required column" in i.message or "is not in the header" in i.message for i in report.errors):
            column_mapping(source)
        return
    options = _options(network, source)
    key = (source.ties, source.actors, directed, tie_columns, actor_columns, options["types"], options["min_weight"],
           options["weighted"], options["group_by"], options["method"], options["resolution"], options["seed"],
           options["capacity"])
    with st.spinner(f"Analysing {network.n_actors:,} actors and {network.n_ties:,} ties …"):
        result = analysis_for(*key)
    views.show(result, key, source.label, report)
    project.panel(source, network)
