"""Plain-words explanations of every output column, for the app's help texts and reports."""
from __future__ import annotations

__all__ = [
    "COLUMN_HELP",
    "COLUMN_LABELS",
    "PLAIN_WHY",
    "SUMMARY_LABELS",
    "TECHNICAL_NAMES",
    "for_files",
    "help_for",
    "label_for",
    "outside_share",
    "plain_columns",
]

COLUMN_HELP: dict[str, str] = {
    "id": "The actor's id from your file.",
    "name": "The actor's name (the id when no name was given).",
    "degree": "How many others the actor is tied to (on directed maps: ties in plus ties out).",
    "in_degree": "Ties pointing to the actor.",
    "out_degree": "Ties from the actor to others.",
    "strength": "The sum of the strengths of the actor's ties.",
    "betweenness": "Share of the shortest paths between other actors that pass through this one: "
                   "how much it stands between others (0-1).",
    "closeness": "How near the actor is to everyone it can reach, scaled down when it can reach few (0-1; on a "
                 "weighted map the strongest tie counts as one step and a tie half as strong as two).",
    "harmonic": "Average of 1/distance to every other actor; unreachable actors add nothing (0-1; on a weighted "
                "map distances count the strongest tie as one step).",
    "eigenvector": "High when the actor is tied to actors who are themselves well tied (unit length overall).",
    "pagerank": "Google's PageRank: the chance a random walk along ties is at this actor (sums to 1).",
    "clustering": "Share of the actor's contacts who are tied to each other (0-1).",
    "core_number": "The actor is in the k-core: a group where everyone has at least k ties inside it.",
    "constraint": "Burt's constraint: high when the actor's contacts all know each other (few structural holes).",
    "effective_size": "Burt's effective size: the number of contacts, less those that are redundant.",
    "efficiency": "Effective size divided by the number of contacts (0-1).",
    "hierarchy": "How much the constraint is concentrated on one contact (0 = evenly spread).",
    "community": "The community the actor was placed in (0 = largest).",
    "top10_share": "How sure are we: share of the resampled networks (answers or ties left out at random) in "
                   "which the actor is still in the top 10.",
    "rank_low": "Best rank in the resampled networks, ignoring the luckiest 5%.",
    "rank_high": "Worst rank in the resampled networks, ignoring the unluckiest 5%.",
    "reported_by": "Who reported this tie in the survey (actor ids).",
    "confirmed": "True when both people named each other in the survey.",
    "responded": "1 when the actor answered the survey, 0 when not.",
    "articulation_point": "True when removing the actor would split its part of the network.",
    "ei_index": "Krackhardt's E-I index: +1 when all its ties go to other groups, -1 when all stay inside.",
    "gf_coordinator": "Brokerage between two members of its own group.",
    "gf_itinerant": "Brokerage between two members of another group (an outsider helping a group).",
    "gf_representative": "Brokerage carrying its own group's contact out to another group.",
    "gf_gatekeeper": "Brokerage letting another group's contact into its own group.",
    "gf_liaison": "Brokerage between two groups, neither its own: a neutral third party.",
    "gf_total": "All Gould-Fernandez brokerage: pairs it links who are not tied directly.",
    "broker_score": "Honest-broker score (0-1): weighted geometric mean of betweenness, structural holes, groups "
                    "reached, even spread and third-party brokerage, so a weak part pulls the whole score down.",
    "broker_rank": "Rank as an honest broker (1 = best); even-handed candidates come first; blank when the actor "
                   "links only one group.",
    "hidden_wealth_score": "What the actor offers, times how marginal its position is (0-1).",
    "cut_off_if_removed": "How many others would lose their link to the main body of the network if it left.",
    "betweenness_pct": "Share of actors with lower betweenness.",
    "structural_holes_pct": "Share of actors whose contacts are more tied to each other.",
    "groups_reached": "How many groups its contacts belong to (for a space: how many groups its users come from).",
    "reach": "Groups reached, as a share of all the other groups (0-1).",
    "evenness": "How evenly its ties are spread over all groups, allowing for the groups' sizes (1 = perfectly even).",
    "third_party_share": "Share of its brokerage that is between other groups (liaison and itinerant).",
    "candidate": "Whether it links two or more groups.",
    "even_handed": "Whether it is an even-handed candidate: not leaning to one group (no more than 70% of its "
                   "contacts in one group once the groups' sizes are allowed for), on at least one shortest path "
                   "between others and, with two groups, at least 10% of its brokerage between third parties. The "
                   "others rank after every even-handed one.",
    "why": "The reason, in words, from the row's own numbers.",
    "resources": "Number of things offered (or the capacity value chosen).",
    "resource_score": "Resources relative to the actor offering most (0-1).",
    "marginality": "How far at the edge it sits: hard to reach, few ties, outer shell (0-1).",
    "introduction_score": "How much this introduction is worth making (0-1).",
    "need_offer_match": "How well one's need matches the other's offer, less when many others could meet it.",
    "similarity": "Text similarity of the matched need and offer (0-1).",
    "alternatives": "Actors whose offers meet the need about as well.",
    "unlocks_asset": "How marginal the actor whose offer is matched is (0-1).",
    "network_closeness": "Shared contacts, weighted (Adamic-Adar), relative to the best candidate (0-1).",
    "gap_bridging": "How much this pair would bridge two groups that rarely meet (0-1).",
    "model_probability": "The link-prediction model's score for the pair (0-1). It ranks pairs; it is not the "
                         "chance that the tie forms (the model learns from as many untied pairs as ties).",
    "common_contacts": "Contacts they share.",
    "observed": "Ties between the two groups.",
    "expected": "Ties random mixing would give, from the groups' sizes.",
    "ratio": "Observed divided by expected: below 1, the groups meet less than chance.",
    # shared spaces (docs/spaces.md)
    "users": "How many actors use, belong to or attend the space.",
    "bridging_pairs": "Pairs of users from different groups who meet here and have no direct tie.",
    "unique_bridging_pairs": "Of those pairs, the ones who meet at no other space.",
    "cross_group_share": "Share of all cross-group meeting at shared spaces that happens here (0-1).",
    "shared_space_score": "How well the space brings different groups together (0-1); 0 when one group uses it.",
    "under_used_score": "Has capacity or offers (something to host or lend) but few users or users from one group (0-1).",
    "tm_degree": "Two-mode degree: share of the spaces an actor uses, or of the actors a space has (0-1).",
    "tm_closeness": "Two-mode closeness (Borgatti & Everett 1997, as networkx): how near to every actor and "
                    "space, through who uses what.",
    "tm_betweenness": "Two-mode betweenness (Borgatti & Everett 1997, as networkx): how much it stands between "
                      "others in the actor-space network (0-1).",
    # what changed between two waves (netmap.compare)
    "status": "Actors: joined, left or stayed between the two waves. Ties: new, lost, stronger, weaker or unchanged.",
    "ties_gained": "Ties it has in the later wave that it did not have in the earlier one.",
    "ties_lost": "Ties it had in the earlier wave that have ended.",
    "weight_before": "The tie's strength in the earlier wave (blank: no tie then).",
    "weight_after": "The tie's strength in the later wave (blank: the tie has ended).",
    "across_groups": "Whether the tie links two different groups.",
    "why_suggested": "Why netmap suggested this introduction on the earlier wave.",
    "rank": "The suggestion's place in the list (1 = most worth making).",
    "group": "The actor's group (the grouping chosen in the sidebar).",
    "group_a": "The first actor's group.",
    "group_b": "The second actor's group.",
    "actors_a": "Actors in the first group.",
    "actors_b": "Actors in the second group.",
    "matched_need": "The need, in the words of the actors file.",
    "matched_offer": "The offer that meets it.",
    "adamic_adar": "Adamic-Adar index: shared contacts, each counting more when it has few ties of its own.",
    "harmonic_pct": "Share of actors who are harder to reach.",
    "circle": "The circle of trust's number, strongest first.",
    "size": "How many actors are in it.",
    "groups_joined": "How many groups (sectors) its members come from.",
    "members": "Who is in it.",
    "groups": "The groups its members come from.",
    "mean_strength": "The average strength of the ties between its members (every member is tied to every "
                     "other by a strong tie: at least the median strength of the map's ties).",
    "shared_spaces": "Spaces that two or more of its members use.",
    "steps": "How many ties away: 1 a contact, 2 a contact's contact.",
    "hosts_or_uses": "Whether the actor hosts the space (its owner) or uses it.",
    "only_through_it": "No other contact of either knows both: only this actor is placed to introduce them.",
    "need_offer": "The need of one that the other's offer meets.",
    "meet_nowhere_else": "Pairs of groups whose members meet at this space and at no other.",
    "increase": "How much more of the shortest paths between others would run through this actor once the "
                "chosen actors left (betweenness after minus before).",
}


