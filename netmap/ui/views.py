"""The views of one analysis: map, actors, brokers, hidden wealth, communities, resilience, summary."""
from __future__ import annotations

import json
import math

import pandas as pd
import streamlit as st

from netmap.analysis import METRIC_COLUMNS, Analysis, BrokerWeights
from netmap.formats.cells import csv_bytes, json_safe
from netmap.glossary import PLAIN_WHY, SUMMARY_LABELS, for_files, label_for, outside_share
from netmap.insights.brokers import no_candidates_reason
from netmap.outputs.briefing import pseudonymised_picture
from netmap.outputs.folder import summary_and_run
from netmap.outputs.footprint import LEDES, footprint_html, shared_footprint
from netmap.privacy import Pseudonymiser, analysis_withheld
from netmap.render.colours import group_labels, group_palette, palette_scale
from netmap.render.network_map import map_html, tie_lines, ties_table
from netmap.render.static_map import map_png, map_svg
from netmap.ui import meeting, spaces
from netmap.ui.access import download_button, wave_role
from netmap.ui.changes import show as show_changes
from netmap.ui.data import actions_for, footprint_for, map_for, rescored_brokers, what_if_for
from netmap.ui.state import (
    download_pseudonymiser,
    drawn_widgets,
    keep_hidden_choices,
    names_withheld,
    remember_widgets,
    session_key,
)
from netmap.ui.survey import how_sure
from netmap.ui.tables import readable_table, text_table, with_all_numbers
from netmap.ui.text import keep_valid, plain
from netmap.words import in_brackets, listing, plural, with_group

__all__ = ["show"]

MAP_HEIGHT = 620
#: Rows of the "who is connected to whom" table under the map (an HTML table, for screen readers).
MAX_TIE_ROWS = 300


def _table(frame: pd.DataFrame, name: str, key: str, height: int | None = None, lead: list[str] | None = None) -> None:
    """A sortable table in plain words, with its CSV download (every column, technical headers,
    pseudonymised when asked).

    With ``lead``, those columns come first on their own (who, why, the score: what a person
    needs, readable on a phone) and the whole table is folded away under "All the numbers".
    """
    plain_why = frame[PLAIN_WHY] if PLAIN_WHY in frame.columns else None
    frame = for_files(frame)  # the full table and the CSV keep the reason with its technical numbers
    lead = [c for c in lead or [] if c in frame.columns]
    if lead:
        first = frame[lead]
        if "why" in lead and plain_why is not None:  # the reason in plain words, made with the technical one
            first = first.assign(why=plain_why)
        with_all_numbers(first, frame, key, height)
    else:
        readable_table(frame, key, height)
    if names_withheld():
        return
    private = download_pseudonymiser()
    download_button(f"Download {name} (CSV)", csv_bytes(private.frame(frame) if private else frame),
                       file_name=name, mime="text/csv", key=f"download_{key}")


def _cards(rows: pd.DataFrame, title, score: str, limit: int = 5) -> None:
    """The first few rows as cards: who, why and the score, for reading before any table."""
    for row in rows.head(limit).itertuples(index=False):
        row = row._asdict()
        with st.container(border=True):
            st.markdown(f"**{plain(title(row))}** · {plain(label_for(score).lower())} {row[score]:.2f}")
            # the technical numbers (constraint, evenness …) in the help, not on the card
            st.caption(plain(row.get(PLAIN_WHY, row["why"])), help=plain(f"In technical terms: {row['why']}"))


def _privacy(result: Analysis) -> str | None:
    """Sidebar: pseudonymise every download, and the free-text columns to keep; returns the key, or None."""
    st.sidebar.header("Privacy")
    shown = wave_role()
    if shown and not shown["names"]:  # the wave came from the store already coded: no key to choose or to keep
        st.sidebar.caption("Every actor is shown by a code, on screen and in every download: your role on this "
                           "project is viewer without names.")
        st.session_state["_pseudonymiser"], st.session_state["_keep_columns"] = None, ()
        return None
    private = st.sidebar.checkbox("Pseudonymise every download", key="pseudonymise",
                                  help="Replaces every actor's name and id by a code in every file you download, "
                                       "also inside sentences, and leaves out free-text and contact columns (email, "
                                       "phone, address, notes, offers, needs). Maps of residents are personal data. "
                                       "The same key gives the same codes; only you keep the key table.")
    secret, keep = None, ()
    if private:
        session_key()
        secret = st.sidebar.text_input("Key for the codes", key="pseudonym_key", type="password",
                                       help="Keep it to get the same codes next time.") or None
        if secret is None:
            st.sidebar.warning("Enter a key, or untick pseudonymise.")
        withheld = sorted(analysis_withheld(result))
        if withheld:
            keep_valid("keep_columns", withheld, [])
            keep = tuple(st.sidebar.multiselect(
                "Keep these columns anyway", withheld, key="keep_columns",
                help="Free text and contact details are left out of pseudonymised files. Keep a column only if "
                     "it names no one: names of actors inside it are replaced, other people's are not."))
    st.session_state["_pseudonymiser"] = Pseudonymiser.for_analysis(result, secret, keep) if secret else None
    st.session_state["_keep_columns"] = keep
    return secret


