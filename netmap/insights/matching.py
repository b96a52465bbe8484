"""Match actors' needs to other actors' offers by meaning-aware text similarity (TF-IDF)."""
from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse as sp

# numpy equivalents of scikit-learn's TF-IDF (tested against it): scikit-learn took longer to
# import than the analysis of 2,000 actors (issue 15)
from netmap.insights.learn import ENGLISH_STOP_WORDS, normalize_rows, tfidf
from netmap.words import split_items

__all__ = ["Match", "match_needs_to_offers", "CONCEPTS"]

#: Words people use for the same kind of community resource. A need and an offer that
#: share a concept are similar even when they share no word ("meeting room" and "community
#: hall"); the concept is added as an extra token, so exact words still count most.
CONCEPTS: dict[str, set[str]] = {
    "venue": {"room", "hall", "space", "venue", "premise", "building", "centre", "center", "kitchen", "garden"},
    "transport": {"transport", "minibus", "bus", "van", "lift", "driver", "delivery", "car", "taxi", "fare",
                  "vehicle"},
    "food": {"food", "produce", "vegetable", "fruit", "bread", "meal", "langar", "parcel", "breakfast", "lunch"},
    "storage": {"storage", "warehouse", "store", "stockroom"},
    "tools": {"tool", "workshop", "woodwork", "woodworking", "repair", "equipment", "diy", "timber", "paint"},
    "learning": {"training", "course", "learning", "skill", "apprenticeship", "apprentice", "class", "lesson",
                 "tutoring", "english", "digital", "it", "computer", "reading"},
    "volunteering": {"volunteer", "helper", "volunteering"},
    "money": {"grant", "funding", "fund", "sponsorship", "loan", "donation", "money"},
    "advice": {"advice", "form", "benefit", "debt", "adviser", "signposting"},
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
    words = set(words_of(text))
    return sorted(name for name, members in CONCEPTS.items() if words & members)


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
    no word. For each need the ``per_need`` best offers at or above ``threshold`` are kept;
    the work grows with needs × offers, in chunks, never with n².

    Returns
    -------
    dict mapping (needer id, offerer id) to the best :class:`Match` for that ordered pair.
    """
    needs = [(a, item) for a, text in zip(actors["id"], actors.get("needs", [])) for item in split_items(text)]
    offers = [(a, item) for a, text in zip(actors["id"], actors.get("offers", [])) for item in split_items(text)]
    if not needs or not offers:
        return {}
    texts = [t for _, t in needs] + [t for _, t in offers]
    try:
        words = tfidf(texts, words_of)
    except ValueError:  # nothing but stop words and numbers
        return {}
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
                key = (needer, offerer)
                if key not in best or scores[j] > best[key].similarity:
                    i = start + row
                    shared = tuple(sorted(word_names[need_w[i].multiply(offer_w[j]).nonzero()[1]])) + tuple(
                        f"concept_{c}" for c in sorted(concept_names[need_c[i].multiply(offer_c[j]).nonzero()[1]]))
                    # actors whose offers meet this need about as well (at least 80% as similar)
                    alternatives = len(set(offer_owner[scores >= ALTERNATIVE_SHARE * scores[j]]))
                    best[key] = Match(needer, offerer, need, offer, float(scores[j]), shared, alternatives)
    return best


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
