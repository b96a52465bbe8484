"""The views of one analysis: map, actors, brokers, hidden wealth, communities, resilience, summary."""
from __future__ import annotations

import json

import altair as alt
import pandas as pd
import streamlit as st

from ..analysis import METRIC_COLUMNS, Analysis
from ..export import csv_bytes
from ..glossary import help_for
from ..insights.brokers import BrokerWeights, no_candidates_reason
from ..output import json_safe
from ..privacy import Pseudonymiser, analysis_withheld, new_key
from ..render.network_map import build_map, map_html
from ..report import pseudonymised_picture
from .data import bundle_for, positions_for, rescored_brokers, what_if_for
from .text import keep_valid, plain

__all__ = ["show"]

MAP_HEIGHT = 620


def _private() -> Pseudonymiser | None:
    """This session's pseudonymiser when the user asked for pseudonymised downloads."""
    return st.session_state.get("_pseudonymiser")


def _table(frame: pd.DataFrame, name: str, key: str, height: int | None = None) -> None:
    """A sortable table with plain-words help on each known column, and its CSV download
    (pseudonymised when asked)."""
    config = {c: st.column_config.Column(help=help_for(c)) for c in frame.columns if help_for(c)}
    st.dataframe(frame, hide_index=True, column_config=config, width="stretch",
                 **({"height": height} if height else {}))
    private = _private()
    st.download_button(f"Download {name} (CSV)", csv_bytes(private.frame(frame) if private else frame),
                       file_name=name, mime="text/csv", key=f"download_{key}")


def session_key() -> str | None:
    """The pseudonym key when the user ticked "Pseudonymise every download" (made on the first
    run after the tick, so no download of that run shows names); "" when ticked without a key."""
    if not st.session_state.get("pseudonymise"):
        return None
    return st.session_state.setdefault("pseudonym_key", new_key()) or ""


def _privacy(result: Analysis) -> str | None:
    """Sidebar: pseudonymise every download, and the free-text columns to keep; returns the key, or None."""
    st.sidebar.header("Privacy")
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


def show(result: Analysis, key: tuple, label: str, report=None) -> None:
    secret = _privacy(result)
    for note in result.notes:
        st.info(plain(note))
    tabs = st.tabs(["Map", "Actors", "Honest brokers", "Hidden wealth", "Communities", "Resilience", "Summary",
                    "Take it to the meeting", "What changed"] + (["Shared spaces"] if result.spaces is not None else []),
                   key="views")  # a key keeps the open tab when what comes before the tabs changes
    with tabs[0]:
        _map(result, key, label)
    with tabs[1]:
        _actors(result)
    with tabs[2]:
        _brokers(result, key)
    with tabs[3]:
        _hidden_wealth(result)
    with tabs[4]:
        _communities(result)
    with tabs[5]:
        _resilience(result, key)
    with tabs[6]:
        _summary(result)
    with tabs[7]:
        _exports(result, key, report, secret)
    with tabs[8]:
        from .changes import show as show_changes

        show_changes(result, key)
    if result.spaces is not None:
        from . import spaces

        with tabs[9]:
            spaces.show(result, key, _table)


