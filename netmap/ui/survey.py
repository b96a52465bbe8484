"""The survey path in the app: upload exports, map columns, review names, then analyse as usual;
and "How sure are we?" for the rankings.

The survey becomes ``actors.csv``/``ties.csv`` bytes (a :class:`~netmap.ui.data.Source`), so
validation, analysis and every view downstream are the ones a spreadsheet goes through.
"""
from __future__ import annotations

import json

import pandas as pd
import streamlit as st

from netmap.errors import NetmapError
from netmap.formats.cells import csv_bytes, json_safe
from netmap.insights.confidence import TOP, with_confidence
from netmap.insights.nonresponse import confirmed_only
from netmap.intake.reconcile import ALIAS_COLUMNS
from netmap.intake.responses import FORMATS
from netmap.intake.survey import SurveyResult, _read_aliases_source, build_survey
from netmap.ui.access import download_button
from netmap.ui.review import applied, restore, review_screen
from netmap.ui.sources import Source
from netmap.ui.text import plain

__all__ = ["how_sure", "survey_source"]

_TYPES = ["csv", "tsv", "txt", "xlsx", "graphml"]


@st.cache_data(show_spinner=False, max_entries=8)
def _build(files: tuple[tuple[str, bytes], ...], roster: tuple[str, bytes] | None, format: str,
           respondent: str | None, decisions: tuple[tuple[str, str, str], ...],
           aliases_file: tuple[str, bytes] | None, tie_types: tuple[tuple[str, str], ...] = (),
           names: tuple[str, ...] = ()) -> SurveyResult:
    aliases = None
    if aliases_file is not None:
        aliases = _read_aliases_source(aliases_file)
    if decisions:
        mine = pd.DataFrame([(raw, actor_id, name, 100.0, "person") for raw, actor_id, name in decisions],
                            columns=ALIAS_COLUMNS)
        aliases = mine if aliases is None else pd.concat(
            [aliases[~aliases["raw_name"].isin(mine["raw_name"])], mine], ignore_index=True)
    return build_survey(list(files), format=format, roster=roster, respondent=respondent or None, aliases=aliases,
                        tie_types=dict(tie_types) or None, names=list(names) or None)


def survey_source():
    """Sidebar and page: survey files in, names reviewed; returns a Source, or None until ready."""
    files = st.sidebar.file_uploader(
        "Survey export(s)", type=_TYPES, accept_multiple_files=True, key="survey_files",
        help="Google Forms, Microsoft Forms, SurveyMonkey, Qualtrics or KoboToolbox exports (one row per "
             "respondent, or one row per named person), a roster matrix, or Network Canvas CSV/GraphML files.")
    roster = st.sidebar.file_uploader("Roster of actors (optional)", type=["csv", "tsv", "txt", "xlsx"],
                                      key="survey_roster",
                                      help="id, name and any attributes: typed names are matched to it first.")
    aliases = st.sidebar.file_uploader("Decisions from an earlier wave (aliases.csv, optional)", type=["csv"],
                                       key="survey_aliases",
                                       help="Rows whose decision is 'person' are applied as they are.")
    fmt = st.sidebar.selectbox("Shape of the export", FORMATS, key="survey_format",
                               help="'auto' recognises the common shapes.")
    respondent = st.sidebar.text_input("Respondent column (optional)", key="survey_respondent",
                                       help="The column naming who answered, when netmap does not find it.")
    if not files:
        st.markdown("Upload a survey export in the sidebar. netmap reads who answered and every name they typed, "
                    "matches the names to your roster (or to each other), and asks you about the names it is not "
                    "sure of. Nothing leaves this computer.")
        return None
    file_key = tuple((f.name, f.getvalue()) for f in files)
    roster_key = (roster.name, roster.getvalue()) if roster else None
    aliases_key = (aliases.name, aliases.getvalue()) if aliases else _project_aliases()
    restore()  # the decisions kept with the chosen project
    decided = applied()
    try:
        with st.spinner("Reading the survey and matching names …"):
            args = (file_key, roster_key, fmt, respondent.strip())
            later = (aliases_key, _tie_types(), tuple(st.session_state.get("survey_names", ())))
            # the review lists every name to review, decided or not (so each can be undone)
            unreviewed = _build(*args, (), *later)
            result = _build(*args, decided, *later) if decided else unreviewed
    except NetmapError as exc:
        st.error(plain(str(exc)))
        return None
    _report(result)
    _free_text(result)
    _question_names(result)
    review_screen(unreviewed)
    confirmed = st.checkbox("Use only ties both people reported (confirmed)", key="survey_confirmed",
                            help="Default: every reported tie. Confirmed-only ties are fewer but surer.")
    ties = confirmed_only(result.ties) if confirmed else result.ties
    label = f"survey {', '.join(f.name for f in files)}"
    return Source(("ties.csv", ties.to_csv(index=False).encode("utf-8")),
                  ("actors.csv", result.actors.to_csv(index=False).encode("utf-8")), label,
                  aliases=("aliases.csv", result.aliases[ALIAS_COLUMNS].to_csv(index=False).encode("utf-8")))