#: Our own style, no user text: on a phone the tab names wrap onto more lines instead of
#: hiding behind a scroll arrow (issue 14, item 10).
_TAB_WRAP = ("<style>.st-key-views [role='tablist'] { flex-wrap: wrap; row-gap: 0.25rem; overflow: visible; }"
             "</style>")

#: Tabs drawn on every run, open or not: an upload of another wave cannot be carried over a run
#: that does not draw its uploader (Streamlit forgets it), and the tab costs nothing until then.
ALWAYS_DRAWN = {"What changed"}


def _introduction(result: Analysis, key: tuple, label: str) -> None:
    """What the user is looking at and what to do next, above the tabs."""
    s = result.summary
    group = result.group_column
    groups = "" if group == "community" else \
        f", in {plural(result.actors[group].nunique(), 'group', grouped=True)} by {group}"
    st.markdown(plain(f"You are looking at {label}: {plural(s['actors'], 'actor', grouped=True)} and "
                      f"{plural(s['ties'], 'tie', grouped=True)}{groups}.") +
                " Start with the **Map**; **Honest brokers** lists who could bring groups together, **Hidden "
                "wealth** what the locality has but does not use and the introductions that would unlock it, "
                "and **Take it to the meeting** makes a briefing to print.")
    _next_steps(result, key)


def _next_steps(result: Analysis, key: tuple) -> None:
    """The briefing's suggested actions, on screen: what a partnership could do next."""
    actions = actions_for(result, key)
    if not actions:
        return
    with st.expander(f"What you could do next: {plural(len(actions), 'suggestion')}"):
        st.markdown("\n".join(f"{i}. **{plain(a.headline)}.** {plain(a.why)}" for i, a in enumerate(actions, 1)))


def _notes_above_tabs(result: Analysis) -> list[str]:
    """The notes every view needs (a filter, an estimate); the resources hidden wealth used and the
    circles of trust are said in their own tabs, not in a box above every tab (issue 23)."""
    own_tab = {result.circles.note} if result.circles is not None else set()
    return [n for n in result.notes if not n.startswith("hidden wealth:") and n not in own_tab]


def _app_words(note: str) -> str:
    """A note in the app's words: the sidebar's choice, not the command line's flag."""
    return (note.replace("with --capacity", "under 'Resources for hidden wealth' in the sidebar")
            .replace("the items listed in the 'offers' column", "what each actor offers")
            .replace("leave --capacity out", "choose 'items in offers' there")
            .replace("no capacity column was chosen", "no capacity column was picked"))


def show(result: Analysis, key: tuple, label: str, report=None) -> None:
    secret = _privacy(result)
    _introduction(result, key, label)
    for note in _notes_above_tabs(result):
        st.info(plain(note[:1].upper() + note[1:]))
    st.html(_TAB_WRAP)
    views = {
        "Map": lambda: _map(result, key, label),
        "Actors": lambda: _actors(result),
        "Honest brokers": lambda: _brokers(result, key),
        "Hidden wealth": lambda: _hidden_wealth(result),
        "Communities": lambda: _communities(result),
        "Resilience": lambda: _resilience(result, key),
        "Summary": lambda: _summary(result),
        "Take it to the meeting": lambda: meeting.show(result, key, report, secret, label, download_pseudonymiser()),
        "What changed": lambda: show_changes(result, key),
    }
    if result.spaces is not None:
        views["Shared spaces"] = lambda: spaces.show(result, key, _table, _cards)
    # Only the open tab is drawn (a tab opened reruns the page): drawing every tab on every run
    # took most of the time to the first map, in Python and in the browser (issue 23, item 10).
    # The key keeps the open tab when what comes before the tabs changes.
    tabs = st.tabs(list(views), key="views", on_change="rerun")
    drawn = {name for name, tab in zip(views, tabs) if tab.open or name in ALWAYS_DRAWN}
    keep_hidden_choices(drawn)
    for (name, draw), tab in zip(views.items(), tabs):
        if name in drawn:
            with tab:
                before = drawn_widgets()
                draw()
                remember_widgets(name, drawn_widgets() - before)


