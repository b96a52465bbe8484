"""Reconcile typed names: decide which raw names are the same actor, and write every decision down.

Respondents type names as they please ("amina patel", "Dr A. Patel", "Patel, Amina", "Bob
Hughes" for Robert Hughes). :func:`reconcile` turns each distinct raw name into an actor id
and records *why*, in three bands:

* **automatic** — the names are the same after normalising (case, accents, spacing,
  punctuation, titles, "Surname, First", organisation suffixes), or differ only by a nickname
  (Bob/Robert), an unambiguous initial, word order, or a typo in a word that is not itself a
  known first name; and the best candidate is clearly ahead of the second;
* **a person reviews** — similar enough to be worth a look (score ≥ ``review``), but not safe:
  near-namesakes such as John/Joan Smith (two different known first names), a first name
  alone ("Lorraine at the Co-op"), an initial that fits several people, two candidates close
  together, a roster with two people of the same name;
* **kept apart** — everything else.

Scores come from `rapidfuzz <https://github.com/rapidfuzz/RapidFuzz>`_ (MIT licence, C++
core): ``process.cdist`` scores all pairs inside a block (persons, organisations) at C speed,
so 5,000 raw names against a 2,000-name roster take well under a second; only the candidate
pairs above a cut-off are looked at in Python.

The result is a table of decisions (:data:`ALIAS_COLUMNS`): ``roster`` (same as a roster name
after normalising, or its id), ``auto``, ``review`` (kept apart until a person decides), ``new``
(no roster match: a new actor), ``person`` (a person decided; replayed from an aliases file).
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from netmap.errors import InputError
from netmap.formats.cells import uninert
from netmap.intake.names import (
    _DISTINCT,
    _TOO_LONG,
    ParsedName,
    _fold,
    _full_forms,
    _likely_forms,
    _parse,
    compare,
    first_names_compatible,
    normalise,
    parse_name,
)

__all__ = [
    "ALIAS_COLUMNS", "REVIEW_COLUMNS", "DECISIONS", "Thresholds", "ParsedName", "parse_name", "normalise",
    "compare", "Reconciliation", "reconcile", "read_aliases", "first_names_compatible",
]

ALIAS_COLUMNS = ["raw_name", "actor_id", "actor_name", "score", "decision"]
REVIEW_COLUMNS = ["raw_name", "candidate_id", "candidate_name", "score"]
DECISIONS = ("roster", "auto", "review", "new", "person")


@dataclass(frozen=True)
class Thresholds:
    """The three bands. ``auto``: at or above, an automatic match (when no rule forbids it);
    ``review``: at or above, offered for review; below: kept apart. ``margin``: the best
    candidate must lead the second by this much to be automatic."""

    auto: float = 92.0
    review: float = 72.0
    margin: float = 4.0


@dataclass
class Reconciliation:
    """Every decision about names, and the actors they lead to.

    Attributes
    ----------
    aliases : DataFrame
        :data:`ALIAS_COLUMNS`, one row per distinct raw name.
    review : DataFrame
        :data:`REVIEW_COLUMNS`: candidates for each raw name a person should look at, best
        first.
    actors : DataFrame
        ``id``, ``name`` and the roster's other columns, plus the new actors.
    mapping : dict
        raw name → actor id.
    roster_duplicates : list of (name, [ids])
        Roster people sharing one normalised name: kept apart and flagged.
    """

    aliases: pd.DataFrame
    review: pd.DataFrame
    actors: pd.DataFrame
    mapping: dict[str, str]
    roster_duplicates: list[tuple[str, list[str]]] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {d: int((self.aliases["decision"] == d).sum()) for d in DECISIONS}


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", _fold(text)).strip("-") or "actor"


#: A block of more (query × pool) pairs than this is scored in sorted windows instead of all
#: pairs: a common first name or surname in a survey of 200,000 names would otherwise make
#: matching grow with the square of the names.
_BLOCK_PAIRS = 128 * 128
#: Blocks of at most this many pairs are scored together in one call (few calls, not many).
_SMALL_PAIRS = 16
#: In an oversize block, each name meets the names within this many places of it in two sort
#: orders (its words sorted, and its text read backwards, so that a typo at either end of a
#: word still sorts close).
_WINDOW = 24
#: The candidates per query, ranked by rapidfuzz's score, that are scored by :func:`compare`
#: (every automatic decision needs the best two; a review shows five).
_TOP = 32
#: Most candidates taken from the lists of one first name (a first name alone) or of one surname
#: and initial (an initial): they all score alike, and ties go to the lowest id.
_SHOWN = 25


def _block_keys(p: ParsedName) -> list[tuple[str, str]]:
    """Blocking keys of a name, as (key, word): for each word (and each full form of a
    person's first name), a word of up to six letters itself and with one letter left out
    (one typo anywhere still meets), a longer word its first three and its last three
    letters. Two spellings of one name share a key unless every word differs in more than
    one letter. ``word`` is the word the key came from (``"*"`` for the three letters)."""
    words = p.canon.split()
    if p.kind == "person" and p.first and p.first not in _DISTINCT:  # a nickname: its likeliest full forms too
        words += [f for f in _likely_forms(p.first) if f != words[0]]
    keys: dict[str, str] = {}
    for w in words:
        if len(w) > 6:
            keys["<" + w[:3]] = "*"
            keys[">" + w[-3:]] = "*"
        elif len(w) >= 2:
            keys["=" + w] = w
            if len(w) > 3:
                for k in range(len(w)):
                    keys.setdefault("=" + w[:k] + w[k + 1:], w)
    return list(keys.items())


class _Blocks:
    """Names by blocking key (:func:`_block_keys`), and inside a key by the word it came
    from: names holding the same word meet in that word's own key (or, for long words,
    the three-letter keys), and in the other keys only names whose words differ."""

    def __init__(self, parsed: list[ParsedName]):
        self.keys: dict[str, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
        self.canon = [p.canon for p in parsed]
        self.ordered = [" ".join(sorted(p.canon.split())) for p in parsed]
        for i, p in enumerate(parsed):
            if p is not _TOO_LONG:
                for key, word in _block_keys(p):
                    self.keys[key][word].append(i)

    @staticmethod
    def own(key: str, groups: dict[str, list[int]]) -> list[int]:
        """The names holding the key's own word (all of them for a three-letter key)."""
        return groups.get("*", []) if key[0] in "<>" else groups.get(key[1:], [])