def _project_aliases() -> tuple[str, bytes] | None:
    """The decisions about names kept with the latest wave of the project chosen in the sidebar
    (as ``survey --project`` keeps them), so that a person reviews each name once."""
    project, db = st.session_state.get("project_name"), st.session_state.get("project_db")
    if not project:
        return None
    # SQLAlchemy loads only when a project is opened: the first map comes sooner
    from netmap.store import open_store

    try:
        with open_store(str(db) if db else None) as store:
            for wave in reversed(store.wave_names(project)):
                table = store.load_table(project, wave, "aliases")
                if table is not None:
                    st.sidebar.caption(plain(f"Decisions about names kept with wave '{wave}' of '{project}' "
                                             "are applied."))
                    return (f"aliases of {wave}", table.to_csv(index=False).encode("utf-8"))
    except NetmapError:
        return None
    return None


def _report(result: SurveyResult) -> None:
    r = result.report
    st.subheader("Who answered")
    cols = st.columns(4)
    cols[0].metric("Respondents", r["respondents"])
    cols[1].metric("Response rate", f"{r['response_rate']:.0%}" if r["response_rate"] is not None else "no roster",
                   help="Respondents on the roster ÷ people on the roster.")
    cols[2].metric("Names typed", r["names_mentioned"])
    cols[3].metric("Actors found", r["actors_found"])
    caveats = []
    if r["response_rate"] is not None and r["response_rate"] < 0.7:
        caveats.append(f"{len(r['non_respondents'])} people on the roster did not answer: their ties appear only "
                       "when someone else named them, so they may look less connected than they are.")
    if r["capped_respondents"]:
        caveats.append(f"{r['capped_respondents']} respondent(s) named as many people as the form allowed: "
                       "their ties may be cut short.")
    if r["names_mentioned_once"]:
        caveats.append(f"{r['names_mentioned_once']} people were named by one respondent only.")
    for caveat in caveats:
        st.info(plain(caveat))
    if result.issues:
        with st.expander(f"{len(result.issues)} change(s) netmap made while reading the survey"):
            st.text("\n".join(i.text for i in result.issues))
    downloads = st.columns(3)
    download_button("Download aliases.csv (every decision)", csv_bytes(result.aliases), file_name="aliases.csv",
                    mime="text/csv", key="dl_aliases", names=True, where=downloads[0])
    download_button("Download review.csv", csv_bytes(result.review), file_name="review.csv", mime="text/csv",
                    key="dl_review", names=True, where=downloads[1])
    download_button("Download survey_report.json",
                    json.dumps(json_safe(r), indent=2, ensure_ascii=False).encode("utf-8"),
                    file_name="survey_report.json", mime="application/json", key="dl_report", where=downloads[2])


