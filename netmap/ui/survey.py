"""The survey path in the app: upload exports, map columns, review names, then analyse as usual;
and "How sure are we?" for the rankings.

The survey becomes ``actors.csv``/``ties.csv`` bytes (a :class:`~netmap.ui.data.Source`), so
validation, analysis and every view downstream are the ones a spreadsheet goes through.
"""
from __future__ import annotations

import json
import re

import pandas as pd
import streamlit as st

from netmap.errors import NetmapError
from netmap.formats.cells import csv_bytes, json_safe
from netmap.insights.confidence import TOP
from netmap.insights.nonresponse import SURVEY_COLUMNS, confirmed_only
from netmap.intake.reconcile import ALIAS_COLUMNS
from netmap.intake.responses import FORMATS
from netmap.intake.survey import ASKED_COLUMN, SurveyResult, _read_aliases_source, build_survey, read_roster
from netmap.samples import samples_dir
from netmap.ui.access import download_button
from netmap.ui.review import applied, names_shown, restore, review_screen
from netmap.ui.sources import Source
from netmap.ui.tables import dataframe
from netmap.ui.text import keep_valid, plain
from netmap.words import plural

__all__ = ["how_sure", "issue_lines", "survey_source"]

_TYPES = ["csv", "tsv", "txt", "xlsx", "graphml"]


@st.cache_data(show_spinner=False, max_entries=8)
def _build(files: tuple[tuple[str, bytes], ...], roster: tuple[str, bytes] | None, format: str,
           respondent: str | None, decisions: tuple[tuple[str, str, str], ...],
           aliases_file: tuple[str, bytes] | None, tie_types: tuple[tuple[str, str], ...] = (),
           names: tuple[str, ...] = (), asked: tuple[str, tuple[str, ...]] | None = None) -> SurveyResult:
    aliases = None
    if aliases_file is not None:
        aliases = _read_aliases_source(aliases_file)
    if decisions:
        mine = pd.DataFrame([(raw, actor_id, name, 100.0, "person") for raw, actor_id, name in decisions],
                            columns=ALIAS_COLUMNS)
        aliases = mine if aliases is None else pd.concat(
            [aliases[~aliases["raw_name"].isin(mine["raw_name"])], mine], ignore_index=True)
    return build_survey(list(files), format=format, roster=roster, respondent=respondent or None, aliases=aliases,
                        tie_types=dict(tie_types) or None, names=list(names) or None, asked=asked)


@st.cache_data(show_spinner=False, max_entries=4)
def _roster(roster: tuple[str, bytes]) -> pd.DataFrame | None:
    """The roster as read, for the choice of who was asked (None when it cannot be read: the
    survey's own reading says why)."""
    try:
        return read_roster(roster)
    except NetmapError:
        return None


#: The bundled sample survey (Millbrook's residents' questionnaire and the town's roster), and
#: who its questionnaire went to: the residents (sample_networks/millbrook/README.md).
SAMPLE_SURVEY = ("millbrook/survey/responses.csv", "millbrook/actors.csv")
SAMPLE_ASKED = ("type", ["resident"])


def _try_sample() -> None:
    st.session_state["survey_sample"] = True
    st.session_state["survey_asked_by"], st.session_state["survey_asked_values"] = SAMPLE_ASKED


def _stop_sample() -> None:
    for key in ("survey_sample", "survey_asked_by", "survey_asked_values"):
        st.session_state.pop(key, None)


def _sample_files() -> tuple[tuple[tuple[str, bytes], ...], tuple[str, bytes]]:
    responses, roster = (samples_dir() / path for path in SAMPLE_SURVEY)
    return ((responses.name, responses.read_bytes()),), (roster.name, roster.read_bytes())


def _empty_page() -> None:
    """The survey page before any export: what it does, and the sample to try it on."""
    st.markdown("Upload a survey export in the sidebar (Google Forms, Microsoft Forms, SurveyMonkey, Qualtrics, "
                "KoboToolbox or Network Canvas), and your roster of people and organisations if you have one. "
                "netmap reads who answered and every name they typed, matches the names to your roster (or to each "
                "other), and asks you about the names it is not sure of. Nothing leaves this computer.")
    st.button("Try the sample survey", key="survey_try_sample", type="primary", on_click=_try_sample,
              help="Millbrook's residents' questionnaire (a fictional town), as a Google Forms export, with the "
                   "town's roster.")
    st.caption("The sample: residents of Millbrook, a fictional town, said whom they turn to for help or advice, "
               "whom they would ask to help organise a street event, and which local organisations they work with.")


