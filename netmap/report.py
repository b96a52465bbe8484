"""The briefing: one self-contained HTML file a non-specialist can read and print on A4."""
from __future__ import annotations

import datetime as dt
import html
import math
from dataclasses import replace

import pandas as pd

from .analysis import Analysis
from .glossary import help_for
from .insights.brokers import no_candidates_reason
from .insights.confidence import sure_column
from .privacy import Pseudonymiser
from .reading import changes_summary
from .render.layout import layout_positions
from .render.network_map import MapData, build_map
from .render.static_map import map_svg
from .spaces_report import METHOD as SPACES_METHOD
from .spaces_report import shared_spaces_section
from .survey import caveats as survey_caveats

__all__ = ["briefing_html", "briefing_picture", "pseudonymised_picture"]

CSS = """
@page { size: A4; margin: 16mm 14mm; }
body { font-family: Georgia, 'Times New Roman', serif; color: #1b1b1b; max-width: 180mm; margin: 0 auto;
  font-size: 11pt; line-height: 1.4; }
h1 { font-size: 20pt; margin: 0 0 2mm; } h2 { font-size: 14pt; margin: 8mm 0 2mm; border-bottom: 1px solid #999; }
.lede { color: #444; } .numbers { display: flex; flex-wrap: wrap; gap: 3mm; }
.numbers div { border: 1px solid #ccc; padding: 2mm 3mm; min-width: 30mm; }
.numbers b { display: block; font-size: 14pt; }
table { border-collapse: collapse; width: 100%; font-size: 9pt; margin: 2mm 0; page-break-inside: auto; }
th, td { border-bottom: 1px solid #ddd; padding: 1.2mm 1.5mm; text-align: left; vertical-align: top; }
th { background: #f2f2f2; } tr { page-break-inside: avoid; }
svg { width: 100%; height: auto; border: 1px solid #ddd; }
.note { color: #555; font-size: 9pt; }
section { page-break-inside: auto; } .map { page-break-inside: avoid; }
"""


def _e(value) -> str:
    if isinstance(value, float):
        return "—" if math.isnan(value) else f"{value:.3g}"
    return html.escape("" if value is None or value is pd.NA else str(value))


def _table(frame: pd.DataFrame, columns: list[str], labels: list[str] | None = None) -> str:
    labels = labels or columns
    head = "".join(f'<th title="{_e(help_for(c) or "")}">{_e(label)}</th>' for c, label in zip(columns, labels,
                                                                                                strict=True))
    rows = "".join("<tr>" + "".join(f"<td>{_e(row[c])}</td>" for c in columns) + "</tr>"
                   for _, row in frame.iterrows())
    return f"<table><thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"


def briefing_picture(result: Analysis, pseudonymiser: Pseudonymiser | None = None) -> MapData:
    """The map as the briefing and the static pictures show it: default colours and marks,
    the seeded layout, codes instead of names when pseudonymised."""
    picture = build_map(result, layout_positions(result.network.graph, result.options.seed))
    return pseudonymised_picture(picture, pseudonymiser) if pseudonymiser else picture


