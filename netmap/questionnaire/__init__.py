"""netmap's own questionnaire: the file that describes it, the answers people give, the links
they answer through, and the wave their answers become.

The face of the stage (``from netmap.questionnaire import …``):

* :mod:`.model` — the questionnaire file (YAML), read strictly;
* :mod:`.answers` — a page of answers read from a form and checked;
* :mod:`.roster` — the people and places answers are picked from;
* :mod:`.invitations` — one unguessable link per person, the mail-merge file and the printed sheet;
* :mod:`.status` — who has answered, and who to remind;
* :mod:`.build` — closing a collection: the answers become a validated wave.

The respondent-facing server is :mod:`netmap.collect`; the rows are kept by
:mod:`netmap.store.collections`. This package imports no analysis and no UI.
"""
from __future__ import annotations

from netmap.questionnaire.answers import (
    FieldError,
    Lookup,
    PageAnswers,
    answers_by_question,
    clean_line,
    name_key,
    named,
    read_page,
)
from netmap.questionnaire.model import (
    KINDS,
    LIMITS,
    MAX_BYTES,
    Page,
    Question,
    Questionnaire,
    QuestionnaireError,
    parse_questionnaire,
    read_questionnaire,
)
from netmap.store.collections import Answer

__all__ = ["KINDS", "LIMITS", "MAX_BYTES", "Page", "Question", "Questionnaire", "QuestionnaireError",
           "parse_questionnaire", "read_questionnaire", "Answer", "FieldError", "Lookup", "PageAnswers",
           "answers_by_question", "clean_line", "name_key", "named", "read_page"]
