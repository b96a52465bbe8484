"""Shared spaces: which places, partnerships and events bring different parts of a locality
together, which sit under-used, and what would be lost if one closed.

All pair counts come from sparse matrix products of the actors × spaces incidence matrix B
(:mod:`netmap.metrics.twomode`). The pairs of a space's users are listed only for spaces of
at most :data:`LARGE_SPACE` users, a block at a time; a larger space's pairs are counted by
formula, so a space of 3,000 users costs arithmetic, never a list of its 4.5 million pairs,
and the time and memory grow with the affiliations, not with their square.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import scipy.sparse as sp

from netmap.glossary import PLAIN_WHY
from netmap.insights.matching import match_needs_to_offers, shared_words
from netmap.metrics import twomode
from netmap.validate.affiliations import copresence_rows
from netmap.words import Reason, because, group_noun, group_plural, listing, plural, split_items

__all__ = ["SpacesAnalysis", "SpaceClosure", "analyse_spaces", "space_closure", "SPACE_METRICS",
           "SCORE_WEIGHTS", "TWO_MODE_SUMMARY_KEYS", "UNDER_USED_THRESHOLD", "LARGE_SPACE", "PAIR_SAMPLES"]

#: Columns of spaces.csv after the space's own attributes.
SPACE_METRICS = ["users", "groups_reached", "evenness", "bridging_pairs", "unique_bridging_pairs",
                 "cross_group_share", "shared_space_score", "under_used_score", "tm_degree", "tm_closeness",
                 "tm_betweenness", "why", PLAIN_WHY]
#: Weights of the shared-space score's components (reach, evenness, bridging, unique bridging).
SCORE_WEIGHTS = {"reach": 0.25, "evenness": 0.25, "bridging": 0.25, "unique": 0.25}
#: A space at or above this under-used score is flagged and offered in suggestions.
UNDER_USED_THRESHOLD = 0.5
#: Least need–offer similarity for a suggestion: above the 0.4 that one shared concept alone
#: gives ("help with the garden" and "community hall" are both about venues), so a suggestion
#: shares a word too.
SUGGESTION_THRESHOLD = 0.45
#: Spaces with more users than this are "large": the pairs of their users are counted by
#: formula and never listed. The pairs that are listed (those meeting at a smaller space)
#: are then at most LARGE_SPACE / 2 per affiliation.
LARGE_SPACE = 500
#: Pairs drawn from each large space when large spaces share so many users that even the
#: pairs meeting at two of them would be more than LARGE_SPACE per affiliation to list.
PAIR_SAMPLES = 20_000
#: Pairs the closure examples look through at most (they stop at 20 found).
EXAMPLE_SCAN = 2_000_000
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
    ties = ties[~copresence_rows(ties)[1]]
    n = len(index)
    a = ties["source"].map(index).to_numpy(dtype=np.int64)
    b = ties["target"].map(index).to_numpy(dtype=np.int64)
    m = sp.csr_matrix((np.ones(len(a)), (a, b)), shape=(n, n))
    m = ((m + m.T) > 0).astype(np.float64).tocsr()
    m.setdiag(0)
    m.eliminate_zeros()
    return m


def _pair_spaces(b: sp.csr_matrix, rows: np.ndarray, cols: np.ndarray, weights: np.ndarray | None = None
                 ) -> np.ndarray:
    """For pairs (rows[i], cols[i]) of actors: how many of the pairs meet at each space (or the
    sum of their ``weights``)."""
    if len(rows) == 0:
        return np.zeros(b.shape[1])
    both = b[rows].multiply(b[cols])
    if weights is not None:
        both = sp.diags(weights) @ both
    return np.asarray(both.sum(axis=0)).ravel()


def _shared(b: sp.csr_matrix, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """For pairs (rows[i], cols[i]): how many columns of ``b`` the two share."""
    if len(rows) == 0:
        return np.zeros(0)
    return np.asarray(b[rows].multiply(b[cols]).sum(axis=1)).ravel()


def _untied(tied: sp.csr_matrix, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
    if len(rows) == 0:
        return np.zeros(0, dtype=bool)
    return np.asarray(tied[rows, cols]).ravel() == 0


def _columns(b: sp.csr_matrix, keep: np.ndarray) -> sp.csr_matrix:
    out = (b @ sp.diags(keep.astype(np.float64))).tocsr()
    out.eliminate_zeros()
    return out


def _rows(b: sp.csr_matrix, keep: np.ndarray) -> sp.csr_matrix:
    out = (sp.diags(keep.astype(np.float64)) @ b).tocsr()
    out.eliminate_zeros()
    return out


@dataclass(frozen=True)
class _PairCounts:
    elsewhere: np.ndarray  # per space: cross-group pairs with no direct tie that also meet at another space
    distinct_cross: float  # distinct cross-group pairs meeting at any space
    sampled: dict  # large spaces whose pairs were sampled: index -> estimated unique bridging pairs


def _pair_counts(b: sp.csr_matrix, codes: np.ndarray, tied: sp.csr_matrix, cross: np.ndarray,
                 large_limit: int | None = None, seed: int = 0) -> _PairCounts:
    """The counts that need to know which pairs meet at two spaces or more, listing only pairs
    of users of small spaces.

    A pair meeting at two spaces or more shares a small space (at most ``large_limit`` users),
    and is then listed with the small spaces' pairs, or shares two large ones. So:

    * the pairs of the small spaces are listed block by block (:func:`twomode.upper_pairs`),
      each with how many small and large spaces it shares;
    * the pairs sharing two large spaces and no small one are listed among the users of two
      large spaces or more, when they are few (at most ``large_limit`` / 2 per affiliation);
    * a large space's other pairs meet nowhere else, and are counted by formula.

    Only when the pairs sharing two large spaces are too many to list does a large space that
    shares two users or more with another one have its unique bridging pairs (``sampled``) and
    its share of the distinct pairs estimated, from :data:`PAIR_SAMPLES` of its pairs drawn at
    random (``seed``); its ``elsewhere`` is then left incomplete. So at most about
    ``large_limit`` pairs per affiliation are ever listed, a block at a time.
    """
    large_limit = LARGE_SPACE if large_limit is None else large_limit
    m = b.shape[1]
    users = np.asarray(b.getnnz(axis=0))
    large = users > large_limit
    small_b, large_b = _columns(b, ~large), _columns(b, large)
    in_large = large_b.getnnz(axis=1)
    elsewhere, distinct = np.zeros(m), 0.0
    cross_listed = np.zeros(m)  # per large space: its users' cross-group pairs that also share a small space
    for rows, cols, times in twomode.upper_pairs(small_b):
        also = np.zeros(len(rows))
        if large.any():
            maybe = (in_large[rows] > 0) & (in_large[cols] > 0)
            also[maybe] = _shared(large_b, rows[maybe], cols[maybe])
        across = codes[rows] != codes[cols]
        distinct += float(across.sum())
        again = across & (times + also >= 2)
        r, c = rows[again], cols[again]
        untied = _untied(tied, r, c)
        elsewhere += _pair_spaces(b, r[untied], c[untied])
        if large.any():
            both = across & (also > 0)
            cross_listed += _pair_spaces(large_b, rows[both], cols[both])
    sampled = {}
    if large.any():
        correction = np.zeros(m)  # Σ (1/times − 1) over the cross pairs met only at large spaces, times ≥ 2
        multi = _rows(large_b, in_large >= 2)
        among = int((np.asarray(multi.getnnz(axis=0), dtype=np.int64) ** 2).sum() // 2)
        if among <= max(twomode.BLOCK_PAIRS, large_limit * b.nnz // 2):
            for rows, cols, times in twomode.upper_pairs(multi):
                pick = times >= 2
                rows, cols, times = rows[pick], cols[pick], times[pick]
                pick = (codes[rows] != codes[cols]) & (_shared(small_b, rows, cols) == 0)
                rows, cols, times = rows[pick], cols[pick], times[pick]
                untied = _untied(tied, rows, cols)
                elsewhere += _pair_spaces(large_b, rows[untied], cols[untied])
                correction += _pair_spaces(large_b, rows, cols, 1.0 / times - 1.0)
        else:
            overlap = (multi.T @ multi).tocsr()
            overlap.setdiag(0)
            rng = np.random.default_rng(seed)
            for j in np.flatnonzero(np.asarray((overlap >= 2).sum(axis=1)).ravel() > 0):
                members = b[:, j].nonzero()[0]
                u = rng.integers(0, len(members), PAIR_SAMPLES)
                v = rng.integers(0, len(members) - 1, PAIR_SAMPLES)
                v += v >= u  # a uniform pair of two different users
                u, v = members[u], members[v]
                times = _shared(large_b, u, v)  # 1 or more: both use j
                alone = (codes[u] != codes[v]) & (_shared(small_b, u, v) == 0)  # no small space in common
                pairs = users[j] * (users[j] - 1) / 2
                # the rare event (meeting only here) is estimated, not its complement: a small
                # count minus a large estimate would carry the large one's error
                sampled[int(j)] = pairs * np.mean(alone & (times == 1) & _untied(tied, u, v))
                correction[j] += pairs * np.mean(np.where(alone, 1.0 / times - 1.0, 0.0))
        distinct += float((cross[large] - cross_listed[large] + correction[large]).sum())
    return _PairCounts(elsewhere, distinct, sampled)


def space_paths(network, actor_ids: list, seed: int = 0) -> twomode.PathCentrality:
    """Two-mode closeness and betweenness of the people × spaces network: they need no groups,
    so the analysis can start them first, on the second core (:func:`analyse_spaces` ``paths``)."""
    tm = twomode.two_mode_index(actor_ids, list(network.spaces["id"]), network.affiliations)
    return twomode.path_centrality(tm, seed=seed)


def analyse_spaces(network, actor_ids: list, codes: np.ndarray, group_names: list[str], group_column: str,
                   seed: int = 0, paths: twomode.PathCentrality | None = None) -> SpacesAnalysis:
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

    ``paths``: :func:`space_paths` of the same network, when already computed.
    """
    spaces = network.spaces
    tm = twomode.two_mode_index(actor_ids, list(spaces["id"]), network.affiliations)
    b = tm.incidence
    index = {a: i for i, a in enumerate(actor_ids)}
    k = len(group_names)
    notes = []

    deg_a, deg_s = twomode.degree(tm)
    paths = paths if paths is not None else twomode.path_centrality(tm, seed=seed)
    clo_a, clo_s, bet_a, bet_s = (paths.closeness_actors, paths.closeness_spaces, paths.betweenness_actors,
                                  paths.betweenness_spaces)
    if not paths.exact:
        notes.append(_path_note(paths, seed))

    users = np.asarray(b.sum(axis=0)).ravel().astype(np.int64)
    onehot = sp.csr_matrix((np.ones(len(codes)), (np.arange(len(codes)), codes)), shape=(len(codes), max(k, 1)))
    counts = (b.T @ onehot).tocsr()  # spaces × groups: users of each group (sparse: k may be thousands)
    counts.sort_indices()
    reached = counts.getnnz(axis=1)
    rows_of = np.repeat(np.arange(len(users)), reached)
    share = counts.data / users[rows_of]
    entropy = -np.bincount(rows_of, weights=share * np.log(share), minlength=len(users))
    evenness = np.maximum(entropy, 0.0) / np.log(k) if k > 1 else np.zeros(len(users))
    same = np.bincount(rows_of, weights=counts.data * (counts.data - 1) / 2, minlength=len(users))
    cross = users * (users - 1) / 2 - same

    tied = _direct_ties(network, index)
    tie_pairs = sp.triu(tied, k=1).tocoo()
    cross_tie = codes[tie_pairs.row] != codes[tie_pairs.col]
    tied_cross = _pair_spaces(b, tie_pairs.row[cross_tie], tie_pairs.col[cross_tie])
    bridging = cross - tied_cross

    found = _pair_counts(b, codes, tied, cross, seed=seed)
    unique = bridging - found.elsewhere
    for j, estimate in found.sampled.items():
        unique[j] = min(estimate, bridging[j])
    cross_share = cross / found.distinct_cross if found.distinct_cross > 0 else np.zeros(len(users))
    notes += _large_space_notes(spaces, users, found)

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
    top_group = np.asarray(counts.argmax(axis=1)).ravel()
    dominant = [group_names[int(g)] if u else None for g, u in zip(top_group, users)] if k else [None] * len(users)
    unmet = _no_meeting_ties(network, users)
    notes += _unmet_note(spaces, users, unmet)
    too_large = "it is too large to count as its users meeting one another (no 'meets at' ties)"
    said = [because([_why(row, dominant[i], k, group_column, capacity[i], offers[i], under[i]),
                     *([f"with {row.users:,} users {too_large}"] if unmet[i] else [])])
            for i, row in enumerate(table.itertuples(index=False))]
    table["why"] = [technical for _, technical in said]
    table[PLAIN_WHY] = [words for words, _ in said]
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