def _map(result: Analysis, key: tuple, label: str) -> None:
    # imported here, not at the top: others edit the rest of this module at the same time (issue 14)
    from ..glossary import label_for
    from ..render.network_map import tie_lines, ties_table
    from ..render.static_map import map_png, map_svg

    MAX_TIE_ROWS = 300  # noqa: N806 - a constant kept inside the function others do not edit
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
    labels = {row.id: f"{row.name} ({row.id})" if row.name != row.id else str(row.id) for row in names.itertuples()}
    keep_valid("focus", [None] + list(labels), None)
    focus = controls[2].selectbox("Find an actor", [None] + list(labels), placeholder="Type a name",
                                  format_func=lambda v: "—" if v is None else labels[v], key="focus",
                                  help="Shows the actor and its neighbourhood.")
    # shown only with an actor found: a disabled control is greyed below AA contrast and says nothing
    depth = controls[3].radio("Steps", [1, 2], horizontal=True, key="depth",
                              help="How far from the actor: its own contacts (1), or theirs too (2).") \
        if focus is not None else 1
    positions = positions_for(result, key, result.options.seed)
    view = {"color_by": "group" if colour == group_label else colour, "size_by": None if size == "(equal)" else size,
            "focus": focus, "depth": depth}
    # the pictures and the briefing offered for download follow what is on screen (issue 14):
    # build_map(result, positions, **st.session_state["_map_view"])
    st.session_state["_map_view"] = view
    data = build_map(result, positions, **view)
    page = map_html(data, height=MAP_HEIGHT, title=f"netmap: {label}")
    # the iframe's title is its name for screen readers (Streamlit maps alt to title)
    st.iframe(page, height=MAP_HEIGHT + 80, alt=f"Network map of {label}: {len(data.nodes):,} actors, "
                                                f"{len(data.edges):,} ties. The ties are listed under the map.")
    st.caption("Hover over an actor or a tie for its numbers; drag to move, scroll to zoom.")
    # the map in words, for screen readers and anyone who prefers a list: the focused actor's
    # ties, and every tie on the map as a table
    if focus is not None:
        lines = tie_lines(result, focus)
        st.markdown(f"**Ties of {plain(result.actors.set_index('id').loc[focus, 'name'])}** ({len(lines)})")
        st.markdown("\n".join(f"- {plain(line)}" for line in lines) if lines else
                    "No ties with the tie types and strength chosen.")
    # on request: drawn with every map, a table of hundreds of rows slows the map's first draw
    if st.toggle("Who is connected to whom: show the ties on the map as a table", key="ties_table"):
        # an HTML table, which screen readers read (the interactive grid is drawn on a canvas)
        ties = ties_table(result, data)
        if len(ties) > MAX_TIE_ROWS:
            st.caption(f"The first {MAX_TIE_ROWS:,} of {len(ties):,} ties, by name; find an actor to list its own.")
        st.table(ties.head(MAX_TIE_ROWS).style.hide(axis="index").format({"Strength": "{:g}"}))
    private = _private()
    picture = data
    if private:  # the downloaded map shows codes; the one on screen stays readable
        picture = pseudonymised_picture(data, private)
        page = map_html(picture, height=MAP_HEIGHT, title="netmap")
    st.download_button("Download this map (HTML, works offline)", page.encode("utf-8"), file_name="netmap-map.html",
                       mime="text/html", key="download_map")
    # pictures of what is on screen (colours, sizes, focus); made only when asked for, off the rerun
    st.download_button("This map as a picture for slides (PNG)", lambda: map_png(picture), file_name="netmap-map.png",
                       mime="image/png", key="download_map_png")
    st.download_button("This map as a picture for print (SVG)", lambda: map_svg(picture).encode("utf-8"),
                       file_name="netmap-map.svg", mime="image/svg+xml", key="download_map_svg")


def _actors(result: Analysis) -> None:
    st.write(f"{len(result.actors):,} actors, every metric. Click a column name to sort; hover it for what it means.")
    _table(result.actors, "actors.csv", "actors")


def _brokers(result: Analysis, key: tuple) -> None:
    st.write("Candidates to convene the locality: actors who link groups that would otherwise not meet, are "
             "even-handed between them, and broker between other parties rather than for their own side.")
    defaults = BrokerWeights()
    columns = st.columns(5)
    names = ["betweenness", "structural_holes", "reach", "evenness", "third_party"]
    titles = ["On many paths", "Structural holes", "Groups reached", "Even spread", "Third party"]
    weights = tuple(col.slider(title, 0.0, 1.0, getattr(defaults, name), 0.05, key=f"weight_{name}")
                    for col, name, title in zip(columns, names, titles))
    if sum(weights) == 0:
        st.warning("Give at least one component a weight.")
        return
    brokers = rescored_brokers(result, key, weights) if weights != tuple(getattr(defaults, n) for n in names) \
        else result.brokers
    candidates = brokers[brokers["candidate"]]
    if candidates.empty:
        st.info(plain(no_candidates_reason(brokers, result.group_column).removeprefix(
            "no honest-broker candidates: ").capitalize() + "."))
    else:
        top = candidates.head(10)
        share = dict(zip(names, BrokerWeights(*weights).normalised().values()))
        parts = pd.DataFrame({
            "name": top["name"],
            "On many paths": share["betweenness"] * top["betweenness"] / max(result.actors["betweenness"].max(), 1e-12),
            "Structural holes": share["structural_holes"] * top["structural_holes_pct"],
            "Groups reached": share["reach"] * top["reach"],
            "Even spread": share["evenness"] * top["evenness"],
            "Third party": share["third_party"] * top["third_party_share"],
        }).melt("name", var_name="component", value_name="contribution")
        chart = alt.Chart(parts).mark_bar().encode(
            # the score is the weighted geometric mean of the parts; the bars show each weighted part
            x=alt.X("sum(contribution):Q", title="weighted parts (the score is their geometric mean)"),
            y=alt.Y("name:N", sort=list(top["name"]), title=None),
            color=alt.Color("component:N", sort=titles), tooltip=["name", "component", "contribution"])
        st.altair_chart(chart, width="stretch")
    _table(brokers, "brokers.csv", "brokers")
    from .survey import how_sure

    how_sure(result, key)


