"""Pseudonymised exports: stakeholder maps of residents are personal data.

A :class:`Pseudonymiser` turns an analysis' tables into tables that can be shared:

- every actor id and name becomes a stable code (``A-`` and hex digits of an HMAC of the id),
  in id and name columns and *inside* text: ``why`` sentences, validation messages, group
  labels, notices, whatever the name's length or case ("Jo", "li", "jane.smith@example.org");
- contact and free-text columns (email, phone, address, notes, offers, needs, any column whose
  values read as prose, and any other text column that is not a known grouping such as sector
  or ward) are left out unless the user keeps them by name; the parts of ``why`` sentences
  that quote them are withheld too;
- shared spaces (places, partnerships, events) get codes too (``S-`` and hex digits), in every
  table, graph and sentence, and so do their names unless the user keeps ``space_name``: a
  space may be a person's home or be named after its owner;
- codes are unique, also when an id equals another actor's name.

Names that are only digits ("17") are replaced wherever netmap puts a name: id and name
columns, the sentence about that actor, quoted values and ties in validation messages, and
kept free text. They are not replaced in counts and ranks that netmap itself writes ("17
ties"): there a number is a number, and replacing it would make every sentence wrong on a
network whose ids are 1, 2, 3 ….
"""
from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from collections import defaultdict
from collections.abc import Iterable

import pandas as pd

__all__ = ["new_key", "pseudonym", "Pseudonymiser", "CODE_PATTERN", "WITHHELD", "withheld_columns",
           "analysis_withheld", "looks_like_free_text", "SPACE_NAMES"]

#: A code as written in outputs: ``A-`` for an actor, ``S-`` for a shared space (the property
#: tests look for it).
CODE_PATTERN = re.compile(r"[AS]-[0-9A-F]{10,64}")
#: What a withheld piece of free text becomes inside a sentence.
WITHHELD = "[withheld]"
#: Columns that hold actor ids, and the name column that goes with each.
ID_COLUMNS = {"id": "name", "id_a": "name_a", "id_b": "name_b", "source": None, "target": None,
              "netmap_id": None, "actor": "actor_name", "actor_id": "actor_name", "candidate_id": "candidate_name"}
#: Columns that hold actor names, and the id columns (the first present) that go with each.
NAME_COLUMNS = {"name": ("id",), "name_a": ("id_a",), "name_b": ("id_b",), "actor_name": ("actor", "actor_id"),
                "candidate_name": ("candidate_id",)}
#: Parts of a column name that mark contact details or notes about a person.
CONTACT_HINTS = ("mail", "phone", "tel", "mobile", "fax", "address", "street", "postcode", "post_code", "zip",
                 "note", "comment", "description", "contact", "website", "url", "birth", "dob", "offers", "needs",
                 "remark", "story", "quote", "answer")
#: Insight columns that copy an actor or space column (withheld when that column is):
#: hidden wealth's matches, and space_suggestions.csv's need and offer.
DERIVED = {"matched_need": "needs", "matched_offer": "offers", "need": "needs", "offer": "offers"}
#: Columns that hold a space's id, and the name column that goes with each (spaces.csv's own
#: ``id`` and ``name`` are read as these, see :meth:`Pseudonymiser.space_frame`).
SPACE_ID_COLUMNS = {"space": "space_name"}
SPACE_NAME_COLUMNS = {"space_name": "space"}
#: What to keep (``--keep-columns``, the app's *Keep these columns anyway*) to show spaces' names:
#: without it they are codes, as actors' names are.
SPACE_NAMES = "space_name"
#: Columns that list actor ids separated by "; " (a community's members, a survey tie's reporters).
LIST_COLUMNS = ("members", "reported_by")
#: Columns of reasons, pseudonymised as sentences (:meth:`Pseudonymiser.sentence`): ``why``, and
#: ``why_plain``, the same reason in plain words (netmap.glossary.PLAIN_WHY, a layer this leaf
#: cannot import).
_SENTENCES = frozenset({"why", "why_plain"})
#: Names of text columns that group organisations and places rather than describe a person:
#: kept in pseudonymised files when their values are short, repeated categories. Any other
#: text column is withheld, however few its values: "on probation", "asylum seeker" or a
#: diagnosis look exactly like a sector, and netmap cannot tell a sensitive category from a
#: harmless one (the same names as netmap.network.GROUP_HINTS, and a space's ``kind``).
GROUPING_NAMES = frozenset({"sector", "ward", "group", "type", "neighbourhood", "neighborhood", "area", "club",
                            "faction", "organisation_type", "category", "team", "department", "kind"})