def _no_meeting_ties(network, users: np.ndarray) -> np.ndarray:
    """Spaces of two users or more that made no "meets at" tie in a network built with them:
    the spaces above the co-presence cap (:func:`netmap.validate.affiliations.copresence_ties`
    names the spaces each tie comes from, in a ``spaces`` column only it writes; with no tie at
    all, every space of two users or more was above the cap)."""
    ties = network.ties
    if "type" not in ties.columns or "spaces" not in ties.columns:
        return np.zeros(len(users), dtype=bool)
    meets = copresence_rows(ties)[0]
    if not meets.any() and len(ties):  # no "meets at" ties at all is also every space above the cap
        return np.zeros(len(users), dtype=bool)
    # each distinct text split once: splitting every cell of a register's 3 million "meets at"
    # ties took 14 s (issue 26)
    named = {x.strip() for cell in pd.unique(ties["spaces"].to_numpy()[meets]) if isinstance(cell, str)
             for x in cell.split(";")}
    names = network.spaces["name"].astype(str).str.strip()
    return (users >= 2) & ~names.isin(named).to_numpy()


#: A standard error from this share of the value up makes two-mode betweenness "a rough guide only".
ROUGH_ERROR = 0.25


def _path_note(paths: twomode.PathCentrality, seed: int) -> str:
    """What the estimated two-mode closeness and betweenness rest on, and betweenness's error."""
    note = (f"two-mode closeness and betweenness estimated from {paths.sources:,} source nodes "
            f"({paths.drawn:,} drawn at random, seed {seed}, plus every node of the small components) "
            f"because the two-mode network has more than {twomode.EXACT_LIMIT:,} actors and spaces")
    if paths.between_drawn < paths.drawn:
        note += (f"; betweenness from {paths.between_drawn:,} of the {paths.drawn:,} drawn at random, as each "
                 "is searched on its own")
    if paths.between_error is not None:
        note += (f"; the standard error of the 10 highest actors' betweenness, measured across "
                 f"{twomode.BETWEENNESS_GROUPS} separate sets of its sources, is at most "
                 f"{paths.between_error:.0%} of the value")
        # an error as large as the value itself: the order of the top is not known either
        note += (": read the top of the ranking, not small differences" if paths.between_error < ROUGH_ERROR
                 else ", so the two-mode betweenness of the highest actors is a rough guide only: another draw "
                      "of sources could reorder them")
    return note


