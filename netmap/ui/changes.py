"""The *What changed* view: this map against another wave of the same locality.

The other wave comes from a bundled sample (Millbrook one year on), from uploaded files, or
from a saved project (two waves of the project store). Both waves are analysed with the
sidebar's options; the comparison is :func:`netmap.compare.compare`.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from netmap.analysis import Analysis, AnalysisOptions, analyse
from netmap.compare import Changes, changes_json, compare, pseudonymised
from netmap.errors import NetmapError
from netmap.formats.cells import csv_bytes
from netmap.outputs.briefing import briefing_html
from netmap.privacy import Pseudonymiser
from netmap.render.changes_map import changes_map, union_graph
from netmap.render.layout import layout_positions
from netmap.render.network_map import map_html
from netmap.samples import samples_dir
from netmap.store import default_db
from netmap.store.roles import load_network_for, projects_for, require
from netmap.ui.access import download_button, offered, store_at, team_db, user_name
from netmap.ui.data import analysis_for, load
from netmap.ui.state import names_withheld
from netmap.ui.tables import dataframe, with_all_numbers
from netmap.ui.text import keep_valid, plain
from netmap.words import plural

__all__ = ["show"]

MAP_HEIGHT = 620
NOTHING, BUNDLED, UPLOAD, PROJECT = ("not yet", "the same place one year on (bundled sample)",
                                     "upload the other wave's files", "two waves of a saved project")


def _bundled_second_wave(key: tuple) -> tuple | None:
    """(ties, actors) of a sample's second wave when the loaded data is that sample's first wave."""
    for folder in sorted(samples_dir().iterdir()):
        wave2 = folder / "wave2"
        if wave2.is_dir() and key[0] is not None and (folder / "ties.csv").exists() \
                and key[0][1] == (folder / "ties.csv").read_bytes():
            return (("ties.csv", (wave2 / "ties.csv").read_bytes()), ("actors.csv", (wave2 / "actors.csv").read_bytes()))
    return None


@st.cache_data(show_spinner=False, max_entries=4)
def _compare(_before: Analysis, _after: Analysis, before_key: tuple, after_key: tuple) -> Changes:
    return compare(_before, _after)


@st.cache_data(show_spinner=False, max_entries=4)
def _positions(_changes: Changes, before_key: tuple, after_key: tuple, seed: int) -> dict:
    return layout_positions(union_graph(_changes), seed)


@st.cache_data(show_spinner=False, max_entries=8)
def _store_analysis(db: str, project: str, wave: str, version: int, options: tuple,
                    user: str | None = None) -> Analysis:
    """A stored wave analysed; with ``user`` (signed in) as their role lets them see it — part of
    the cache's key, so that no one is given an analysis made for someone allowed to see more."""
    types, min_weight, weighted, group_by, method, resolution, seed, capacity = options
    store = store_at(db)
    network = load_network_for(store, user, project, wave) if user else store.load_network(project, wave)
    network = network.filter_ties(list(types) if types is not None else None, min_weight)
    return analyse(network, options=AnalysisOptions(weighted=weighted, group_by=group_by, community_method=method,
                                                    resolution=resolution, seed=seed, capacity_column=capacity))


def _report_errors(report, what: str) -> None:
    n = len(report.errors)
    st.error(plain(f"{plural(n, 'problem')} {'stops' if n == 1 else 'stop'} netmap from reading {what}; fix "
                   f"{'it' if n == 1 else 'them'} and upload again:"))
    st.text("\n".join(issue.text for issue in report.errors))


def _from_files(result: Analysis, key: tuple, files: tuple, other_is_later: bool):
    """(before, after, their keys) with the other wave read from ``files`` (None on errors)."""
    ties, actors = files
    directed = key[2]
    # the same rule for repeated ties as this wave (a survey's 1-5 ratings are ratings in both
    # waves: summing them in one wave only would show ties as stronger that did not change);
    # not the column choices (the other wave's files have their own headers)
    rules = tuple(pair for pair in key[3] if pair[0] == "combine")
    network, report = load(ties, actors, directed, rules)
    if network is None:
        _report_errors(report, ties[0])
        return None
    if report.warnings:
        with st.expander(f"{plural(len(report.warnings), 'change')} netmap made while reading the other wave"):
            st.text("\n".join(issue.text for issue in report.warnings))
    # the same options, but not this wave's affiliations and spaces (they belong to this wave)
    other_key = (ties, actors, directed, rules, ()) + tuple(key[5:13]) + (None, None, None)
    other = analysis_for(*other_key)
    return (result, other, key, other_key) if other_is_later else (other, result, other_key, key)


