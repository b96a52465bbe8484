"""A questionnaire file (YAML), read strictly into frozen dataclasses.

The file is read with YAML's *base* loader, so every value is text until this module says
otherwise: ``Yes`` stays the word *Yes* (not ``true``), ``No`` stays *No* (not ``false``), and
``0800`` keeps its zero. Anchors and aliases are refused, as are repeated keys, unknown fields
and files over :data:`MAX_BYTES`. Every problem is reported at once, each naming the line,
the question and the field::

    questionnaire.yaml, line 14, question 'help' (page 2), field 'max': must be a whole number
    from 1 to 20, not 'five'

The format is documented in ``docs/collect.md``.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

import yaml

from netmap.errors import InputError

__all__ = ["KINDS", "LIMITS", "MAX_BYTES", "Question", "Page", "Questionnaire", "QuestionnaireError",
           "read_questionnaire", "parse_questionnaire"]

#: The kinds of question and the fields each takes besides ``id``, ``kind``, ``text``, ``help``.
KINDS: dict[str, tuple[str, ...]] = {
    "consent": ("agree", "decline"),
    "names": ("tie_type", "max"),
    "about_names": ("about", "scale", "becomes", "attribute"),
    "offers": ("max",),
    "needs": ("max",),
    "places": ("max",),
    "choice": ("options", "attribute"),
    "text": ("keep", "max_chars", "attribute"),
}
COMMON = ("id", "kind", "text", "help")
TOP = ("title", "intro", "thanks", "group_by", "pages")
PAGE = ("title", "questions")

#: Bounds that keep a page small and a form safe to take from the public.
MAX_BYTES = 64_000
LIMITS = {
    "pages": 20,
    "questions": 60,
    "names": 20,  # names per question (``max``)
    "items": 20,  # offers, needs, places per question (``max``)
    "options": 30,
    "scale": 11,
    "title_chars": 200,
    "text_chars": 1000,  # a question's text, a page's intro
    "label_chars": 80,  # an option, a scale point, a tie type
    "name_chars": 120,  # a name typed as an answer
    "item_chars": 200,  # an offer, a need, a place typed as an answer
    "free_text_chars": 2000,  # the largest max_chars of a text question
}
_ID = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
#: Actor columns an answer may not become: netmap's own.
RESERVED = {"id", "name", "responded", "on_roster", "offers", "needs", "label", "group"}
#: Tie columns an about-names attribute may not become.
RESERVED_TIE = {"source", "target", "type", "weight", "reported_by", "confirmed", "respondent", "named", "question"}


class QuestionnaireError(InputError):
    """The questionnaire file cannot be used; ``problems`` lists every one, one line each."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(problems[0] + more)


@dataclass(frozen=True)
class Question:
    """One question. ``kind`` is one of :data:`KINDS`; the other fields are used by the kinds
    that take them (``max``: names or items; ``scale``: about_names; ``options``: choice)."""

    id: str
    kind: str
    text: str
    page: int
    help: str = ""
    tie_type: str = ""
    max: int = 1
    about: str = ""
    scale: tuple[str, ...] = ()
    becomes: str = "weight"
    options: tuple[str, ...] = ()
    keep: bool = False
    max_chars: int = 1000
    attribute: str = ""
    agree: str = "Yes, I agree to take part"
    decline: str = "No, I do not want to take part"

    @property
    def column(self) -> str:
        """The actor column (choice, text) or tie column (about_names) the answers become."""
        return self.attribute or self.id

    def about_text(self, name: str) -> str:
        """The text of an about-names question for one person (``{name}`` filled in)."""
        return self.text.replace("{name}", name)