def survey_source():
    """Sidebar and page: survey files in, names reviewed; returns a Source, or None until ready."""
    files = st.sidebar.file_uploader(
        "Survey export(s)", type=_TYPES, accept_multiple_files=True, key="survey_files",
        help="Google Forms, Microsoft Forms, SurveyMonkey, Qualtrics or KoboToolbox exports (one row per "
             "respondent, or one row per named person), a roster matrix, or Network Canvas CSV/GraphML files.")
    roster = st.sidebar.file_uploader("Roster of actors (optional)", type=["csv", "tsv", "txt", "xlsx"],
                                      key="survey_roster",
                                      help="id, name and any attributes: typed names are matched to it first. A "
                                           "column 'asked' (yes or no) says who was given the questionnaire.")
    aliases = st.sidebar.file_uploader("Decisions from an earlier wave (aliases.csv, optional)", type=["csv"],
                                       key="survey_aliases",
                                       help="Rows whose decision is 'person' are applied as they are.")
    fmt = st.sidebar.selectbox("Shape of the export", FORMATS, key="survey_format",
                               help="'auto' recognises the common shapes.")
    respondent = st.sidebar.text_input("Respondent column (optional)", key="survey_respondent",
                                       help="The column naming who answered, when netmap does not find it.")
    if files:
        file_key = tuple((f.name, f.getvalue()) for f in files)
        roster_key = (roster.name, roster.getvalue()) if roster else None
    elif st.session_state.get("survey_sample"):
        file_key, roster_key = _sample_files()
        st.info("You are trying the sample survey (Millbrook's residents, a fictional town). Upload your own export "
                "in the sidebar to read it instead.")
        st.button("Stop using the sample survey", key="survey_stop_sample", on_click=_stop_sample)
    else:
        _empty_page()
        return None
    aliases_key = (aliases.name, aliases.getvalue()) if aliases else _project_aliases()
    asked = _who_was_asked(roster_key)
    restore()  # the decisions kept with the chosen project
    decided = applied()
    try:
        with st.spinner("Reading the survey and matching names …"):
            args = (file_key, roster_key, fmt, respondent.strip())
            later = (aliases_key, _tie_types(), tuple(st.session_state.get("survey_names", ())), asked)
            # the review lists every name to review, decided or not (so each can be undone)
            unreviewed = _build(*args, (), *later)
            result = _build(*args, decided, *later) if decided else unreviewed
    except NetmapError as exc:
        st.error(plain(str(exc)))
        return None
    _report(result)
    _not_answered(result)
    _free_text(result)
    words = _question_words(result)
    _question_names(result, words)
    review_screen(unreviewed)
    confirmed = st.checkbox("Use only ties both people reported (confirmed)", key="survey_confirmed",
                            help="Default: every reported tie. Confirmed-only ties are fewer but surer.")
    ties = confirmed_only(result.ties) if confirmed else result.ties
    ties = ties.assign(type=ties["type"].map(lambda t: words.get(t, t)))
    given = ", ".join(name for name, _ in file_key)
    return Source(("ties.csv", ties.to_csv(index=False).encode("utf-8")),
                  ("actors.csv", result.actors.to_csv(index=False).encode("utf-8")), f"survey {given}",
                  aliases=("aliases.csv", result.aliases[ALIAS_COLUMNS].to_csv(index=False).encode("utf-8")),
                  made_from=given)


def issue_lines(issues: list, source: Source, network=None) -> str:
    """The report's lines, one per issue. For a map made from a survey they name the files the user
    gave, not the ties.csv made from them (whose row numbers mean nothing to the user), and people
    by name instead of id when the viewer may see names."""
    if source.made_from is None:
        return "\n".join(issue.text for issue in issues)
    names = {}
    if network is not None and names_shown():
        names = {str(a): str(n) for a, n in zip(network.actors["id"], network.actors["name"]) if str(a) != str(n)}
    # whole ids only: the id "r1" is not inside "r12", nor "ap" inside "apart"
    pattern = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(a) for a in sorted(names, key=len, reverse=True))
                         + r")(?![\w-])") if names else None

    def named(text: str) -> str:
        return pattern.sub(lambda m: names[m.group(0)], text) if pattern else text

    return "\n".join(f"{source.made_from}: {named(issue.message)}" for issue in issues)


def _group_columns(table: pd.DataFrame) -> list[str]:
    """Columns that sort people into a few groups (sector, ward, type …): 2 to 30 values."""
    skip = {"id", "name", ASKED_COLUMN, *SURVEY_COLUMNS}
    return [c for c in table.columns if c not in skip and 2 <= table[c].nunique() <= 30]


def _who_was_asked(roster_key: tuple[str, bytes] | None) -> tuple[str, tuple[str, ...]] | None:
    """Sidebar: who on the roster was asked to answer (everyone, the roster's 'asked' column, or
    the people of some groups), as :func:`netmap.intake.survey.asked_on_roster` takes it."""
    table = _roster(roster_key) if roster_key is not None else None
    if table is None:
        return None
    everyone = "as the roster's 'asked' column says" if ASKED_COLUMN in table.columns else "everyone on the roster"
    columns = _group_columns(table)
    keep_valid("survey_asked_by", [everyone, *columns], everyone)
    column = st.sidebar.selectbox(
        "Who was asked to answer", [everyone, *columns], key="survey_asked_by",
        format_func=lambda c: c if c == everyone else f"only some: by {c}",  # options are text, not Markdown
        help="The response rate counts only the people who were asked: a residents' questionnaire never went to "
             "the organisations on the roster. A roster column 'asked' (yes or no) says it too.")
    if column == everyone:
        return None
    values = sorted(map(str, table[column].dropna().unique()))
    keep_valid("survey_asked_values", values, [])
    picked = st.sidebar.multiselect(plain(f"Those whose {column} is"), values, key="survey_asked_values")
    if not picked:
        st.sidebar.caption("Pick at least one; until then everyone on the roster counts as asked.")
        return None
    return column, tuple(picked)