def _map(result: Analysis, key: tuple, label: str) -> None:
    metrics = [c for c in METRIC_COLUMNS + ["broker_score", "hidden_wealth_score", "cut_off_if_removed"]
               if c in result.actors.columns and c not in ("community", "articulation_point")]
    group_label = f"group ({result.group_column})"
    controls = st.columns([2, 2, 3, 1])
    keep_valid("colour_by", [group_label, "community"] + metrics, group_label)
    colour = controls[0].selectbox("Colour by", [group_label, "community"] + metrics, key="colour_by",
                                   format_func=lambda c: c if c == group_label else label_for(c))
    size = controls[1].selectbox("Size by", metrics + ["(equal)"], index=0, key="size_by",
                                 format_func=lambda c: "all the same" if c == "(equal)" else label_for(c))
    names = result.actors.sort_values("name")
    labels = {row.id: in_brackets(row.name, row.id) if row.name != row.id else str(row.id) for row in names.itertuples()}
    keep_valid("focus", [None] + list(labels), None)
    focus = controls[2].selectbox("Find an actor", [None] + list(labels), placeholder="Type a name",
                                  format_func=lambda v: "—" if v is None else labels[v], key="focus",
                                  help="Shows the actor and its neighbourhood.")
    # shown only with an actor found: a disabled control is greyed below AA contrast and says nothing
    depth = controls[3].radio("Steps", [1, 2], horizontal=True, key="depth",
                              help="How far from the actor: its own contacts (1), or theirs too (2).") \
        if focus is not None else 1
    view = {"color_by": "group" if colour == group_label else colour, "size_by": None if size == "(equal)" else size,
            "focus": focus, "depth": depth}
    # the pictures and the briefing offered for download follow what is on screen (issue 14):
    # build_map(result, positions, **st.session_state["_map_view"])
    st.session_state["_map_view"] = view
    data, page = map_for(result, key, tuple(view.items()), label, MAP_HEIGHT)
    # the iframe's title is its name for screen readers (Streamlit maps alt to title)
    st.iframe(page, height="content", alt=f"Network map of {label}: "
                                                f"{plural(len(data.nodes), 'actor', grouped=True)}, "
                                                f"{plural(len(data.edges), 'tie', grouped=True)}. The ties are listed "
                                                "under the map.")
    st.caption("Hover over an actor or a tie for its numbers; drag to move, scroll to zoom.")
    # the map in words, for screen readers and anyone who prefers a list: the focused actor's
    # ties, and every tie on the map as a table
    if focus is not None:
        lines = tie_lines(result, focus)
        st.markdown(f"**Ties of {plain(result.actors.set_index('id').loc[focus, 'name'])}** ({len(lines)})")
        st.markdown("\n".join(f"- {plain(line)}" for line in lines) if lines else
                    "No ties with the tie types and strength chosen.")
        _footprint(result, key, focus)
    # on request: drawn with every map, a table of hundreds of rows slows the map's first draw
    if st.toggle("Who is connected to whom: show the ties on the map as a table", key="ties_table"):
        # an HTML table, which screen readers read (the interactive grid is drawn on a canvas)
        ties = ties_table(result, data)
        if len(ties) > MAX_TIE_ROWS:
            st.caption(f"The first {MAX_TIE_ROWS:,} of {len(ties):,} ties, by name; find an actor to list its own.")
        text_table(ties.head(MAX_TIE_ROWS))  # the names as typed: st.table shows Markdown
    private = download_pseudonymiser()
    if names_withheld():
        return
    picture = data
    if private:  # the downloaded map shows codes; the one on screen stays readable
        picture = pseudonymised_picture(data, private)
        page = map_html(picture, height=MAP_HEIGHT, title="netmap")
    download_button("Download this map (HTML, works offline)", page.encode("utf-8"), file_name="netmap-map.html",
                       mime="text/html", key="download_map")
    # pictures of what is on screen (colours, sizes, focus); made only when asked for, off the rerun
    download_button("This map as a picture for slides (PNG)", lambda: map_png(picture), file_name="netmap-map.png",
                       mime="image/png", key="download_map_png")
    download_button("This map as a picture for print (SVG)", lambda: map_svg(picture).encode("utf-8"),
                       file_name="netmap-map.svg", mime="image/svg+xml", key="download_map_svg")