def _pairs_in(key: str, qgroups: dict[str, list[int]], mgroups: dict[str, list[int]], same: bool):
    """(query rows, pool rows) to score in one key: the key's own word with itself, and
    every two different words (once each when ``same``)."""
    own = "*" if key[0] in "<>" else key[1:]
    qitems = list(qgroups.items())
    for a, (qword, qrows) in enumerate(qitems):
        if same:
            if qword == own:
                yield qrows, qrows
            for mword, mrows in qitems[a + 1:]:
                yield qrows, mrows
        else:
            for mword, mrows in mgroups.items():
                if mword != qword or qword == own:
                    yield qrows, mrows


class _Pool:
    """Names to match against (the roster, or the clusters found so far), scored in blocks."""

    def __init__(self, ids: list[str], names: list[str]):
        self.ids, self.names = ids, names
        self.parsed = [_parse(n) for n in names]
        self.by_key: dict[str, list[int]] = defaultdict(list)
        self.by_last: dict[str, list[int]] = defaultdict(list)
        self.by_first: dict[str, list[int]] = defaultdict(list)
        self.by_initial: dict[tuple[str, str], list[int]] = defaultdict(list)
        for i, p in enumerate(self.parsed):
            if p is _TOO_LONG:
                continue
            self.by_key[p.key].append(i)
            if p.kind == "person":
                if p.last:
                    self.by_last[p.last].append(i)
                    self.by_initial[(p.last, p.first[:1])].append(i)
                for form in _full_forms(p.first):
                    self.by_first[form].append(i)
        by_id = lambda rows: sorted(rows, key=lambda r: ids[r])
        self.by_first = {k: by_id(v) for k, v in self.by_first.items()}
        self.by_initial = {k: by_id(v) for k, v in self.by_initial.items()}
        self.by_last = {k: by_id(v) for k, v in self.by_last.items()}
        self.blocks = _Blocks(self.parsed)

    def candidates(self, queries: list[ParsedName], cutoff: float, same: bool = False) -> list[list[int]]:
        """For each query, pool rows worth comparing: inside each block of names sharing a
        key (:func:`_block_keys`), rapidfuzz's ratio of the nickname-expanded forms and of
        their words in sorted order, at or above ``cutoff``, the best :data:`_TOP` of them;
        plus the same normalised name, the people a first name alone or an initial fits,
        and (while the list is short) everyone with the same surname.

        ``same``: the queries are the pool itself (clustering); a row is never its own
        candidate. The work grows with the number of names times the block size, which is
        bounded (:data:`_BLOCK_PAIRS`, :data:`_WINDOW`), not with the square of the names."""
        found: list[set[int]] = [set() for _ in queries]
        if queries and self.parsed:
            for q, rows in enumerate(self._scored(queries, cutoff, same)):
                found[q].update(rows)
        for i, q in enumerate(queries):
            if q is _TOO_LONG:
                continue
            found[i].update(self.by_key.get(q.key, ()))
            if q.kind == "person":
                if q.initial:
                    found[i].update(self.by_initial.get((q.last, q.first), ())[:_SHOWN])
                elif q.last:
                    same_surname = self.by_last.get(q.last, ())
                    if len(same_surname) <= _SHOWN * 10:
                        found[i].update(same_surname)
                    else:  # a common surname: the initials that may stand for this person
                        found[i].update(r for r in self.by_initial.get((q.last, q.first[:1]), ())
                                        if self.parsed[r].initial)
                if q.given_only:
                    for form in _full_forms(q.first):
                        found[i].update(self.by_first.get(form, ())[:_SHOWN])
                    found[i].update(self.by_last.get(q.first, ())[:_SHOWN])  # a surname alone
            if same:
                found[i].discard(i)
        return [sorted(s) for s in found]

    def _scored(self, queries: list[ParsedName], cutoff: float, same: bool) -> list[list[int]]:
        """The rapidfuzz part of :meth:`candidates`: block by block, the best :data:`_TOP` per query."""
        pool = self.blocks
        mine = pool if same else _Blocks(queries)
        best = _Best(len(queries), same)
        small_q: list[int] = []
        small_m: list[int] = []

        def dense(qrows, mrows):
            if len(qrows) * len(mrows) <= _SMALL_PAIRS:
                for q in qrows:
                    small_q.extend([q] * len(mrows))
                    small_m.extend(mrows)
                return
            for q_texts, m_texts in ((mine.canon, pool.canon), (mine.ordered, pool.ordered)):
                matrix = process.cdist([q_texts[i] for i in qrows], [m_texts[m] for m in mrows], scorer=fuzz.ratio,
                                       score_cutoff=cutoff, dtype=np.uint8, workers=1)
                qi, mi = np.nonzero(matrix)
                if len(qi):
                    best.add(np.asarray(qrows, dtype=np.int32)[qi], np.asarray(mrows, dtype=np.int32)[mi],
                             matrix[qi, mi])

        for key, qgroups in mine.keys.items():
            mgroups = qgroups if same else pool.keys.get(key)
            if not mgroups:
                continue
            blocks = list(_pairs_in(key, qgroups, mgroups, same))
            if sum(len(a) * len(b) for a, b in blocks) <= _BLOCK_PAIRS:
                for qrows, mrows in blocks:
                    dense(qrows, mrows)
                continue
            # a common word: only the names holding it, in sorted windows if still too many
            qrows, mrows = _Blocks.own(key, qgroups), _Blocks.own(key, mgroups)
            if not qrows or not mrows:
                continue
            if len(qrows) * len(mrows) <= _BLOCK_PAIRS:
                dense(qrows, mrows)
                continue
            members = [(i, True) for i in qrows] + ([] if same else [(m, False) for m in mrows])
            for order in (lambda x: (mine if x[1] else pool).ordered[x[0]],
                          lambda x: (mine if x[1] else pool).canon[x[0]][::-1]):
                members.sort(key=order)
                for start in range(0, len(members), _WINDOW):
                    window = members[max(0, start - _WINDOW):start + _WINDOW]
                    wq = [i for i, is_q in window if is_q]
                    wm = wq if same else [m for m, is_q in window if not is_q]
                    if wq and wm:
                        dense(wq, wm)
            if len(small_q) > _CHUNK:
                best.add_texts(small_q, small_m, mine, pool, cutoff)
                small_q, small_m = [], []
        best.add_texts(small_q, small_m, mine, pool, cutoff)
        return best.rows()