#: Words of a column name that say its values name someone (a space's owner).
REFERENCE_HINTS = frozenset({"owner", "owned", "run", "runs", "manager", "managed", "host", "hosted", "organiser",
                             "organizer", "lead", "leader", "holder", "landlord", "by"})
#: A value longer than this (characters or words) is prose, not a category.
LONG_TEXT = 60
LONG_WORDS = 6

_WORD = re.compile(r"\w+")
_NUMBER = re.compile(r"[+-]?\d+(?:[.,:/]\d+)*%?")
_SHARED_WORDS = re.compile(r" \((?:shared words|both about)[^)]*\)")
_QUOTED = re.compile(r"'([^'\n]+)'")
_TIE = re.compile(r"\b(?:tie|affiliation) (.+?) (–|→) (.+?) appears\b")


def new_key() -> str:
    """A random key (salt) for pseudonyms; only the user keeps it."""
    return secrets.token_hex(16)


def pseudonym(actor_id: str, key: str, digits: int = 10, space: bool = False) -> str:
    """Stable code for an actor: ``A-`` and ``digits`` hex digits of HMAC-SHA256(key, id).

    The same key gives the same code in every export, so files can be joined; without the
    key the code cannot be turned back into the id (nor checked against a guessed name).
    With ``space``, the code of a shared space: ``S-`` and the digits of the HMAC of
    ``"space:" + id`` (a space is never given an actor's code).
    """
    message = f"space:{actor_id}" if space else str(actor_id)
    digest = hmac.new(key.encode("utf-8"), message.encode("utf-8"), hashlib.sha256).hexdigest()
    return f"{'S' if space else 'A'}-{digest[:digits].upper()}"


def _is_number(text: str) -> bool:
    return bool(_NUMBER.fullmatch(text))


def looks_like_contact(name: str) -> bool:
    """A column name with a word that starts or ends with a contact hint ("E-mail", "telephone",
    "home_address", "Notes"), not one that only contains it ("rural" is no URL). Errs on the
    safe side ("hotel" counts as a telephone): the user can keep such a column by name."""
    words = re.split(r"[\W_]+", str(name).lower())
    return any(word.startswith(hint) or word.endswith(hint) for word in words if word for hint in CONTACT_HINTS)


def looks_like_free_text(values: pd.Series) -> bool:
    """Values shaped like prose rather than categories, whatever the column is called: a value
    longer than :data:`LONG_TEXT` characters or :data:`LONG_WORDS` words ("on probation since
    March, lives with his sister"), or varied values (of 5 or more, over half written only
    once: one sentence per person)."""
    texts = [t for t in (str(v).strip() for v in values.dropna()) if t]
    if any(len(t) > LONG_TEXT or len(t.split()) > LONG_WORDS for t in texts):
        return True
    counts = defaultdict(int)
    for t in texts:
        counts[t.lower()] += 1
    return len(texts) >= 5 and sum(1 for c in counts.values() if c == 1) > len(texts) / 2


def is_grouping_name(name: str) -> bool:
    """A column name that netmap knows as a grouping of organisations or places (sector, ward …)."""
    return re.sub(r"[\W_]+", "_", str(name).strip().lower()).strip("_") in GROUPING_NAMES


def _is_free_text(name: str, values: pd.Series, groups: Iterable[str]) -> bool:
    if looks_like_contact(name):
        return True
    present = values.dropna()
    if present.empty or pd.to_numeric(present.astype(str), errors="coerce").notna().all():
        return False  # numbers (or nothing) say nothing about a person by themselves
    if name in set(groups):
        return False  # the grouping the analysis is about
    return looks_like_free_text(present) or not is_grouping_name(name)


