"""The briefing: one self-contained HTML file a non-specialist can read and print on A4."""
from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pandas as pd

from netmap.analysis import Analysis
from netmap.compare import introductions_sentence
from netmap.glossary import help_for, label_for
from netmap.insights.brokers import no_candidates_reason
from netmap.insights.confidence import sure_column
from netmap.insights.describe import shown_names
from netmap.insights.nonresponse import caveats as survey_caveats
from netmap.outputs.briefing_spaces import METHOD as SPACES_METHOD
from netmap.outputs.briefing_spaces import shared_spaces_section
from netmap.outputs.html import escape as _e
from netmap.outputs.html import table as _table
from netmap.privacy import Pseudonymiser
from netmap.render.layout import layout_positions
from netmap.render.network_map import MapData, build_map
from netmap.render.static_map import map_svg
from netmap.validate.affiliations import has_copresence
from netmap.validate.summary import changes_summary
from netmap.words import group_noun, group_plural, listing, plural

__all__ = ["briefing_html", "briefing_picture", "full_title", "pseudonymised_picture"]

CSS = """
@page { size: A4; margin: 16mm 14mm; }
body { font-family: Georgia, 'Times New Roman', serif; color: #1b1b1b; max-width: 180mm; margin: 0 auto;
  font-size: 11pt; line-height: 1.4; }
h1 { font-size: 20pt; margin: 0 0 2mm; } h2 { font-size: 14pt; margin: 8mm 0 2mm; border-bottom: 1px solid #999; }
h3 { font-size: 12pt; margin: 5mm 0 1mm; }
.lede { color: #333; }
ol.actions { padding-left: 6mm; } .action { margin: 0 0 2.5mm; } .action b { display: block; }
.privacy { border: 1px solid #8a6d00; background: #fff8e1; padding: 2mm 3mm; font-size: 9.5pt; margin: 4mm 0; }
table { border-collapse: collapse; width: 100%; font-size: 9pt; margin: 2mm 0; page-break-inside: auto; }
th, td { border-bottom: 1px solid #ddd; padding: 1.2mm 1.5mm; text-align: left; vertical-align: top; }
th { background: #f2f2f2; } tr { page-break-inside: avoid; }
table.numbers { font-size: 10pt; } table.numbers td:first-child { font-weight: bold; white-space: nowrap; width: 22mm; }
svg { width: 100%; height: auto; border: 1px solid #ddd; }
.note { color: #555; font-size: 9pt; }
section { page-break-inside: auto; } .map { page-break-inside: avoid; page-break-before: always; }
dl.terms dt { font-weight: bold; margin-top: 1.5mm; } dl.terms dd { margin: 0 0 0 5mm; font-size: 9.5pt; }
"""

#: The columns whose plain words the methods section translates back to technical names.
TERMS = ["broker_score", "broker_rank", "betweenness", "constraint", "evenness", "third_party_share",
         "hidden_wealth_score", "marginality", "introduction_score", "network_closeness", "model_probability",
         "observed", "expected", "ratio", "cut_off_if_removed", "community"]


def briefing_picture(result: Analysis, pseudonymiser: Pseudonymiser | None = None,
                     view: dict | None = None, positions: dict | None = None) -> MapData:
    """The map as the briefing and the static pictures show it: the seeded layout (or
    ``positions`` when the caller has them), default colours and marks or the ``view`` chosen
    on screen (``build_map``'s ``color_by``, ``size_by``, ``focus``, ``depth``), codes instead
    of names when pseudonymised."""
    if positions is None:
        positions = layout_positions(result.network.graph, result.options.seed)
    picture = build_map(result, positions, **(view or {}))
    return pseudonymised_picture(picture, pseudonymiser) if pseudonymiser else picture


def full_title(title: str = "Network briefing", locality: str = "") -> str:
    """The briefing's title with the locality's name ("Network briefing: Millbrook"); the
    title alone when it already names the locality or none was given."""
    title, locality = (title or "").strip() or "Network briefing", (locality or "").strip()
    if not locality or locality.lower() in title.lower():
        return title
    return f"{title}: {locality}"


