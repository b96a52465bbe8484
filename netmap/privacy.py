"""Pseudonymised exports: stakeholder maps of residents are personal data.

A :class:`Pseudonymiser` turns an analysis' tables into tables that can be shared:

- every actor id and name becomes a stable code (``A-`` and hex digits of an HMAC of the id),
  in id and name columns and *inside* text: ``why`` sentences, validation messages, group
  labels, notices, whatever the name's length or case ("Jo", "li", "jane.smith@example.org");
- contact and free-text columns (email, phone, address, notes, offers, needs and any column of
  free text) are left out unless the user keeps them by name; the parts of ``why`` sentences
  that quote them are withheld too;
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
           "analysis_withheld"]

#: A code as written in outputs (the property tests look for it).
CODE_PATTERN = re.compile(r"A-[0-9A-F]{10,64}")
#: What a withheld piece of free text becomes inside a sentence.
WITHHELD = "[withheld]"
#: Columns that hold actor ids, and the name column that goes with each.
ID_COLUMNS = {"id": "name", "id_a": "name_a", "id_b": "name_b", "source": None, "target": None,
              "netmap_id": None}
NAME_COLUMNS = {"name": "id", "name_a": "id_a", "name_b": "id_b"}
#: Parts of a column name that mark contact details or notes about a person.
CONTACT_HINTS = ("mail", "phone", "tel", "mobile", "fax", "address", "street", "postcode", "post_code", "zip",
                 "note", "comment", "description", "contact", "website", "url", "birth", "dob", "offers", "needs",
                 "remark", "story", "quote", "answer")
#: Insight columns that copy an actor column (withheld when that column is).
DERIVED = {"matched_need": "needs", "matched_offer": "offers"}

_WORD = re.compile(r"\w+")
_NUMBER = re.compile(r"[+-]?\d+(?:[.,:/]\d+)*%?")
_SHARED_WORDS = re.compile(r" \((?:shared words|both about)[^)]*\)")
_QUOTED = re.compile(r"'([^'\n]+)'")
_TIE = re.compile(r"\btie (.+?) (–|→) (.+?) appears\b")


def new_key() -> str:
    """A random key (salt) for pseudonyms; only the user keeps it."""
    return secrets.token_hex(16)


def pseudonym(actor_id: str, key: str, digits: int = 10) -> str:
    """Stable code for an actor: ``A-`` and ``digits`` hex digits of HMAC-SHA256(key, id).

    The same key gives the same code in every export, so files can be joined; without the
    key the code cannot be turned back into the id (nor checked against a guessed name).
    """
    digest = hmac.new(key.encode("utf-8"), str(actor_id).encode("utf-8"), hashlib.sha256).hexdigest()
    return f"A-{digest[:digits].upper()}"


def _is_number(text: str) -> bool:
    return bool(_NUMBER.fullmatch(text))


def looks_like_contact(name: str) -> bool:
    """A column name with a word that starts or ends with a contact hint ("E-mail", "telephone",
    "home_address", "Notes"), not one that only contains it ("rural" is no URL). Errs on the
    safe side ("hotel" counts as a telephone): the user can keep such a column by name."""
    words = re.split(r"[\W_]+", str(name).lower())
    return any(word.startswith(hint) or word.endswith(hint) for word in words if word for hint in CONTACT_HINTS)


def _is_free_text(name: str, values: pd.Series, groups: Iterable[str]) -> bool:
    if looks_like_contact(name):
        return True
    present = values.dropna()
    if present.empty or pd.to_numeric(present.astype(str), errors="coerce").notna().all():
        return False  # numbers (or nothing) say nothing about a person by themselves
    return name not in set(groups)


def withheld_columns(frame: pd.DataFrame, keep: Iterable[str] = (), groups: Iterable[str] = (),
                     skip: Iterable[str] = ()) -> set[str]:
    """Columns of ``frame`` left out of pseudonymised files: contact details (by name: email,
    phone, address, notes …), offers and needs, and every other text column that is not a
    grouping (``groups``), unless named in ``keep``. ``skip`` names columns never judged
    (ids, names, metrics)."""
    keep, skip, groups = set(keep), set(skip), list(groups)
    return {c for c in frame.columns
            if c not in keep and c not in skip and _is_free_text(str(c), frame[c], groups)}


def analysis_withheld(result, keep: Iterable[str] = ()) -> set[str]:
    """The actor and tie columns of an analysis left out of pseudonymised files (see
    :func:`withheld_columns`); the analysis' own group column is always kept."""
    network = result.network
    actor_attrs = [c for c in network.actors.columns if c not in ("id", "name")]
    groups = list(network.group_columns()) + [result.group_column]
    keep = set(keep)
    withheld = withheld_columns(network.actors[actor_attrs], keep, groups)
    tie_attrs = [c for c in network.ties.columns if c not in ("source", "target", "weight", "type")]
    return withheld | withheld_columns(network.ties[tie_attrs], keep)


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
    """

    def __init__(self, actors: pd.DataFrame, key: str, withheld: Iterable[str] = (), digits: int = 10,
                 free_text: Iterable[str] = ()):
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
        # text → code(s): an id or a name; a string naming several actors gets all their codes
        refers: dict[str, set[str]] = defaultdict(set)
        for actor_id in ids:
            for text in (actor_id, self.names[actor_id]):
                if text.strip():
                    refers[text.lower()].add(self.codes[actor_id])
        self._refers = {text: "/".join(sorted(codes)) for text, codes in refers.items()}
        self._words, self._numbers = _Matcher(), _Matcher()
        for text, code in self._refers.items():
            (self._numbers if _is_number(text.strip()) else self._words).add(text, code)
        self._words.finish()
        self._numbers.finish()
        self._items = self._withheld_items(actors)

    @classmethod
    def for_analysis(cls, result, key: str, keep: Iterable[str] = ()) -> Pseudonymiser:
        """The pseudonymiser of an :class:`~netmap.analysis.Analysis`: attributes of actors and
        ties that are free text or contact details are withheld unless named in ``keep``."""
        return cls(result.network.actors, key, analysis_withheld(result, keep),
                   free_text=analysis_withheld(result))

    def _withheld_items(self, actors: pd.DataFrame) -> dict[str, dict[str, str]]:
        """Per actor id: the free texts a sentence may quote (whole cells and ';' items), and
        what each becomes: withheld, or (kept) with names inside replaced."""
        items: dict[str, dict[str, str]] = defaultdict(dict)
        for column in sorted(self.free_text & set(actors.columns)):
            withheld = column in self.withheld
            for actor_id, value in zip(actors["id"], actors[column], strict=True):
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

    def _own(self, row: dict) -> dict[str, str]:
        """The strings a sentence about this row's actors may quote, and what they become."""
        own: dict[str, str] = {}
        for id_column in ("id", "id_a", "id_b"):
            actor_id = row.get(id_column)
            if not isinstance(actor_id, str) or actor_id not in self.codes:
                continue
            for item, replacement in self._items.get(actor_id, {}).items():
                own.setdefault(item, replacement)
            own[actor_id] = self.codes[actor_id]
            if self.names[actor_id].strip():
                own[self.names[actor_id]] = self.codes[actor_id]
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
        """code → original id and name: the file the user keeps apart from the export."""
        return pd.DataFrame({"code": list(self.codes.values()), "id": list(self.codes),
                             "name": [self.names[a] for a in self.codes]})

    def frame(self, table: pd.DataFrame) -> pd.DataFrame:
        """A copy with ids and names as codes, names inside text replaced, and withheld
        columns left out."""
        out = table.drop(columns=[c for c in table.columns if c in self.withheld])
        records = out.to_dict("records") if "why" in out.columns else None
        for column in out.columns:
            values = out[column]
            if not (values.dtype == object or pd.api.types.is_string_dtype(values)):
                continue
            if column in ID_COLUMNS:
                out[column] = values.map(lambda v: self.code_of(v) if isinstance(v, str) else v)
            elif column in NAME_COLUMNS and NAME_COLUMNS[column] in table.columns:
                # a name becomes the code of the id on its row: never looked up by value, so an
                # id equal to another actor's name cannot give two actors the same code
                out[column] = [self.codes.get(str(i), self.code_of(v)) if isinstance(v, str) else v
                               for v, i in zip(values, table[NAME_COLUMNS[column]], strict=True)]
            elif column in NAME_COLUMNS:
                out[column] = values.map(lambda v: self.code_of(v) if isinstance(v, str) else v)
            elif column == "members":
                out[column] = values.map(lambda v: "; ".join(self.code_of(n) for n in v.split("; "))
                                         if isinstance(v, str) else v)
            elif column == "message":
                out[column] = values.map(self.replace_message)
            elif column == "why":
                out[column] = [self.sentence(v, r) for v, r in zip(values, records, strict=True)]
            else:
                free = column in self.free_text or looks_like_contact(column)
                out[column] = values.map(lambda v, free=free: self.replace_text(v, numbers=free))
        return out


def _unique_codes(ids: list[str], key: str, digits: int) -> dict[str, str]:
    """Codes for every id; ids whose codes collide get longer codes until all differ."""
    codes = {i: pseudonym(i, key, digits) for i in ids}
    while True:
        seen: dict[str, list[str]] = defaultdict(list)
        for i, code in codes.items():
            seen[code].append(i)
        clashes = [group for group in seen.values() if len(group) > 1]
        if not clashes:
            return codes
        for group in clashes:
            for i in group:
                codes[i] = pseudonym(i, key, min(64, len(codes[i]) - 2 + 4))
        if all(len(codes[i]) == 66 for group in clashes for i in group):
            raise ValueError("two ids have the same HMAC-SHA256")  # never happens: distinct ids