def briefing_html(result: Analysis, title: str = "Network briefing", pseudonymiser: Pseudonymiser | None = None,
                  top: int = 10, picture: MapData | None = None, changes=None, earlier: str = "the earlier wave") -> str:
    """The briefing as one HTML string: no external file, no script; all user text escaped.

    Sections: the network in numbers; the map (coloured by group, brokers and under-used
    assets ringed); honest brokers with their reasons; hidden wealth (under-used assets,
    suggested introductions, gaps between groups); fragile points; communities; methods
    (every convention and option, so the numbers can be reproduced). ``picture`` is the
    :func:`briefing_picture` when the caller already has it (the layout is not recomputed).
    With ``changes`` (:class:`netmap.compare.Changes`, ``result`` being its later wave) a
    "What changed" section since ``earlier`` follows the numbers.
    """
    p = pseudonymiser.frame if pseudonymiser else (lambda f: f)
    s = result.summary
    picture = picture or briefing_picture(result, pseudonymiser)
    brokers = p(result.brokers[result.brokers["candidate"]].head(top))
    assets = p(result.hidden_wealth.head(top))
    intros = p(result.introductions.head(top))
    gaps = p(result.group_gaps.head(5))
    fragile = p(result.actors[result.actors["cut_off_if_removed"] > 0]
                .sort_values("cut_off_if_removed", ascending=False).head(top))
    sizes = result.actors.groupby("community").size().rename("actors").reset_index()
    group = result.group_column
    options = result.options
    numbers = [("actors", f"{s['actors']:,}"), ("ties", f"{s['ties']:,}"), ("separate parts", s["components"]),
               ("communities", s["communities"]), ("average distance", f"{s['average_path_length']:.2f} steps"),
               ("density", f"{s['density']:.3f}"), ("fragile points", s["articulation_points"])]
    weighting = ("weighted (tie length = strongest strength / strength for paths, so the strongest tie is one step; strength for eigenvector, PageRank, constraint, "
                 "communities)" if options.weighted else "unweighted")
    methods = [
        f"Ties were treated as {'directed' if s['directed'] else 'undirected'} and {weighting}.",
        f"Groups: {'the detected communities' if group == 'community' else f'the actor attribute “{group}”'}.",
        f"Communities: {options.community_method.capitalize()} modularity optimisation, resolution "
        f"{options.resolution:g}, seed {options.seed}; modularity of the partition shown "
        f"{s['modularity']:.3f}.",
        "Betweenness: Freeman/Brandes, normalised as networkx; closeness with the Wasserman–Faust "
        "scaling; constraint and effective size after Burt (1992); brokerage roles after Gould & Fernandez "
        "(1989), counted as R's sna::brokerage.",
        "Honest-broker score: weighted geometric mean of betweenness (share of the highest), low constraint "
        "(percentile), groups reached, evenness of ties across groups and share of brokerage between other "
        "groups, so every part must be there; actors with 90% or more of their contacts in one group, or on no "
        f"shortest path between others, rank after the even-handed ones; weights {', '.join(f'{k} {v:.2f}' for k, v in options.broker_weights.normalised().items())}.",
        f"Hidden wealth: {_resources_used(options)} × marginality (hard to reach, few ties, outer shell). "
        "Introductions: "
        "needs matched to offers (TF-IDF and concepts), shared contacts (Adamic–Adar), gaps between groups, "
        "and a link-prediction model. " + result.link_model.message + ".",
        "Gaps: ties between groups against random mixing (expected = ties × possible pairs between the two "
        "groups ÷ all possible pairs).",
        *([SPACES_METHOD] if result.spaces is not None else []),
        *(pseudonymiser.replace_text(n) if pseudonymiser else n for n in result.notes),
        "Full definitions: docs/analysis.md in the netmap repository.",
    ]
    body = [
        f"<h1>{_e(title)}</h1>",
        f'<p class="lede">Prepared with netmap on {dt.date.today():%d %B %Y}. '
        + ("Actors are shown by code; the key is kept separately." if pseudonymiser else "") + "</p>",
        "<h2>The network in numbers</h2><div class='numbers'>"
        + "".join(f"<div><b>{_e(v)}</b>{_e(k)}</div>" for k, v in numbers) + "</div>"
        + (f"<p class='note'>{_e(_changes_sentence(result))}</p>" if result.network.warnings else "")
        + "".join(f"<p class='note'>{_e(c)}</p>" for c in survey_caveats(result.network.actors, result.network.ties)),
        _what_changed(changes, earlier, p, pseudonymiser, top) if changes is not None else "",
        f"<section class='map'><h2>The map</h2>{map_svg(picture)}<p class='note'>Colour: {_e(group)}. "
        "Black rings: the top five honest brokers; orange rings: the top five under-used assets.</p></section>",
        "<h2>Honest brokers</h2><p>Trusted go-betweens: actors who link groups that would otherwise not meet, "
        "spread their ties evenly, and broker between other parties rather than for their own side.</p>"
        + (_table(sure_column(brokers, result.confidence), ["broker_rank", "name", "broker_score", "why"]
                  + (["how_sure"] if result.confidence else []),
                  ["#", "actor", "score", "why"] + (["how sure"] if result.confidence else []))
           if len(brokers) else
           f"<p>{_e(no_candidates_reason(result.brokers, group).removeprefix('no honest-broker candidates: ').capitalize())}.</p>"),
        "<h2>Hidden wealth</h2><h3>Under-used assets</h3>"
        + (_table(assets, ["name", "hidden_wealth_score", "why"], ["actor", "score", "why"])
           if len(assets) else f"<p>{_e(_no_assets(result))}</p>"),
        "<h3>Suggested introductions</h3>"
        + (_table(intros, ["rank", "name_a", "name_b", "introduction_score", "why"], ["#", "actor", "actor", "score",
                                                                                      "why"])
           if len(intros) else "<p>No introductions to suggest.</p>"),
        "<h3>Gaps between groups</h3>"
        + (_table(gaps, ["group_a", "group_b", "observed", "expected", "ratio", "why"]) if len(gaps)
           else "<p>One group only.</p>"),
        shared_spaces_section(result, pseudonymiser, top),
        "<h2>Fragile points</h2><p>Actors whose departure would cut others off from the main body.</p>"
        + (_table(fragile, ["name", "cut_off_if_removed"], ["actor", "would cut off"]) if len(fragile)
           else "<p>No single departure would cut anyone off.</p>"),
        f"<h2>Communities</h2><p>{s['communities']} communities, modularity {s['modularity']:.3f}.</p>"
        + _table(sizes, ["community", "actors"]),
        "<h2>Methods</h2><ul>" + "".join(f"<li>{_e(m)}</li>" for m in methods) + "</ul>",
    ]
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{_e(title)}</title>'
            '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'; '
            "img-src data:\">"
            f"<style>{CSS}</style></head><body>{''.join(body)}</body></html>")


