"""Match actors' needs to other actors' offers by meaning-aware text similarity (TF-IDF)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd
import scipy.sparse as sp

# numpy equivalents of scikit-learn's TF-IDF (tested against it): scikit-learn took longer to
# import than the analysis of 2,000 actors (issue 15)
from netmap.insights.learn import ENGLISH_STOP_WORDS, normalize_rows, tfidf
from netmap.words import split_items

__all__ = ["CONCEPTS", "Match", "head_words", "match_needs_to_offers", "real_match"]

#: Words people use for the same kind of community resource. A need and an offer that
#: share a concept are similar even when they share no word ("meeting room" and "community
#: hall"); the concept is added as an extra token, so exact words still count most.
CONCEPTS: dict[str, set[str]] = {
    # not "garden": help *with* a garden is work, not a place to meet
    "venue": {"room", "hall", "space", "venue", "premise", "building", "centre", "center", "kitchen", "meeting"},
    # not "driver": a driver is a person, needed or offered as such ("drivers" is not met by
    # "delivery van" nor "car park")
    "transport": {"transport", "minibus", "bus", "van", "lift", "delivery", "car", "taxi", "fare", "vehicle"},
    "food": {"food", "produce", "vegetable", "fruit", "bread", "meal", "langar", "parcel", "breakfast", "lunch"},
    "storage": {"storage", "warehouse", "store", "stockroom"},
    "tools": {"tool", "workshop", "woodwork", "woodworking", "repair", "equipment", "diy", "timber", "paint"},
    # the form of learning; what is learnt is a concept of its own, so "computer skills" is not
    # met by "parenting courses" nor "woodworking skills" (the same form, another subject)
    "learning": {"training", "course", "learning", "skill", "apprenticeship", "apprentice", "class", "lesson",
                 "tutoring", "session", "workshop"},
    "digital": {"digital", "it", "computer", "online", "internet", "laptop", "tablet", "smartphone"},
    "language": {"english", "esol", "language", "conversation", "translation", "interpreting", "interpreter"},
    "literacy": {"reading", "writing", "literacy", "numeracy", "maths"},
    "volunteering": {"volunteer", "helper", "volunteering"},
    "money": {"grant", "funding", "fund", "sponsorship", "loan", "donation", "money"},
    # advice as a form of help; what it is about ("benefit forms") is a concept of its own, so
    # "help with benefit forms" is not met by "crime prevention advice"
    "advice": {"advice", "adviser", "signposting", "guidance"},
    "welfare": {"form", "benefit", "debt", "universal", "pension", "allowance", "claim"},
    "company": {"befriending", "companionship", "talk", "lonely", "isolated", "isolation", "friend"},
    "work": {"job", "work", "employment", "placement", "employer", "career"},
    "children": {"youth", "young", "child", "children", "childcare", "creche", "babysitting", "play", "family"},
    "health": {"health", "mental", "wellbeing", "prescription", "prescribing", "care"},
}
_WORD = re.compile(r"[a-z][a-z'\-]*")


def _stem(word: str) -> str:
    """Fold simple English plurals: rooms → room, vegetables → vegetable, activities → activity."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def words_of(text: str) -> list[str]:
    """Stemmed content words of an offer or need."""
    return [_stem(w) for w in _WORD.findall(text.lower()) if w not in ENGLISH_STOP_WORDS]


def concepts_of(text: str) -> list[str]:
    """The concepts (keys of :data:`CONCEPTS`) an offer or need is about."""
    return sorted(set().union(*(_concepts_of_word(w) for w in words_of(text))))


#: Words that end the head of an item ("licences *for* events and premises" is about licences,
#: "tool library *of* hand and power tools" about a tool library).
_HEAD_END = {"for", "of", "to", "with", "in", "on", "at", "from", "by", "about", "into", "around"}
#: Words that say nothing about *what* is needed or offered ("help with the garden").
_GENERIC = {"help", "support", "access", "use", "need", "someone", "somebody", "people", "local", "regular",
            "new", "extra", "free", "small", "big", "large"}
#: A need's head must be this much covered by the offer (by rarity-weighted words; a word met
#: only through a shared concept counts half) for a real match.
HEAD_COVERAGE = 0.5


