"""The team's side of netmap's own questionnaire in the app: open a questionnaire for a new
wave, make the links, follow who has answered (updated as answers come in), download the
reminder list, and close the collection to build the wave.

:func:`panel` is drawn by the Project section (:mod:`netmap.ui.project`) for the owners and
editors of a project; a viewer never sees it. Every action is the library call the command
line makes (:mod:`netmap.questionnaire`): ``open_collection`` (``netmap collect open``),
``issue_links`` (``links``), ``collection_status`` (``status``), ``close_collection``
(``close``), so the app and the command line check, store and audit alike. The role is
checked again when an action runs, not only when its button is drawn.

The files offered here — the invitations (mail merge and printable sheet) and the reminder
list — name people because their purpose is to reach them: they are offered only to those
who may see names, never in a session that pseudonymises its downloads, and each download is
a row of the audit trail.
"""
from __future__ import annotations

import hashlib

import pandas as pd
import streamlit as st

from netmap.errors import NetmapError, ValidationFailed
from netmap.formats.cells import csv_bytes
from netmap.questionnaire import QuestionnaireError, parse_questionnaire
from netmap.questionnaire.build import close_collection, close_summary
from netmap.questionnaire.invitations import (
    Invitations,
    invitation_sheet,
    invitations_csv,
    issue_links,
    open_collection,
)
from netmap.questionnaire.model import MAX_BYTES
from netmap.questionnaire.status import Status, collection_status, reminder_table
from netmap.samples import samples_dir
from netmap.store import Store
from netmap.store.collections import Collection, Collections
from netmap.ui.access import client_address, download_button, may_edit, require_editor
from netmap.ui.state import download_pseudonymiser, names_withheld
from netmap.ui.text import plain
from netmap.words import plural

__all__ = ["REFRESH_SECONDS", "SAMPLE_QUESTIONNAIRE", "panel"]

#: How often the status of an open collection is read again (a fragment: only the status reruns).
REFRESH_SECONDS = 10
#: The questionnaire offered to start from (docs/collect.md describes the format).
SAMPLE_QUESTIONNAIRE = samples_dir() / "millbrook" / "questionnaire.yaml"
_SAMPLE, _OWN = "Millbrook's questionnaire (an example to adapt)", "A questionnaire file of my own (YAML)"
_LINKS = "_collect_links"  # Session State: {collection id: Invitations} made in this session
_DONE = "_collect_done"  # Session State: what the last open or close reported, shown once


def panel(store: Store, project: str, author: str = "") -> None:
    """The questionnaires of ``project``: each open one (status, links, close), the closed ones
    in a line, then opening a new one. ``author`` is recorded with every change."""
    done = st.session_state.pop(_DONE, None)
    if done is not None:
        _report(*done)
    try:
        collections = [c for c in Collections(store).all() if c.project == project]
    except NetmapError as exc:
        st.error(plain(str(exc)))
        return
    for collection in collections:
        if collection.state == "closed":
            st.caption(plain(f"Wave '{collection.wave}': '{collection.title}' closed {(collection.closed_at or '')[:10]}."))
            continue
        st.markdown(f"**{plain(collection.title)}** " + plain(f"(wave '{collection.wave}', {collection.state})"))
        _live_status(store, project, collection.wave)
        if collection.state == "open":
            _links(store, collection)
            _close(store, collection, author)
        st.divider()
    if not collections:
        st.caption(plain(f"No questionnaire collects answers for '{project}' yet."))
    _open_form(store, project, author)


# ---------------------------------------------------------------------------- status
@st.fragment(run_every=REFRESH_SECONDS)
def _live_status(store: Store, project: str, wave: str) -> None:
    """The status, read again every :data:`REFRESH_SECONDS` seconds without rerunning the app
    (a fragment: the map and the analysis are not touched). The role is checked at each
    reading: a role taken away meanwhile stops the names showing at the next one."""
    if not may_edit(project):
        st.caption("Your role on this project was changed: the questionnaire's status is for its owners and editors.")
        return
    _status(store, project, wave)


def _status(store: Store, project: str, wave: str) -> None:
    try:
        status = collection_status(store, project, wave)
    except NetmapError as exc:
        st.error(plain(str(exc)))
        return
    counts = status.counts
    top, bottom = st.columns(2), st.columns(2)
    top[0].metric("Invited", status.invited)
    top[1].metric("Sent", counts["submitted"])
    bottom[0].metric("Started, not sent", counts["started"])
    bottom[1].metric("Withdrew", counts["withdrawn"])
    if status.response_rate is None:
        st.write("No links yet: make them below (or with netmap collect links).")
    else:
        st.write(plain(f"Response rate: {status.response_rate:.0%} ({counts['submitted']} of "
                       f"{plural(status.invited, 'person', 'people')} invited sent their answers)."))
    if status.groups:
        table = pd.DataFrame([{status.group_by: g.group, "invited": g.invited, "sent": g.submitted,
                               "response rate": f"{g.response_rate:.0%}" if g.response_rate is not None else ""}
                              for g in status.groups])
        st.dataframe(table, hide_index=True, key=f"collect_groups_{wave}")
    if status.to_remind and status.state == "open":
        _reminders(store, status)


