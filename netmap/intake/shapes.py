"""The data model of a survey read (mentions, questions, respondents) and how an answer's shape tells a name from free text."""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from netmap.intake.names import normalise
from netmap.validate import Issue

_STOP = set("""a an the and or of to for in on at with by do does did you your yours who whom which what would could
should will can is are be been name names up five four three ten people person list please tell us me my i
give enter most usually if any""".split())


_NAME_LABELS = {"", "name", "names", "contact", "person", "name of person", "response", "answer"}


#: Most columns named in a message (the rest are counted), and most characters of any text quoted.
_LISTED = 12


_QUOTED = 80


def shown(text, limit: int = _QUOTED) -> str:
    """``text`` for a message: cut to ``limit`` characters, saying how long it was.

    >>> shown("x" * 1000, 10)
    'xxxxxxxxx… (1,000 characters)'
    """
    text = str(text)
    return text if len(text) <= limit else f"{text[:limit - 1]}… ({len(text):,} characters)"


def columns_found(header) -> str:
    """The columns of a header for a message: the first few, then how many more.

    >>> columns_found([f"c{i}" for i in range(1, 1001)])[-28:]
    "'c12' … and 988 more columns"
    """
    named = [h for h in header if h]
    listed = ", ".join(f"'{shown(h, 60)}'" for h in named[:_LISTED])
    return listed + (f" … and {len(named) - _LISTED:,} more columns" if len(named) > _LISTED else "") if named \
        else "none"


@dataclass(frozen=True)
class Mention:
    """One name typed by one respondent in answer to one question (or an alter–alter tie
    from an interview, with ``other`` naming the second person)."""

    respondent: str
    raw_name: str
    question: str
    file: str
    row: int
    column: str
    attributes: tuple[tuple[str, str], ...] = ()
    other: str | None = None
    weight: float = 1.0


@dataclass
class Question:
    """A name-generator question: its tie type (``key``), its own text, its columns, and the
    number of names it allowed (``cap``; None when unlimited)."""

    key: str
    text: str
    columns: list[str] = field(default_factory=list)
    cap: int | None = None
    mentions: int = 0


@dataclass
class SurveyData:
    """What a survey export holds: respondents (raw name → (file, row)), every mention, the
    questions, and every issue found (errors stop; warnings say what was changed)."""

    format: str
    respondents: dict[str, tuple[str, int]] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)
    questions: dict[str, Question] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)
    respondent_column: str = ""
    capped: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    _capped: set[tuple[str, str]] = field(default_factory=set, repr=False)  # (question, respondent) in capped
    #: Columns read as free text, not names: their answers are withheld from every file written
    #: (``file``, ``column``, ``answers``, ``why``).
    free_text: list[dict] = field(default_factory=list)
    #: Answers withheld one by one (a sentence typed where a name was asked for).
    withheld_answers: int = 0

    def withhold(self, file: str, column: str, answers: int, why: str) -> None:
        self.free_text.append({"file": file, "column": shown(column, 120), "answers": answers, "why": why})

    def warn(self, file, message, row=None, column=None, action="skipped"):
        column = None if column is None else shown(column, 60)
        self.issues.append(Issue("warning", file, message, row, column, action))

    def error(self, file, message, row=None, column=None):
        self.issues.append(Issue("error", file, message, row, None if column is None else shown(column, 60)))

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.level == "error"]


def question_key(text: str) -> str:
    """A short tie type from a question's text: its first three content words.

    >>> question_key("Who do you turn to for help or advice?")
    'turn_help_advice'
    >>> question_key("Q3")
    'q3'
    """
    words = re.findall(r"[a-z0-9]+", text.casefold())
    content = [w for w in words if w not in _STOP]
    return "_".join((content or words or ["named"])[:3])


