"""The name review at scale (AppTest, headless, the real app): ties never get a best match,
"Accept all clear matches" takes exactly the clear ones, one decision can be undone, decisions
are kept in the project's store (SQLite) and back in a new session, and a viewer without names
sees codes, not who typed a name."""
from __future__ import annotations

import io

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from netmap.store import open_store
from netmap.store.review import decisions as kept_decisions
from tests.conftest import ROOT, SAMPLES
from tests.ui.review_survey import review_survey
from tests.ui.team import sign_in, team_store

APP = str(ROOT / "app.py")
MILLBROOK = SAMPLES / "millbrook"


def survey(at: AppTest, roster: bytes, responses: bytes) -> AppTest:
    at.sidebar.radio(key="mode").set_value("Survey export").run()
    at.sidebar.file_uploader(key="survey_roster").set_value(("roster.csv", roster, "text/csv")).run()
    at.sidebar.file_uploader(key="survey_files").set_value([("responses.csv", responses, "text/csv")]).run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    return at


def millbrook(at: AppTest) -> AppTest:
    return survey(at, (MILLBROOK / "actors.csv").read_bytes(), (MILLBROOK / "survey" / "responses.csv").read_bytes())


def text(at: AppTest) -> str:
    return " ".join(m.value for m in list(at.markdown) + list(at.caption)).replace("\\", "")


def table(at: AppTest) -> pd.DataFrame:
    return next(d.value for d in at.dataframe if "Typed name" in d.value.columns)


def expected_clear(roster: bytes) -> set[str]:
    """The typed names whose first name one roster person has (the generator's clear matches)."""
    people = pd.read_csv(io.BytesIO(roster), dtype=str)
    firsts = people["name"].str.split().str[0].value_counts()
    return {first for first, n in firsts.items() if n == 1}


def test_tied_candidates_never_get_a_best_match():
    """Issue 23: "Carla at church" has three candidates at 80; the screen said "Best match:
    Carla Ahmed" and Accept took her. Now: they tie, the person chooses, Accept is not offered."""
    at = millbrook(AppTest.from_file(APP, default_timeout=240).run())
    names = at.selectbox(key="review_name").options
    assert len(names) == 6
    for raw in names:  # every name of the Millbrook survey ties
        at.selectbox(key="review_name").set_value(raw).run()
        shown = text(at)
        assert "They tie" in shown and "Best match" not in shown
        assert "review_accept" not in [b.key for b in at.button]
    at.selectbox(key="review_name").set_value("Carla at church").run()
    assert "3 people fit equally well (each scores 80 of 100): Carla Ahmed, Carla Jones and Carla Clarke" in text(at)
    row = table(at).set_index("Typed name").loc["Carla at church"]
    assert row["Status"] == "tied"
    assert row["In answer to"] == "Who do you turn to for help or advice?"  # the question's words, not a slug
    assert row["Typed by"] and row["Typed by"] != "r"  # a respondent's name
    assert row["Candidates (score of 100)"] == "Carla Ahmed 80 · Carla Jones 80 · Carla Clarke 80"
    # choosing one of the tied candidates decides it
    at.selectbox(key="review_pick_Carla at church").set_value("r080").run()
    at.button(key="review_pick").click().run()
    assert at.session_state["survey_decisions"]["Carla at church"] == ("r080", "Carla Jones")