def _pairwise(queries: list[str], choices: list[str], cutoff: float) -> np.ndarray:
    """rapidfuzz's ratio of each query with the choice beside it (0 below ``cutoff``)."""
    if hasattr(process, "cpdist"):  # rapidfuzz 3.6 and later
        return process.cpdist(queries, choices, scorer=fuzz.ratio, score_cutoff=cutoff, dtype=np.uint8, workers=1)
    return np.array([fuzz.ratio(q, c, score_cutoff=cutoff) for q, c in zip(queries, choices)], dtype=np.uint8)


#: Pairs held before they are cut down to the best of each query (bounds the memory).
_CHUNK = 2_000_000


class _Best:
    """The best :data:`_TOP` pool rows of each query, from pairs scored in chunks: memory stays
    near :data:`_CHUNK` pairs however many are scored."""

    def __init__(self, queries: int, same: bool):
        self.queries, self.same = queries, same
        self.parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        self.held = 0

    def add(self, q: np.ndarray, m: np.ndarray, s: np.ndarray) -> None:
        if self.same:  # a pair scored one way round counts both ways; a name is not its own candidate
            keep = q != m
            q, m, s = np.concatenate([q[keep], m[keep]]), np.concatenate([m[keep], q[keep]]), np.tile(s[keep], 2)
        self.parts.append((q, m, s))
        self.held += len(q)
        if self.held > _CHUNK:
            self._reduce()

    def add_texts(self, small_q: list[int], small_m: list[int], mine: _Blocks, pool: _Blocks, cutoff: float) -> None:
        """Score pairs gathered from many small blocks in one call per scorer."""
        if not small_q:
            return
        q, m = np.asarray(small_q, dtype=np.int32), np.asarray(small_m, dtype=np.int32)
        for q_texts, m_texts in ((mine.canon, pool.canon), (mine.ordered, pool.ordered)):
            got = _pairwise([q_texts[i] for i in small_q], [m_texts[j] for j in small_m], cutoff)
            keep = np.nonzero(got)[0]
            self.add(q[keep], m[keep], got[keep])

    def _reduce(self) -> None:
        """Keep the best score of each pair, then the best _TOP pairs of each query (ties: lowest row)."""
        q = np.concatenate([p[0] for p in self.parts])
        m = np.concatenate([p[1] for p in self.parts])
        s = np.concatenate([p[2] for p in self.parts])
        order = np.lexsort((m, -s.astype(np.int16), q))
        q, m, s = q[order], m[order], s[order]
        pair = q.astype(np.int64) * (self.queries + 2**31) + m
        first = np.ones(len(q), dtype=bool)
        if len(q):  # rows of one pair are next to each other only within a query's equal scores: find repeats
            _, index = np.unique(pair, return_index=True)
            first[:] = False
            first[index] = True
        q, m, s = q[first], m[first], s[first]
        rank = np.arange(len(q)) - np.searchsorted(q, q, side="left")
        keep = rank < _TOP
        self.parts = [(q[keep], m[keep], s[keep])]
        self.held = int(keep.sum())

    def rows(self) -> list[list[int]]:
        out: list[list[int]] = [[] for _ in range(self.queries)]
        if self.parts:
            self._reduce()
            q, m, _ = self.parts[0]
            for qi, mi in zip(q.tolist(), m.tolist()):
                out[qi].append(mi)
        return out


