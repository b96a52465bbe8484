"""The response rate over the people who were asked, not the whole roster (issue 23, item 2)."""
from __future__ import annotations

import pandas as pd
import pytest

from netmap.insights.nonresponse import caveats, response_rate_of
from netmap.intake.survey import build_survey
from tests.conftest import SAMPLES

MILLBROOK = SAMPLES / "millbrook"
RESPONSES = MILLBROOK / "survey" / "responses.csv"


@pytest.fixture(scope="module")
def expected():
    """From the files themselves: the roster's residents, and one answer per row of the export
    (the README: 70 residents answered the residents' questionnaire)."""
    roster = pd.read_csv(MILLBROOK / "actors.csv")
    residents = int((roster["type"] == "resident").sum())
    answered = len(pd.read_csv(RESPONSES))
    return residents, answered, len(roster)


def test_millbrook_residents_rate_counts_the_residents(expected):
    residents, answered, roster_size = expected
    result = build_survey([RESPONSES], roster=MILLBROOK / "actors.csv", asked=("type", ("resident",)))
    r = result.report
    assert (r["answered"], r["asked"], r["roster_size"]) == (answered, residents, roster_size)
    assert r["response_rate"] == pytest.approx(answered / residents)
    assert f"{r['response_rate']:.0%}" == f"{answered / residents:.0%}"
    assert len(r["non_respondents"]) == residents - answered  # organisations were never asked
    assert response_rate_of(result.actors) == pytest.approx(answered / residents)
    assert any(f"of the {residents} people asked" in c for c in caveats(result.actors, result.ties))


def test_the_rosters_asked_column_says_who_was_asked(expected, tmp_path):
    residents, answered, _ = expected
    roster = pd.read_csv(MILLBROOK / "actors.csv")
    roster["asked"] = ["yes" if t == "resident" else "no" for t in roster["type"]]
    roster.to_csv(tmp_path / "roster.csv", index=False)
    r = build_survey([RESPONSES], roster=tmp_path / "roster.csv").report
    assert (r["answered"], r["asked"]) == (answered, residents)


def test_without_a_choice_everyone_on_the_roster_was_asked(expected):
    _, answered, roster_size = expected
    r = build_survey([RESPONSES], roster=MILLBROOK / "actors.csv").report
    assert (r["answered"], r["asked"]) == (answered, roster_size)
