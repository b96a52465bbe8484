"""Shared spaces: which places, partnerships and events bring different parts of a locality
together, which sit under-used, and what would be lost if one closed.

All pair counts come from sparse matrix products of the actors × spaces incidence matrix B
(:mod:`netmap.metrics.twomode`), so a space with thousands of users costs arithmetic, never
a list of its millions of pairs.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import scipy.sparse as sp

from netmap.insights.matching import match_needs_to_offers, shared_words
from netmap.metrics import twomode
from netmap.validate.affiliations import COPRESENCE_TYPE
from netmap.words import listing, plural, split_items

__all__ = ["SpacesAnalysis", "SpaceClosure", "analyse_spaces", "space_closure", "SPACE_METRICS",
           "SCORE_WEIGHTS", "TWO_MODE_SUMMARY_KEYS", "UNDER_USED_THRESHOLD"]

#: Columns of spaces.csv after the space's own attributes.
SPACE_METRICS = ["users", "groups_reached", "evenness", "bridging_pairs", "unique_bridging_pairs",
                 "cross_group_share", "shared_space_score", "under_used_score", "tm_degree", "tm_closeness",
                 "tm_betweenness", "why"]
#: Weights of the shared-space score's components (reach, evenness, bridging, unique bridging).
SCORE_WEIGHTS = {"reach": 0.25, "evenness": 0.25, "bridging": 0.25, "unique": 0.25}
#: A space at or above this under-used score is flagged and offered in suggestions.
UNDER_USED_THRESHOLD = 0.5
#: Least need–offer similarity for a suggestion: above the 0.4 that one shared concept alone
#: gives ("help with the garden" and "community hall" are both about venues), so a suggestion
#: shares a word too.
SUGGESTION_THRESHOLD = 0.45
#: Keys added to summary.json when there are affiliations.
TWO_MODE_SUMMARY_KEYS = ["spaces", "affiliations", "actors_with_affiliations", "two_mode_density",
                         "two_mode_components"]


@dataclass(frozen=True)
class SpacesAnalysis:
    """The shared-spaces results.

    ``spaces`` is spaces.csv (ranked by ``shared_space_score``); ``suggestions`` pairs actors'
    needs with under-used spaces' offers; ``actor_columns`` holds ``tm_degree``,
    ``tm_closeness`` and ``tm_betweenness`` in the actor table's order; ``summary`` the
    two-mode counts; ``notes`` what was estimated. The rest is kept for :func:`space_closure`.
    """

    spaces: pd.DataFrame
    suggestions: pd.DataFrame
    actor_columns: dict[str, np.ndarray]
    summary: dict
    two_mode: twomode.TwoMode
    codes: np.ndarray
    group_names: list[str]
    group_column: str
    tied: sp.csr_matrix
    actor_names: dict
    notes: list[str] = field(default_factory=list)


def _direct_ties(network, index: dict) -> sp.csr_matrix:
    """Symmetric 0/1 matrix of the actors' own ties; "meets at" ties derived from the spaces do
    not count (a pair that only meets at a space has no direct tie)."""
    ties = network.ties
    if "type" in ties.columns:
        own = ties["type"].map(lambda t: not (isinstance(t, str) and
                                              {x.strip() for x in t.split(";")} == {COPRESENCE_TYPE}))
        ties = ties[own.to_numpy(dtype=bool)]
    n = len(index)
    a = ties["source"].map(index).to_numpy(dtype=np.int64)
    b = ties["target"].map(index).to_numpy(dtype=np.int64)
    m = sp.csr_matrix((np.ones(len(a)), (a, b)), shape=(n, n))
    m = ((m + m.T) > 0).astype(np.float64).tocsr()
    m.setdiag(0)
    m.eliminate_zeros()
    return m


def _pair_spaces(b: sp.csr_matrix, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """For pairs (rows[i], cols[i]) of actors: how many of the pairs meet at each space."""
    if len(rows) == 0:
        return np.zeros(b.shape[1])
    return np.asarray(b[rows].multiply(b[cols]).sum(axis=0)).ravel()


def analyse_spaces(network, actor_ids: list, codes: np.ndarray, group_names: list[str], group_column: str,
                   seed: int = 0) -> SpacesAnalysis:
    """Score every space; see docs/spaces.md.

    For space s with users U_s and the groups g (``group_column``: sector, ward … or the
    detected communities) of k groups in the locality:

    * ``groups_reached`` — groups among its users; ``evenness`` — Shannon entropy of the
      users' groups / ln k (0 for one group, 1 for users spread equally over every group);
    * ``bridging_pairs`` — pairs of users from different groups with no direct tie:
      C(|U_s|, 2) − Σ_g C(c_sg, 2) minus the tied ones; ``unique_bridging_pairs`` — those of them
      who share no other space;
    * ``cross_group_share`` — its cross-group pairs / all distinct cross-group pairs that meet
      at any space;
    * ``shared_space_score`` = 0.25 (g_s − 1)/(k − 1) + 0.25 evenness + 0.25 bridging / max
      bridging + 0.25 unique / max unique, in [0, 1]; 0 for a space used by one group however
      busy;
    * ``under_used_score`` — for a space with something to offer (a ``capacity`` or
      ``offers``): 0.6 × (1 − fill) + 0.4 × [used by one group or none], fill = users / capacity
      (or / the median users of the spaces when there is no capacity), capped at 1; 0 for a
      space that offers nothing.
    """
    spaces = network.spaces
    tm = twomode.two_mode_index(actor_ids, list(spaces["id"]), network.affiliations)
    b = tm.incidence
    index = {a: i for i, a in enumerate(actor_ids)}
    k = len(group_names)
    notes = []

    deg_a, deg_s = twomode.degree(tm)
    paths = twomode.path_centrality(tm, seed=seed)
    clo_a, clo_s, bet_a, bet_s = (paths.closeness_actors, paths.closeness_spaces, paths.betweenness_actors,
                                  paths.betweenness_spaces)
    if not paths.exact:
        notes.append(f"two-mode closeness and betweenness estimated from {paths.sources:,} source nodes "
                     f"({twomode.SAMPLES:,} drawn at random, seed {seed}, plus every node of the small components) "
                     f"because the two-mode network has more than {twomode.EXACT_LIMIT:,} actors and spaces")

    users = np.asarray(b.sum(axis=0)).ravel().astype(np.int64)
    onehot = sp.csr_matrix((np.ones(len(codes)), (np.arange(len(codes)), codes)), shape=(len(codes), max(k, 1)))
    counts = (b.T @ onehot).toarray()  # spaces × groups: users of each group
    reached = (counts > 0).sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(users[:, None] > 0, counts / users[:, None], 0.0)
        entropy = -np.where(share > 0, share * np.log(share), 0.0).sum(axis=1)
        evenness = np.maximum(entropy, 0.0) / np.log(k) if k > 1 else np.zeros(len(users))
    cross = users * (users - 1) / 2 - (counts * (counts - 1) / 2).sum(axis=1)

    tied = _direct_ties(network, index)
    tie_pairs = sp.triu(tied, k=1).tocoo()
    cross_tie = codes[tie_pairs.row] != codes[tie_pairs.col]
    tied_cross = _pair_spaces(b, tie_pairs.row[cross_tie], tie_pairs.col[cross_tie])
    bridging = cross - tied_cross

    # pairs meeting at two or more spaces are the only ones counted more than once
    together = sp.triu(twomode.project(tm, "actors", "count"), k=1).tocoo()
    again = together.data >= 2
    rows, cols, times = together.row[again], together.col[again], together.data[again]
    across = codes[rows] != codes[cols]
    untied = np.asarray(tied[rows, cols]).ravel() == 0 if len(rows) else np.zeros(0, dtype=bool)
    elsewhere = _pair_spaces(b, rows[across & untied], cols[across & untied])
    unique = bridging - elsewhere
    distinct_cross = float(cross.sum() - (times[across] - 1).sum())
    cross_share = cross / distinct_cross if distinct_cross > 0 else np.zeros(len(users))

    def scaled(values):
        top = values.max() if len(values) else 0
        return values / top if top > 0 else np.zeros(len(values))

    reach = (reached - 1) / (k - 1) if k > 1 else np.zeros(len(users))
    score = (SCORE_WEIGHTS["reach"] * np.clip(reach, 0, None) + SCORE_WEIGHTS["evenness"] * evenness
             + SCORE_WEIGHTS["bridging"] * scaled(bridging) + SCORE_WEIGHTS["unique"] * scaled(unique))
    score = np.where(reached >= 2, score, 0.0)

    capacity = pd.to_numeric(spaces["capacity"], errors="coerce").to_numpy(dtype=float) \
        if "capacity" in spaces.columns else np.full(len(users), np.nan)
    offers = [split_items(v) for v in spaces["offers"]] if "offers" in spaces.columns else [[]] * len(users)
    has_room = (np.nan_to_num(capacity) > 0) | np.array([bool(o) for o in offers], dtype=bool)
    used = users[users > 0]
    typical = float(np.median(used)) if len(used) else 1.0
    with np.errstate(divide="ignore", invalid="ignore"):
        fill = np.where(capacity > 0, users / capacity, users / max(typical, 1.0))
    fill = np.clip(np.nan_to_num(fill), 0, 1)
    narrow = (reached <= 1).astype(float)
    under = np.where(has_room, 0.6 * (1 - fill) + 0.4 * narrow, 0.0)

    table = spaces.copy().reset_index(drop=True)
    clashes = [c for c in table.columns if c in SPACE_METRICS]
    if clashes:
        table = table.rename(columns={c: f"{c}_input" for c in clashes})
    metrics = pd.DataFrame({
        "users": users, "groups_reached": reached.astype(int), "evenness": evenness,
        "bridging_pairs": bridging.round().astype(np.int64), "unique_bridging_pairs": unique.round().astype(np.int64),
        "cross_group_share": cross_share, "shared_space_score": score, "under_used_score": under,
        "tm_degree": deg_s, "tm_closeness": clo_s, "tm_betweenness": bet_s,
    })
    table = pd.concat([table, metrics], axis=1)
    dominant = [group_names[int(np.argmax(c))] if u else None for c, u in zip(counts, users)] if k else [None] * len(users)
    table["why"] = [_why(row, dominant[i], k, group_column, capacity[i], offers[i], under[i])
                    for i, row in enumerate(table.itertuples(index=False))]
    table = table.sort_values(["shared_space_score", "users", "id"], ascending=[False, False, True],
                              kind="stable").reset_index(drop=True)

    names = dict(zip(network.actors["id"], network.actors["name"]))
    suggestions = _suggestions(network, table, names)
    summary = {
        "spaces": tm.n_spaces, "affiliations": int(b.nnz), "actors_with_affiliations": int((b.getnnz(axis=1) > 0).sum()),
        "two_mode_density": twomode.density(tm),
        "two_mode_components": int(_component_count(tm)),
    }
    actor_columns = {"tm_degree": deg_a, "tm_closeness": clo_a, "tm_betweenness": bet_a}
    return SpacesAnalysis(table, suggestions, actor_columns, summary, tm, codes, list(group_names), group_column,
                          tied, names, notes)


def _component_count(tm: twomode.TwoMode) -> int:
    import scipy.sparse.csgraph as csgraph

    return csgraph.connected_components(tm.adjacency(), directed=False)[0] if tm.n else 0


def _why(row, dominant, k: int, group_column: str, capacity: float, offers: list[str], under: float) -> str:
    group_word = group_column if group_column != "community" else "communit"
    groups = (lambda n: f"{n} communit{'y' if n == 1 else 'ies'}") if group_column == "community" else \
        (lambda n: plural(n, group_column))
    if row.users == 0:
        text = "nobody recorded uses it"
    elif row.groups_reached <= 1:
        text = (f"used by {plural(row.users, 'actor')}, all from one {group_word if group_column != 'community' else 'community'}"
                f" ({dominant}): it brings no groups together however busy it is")
    else:
        text = (f"used by {plural(row.users, 'actor')} from {row.groups_reached} of {groups(k)} (evenness "
                f"{row.evenness:.2f}); {plural(int(row.bridging_pairs), 'pair')} from different groups meet here "
                f"without a direct tie, {int(row.unique_bridging_pairs):,} of them nowhere else; "
                f"{row.cross_group_share:.0%} of the locality's cross-group meeting at shared spaces")
    if under >= UNDER_USED_THRESHOLD:
        has = []
        if capacity == capacity and capacity > 0:
            has.append(f"room for {capacity:g}")
        if offers:
            has.append(listing(offers, 3))
        text += f". Under-used: it has {' and '.join(has)} but " + (
            "nobody uses it" if row.users == 0 else
            f"only {plural(row.users, 'user')}" + (", all from one group" if row.groups_reached <= 1 else ""))
    return text


def _suggestions(network, table: pd.DataFrame, names: dict, limit: int = 50) -> pd.DataFrame:
    """Actors whose needs an under-used space's offers would meet (TF-IDF and concepts,
    :func:`netmap.insights.matching.match_needs_to_offers`)."""
    columns = ["actor", "actor_name", "need", "space", "space_name", "offer", "similarity", "under_used_score", "why"]
    flagged = table[table["under_used_score"] >= UNDER_USED_THRESHOLD]
    if flagged.empty or "needs" not in network.actors.columns or "offers" not in flagged.columns:
        return pd.DataFrame(columns=columns)
    prefix = "\x00space:"
    # one pseudo-actor per distinct need text: many people need the same thing, and the
    # matching grows with needs × offers
    needers: dict[str, list] = {}
    for actor, text in zip(network.actors["id"], network.actors["needs"]):
        if isinstance(text, str) and text.strip():
            needers.setdefault(text, []).append(actor)
    texts = list(needers)
    frame = pd.concat([
        pd.DataFrame({"id": [f"\x00need:{i}" for i in range(len(texts))], "needs": texts, "offers": None}),
        pd.DataFrame({"id": prefix + flagged["id"].astype(str), "needs": None, "offers": flagged["offers"]}),
    ], ignore_index=True)
    matches = match_needs_to_offers(frame, threshold=SUGGESTION_THRESHOLD)
    rows = flagged.set_index("id")[["name", "users", "groups_reached", "under_used_score"]].to_dict("index")
    uses = set(zip(network.affiliations["actor"], network.affiliations["space"]))
    found = []
    for (needer, offerer), match in matches.items():
        if str(offerer).startswith(prefix) and needer.startswith("\x00need:"):
            space = offerer[len(prefix):]
            found.append((match.similarity * rows[space]["under_used_score"], int(needer.split(":")[1]), space,
                          match))
    found.sort(key=lambda f: (-f[0], f[1], f[2]))
    records = []
    for _, need_index, space, match in found:
        row = rows[space]
        reason = "is used by one group" if row["groups_reached"] <= 1 else f"has only {plural(int(row['users']), 'user')}"
        for actor in sorted(needers[texts[need_index]], key=str):
            if (actor, space) in uses:
                continue  # already uses it
            name = names.get(actor, actor)
            records.append({"actor": actor, "actor_name": name, "need": match.need, "space": space,
                            "space_name": row["name"], "offer": match.offer, "similarity": match.similarity,
                            "under_used_score": float(row["under_used_score"]),
                            "why": f"{name} needs {match.need} — {row['name']} offers {match.offer} and {reason} "
                                   f"({shared_words(match)})"})
            if len(records) >= limit:
                return pd.DataFrame(records, columns=columns)
    return pd.DataFrame(records, columns=columns)


@dataclass(frozen=True)
class SpaceClosure:
    """What would be lost if a space closed."""

    space: str
    name: str
    lost_pairs: int  # cross-group pairs with no direct tie that meet only here
    cut_off: list  # users who would meet nobody: no other space, no direct tie
    lose_cross_group: list  # users whose every cross-group contact (space or tie) goes through here
    examples: pd.DataFrame  # up to 20 of the lost pairs: a, b, group_a, group_b

    def sentences(self, names: dict) -> list[str]:
        out = [f"If {self.name} closed, {plural(self.lost_pairs, 'pair')} of people from different groups who meet "
               "there, and nowhere else, with no direct tie, would lose that contact."]
        if self.cut_off:
            out.append(f"{plural(len(self.cut_off), 'actor')} would meet nobody at all: "
                       + listing([str(names.get(a, a)) for a in self.cut_off], 6) + ".")
        if self.lose_cross_group:
            out.append(f"{plural(len(self.lose_cross_group), 'actor')} would lose every contact outside their own "
                       "group: " + listing([str(names.get(a, a)) for a in self.lose_cross_group], 6) + ".")
        if not self.cut_off and not self.lose_cross_group and self.lost_pairs == 0:
            out.append("Everyone who meets there also meets elsewhere or has a direct tie.")
        return out


def space_closure(result: SpacesAnalysis, space_id: str, examples: int = 20) -> SpaceClosure:
    """The cross-group contacts lost and the actors cut off if ``space_id`` closed.

    Lost pairs = the space's ``unique_bridging_pairs``. Cut off = its users who use no other
    space and have no direct tie. Losing every cross-group contact = its users with a
    cross-group co-user here, and no cross-group co-user at another space nor a direct tie to
    another group.
    """
    tm, b, codes, tied = result.two_mode, result.two_mode.incidence, result.codes, result.tied
    j = tm.spaces.index(space_id)
    row = result.spaces.set_index("id").loc[space_id]
    members = b[:, j].nonzero()[0]
    others = b.copy().tolil()
    others[:, j] = 0
    others = others.tocsr()
    other_spaces = np.asarray(others.sum(axis=1)).ravel()
    degree = np.asarray(tied.sum(axis=1)).ravel()
    cut = [tm.actors[i] for i in members if other_spaces[i] == 0 and degree[i] == 0]
    k = max(len(result.group_names), 1)
    onehot = sp.csr_matrix((np.ones(len(codes)), (np.arange(len(codes)), codes)), shape=(len(codes), k))
    counts_elsewhere = (others.T @ onehot).toarray()  # spaces × groups, this space emptied
    users_elsewhere = counts_elsewhere.sum(axis=1)
    here = np.bincount(codes[members], minlength=k)
    tie_groups = tied @ onehot  # actors × groups: direct ties to each group
    lose = []
    for i in members:
        g = codes[i]
        if here.sum() - here[g] == 0:
            continue  # no cross-group contact here to lose
        spaces_i = others[i].indices
        cross_elsewhere = (users_elsewhere[spaces_i] - counts_elsewhere[spaces_i, g] > 0).any() if len(spaces_i) else False
        cross_tie = tie_groups[i].sum() - tie_groups[i, g] > 0
        if not cross_elsewhere and not cross_tie:
            lose.append(tm.actors[i])
    pairs = []
    if len(members) <= 2000:
        member_set = members.tolist()
        shared = (b[member_set] @ b[member_set].T).toarray()
        for x in range(len(member_set)):
            for y in range(x + 1, len(member_set)):
                a_i, b_i = member_set[x], member_set[y]
                if codes[a_i] != codes[b_i] and shared[x, y] == 1 and not tied[a_i, b_i]:
                    pairs.append((tm.actors[a_i], tm.actors[b_i], result.group_names[codes[a_i]],
                                  result.group_names[codes[b_i]]))
                    if len(pairs) >= examples:
                        break
            if len(pairs) >= examples:
                break
    frame = pd.DataFrame(pairs, columns=["a", "b", "group_a", "group_b"])
    return SpaceClosure(space_id, str(row["name"]), int(row["unique_bridging_pairs"]), cut, lose, frame)