def _from_project(key: tuple):
    """(before, after, their keys) from two waves of a project in the store chosen in the
    sidebar's *Project* section (the default store when none was chosen)."""
    user = user_name()
    db = team_db() if user else str(st.session_state.get("project_db") or default_db())
    try:
        store = store_at(db)
    except NetmapError as exc:
        st.info(plain(f"No saved projects to compare ({exc}). Save two waves of a project first."))
        return None
    if store is None:
        st.info("No saved projects to compare. Save two waves of a project first.")
        return None
    named = projects_for(store, user) if user else store.project_names()
    projects = [p for p in named if len(store.wave_names(p)) >= 2]
    if not projects:
        st.info("No saved project has two waves yet. Save this map as a wave of a project, and the follow-up "
                "survey as a second wave.")
        return None
    opened = st.session_state.get("project_open") or {}
    current = opened.get("project") or st.session_state.get("project_name")
    offered("changes_project", projects, "compare waves")  # one the list never offered is refused
    keep_valid("changes_project", projects, current if current in projects else projects[0])
    project = st.selectbox("Project", projects, key="changes_project")
    waves = {w.name: w for w in store.waves(project)}
    if user:  # checked at every step, not only when the analysis is first cached
        require(store, project, user, "viewer", "compare waves")
    names = list(waves)
    # the wave open in the sidebar is the later one by default, compared with the one before it
    later = names.index(opened["wave"]) if opened.get("project") == project and opened.get("wave") in names else -1
    later = later if later != 0 else 1
    columns = st.columns(2)
    keep_valid("changes_before", names, names[later - 1])
    keep_valid("changes_after", names, names[later])
    earlier = columns[0].selectbox("Earlier wave", names, key="changes_before")
    later = columns[1].selectbox("Later wave", names, key="changes_after")
    if earlier == later:
        st.warning("Choose two different waves.")
        return None
    keys = [(db, project, w, waves[w].version, tuple(key[5:13]), user) for w in (earlier, later)]
    return _store_analysis(*keys[0]), _store_analysis(*keys[1]), keys[0], keys[1]


def _choose(result: Analysis, key: tuple):
    bundled = _bundled_second_wave(key)
    modes = [NOTHING] + ([BUNDLED] if bundled else []) + [UPLOAD, PROJECT]
    keep_valid("changes_mode", modes, NOTHING)
    mode = st.radio("Compare this map with", modes, key="changes_mode", horizontal=True)
    if mode == NOTHING:
        st.info("Choose the other wave to see what changed: who joined and left, new and lost ties, and which of the "
                "suggested introductions happened.")
        return None
    if mode == BUNDLED:
        return _from_files(result, key, bundled, other_is_later=True)
    if mode == UPLOAD:
        columns = st.columns(2)
        ties = columns[0].file_uploader("Other wave: ties", type=["csv", "tsv", "txt", "xlsx", "xlsm", "gexf",
                                                                 "graphml"], key="other_ties_file")
        actors = columns[1].file_uploader("Other wave: actors (optional)", type=["csv", "tsv", "txt", "xlsx", "xlsm"],
                                          key="other_actors_file")
        order = st.radio("The files you upload are the", ["later wave", "earlier wave"], key="changes_order",
                         horizontal=True)
        if ties is None:
            return None
        files = ((ties.name, ties.getvalue()), (actors.name, actors.getvalue()) if actors else None)
        return _from_files(result, key, files, other_is_later=order == "later wave")
    return _from_project(key)


def _pseudonymiser(changes: Changes) -> Pseudonymiser | None:
    """This session's pseudonymiser extended to the actors of both waves (an actor who left
    is in no other table)."""
    private = st.session_state.get("_pseudonymiser")
    if private is None:
        return None
    actors = pd.concat([changes.before.actors[["id", "name"]], changes.after.actors[["id", "name"]]])
    return Pseudonymiser(actors.drop_duplicates("id", keep="last"), private.key)


def _table(frame: pd.DataFrame, name: str, private: Pseudonymiser | None, lead: list[str] | None = None) -> None:
    """The table on screen, with its CSV download; with ``lead``, those columns first (a reason
    shown whole) and every column under "All the numbers"."""
    # a missing text cell (a tie without a type, an actor only in one wave) is blank on screen, not
    # "None"; the CSV keeps it missing
    text = frame.select_dtypes(["object", "string"]).columns
    shown = frame.assign(**{c: frame[c].where(frame[c].notna(), "") for c in text})
    if lead:
        with_all_numbers(shown[lead], shown, f"changes_{name.removesuffix('.csv')}")
    else:
        dataframe(shown)
    if names_withheld():
        return
    download_button(f"Download {name} (CSV)", csv_bytes(private.frame(frame) if private else frame),
                       file_name=name, mime="text/csv", key=f"changes_download_{name}")