def _footprint(result: Analysis, key: tuple, actor: str) -> None:
    """"Footprint of …": the focused actor's place, introductions and exchanges, with the page
    to download (pseudonymised when downloads are)."""
    name = str(result.actors.set_index("id").loc[actor, "name"])
    if not st.toggle(f"Footprint of {name}", key=f"footprint_{actor}",
                     help="Where it sits, the introductions only it is placed to make, what it could give and "
                          "receive, and the spaces it hosts or uses."):
        return
    found = footprint_for(result, key, actor)
    for sentence in found.where:
        st.write(plain(sentence))
    # each part with the page's own lede (outputs.footprint.LEDES): the cautions travel with it
    parts = [(f"Introductions {name} could make", "introductions", found.introductions, ["name_a", "name_b", "why"]),
             ("What it could give", "give", found.could_give, ["name", "steps", "why"]),
             ("What it could receive", "receive", found.could_receive, ["name", "steps", "why"]),
             ("Spaces it hosts or uses", "spaces", found.spaces, ["space", "hosts_or_uses", "users", "why"])]
    for title, part, table, columns in parts:
        if len(table):
            st.markdown(f"**{plain(title)}**")
            st.caption(plain(LEDES[part]))
            readable_table(table[columns], f"footprint_{part}")
    st.caption(plain(LEDES["reading"]))
    if names_withheld():
        return
    shared = shared_footprint(found, download_pseudonymiser())
    st.download_button(f"Download the footprint of {name} (HTML, prints on A4)",
                       footprint_html(shared).encode("utf-8"), file_name="footprint.html", mime="text/html",
                       key=f"download_footprint_{actor}")


def _actors(result: Analysis) -> None:
    st.write(f"{plural(len(result.actors), 'actor', grouped=True)} and every measure netmap worked out for them. "
             "Click a column name to "
             "sort; hover it for what it means.")
    group = [] if result.group_column == "community" else [result.group_column]
    _table(result.actors, "actors.csv", "actors",
           lead=["name", *group, "degree", "broker_score", "hidden_wealth_score", "cut_off_if_removed"])


#: The honest-broker components: (column in BrokerWeights, plain title, what it rewards).
BROKER_PARTS = [
    ("betweenness", "On many paths", ("How often the actor lies on the shortest route between two others "
     "(betweenness).")),
    ("structural_holes", "Links circles that don't meet", ("How far the actor's contacts are not tied to each other, "
     "so that it joins circles that would otherwise not meet (Burt's structural holes: low constraint).")),
    ("reach", "Groups reached", "How many of the other groups its contacts belong to."),
    ("evenness", "Even spread", ("How evenly its ties are spread over the groups, rather than mostly in one "
     "(not captured by one side).")),
    ("third_party", "Links other groups", ("How much of its brokerage is between two other groups rather than for its "
     "own side (Gould & Fernandez's liaison and itinerant roles).")),
]


def _broker_weights() -> tuple[float, ...]:
    """The weights of the five parts, folded away: most people keep the defaults."""
    defaults = BrokerWeights()
    with st.expander("Adjust what counts most"):
        st.caption("The score combines five parts; a weak part pulls the whole score down (a weighted geometric "
                   "mean). Give a part more weight to rank by it more.")
        return tuple(st.slider(title, 0.0, 1.0, getattr(defaults, name), 0.05, key=f"weight_{name}", help=meaning)
                     for name, title, meaning in BROKER_PARTS)


