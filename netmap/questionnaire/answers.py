"""A page of answers: read from a form's fields, checked against the questionnaire's bounds.

Forms are plain HTML: every field is text, and nothing a browser sends is trusted. Each
question's fields are named after it (``help.1`` … ``help.5`` for a names question,
``often.2`` and ``often.2.about`` for the second person of an about-names question). A field
that is too long, a choice that is not offered, more items than the question allows: each is
a :class:`FieldError` naming the field, and nothing of the page is saved.
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from netmap.questionnaire.model import LIMITS, Page, Question, Questionnaire
from netmap.store.collections import Answer

__all__ = ["Lookup", "FieldError", "PageAnswers", "read_page", "name_key", "named", "clean_line",
           "answers_by_question"]

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


@dataclass(frozen=True)
class Lookup:
    """A list people pick from (the roster's labels, or the places): label -> id."""

    ids: Mapping[str, str]

    def find(self, text: str) -> str | None:
        """The id of the label typed, exactly or differing only in case (when that is unique)."""
        if text in self.ids:
            return self.ids[text]
        folded = [label for label in self.ids if label.casefold() == text.casefold()]
        return self.ids[folded[0]] if len(folded) == 1 else None


@dataclass(frozen=True)
class FieldError:
    """A problem with one field: ``field`` is its name in the form."""

    field: str
    message: str


@dataclass
class PageAnswers:
    """What a page's form holds: the answers by question (every question of the page, so
    that a cleared field clears its answer), the about-names answers to drop because their
    person is no longer named, and the problems found."""

    answers: dict[str, list[Answer]] = field(default_factory=dict)
    prune: dict[str, set[str]] = field(default_factory=dict)
    errors: list[FieldError] = field(default_factory=list)
    consent: str | None = None


def clean_line(text: str) -> str:
    """One line of typed text: control and direction characters dropped, spaces collapsed."""
    text = unicodedata.normalize("NFC", _CONTROL.sub("", text.replace("\r", " ").replace("\n", " ")))
    return " ".join(text.split())


def _clean_block(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", "".join(c for c in text if c == "\n" or not _CONTROL.match(c)))
    return text.strip()


def name_key(answer: Answer) -> str:
    """The key of a named person: their roster id when picked, else the typed name folded."""
    if answer.ref:
        return "id:" + answer.ref
    return "typed:" + clean_line(answer.text).casefold()


def answers_by_question(answers: Sequence[Answer]) -> dict[str, list[Answer]]:
    out: dict[str, list[Answer]] = {}
    for a in answers:
        out.setdefault(a.question, []).append(a)
    for items in out.values():
        items.sort(key=lambda a: (a.about, a.item))
    return out


def named(saved: Mapping[str, list[Answer]], question: str) -> list[tuple[str, str]]:
    """(key, name as shown) of the people named in answer to ``question``, in order."""
    return [(name_key(a), a.text) for a in saved.get(question, [])]


def read_page(questionnaire: Questionnaire, page: Page, form: Mapping[str, list[str]], *, people: Lookup,
              places: Lookup, saved: Mapping[str, list[Answer]]) -> PageAnswers:
    """The answers of ``page`` in ``form`` (field name -> values), checked.

    ``saved`` is the sheet's answers so far (by question): an about-names question asks about
    the people named there. Fields that the page does not have are refused, so that a forged
    form cannot add answers the page never asked.
    """
    out = PageAnswers()
    expected: set[str] = {"csrf", "action"}
    for q in page.questions:
        if q.kind == "consent":
            expected.add("consent")
            _consent(q, form, out)
        elif q.kind in ("names", "offers", "needs", "places"):
            expected |= {f"{q.id}.{i}" for i in range(1, q.max + 1)}
            _items(q, form, out, people if q.kind == "names" else places if q.kind == "places" else None)
        elif q.kind == "about_names":
            people_named = named(saved, q.about)
            expected |= {f"{q.id}.{i}{end}" for i in range(1, len(people_named) + 1) for end in ("", ".about")}
            _about(q, form, out, people_named)
        elif q.kind == "choice":
            expected.add(q.id)
            _choice(q, form, out)
        elif q.kind == "text":
            expected.add(q.id)
            _text(q, form, out)
    extra = sorted(set(form) - expected)
    if extra:
        out.errors.append(FieldError(extra[0], "the form holds fields this page does not ask for; reload the page "
                                               "and answer again"))
    for name, values in form.items():
        if len(values) > 1:
            out.errors.append(FieldError(name, "the form sent this field twice; reload the page and answer again"))
            break
    for q in page.questions:  # a names page changed: answers about people no longer named go
        if q.kind == "names" and q.id in out.answers:
            keys = {name_key(a) for a in out.answers[q.id]}
            for about in questionnaire.about(q.id):
                out.prune[about.id] = keys
    return out


def _one(form: Mapping[str, list[str]], name: str) -> str:
    values = form.get(name) or [""]
    return values[0]


def _consent(q: Question, form, out: PageAnswers) -> None:
    value = _one(form, "consent")
    if value not in ("agree", "decline"):
        out.errors.append(FieldError("consent", "choose whether you agree to take part"))
        return
    out.consent = value
    out.answers[q.id] = [Answer(q.id, 0, value)]


def _items(q: Question, form, out: PageAnswers, lookup: Lookup | None) -> None:
    limit = LIMITS["name_chars"] if q.kind == "names" else LIMITS["item_chars"]
    what = {"names": "name", "places": "place", "offers": "item", "needs": "item"}[q.kind]
    found: list[Answer] = []
    seen: set[str] = set()
    for i in range(1, q.max + 1):
        name = f"{q.id}.{i}"
        text = clean_line(_one(form, name))
        if not text:
            continue
        if len(text) > limit:
            out.errors.append(FieldError(name, f"{what.capitalize()} {i} is longer than {limit} characters; "
                                               "shorten it"))
            continue
        ref = lookup.find(text) if lookup is not None else None
        answer = Answer(q.id, len(found), text, ref)
        key = name_key(answer) if q.kind != "offers" and q.kind != "needs" else text.casefold()
        if key in seen:  # the same person or item twice: kept once
            continue
        seen.add(key)
        found.append(answer)
    out.answers[q.id] = found


def _about(q: Question, form, out: PageAnswers, people_named: list[tuple[str, str]]) -> None:
    keys = {key for key, _ in people_named}
    found: list[Answer] = []
    for i in range(1, len(people_named) + 1):
        name = f"{q.id}.{i}"
        value = _one(form, name).strip()
        about = _one(form, f"{name}.about")
        if not value:
            continue
        if about not in keys:
            out.errors.append(FieldError(name, "the people you named have changed since this page was opened; "
                                               "check your answers on this page again"))
            continue
        if not value.isdigit() or not 1 <= int(value) <= len(q.scale):
            out.errors.append(FieldError(name, "choose one of the answers offered"))
            continue
        found.append(Answer(q.id, 0, value, None, about))
    out.answers[q.id] = found


def _choice(q: Question, form, out: PageAnswers) -> None:
    value = _one(form, q.id).strip()
    if not value:
        out.answers[q.id] = []
        return
    if not value.isdigit() or not 1 <= int(value) <= len(q.options):
        out.errors.append(FieldError(q.id, "choose one of the answers offered"))
        return
    out.answers[q.id] = [Answer(q.id, 0, q.options[int(value) - 1])]


def _text(q: Question, form, out: PageAnswers) -> None:
    value = _clean_block(_one(form, q.id))
    if len(value) > q.max_chars:
        out.errors.append(FieldError(q.id, f"The answer is longer than {q.max_chars} characters ({len(value)}); "
                                           "shorten it"))
        return
    out.answers[q.id] = [Answer(q.id, 0, value)] if value else []