@dataclass(frozen=True)
class Page:
    number: int
    title: str
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class Questionnaire:
    title: str
    pages: tuple[Page, ...]
    intro: str = ""
    thanks: str = ""
    group_by: str = ""
    source: str = "questionnaire.yaml"
    sha256: str = ""
    questions: dict[str, Question] = field(default_factory=dict, compare=False, repr=False)

    @property
    def tie_types(self) -> list[str]:
        return list(dict.fromkeys(q.tie_type for q in self.questions.values() if q.kind == "names"))

    def of_kind(self, *kinds: str) -> list[Question]:
        return [q for q in self.questions.values() if q.kind in kinds]

    def about(self, names_question: str) -> list[Question]:
        """The about-names questions asked about the people named in ``names_question``."""
        return [q for q in self.questions.values() if q.kind == "about_names" and q.about == names_question]


def read_questionnaire(source) -> Questionnaire:
    """Read a questionnaire file: a path, or ``(name, bytes)``.

    Raises
    ------
    QuestionnaireError
        Every problem, each naming the line, the question and the field.
    """
    if isinstance(source, tuple):
        name, data = source
    else:
        name = str(source)
        try:
            with open(source, "rb") as handle:
                data = handle.read(MAX_BYTES + 1)
        except OSError as exc:
            raise QuestionnaireError([f"{name}: cannot read the questionnaire ({exc.strerror or exc})"]) from None
    return parse_questionnaire(data, name)


def parse_questionnaire(data: bytes | str, name: str = "questionnaire.yaml") -> Questionnaire:
    """The questionnaire in ``data`` (YAML text or UTF-8 bytes); see :func:`read_questionnaire`."""
    raw = data.encode("utf-8") if isinstance(data, str) else bytes(data)
    if len(raw) > MAX_BYTES:
        raise QuestionnaireError([f"{name}: the questionnaire is larger than {MAX_BYTES // 1000} KB; a "
                                  "questionnaire is a few pages of text"])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise QuestionnaireError([f"{name}: not UTF-8 text (byte {exc.start}); save it as UTF-8"]) from None
    return _Reader(name, raw).read(text)