def _reminders(store: Store, status: Status) -> None:
    st.markdown(f"**Who to remind** ({len(status.to_remind)})")
    table = reminder_table(store, status)
    st.dataframe(table[["name", "so far"]], hide_index=True, key=f"collect_remind_{status.wave}")
    if _names_offered():
        download_button("Download the reminder list (CSV)", csv_bytes(table), file_name="reminders.csv",
                        mime="text/csv", names=True, project=status.project, key=f"collect_remind_download_{status.wave}",
                        help="Everyone invited who has not sent answers, with the roster's columns (e.g. email).")


def _names_offered() -> bool:
    """Files of names for reaching people are never pseudonymised: a session that pseudonymises
    its downloads is offered none, and is told why."""
    if download_pseudonymiser() is None and not names_withheld():
        return True
    st.caption("The invitations and the reminder list are for reaching people, so they hold names: they are not "
               "offered while every download is pseudonymised.")
    return False


# ---------------------------------------------------------------------------- links
def _links(store: Store, collection: Collection) -> None:
    made: dict[int, Invitations] = st.session_state.setdefault(_LINKS, {})
    key = collection.id
    base = st.text_input("Address people open the links at", key=f"collect_base_{key}",
                         placeholder="https://survey.example.org",
                         help="Where the questionnaire server (netmap collect serve) is reached, e.g. behind HTTPS. "
                              "Each person's link is this address and a secret of their own.")
    again = before = Collections(store).has_links(key)
    if before:  # people may have the earlier links already (even those just downloaded here)
        st.caption("Links were made before. Making new ones stops every earlier link working (answers already "
                   "saved stay with their person).")
        again = st.checkbox("Make new links (the earlier ones stop working)", key=f"collect_reissue_{key}")
    if st.button("Make the links", key=f"collect_make_links_{key}", disabled=not base.strip() or before and not again):
        try:
            require_editor(store, collection.project, "make links")
            made[key] = issue_links(store, collection.project, collection.wave, base, reissue=again)
        except NetmapError as exc:
            st.error(plain(str(exc)))
        else:
            st.session_state.pop(f"collect_reissue_{key}", None)  # new links again need a new tick
            st.rerun()  # drawn again with links made: making more now needs that tick
    invitations = made.get(key)
    if invitations is None:
        return
    st.write(plain(f"Made {plural(len(invitations.rows), 'personal link')} and one drop-in link. They exist only in "
                   "these files: the store keeps a hash of each. Keep the files safe, and send each person only "
                   "their own."))
    if not _names_offered():
        return
    download_button("Download the invitations for mail merge (CSV)", invitations_csv(invitations),
                    file_name="invitations.csv", mime="text/csv", names=True, project=collection.project,
                    key=f"collect_invitations_{key}")
    download_button("Download the printable sheet (one QR code each)", invitation_sheet(invitations),
                    file_name="invitations.html", mime="text/html", names=True, project=collection.project,
                    key=f"collect_sheet_{key}")


# ---------------------------------------------------------------------------- close
def _close(store: Store, collection: Collection, author: str) -> None:
    key = collection.id
    sure = st.checkbox("I am sure: stop taking answers and build the wave now (the links stop working)",
                       key=f"collect_close_sure_{key}")
    started = st.checkbox("Also use the answers of people who started and did not send", key=f"collect_started_{key}")
    if not st.button("Close and build the wave", key=f"collect_close_{key}", disabled=not sure, type="primary"):
        return
    if not author:
        st.warning("Give your name in the sidebar (Project) first: every change records who made it.")
        return
    try:
        require_editor(store, collection.project, "close a questionnaire")
        closed = close_collection(store, collection.project, collection.wave, include_started=started,
                                  author=author, address=client_address())
    except ValidationFailed as exc:
        st.error(plain(f"The wave was not built: {plural(len(exc.report.errors), 'problem')} in the answers. The "
                       "questionnaire stays open."))
        st.text("\n".join(issue.text for issue in exc.report.errors))
        return
    except NetmapError as exc:
        st.error(plain(str(exc)))
        return
    st.session_state.get(_LINKS, {}).pop(key, None)
    review = closed.collected.survey.review if closed.collected is not None else None
    st.session_state[_DONE] = ("closed", close_summary(closed), review)
    st.rerun()  # the Project section, drawn before this, now lists the new wave