def _free_text(result: SurveyResult) -> None:
    """The questions read as free text, not names (their answers are in no file), and the
    user's choice to read some of them as names after all."""
    chosen = list(st.session_state.get("survey_names", ()))
    unsure = [f["column"] for f in result.report["questions_read_as_free_text"]]
    if not unsure and not chosen:
        return
    with st.expander(f"{len(unsure)} question(s) read as free text, not names"):
        st.caption("Their answers are withheld: they are not people, and they are in none of the files netmap "
                   "writes or offers for download. If a question does ask for people, read it as names.")
        for f in result.report["questions_read_as_free_text"]:
            st.markdown(plain(f"- {f['column']}: {f['answers']} answer(s) withheld ({f['why']})"))
        picked = st.multiselect("Read these as names", sorted(set(unsure) | set(chosen)), default=chosen,
                                key="survey_names_pick")
        if sorted(picked) != sorted(chosen):
            st.session_state["survey_names"] = tuple(picked)
            st.rerun()


def _tie_types() -> tuple[tuple[str, str], ...]:
    return tuple(sorted(st.session_state.get("survey_tie_types", {}).items()))


def _question_names(result: SurveyResult) -> None:
    """The mapping step for questions: each question's tie type, renamed by the user."""
    with st.expander("Questions and the tie types they become"):
        renames = dict(st.session_state.get("survey_tie_types", {}))
        original = {v: k for k, v in renames.items()}
        for q in result.report["questions"]:
            key = original.get(q["type"], q["type"])
            cap = f", up to {q['cap']} names" if q["cap"] else ""
            new = st.text_input(plain(f"{q['text']} ({q['mentions']} names{cap})"), value=q["type"],
                                key=f"tie_type_{key}")
            if new.strip() and new.strip() != q["type"]:
                renames[key] = new.strip()
        if renames != st.session_state.get("survey_tie_types", {}):
            st.session_state["survey_tie_types"] = renames
            st.rerun()


def how_sure(result, key: tuple) -> None:
    """"How sure are we?": the rankings recomputed on perturbed networks."""
    with st.expander("How sure are we?"):
        st.write("netmap removes part of the data at random — respondents' answers at the survey's own "
                 "non-response rate, or a share of the ties — recomputes the rankings many times, and counts how "
                 "often each actor stays near the top (Borgatti, Carley & Krackhardt 2006; Smith & Moody 2013).")
        cols = st.columns(2)
        resamples = int(cols[0].number_input("Resamples", 10, 500, 100, 10, key="resamples"))
        missing = cols[1].slider("Share removed (0 = the survey's non-response rate, or 20% of ties)", 0.0, 0.9,
                                 0.0, 0.05, key="missing")
        store = st.session_state.setdefault("_confidence", {})
        wanted = (key, resamples, missing)
        if st.button("Check how sure we are", key="how_sure"):
            with st.spinner(f"Recomputing the rankings {resamples} times …"):
                store.clear()
                store[wanted] = with_confidence(result, resamples, missing or None)
        done = store.get(wanted)
        if done is None:
            return
        info = done.confidence
        tau = info["brokers_kendall_tau"]["mean"]
        if tau is not None:
            st.write(plain(f"Agreement of the honest-broker ranking with the full data (Kendall's tau): {tau:.2f} "
                           f"on average (1 = identical, 0 = unrelated)."))
        if info.get("brokers_note"):
            st.info(plain(info["brokers_note"]))
        top = done.brokers.dropna(subset=["broker_rank", "top10_share"]).head(15)
        shown = pd.DataFrame({
            "rank": top["broker_rank"], "name": top["name"],
            "how sure": [f"in the top {TOP} in {round(s * resamples)} of {resamples} resamples"
                         for s in top["top10_share"]],
            "rank range (5th–95th percentile)": [f"{lo}–{hi}" for lo, hi in zip(top["rank_low"], top["rank_high"])],
        })
        st.dataframe(shown, hide_index=True)
        if info["paths"] != "exact":
            st.caption(plain(info["paths"]))