class _Reader:
    def __init__(self, name: str, raw: bytes):
        self.name = name
        self.raw = raw
        self.problems: list[str] = []

    # -------------------------------------------------------------- reporting
    def problem(self, node, where: str, message: str) -> None:
        line = f", line {node.start_mark.line + 1}" if node is not None else ""
        self.problems.append(f"{self.name}{line}{', ' + where if where else ''}: {message}")

    # -------------------------------------------------------------- YAML nodes
    def read(self, text: str) -> Questionnaire:
        try:
            for event in yaml.parse(text, Loader=yaml.BaseLoader):
                if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                    mark = event.start_mark
                    raise QuestionnaireError([f"{self.name}, line {mark.line + 1}: anchors and aliases (& and *) "
                                              "are not used in a questionnaire; write each question out"])
            root = yaml.compose(text, Loader=yaml.BaseLoader)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f", line {mark.line + 1}" if mark is not None else ""
            reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
            raise QuestionnaireError([f"{self.name}{where}: not valid YAML ({reason})"]) from None
        if root is None:
            raise QuestionnaireError([f"{self.name}: the questionnaire is empty"])
        top = self.mapping(root, "", TOP, "the questionnaire")
        questionnaire = None
        if top is not None:
            questionnaire = self.questionnaire(root, top)
        if self.problems or questionnaire is None:
            raise QuestionnaireError(self.problems or [f"{self.name}: not a questionnaire"])
        return questionnaire

    def mapping(self, node, where: str, allowed: tuple[str, ...], what: str) -> dict | None:
        """A mapping node's fields: key -> (key node, value node); unknown and repeated keys
        are problems."""
        if not isinstance(node, yaml.MappingNode):
            self.problem(node, where, f"{what} must be a set of 'field: value' lines")
            return None
        fields: dict[str, tuple] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.problem(key_node, where, "a field name must be a word")
                continue
            key = key_node.value
            if key in fields:
                self.problem(key_node, where, f"field '{key}' is given twice")
                continue
            if key not in allowed:
                self.problem(key_node, where, f"unknown field '{key}' (the fields of {what}: {', '.join(allowed)})")
                continue
            fields[key] = (key_node, value_node)
        return fields

    def text(self, fields, key, where, *, required=False, limit=LIMITS["text_chars"], default="") -> str:
        if key not in fields:
            if required:
                node = None
                self.problem(node, where, f"field '{key}' is missing")
            return default
        _, node = fields[key]
        if not isinstance(node, yaml.ScalarNode):
            self.problem(node, _field(where, key), "must be text")
            return default
        value = node.value.strip()
        if required and not value:
            self.problem(node, _field(where, key), "is blank")
        if len(value) > limit:
            self.problem(node, _field(where, key), f"is longer than {limit} characters ({len(value)})")
        if _CONTROL.search(value):
            self.problem(node, _field(where, key), "holds control characters")
        return value

    def whole(self, fields, key, where, low: int, high: int, default: int | None) -> int:
        if key not in fields:
            if default is None:
                self.problem(None, where, f"field '{key}' is missing (a whole number from {low} to {high})")
                return low
            return default
        _, node = fields[key]
        value = node.value.strip() if isinstance(node, yaml.ScalarNode) else None
        if value is None or not re.fullmatch(r"\d{1,4}", value) or not low <= int(value) <= high:
            shown = f"'{value}'" if value is not None else "a list or a mapping"
            self.problem(node, _field(where, key), f"must be a whole number from {low} to {high}, not {shown}")
            return default if default is not None else low
        return int(value)

    def flag(self, fields, key, where, default: bool) -> bool:
        if key not in fields:
            return default
        _, node = fields[key]
        value = node.value.strip().lower() if isinstance(node, yaml.ScalarNode) else None
        if value in ("true", "yes"):
            return True
        if value in ("false", "no"):
            return False
        self.problem(node, _field(where, key), f"must be true or false, not '{value}'")
        return default

    def labels(self, fields, key, where, low: int, high: int) -> tuple[str, ...]:
        if key not in fields:
            self.problem(None, where, f"field '{key}' is missing (a list of {low} to {high} labels)")
            return ()
        _, node = fields[key]
        if not isinstance(node, yaml.SequenceNode):
            self.problem(node, _field(where, key), f"must be a list of {low} to {high} labels, one per line "
                                                   "starting with '- '")
            return ()
        out = []
        for i, item in enumerate(node.value, start=1):
            if not isinstance(item, yaml.ScalarNode) or not item.value.strip():
                self.problem(item, _field(where, key), f"item {i} must be a label")
                continue
            label = item.value.strip()
            if len(label) > LIMITS["label_chars"]:
                self.problem(item, _field(where, key), f"item {i} is longer than {LIMITS['label_chars']} characters")
            if label.casefold() in {o.casefold() for o in out}:
                self.problem(item, _field(where, key), f"item {i} '{label}' is given twice")
            out.append(label)
        if not low <= len(out) <= high:
            self.problem(node, _field(where, key), f"must have {low} to {high} items, not {len(out)}")
        return tuple(out)

    # -------------------------------------------------------------- the questionnaire
    def questionnaire(self, root, top: dict) -> Questionnaire | None:
        title = self.text(top, "title", "", required=True, limit=LIMITS["title_chars"])
        intro = self.text(top, "intro", "", limit=LIMITS["text_chars"])
        thanks = self.text(top, "thanks", "", limit=LIMITS["text_chars"])
        group_by = self.text(top, "group_by", "", limit=LIMITS["label_chars"])
        if "pages" not in top:
            self.problem(root, "", "field 'pages' is missing (a list of pages, each with its questions)")
            return None
        _, pages_node = top["pages"]
        if not isinstance(pages_node, yaml.SequenceNode) or not pages_node.value:
            self.problem(pages_node, "field 'pages'", "must be a list of pages, each starting with '- title:'")
            return None
        if len(pages_node.value) > LIMITS["pages"]:
            self.problem(pages_node, "field 'pages'", f"has {len(pages_node.value)} pages; at most "
                                                      f"{LIMITS['pages']}")
            return None
        questions: dict[str, Question] = {}
        pages = []
        count = 0
        for number, page_node in enumerate(pages_node.value, start=1):
            where = f"page {number}"
            fields = self.mapping(page_node, where, PAGE, "a page")
            if fields is None:
                continue
            page_title = self.text(fields, "title", where, limit=LIMITS["title_chars"])
            if "questions" not in fields:
                self.problem(page_node, where, "field 'questions' is missing")
                continue
            _, list_node = fields["questions"]
            if not isinstance(list_node, yaml.SequenceNode) or not list_node.value:
                self.problem(list_node, _field(where, "questions"), "must be a list of questions, each starting "
                                                                     "with '- id:'")
                continue
            count += len(list_node.value)
            if count > LIMITS["questions"]:
                self.problem(list_node, where, f"more than {LIMITS['questions']} questions in the questionnaire")
                break
            on_page = []
            for q_node in list_node.value:
                question = self.question(q_node, number, questions)
                if question is not None:
                    questions[question.id] = question
                    on_page.append(question)
            pages.append(Page(number, page_title, tuple(on_page)))
        self.whole_checks(root, pages, questions)
        return Questionnaire(title, tuple(pages), intro, thanks, group_by, self.name,
                             hashlib.sha256(self.raw).hexdigest(), questions)

    def question(self, node, page: int, earlier: dict[str, Question]) -> Question | None:
        where = f"page {page}"
        if isinstance(node, yaml.MappingNode):
            ids = [v for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == "id"]
            if ids and isinstance(ids[0], yaml.ScalarNode):
                where = f"question '{ids[0].value.strip()}' ({where})"
        kind_nodes = [v for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == "kind"] \
            if isinstance(node, yaml.MappingNode) else []
        kind = kind_nodes[0].value.strip() if kind_nodes and isinstance(kind_nodes[0], yaml.ScalarNode) else None
        if kind is not None and kind not in KINDS:
            self.problem(kind_nodes[0], _field(where, "kind"), f"unknown kind '{kind}' (kinds: {', '.join(KINDS)})")
            return None
        allowed = COMMON + (KINDS[kind] if kind else tuple(f for fs in KINDS.values() for f in fs))
        fields = self.mapping(node, where, tuple(dict.fromkeys(allowed)), f"a {kind or ''} question".replace("  ", " "))
        if fields is None:
            return None
        if kind is None:
            self.problem(node, where, f"field 'kind' is missing (kinds: {', '.join(KINDS)})")
            return None
        qid = self.text(fields, "id", where, required=True, limit=40)
        if qid and not _ID.match(qid):
            self.problem(fields["id"][1], _field(where, "id"), "must start with a lower-case letter and hold only "
                                                               "lower-case letters, digits and _ (up to 40)")
        if qid in earlier:
            self.problem(fields["id"][1], _field(where, "id"), f"'{qid}' is already the id of a question on page "
                                                               f"{earlier[qid].page}")
        text = self.text(fields, "text", where, required=True)
        options = dict(id=qid, kind=kind, text=text, page=page, help=self.text(fields, "help", where))
        if kind == "consent":
            options["agree"] = self.text(fields, "agree", where, limit=LIMITS["label_chars"]) or Question.agree
            options["decline"] = self.text(fields, "decline", where, limit=LIMITS["label_chars"]) or Question.decline
        elif kind == "names":
            options["tie_type"] = self.text(fields, "tie_type", where, required=True, limit=LIMITS["label_chars"])
            options["max"] = self.whole(fields, "max", where, 1, LIMITS["names"], None)
        elif kind in ("offers", "needs", "places"):
            options["max"] = self.whole(fields, "max", where, 1, LIMITS["items"], 5)
        elif kind == "about_names":
            about = self.text(fields, "about", where, required=True, limit=40)
            target = earlier.get(about)
            if about and (target is None or target.kind != "names"):
                names = [q.id for q in earlier.values() if q.kind == "names"]
                self.problem(fields["about"][1] if "about" in fields else None, _field(where, "about"),
                             f"'{about}' is not a names question on an earlier page (names questions so far: "
                             f"{', '.join(names) or 'none'})")
            elif target is not None and target.page >= page:
                self.problem(fields["about"][1], _field(where, "about"), f"'{about}' is on page {target.page}; a "
                             "question about the people named must come on a later page")
            options["about"] = about
            options["scale"] = self.labels(fields, "scale", where, 2, LIMITS["scale"])
            becomes = self.text(fields, "becomes", where, limit=20) or "weight"
            if becomes not in ("weight", "attribute"):
                self.problem(fields["becomes"][1], _field(where, "becomes"), f"must be 'weight' (the tie's "
                             f"strength, 1 to the number of scale points) or 'attribute', not '{becomes}'")
            options["becomes"] = becomes
            options["attribute"] = self.column_name(fields, where, RESERVED_TIE)
        elif kind == "choice":
            options["options"] = self.labels(fields, "options", where, 2, LIMITS["options"])
            options["attribute"] = self.column_name(fields, where, RESERVED)
        elif kind == "text":
            options["keep"] = self.flag(fields, "keep", where, False)
            options["max_chars"] = self.whole(fields, "max_chars", where, 1, LIMITS["free_text_chars"], 1000)
            options["attribute"] = self.column_name(fields, where, RESERVED)
        question = Question(**options)
        if kind in ("choice", "text") and question.column in RESERVED and "attribute" not in fields:
            self.problem(fields["id"][1], _field(where, "id"), f"'{question.column}' is one of netmap's own actor "
                         f"columns ({', '.join(sorted(RESERVED))}); give the question another id or an 'attribute'")
        if kind == "about_names" and question.becomes == "attribute" and question.column in RESERVED_TIE \
                and "attribute" not in fields:
            self.problem(fields["id"][1], _field(where, "id"), f"'{question.column}' is one of netmap's own tie "
                         "columns; give the question another id or an 'attribute'")
        return question

    def column_name(self, fields, where, reserved: set[str]) -> str:
        name = self.text(fields, "attribute", where, limit=40)
        if name and not _ID.match(name):
            self.problem(fields["attribute"][1], _field(where, "attribute"), "must start with a lower-case letter "
                         "and hold only lower-case letters, digits and _ (up to 40)")
        elif name in reserved:
            self.problem(fields["attribute"][1], _field(where, "attribute"), f"'{name}' is one of netmap's own "
                         f"columns ({', '.join(sorted(reserved))})")
        return name

    def whole_checks(self, root, pages: list[Page], questions: dict[str, Question]) -> None:
        consents = [q for q in questions.values() if q.kind == "consent"]
        first = pages[0].questions if pages else ()
        if not consents:
            self.problem(root, "", "there is no consent question: the first page must ask, with a question of "
                                   "kind 'consent', whether the person agrees to take part (nothing is stored until "
                                   "they do)")
        elif len(consents) > 1 or not first or first[0].kind != "consent" or len(first) > 1:
            where = f"question '{consents[0].id}' (page {consents[0].page})"
            self.problem(root, where, "the consent question must be the only question of the first page, and the "
                                      "only consent question")
        if not any(q.kind != "consent" for q in questions.values()) and pages:
            self.problem(root, "", "the questionnaire asks nothing but consent")
        weights: dict[str, str] = {}
        for q in questions.values():
            if q.kind == "about_names" and q.becomes == "weight":
                if q.about in weights:
                    self.problem(root, f"question '{q.id}' (page {q.page})", f"'{weights[q.about]}' already gives "
                                 f"the weight of the ties of '{q.about}'; make this one 'becomes: attribute'")
                weights.setdefault(q.about, q.id)
        columns: dict[str, str] = {}
        for q in questions.values():
            if q.kind in ("choice", "text") or (q.kind == "about_names" and q.becomes == "attribute"):
                scope = "tie" if q.kind == "about_names" else "actor"
                if (scope, q.column) in columns:
                    self.problem(root, f"question '{q.id}' (page {q.page})", f"its answers would go into the {scope} "
                                 f"column '{q.column}', as those of '{columns[(scope, q.column)]}' do")
                columns.setdefault((scope, q.column), q.id)


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _field(where: str, key: str) -> str:
    return f"{where}, field '{key}'" if where else f"field '{key}'"