def withheld_columns(frame: pd.DataFrame, keep: Iterable[str] = (), groups: Iterable[str] = (),
                     skip: Iterable[str] = ()) -> set[str]:
    """Columns of ``frame`` left out of pseudonymised files unless named in ``keep``: contact
    details (by name: email, phone, address, notes …), offers and needs, text shaped like prose
    (:func:`looks_like_free_text`) and every other text column that is not a grouping: one of
    ``groups`` (the analysis' group column) or a known grouping name (:data:`GROUPING_NAMES`)
    with short, repeated values. Numbers stay. ``skip`` names columns never judged (ids,
    names, metrics)."""
    keep, skip, groups = set(keep), set(skip), list(groups)
    return {c for c in frame.columns
            if c not in keep and c not in skip and _is_free_text(str(c), frame[c], groups)}


def space_references(spaces: pd.DataFrame | None, actors: pd.DataFrame) -> set[str]:
    """Columns of the spaces table whose every value names an actor (by id or name): a space's
    ``owner`` or ``run_by``. They become the actors' codes rather than being withheld. A column
    of numbers counts only when its name says it names someone (:data:`REFERENCE_HINTS`): a
    capacity of 20 is no actor 20, an owner 20 is."""
    if spaces is None or actors.empty:
        return set()
    known = {str(v).strip().lower() for column in ("id", "name") if column in actors for v in actors[column].dropna()}
    found = set()
    for column in spaces.columns:
        if column in ("id", "name"):
            continue
        values = [str(v).strip().lower() for v in spaces[column].dropna() if str(v).strip()]
        if not values or not set(values) <= known:
            continue
        words = re.split(r"[\W_]+", str(column).lower())
        if pd.to_numeric(pd.Series(values), errors="coerce").isna().any() or set(words) & REFERENCE_HINTS:
            found.add(column)
    return found


def analysis_withheld(result, keep: Iterable[str] = ()) -> set[str]:
    """The columns of an analysis left out of pseudonymised files (see :func:`withheld_columns`):
    of actors and ties, and of spaces and affiliations when there are some, with
    :data:`SPACE_NAMES` (spaces' names become codes) unless kept. The analysis' own group column
    is always kept; a space column that names actors (``owner``) becomes their codes instead."""
    network = result.network
    keep = set(keep)
    actor_attrs = [c for c in network.actors.columns if c not in ("id", "name")]
    withheld = withheld_columns(network.actors[actor_attrs], keep, [result.group_column])
    tie_attrs = [c for c in network.ties.columns if c not in ("source", "target", "weight", "type")]
    withheld |= withheld_columns(network.ties[tie_attrs], keep)
    spaces = getattr(network, "spaces", None)
    if getattr(result, "spaces", None) is not None and spaces is not None:
        skip = {"id", "name"} | space_references(spaces, network.actors)
        withheld |= withheld_columns(spaces, keep, skip=skip)
        withheld |= {SPACE_NAMES} - keep
    links = getattr(network, "affiliations", None)
    if links is not None and len(links.columns):
        withheld |= withheld_columns(links, keep, skip={"actor", "space", "weight"})
    return withheld


class _Matcher:
    """Finds whole-token, case-insensitive occurrences of many strings in one left-to-right pass.

    Patterns are indexed by their first word (``\\w+`` run), then by length: at each word of a
    text one dictionary look-up per distinct pattern length, whatever the number of actors
    (10,000 names all starting "Person" cost no more than one). At one position the longest
    pattern wins, and replaced text is never scanned again (a code is never re-replaced).
    """

    def __init__(self):
        self._groups: dict[str, dict[tuple[int, int], dict[str, str]]] = defaultdict(lambda: defaultdict(dict))
        self._by_first: dict[str, list[tuple[int, int, dict[str, str]]]] = {}

    def add(self, pattern: str, replacement: str) -> None:
        first = _WORD.search(pattern)
        if first is None or not pattern.strip():
            return  # no letter or digit: not a token (replaced in id and name columns only)
        self._groups[first.group().lower()][(first.start(), len(pattern))][pattern.lower()] = replacement

    def finish(self) -> _Matcher:
        self._by_first = {first: sorted(((offset, length, table) for (offset, length), table in groups.items()),
                                        key=lambda e: -e[1])
                          for first, groups in self._groups.items()}
        return self

    def __bool__(self) -> bool:
        return bool(self._by_first)

    def candidates(self, token: str):
        return self._by_first.get(token.lower(), ())


