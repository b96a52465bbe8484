"""The name review: every typed name netmap is not sure of, in a table a person can sort and
filter, decided one at a time or every clear match at once, each decision kept as it is made.

Only the review reruns when a person decides (a Streamlit fragment): the survey is not read
again and the map is not redrawn until they ask for it ("Update the map with my decisions"),
so a click is answered at once even with a hundred names to go.

Where decisions are kept: with the project chosen in the sidebar (``netmap.store.review``),
written the moment each is made and read back when the survey is opened again; without a
project only in this browser session, which the page says plainly, offering them as an
``aliases.csv`` the survey page takes back.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import pandas as pd
import streamlit as st

from netmap.errors import NetmapError
from netmap.formats.cells import csv_bytes
from netmap.intake.reconcile import ALIAS_COLUMNS, Thresholds
from netmap.intake.survey import SurveyResult
from netmap.privacy import Pseudonymiser, new_key
from netmap.store import Store, default_db
from netmap.store import review as kept
from netmap.store.roles import pseudonym_key, role_of
from netmap.ui.access import download_button, store_at, team_db, user_name, wave_role
from netmap.ui.text import keep_valid, plain
from netmap.words import listing, plural

__all__ = ["CLEAR_MARGIN", "CLEAR_SCORE", "STATUSES", "TIE_MARGIN", "Candidate", "TypedName", "applied",
           "decisions", "names_shown", "restore", "review_screen", "status_of", "typed_names"]

#: A clear match: the best candidate scores at least this (of 100) …
CLEAR_SCORE = 80.0
#: … and leads the next candidate by at least this much (or is the only one).
CLEAR_MARGIN = 10.0
#: Candidates closer than this to the best tie with it: no best match is named, Accept is not
#: offered, the person chooses (the margin reconcile itself asks of an automatic match).
TIE_MARGIN = Thresholds().margin
CLEAR, TIED, UNSURE, DECIDED = "clear match", "tied", "no clear match", "decided"
STATUSES = (CLEAR, TIED, UNSURE, DECIDED)

_DECISIONS = "survey_decisions"  # raw name -> (actor id, actor name); id "" = a different person
_APPLIED = "_review_applied"  # the decisions the map was last built with
_RESTORED = "_review_restored"  # (store, project) whose kept decisions this session holds
_NOTICE = "_review_notice"  # a store problem met in a click, shown at the next run of the review
_ALL = "(all)"
_OWN = "(their own name)"


def status_of(scores: list[float]) -> str:
    """Whether a typed name's candidates (scores, best first) hold a clear match.

    A clear match is one candidate scoring at least :data:`CLEAR_SCORE` with a lead of at least
    :data:`CLEAR_MARGIN` over the next (or no other candidate); candidates within
    :data:`TIE_MARGIN` of the best tie; anything else is no clear match.

    >>> status_of([80, 80, 80]), status_of([80]), status_of([95, 84]), status_of([75])
    ('tied', 'clear match', 'clear match', 'no clear match')
    """
    best = scores[0] if scores else 0.0
    second = scores[1] if len(scores) > 1 else 0.0
    if len(scores) > 1 and best - second < TIE_MARGIN:
        return TIED
    if best >= CLEAR_SCORE and best - second >= CLEAR_MARGIN:
        return CLEAR
    return UNSURE


@dataclass(frozen=True)
class Candidate:
    id: str
    name: str
    score: float


@dataclass(frozen=True)
class TypedName:
    """A typed name to review: its candidates (best first), its status before any decision,
    who typed it (respondent ids) and in answer to which questions (tie types)."""

    raw: str
    candidates: tuple[Candidate, ...]
    status: str
    who: tuple[str, ...]
    questions: tuple[str, ...]


def typed_names(result: SurveyResult) -> list[TypedName]:
    """The survey's names to review, in the order reconcile gives them."""
    who: dict[str, list[str]] = defaultdict(list)
    asked: dict[str, list[str]] = defaultdict(list)
    for raw, respondent, question in result.typed.itertuples(index=False):
        who[raw].append(respondent)
        asked[raw].append(question)
    found = []
    for raw, rows in result.review.groupby("raw_name", sort=False):
        candidates = tuple(Candidate(str(i), str(n), float(s)) for i, n, s in
                           zip(rows["candidate_id"], rows["candidate_name"], rows["score"]))
        found.append(TypedName(str(raw), candidates, status_of([c.score for c in candidates]),
                               tuple(dict.fromkeys(who.get(raw, ()))), tuple(dict.fromkeys(asked.get(raw, ())))))
    return found