def _not_answered(result: SurveyResult) -> None:
    """The people asked who have not answered, by group: who to remind (names only to a viewer who
    may see names)."""
    missing = result.report["non_respondents"]
    if not missing:
        return
    actors = result.actors[result.actors["id"].astype(str).isin(missing)]
    with st.expander(f"Who has not answered: {plural(len(missing), 'person', 'people')} asked"):
        columns = _group_columns(result.actors[result.actors["id"].astype(str).isin(set(missing))])
        default = next((c for c in ("ward", "sector", "group") if c in columns), columns[0] if columns else None)
        by = None
        if columns:
            keep_valid("survey_missing_by", columns, default)
            by = st.selectbox("Group them by", columns, key="survey_missing_by")
        groups = actors.groupby(actors[by].fillna("(none)").astype(str) if by else pd.Series("everyone asked",
                                                                                              index=actors.index))
        rows = [{"Group": group, "How many": len(members),
                 **({"Who": "; ".join(sorted(map(str, members["name"])))} if names_shown() else {})}
                for group, members in groups]
        dataframe(pd.DataFrame(rows))
        if not names_shown():
            st.caption("Names are listed only for those whose role on the project lets them see names.")


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
                   help="Of the people asked to answer, the share who did (who was asked: in the sidebar).")
    cols[2].metric("Names typed", r["names_mentioned"])
    cols[3].metric("Actors found", r["actors_found"])
    if r["response_rate"] is not None:
        st.caption(plain(f"{r['answered']:,} of {plural(r['asked'], 'person', 'people', grouped=True)} asked "
                         f"answered ({r['response_rate']:.0%}). Asked: {r['asked_are']}."))
    caveats = []
    if r["response_rate"] is not None and r["response_rate"] < 0.7:
        n = len(r["non_respondents"])
        caveats.append(f"{plural(n, 'person', 'people')} asked did not answer: their ties "
                       "appear only when someone else named them, so they may look less connected than they are.")
    if r["capped_respondents"]:
        caveats.append(f"{plural(r['capped_respondents'], 'respondent')} named as many people as the form allowed: "
                       "their ties may be cut short.")
    if r["names_mentioned_once"]:
        n = r["names_mentioned_once"]
        caveats.append(f"{plural(n, 'person', 'people')} {'was' if n == 1 else 'were'} named by one respondent only.")
    for caveat in caveats:
        st.info(plain(caveat))
    if result.issues:
        with st.expander(f"{plural(len(result.issues), 'change')} netmap made while reading the survey"):
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
    with st.expander(f"{plural(len(unsure), 'question')} read as free text, not names"):
        st.caption("Their answers are withheld: they are not people, and they are in none of the files netmap "
                   "writes or offers for download. If a question does ask for people, read it as names.")
        for f in result.report["questions_read_as_free_text"]:
            st.markdown(plain(f"- {f['column']}: {plural(f['answers'], 'answer')} withheld ({f['why']})"))
        picked = st.multiselect("Read these as names", sorted(set(unsure) | set(chosen)), default=chosen,
                                key="survey_names_pick")
        if sorted(picked) != sorted(chosen):
            st.session_state["survey_names"] = tuple(picked)
            st.rerun()


def _tie_types() -> tuple[tuple[str, str], ...]:
    return tuple(sorted(st.session_state.get("survey_tie_types", {}).items()))


def _question_words(result: SurveyResult) -> dict[str, str]:
    """Each tie type the user has not renamed → its question's words ("Who do you turn to for help
    or advice?", not ``turn_help_advice``); a ';' would split a type, so it becomes ','."""
    renamed = set(st.session_state.get("survey_tie_types", {}).values())
    return {q["type"]: str(q["text"]).replace(";", ",").strip() or q["type"]
            for q in result.report["questions"] if q["type"] not in renamed}


def _question_names(result: SurveyResult, words: dict[str, str]) -> None:
    """The mapping step for questions: each question's tie type (its words, unless renamed by the user)."""
    with st.expander("Questions and the tie types they become"):
        renames = dict(st.session_state.get("survey_tie_types", {}))
        original = {v: k for k, v in renames.items()}
        for q in result.report["questions"]:
            key = original.get(q["type"], q["type"])
            cap = f", up to {q['cap']} names" if q["cap"] else ""
            shown = words.get(q["type"], q["type"])
            new = st.text_input(plain(f"{q['text']} ({plural(q['mentions'], 'name')}{cap})"), value=shown,
                                key=f"tie_type_{key}")
            if new.strip() and new.strip() != shown:
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
                store[wanted] = result.with_confidence(resamples, missing or None)
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