def _hidden_wealth(result: Analysis) -> None:
    st.subheader("Under-used assets")
    st.write("Resources the locality already has, held by actors at its margin.")
    if result.hidden_wealth.empty:
        said = [n for n in result.notes if n.startswith("hidden wealth:")]
        # the app's own words for the CLI option
        said = [n.replace("with --capacity", "under 'Resources for hidden wealth'").replace(
            "no capacity column was chosen", "no capacity column was picked") for n in said]
        st.info(plain(said[0].removeprefix("hidden wealth: ").capitalize() + ".") if said else
                "No actor lists anything in an 'offers' column (or the chosen capacity column), so there are no "
                "assets to look for. Add offers to your actors file to use this view.")
    else:
        _table(result.hidden_wealth, "hidden_wealth.csv", "assets")
    st.subheader("Introductions")
    st.write("Pairs not yet tied who should meet: one's needs match the other's offers, they share contacts, or "
             "they would link groups that rarely meet.")
    st.info(plain(result.link_model.message))
    if result.introductions.empty:
        st.info("No introductions to suggest: no needs match any offers and no untied actors share a contact.")
    else:
        _table(result.introductions, "introductions.csv", "introductions")
    st.subheader("Gaps between groups")
    gaps = result.group_gaps
    if gaps.empty:
        st.info("Only one group, so there are no gaps between groups.")
        return
    matrix = pd.concat([result.mixing, result.mixing.rename(columns={"group_a": "group_b", "group_b": "group_a"})])
    matrix = matrix.drop_duplicates(["group_a", "group_b"])
    heat = alt.Chart(matrix).mark_rect().encode(
        x=alt.X("group_a:N", title=None), y=alt.Y("group_b:N", title=None),
        color=alt.Color("ratio:Q", title="observed ÷ expected", scale=alt.Scale(scheme="redblue", domainMid=1)),
        tooltip=["group_a", "group_b", "observed", alt.Tooltip("expected:Q", format=".1f"),
                 alt.Tooltip("ratio:Q", format=".2f")])
    st.altair_chart(heat, width="content")
    _table(gaps, "group_gaps.csv", "gaps")


def _communities(result: Analysis) -> None:
    from ..glossary import label_for
    from ..render.colours import group_labels, group_palette, palette_scale

    found = result.communities
    cols = st.columns(3)
    cols[0].metric("Communities", found.count)
    cols[1].metric("Modularity", f"{found.modularity:.3f}", help="Newman-Girvan modularity of this partition "
                   "(resolution 1): above about 0.3 means clear community structure.")
    cols[2].metric("Method", f"{found.method}, resolution {found.resolution:g}")
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