def head_words(text: str) -> list[str]:
    """The stemmed content words of an item's head: up to the first preposition, generic words
    dropped; all its content words when the head has none."""
    head = []
    for token in _WORD.findall(text.lower()):
        if token in _HEAD_END and head:
            break
        head.append(token)
    words = [_stem(w) for w in head if w not in ENGLISH_STOP_WORDS and w not in _GENERIC]
    return words or [w for w in words_of(text) if w not in _GENERIC] or words_of(text)


@lru_cache(maxsize=50_000)  # asked again for every need and offer compared (a third of matching's time)
def _concepts_of_word(word: str) -> frozenset[str]:
    # a stem or the word it came from ("minibu" from "minibus")
    return frozenset(name for name, members in CONCEPTS.items() if word in members or word + "s" in members)


def real_match(need: str, offer: str, idf: dict[str, float] | None = None) -> bool:
    """Whether ``offer`` really meets ``need``, not only shares a word with it.

    * the need's head (what is needed: "repairs" in "repairs to community room") must be met
      by the offer: its head noun (the head's last word, "room" in "meeting room"), and at
      least :data:`HEAD_COVERAGE` of its weight, each word weighed by its rarity across the
      locality (``idf``; a word met only through a shared concept — "transport" and
      "minibus" — counts half);
    * the word before the head noun, which says what kind ("computer" in "computer skills"),
      must be met by a word or a concept when it is at least as rare as the head noun;
    * and the offer's head (what is offered: "licences" in "licences for events and premises")
      must itself meet the need, by a word or a concept.

    So "premises" is not met by "licences for events and premises", nor "repairs to community
    room" by "community hall", nor "computer skills" by "woodworking skills" (issue 22), while "tools" is met by "tool library of hand and
    power tools" and "transport for older people" by "accessible minibus with volunteer drivers".
    """
    idf = idf or {}
    need_words, offer_words = set(words_of(need)), set(words_of(offer))
    need_concepts = set().union(*(_concepts_of_word(w) for w in need_words)) if need_words else set()
    offer_concepts = set().union(*(_concepts_of_word(w) for w in offer_words)) if offer_words else set()

    def credit(word: str, words: set[str], concepts: set[str]) -> float:
        if word in words:
            return 1.0
        return 0.5 if _concepts_of_word(word) & concepts else 0.0

    need_head, offer_head = head_words(need), head_words(offer)
    weights = np.array([idf.get(w, 1.0) for w in need_head])
    covered = np.array([credit(w, offer_words, offer_concepts) for w in need_head])
    if not len(weights):
        return False
    # the head noun (last word of the head: "room" in "meeting room") met, and enough of the head:
    # "delivery drivers" (people) is not met by "delivery van" however rare "delivery" is
    if covered[-1] == 0 or (weights * covered).sum() < HEAD_COVERAGE * weights.sum():
        return False
    # the word that says which kind ("computer" in "computer skills") must be met too when it is
    # at least as rare as the head noun: a common one ("community" room) says little
    if len(need_head) > 1 and covered[-2] == 0 and weights[-2] >= weights[-1]:
        return False
    return any(credit(w, need_words, need_concepts) > 0 for w in offer_head)


#: Share of the similarity that comes from shared words; the rest from shared concepts.
WORD_SHARE = 0.6
#: An offer at least this share as similar to a need as the best one is an alternative to it.
ALTERNATIVE_SHARE = 0.8


@dataclass(frozen=True)
class Match:
    """The best need-offer match between two actors."""

    needer: str
    offerer: str
    need: str
    offer: str
    similarity: float
    shared: tuple[str, ...]
    alternatives: int = 1  # actors whose offers meet the need about as well (this one included)


