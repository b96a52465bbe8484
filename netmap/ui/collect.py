"""The team's view of a collection (netmap's own questionnaire): who was invited, who started,
sent or withdrew, the response rate by group, and who to remind.

:func:`panel` is the hook for the app's Project section (it takes the open store and project);
it reads the store only and changes nothing: opening, links and closing are ``netmap collect``
commands. The names it shows are for the team; the questionnaire server never shows them.
"""
from __future__ import annotations

import pandas as pd
import streamlit as st

from netmap.errors import NetmapError
from netmap.questionnaire.status import collection_status
from netmap.store import Store
from netmap.store.collections import Collections
from netmap.ui.text import plain

__all__ = ["panel"]


def panel(store: Store, project: str) -> None:
    """The collections of ``project``: one expander each, the open ones expanded."""
    try:
        collections = [c for c in Collections(store).all() if c.project == project]
    except NetmapError as exc:
        st.error(plain(str(exc)))
        return
    if not collections:
        st.caption(plain(f"No questionnaire collects answers for '{project}'. Open one with "
                         f"netmap collect open '{project}' WAVE --questionnaire Q.yaml --roster ROSTER.csv "
                         "(docs/collect.md)."))
        return
    for collection in collections:
        with st.expander(plain(f"Questionnaire for wave '{collection.wave}': {collection.title} ({collection.state})"),
                         expanded=collection.state == "open"):
            _status(store, project, collection.wave)


def _status(store: Store, project: str, wave: str) -> None:
    try:
        status = collection_status(store, project, wave)
    except NetmapError as exc:
        st.error(plain(str(exc)))
        return
    counts = status.counts
    columns = st.columns(4)
    columns[0].metric("Invited", status.invited)
    columns[1].metric("Started, not sent", counts["started"])
    columns[2].metric("Sent", counts["submitted"])
    columns[3].metric("Withdrew", counts["withdrawn"])
    if status.response_rate is None:
        st.write("No links yet: make them with netmap collect links.")
    else:
        st.write(plain(f"Response rate: {status.response_rate:.0%} ({counts['submitted']} of {status.invited} "
                       "invited sent their answers)."))
    if status.groups:
        table = pd.DataFrame([{status.group_by: g.group, "invited": g.invited, "sent": g.submitted,
                               "response rate": f"{g.response_rate:.0%}" if g.response_rate is not None else ""}
                              for g in status.groups])
        st.dataframe(table, hide_index=True, key=f"collect_groups_{wave}")
    if status.to_remind and status.state == "open":
        st.markdown(f"**Who to remind** ({len(status.to_remind)})")
        st.dataframe(pd.DataFrame(status.to_remind).rename(columns={"state": "so far"}), hide_index=True,
                     key=f"collect_remind_{wave}")
    if status.state == "open":
        st.caption(plain(f"When enough have answered: netmap collect close '{project}' '{wave}' builds the wave "
                         "(the links then stop working)."))