def _brokers(result: Analysis, key: tuple) -> None:
    import altair as alt  # reason: 0.3 s to import; the charts are in tabs the first map does not open

    st.write("Candidates to convene the locality: actors who link groups that would otherwise not meet, are "
             "even-handed between them, and broker between other parties rather than for their own side.")
    names = [name for name, _, _ in BROKER_PARTS]
    weights = _broker_weights()
    if sum(weights) == 0:
        st.warning("Give at least one part a weight.")
        return
    defaults = BrokerWeights()
    brokers = rescored_brokers(result, key, weights) if weights != tuple(getattr(defaults, n) for n in names) \
        else result.brokers
    candidates = brokers[brokers["candidate"]]
    if candidates.empty:
        st.info(plain(no_candidates_reason(brokers, result.group_column).removeprefix(
            "no honest-broker candidates: ").capitalize() + "."))
    else:
        _cards(candidates, lambda row: f"{row['broker_rank']:.0f}. "
               f"{with_group(row['name'], row['group'], result.group_column)}", "broker_score")
        top = candidates.head(10)
        share = dict(zip(names, BrokerWeights(*weights).normalised().values()))
        titles = [title for _, title, _ in BROKER_PARTS]
        parts = pd.DataFrame({
            "name": top["name"],
            titles[0]: share["betweenness"] * top["betweenness"] / max(result.actors["betweenness"].max(), 1e-12),
            titles[1]: share["structural_holes"] * top["structural_holes_pct"],
            titles[2]: share["reach"] * top["reach"],
            titles[3]: share["evenness"] * top["evenness"],
            titles[4]: share["third_party"] * top["third_party_share"],
        }).melt("name", var_name="part", value_name="contribution")
        with st.expander("What makes up the top ten's scores"):
            chart = alt.Chart(parts).mark_bar().encode(
                # the score is the weighted geometric mean of the parts; the bars show each weighted part
                x=alt.X("sum(contribution):Q", title="weighted parts (the score is their geometric mean)"),
                y=alt.Y("name:N", sort=list(top["name"]), title=None),
                color=alt.Color("part:N", sort=titles), tooltip=["name", "part", "contribution"])
            st.altair_chart(chart, width="stretch")
    _table(brokers, "brokers.csv", "brokers", lead=["broker_rank", "name", "why", "broker_score"])

    how_sure(result, key)


def _hidden_wealth(result: Analysis) -> None:
    import altair as alt  # reason: 0.3 s to import; the charts are in tabs the first map does not open

    st.subheader("Under-used assets")
    st.write("Resources the locality already has, held by actors at its margin.")
    if result.hidden_wealth.empty:
        said = [_app_words(n) for n in result.notes if n.startswith("hidden wealth:")]
        st.info(plain(said[0].removeprefix("hidden wealth: ").capitalize() + ".") if said else
                "No actor lists anything in an 'offers' column (or the chosen capacity column), so there are no "
                "assets to look for. Add offers to your actors file to use this view.")
    else:
        used = [_app_words(n).removeprefix("hidden wealth: ") for n in result.notes if n.startswith("hidden wealth:")]
        if used:
            st.caption(plain(used[0][:1].upper() + used[0][1:] + "."))
        _cards(result.hidden_wealth, lambda row: row["name"], "hidden_wealth_score")
        _table(result.hidden_wealth, "hidden_wealth.csv", "assets", lead=["name", "why", "hidden_wealth_score"])
    st.subheader("Introductions")
    st.write("Pairs not yet tied who should meet: one's needs match the other's offers, they share contacts, or "
             "they would link groups that rarely meet.")
    if result.introductions.empty:
        st.info("No introductions to suggest: no needs match any offers and no untied actors share a contact.")
    else:
        _cards(result.introductions, lambda row: f"{row['name_a']} and {row['name_b']}", "introduction_score")
        _table(result.introductions, "introductions.csv", "introductions",
               lead=["name_a", "name_b", "why", "introduction_score"])
    with st.expander("How these suggestions were made"):
        st.write("Each pair is scored on how well one's need meets the other's offer, the contacts they share, and "
                 "whether they would link groups that rarely meet. A pattern model, trained on this network's own "
                 "ties, checks how well shared contacts predict ties here:")
        st.caption(plain(result.link_model.message))
    st.subheader("Gaps between groups")
    gaps = result.group_gaps
    if gaps.empty:
        st.info("Only one group, so there are no gaps between groups.")
        return
    matrix = pd.concat([result.mixing, result.mixing.rename(columns={"group_a": "group_b", "group_b": "group_a"})])
    matrix = matrix.drop_duplicates(["group_a", "group_b"])
    heat = alt.Chart(matrix).mark_rect().encode(
        x=alt.X("group_a:N", title=None), y=alt.Y("group_b:N", title=None),
        color=alt.Color("ratio:Q", title="ties ÷ expected by chance", scale=alt.Scale(scheme="redblue", domainMid=1)),
        tooltip=["group_a", "group_b", "observed", alt.Tooltip("expected:Q", format=".1f"),
                 alt.Tooltip("ratio:Q", format=".2f")])
    st.altair_chart(heat, width="content")
    _table(gaps, "group_gaps.csv", "gaps", lead=["group_a", "group_b", "why"])