def _rank(query: ParsedName, pool: _Pool, rows: list[int]) -> list[tuple[float, bool, int, str]]:
    scored = []
    for r in rows:
        c = compare(query, pool.parsed[r])
        scored.append((c.score, c.auto_ok, r, c.reason))
    scored.sort(key=lambda t: (-t[0], pool.ids[t[2]]))
    if query.initial:
        # an initial is compatible only when one person fits it
        fitting = [t for t in scored if t[3] == "initial" and t[0] >= 93]
        if len(fitting) > 1:
            scored = [(s, False, r, "initial fits several people") if reason == "initial" else (s, ok, r, reason)
                      for s, ok, r, reason in scored]
    return scored


def reconcile(raw_names: list[str], roster: pd.DataFrame | None = None, aliases: pd.DataFrame | None = None,
              thresholds: Thresholds | None = None, counts: dict[str, int] | None = None) -> Reconciliation:
    """Decide an actor for every raw name.

    Parameters
    ----------
    raw_names
        The names as typed (repeats allowed; each distinct text is decided once).
    roster
        Known actors: ``id``, ``name`` and any attributes. Raw names are matched to it first;
        a raw name equal to a roster id is that actor.
    aliases
        A person's earlier decisions (:func:`read_aliases`): rows with decision ``person``
        are applied as they are, before any matching.
    thresholds
        The bands (:class:`Thresholds`).
    counts
        How often each raw name was typed, to pick the most common spelling as a new
        actor's name.

    Returns
    -------
    Reconciliation
    """
    t = thresholds or Thresholds()
    counts = counts or Counter(raw_names)
    distinct = sorted({r.strip() for r in raw_names if r and r.strip()})
    roster = roster if roster is not None else pd.DataFrame({"id": [], "name": []}, dtype=object)
    roster_ids = [str(i) for i in roster["id"]]
    roster_names = [str(n) if isinstance(n, str) and n.strip() else str(i) for i, n in zip(roster["id"], roster["name"])]
    rows: dict[str, tuple[str, str, float, str]] = {}
    review_rows: list[tuple[str, str, str, float]] = []
    new_actors: dict[str, str] = {}  # id -> name

    # 1. a person's decisions, replayed
    person = {}
    if aliases is not None and len(aliases):
        for rec in aliases.itertuples(index=False):
            if str(rec.decision).strip().lower() == "person":
                person[str(rec.raw_name).strip()] = (str(rec.actor_id or "").strip(), str(rec.actor_name or "").strip())
    known_ids = set(roster_ids)
    for raw in distinct:
        if raw in person:
            actor_id, actor_name = person[raw]
            if not actor_id:
                actor_id = _unique_id("new-" + _slug(actor_name or raw), known_ids | set(new_actors))
            if actor_id not in known_ids:
                new_actors.setdefault(actor_id, actor_name or raw)
            name = actor_name or (roster_names[roster_ids.index(actor_id)] if actor_id in roster_ids
                                  else new_actors[actor_id])
            rows[raw] = (actor_id, name, 100.0, "person")

    # 2. the roster
    pool = _Pool(roster_ids, roster_names)
    duplicates = [(roster_names[ix[0]], [roster_ids[i] for i in ix]) for key, ix in pool.by_key.items()
                  if len(ix) > 1 and key]
    ambiguous_keys = {parse_name(name).key for name, _ in duplicates}
    id_index = {rid: i for i, rid in enumerate(roster_ids)}
    todo = [r for r in distinct if r not in rows]
    unmatched: list[str] = []
    if roster_ids:
        parsed = [_parse(r) for r in todo]
        cands = pool.candidates(parsed, cutoff=t.review - 10)
        for raw, q, rowset in zip(todo, parsed, cands):
            if raw in id_index:
                rows[raw] = (raw, roster_names[id_index[raw]], 100.0, "roster")
                continue
            ranked = [s for s in _rank(q, pool, rowset) if s[0] >= t.review]
            if not ranked:
                unmatched.append(raw)
                continue
            best, ok, r, reason = ranked[0]
            second = ranked[1][0] if len(ranked) > 1 else 0.0
            if q.key in ambiguous_keys:
                ok = False  # two roster people share this name: a person must choose
            if best == 100 and ok and second < 100 and reason == "same after normalising":
                rows[raw] = (roster_ids[r], roster_names[r], 100.0, "roster")
            elif best >= t.auto and ok and best - second >= t.margin:
                rows[raw] = (roster_ids[r], roster_names[r], best, "auto")
            else:
                unmatched.append(raw)
                shown = 25 if q.given_only else 5  # a first name alone: every person it fits, up to 25
                review_rows += [(raw, roster_ids[c], roster_names[c], s) for s, _, c, _ in ranked[:shown]]
    else:
        unmatched = todo

    # 3. the rest: cluster into new actors (greedy, best pairs first, never across a veto)
    in_review = {r[0] for r in review_rows}
    clusters = _cluster(unmatched, t, counts)
    taken = known_ids | set(new_actors)
    cluster_ids: dict[int, str] = {}
    for c, members in enumerate(clusters):
        name = max(members, key=lambda m: (counts.get(m, 0), m != m.lower() and m != m.upper(), len(m), m))
        cid = _unique_id("new-" + _slug(name), taken)
        taken.add(cid)
        cluster_ids[c] = cid
        new_actors[cid] = name
        head = _parse(name)
        for m in members:
            score = 100.0 if m == name else compare(_parse(m), head).score
            decision = "review" if m in in_review else ("new" if _parse(m).key == head.key else "auto")
            rows[m] = (cid, name, score, decision)
    # near clusters a person should look at (never merged automatically)
    reps = [new_actors[cluster_ids[c]] for c in range(len(clusters))]
    if len(reps) > 1:
        rpool = _Pool([cluster_ids[c] for c in range(len(clusters))], reps)
        flat = [(c, m) for c, members in enumerate(clusters) for m in members]
        found = rpool.candidates([_parse(m) for _, m in flat], t.review - 10)
        for (c, m), rowset in zip(flat, found):
            ranked = [s for s in _rank(_parse(m), rpool, rowset)
                      if s[0] >= t.review and rpool.ids[s[2]] != cluster_ids[c]]
            if ranked:
                actor_id, name, score, _ = rows[m]
                rows[m] = (actor_id, name, score, "review")
                review_rows += [(m, rpool.ids[r], rpool.names[r], s) for s, _, r, _ in ranked[:5]]

    aliases_out = pd.DataFrame([(raw, *rows[raw]) for raw in distinct], columns=ALIAS_COLUMNS)
    review = pd.DataFrame(review_rows, columns=REVIEW_COLUMNS).drop_duplicates(["raw_name", "candidate_id"])
    review = review.sort_values(["raw_name", "score", "candidate_id"], ascending=[True, False, True])
    actors = roster.copy()
    actors["id"] = roster_ids
    actors["name"] = roster_names
    if new_actors:
        extra = pd.DataFrame({"id": list(new_actors), "name": list(new_actors.values())}, dtype=object)
        actors = pd.concat([actors, extra], ignore_index=True)
    actors = actors.astype(object).where(actors.notna(), None)
    mapping = {raw: rows[raw][0] for raw in distinct}
    return Reconciliation(aliases_out, review.reset_index(drop=True), actors.reset_index(drop=True), mapping,
                          duplicates)