def briefing_html(result: Analysis, title: str = "Network briefing", pseudonymiser: Pseudonymiser | None = None,
                  top: int = 10, picture: MapData | None = None, changes=None, earlier: str = "the earlier wave",
                  locality: str = "") -> str:
    """The briefing as one HTML string: no external file, no script; all user text escaped.

    Parameters
    ----------
    result
        The analysis (the later wave when ``changes`` is given).
    title, locality
        The title and the name of the place, both as the user typed them; the heading is
        :func:`full_title` of the two.
    pseudonymiser
        Show every actor by code and withhold free text (a copy to share).
    top
        Rows per table.
    picture
        The :func:`briefing_picture` when the caller already has it (the layout is not
        recomputed).
    changes, earlier
        A :class:`netmap.compare.Changes` and the name of its earlier wave: adds a "What
        changed" section after the numbers.

    Returns
    -------
    str
        The page. The first A4 page is what a partnership meeting can act on: three to five
        suggested actions (:func:`netmap.insights.actions.suggested_actions`), the note on
        personal data and the network in numbers, each number with a sentence. Then the map,
        honest brokers, hidden wealth (under-used assets, introductions, gaps between groups),
        shared spaces when there are affiliations, fragile points, the communities described
        by their members, how to read the briefing, and the methods (every convention and
        option, and the technical name behind each plain heading, so the numbers can be
        reproduced).
    """
    p = pseudonymiser.frame if pseudonymiser else (lambda f: f)
    heading = full_title(title, locality)
    picture = picture or briefing_picture(result, pseudonymiser)
    brokers = p(result.brokers[result.brokers["candidate"]].head(top))
    assets = p(result.hidden_wealth.head(top))
    intros = p(result.introductions.head(top))
    gaps = p(result.group_gaps.head(5))
    body = [
        f"<h1>{_e(heading)}</h1>",
        f'<p class="lede">{_e(_lede(result, locality))}</p>',
        _actions_section(result, pseudonymiser),
        _privacy_note(pseudonymiser),
        _numbers_section(result, pseudonymiser),
        _what_changed(changes, earlier, p, pseudonymiser, top) if changes is not None else "",
        f"<section class='map'><h2>The map</h2>{map_svg(picture)}"
        f"<p class='note'>{_e(_map_caption(picture, result.group_column))}</p></section>",
        _brokers_section(result, brokers),
        "<h2>Hidden wealth</h2><p>Resources that exist in the locality but do not flow, because whoever holds "
        "them is poorly connected, and the introductions that would put them to use.</p>",
        "<h3>Under-used assets</h3>"
        + ("<p>Actors with something to offer who sit at the edge of the network. The hidden-wealth score "
           "(0 to 1) is what they offer times how far at the edge they are: the higher, the more there is to "
           "gain from bringing them in.</p>" + _table(assets, ["name", "why", "hidden_wealth_score"])
           if len(assets) else f"<p>{_e(_no_assets(result))}</p>"),
        "<h3>Suggested introductions</h3>"
        + ("<p>Pairs who are not yet tied but should meet: one needs what the other offers, they share "
           "contacts, or they would link groups that rarely meet. “Worth making” runs from 0 to 1.</p>"
           + _table(intros, ["rank", "name_a", "name_b", "why", "introduction_score"])
           if len(intros) else "<p>No introductions to suggest: no need matches an offer, and no two actors "
                               "who are not tied share contacts.</p>"),
        "<h3>Gaps between groups</h3>"
        + (f"<p>The pairs of {_e(group_plural(result.group_column))} with the fewest ties between them, compared "
           "with what chance would give for groups of their size: below 1, they meet less than chance.</p>"
           + _table(gaps, ["group_a", "group_b", "observed", "expected", "ratio", "why"]) if len(gaps)
           else f"<p>There is only one {_e(result.group_column)}, so there are no gaps between groups.</p>"),
        shared_spaces_section(result, pseudonymiser, top),
        _fragile_section(result, pseudonymiser, top),
        _communities_section(result, pseudonymiser),
        _circles_section(result, p),
        _how_to_read(),
        _methods(result, pseudonymiser),
    ]
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{_e(heading)}</title>'
            '<meta http-equiv="Content-Security-Policy" content="default-src \'none\'; style-src \'unsafe-inline\'; '
            "img-src data:\">"
            f"<style>{CSS}</style></head><body>{''.join(body)}</body></html>")