def _communities(result: Analysis) -> None:
    import altair as alt  # reason: 0.3 s to import; the charts are in tabs the first map does not open

    found = result.communities
    cols = st.columns(2)
    # the method and its resolution in the help: a name and a number mean nothing on the screen itself
    cols[0].metric("Communities", found.count, help=f"Found by {found.method.capitalize()}, resolution "
                   f"{found.resolution:g} (the method and resolution chosen under Communities and seed).")
    cols[1].metric("How clearly they separate", f"{found.modularity:.2f}", help="Newman-Girvan modularity of this "
                   "partition (resolution 1), from −0.5 to 1: above about 0.3 means clear community structure.")
    described = result.community_descriptions()
    st.markdown("\n".join(f"- **{int(row.community)}**: {plain(row.description)}"
                           for row in described.itertuples()))
    sizes = result.actors.groupby("community").size().rename("actors").reset_index()
    # the map's colours, over all actors: a group is the same colour here as on the map
    column = result.group_column
    domain, colours = palette_scale(group_palette(result, column))
    composition = (result.actors.assign(group=group_labels(result.actors[column]))
                   .groupby(["community", "group"]).size().reset_index(name="actors"))
    chart = alt.Chart(composition).mark_bar().encode(
        x=alt.X("community:O", title="Community"), y=alt.Y("actors:Q", title="Actors"),
        color=alt.Color("group:N", title=label_for(column), scale=alt.Scale(domain=domain, range=colours)),
        tooltip=["community", "group", "actors"])
    st.altair_chart(chart, width="stretch")
    members = result.actors.groupby("community")["name"].apply(lambda s: "; ".join(map(str, s))).rename("members")
    _table(sizes.join(members, on="community"), "communities.csv", "communities")
    _circles(result)


def _circles(result: Analysis) -> None:
    """Circles of trust: small cross-group groups all strongly tied to each other (issue 27)."""
    if result.circles is None:
        return
    st.subheader("Circles of trust")
    st.write("Small groups of actors from different groups, each strongly tied to every other: they already "
             "trust each other, so a joint venture could start there, or a social issue be talked through.")
    table = result.circles.table
    if not len(table):
        st.info(plain(result.circles.note[:1].upper() + result.circles.note[1:] + "."))
        return
    for row in table.head(5).itertuples(index=False):
        with st.container(border=True):
            st.markdown(f"**Circle {int(row.circle)}: {plain(row.members)}**")
            st.caption(plain(row.why))
    _table(table, "circles.csv", "circles", lead=["circle", "members", "groups", "why"])


def _resilience(result: Analysis, key: tuple) -> None:
    fragile = result.actors[result.actors["cut_off_if_removed"] > 0].sort_values("cut_off_if_removed", ascending=False)
    st.write("Actors whose departure would cut others off from the rest of their part of the network.")
    if fragile.empty:
        st.info("No single actor's departure would cut anyone off.")
    else:
        _table(fragile[["id", "name", "cut_off_if_removed", "degree", "betweenness"]], "fragile_points.csv", "fragile",
               lead=["name", "cut_off_if_removed"])
    st.subheader("What if these actors left?")
    names = dict(zip(result.actors["id"], result.actors["name"]))
    keep_valid("what_if", list(names), list(fragile["id"][:1]))
    # select_all=False: typing part of a name and pressing Enter must not pick every match
    chosen = st.multiselect("Actors who leave", list(names), format_func=lambda v: str(names[v]), key="what_if",
                            select_all=False, placeholder="Type a name and pick it from the list",
                            help="Pick each actor from the list; remove one with its ×.")
    if chosen:
        st.markdown(plain(f"Leaving ({len(chosen)}): " + "; ".join(str(names[v]) for v in chosen) + "."))
        change = what_if_for(result, key, tuple(chosen))
        shown = {k: str(v) for k, v in names.items()}
        st.markdown("\n".join(f"- {plain(line)}" for line in _what_if_words(change, shown)))
        with st.expander("In technical terms"):
            st.text("\n".join(change.sentences(shown)))
        if change.cut_off:
            cut = result.actors[result.actors["id"].isin(change.cut_off)][["id", "name"]]
            _table(cut, "cut_off.csv", "cut_off", lead=["name"])  # the ids are in "All the numbers" and the CSV
        if len(change.new_brokers):
            st.write("New brokers: who would carry the paths instead.")
            new = change.new_brokers.assign(name=lambda f: f["id"].map(names))
            _table(new[["id", "name", "betweenness_before", "betweenness_after", "increase"]], "new_brokers.csv",
                   "new_brokers", lead=["name", "increase"])


