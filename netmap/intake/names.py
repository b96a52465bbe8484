"""Typed names read as a person reads them: titles, organisations and nicknames folded, a name parsed into first name and surname, two names compared. The parts of name matching that need no roster."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from nicknames import NickNamer
from rapidfuzz import fuzz
from rapidfuzz.distance import OSA

TITLES = {"dr", "doctor", "mr", "mrs", "ms", "miss", "mx", "cllr", "councillor", "rev", "revd", "reverend", "prof",
          "professor", "sir", "dame", "fr", "father", "sister", "pastor", "imam", "rabbi", "lady", "lord"}


ORG_SUFFIXES = {"ltd", "limited", "cic", "plc", "llp", "inc", "llc", "co", "cio", "company"}


#: Words that make a name an organisation rather than a person.
ORG_WORDS = {
    "association", "assoc", "bank", "cafe", "centre", "center", "charity", "chapel", "church", "cic", "club",
    "college", "council", "foundation", "garage", "group", "hall", "housing", "hub", "library", "limited", "ltd",
    "mosque", "network", "nursery", "partnership", "police", "project", "pub", "school", "service", "services",
    "shop", "society", "store", "supermarket", "surgery", "team", "temple", "trust", "inn", "academy", "forum",
    "allotment", "allotments", "practice", "pharmacy", "university", "nhs", "board", "committee", "coop", "co-op",
    "office", "department", "residents", "tenants", "mission", "gurdwara", "synagogue", "market", "works",
}


#: Nicknames and short forms → the full first names they stand for: the curated ``nicknames``
#: dataset (Old Dominion University's English names and nicknames, Apache-2.0; PyPI package
#: ``nicknames``), e.g. Jerry → Gerald, Bob → Robert, Liz → Elizabeth (docs/survey.md says why).
_NAMER = NickNamer()


#: First names known to belong to different people when they differ (plus every name in the
#: nickname table). Two different known first names on the same surname are never merged
#: automatically: John Smith and Joan Smith are near-namesakes, not a typo.
KNOWN_FIRST_NAMES = set("""
aaron abdul adam adrian ahmed aisha alan albert alex alexander alexandra alfred alice alison amanda amelia amina
amir amy andrea andrew angela ann anna anne annette anthony arjun arthur asha barbara barry ben benjamin bernard
beth bethany beverley bilal brenda brian bridget carl carol caroline catherine charles charlotte chloe chris
christine christopher claire clare colin craig daniel danielle darren david dawn dean deborah denise dennis derek
diana diane donald donna doris dorothy douglas duncan edward eileen elaine eleanor elizabeth ella ellen emily emma
eric ethan eve fatima fiona frances francis frank gail gareth gary gavin george gillian gordon grace graham
hannah harold harriet harry hassan hazel heather helen henry hugh ian imran irene isaac isabel jack jacob james
jamal jane janet janice jason jean jeffrey jennifer jessica jill joan joanna joanne john jonathan jordan joseph
josephine joshua joy joyce judith julia julie june karen kate katherine kathleen kathryn keith kelly kenneth kevin
kieran kim laura lauren lee leon leslie lily linda lisa lorraine louise lucy luke lynn malcolm marcus margaret
maria marie mark martin mary matthew maureen megan melanie michael michelle mohammed molly muhammad nadia naomi
natalie nathan neil nicholas nicola nigel noah norman oliver olivia omar owen pamela patricia patrick paul
pauline peter philip phillip priya rachel raj rebecca richard rita robert robin roger ronald rose rosemary ruth
ryan sally samantha samuel sandra sarah scott sean sharon sheila shirley simon sophie stanley stephen steven
stuart susan suzanne tariq teresa terence thomas timothy tracy trevor una valerie vanessa victoria vincent
wayne wendy william yasmin yusuf zara zoe jon joan jean joanne jo jonah jane june juan john jill gill dean
ali aliyah anil ava bea beatrice carla carmen chen dev farid farah gita hamza ivan jade jan janine kai kamal
kasia leah lena leona lola magda marek maya mia nadia nia nina oscar piotr quinn rahul ravi reza rosa ross sadia
sana sean shona simran sonia tom una wei yan zain zainab zofia
""".split())


#: Short forms in that list: each is a name of its own and also stands for a longer one.
_SHORT_FORMS = {"alex", "ben", "beth", "chris", "frank", "gill", "harry", "jack", "jo", "jon", "kate", "kim", "sally",
                "tom", "wendy"}


#: Names used as names of their own: the dataset relates some of them (Ian and John, Mary and
#: Maureen, Jean and Jane), but two different ones on one surname are two people.
_DISTINCT = KNOWN_FIRST_NAMES - _SHORT_FORMS


KNOWN_FIRST_NAMES = KNOWN_FIRST_NAMES | set(_NAMER.nickname_lookup) | set(_NAMER.canonical_lookup)


#: Longest name matched, in characters (after surrounding spaces are removed). Names of people
#: and organisations are far shorter; a longer answer is a sentence, and scoring it against
#: every name would cost time in proportion to its length.
MAX_NAME_CHARS = 200
#: Most different names one survey reconciles (typed, named back and respondents together).
#: A locality's survey types a few thousand; 50,000 take about 30 s and 0.8 GiB on one core
#: (benchmarks/bench_survey.py --limits); 200,000 ran past 25 minutes. A register of that size
#: has ids: read it as a ties file, not as typed names.
MAX_DISTINCT_NAMES = 50_000


_PUNCT = re.compile(r"[^\w\s]", re.UNICODE)


_SPACES = re.compile(r"\s+")


_PAREN = re.compile(r"\([^)]*\)|\[[^\]]*\]")


_AT = re.compile(r"\s+(?:at|from|of|@)\s+(?:the\s+)?(.+)$", re.IGNORECASE)


@dataclass(frozen=True)
class ParsedName:
    """A raw name taken apart for matching.

    ``key`` is the normalised text (accents, case, punctuation, titles, suffixes gone;
    "Surname, First" turned round); ``canon`` the same with the first name replaced by its
    full form (Bob → robert) for scoring; ``first``/``last`` the first and last words of a
    person's name; ``context`` what followed "at" ("Lorraine at the Co-op" → "co op").
    """

    raw: str
    key: str
    canon: str
    kind: str  # "person" or "org"
    first: str = ""
    last: str = ""
    context: str = ""
    tokens: tuple[str, ...] = ()
    given_only: bool = False  # a first name alone
    initial: bool = False  # the first name is an initial


#: Stands for a name longer than :data:`MAX_NAME_CHARS`: it is in no block and matches nothing.
_TOO_LONG = ParsedName("", "", "", "too long")


def _parse(raw: str) -> ParsedName:
    return _TOO_LONG if len(raw) > MAX_NAME_CHARS else parse_name(raw)


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()


def normalise(raw: str) -> str:
    """The comparable form of a name: ``parse_name(raw).key``.

    >>> normalise("  Dr. AMINA  Patel ")
    'amina patel'
    >>> normalise("Patel, Amina")
    'amina patel'
    >>> normalise("The Riverside Trust Ltd")
    'riverside trust'
    """
    return parse_name(raw).key


@lru_cache(maxsize=200_000)
def parse_name(raw: str) -> ParsedName:
    """Normalise ``raw`` and split it into first/last name (see :class:`ParsedName`)."""
    text = _fold(str(raw).strip())
    text = _PAREN.sub(" ", text).replace("&", " and ").replace("’", "'")
    context = ""
    at = _AT.search(text)
    if at and len(text[:at.start()].split()) <= 2:
        context = _SPACES.sub(" ", _PUNCT.sub(" ", at.group(1))).strip()
        text = text[:at.start()]
    if text.count(",") == 1:
        before, after = (p.strip() for p in text.split(","))
        if before and after and len(before.split()) <= 2 and len(after.split()) <= 2 \
                and not (set(_PUNCT.sub(" ", after).split()) & ORG_SUFFIXES):
            text = f"{after} {before}"
    text = text.replace("'", "")
    words = _SPACES.sub(" ", _PUNCT.sub(" ", text)).strip().split()
    while len(words) > 1 and words[0] in TITLES:
        words = words[1:]
    kind = "org" if (set(words) & ORG_WORDS or len(words) >= 4 or "and" in words) else "person"
    if kind == "org" and len(words) == 2 and words[0] in KNOWN_FIRST_NAMES and words[1] not in ORG_SUFFIXES:
        kind = "person"  # Emma Hall, Grace Church: surnames that are also words of organisations
    if kind == "org":
        if len(words) > 1 and words[0] == "the":
            words = words[1:]
        while len(words) > 1 and words[-1] in ORG_SUFFIXES:
            words = words[:-1]
        key = " ".join(words)
        return ParsedName(raw, key, key, "org", context=context, tokens=tuple(words))
    key = " ".join(words)
    first = words[0] if words else ""
    last = words[-1] if len(words) > 1 else ""
    canon_first = _canonical(first)
    canon = " ".join([canon_first] + words[1:])
    return ParsedName(raw, key, canon, "person", first, last, context, tuple(words), len(words) == 1,
                      len(first) == 1 and len(words) >= 2)


@lru_cache(maxsize=50_000)
def _full_forms(first: str) -> frozenset[str]:
    """The name and the full names it is a nickname of (``nicknames`` dataset)."""
    return frozenset({first, *_NAMER.canonicals_of(first)}) if first.isalpha() else frozenset({first})


@lru_cache(maxsize=50_000)
def _canonical(first: str) -> str:
    """The full form of a nickname used for scoring (Bob → robert): a full form that is a name
    of its own (on :data:`KNOWN_FIRST_NAMES`' own list) before the others; a name that is no
    nickname stays."""
    if first in _DISTINCT:
        return first
    forms = sorted(_full_forms(first) - {first}, key=lambda f: (f not in _DISTINCT, f))
    return forms[0] if forms else first


@lru_cache(maxsize=50_000)
def _likely_forms(first: str) -> tuple[str, ...]:
    """At most four full forms of a nickname, names of their own first (for blocking)."""
    return tuple(sorted(_full_forms(first) - {first}, key=lambda f: (f not in _DISTINCT, f))[:4])


def first_names_compatible(a: str, b: str) -> bool:
    """Same first name, or one a nickname of the other (or both of one full name); never two
    names that are names of their own (Ian and John, Mary and Maureen).

    >>> first_names_compatible("bob", "robert"), first_names_compatible("jerry", "gerald")
    (True, True)
    >>> first_names_compatible("john", "joan"), first_names_compatible("ian", "john")
    (False, False)
    """
    if a == b:
        return True
    return bool(_full_forms(a) & _full_forms(b)) and not (a in _DISTINCT and b in _DISTINCT)


def _token_similarity(a: str, b: str) -> float:
    """100 when equal; one typo (insertion, deletion, substitution, swap of two neighbours)
    in a word of 4+ letters scores 94, two typos in 7+ letters 88, otherwise the
    Indel ratio."""
    if a == b:
        return 100.0
    distance = OSA.distance(a, b)
    shortest = min(len(a), len(b))
    if distance == 1 and shortest >= 4:
        return 94.0
    if distance == 2 and shortest >= 7:
        return 88.0
    return float(fuzz.ratio(a, b))


@dataclass(frozen=True)
class Comparison:
    score: float
    auto_ok: bool
    reason: str


def compare(a: ParsedName, b: ParsedName) -> Comparison:
    """Score how likely two names are one actor (0–100) and whether a match may be automatic.

    Examples
    --------
    >>> compare(parse_name("Bob Hughes"), parse_name("Robert Hughes")).auto_ok
    True
    >>> c = compare(parse_name("John Smith"), parse_name("Joan Smith"))
    >>> c.auto_ok, c.reason
    (False, 'different first names')
    """
    if a.key == b.key:
        if a.given_only and a.context != b.context:
            return Comparison(80.0, False, "first name only")  # "Tariq at the Hub", "Tariq at the school"
        return Comparison(100.0, bool(a.key), "same after normalising")
    if a.kind == "org" or b.kind == "org":
        # a typo can hide the word that made a name an organisation ("Brookside Libbrary")
        score = float(fuzz.token_sort_ratio(a.key, b.key))
        differ = set(a.tokens) ^ set(b.tokens)
        numbers = any(t.isdigit() for t in differ)
        typo_only = len(a.tokens) == len(b.tokens) and all(
            _token_similarity(x, y) >= 94 for x, y in zip(sorted(a.tokens), sorted(b.tokens)))
        return Comparison(score, score >= 95 and typo_only and not numbers, "organisation names")
    if sorted(a.tokens) == sorted(b.tokens):
        return Comparison(97.0, True, "same words in another order")
    if a.given_only or b.given_only:
        one, other = (a, b) if a.given_only else (b, a)
        if other.first and first_names_compatible(one.first, other.first):
            return Comparison(80.0, False, "first name only")
        if other.last and not other.given_only and not one.context:
            surname = _token_similarity(one.first, other.last)
            if surname >= 94:  # "Lindqvist" alone: the surname of someone, offered for review
                return Comparison(82.0 if surname == 100 else 76.0, False, "surname only")
        return Comparison(float(fuzz.ratio(one.first, other.first)) * 0.7, False, "first name only")
    surname = _token_similarity(a.last, b.last)
    if a.initial or b.initial:
        one, other = (a, b) if a.initial else (b, a)
        if other.first.startswith(one.first) and surname == 100:
            return Comparison(93.0, True, "initial")  # automatic only when unambiguous (checked by the caller)
        return Comparison(min(70.0, surname * 0.7), False, "initial")
    if first_names_compatible(a.first, b.first):
        first, reason = 100.0, "same first name" if a.first == b.first else "nickname"
    else:
        first, reason = _token_similarity(a.first, b.first), "typo in first name"
    middle = 100.0 if a.tokens[1:-1] == b.tokens[1:-1] or not a.tokens[1:-1] or not b.tokens[1:-1] else 90.0
    score = 0.45 * first + 0.45 * surname + 0.10 * middle
    if reason == "nickname":
        score = min(score, 96.0)  # never "the same" (100): a person may want to see it
    auto_ok = True
    if first < 100 and a.first in KNOWN_FIRST_NAMES and b.first in KNOWN_FIRST_NAMES:
        # John / Joan Smith: two real first names differing by a letter are two people
        auto_ok, reason = False, "different first names"
        score = min(score, 89.0)
    elif first < 100 and surname < 100:
        auto_ok, reason = False, "first name and surname both differ"
    elif surname < 100:
        reason = "typo in surname"
    return Comparison(score, auto_ok, reason)