#: Words for the ring colours of the map's marks, when a mark's meaning does not say them.
_RING_WORDS = {"#000000": "Black ring", "#D55E00": "Orange ring"}


def _map_caption(picture: MapData, group: str) -> str:
    """What the map's colours, rings and shapes mean, from the marks the picture really has
    (no ring explained when none is drawn)."""
    parts = [f"Each dot is an actor and each line a tie; the colour shows the {group}"]
    for colour, meaning in picture.marks:
        parts.append(meaning if ":" in meaning else f"{_RING_WORDS.get(colour.upper(), 'Ring')}: {meaning}")
    for shape, meaning in picture.shapes:
        parts.append(meaning if ":" in meaning else f"{shape.capitalize()}: {meaning}")
    return ". ".join(parts) + "."


def _lede(result: Analysis, locality: str) -> str:
    """What the reader is looking at, in one sentence."""
    place = f" in {locality.strip()}" if locality and locality.strip() else ""
    s = result.summary
    return (f"Who works with whom{place}: {plural(s['actors'], 'actor', grouped=True)} and "
            f"{plural(s['ties'], 'tie', grouped=True)}, prepared with netmap on "
            f"{dt.date.today():%d %B %Y}. The first page suggests what to do next; the pages after it show the "
            "evidence.")


def _actions_section(result: Analysis, pseudonymiser: Pseudonymiser | None) -> str:
    """The suggested actions, or why there are none."""
    actions = result.suggested_actions(limit=5, pseudonymiser=pseudonymiser)
    if not actions:
        return ("<h2>What the partnership could do next</h2><p>" + _e(_no_actions(result)) + "</p>")
    items = "".join(f"<li class='action'><b>{_e(a.headline)}</b>{_e(a.why)}</li>" for a in actions)
    return ("<h2>What the partnership could do next</h2><p>Suggestions drawn from the map, to discuss: each names "
            f"who and why. The evidence is on the following pages.</p><ol class='actions'>{items}</ol>")


def _no_actions(result: Analysis) -> str:
    """Why there is nothing to suggest, from what each part of the analysis found."""
    return ("Nothing in this map stands out for action: there are no introductions to suggest, no actor links "
            f"two {group_plural(result.group_column)}, no single departure would cut anyone off, and nobody at the "
            "edge of the network has recorded something to offer. A map with more actors, ties, or offers and "
            "needs would say more.")


def _privacy_note(pseudonymiser: Pseudonymiser | None) -> str:
    """The warning about personal data, and how to make a copy without names."""
    if pseudonymiser is not None:
        return ("<p class='privacy'><b>Pseudonymised copy.</b> Every actor is shown by a code (A-…) and free text "
                "such as offers and needs is withheld. The key that turns the codes back into names is kept "
                "separately by whoever made this copy: never share it with the briefing.</p>")
    return ("<p class='privacy'><b>Personal data.</b> This briefing names people. Residents' names, and what they "
            "offer or need, are personal data (UK GDPR): share it only with those who need it for the "
            "partnership's work, and keep it safe. To share it more widely, ask whoever prepared it for a "
            "pseudonymised copy, in which every name becomes a code (in the netmap app: tick “Pseudonymise every "
            "download” in the sidebar before downloading), and keep the key that turns codes back into names apart "
            "from the copy.</p>")


def _numbers_section(result: Analysis, pseudonymiser: Pseudonymiser | None = None) -> str:
    """The network in numbers, each number with the sentence that explains it."""
    rows = "".join(f"<tr><td>{_e(number)}</td><td>{_e(sentence)}</td></tr>" for number, sentence in _numbers(result))
    caveats = [_changes_sentence(result, pseudonymiser)] if result.network.warnings else []
    caveats += survey_caveats(result.network.actors, result.network.ties)
    return ("<h2>The network in numbers</h2><table class='numbers'><tbody>" + rows + "</tbody></table>"
            + "".join(f"<p class='note'>{_e(c)}</p>" for c in caveats))


