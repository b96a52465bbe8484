"""The questionnaire's pages as plain HTML (Jinja2, every value escaped).

Each page is built from a view of its questions (:func:`page_view`), so the templates hold
no logic beyond loops. Nothing here reads the store.
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from netmap.questionnaire import Answer, FieldError, Page, Questionnaire, named

__all__ = ["render", "page_view", "check_view", "PLAIN", "plain_page", "error_views"]

TEMPLATES = Path(__file__).resolve().parent / "templates"
_env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=True, undefined=StrictUndefined,
                   trim_blocks=True, lstrip_blocks=True)


def render(template: str, **context) -> str:
    return _env.get_template(template).render(**context)


#: What an unknown, withdrawn or closed link shows: one page, the same bytes every time.
PLAIN_TEXT = ("This link does not open a questionnaire. It may be mistyped or out of date, the answers made with it "
              "may have been withdrawn, or the questionnaire may have closed: a closed questionnaire takes no more "
              "answers.", "If you think this is a mistake, ask the person who gave you the link.")


def plain_page(heading: str, *paragraphs: str, links: Sequence[tuple[str, str]] = (), form: dict | None = None,
               csrf: str = "") -> str:
    """A page of text: ``links`` are (href, text); ``form`` one button (action, value, button, style)."""
    return render("plain.html", heading=heading, paragraphs=[p for p in paragraphs if p],
                  links=[{"href": h, "text": t} for h, t in links], form=form, csrf=csrf)


PLAIN = plain_page("Questionnaire not available", *PLAIN_TEXT)


@dataclass
class _Error:
    anchor: str
    message: str


def anchor(field: str) -> str:
    """The HTML id of a form field (``help.2`` -> ``f-help-2``)."""
    return "f-" + field.replace(".", "-")


def error_views(errors: Sequence[FieldError]) -> list[_Error]:
    return [_Error(anchor(e.field), e.message) for e in errors]


def page_view(questionnaire: Questionnaire, page: Page, saved: Mapping[str, list[Answer]],
              form: Mapping[str, list[str]] | None, errors: Sequence[FieldError]) -> list[dict]:
    """The questions of ``page`` as the template draws them: text inputs and radio groups,
    filled from ``form`` (a form sent back with errors) or else from ``saved``."""
    by_field = {e.field: e.message for e in errors}
    views = []
    for q in page.questions:
        view = {"id": q.id, "legend": q.text, "help": q.help, "note": "", "inputs": [], "groups": [],
                "error": any(f == q.id or f.startswith(q.id + ".") for f in by_field)}
        if q.kind == "consent":
            chosen = _sent(form, "consent") if form is not None else _saved_text(saved, q.id)
            view["groups"].append(_group("consent", q.text, [("agree", q.agree), ("decline", q.decline)], chosen,
                                         by_field))
            view["legend"] = ""
        elif q.kind in ("names", "offers", "needs", "places"):
            values = [a.text for a in saved.get(q.id, [])]
            word = {"names": "Name", "places": "Place", "offers": "Offer", "needs": "Need"}[q.kind]
            for i in range(1, q.max + 1):
                name = f"{q.id}.{i}"
                value = _sent(form, name) if form is not None else (values[i - 1] if i <= len(values) else "")
                view["inputs"].append({
                    "name": name, "anchor": anchor(name), "label": f"{word} {i}", "value": value,
                    "maxlength": 120 if q.kind == "names" else 200, "textarea": False,
                    "list": {"names": "people", "places": "places"}.get(q.kind, ""), "error": by_field.get(name, "")})
        elif q.kind == "about_names":
            people = named(saved, q.about)
            if not people:
                view["note"] = "You have not named anyone in the question this one asks about, so there is nothing " \
                               "to answer here."
            view["legend"] = ""  # each person named is a group of its own, with the question as its legend
            chosen = {a.about: a.text for a in saved.get(q.id, [])}
            scale = [(str(i), label) for i, label in enumerate(q.scale, start=1)] + [("", "No answer")]
            for i, (key, shown) in enumerate(people, start=1):
                name = f"{q.id}.{i}"
                value = _sent(form, name) if form is not None else chosen.get(key, "")
                view["groups"].append(_group(name, q.about_text(shown), scale, value, by_field, about=key))
        elif q.kind == "choice":
            options = [(str(i), label) for i, label in enumerate(q.options, start=1)] + [("", "No answer")]
            saved_label = _saved_text(saved, q.id)
            value = _sent(form, q.id) if form is not None else \
                (str(q.options.index(saved_label) + 1) if saved_label in q.options else "")
            view["groups"].append(_group(q.id, q.text, options, value, by_field))
            view["legend"] = ""
        elif q.kind == "text":
            value = _sent(form, q.id) if form is not None else _saved_text(saved, q.id)
            view["inputs"].append({"name": q.id, "anchor": anchor(q.id), "label": "Your answer", "value": value,
                                   "maxlength": q.max_chars, "textarea": True, "list": "",
                                   "error": by_field.get(q.id, "")})
        views.append(view)
    return views


def _group(name: str, legend: str, choices: list[tuple[str, str]], value: str, by_field: Mapping[str, str], *,
           about: str = "") -> dict:
    return {"name": name, "anchor": anchor(name), "legend": legend, "about": about,
            "error": by_field.get(name, ""),
            "choices": [{"value": v, "label": label, "checked": v == value} for v, label in choices]}


def _sent(form: Mapping[str, list[str]] | None, name: str) -> str:
    values = (form or {}).get(name) or [""]
    return values[0]


def _saved_text(saved: Mapping[str, list[Answer]], question: str) -> str:
    answers = saved.get(question) or []
    return answers[0].text if answers else ""


def check_view(questionnaire: Questionnaire, saved: Mapping[str, list[Answer]], base: str) -> list[dict]:
    """Every page after consent with its questions and the answers given, for the check page."""
    pages = []
    for page in questionnaire.pages[1:]:
        items = []
        for q in page.questions:
            if q.kind == "about_names":
                people = dict(named(saved, q.about))
                chosen = {a.about: a.text for a in saved.get(q.id, [])}
                for key, shown in people.items():
                    value = chosen.get(key)
                    label = q.scale[int(value) - 1] if value and value.isdigit() and int(value) <= len(q.scale) else None
                    items.append({"question": q.about_text(shown), "answers": [label] if label else []})
                if not people:
                    items.append({"question": q.about_text("…"), "answers": []})
            else:
                items.append({"question": q.text, "answers": [a.text for a in saved.get(q.id, [])]})
        pages.append({"title": page.title or f"Page {page.number}", "rows": items,
                      "href": f"{base}/{page.number}"})
    return pages