def split_multi(cell: str) -> list[str]:
    """Split a multi-select cell into names: ``;`` (Microsoft Forms), ``,`` (Google Forms; but
    "Patel, Amina" stays one name), or spaces between option codes (KoboToolbox).

    >>> split_multi("Amina Patel, Bob Hughes")
    ['Amina Patel', 'Bob Hughes']
    >>> split_multi("Patel, Amina")
    ['Patel, Amina']
    >>> split_multi("amina_patel bob_hughes")
    ['amina patel', 'bob hughes']
    """
    cell = cell.strip()
    if not cell:
        return []
    if ";" in cell:
        parts = cell.split(";")
    elif "," in cell:
        parts = [p.strip() for p in cell.split(",")]
        if len(parts) == 2 and all(len(p.split()) == 1 for p in parts):
            parts = [cell]  # "Surname, First"
    elif "_" in cell:
        parts = [p.replace("_", " ") for p in cell.split()]
    else:
        parts = [cell]
    return [p.strip() for p in parts if p.strip()]


#: Words of sentences, seldom of names: "My husband drinks and I am scared to go home".
_SENTENCE_WORDS = set("""i i'm im my me mine we our us you your he his him she her they their them it it's its is am
are was were be been being have has had do does did don't dont not no can can't cannot will would should could go
going get got feel felt think know want need because but so if when very really just this that there here what
about always never sometimes often please thanks thank help helped helps""".split())


#: Header words that ask for people.
_ASKS_FOR_NAMES = re.compile(r"\b(who|whom|names?|persons?|people|contacts?|friends?|neighbours?)\b", re.IGNORECASE)


def is_sentence(text: str) -> bool:
    """An answer that reads as free text, not as a name: long, or several words of a sentence.

    >>> is_sentence("My husband drinks and I am scared to go home"), is_sentence("Bob Hughes")
    (True, False)
    >>> is_sentence("Friends of the Park"), is_sentence("Lorraine at the Co-op")
    (False, False)
    """
    words = re.findall(r"[\w']+", text.casefold())
    if len(words) > 7 or len(text) > 80:
        return True
    common = sum(w in _SENTENCE_WORDS for w in words)
    return common >= 2 or (common >= 1 and len(words) >= 5) or bool(re.search(r"\w[.!?]\s+\w+\s+\w", text))


def _cell_is_sentence(cell: str) -> bool:
    """A cell of a multi-select or free answer that reads as free text: one of its parts does."""
    return any(map(is_sentence, split_multi(cell) or [cell]))


def _capitalised(text: str) -> bool:
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", text)]
    return bool(words) and sum(w[0].isupper() for w in words) >= max(1, len(words) // 2)


def names_column(header: str, values: list[str], roster_keys: set[str] | None = None) -> tuple[bool, str]:
    """Whether a column of answers holds names, by the shape of its answers, and why.

    Names are short, few words, mostly capitalised, given by more than one respondent or
    found on the roster; a header asking "who", for a "name", "person" or "contact" needs
    less evidence. A column where answers read as sentences is free text."""
    filled = [v for v in values if v]
    if not filled:
        return False, "no answers"
    sentences = sum(map(_cell_is_sentence, filled))
    asks = bool(_ASKS_FOR_NAMES.search(header))
    if sentences >= max(1, (0.5 if asks else 0.2) * len(filled)):  # a sentence or two under "Who …" is withheld alone
        return False, f"{sentences} of {len(filled)} answers read as sentences"
    parts = [p for v in filled for p in split_multi(v)]
    if not parts:
        return False, "no answers"
    capitalised = sum(map(_capitalised, parts)) / len(parts)
    if asks:
        return True, "the question asks for people and the answers are short"
    counts: dict[str, int] = defaultdict(int)
    for p in parts:
        counts[normalise(p)] += 1
    repeated = any(c >= 2 for c in counts.values())
    on_roster = bool(roster_keys) and any(k in roster_keys for k in counts)
    if capitalised >= 0.6 and (repeated or on_roster):
        return True, "the answers are short, capitalised and " + ("on the roster" if on_roster else "repeated")
    return False, "the answers do not look like names (not repeated, not on the roster" + (
        ", not capitalised)" if capitalised < 0.6 else ")")