def _unique_id(base: str, taken: set[str]) -> str:
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def _cluster(names: list[str], t: Thresholds, counts) -> list[list[str]]:
    """Group raw names that are automatically the same actor (best pairs first; a merge is
    refused when any two members of the merged group could not be automatic)."""
    if not names:
        return []
    pool = _Pool(list(map(str, range(len(names)))), names)
    parsed = pool.parsed
    pairs = []
    seen = set()
    for i, rowset in enumerate(pool.candidates(parsed, cutoff=t.auto - 10, same=True)):
        for j in rowset:
            a, b = min(i, j), max(i, j)  # a candidate one way round (each name keeps its best few)
            if (a, b) in seen:
                continue
            seen.add((a, b))
            c = compare(parsed[a], parsed[b])
            if c.auto_ok and c.score >= t.auto:
                pairs.append((-c.score, a, b))
    pairs.sort()
    parent = list(range(len(names)))
    members = {i: [i] for i in range(len(names))}

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for _, i, j in pairs:
        a, b = find(i), find(j)
        if a == b:
            continue
        if len(members[a]) * len(members[b]) > 400 or not all(
                _may_join(parsed[x], parsed[y], t) for x in members[a] for y in members[b]):
            continue
        parent[b] = a
        members[a] += members.pop(b)
    groups = [sorted(names[i] for i in m) for m in members.values()]
    return sorted(groups, key=lambda g: g[0])