def _resilience(result: Analysis, key: tuple) -> None:
    fragile = result.actors[result.actors["cut_off_if_removed"] > 0].sort_values("cut_off_if_removed", ascending=False)
    st.write("Actors whose departure would cut others off from the main body of the network.")
    if fragile.empty:
        st.info("No single actor's departure would cut anyone off.")
    else:
        _table(fragile[["id", "name", "cut_off_if_removed", "degree", "betweenness"]], "fragile_points.csv", "fragile")
    st.subheader("What if these actors left?")
    names = dict(zip(result.actors["id"], result.actors["name"]))
    keep_valid("what_if", list(names), list(fragile["id"][:1]))
    chosen = st.multiselect("Actors", list(names), format_func=lambda v: str(names[v]), key="what_if")
    if chosen:
        change = what_if_for(result, key, tuple(chosen))
        st.text("\n".join(change.sentences({k: str(v) for k, v in names.items()})))
        if change.cut_off:
            cut = result.actors[result.actors["id"].isin(change.cut_off)][["id", "name"]]
            _table(cut, "cut_off.csv", "cut_off")
        if len(change.new_brokers):
            st.write("New brokers: who would carry the paths instead.")
            new = change.new_brokers.assign(name=lambda f: f["id"].map(names))
            _table(new[["id", "name", "betweenness_before", "betweenness_after", "increase"]], "new_brokers.csv",
                   "new_brokers")


def _summary(result: Analysis) -> None:
    s = result.summary
    cols = st.columns(4)
    cols[0].metric("Actors", f"{s['actors']:,}")
    cols[1].metric("Ties", f"{s['ties']:,}")
    cols[2].metric("Density", f"{s['density']:.3f}", help="Share of all possible ties that exist.")
    cols[3].metric("Components", s["components"], help="Separate parts with no tie between them.")
    cols = st.columns(4)
    cols[0].metric("Average distance", f"{s['average_path_length']:.2f}", help="Steps between two actors of the "
                   "main body, on average.")
    cols[1].metric("Diameter", s["diameter"], help="The longest shortest path in the main body.")
    cols[2].metric("Clustering", f"{s['transitivity']:.3f}", help="Share of connected triples that are triangles.")
    cols[3].metric("E-I index", "—" if s["ei_index"] != s["ei_index"] else f"{s['ei_index']:.2f}",
                   help="-1: all ties within groups; +1: all between groups.")
    rows = [{"measure": k, "value": json.dumps(json_safe(v)) if isinstance(v, dict) else v} for k, v in s.items()]
    st.dataframe(pd.DataFrame(rows).astype(str), hide_index=True, width="stretch")
    st.download_button("Download summary.json", json.dumps(json_safe(s), indent=2, ensure_ascii=False),
                       file_name="summary.json", mime="application/json", key="download_summary")
    st.download_button("Download run.json (options, for reproducing these numbers)",
                       json.dumps(json_safe(result.run_info()), indent=2), file_name="run.json",
                       mime="application/json", key="download_run")


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXPORTS = [
    ("briefing.html", "Briefing (HTML: open in a browser, print to A4 or PDF)", "text/html"),
    ("netmap.xlsx", "Workbook with every table (Excel)", XLSX),
    ("kumu.xlsx", "Kumu import (Elements and Connections)", XLSX),
    ("map.png", "Map picture for slides (PNG)", "image/png"),
    ("map.svg", "Map picture for print (SVG)", "image/svg+xml"),
    ("network.gexf", "Network with every metric for Gephi (GEXF)", "application/xml"),
    ("network.graphml", "Network with every metric for yEd, igraph, R (GraphML)", "application/xml"),
]


def _exports(result: Analysis, key: tuple, report, secret: str | None) -> None:
    st.write("A briefing to read and print, and the data for Excel, Kumu, Gephi and other tools. Everything is made "
             "on this computer." + (" Actors are shown by code (see Privacy in the sidebar)." if secret else ""))
    # made on request: every tab runs on every rerun, and the files take seconds on large maps
    keep = st.session_state.get("_keep_columns", ())
    wanted = (key, secret, keep)
    if st.button("Prepare the files", key="prepare_exports"):
        st.session_state["exports_for"] = wanted
    if st.session_state.get("exports_for") != wanted:
        return
    with st.spinner("Preparing the files …"):
        files = bundle_for(result, key, secret, report, keep)
    for name, label, mime in EXPORTS:
        st.download_button(label, files[name], file_name=name, mime=mime, key=f"export_{name}")
    private = _private()
    if secret and private is not None:
        # made apart from the shared files: the user saves it somewhere else
        st.download_button("Key table: codes → names (keep it apart from the files you share)",
                           private.key_table().to_csv(index=False).encode("utf-8"),
                           file_name="pseudonym-key.DO-NOT-SHARE.csv", mime="text/csv", key="export_key")