def _report(kind: str, lines: list[str], review: pd.DataFrame | None = None) -> None:
    """What the last open or close reported: its sentences as text, the names to review."""
    st.success("Opened." if kind == "opened" else "Closed: the wave is built. Open it in the Project section.")
    st.text("\n".join(lines))
    if review is not None and len(review):
        st.markdown(f"**Names for a person to review** ({review['raw_name'].nunique()})")
        st.dataframe(review, hide_index=True, key="collect_review")
        st.caption("Decide them as for a survey (netmap collect close --preview --out DIR writes review.csv).")


# ---------------------------------------------------------------------------- open
def _open_form(store: Store, project: str, author: str) -> None:
    if not st.checkbox("Open a questionnaire for a new wave", key="collect_new"):
        return
    wave = st.text_input("Name of the new wave", key="collect_wave", placeholder="e.g. 2026 residents")
    start = st.radio("Start from", [_SAMPLE, _OWN], key="collect_start")
    name, text = "questionnaire.yaml", ""
    if start == _SAMPLE:
        name, text = SAMPLE_QUESTIONNAIRE.name, SAMPLE_QUESTIONNAIRE.read_text(encoding="utf-8")
    else:
        given = st.file_uploader("Questionnaire (YAML)", type=["yaml", "yml"], key="collect_questionnaire_file")
        if given is not None:
            name, text = given.name, _text_of(given.name, given.getvalue())
    # a new starting text starts a new editor (widgets keep their value by key)
    edited = st.text_area("The questionnaire (edit it before opening; the format is in docs/collect.md)", text,
                          height=300, max_chars=MAX_BYTES,
                          key="collect_text_" + hashlib.sha256(text.encode()).hexdigest()[:16])
    roster = st.file_uploader("Roster: who is asked, and whose names are offered (CSV, TSV or Excel)",
                              type=["csv", "tsv", "txt", "xlsx"], key="collect_roster_file",
                              help="An actors file: id, name and attributes such as ward; at most 1,000 people.")
    places = st.file_uploader("Places offered (optional; a spaces file)", type=["csv", "tsv", "txt", "xlsx"],
                              key="collect_places_file")
    left, right = st.columns(2)
    if left.button("Check the questionnaire", key="collect_check"):
        try:
            q = parse_questionnaire(edited, name)
        except QuestionnaireError as exc:
            _problems(exc, "To fix")
        else:
            st.success(plain(f"'{q.title}' reads well: {plural(len(q.pages), 'page')}, "
                             f"{plural(len(q.questions), 'question')}."))
    ready = bool(wave.strip() and roster)
    if not right.button("Open the questionnaire", key="collect_open", type="primary", disabled=not ready):
        return
    if not author:
        st.warning("Give your name in the sidebar (Project) first: every change records who made it.")
        return
    try:
        require_editor(store, project, "open a questionnaire")
        opened = open_collection(store, project, wave, (name, edited.encode("utf-8")),
                                 (roster.name, roster.getvalue()),
                                 (places.name, places.getvalue()) if places is not None else None,
                                 author=author, address=client_address())
    except QuestionnaireError as exc:
        _problems(exc)
        return
    except ValidationFailed as exc:
        st.error(plain(f"Not opened: {plural(len(exc.report.errors), 'problem')} in the files:"))
        st.text("\n".join(issue.text for issue in exc.report.errors))
        return
    except NetmapError as exc:
        st.error(plain(f"Not opened: {exc}"))
        return
    st.session_state.pop("collect_new", None)  # the form folds away; the report shows what was opened
    st.session_state[_DONE] = ("opened", [opened.summary(), *(f"note: {n}" for n in opened.notes),
                                          "Next: make the links (give the address people open them at)."])
    st.rerun()


def _text_of(name: str, data: bytes) -> str:
    """An uploaded questionnaire as text to edit; "" (and the loader's own message) when it is
    too large or not UTF-8."""
    try:
        if len(data) > MAX_BYTES:
            parse_questionnaire(data, name)  # raises the loader's message about the size
        return data.decode("utf-8-sig")
    except QuestionnaireError as exc:
        _problems(exc, "Not read")
    except UnicodeDecodeError as exc:
        st.error(plain(f"Not read: {name} is not UTF-8 text (byte {exc.start}); save it as UTF-8."))
    return ""


def _problems(exc: QuestionnaireError, outcome: str = "Not opened") -> None:
    st.error(plain(f"{outcome}: the questionnaire has {plural(len(exc.problems), 'problem')}, each with its line "
                   "and field:"))
    st.text("\n".join(exc.problems))