def _may_join(a: ParsedName, b: ParsedName, t: Thresholds) -> bool:
    c = compare(a, b)
    if c.auto_ok and c.score >= t.auto:
        return True
    # joined through a third spelling ("A. Patel" – "Amina Patel" – "Amina Patell") is fine
    # unless these two are near-namesakes or plainly different
    return c.reason not in ("different first names", "first name and surname both differ") and c.score >= t.review


def read_aliases(frame: pd.DataFrame, file: str = "aliases.csv") -> pd.DataFrame:
    """Check an aliases table (from :func:`reconcile`, perhaps edited by a person).

    Raises
    ------
    netmap.errors.InputError
        When a column of :data:`ALIAS_COLUMNS` is missing or a decision is unknown, naming
        the file, row and column.
    """
    columns = {c.strip().lower(): c for c in frame.columns}
    missing = [c for c in ("raw_name", "actor_id", "decision") if c not in columns]
    if missing:
        raise InputError(f"{file}: missing column(s) {', '.join(missing)}; found: {', '.join(map(str, frame.columns))}")
    frame = frame.rename(columns={v: k for k, v in columns.items()})
    for c in ALIAS_COLUMNS:
        if c not in frame.columns:
            frame[c] = ""
    frame = frame[ALIAS_COLUMNS].fillna("")
    # netmap wrote a name starting with = + - @ with a guard ' (formula safety): read it back as typed
    frame = frame.apply(lambda column: column.map(uninert))
    for i, value in enumerate(frame["decision"], start=2):
        if str(value).strip().lower() not in DECISIONS:
            raise InputError(f"{file}, row {i}, column 'decision': '{value}' is not one of {', '.join(DECISIONS)}")
    return frame