def _numbers(result: Analysis) -> list[tuple[str, str]]:
    """(number, sentence) for each headline number of the network."""
    s = result.summary
    n, parts, largest = s["actors"], s["components"], s["largest_component_size"]
    rows = [(f"{n:,}", "actors: the organisations and people on the map."),
            (f"{s['ties']:,}", "ties: working relationships between them.")]
    if parts <= 1:
        rows.append(("1", "connected whole: everyone can reach everyone else through a chain of ties."))
    else:
        rest = n - largest
        rows.append((f"{parts:,}", f"separate parts: the main body holds {plural(largest, 'actor', grouped=True)}; "
                                   + ("the one other actor has" if rest == 1 else f"the other {rest:,} have")
                                   + " no chain of ties to it."))
    rows.append((f"{s['communities']:,}", "communities: clusters of actors more tied to each other than to the "
                                          "rest (described near the end)."))
    distance = s.get("average_path_length")
    if isinstance(distance, (int, float)) and distance == distance and distance > 0:
        rows.append((f"{distance:.1f}", "steps on average from one actor to another in the main body: fewer steps, "
                                        "quicker word of mouth."))
    density = s["density"]
    if density == density:
        comment = ("a low share is normal in a locality" if density < 0.1 else
                   "a high share: most actors know each other directly" if density >= 0.3 else
                   "a moderate share for a locality")
        rows.append((f"{density:.1%}" if density < 0.1 else f"{density:.0%}",
                     f"of all possible pairs are tied (density): {comment}."))
    fragile = s["articulation_points"]
    rows.append((f"{fragile:,}", "fragile points: actors whose departure would cut others off from the rest."
                 if fragile != 1 else "fragile point: an actor whose departure would cut others off."))
    return rows


def _brokers_section(result: Analysis, brokers: pd.DataFrame) -> str:
    """Honest brokers: what they are, the score, and the table (or why nobody qualifies)."""
    intro = ("<h2>Honest brokers</h2><p>Trusted go-betweens: actors who link groups that would otherwise not "
             "meet, spread their ties evenly, and broker between other parties rather than for their own side. "
             "The honest-broker score runs from 0 to 1; a weak point in any part pulls it down. Even-handed actors "
             "rank first.</p>")
    if not len(brokers):
        reason = no_candidates_reason(result.brokers, result.group_column)
        return intro + f"<p>{_e(reason.removeprefix('no honest-broker candidates: ').capitalize())}.</p>"
    table = sure_column(brokers, result.confidence)
    columns = ["broker_rank", "name", "why", "broker_score"] + (["how_sure"] if result.confidence else [])
    return intro + _table(table, columns)


def _fragile_section(result: Analysis, pseudonymiser: Pseudonymiser | None, top: int) -> str:
    """Fragile points, each with the actors it alone links to the rest."""
    actors = result.actors[result.actors["cut_off_if_removed"] > 0]
    head = ("<h2>Fragile points</h2><p>Actors whose departure would cut others off from the rest of their part of the "
            "network: the others reach everyone else only through them. A second link to those cut off makes the "
            "network safer.</p>")
    if actors.empty:
        return head + "<p>No single departure would cut anyone off.</p>"
    actors = actors.assign(_name=actors["name"].astype(str)).sort_values(
        ["cut_off_if_removed", "_name", "id"], ascending=[False, True, True], kind="mergesort").head(top)
    names = shown_names(result, pseudonymiser)
    real = shown_names(result)
    among = []
    for actor in actors["id"].astype(str):
        cut = sorted(result.cut_off_without(actor), key=lambda a: (real.get(a, a).lower(), a))
        shown = [names.get(a, a) for a in cut[:4]]
        among.append(", ".join(shown) + (f" and {len(cut) - 4} more" if len(cut) > 4 else ""))
    table = pd.DataFrame({"name": [names[str(a)] for a in actors["id"]],
                          "cut_off_if_removed": actors["cut_off_if_removed"].astype(int).to_numpy(), "among": among})
    return head + _table(table, ["name", "cut_off_if_removed", "among"])


def _circles_section(result: Analysis, p) -> str:
    """Circles of trust: small cross-sector groups all strongly tied to each other, or why none."""
    if result.circles is None:
        return ""
    head = ("<h2>Circles of trust</h2><p>Small groups of actors from different "
            f"{_e(group_plural(group_noun(result.group_column)))}, each strongly tied to every other: groups that already "
            "trust each other, where a joint venture can be incubated or a social issue talked through.</p>")
    table = result.circles.table
    if not len(table):
        return head + f"<p>{_e(result.circles.note[:1].upper() + result.circles.note[1:])}.</p>"
    return head + _table(p(table.head(10)), ["circle", "members", "groups", "mean_strength", "why"])