def decisions() -> dict[str, tuple[str, str]]:
    """This session's review decisions: raw name → (actor id, actor name); id "" = a new person."""
    return st.session_state.setdefault(_DECISIONS, {})


def applied() -> tuple[tuple[str, str, str], ...]:
    """The decisions to build the survey with, remembered as the ones the map now shows."""
    chosen = tuple((raw, a, n) for raw, (a, n) in sorted(decisions().items()))
    st.session_state[_APPLIED] = chosen
    return chosen


# ----------------------------------------------------------------- where decisions are kept

def _project() -> tuple[Store, str] | None:
    """The store and project chosen in the sidebar, when there are both."""
    project = st.session_state.get("project_name")
    if not project:
        return None
    db = team_db() if user_name() else (st.session_state.get("project_db") or default_db())
    store = store_at(str(db))
    return (store, project) if store is not None else None


def _role(where: tuple[Store, str] | None):
    user = user_name()
    if user is None or where is None:
        return None
    return role_of(store_at(team_db()), where[1], user)


def _may_decide(where) -> bool:
    """Anyone without sign-in; signed in with a project chosen, an editor or owner of it."""
    if user_name() is None or where is None:
        return True
    role = _role(where)
    return role is not None and role.at_least("editor")


def _names_shown(where) -> bool:
    """Whether this viewer may see names: not a viewer without names of the chosen project (nor
    of the wave shown)."""
    if user_name() is not None and where is not None:
        role = _role(where)
        return role is not None and role.names
    shown = wave_role()
    return not (shown and not shown["names"])


def names_shown() -> bool:
    """Whether this viewer may see names on the survey page (the project chosen in the sidebar)."""
    return _names_shown(_project())


def restore() -> None:
    """Bring the chosen project's kept decisions into this session (once per project): decisions
    made before the project was chosen are kept in it too; another project's are let go."""
    where = _project()
    if where is None:
        return
    store, project = where
    tag = (store.where, project)
    before = st.session_state.get(_RESTORED)
    if before == tag:
        return
    mine = decisions()
    try:
        stored = kept.decisions(store, project)
        unsaved = {} if before is not None else {r: d for r, d in mine.items() if stored.get(r) != d}
        if unsaved and _may_decide(where):
            kept.decide(store, project, unsaved, by=_author())
        if before is not None:
            mine.clear()
        mine.update(stored | unsaved)
    except NetmapError as exc:
        st.session_state[_NOTICE] = str(exc)
    st.session_state[_RESTORED] = tag


def _author() -> str | None:
    return user_name() or st.session_state.get("project_author", "").strip() or None


def _record(chosen: dict[str, tuple[str, str]] | None = None, undone: list[str] | None = None) -> None:
    """Decide or undo in this session, and in the project's store when one is chosen (a click's
    callback: runs before the review is drawn again)."""
    mine = decisions()
    where = _project()
    try:
        if where is not None:
            if chosen:
                kept.decide(*where, chosen, by=_author())
            if undone is not None:
                kept.undo(*where, undone or None)
    except NetmapError as exc:
        st.session_state[_NOTICE] = f"Not kept in the project: {exc}"
        return
    mine.update(chosen or {})
    for raw in (undone if undone else list(mine) if undone is not None else []):
        mine.pop(raw, None)


# ----------------------------------------------------------------- the screen

@dataclass(frozen=True)
class _View:
    """What this viewer sees of the survey: names, or codes when they may not see names."""

    result: SurveyResult
    names_shown: bool
    actors: dict
    codes: dict
    questions: dict

    def person(self, actor_id: str) -> str:
        """An actor (a respondent, a candidate) as this viewer may see them."""
        return self.actors.get(actor_id, actor_id) if self.names_shown else self.codes.get(actor_id, "(withheld)")

    def typed(self, raw: str) -> str:
        """A typed name as typed, or the code of the actor it stands for until decided."""
        return raw if self.names_shown else self.person(self.result.reconciliation.mapping.get(raw, ""))

    def question(self, key: str) -> str:
        return self.questions.get(key, key)


def _view(result: SurveyResult, where) -> _View:
    shown = _names_shown(where)
    actors = dict(zip(result.actors["id"].astype(str), result.actors["name"].astype(str)))
    codes = {}
    if not shown:
        # the project's own key: the same codes as the waves this viewer is shown
        key = pseudonym_key(*where) if where is not None else st.session_state.setdefault("_review_key", new_key())
        codes = Pseudonymiser(result.actors, key).codes
    questions = {q["type"]: q["text"] for q in result.report["questions"]} | {"": _OWN}
    return _View(result, shown, actors, codes, questions)


