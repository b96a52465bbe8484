"""The collection's roster and places are bounded (found by scripts/mutate_guards.py: switching
either guard off changed no test's result). Every page that asks for names lists the roster,
and every places question lists the places, so both stay within what a phone page carries."""
from __future__ import annotations

import pytest

from netmap.errors import InputError
from netmap.questionnaire import roster as roster_module
from netmap.questionnaire.roster import read_people, read_places

ROSTER = "id,name\np1,Amina Patel\np2,Bob Hughes\np3,Carol Singh\n"
PLACES = "id,name\nhall,Church Hall\nlib,Library\n"


def test_a_roster_past_the_limit_is_refused_naming_the_file(tmp_path, monkeypatch):
    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    assert len(read_people(roster)[0]) == 3
    monkeypatch.setattr(roster_module, "MAX_ROSTER", 2)
    with pytest.raises(InputError, match=r"roster.csv: 3 people; a collection takes at most 2 \(every page"):
        read_people(roster)


def test_places_past_the_limit_are_refused_naming_the_file(tmp_path, monkeypatch):
    places = tmp_path / "places.csv"
    places.write_text(PLACES, encoding="utf-8")
    assert len(read_places(places)) == 2
    monkeypatch.setattr(roster_module, "MAX_PLACES", 1)
    with pytest.raises(InputError, match=r"places.csv: 2 places; a collection lists at most 1"):
        read_places(places)