def _what_changed(changes, earlier: str, p, pseudonymiser: Pseudonymiser | None, top: int) -> str:
    """The briefing section of a comparison: the summary, the numbers before and after, who
    joined and left, new and lost ties, introductions followed, fragile points and gaps."""
    n = changes.numbers
    text = pseudonymiser.replace_text if pseudonymiser else (lambda t: t)
    rows = [("actors", n["actors"]["before"], n["actors"]["after"]), ("ties", n["ties"]["before"], n["ties"]["after"])]
    rows += [(label, n["network"][k]["before"], n["network"][k]["after"]) for k, label in
             (("density", "density"), ("components", "separate parts"), ("average_path_length", "average distance"),
              ("modularity", "modularity"))]
    rows.append(("fragile points", n["fragile_points"]["before"], n["fragile_points"]["after"]))
    numbers = pd.DataFrame(rows, columns=["measure", "before", "after"])
    moved = p(changes.actors[changes.actors["status"] != "stayed"].head(top))
    ties = changes.ties
    new, lost = p(ties[ties["status"] == "new"].head(top)), p(ties[ties["status"] == "lost"].head(top))
    followed = p(changes.introductions_followed.head(top))
    corr, agree = n["rank_correlation"], n["community_agreement"]
    stability = (f"Positions were {'stable' if (corr['betweenness']['spearman'] or 0) >= 0.7 else 'reshuffled'}: "
                 f"rank correlation of betweenness (Spearman) {_e(corr['betweenness']['spearman'])}, of broker "
                 f"score {_e(corr['broker_score']['spearman'])}; communities agree {_e(agree['ari'])} (adjusted "
                 f"Rand index, 1 = the same) over the {agree['actors']:,} actors in both waves.")
    intro = n["introductions"]
    return "".join([
        f"<h2>What changed since {_e(earlier)}</h2><ul>"
        + "".join(f"<li>{_e(text(s))}</li>" for s in changes.summary) + "</ul>",
        _table(numbers, ["measure", "before", "after"]), f"<p>{stability}</p>",
        "<h3>Who joined and who left</h3>" + (_table(moved, ["name", "status", "why"], ["actor", "", "why"])
                                              if len(moved) else "<p>The same actors in both waves.</p>"),
        "<h3>New ties</h3>" + (_table(new, ["source_name", "target_name", "type", "weight_after"],
                                      ["actor", "actor", "type", "strength"]) if len(new) else "<p>None.</p>"),
        "<h3>Ties that ended</h3>" + (_table(lost, ["source_name", "target_name", "type", "weight_before"],
                                             ["actor", "actor", "type", "strength"]) if len(lost) else "<p>None.</p>"),
        f"<h3>Introductions followed</h3><p>{intro['followed']} of the {intro['suggested']} introductions suggested "
        f"on {_e(earlier)} are ties now.</p>"
        + (_table(followed, ["rank", "name_a", "name_b", "tie_type"], ["#", "actor", "actor", "tie"])
           if len(followed) else ""),
    ])


def pseudonymised_picture(picture: MapData, pseudonymiser: Pseudonymiser) -> MapData:
    """The same picture with codes for labels and no tooltips (they hold names and attributes);
    names inside the legend (a group value that is a name) and the notice ("Showing …") are
    replaced, and the focused actor is given by its code."""
    codes = pseudonymiser.codes
    nodes = [replace(n, id=codes[n.id], label=codes[n.id], title="") for n in picture.nodes]
    edges = [replace(e, source=codes[e.source], target=codes[e.target], title="") for e in picture.edges]
    legend = [(colour, pseudonymiser.replace_text(label)) for colour, label in picture.legend]
    own = {picture.focus: codes[picture.focus], pseudonymiser.names[picture.focus]: codes[picture.focus]} \
        if picture.focus in codes else None
    notice = pseudonymiser.replace_text(picture.notice, own=own)
    focus = codes.get(picture.focus) if picture.focus is not None else None
    return replace(picture, nodes=nodes, edges=edges, legend=legend, notice=notice, focus=focus)


def _resources_used(options) -> str:
    """What hidden wealth counted as resources, for the methods paragraph."""
    if options.capacity_column:
        return f"the numbers in the column “{options.capacity_column}”"
    return "items offered"


def _no_assets(result: Analysis) -> str:
    """Why the under-used assets table is empty, from the analysis's own note."""
    said = [n for n in result.notes if n.startswith("hidden wealth:")]
    if not said:
        return "No offers were recorded."
    text = said[0].removeprefix("hidden wealth: ")
    return text[:1].upper() + text[1:] + "."


def _changes_sentence(result: Analysis) -> str:
    """What reading the files changed, for the reader of the briefing (rows are in netmap.xlsx)."""
    text = changes_summary(result.network.warnings).removeprefix("reading changed the input: ")
    return f"Reading the files changed them: {text} (every row is listed in the 'validation' sheet of netmap.xlsx)."
