"""The app's shared-spaces parts: the two extra uploads and the *Shared spaces* view."""
from __future__ import annotations

import streamlit as st

from netmap.analysis import Analysis
from netmap.glossary import PLAIN_WHY
from netmap.insights.spaces import UNDER_USED_THRESHOLD, space_closure
from netmap.network import with_copresence
from netmap.render.network_map import map_html
from netmap.render.spaces_map import VIEWS, build_spaces_map
from netmap.ui.text import keep_valid, plain
from netmap.validate.affiliations import COPRESENCE_CAP

__all__ = ["meets_at_option", "show", "uploads", "with_meets_at"]

MAP_HEIGHT = 560


def uploads():
    """Sidebar uploaders for the affiliations and spaces files; ``(name, bytes)`` or None each."""
    affiliations = st.sidebar.file_uploader(
        "Who uses which space (optional)", type=["csv", "tsv", "txt", "xlsx", "xlsm"], key="affiliations_file",
        help="Affiliations, a two-mode table: one row per person or organisation and the place, partnership or "
             "event they use or belong to (actor/person/member, space/place/venue/event; optional frequency, role, "
             "date). With it the ties file is optional: who meets whom is worked out from it.")
    spaces = st.sidebar.file_uploader(
        "Spaces (optional)", type=["csv", "tsv", "txt", "xlsx", "xlsm"], key="spaces_file",
        help="One row per shared space: id, name, kind (place, partnership, event, online …), capacity, offers "
             "(hall, rooms, kitchen …), owner.")
    as_source = (lambda f: (f.name, f.getvalue()) if f is not None else None)
    return as_source(affiliations), as_source(spaces)


def meets_at_option(network) -> int | None:
    """Sidebar: count meeting at a shared space as a tie for every other analysis (the cap), or None."""
    if network.affiliations is None:
        return None
    on = st.sidebar.checkbox(f"Count meeting at a space as a tie (spaces up to {COPRESENCE_CAP} users)",
                             key="meets_at",
                             help="Adds a 'meets at' tie between people who use the same space, weighted 1/(users − 1) "
                                  "per shared space (Newman 2001), so brokers, communities and introductions count "
                                  f"co-presence too. Spaces with more than {COPRESENCE_CAP} users make no such ties.")
    return COPRESENCE_CAP if on else None


@st.cache_data(show_spinner=False, max_entries=8)
def _map_page(_result: Analysis, key: tuple, view: str, seed: int) -> str:
    return map_html(build_spaces_map(_result, view, seed), height=MAP_HEIGHT, title="netmap: shared spaces")


def show(result: Analysis, key: tuple, table, cards) -> None:
    """The *Shared spaces* tab. ``table`` is the views' sortable table with download, ``cards``
    its cards (the first rows, whole sentences, before any table)."""
    spaces = result.spaces
    st.write("Places, partnerships and events where people from different groups meet — and the ones that sit "
             "under-used. Squares are spaces, dots are people and organisations.")
    keep_valid("spaces_view", list(VIEWS), "two-mode")
    view = st.radio("Show", list(VIEWS), format_func=VIEWS.get, horizontal=True, key="spaces_view",
                    help="The two-mode network (who uses what), or one of its projections: people linked by the "
                         "spaces they share, or spaces linked by the people they share.")
    st.iframe(_map_page(result, key, view, result.options.seed), height="content")
    s = result.summary
    cols = st.columns(4)
    cols[0].metric("Spaces", f"{s['spaces']:,}")
    cols[1].metric("Uses recorded", f"{s['affiliations']:,}", help="Affiliations: actor–space links.")
    cols[2].metric("People using a space", f"{s['actors_with_affiliations']:,}")
    cols[3].metric("Share of possible uses", f"{s['two_mode_density']:.1%}",
                   help="Two-mode density: the person–space links recorded, as a share of every person–space pair.")
    st.subheader("Which spaces bring groups together")
    st.write(plain(f"Ranked by the shared-space score: how many groups ({result.group_column}) use a space and how "
                   "evenly, and how many pairs from different groups meet there without a direct tie — some of them "
                   "nowhere else. A space used by one group scores 0 however busy it is."))
    cards(spaces.spaces[spaces.spaces["shared_space_score"] > 0], lambda row: row["name"], "shared_space_score",
          limit=3)
    table(spaces.spaces, "spaces.csv", "spaces", lead=["name", "why", "shared_space_score"])
    st.subheader("Under-used spaces")
    under = spaces.spaces[spaces.spaces["under_used_score"] >= UNDER_USED_THRESHOLD].sort_values(
        "under_used_score", ascending=False)
    if under.empty:
        st.info("No space with rooms, capacity or other offers is under-used (few users, or users from one group).")
    else:
        cards(under, lambda row: row["name"], "under_used_score", limit=3)
        table(under[["id", "name", "under_used_score", "users", "groups_reached", "why", PLAIN_WHY]],
              "under_used_spaces.csv",
              "under_used_spaces", lead=["name", "why", "under_used_score"])
    if not spaces.suggestions.empty:
        st.write("Who could use them: needs that an under-used space's offers would meet.")
        table(spaces.suggestions, "space_suggestions.csv", "space_suggestions",
              lead=["actor_name", "space_name", "why"])
    st.subheader("What if a space closed?")
    names = dict(zip(spaces.spaces["id"], spaces.spaces["name"]))
    options = list(spaces.spaces["id"])
    keep_valid("close_space", options, options[0] if options else None)
    if options:
        chosen = st.selectbox("Space", options, format_func=lambda v: str(names[v]), key="close_space")
        closure = space_closure(spaces, chosen)
        st.text("\n".join(closure.sentences(spaces.actor_names)))
        if len(closure.examples):
            shown = closure.examples.assign(name_a=closure.examples["a"].map(spaces.actor_names),
                                            name_b=closure.examples["b"].map(spaces.actor_names))
            table(shown[["a", "name_a", "group_a", "b", "name_b", "group_b"]].rename(
                columns={"a": "id_a", "b": "id_b"}), "lost_contacts.csv", "lost_contacts")


def with_meets_at(network, cap: int | None):
    """The network with "meets at" ties added when ``cap`` is set."""
    return network if cap is None else with_copresence(network, cap)[0]