def _introductions_happened(followed: pd.DataFrame, limit: int = 10) -> None:
    """The suggested introductions that became ties, by name, before the long tables."""
    if followed.empty:
        return
    st.markdown("**Introductions that happened**")
    rows = followed.sort_values("rank", kind="mergesort")
    lines = [f"- {plain(row.name_a)} and {plain(row.name_b)} · suggested {plain(f'#{row.rank}')}, now a tie"
             + (f": {plain(row.tie_type)}" if isinstance(row.tie_type, str) and row.tie_type else "")
             for row in rows.head(limit).itertuples(index=False)]
    if len(rows) > limit:
        lines.append(f"- {plain(f'and {len(rows) - limit} more, in the table below')}")
    st.markdown("\n".join(lines))


def show(result: Analysis, key: tuple) -> None:
    """The *What changed* tab."""
    st.write("What changed between two waves of the same locality: a baseline map and a follow-up survey, for "
             "example. Both are analysed with the options in the sidebar.")
    try:
        chosen = _choose(result, key)
        if chosen is None:
            return
        before, after, before_key, after_key = chosen
        with st.spinner("Comparing the two waves …"):
            changes = _compare(before, after, before_key, after_key)
    except NetmapError as exc:
        st.error(plain(str(exc)))
        return
    private = _pseudonymiser(changes)
    st.subheader("In short")
    st.markdown("\n".join(f"- {plain(sentence)}" for sentence in changes.summary))
    n = changes.numbers
    cols = st.columns(5)
    cols[0].metric("Actors", f"{n['actors']['after']:,}", f"{n['actors']['after'] - n['actors']['before']:+,}")
    cols[1].metric("Ties", f"{n['ties']['after']:,}", f"{n['ties']['after'] - n['ties']['before']:+,}")
    cols[2].metric("Separate parts", n["network"]["components"]["after"],
                   f"{n['network']['components']['after'] - n['network']['components']['before']:+}",
                   delta_color="inverse")
    apl = n["network"]["average_path_length"]
    cols[3].metric("Average distance", f"{apl['after']:.2f}", f"{apl['after'] - apl['before']:+.2f}",
                   delta_color="inverse", help="Steps between two actors of the main body, on average.")
    intro = n["introductions"]
    listed = intro.get("briefing", intro)
    cols[4].metric("Introductions followed", f"{listed['followed']} of {listed['suggested']}",
                   help=f"Of the {listed['suggested']} introductions netmap suggested first on the earlier wave (the "
                        f"briefing's list), those whose actors are tied in the later one; {intro['followed']} of all "
                        f"{intro['suggested']} in introductions.csv.")
    _introductions_happened(changes.introductions_followed)
    st.subheader("The later map")
    positions = _positions(changes, before_key, after_key, after.options.seed)
    data = changes_map(changes, positions)
    page = map_html(data, height=MAP_HEIGHT, title="netmap: what changed")
    st.iframe(page, height="content")
    st.caption(plain("Green lines: new ties. Dashed orange lines: ties that ended. Green rings: actors who joined. Grey "
                     "with an orange ring: actors who left, shown where they were. Colours: "
                     f"{after.group_column}. Hover for details."))
    st.subheader("Actors")
    moved = st.checkbox("Only actors who joined, left, or whose ties or role changed", value=True,
                        key="changes_only_moved")
    actors = changes.actors
    if moved:
        actors = actors[actors["why"] != "no change in its ties or role"]
    _table(actors, "actor_changes.csv", private, lead=["name", "status", "why"])
    st.subheader("Ties")
    statuses = ["new", "lost", "stronger", "weaker", "unchanged"]
    keep_valid("changes_tie_status", statuses, ["new", "lost", "stronger", "weaker"])
    picked = st.multiselect("Show ties that are", statuses, key="changes_tie_status")
    _table(changes.ties[changes.ties["status"].isin(picked)], "tie_changes.csv", private)
    st.subheader("Introductions followed")
    if changes.introductions_followed.empty:
        st.info("None of the introductions suggested on the earlier wave has become a tie.")
    else:
        _table(changes.introductions_followed, "introductions_followed.csv", private,
               lead=["name_a", "name_b", "why_suggested"])
    if names_withheld():
        return

    shown = changes
    if private:
        _, numbers = pseudonymised(changes, private.key)
        shown = Changes(changes.before, changes.after, changes.actors, changes.ties, changes.introductions_followed,
                        numbers, numbers["summary"])
    download_button("Download changes.json (every number above, for reports)", changes_json(shown),
                       file_name="changes.json", mime="application/json", key="changes_download_json")
    if st.button("Prepare the briefing with a 'What changed' section", key="changes_prepare_briefing"):
        html = briefing_html(after, "What changed", private, changes=changes, earlier="the earlier wave")
        download_button("Download the briefing (HTML)", html.encode("utf-8"), file_name="briefing-changes.html",
                           mime="text/html", key="changes_download_briefing")