def help_for(column: str) -> str | None:
    """The explanation of ``column``, or None for the user's own columns."""
    if column not in COLUMN_HELP and column.endswith(("_before", "_after")):  # the two waves of a comparison
        base, _, when = column.rpartition("_")
        base = {"cut_off": "cut_off_if_removed"}.get(base, base)
        if base in COLUMN_HELP:
            return f"In the {'earlier' if when == 'before' else 'later'} wave: " + COLUMN_HELP[base]
    return COLUMN_HELP.get(column)


#: The words a person reads for each column, in tables, pickers, charts and the briefing
#: (issue 14). The technical name and its definition stay in the help (``help_for``) and in
#: the CSV files, whose headers do not change.
COLUMN_LABELS: dict[str, str] = {
    "id": "Id", "name": "Name", "why": "Why",
    "degree": "Number of ties", "in_degree": "Ties in", "out_degree": "Ties out", "strength": "Strength of ties",
    "betweenness": "On many paths between others", "closeness": "Close to everyone",
    "harmonic": "Easy to reach", "eigenvector": "Tied to well-connected actors", "pagerank": "Influence (PageRank)",
    "clustering": "Contacts know each other", "core_number": "Depth in the tightly knit core",
    "constraint": "Hemmed in by one circle", "effective_size": "Contacts who bring something new",
    "efficiency": "Share of contacts who bring something new", "hierarchy": "Relies on one contact",
    "community": "Community", "articulation_point": "Holds parts together",
    "ei_index": "Ties outside own group (−1 to +1)",
    "gf_coordinator": "Links people within own group", "gf_itinerant": "Links people of another group",
    "gf_representative": "Speaks for own group", "gf_gatekeeper": "Lets others into own group",
    "gf_liaison": "Links two other groups", "gf_total": "Brokerage, all kinds",
    "broker_score": "Honest-broker score", "broker_rank": "Honest-broker rank",
    "hidden_wealth_score": "Hidden-wealth score", "cut_off_if_removed": "Would cut off if they left",
    "betweenness_pct": "On many paths (percentile)",
    "structural_holes_pct": "Links circles that don't meet (percentile)",
    "groups_reached": "Groups reached", "reach": "Share of other groups reached", "evenness": "Even spread over groups",
    "third_party_share": "Links other groups, not own side", "candidate": "Links two or more groups",
    "even_handed": "Even-handed",
    "resources": "Resources offered", "resource_score": "Resources (0–1)", "marginality": "At the edge (0–1)",
    "introduction_score": "Worth making (0–1)", "need_offer_match": "Need meets offer",
    "similarity": "How closely need and offer match", "alternatives": "Others who could help",
    "unlocks_asset": "Unlocks a hidden asset", "network_closeness": "Shared contacts",
    "gap_bridging": "Bridges groups that rarely meet", "model_probability": "Pattern score",
    "common_contacts": "Contacts in common", "observed": "Ties between them", "expected": "Ties expected by chance",
    "ratio": "Ties ÷ expected",
    "top10_share": "How often in the top 10", "rank_low": "Best likely rank", "rank_high": "Worst likely rank",
    "reported_by": "Reported by", "confirmed": "Both named each other", "responded": "Answered the survey",
    "users": "Users", "bridging_pairs": "Pairs from different groups who meet here",
    "unique_bridging_pairs": "… and meet nowhere else", "cross_group_share": "Share of cross-group meeting",
    "shared_space_score": "Brings groups together (0–1)", "under_used_score": "Under-used (0–1)",
    "tm_degree": "Share of spaces used (two-mode)", "tm_closeness": "Close to everyone (two-mode)",
    "tm_betweenness": "Between others (two-mode)",
    "status": "What happened", "ties_gained": "New ties", "ties_lost": "Ties ended",
    "weight_before": "Strength before", "weight_after": "Strength after", "across_groups": "Across groups",
    "why_suggested": "Why it was suggested",
    "rank": "Rank", "group": "Group", "group_a": "Group of the first", "group_b": "Group of the second",
    "actors_a": "Actors in the first group", "actors_b": "Actors in the second group",
    "id_a": "Id of the first", "id_b": "Id of the second", "name_a": "First", "name_b": "Second",
    "matched_need": "Need", "matched_offer": "Offer", "adamic_adar": "Shared contacts (weighted)",
    "harmonic_pct": "Easy to reach (percentile)",
    "actor": "Who (id)", "actor_name": "Who", "need": "Needs", "space": "Space id", "space_name": "Space",
    "offer": "Offers",
    "circle": "Circle", "size": "How many", "groups_joined": "Groups joined", "members": "Who is in it",
    "groups": "Groups", "mean_strength": "Strength of their ties", "shared_spaces": "Where they meet",
    "steps": "Steps away", "hosts_or_uses": "Hosts or uses", "only_through_it": "Only it can introduce them",
    "need_offer": "Need and offer", "meet_nowhere_else": "Groups who meet nowhere else",
    "actors": "Actors", "increase": "More on paths between others",
    # the tables of what changed between two waves name the two ends of a tie
    "source": "Actor (id)", "target": "And actor (id)", "source_name": "Actor", "target_name": "And actor",
}