def review_screen(result: SurveyResult) -> None:
    """The review of ``result``'s typed names (read without this session's decisions, so that a
    decided name stays listed and can be undone)."""
    names = typed_names(result)
    st.subheader("Names to review")
    if not names:
        st.caption("netmap matched every typed name by itself: nothing to review.")
        return
    _review(result, names)


@st.fragment
def _review(result: SurveyResult, names: list[TypedName]) -> None:
    where = _project()
    mine = decisions()
    notice = st.session_state.pop(_NOTICE, None)
    if notice:
        st.error(plain(notice))
    view = _view(result, where)
    may = _may_decide(where) and view.names_shown
    status = {n.raw: (DECIDED if n.raw in mine else n.status) for n in names}
    counts = {s: sum(v == s for v in status.values()) for s in STATUSES}
    st.caption(f"{plural(len(names), 'typed name')} to review: "
               f"{plural(counts[CLEAR], 'clear match', 'clear matches')}, {counts[TIED]} tied, "
               f"{counts[UNSURE]} with no clear match; {counts[DECIDED]} decided.")
    _where_kept(where, mine, may, view.names_shown)
    clear = {n.raw: (n.candidates[0].id, n.candidates[0].name) for n in names if status[n.raw] == CLEAR}
    st.button(f"Accept all {plural(len(clear), 'clear match', 'clear matches')}" if clear else
              "Accept all clear matches", key="review_accept_clear", disabled=not clear or not may,
              on_click=_record, args=(clear,),
              help=f"A clear match: one candidate scoring {CLEAR_SCORE:.0f} or more of 100, at least "
                   f"{CLEAR_MARGIN:.0f} ahead of the next (or the only one). Each can be undone afterwards.")
    shown = _filtered(names, status, view)
    _table(shown, status, mine, view)
    if shown and may:
        _decide_one(shown, status, mine, view)
    cols = st.columns(2)
    if mine and may:
        cols[1].button(f"Undo all {plural(len(mine), 'decision')}", key="review_undo_all", on_click=_record,
                       kwargs={"undone": []})
    pending = tuple((r, a, n) for r, (a, n) in sorted(mine.items())) != st.session_state.get(_APPLIED, ())
    if pending and cols[0].button("Update the map with my decisions", key="review_apply", type="primary",
                                  help="Reads the survey again with your decisions and redraws the map below."):
        st.rerun()  # the whole page: the survey is read again with the decisions


def _where_kept(where, mine: dict, may: bool, names_shown: bool) -> None:
    if where is not None:
        st.caption(plain(f"Each decision is kept in project '{where[1]}' as you make it."
                         if may else f"You may look at the review of project '{where[1]}'; deciding needs an "
                                     "editor's role and names."))
        return
    st.warning("Your decisions are kept only while this page is open: closing the browser loses them. Choose a "
               "project in the sidebar to keep each one as you make it, or download them and give the file back "
               "next time as 'Decisions from an earlier wave'.")
    if mine and names_shown:  # the decisions name people: never for a viewer without names
        rows = pd.DataFrame([(raw, a, n, 100.0, "person") for raw, (a, n) in sorted(mine.items())],
                            columns=ALIAS_COLUMNS)
        download_button(f"Download my {plural(len(mine), 'decision')} (aliases.csv)", csv_bytes(rows),
                        file_name="aliases.csv", mime="text/csv", key="review_download", names=True)


def _filtered(names: list[TypedName], status: dict, view: _View) -> list[TypedName]:
    """The names passing the three filters: status, who typed them, the question."""
    cols = st.columns(3)
    statuses = [_ALL, *STATUSES]
    people = [_ALL, *sorted({view.person(w) for n in names for w in n.who})]
    asked = [_ALL, *dict.fromkeys(view.question(q) for n in names for q in n.questions)]
    for key, options in (("review_status", statuses), ("review_who", people), ("review_question", asked)):
        keep_valid(key, options, _ALL)
    wanted = cols[0].selectbox("Show", statuses, key="review_status")
    who = cols[1].selectbox("Typed by", people, key="review_who")
    question = cols[2].selectbox("In answer to", asked, key="review_question")
    return [n for n in names if (wanted == _ALL or status[n.raw] == wanted)
            and (who == _ALL or who in {view.person(w) for w in n.who})
            and (question == _ALL or question in {view.question(q) for q in n.questions})]


def _decision_words(decided: tuple[str, str] | None, view: _View) -> str:
    if decided is None:
        return ""
    return "a different person (kept apart)" if not decided[0] else f"the same as {view.person(decided[0])}"