def _what_if_words(change, names: dict[str, str]) -> list[str]:
    """What a departure would do, in plain words (the technical sentences go in an expander)."""
    lines = []
    if change.cut_off:
        where = "the main body" if change.cut_off_from_main_body else "the rest of their part of the network"
        lines.append(f"{plural(len(change.cut_off), 'actor')} would be cut off from {where}: "
                     f"{listing([names.get(a, a) for a in change.cut_off], 10)}.")
    else:
        lines.append("Nobody else would be cut off.")
    before, after = change.components_before, change.components_after
    if after != before:
        lines.append(f"The network would fall into {plural(after, 'separate part')} instead of {before}.")
    lines.append(f"The main body would go from {plural(change.main_body_before, 'actor', grouped=True)} to "
                 f"{change.main_body_after:,}; getting from one actor to another in it would take "
                 f"{change.average_path_after:.1f} steps on average instead of {change.average_path_before:.1f}.")
    if len(change.new_brokers):
        top = change.new_brokers.iloc[0]
        lines.append(f"{names.get(top['id'], top['id'])} would stand between more actors than anyone else does now "
                     "instead.")
    return lines


def _number(value) -> str:
    """A summary number as a person reads it: thousands separated, three significant figures."""
    if isinstance(value, bool) or value is None:
        return {True: "yes", False: "no", None: "—"}[value]
    if isinstance(value, float):
        return "—" if math.isnan(value) else f"{value:,.3g}" if abs(value) < 1000 else f"{value:,.0f}"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, dict):
        return "; ".join(f"{k}: {_number(v)}" for k, v in value.items())
    if isinstance(value, list):
        return f"{len(value):,}"
    return str(value)


def _summary(result: Analysis) -> None:
    s = result.summary
    cols = st.columns(4)
    cols[0].metric("Actors", f"{s['actors']:,}")
    cols[1].metric("Ties", f"{s['ties']:,}")
    cols[2].metric("Share of possible ties", f"{s['density']:.1%}", help="Density: the ties there are, as a share of "
                   "every pair that could be tied.")
    cols[3].metric("Separate parts", s["components"], help="Components: parts of the network with no tie between them.")
    cols = st.columns(4)
    cols[0].metric("Average distance", f"{s['average_path_length']:.1f} steps", help="Average path length: steps "
                   "between two actors of the main body, on average.")
    cols[1].metric("Longest distance", f"{s['diameter']} steps", help="Diameter: the longest shortest path in the main "
                   "body.")
    cols[2].metric("Friends of friends tied", f"{s['transitivity']:.0%}", help="Transitivity: share of connected "
                   "triples (A–B–C) where A and C are tied too.")
    ei = None if pd.isna(s["ei_index"]) else s["ei_index"]
    cols[3].metric("Ties between groups", "—" if ei is None else f"{outside_share(ei):.0%}",
                   help="The share of ties that join two different groups. Technical name: Krackhardt's E-I index"
                        + ("" if ei is None else f", here {ei:+.2f}") + " (−1 when all ties stay within groups, +1 "
                        "when all go between groups).")
    with st.expander("Every number of the summary"):
        rows = [{"measure": SUMMARY_LABELS.get(k, k), "value": _number(v), "technical name": k} for k, v in s.items()]
        st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
    private = download_pseudonymiser()
    if names_withheld():
        return

    summary, run = summary_and_run(result, private)
    download_button("Download summary.json", json.dumps(json_safe(summary), indent=2, ensure_ascii=False),
                       file_name="summary.json", mime="application/json", key="download_summary")
    download_button("Download run.json (options, for reproducing these numbers)",
                       json.dumps(json_safe(run), indent=2, ensure_ascii=False), file_name="run.json",
                       mime="application/json", key="download_run")