def _unmet_note(spaces: pd.DataFrame, users: np.ndarray, unmet: np.ndarray) -> list[str]:
    if not unmet.any():
        return []
    order = np.flatnonzero(unmet)[np.argsort(-users[unmet], kind="stable")]
    shown = [f"{spaces['name'].iloc[j]} ({users[j]:,} users)" for j in order]
    return [(f"'meets at' ties leave out {plural(len(order), 'space')} with more users than the cap: "
             f"{listing(shown, 5)}; their users meet there but are not counted as knowing one another (the "
             "shared-space scores still count their pairs)")]


def _large_space_notes(spaces: pd.DataFrame, users: np.ndarray, found: _PairCounts) -> list[str]:
    if not found.sampled:
        return []
    shown = [f"{spaces['name'].iloc[j]} ({users[j]:,} users)" for j in found.sampled]
    return [(f"unique_bridging_pairs and cross_group_share estimated for {plural(len(shown), 'space')} of more "
             f"than {LARGE_SPACE:,} users that share many users with another such space: {listing(shown, 5)}; from "
             f"{PAIR_SAMPLES:,} randomly drawn pairs of users each (the pairs meeting at two large spaces are too "
             "many to list)")]


def _component_count(tm: twomode.TwoMode) -> int:
    import scipy.sparse.csgraph as csgraph

    return csgraph.connected_components(tm.adjacency(), directed=False)[0] if tm.n else 0