#: The network summary's numbers in plain words (the keys of summary.json stay technical).
SUMMARY_LABELS: dict[str, str] = {
    "actors": "Actors", "ties": "Ties", "directed": "Ties have a direction", "density": "Share of possible ties",
    "components": "Separate parts", "largest_component_size": "Actors in the largest part",
    "diameter": "Longest distance (steps)", "average_path_length": "Average distance (steps)",
    "transitivity": "Friends of friends are friends (share)",
    "average_clustering": "Contacts know each other (average)",
    "degree_centralization": "Ties held by a few (0–1)", "modularity": "Clear communities (modularity)",
    "communities": "Communities", "ei_index": "Ties outside own group (−1 to +1)",
    "ei_by_group": "Ties outside own group, by group", "articulation_points": "Actors who hold parts together",
    "bridges": "Ties that hold parts together",
    "spaces": "Shared spaces", "affiliations": "Uses of spaces recorded",
    "actors_with_affiliations": "Actors who use a space", "two_mode_density": "Share of possible uses of spaces",
    "two_mode_components": "Separate parts (people and spaces)",
}

#: Technical names that must not show as a reader's words in the default views (a browser test checks).
TECHNICAL_NAMES = frozenset(c for c in COLUMN_LABELS if "_" in c) | {
    "betweenness", "closeness", "harmonic", "eigenvector", "marginality", "constraint", "adamic_adar"}