def test_accept_all_clear_matches_takes_exactly_the_clear_ones_and_undo_takes_back_one():
    roster, responses = review_survey(12, seed=23)
    at = survey(AppTest.from_file(APP, default_timeout=240).run(), roster, responses)
    clear_firsts = expected_clear(roster)
    names = at.selectbox(key="review_name").options
    clear = {n for n in names if n.split()[0] in clear_firsts}
    assert 0 < len(clear) < len(names)
    assert at.button(key="review_accept_clear").label == f"Accept all {len(clear)} clear matches"
    at.button(key="review_accept_clear").click().run()
    assert not at.exception and not at.error
    decided = at.session_state["survey_decisions"]
    assert set(decided) == clear
    people = pd.read_csv(io.BytesIO(roster), dtype=str)
    for raw, (actor_id, name) in decided.items():  # each to the one roster person of that first name
        assert name.split()[0] == raw.split()[0] and people.set_index("id").loc[actor_id, "name"] == name
    shown = table(at).set_index("Typed name")
    assert set(shown.index[shown["Status"] == "decided"]) == clear
    assert set(shown.index[shown["Status"] == "tied"]) == set(names) - clear
    assert at.button(key="review_accept_clear").disabled  # none left
    # undo one: that name only is open again
    one = min(clear)
    at.selectbox(key="review_name").set_value(one).run()
    at.button(key="review_undo_one").click().run()
    assert set(at.session_state["survey_decisions"]) == clear - {one}
    assert table(at).set_index("Typed name").loc[one, "Status"] == "clear match"
    # filters: by status and by question
    at.selectbox(key="review_status").set_value("decided").run()
    assert set(table(at)["Typed name"]) == clear - {one}
    at.selectbox(key="review_status").set_value("(all)").run()
    question = "Who would you ask to help organise a street event?"
    at.selectbox(key="review_question").set_value(question).run()
    assert set(table(at)["In answer to"]) == {question} and len(table(at)) < len(names)
    # without a store: said plainly, and the decisions offered as aliases.csv
    assert any("closing the browser loses them" in w.value for w in at.warning)
    assert "review_download" in [b.key for b in at.get("download_button")]


def test_decisions_are_kept_in_the_project_and_back_in_a_new_session(tmp_path, monkeypatch):
    db = tmp_path / "store.db"
    monkeypatch.setenv("NETMAP_DB", str(db))
    with open_store(str(db), create=True) as store:
        store.create_project("Street")
    roster, responses = review_survey(12, seed=23)
    at = AppTest.from_file(APP, default_timeout=240).run()
    at.sidebar.selectbox(key="project_name").set_value("Street").run()
    at = survey(at, roster, responses)
    assert "Each decision is kept in project 'Street' as you make it." in text(at)
    assert not any("closing the browser" in w.value for w in at.warning)
    at.button(key="review_accept_clear").click().run()
    with open_store(str(db)) as store:  # kept at once, before the map is updated
        kept = kept_decisions(store, "Street")
    assert kept == at.session_state["survey_decisions"] and kept
    one = min(kept)
    at.selectbox(key="review_name").set_value(one).run()
    at.button(key="review_undo_one").click().run()
    with open_store(str(db)) as store:
        assert set(kept_decisions(store, "Street")) == set(kept) - {one}
    # a new session (the browser closed and opened again): the decisions are back
    again = AppTest.from_file(APP, default_timeout=240).run()
    again.sidebar.selectbox(key="project_name").set_value("Street").run()
    again = survey(again, roster, responses)
    assert again.session_state["survey_decisions"] == {k: v for k, v in kept.items() if k != one}
    shown = table(again).set_index("Typed name")
    assert set(shown.index[shown["Status"] == "decided"]) == set(kept) - {one}


@pytest.fixture
def team(tmp_path, monkeypatch):
    db = tmp_path / "team.db"
    monkeypatch.setenv("NETMAP_DB", str(db))
    store = team_store(db, {"vic": "viewer", "ed": "editor"})
    yield store
    store.close()


def signed_in_survey(user: str) -> AppTest:
    at = sign_in(user)
    at.sidebar.selectbox(key="project_name").set_value("Millbrook").run()
    return millbrook(at)


def test_a_viewer_without_names_sees_codes_not_who_typed_a_name(team):
    respondents = set(pd.read_csv(MILLBROOK / "survey" / "responses.csv", dtype=str).iloc[:, 1]) | set(
        pd.read_csv(MILLBROOK / "actors.csv", dtype=str)["name"])
    at = signed_in_survey("vic")
    shown = table(at)
    cells = {str(v) for v in shown.drop(columns=["Status"]).to_numpy().ravel() if v}
    assert cells and not cells & respondents
    assert not any(name in cell for cell in cells for name in respondents if len(name) > 4)
    assert all(c.startswith("A-") for c in shown["Typed by"])
    assert "Carla at church" not in set(shown["Typed name"])
    assert not {"review_accept", "review_pick", "review_reject"} & {b.key for b in at.button}
    assert at.button(key="review_accept_clear").disabled
    # an editor of the same project sees names and may decide
    ed = signed_in_survey("ed")
    assert "Carla at church" in set(table(ed)["Typed name"])
    assert not table(ed)["Typed by"].str.startswith("A-").any()
    assert "review_pick" in [b.key for b in ed.button]