def _scan(text: str, matchers: list[_Matcher]) -> str:
    """Replace every match of the matchers (earlier matchers win at the same position)."""
    if not any(matchers):
        return text
    out, pos = [], 0
    for m in _WORD.finditer(text):
        if m.start() < pos:
            continue
        for matcher in matchers:
            hit = _match_at(text, m, pos, matcher)
            if hit is not None:
                start, end, replacement = hit
                out.append(text[pos:start])
                out.append(replacement)
                pos = end
                break
    out.append(text[pos:])
    return "".join(out)


def _match_at(text: str, m: re.Match, pos: int, matcher: _Matcher):
    for offset, length, table in matcher.candidates(m.group()):
        start = m.start() - offset
        end = start + length
        if start < pos or end > len(text):
            continue
        pattern = text[start:end].lower()
        replacement = table.get(pattern)
        if replacement is None:
            continue
        if pattern[-1].isalnum() or pattern[-1] == "_":
            if end < len(text) and (text[end].isalnum() or text[end] == "_"):
                continue
        if _is_number(pattern.strip()):
            # "07" must not match inside "0.07", nor "1" inside "1,5"
            if start >= 2 and text[start - 1] in ".,:/" and text[start - 2].isdigit():
                continue
            if end + 1 < len(text) and text[end] in ".,:/" and text[end + 1].isdigit():
                continue
        return start, end, replacement
    return None


