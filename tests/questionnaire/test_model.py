"""The questionnaire file is read strictly: every problem at once, each naming the line, the
question and the field; YAML's surprises (Yes read as true, aliases) do not happen."""
from __future__ import annotations

import pytest

from netmap.questionnaire import MAX_BYTES, QuestionnaireError, parse_questionnaire, read_questionnaire
from tests.collect.helpers import QUESTIONNAIRE
from tests.conftest import SAMPLES

CONSENT = """title: T
pages:
  - title: Start
    questions:
      - id: consent
        kind: consent
        text: Agree?
"""


def problems(text: str) -> list[str]:
    with pytest.raises(QuestionnaireError) as caught:
        parse_questionnaire(text, "q.yaml")
    return caught.value.problems


def with_page(questions: str) -> str:
    return CONSENT + "  - title: Two\n    questions:\n" + questions


def test_the_samples_read():
    q = read_questionnaire(SAMPLES / "millbrook" / "questionnaire.yaml")
    assert [p.title for p in q.pages][:2] == ["Before we start", "People you turn to"]
    assert q.tie_types == ["help and advice", "street event"]
    assert q.questions["often"].scale == ("Less than monthly", "Monthly", "Weekly", "Daily")
    assert q.group_by == "ward" and q.sha256
    test = parse_questionnaire(QUESTIONNAIRE)
    assert test.questions["trust"].becomes == "attribute" and test.questions["skills"].keep is True
    assert test.questions["story"].keep is False and test.questions["story"].max_chars == 1000


def test_yes_and_no_stay_words_and_numbers_keep_their_zeros():
    q = parse_questionnaire(with_page("""      - id: pet
        kind: choice
        text: Do you have a pet?
        options: [Yes, No, 0800]
"""))
    assert q.questions["pet"].options == ("Yes", "No", "0800")


def test_an_unknown_field_names_the_question_the_field_and_the_line():
    found = problems(with_page("""      - id: help
        kind: names
        text: Who helps you?
        tie_type: support
        maximum: 5
"""))
    assert found[0].startswith("q.yaml, line 14, question 'help' (page 2): unknown field 'maximum'")
    assert "field 'max' is missing" in found[1]


def test_every_problem_is_reported_at_once():
    found = problems(with_page("""      - id: Help
        kind: names
        text: Who?
        tie_type: support
        max: five
      - id: often
        kind: about_names
        about: nobody
        text: How often?
        scale: [Sometimes]
      - id: pick
        kind: choice
        text: Pick
        options: [A, a]
      - id: x
        kind: chat
        text: Hi
"""))
    text = "\n".join(found)
    assert "question 'Help' (page 2), field 'id': must start with a lower-case letter" in text
    assert "question 'Help' (page 2), field 'max': must be a whole number from 1 to 20, not 'five'" in text
    assert "question 'often' (page 2), field 'about': 'nobody' is not a names question on an earlier page" in text
    assert "question 'often' (page 2), field 'scale': must have 2 to 11 items, not 1" in text
    assert "question 'pick' (page 2), field 'options': item 2 'a' is given twice" in text
    assert "question 'x' (page 2), field 'kind': unknown kind 'chat'" in text
    with pytest.raises(QuestionnaireError, match=r"\(and 5 more\)"):
        parse_questionnaire(with_page("""      - id: Help
        kind: names
        text: Who?
        tie_type: support
        max: five
      - id: often
        kind: about_names
        about: nobody
        text: How often?
        scale: [Sometimes]
      - id: pick
        kind: choice
        text: Pick
        options: [A, a]
      - id: x
        kind: chat
        text: Hi
"""), "q.yaml")


def test_about_names_must_come_after_its_names_question():
    found = problems(with_page("""      - id: help
        kind: names
        text: Who?
        tie_type: support
        max: 3
      - id: often
        kind: about_names
        about: help
        text: How often do you see {name}?
        scale: [Rarely, Often]
"""))
    assert found == ["q.yaml, line 17, question 'often' (page 2), field 'about': 'help' is on page 2; a question "
                     "about the people named must come on a later page"]


def test_consent_comes_first_and_alone():
    no_consent = problems("""title: T
pages:
  - questions:
      - id: help
        kind: names
        text: Who?
        tie_type: s
        max: 2
""")
    assert "there is no consent question" in no_consent[0]
    crowded = problems("""title: T
pages:
  - questions:
      - id: consent
        kind: consent
        text: Agree?
      - id: help
        kind: names
        text: Who?
        tie_type: s
        max: 2
""")
    assert "must be the only question of the first page" in crowded[0]
    assert "asks nothing but consent" in problems(CONSENT)[0]


def test_yaml_surprises_are_refused():
    assert "is given twice" in problems(CONSENT.replace("title: T\n", "title: T\ntitle: U\n"))[0]
    aliases = CONSENT + "  - &page\n    title: Two\n    questions: []\n  - *page\n"
    assert "anchors and aliases" in problems(aliases)[0]
    assert "not valid YAML" in problems("title: [unclosed\n")[0]
    assert "the questionnaire is empty" in problems("")[0]
    assert "must be a set of 'field: value' lines" in problems("- a list\n")[0]
    assert "larger than 64 KB" in problems("title: T\n" + "#" * MAX_BYTES)[0]
    assert "not UTF-8" in problems(b"title: caf\xe9\n")[0]


def test_ids_are_unique_and_answers_do_not_overwrite_netmaps_own_columns():
    found = problems(with_page("""      - id: consent
        kind: text
        text: Again?
      - id: name
        kind: text
        text: Your name?
      - id: ward
        kind: choice
        text: Ward?
        options: [North, South]
        attribute: offers
"""))
    text = "\n".join(found)
    assert "'consent' is already the id of a question on page 1" in text
    assert "'name' is one of netmap's own actor columns" in text
    assert "question 'ward' (page 2), field 'attribute': 'offers' is one of netmap's own columns" in text


def test_limits_bound_the_questionnaire():
    many = "".join(f"  - questions:\n      - id: q{i}\n        kind: text\n        text: Q{i}\n" for i in range(25))
    assert "has 26 pages; at most 20" in problems(CONSENT + many)[0]
    assert "must be a whole number from 1 to 20, not '21'" in problems(with_page(
        "      - id: help\n        kind: names\n        text: Who?\n        tie_type: s\n        max: 21\n"))[0]
    assert "is longer than 1000 characters" in problems(with_page(
        "      - id: t\n        kind: text\n        text: " + "x" * 1001 + "\n"))[0]