def _table(shown: list[TypedName], status: dict, mine: dict, view: _View) -> None:
    """One row per typed name; sortable by any column (click its header)."""
    table = pd.DataFrame({
        "Status": [status[n.raw] for n in shown],
        "Typed name": [view.typed(n.raw) for n in shown],
        "Typed by": [listing([view.person(w) for w in n.who], 3) for n in shown],
        "In answer to": [listing([view.question(q) for q in n.questions], 2) for n in shown],
        "Candidates (score of 100)": [" · ".join(f"{view.person(c.id)} {c.score:.0f}" for c in n.candidates)
                                      for n in shown],
        "Your decision": [_decision_words(mine.get(n.raw), view) for n in shown],
    }, dtype=object)
    if not shown:
        st.caption("No typed name matches these filters.")
        return
    st.dataframe(table, hide_index=True, width="stretch", height=min(38 + 35 * len(shown), 400),
                 column_config={"Status": st.column_config.Column(
                     help=f"clear match: one candidate scoring {CLEAR_SCORE:.0f}+ and {CLEAR_MARGIN:.0f}+ ahead; "
                          f"tied: candidates within {TIE_MARGIN:.0f} of each other; decided: by you")})


def _decide_one(shown: list[TypedName], status: dict, mine: dict, view: _View) -> None:
    """The name picked from the filtered list: its candidates and the decisions open to it."""
    raws = [n.raw for n in shown]
    waiting = [r for r in raws if status[r] != DECIDED]
    keep_valid("review_name", raws, (waiting or raws)[0])
    if st.session_state.get("review_name") in mine and waiting and st.session_state.get("_review_moved"):
        st.session_state["review_name"] = waiting[0]  # after a decision, on to the next name waiting
    st.session_state["_review_moved"] = False
    raw = st.selectbox("Decide about", raws, key="review_name", format_func=view.typed,
                       help="The first name still waiting is chosen for you after each decision.")
    name = next(n for n in shown if n.raw == raw)
    best = name.candidates[0]
    if raw in mine:
        st.markdown(plain(f"You decided: '{raw}' is {_decision_words(mine[raw], view)}."))
        st.button("Undo this decision", key="review_undo_one", on_click=_record, kwargs={"undone": [raw]})
    elif status[raw] == TIED:
        tied = [c for c in name.candidates if best.score - c.score < TIE_MARGIN]
        low = min(c.score for c in tied)
        scores = f"each scores {best.score:.0f} of 100" if low == best.score else \
            f"scores {low:.0f} to {best.score:.0f} of 100"
        st.markdown(plain(f"'{raw}': {len(tied)} people fit equally well ({scores}): "
                          f"{listing([view.person(c.id) for c in tied], 6)}. They tie, so netmap names no best "
                          "match: choose the person below, or keep the name apart."))
    else:
        second = name.candidates[1].score if len(name.candidates) > 1 else None
        lead = "the only candidate" if second is None else f"{best.score - second:.0f} ahead of the next"
        word = "Best match" if status[raw] == CLEAR else "Closest, but not a clear match"
        st.markdown(plain(f"'{raw}': {word}: {view.person(best.id)} (score {best.score:.0f} of 100, {lead})."))
    if raw in mine:
        return
    others = sorted((a for a in view.actors if a not in {c.id for c in name.candidates}), key=view.person)
    options = [c.id for c in name.candidates] + others
    score = {c.id: c.score for c in name.candidates}
    pick = st.selectbox("The person it stands for", options, index=None, key=f"review_pick_{raw}",
                        placeholder="Choose the person",
                        format_func=lambda a: f"{view.person(a)} (score {score[a]:.0f})" if a in score
                        else f"{view.person(a)} ({a})")
    cols = st.columns(3)
    if status[raw] != TIED:
        cols[0].button(f"Accept {view.person(best.id)}", key="review_accept", on_click=_decided,
                       args=({raw: (best.id, best.name)},), help="The same person as this candidate.")
    cols[1].button("Use the person I chose", key="review_pick", disabled=pick is None, on_click=_decided,
                   args=({raw: (pick, view.actors.get(pick, pick))},) if pick is not None else ({},))
    cols[2].button("A different person: keep apart", key="review_reject", on_click=_decided,
                   args=({raw: ("", raw)},), help="None of these: the name stays its own actor.")


def _decided(chosen: dict[str, tuple[str, str]]) -> None:
    _record(chosen)
    st.session_state["_review_moved"] = True