def match_needs_to_offers(actors: pd.DataFrame, per_need: int = 8, threshold: float = 0.2,
                          chunk: int = 2000) -> dict[tuple[str, str], Match]:
    """For every need item, the offers of *other* actors most similar to it.

    similarity = 0.6 × cosine of the TF-IDF vectors of their words (as scikit-learn's, :mod:`.learn`; plurals
    folded, stop words dropped) + 0.4 × cosine of their concept sets (:data:`CONCEPTS`), so
    "transport for older people" meets "minibus with volunteer drivers" although they share
    no word. Word weights (idf) are fitted on the whole locality's text — every need, offer
    and actor name — so a word many actors use ("community", "Millbrook") weighs little.
    For each need the ``per_need`` best offers at or above ``threshold`` that are a
    :func:`real_match` are kept; the work grows with needs × offers, in chunks, never with n².

    Returns
    -------
    dict mapping (needer id, offerer id) to the best :class:`Match` for that ordered pair.
    """
    needs = [(a, item) for a, text in zip(actors["id"], actors.get("needs", [])) for item in split_items(text)]
    offers = [(a, item) for a, text in zip(actors["id"], actors.get("offers", [])) for item in split_items(text)]
    if not needs or not offers:
        return {}
    texts = [t for _, t in needs] + [t for _, t in offers]
    names = [str(v) for v in actors["name"]] if "name" in actors.columns else []
    try:
        # rarity across the locality: needs, offers and the actors' names
        words = tfidf(texts + names, words_of)
    except ValueError:  # nothing but stop words and numbers
        return {}
    idf = dict(zip(words.get_feature_names_out().tolist(), words.idf.tolist()))
    need_w, offer_w = words.transform(texts[:len(needs)]), words.transform(texts[len(needs):])
    concept_names = np.array(sorted(CONCEPTS))
    need_c, offer_c = _concept_matrix(texts[:len(needs)]), _concept_matrix(texts[len(needs):])
    offer_owner = np.array([a for a, _ in offers], dtype=object)
    word_names = words.get_feature_names_out()
    best: dict[tuple[str, str], Match] = {}
    for start in range(0, len(needs), chunk):
        block = slice(start, start + chunk)
        sims = (WORD_SHARE * (need_w[block] @ offer_w.T) + (1 - WORD_SHARE) * (need_c[block] @ offer_c.T)).toarray()
        for row in range(sims.shape[0]):
            needer, need = needs[start + row]
            scores = np.where(offer_owner == needer, 0.0, sims[row])
            for j in np.argsort(-scores, kind="stable")[:per_need]:
                if scores[j] < threshold:
                    break
                offerer, offer = offers[j]
                if not real_match(need, offer, idf):
                    continue  # a shared word, not a need met
                key = (needer, offerer)
                if key not in best or scores[j] > best[key].similarity:
                    i = start + row
                    shared = tuple(sorted(word_names[_common(need_w, i, offer_w, j)])) + tuple(
                        f"concept_{c}" for c in sorted(concept_names[_common(need_c, i, offer_c, j)]))
                    # actors whose offers meet this need about as well (at least 80% as similar)
                    alternatives = len(set(offer_owner[scores >= ALTERNATIVE_SHARE * scores[j]]))
                    best[key] = Match(needer, offerer, need, offer, float(scores[j]), shared, alternatives)
    return best


def _common(a: sp.csr_matrix, i: int, b: sp.csr_matrix, j: int) -> list[int]:
    """The columns where row ``i`` of ``a`` and row ``j`` of ``b`` both have an entry (their
    weights are positive): read off the CSR arrays, not by slicing the matrices (ten times quicker)."""
    return sorted(set(a.indices[a.indptr[i]:a.indptr[i + 1]].tolist())
                  & set(b.indices[b.indptr[j]:b.indptr[j + 1]].tolist()))


def _concept_matrix(texts: list[str]) -> sp.csr_matrix:
    """Row-normalised indicator matrix of the concepts each text is about."""
    column = {name: i for i, name in enumerate(sorted(CONCEPTS))}
    rows, cols = [], []
    for i, text in enumerate(texts):
        for name in concepts_of(text):
            rows.append(i)
            cols.append(column[name])
    m = sp.csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(texts), len(column)))
    return normalize_rows(m)


def shared_words(match: Match) -> str:
    """The overlap in words a person reads: real words first, then the shared concepts."""
    words = [w for w in match.shared if not w.startswith("concept_")]
    concepts = [w.removeprefix("concept_") for w in match.shared if w.startswith("concept_")]
    parts = []
    if words:
        parts.append("shared words: " + ", ".join(words))
    if concepts:
        parts.append("both about " + " and ".join(concepts))
    return "; ".join(parts)