def _communities_section(result: Analysis, pseudonymiser: Pseudonymiser | None) -> str:
    """Communities named after their best-connected member, with their main group."""
    s = result.summary
    described = result.community_descriptions(pseudonymiser=pseudonymiser)
    alone = described[described["size"] == 1]
    described = described[described["size"] > 1]
    strength = ("clear" if s["modularity"] >= 0.4 else "noticeable" if s["modularity"] >= 0.3 else "weak")
    groups = len(described)
    text = (f"<h2>Communities</h2><p>{groups:,} {'community' if groups == 1 else 'communities'}: clusters of actors "
            "more tied to each other than to the rest, found from the ties alone. Each is named after its "
            "best-connected member.")
    if len(alone):
        who = listing([_e(n) for n in alone["best_connected"]], 5)
        text += (f" {plural(len(alone), 'actor')} with no tie to anyone ({who}) "
                 f"{'is' if len(alone) == 1 else 'are'} not counted as {'a community' if len(alone) == 1 else 'communities'}.")
    parts = s["components"] - len(alone)
    if parts > 1 and s["largest_component_size"] < 0.5 * (s["actors"] - len(alone)):
        # modularity is high whenever the network falls apart into pieces: that is not clustering
        text += (f" The network falls apart into {parts:,} separate parts, so a high modularity "
                 f"({s['modularity']:.2f}) says more about the pieces than about clusters within them.</p>")
    else:
        text += (f" The clustering is {strength} (modularity {s['modularity']:.2f}; above 0.3 is usually taken as "
                 "clear communities).</p>")
    return text + _table(described, ["description", "best_connected"])


def _how_to_read() -> str:
    """A short guide for a reader who is not a network analyst."""
    points = [
        "The map shows only the ties that were recorded: a missing tie may be a gap in the survey, not in the "
        "locality. Treat every suggestion as a prompt for a conversation, not a verdict.",
        "Scores run from 0 to 1 and compare actors within this network only: 0.8 is high here, not in general.",
        "Percentages such as “on 14% of the shortest paths between others” count the quickest chains of ties "
        "between every pair of actors that pass through this one.",
        "A fragile point is not a weakness of that actor: it is a place where the network depends on one link.",
        "Hover over a table heading (on screen) to read the definition behind its plain words; the methods below "
        "give each technical name.",
    ]
    return "<h2>How to read this</h2><ul>" + "".join(f"<li>{_e(t)}</li>" for t in points) + "</ul>"