class Pseudonymiser:
    """Replaces actor ids and names in every table of an export with their codes, and
    leaves out the columns of free text and contact details.

    Parameters
    ----------
    actors
        The actors table (``id``, ``name`` and any other column).
    key
        The secret the codes are made from.
    withheld
        Columns to leave out of every table (see :func:`withheld_columns`); their text is
        also withheld where a sentence quotes it.
    digits
        Hex digits per code (10 give 16^10 ≈ 10^12 codes); codes that would collide get
        more digits, so codes are always unique.
    free_text
        Free-text columns, withheld or kept (names inside them are replaced, digits too).
    spaces
        The shared spaces (``id``, ``name`` …), if any: every space gets a code (``S-…``) in
        every table and sentence, and so does its name when :data:`SPACE_NAMES` is withheld.
    references
        Columns whose values name actors (a space's ``owner``): each value becomes the actor's
        code, and a value that names no actor is withheld.
    aliases
        More text that refers to an actor (text → actor id): the names respondents typed in a
        survey ("AISHA K."), replaced by the actor's code wherever they appear.
    """

    def __init__(self, actors: pd.DataFrame, key: str, withheld: Iterable[str] = (), digits: int = 10,
                 free_text: Iterable[str] = (), spaces: pd.DataFrame | None = None, references: Iterable[str] = (),
                 aliases: dict[str, str] | None = None):
        self.key = key
        ids = [str(a) for a in actors["id"]]
        names = [str(n) if n is not None and n == n else "" for n in actors["name"]] if "name" in actors \
            else list(ids)
        self.names = dict(zip(ids, names, strict=True))
        self.codes = _unique_codes(ids, key, digits)
        self.withheld = set(withheld) | {d for d, source in DERIVED.items() if source in set(withheld)}
        #: free-text columns, withheld or kept by the user (names inside them are replaced, digits too)
        self.free_text = set(free_text) | self.withheld | {d for d, source in DERIVED.items() if source in
                                                           set(free_text)}
        self.references = set(references) - self.withheld
        space_ids = [str(s) for s in spaces["id"]] if spaces is not None else []
        space_names = [str(n) if n is not None and n == n else "" for n in spaces["name"]] \
            if spaces is not None and "name" in spaces else list(space_ids)
        self.space_names = dict(zip(space_ids, space_names, strict=True))
        self.space_codes = _unique_codes(space_ids, key, digits, space=True)
        #: whether spaces' names become codes (unless the user keeps :data:`SPACE_NAMES`)
        self.hide_space_names = SPACE_NAMES in self.withheld
        # text → code(s): an id or a name; a string naming several actors gets all their codes
        refers: dict[str, set[str]] = defaultdict(set)
        for actor_id in ids:
            for text in (actor_id, self.names[actor_id]):
                if text.strip():
                    refers[text.lower()].add(self.codes[actor_id])
        for text, actor_id in (aliases or {}).items():
            if isinstance(text, str) and text.strip() and str(actor_id) in self.codes:
                refers[text.strip().lower()].add(self.codes[str(actor_id)])
        for space_id in space_ids:
            for text in (space_id, self.space_names[space_id]) if self.hide_space_names else (space_id,):
                if text.strip():
                    refers[text.lower()].add(self.space_codes[space_id])
        self._refers = {text: "/".join(sorted(codes)) for text, codes in refers.items()}
        self._words, self._numbers = _Matcher(), _Matcher()
        for text, code in self._refers.items():
            (self._numbers if _is_number(text.strip()) else self._words).add(text, code)
        self._words.finish()
        self._numbers.finish()
        self._items = self._withheld_items(actors)
        self._space_items = self._withheld_items(spaces) if spaces is not None else {}

    @classmethod
    def for_analysis(cls, result, key: str, keep: Iterable[str] = ()) -> Pseudonymiser:
        """The pseudonymiser of an :class:`~netmap.analysis.Analysis`: attributes of actors,
        ties, spaces and affiliations that are free text or contact details are withheld unless
        named in ``keep``, spaces get codes, and so do their names unless ``keep`` names
        :data:`SPACE_NAMES`."""
        network = result.network
        spaces = network.spaces if getattr(result, "spaces", None) is not None else None
        return cls(network.actors, key, analysis_withheld(result, keep), free_text=analysis_withheld(result),
                   spaces=spaces, references=space_references(spaces, network.actors))

    @classmethod
    def for_survey(cls, result, key: str, keep: Iterable[str] = ()) -> Pseudonymiser:
        """The pseudonymiser of a survey (:class:`~netmap.intake.survey.SurveyResult`): the
        actors found, every name a respondent typed (``raw_name``, withheld as a column, and
        replaced by its actor's code wherever it is quoted), and the actors' and the answers'
        free text withheld unless named in ``keep``."""
        keep = set(keep)
        attrs = [c for c in result.actors.columns if c not in ("id", "name")]
        withheld = withheld_columns(result.actors[attrs], keep)
        withheld |= withheld_columns(result.ties, keep, skip={"source", "target", "weight", "type", "reported_by",
                                                              "confirmed"})
        for table in (result.aliases, result.review):
            withheld |= withheld_columns(table, keep, skip={"actor_id", "actor_name", "candidate_id", "candidate_name",
                                                            "score", "decision"})
        aliases = result.aliases
        typed = dict(zip(aliases["raw_name"], aliases["actor_id"], strict=True)) \
            if {"raw_name", "actor_id"} <= set(aliases.columns) else {}
        return cls(result.actors, key, withheld, free_text=withheld_columns(result.actors[attrs]),
                   aliases={raw: actor for raw, actor in typed.items() if isinstance(actor, str)})

    def _withheld_items(self, table: pd.DataFrame) -> dict[str, dict[str, str]]:
        """Per actor (or space) id: the free texts a sentence may quote (whole cells and ';'
        items), and what each becomes: withheld, or (kept) with names inside replaced."""
        items: dict[str, dict[str, str]] = defaultdict(dict)
        for column in sorted(self.free_text & set(table.columns)):
            withheld = column in self.withheld
            for actor_id, value in zip(table["id"], table[column], strict=True):
                if isinstance(value, str) and value.strip():
                    for item in [value] + [part.strip() for part in value.split(";") if part.strip()]:
                        items[str(actor_id)].setdefault(
                            item, WITHHELD if withheld else self.replace_text(item, numbers=True))
        return items

    # ----- single values -------------------------------------------------------------------

    def code_of(self, value) -> str:
        """The code(s) of a whole value that is an id or a name; other text is scanned."""
        text = str(value)
        if text in self.codes:
            return self.codes[text]
        return self._refers.get(text.lower()) or self.replace_text(text, numbers=True)

    def space_code_of(self, value) -> str:
        """The code of a whole value that is a space's id; other text is scanned."""
        text = str(value)
        return self.space_codes.get(text) or self.code_of(text)

    def reference(self, value) -> str:
        """A value that should name an actor (a space's owner): its code(s), or withheld."""
        return self._refers.get(str(value).strip().lower(), WITHHELD)

    def replace_text(self, text: str, numbers: bool = False, own: dict[str, str] | None = None) -> str:
        """Every actor id and name inside ``text`` replaced by its code (whole tokens, any
        case, longest first). ``numbers``: also names that are only digits (free text the
        user wrote; not netmap's own sentences, where a number is a count). ``own``: more
        strings to replace first (the sentence's own actors, withheld quotations)."""
        if not isinstance(text, str):
            return text
        matchers = []
        if own:
            extra = _Matcher()
            for pattern, replacement in own.items():
                extra.add(pattern, replacement)
            matchers.append(extra.finish())
        matchers.append(self._words)
        if numbers:
            matchers.append(self._numbers)
        return _scan(text, matchers)

    def replace_message(self, text: str) -> str:
        """A validation message: quoted values and the ends of a repeated tie that are ids or
        names become codes (digits included), then every other name inside it."""
        if not isinstance(text, str):
            return text
        spans = []
        for m in _QUOTED.finditer(text):
            if m.group(1).lower() in self._refers:
                spans.append((m.start(1), m.end(1), self._refers[m.group(1).lower()]))
        for m in _TIE.finditer(text):
            for g in (1, 3):
                if m.group(g).lower() in self._refers:
                    spans.append((m.start(g), m.end(g), self._refers[m.group(g).lower()]))
        out, pos = [], 0
        for start, end, code in sorted(set(spans)):
            if start < pos:
                continue
            out += [self.replace_text(text[pos:start]), code]
            pos = end
        out.append(self.replace_text(text[pos:]))
        return "".join(out)

    def survey_report(self, report: dict) -> dict:
        """``survey_report.json``'s content with every actor (an id or name, or a name as a
        respondent typed it) as its code, inside messages too; numbers as they are."""
        def walk(value):
            if isinstance(value, dict):
                return {k: walk(v) for k, v in value.items()}
            if isinstance(value, (list, tuple)):
                return [walk(v) for v in value]
            if isinstance(value, str):
                return self.codes.get(value) or self._refers.get(value.strip().lower()) or self.replace_message(value)
            return value

        return walk(report)

    def _own(self, row: dict) -> dict[str, str]:
        """The strings a sentence about this row's actors may quote, and what they become."""
        own: dict[str, str] = {}
        for id_column in ("id", "id_a", "id_b", "actor"):
            actor_id = row.get(id_column)
            if not isinstance(actor_id, str) or actor_id not in self.codes:
                continue
            for item, replacement in self._items.get(actor_id, {}).items():
                own.setdefault(item, replacement)
            own[actor_id] = self.codes[actor_id]
            if self.names[actor_id].strip():
                own[self.names[actor_id]] = self.codes[actor_id]
        for id_column in SPACE_ID_COLUMNS:
            space_id = row.get(id_column)
            if not isinstance(space_id, str) or space_id not in self.space_codes:
                continue
            for item, replacement in self._space_items.get(space_id, {}).items():
                own.setdefault(item, replacement)
            own[space_id] = self.space_codes[space_id]
            if self.hide_space_names and self.space_names[space_id].strip():
                own[self.space_names[space_id]] = self.space_codes[space_id]
        return own

    def sentence(self, text: str, row: dict) -> str:
        """A ``why`` sentence: quoted free text (withheld, or kept with names replaced) and the
        row's own actors first, then every other name; the list of shared words is dropped."""
        if not isinstance(text, str):
            return text
        # the shared words are stems of free text (a name's stem is no longer the name): always left out
        text = _SHARED_WORDS.sub("", text)
        return self.replace_text(text, own=self._own(row))

    # ----- tables --------------------------------------------------------------------------

    def key_table(self) -> pd.DataFrame:
        """code → original id and name (actors', then spaces'): the file the user keeps apart
        from the export."""
        return pd.DataFrame({"code": list(self.codes.values()) + list(self.space_codes.values()),
                             "id": list(self.codes) + list(self.space_codes),
                             "name": [self.names[a] for a in self.codes] + [self.space_names[s] for s in self.space_codes]})

    def _is_space_table(self, table: pd.DataFrame) -> bool:
        if not self.space_codes or "id" not in table.columns or "space" in table.columns:
            return False
        ids = {str(i) for i in table["id"].dropna()}
        return bool(ids) and ids <= set(self.space_codes) and not ids & set(self.codes)

    def space_frame(self, spaces: pd.DataFrame) -> pd.DataFrame:
        """:meth:`frame` of a table of spaces (spaces.csv): its ``id`` and ``name`` are a
        space's, so they become the space's code (the name only when it is not kept)."""
        renamed = spaces.rename(columns={"id": "space", "name": "space_name"})
        return self.frame(renamed).rename(columns={"space": "id", "space_name": "name"})

    def frame(self, table: pd.DataFrame) -> pd.DataFrame:
        """A copy with ids and names (of actors and spaces) as codes, names inside text
        replaced, and withheld columns left out. A table whose ``id`` column holds spaces (the
        app's spaces.csv, under-used spaces) is read as :meth:`space_frame` reads it."""
        if self._is_space_table(table):
            return self.space_frame(table)
        out = table.drop(columns=[c for c in table.columns if c in self.withheld and c not in SPACE_NAME_COLUMNS])
        records = out.to_dict("records") if _SENTENCES & set(out.columns) else None
        for column in out.columns:
            values = out[column]
            if not (values.dtype == object or pd.api.types.is_string_dtype(values)):
                continue
            id_column = next((c for c in NAME_COLUMNS.get(column, ()) if c in table.columns), None)
            if column in ID_COLUMNS:
                out[column] = values.map(lambda v: self.code_of(v) if isinstance(v, str) else v)
            elif id_column is not None:
                # a name becomes the code of the id on its row: never looked up by value, so an
                # id equal to another actor's name cannot give two actors the same code
                out[column] = [self.codes.get(str(i), self.code_of(v)) if isinstance(v, str) else v
                               for v, i in zip(values, table[id_column], strict=True)]
            elif column in NAME_COLUMNS:
                out[column] = values.map(lambda v: self.code_of(v) if isinstance(v, str) else v)
            elif column in SPACE_ID_COLUMNS:
                out[column] = values.map(lambda v: self.space_code_of(v) if isinstance(v, str) else v)
            elif column in SPACE_NAME_COLUMNS and not self.hide_space_names:
                out[column] = values.map(lambda v: self.replace_text(v, numbers=True))
            elif column in SPACE_NAME_COLUMNS and SPACE_NAME_COLUMNS[column] in table.columns:
                # like an actor's name: the code of the space on its row, never looked up by value
                out[column] = [self.space_codes.get(str(i), self.code_of(v)) if isinstance(v, str) else v
                               for v, i in zip(values, table[SPACE_NAME_COLUMNS[column]], strict=True)]
            elif column in SPACE_NAME_COLUMNS:
                out[column] = values.map(lambda v: self.code_of(v) if isinstance(v, str) else v)
            elif column in self.references:
                out[column] = values.map(lambda v: self.reference(v) if isinstance(v, str) and v.strip() else v)
            elif column in LIST_COLUMNS:
                out[column] = values.map(lambda v: "; ".join(self.code_of(n) for n in v.split("; "))
                                         if isinstance(v, str) else v)
            elif column == "message":
                out[column] = values.map(self.replace_message)
            elif column in _SENTENCES:
                out[column] = [self.sentence(v, r) for v, r in zip(values, records, strict=True)]
            else:
                free = column in self.free_text or looks_like_contact(column)
                out[column] = values.map(lambda v, free=free: self.replace_text(v, numbers=free))
        return out


def _unique_codes(ids: list[str], key: str, digits: int, space: bool = False) -> dict[str, str]:
    """Codes for every id; ids whose codes collide get longer codes until all differ."""
    codes = {i: pseudonym(i, key, digits, space) for i in ids}
    while True:
        seen: dict[str, list[str]] = defaultdict(list)
        for i, code in codes.items():
            seen[code].append(i)
        clashes = [group for group in seen.values() if len(group) > 1]
        if not clashes:
            return codes
        for group in clashes:
            for i in group:
                codes[i] = pseudonym(i, key, min(64, len(codes[i]) - 2 + 4), space)
        if all(len(codes[i]) == 66 for group in clashes for i in group):
            raise ValueError("two ids have the same HMAC-SHA256")  # never happens: distinct ids