def label_for(column: str) -> str:
    """The plain words for ``column``: its label, or the user's own column name made readable."""
    if column in COLUMN_LABELS:
        return COLUMN_LABELS[column]
    if column.endswith(("_before", "_after")):
        base, _, when = column.rpartition("_")
        base = {"cut_off": "cut_off_if_removed"}.get(base, base)
        if base in COLUMN_LABELS:
            return f"{COLUMN_LABELS[base]} ({when})"
    return column


def plain_columns(columns) -> dict[str, str]:
    """``{column: plain label}`` for renaming a table a person reads; labels stay unique."""
    labels: dict[str, str] = {}
    used: set[str] = set()
    for column in columns:
        label = label_for(column)
        if label in used:  # the user's own column may already carry the words
            label = f"{label} ({column})"
        used.add(label)
        labels[column] = label
    return labels


#: The column beside ``why`` holding the same reason in plain words, without the technical
#: numbers (constraint, evenness, the core number) that ``why`` carries for an analyst. Made where
#: the reason is made (insights/brokers.py, assets.py, spaces.py, with :class:`netmap.words.Reason`);
#: the app shows it and keeps ``why`` in the help; files and the briefing hold ``why`` only.
PLAIN_WHY = "why_plain"


def for_files(table):
    """``table`` as a file or a full table shows it: without :data:`PLAIN_WHY` (``why`` says the
    same with its numbers), so the files keep the columns they have always had."""
    return table.drop(columns=[PLAIN_WHY]) if PLAIN_WHY in table.columns else table


def outside_share(ei_index: float) -> float:
    """The share of ties that join two groups, from Krackhardt's E-I index ((E − I) / (E + I),
    each tie counted once): (E-I + 1) / 2.

    >>> outside_share(-0.5)
    0.25
    """
    return (ei_index + 1) / 2