def _methods(result: Analysis, pseudonymiser: Pseudonymiser | None) -> str:
    """Every convention and option, and the technical name behind each plain heading."""
    s, group, options = result.summary, result.group_column, result.options
    if options.weighted:
        weighting = ("weighted (tie length = strongest strength / strength for paths, so the strongest tie is one "
                     "step; strength for eigenvector, PageRank, constraint, communities)")
    elif has_copresence(result.network.ties):  # 'meets at' ties: communities use their weights (analysis.py)
        weighting = ("unweighted, except communities, which use the weights of the ties made by sharing a space "
                     "(Σ 1/(users − 1) over the spaces shared, Newman 2001)")
    else:
        weighting = "unweighted"
    methods = [
        f"Ties were treated as {'directed' if s['directed'] else 'undirected'} and {weighting}.",
        f"Groups: {'the detected communities' if group == 'community' else f'the actor attribute “{group}”'}.",
        f"Communities: {options.community_method.capitalize()} modularity optimisation, resolution "
        f"{options.resolution:g}, seed {options.seed}; modularity of the partition shown "
        f"{s['modularity']:.3f}. Each is named after the member with the most ties (then the highest "
        "betweenness, then the name); a group is “mostly” there when it holds more than half the members.",
        "Betweenness: Freeman/Brandes, normalised as networkx; closeness with the Wasserman–Faust "
        "scaling; constraint and effective size after Burt (1992); brokerage roles after Gould & Fernandez "
        "(1989), counted as R's sna::brokerage.",
        "Honest-broker score: weighted geometric mean of betweenness (share of the highest), low constraint "
        "(percentile), groups reached, evenness of ties across groups and share of brokerage between other "
        "groups, so every part must be there; actors with 90% or more of their contacts in one group, or on no "
        f"shortest path between others, rank after the even-handed ones; weights "
        f"{', '.join(f'{k} {v:.2f}' for k, v in options.broker_weights.normalised().items())}.",
        f"Hidden wealth: {_resources_used(options)} × marginality (hard to reach, few ties, outer shell). "
        "Introductions: needs matched to offers (TF-IDF and concepts), shared contacts (Adamic–Adar), gaps between "
        "groups, and a link-prediction model. " + result.link_model.message + ".",
        "Gaps: ties between groups against random mixing (expected = ties × possible pairs between the two "
        "groups ÷ all possible pairs).",
        "Fragile points: articulation points of every part of the network (Hopcroft & Tarjan 1973); an actor's "
        "count is everyone outside the largest piece its own part breaks into when it is removed.",
        "Circles of trust: maximal cliques (Luce & Perry 1949) of the strong-tie network — ties of at least the "
        "median strength" + (f" ({result.circles.threshold:g})" if result.circles is not None else "") + " — with "
        "3 or more members from 3 or more groups; a circle sharing more than half its members with a larger one "
        "is listed once.",
        "Suggested actions: the best introduction, the first honest-broker candidate, the fragile point cutting "
        "off most actors, the under-used asset furthest at the edge (marginality 0.5 or more) and, with shared "
        "spaces, the most under-used space, in turn; an actor is in one introduction or asset action at most.",
        *([SPACES_METHOD] if result.spaces is not None else []),
        *(pseudonymiser.replace_text(n) if pseudonymiser else n for n in result.notes),
    ]
    terms = "".join(f"<dt>{_e(label_for(c))}</dt><dd>{_e(c)}: {_e(help_for(c))}</dd>" for c in TERMS)
    return ("<h2>Methods</h2><ul>" + "".join(f"<li>{_e(m)}</li>" for m in methods) + "</ul>"
            "<h3>The plain words and their technical names</h3><dl class='terms'>" + terms + "</dl>")


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
                 f"Rand index, 1 = the same) over the {plural(agree['actors'], 'actor', grouped=True)} in both waves.")
    intro = n["introductions"]
    return "".join([
        f"<h2>What changed since {_e(earlier)}</h2><ul>"
        + "".join(f"<li>{_e(text(s))}</li>" for s in changes.summary) + "</ul>",
        _table(numbers, ["measure", "before", "after"]),
        "<p class='note'>Density: the share of all possible pairs that are tied. Separate parts: groups with no "
        "chain of ties between them. Average distance: steps from one actor to another. Modularity: how clearly "
        "the network falls into communities (above 0.3: clearly).</p>",
        f"<p>{stability}</p>",
        # the introductions that happened come first, by name, before the long tables
        f"<h3>Introductions followed</h3><p>Suggested on {_e(earlier)}, ties now: "
        f"{_e(introductions_sentence(intro))}.</p>"
        + (_table(followed, ["rank", "name_a", "name_b", "tie_type"], ["#", "Actor", "Introduced to", "Tie now"])
           if len(followed) else ""),
        "<h3>Who joined and who left</h3>" + (_table(moved, ["name", "status", "why"])
                                              if len(moved) else "<p>The same actors in both waves.</p>"),
        "<h3>New ties</h3>" + (_table(new, ["source_name", "target_name", "type", "weight_after"])
                               if len(new) else "<p>None.</p>"),
        "<h3>Ties that ended</h3>" + (_table(lost, ["source_name", "target_name", "type", "weight_before"])
                                      if len(lost) else "<p>None.</p>"),
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


def _changes_sentence(result: Analysis, pseudonymiser: Pseudonymiser | None = None) -> str:
    """What reading the files changed, for the reader of the briefing (its quoted ids coded in a
    shared copy: a look-alike warning quotes them)."""
    text = changes_summary(result.network.warnings).removeprefix("reading changed the input: ")
    if pseudonymiser is not None:
        text = pseudonymiser.replace_message(text)
    return (f"Reading the files changed them: {text}. Every change is listed, row by row, in the 'validation' "
            "sheet of the workbook netmap.xlsx that is made with this briefing.")