def _why(row, dominant, k: int, group_column: str, capacity: float, offers: list[str], under: float) -> Reason:
    """Why the space scores as it does: in plain words, and with the evenness of its users' groups."""
    group_word = group_noun(group_column)  # "Sectors" reads "4 of 5 sectors", "one sector"
    evenness = ""  # after who uses it, for the analyst only
    if row.users == 0:
        head, rest = "nobody recorded uses it", ""
    elif row.groups_reached <= 1:
        head = (f"used by {plural(row.users, 'actor')}, all from one {group_word}"
                f" ({dominant}): it brings no groups together however busy it is")
        rest = ""
    else:
        head = (f"used by {plural(row.users, 'actor')} from {row.groups_reached} of "
                f"{plural(k, group_word, group_plural(group_word))}")
        evenness = f" (evenness {row.evenness:.2f})"
        rest = (f"; {plural(int(row.bridging_pairs), 'pair')} from different groups meet here "
                f"without a direct tie, {int(row.unique_bridging_pairs):,} of them nowhere else; "
                f"{row.cross_group_share:.0%} of the locality's cross-group meeting at shared spaces")
    if under >= UNDER_USED_THRESHOLD:
        has = []
        if capacity == capacity and capacity > 0:
            has.append(f"room for {capacity:g}")
        if offers:
            has.append(listing(offers, 3))
        rest += f". Under-used: it has {' and '.join(has)} but " + (
            "nobody uses it" if row.users == 0 else
            f"only {plural(row.users, 'user')}" + (", all from one group" if row.groups_reached <= 1 else ""))
    return Reason(head + rest, head + evenness + rest)


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
    keep = np.ones(tm.n_spaces, dtype=bool)
    keep[j] = False
    others = _columns(b, keep)  # the incidence with this space closed
    other_spaces = others.getnnz(axis=1)
    degree = tied.getnnz(axis=1)
    cut = [tm.actors[i] for i in members if other_spaces[i] == 0 and degree[i] == 0]
    k = max(len(result.group_names), 1)
    onehot = sp.csr_matrix((np.ones(len(codes)), (np.arange(len(codes)), codes)), shape=(len(codes), k))
    counts_elsewhere = (others.T @ onehot).tocsr()  # spaces × groups, this space emptied (sparse)
    users_elsewhere = np.asarray(counts_elsewhere.sum(axis=1)).ravel()
    here = np.bincount(codes[members], minlength=k)
    # a member's other spaces with a user from another group
    use = others[members].tocoo()
    own = codes[members[use.row]]
    mixed = users_elsewhere[use.col] - np.asarray(counts_elsewhere[use.col, own]).ravel() > 0 if use.nnz else \
        np.zeros(0, dtype=bool)
    cross_elsewhere = np.bincount(use.row[mixed], minlength=len(members)) > 0
    ties = tied.tocoo()
    cross_ties = np.bincount(ties.row[codes[ties.row] != codes[ties.col]], minlength=tm.n_actors)
    lose = [tm.actors[i] for x, i in enumerate(members)
            if here.sum() - here[codes[i]] > 0 and not cross_elsewhere[x] and cross_ties[i] == 0]
    pairs = _lost_examples(result, members, examples) if row["unique_bridging_pairs"] > 0 else []
    frame = pd.DataFrame(pairs, columns=["a", "b", "group_a", "group_b"])
    return SpaceClosure(space_id, str(row["name"]), int(row["unique_bridging_pairs"]), cut, lose, frame)


def _lost_examples(result: SpacesAnalysis, members: np.ndarray, limit: int) -> list[tuple]:
    """Up to ``limit`` cross-group pairs of the space's users with no direct tie who meet nowhere
    else, in the order of the users; at most :data:`EXAMPLE_SCAN` pairs are looked at."""
    tm, b, codes, tied = result.two_mode, result.two_mode.incidence, result.codes, result.tied
    found: list[tuple] = []
    member_b = b[members]
    step = max(1, EXAMPLE_SCAN // max(len(members), 1) // 8)
    for start in range(0, len(members), step):
        if start * len(members) > EXAMPLE_SCAN:
            break
        block = (member_b[start:start + step] @ member_b.T).toarray()  # spaces shared, block × members
        for x in range(block.shape[0]):
            a = start + x
            later = np.arange(a + 1, len(members))
            ok = (block[x, a + 1:] == 1) & (codes[members[later]] != codes[members[a]])
            for y in later[ok]:
                if not tied[members[a], members[y]]:
                    found.append((tm.actors[members[a]], tm.actors[members[y]], result.group_names[codes[members[a]]],
                                  result.group_names[codes[members[y]]]))
                    if len(found) >= limit:
                        return found
    return found

