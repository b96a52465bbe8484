"""The app's survey path (AppTest, headless): upload, report, review screen, then the analysis;
and "How sure are we?"."""
from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT
from tests.ui.tables import open_view

APP = str(ROOT / "app.py")
ROSTER = b"id,name\nap,Amina Patel\nrh,Robert Hughes\njs,John Smith\njo,Joan Smith\nlb,Lorraine Brown\n"
WIDE = (b"Your name,Contact 1,Contact 2,Contact 3\n"
        b"Amina Patel,bob hughes,J. Smith,Lorraine at the Co-op\n"
        b"Robert Hughes,Dr A. Patel,Joan Smith,\n")



def survey_app() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=180).run()
    at.sidebar.radio(key="mode").set_value("Survey export").run()
    at.sidebar.file_uploader(key="survey_roster").set_value(("roster.csv", ROSTER, "text/csv")).run()
    at.sidebar.file_uploader(key="survey_files").set_value([("wide.csv", WIDE, "text/csv")]).run()
    return at


def test_survey_review_then_analysis():
    at = survey_app()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert [m.label for m in at.metric][:2] == ["Respondents", "Response rate"]
    assert at.metric[1].value == "40%"
    assert any(c.value.startswith("2 typed names to review") for c in at.caption)
    assert at.selectbox(key="review_name").value == "J. Smith"  # John and Joan Smith tie: the person chooses
    at.selectbox(key="review_pick_J. Smith").set_value("js").run()
    at.button(key="review_pick").click().run()
    at.button(key="review_reject").click().run()  # "Lorraine at the Co-op": a different person
    assert any(c.value.endswith("; 2 decided.") for c in at.caption)
    assert not at.exception and not at.error
    assert "Honest brokers" in [t.label for t in at.tabs]  # the usual analysis follows


def test_how_sure_are_we():
    at = AppTest.from_file(APP, default_timeout=300).run()
    at.sidebar.selectbox(key="sample").set_value("Millbrook").run()
    open_view(at, "Honest brokers").number_input(key="resamples").set_value(10).run()
    at.button(key="how_sure").click().run()
    assert not at.exception and not at.error
    table = [d.value for d in at.dataframe if "how sure" in d.value.columns]
    assert table and table[0]["how sure"].iloc[0].endswith("of 10 resamples")


def test_rename_a_question():
    at = survey_app()
    at.text_input(key="tie_type_contact").set_value("support").run()
    assert not at.exception and not at.error
    assert at.text_input(key="tie_type_contact").value == "support"
    assert "support" in at.session_state["survey_tie_types"].values()


def test_decisions_kept_in_the_project_are_applied_and_saved_with_the_wave(tmp_path, monkeypatch):
    """Issue 12: with a project chosen, the decisions about names kept with its latest wave
    are applied (a person reviews each name once), and saving the survey's map as a wave
    keeps this wave's decisions with it."""
    import pandas as pd

    from netmap.network import load_network
    from netmap.store import open_store

    db = tmp_path / "store.db"
    monkeypatch.setenv("NETMAP_DB", str(db))
    network, _ = load_network(("ties.csv", b"source,target\nap,lb\n"), ("actors.csv", ROSTER))
    decided = pd.DataFrame({"raw_name": ["Lorraine at the Co-op"], "actor_id": ["lb"],
                            "actor_name": ["Lorraine Brown"], "score": [0.0], "decision": ["person"]})
    with open_store(str(db), create=True) as store:
        store.create_project("Street")
        store.add_wave("Street", "2025", network, tables={"aliases": decided})
    at = AppTest.from_file(APP, default_timeout=180).run()
    at.sidebar.selectbox(key="project_name").set_value("Street").run()
    at.sidebar.radio(key="mode").set_value("Survey export").run()
    at.sidebar.file_uploader(key="survey_roster").set_value(("roster.csv", ROSTER, "text/csv")).run()
    at.sidebar.file_uploader(key="survey_files").set_value([("wide.csv", WIDE, "text/csv")]).run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert any("kept with wave '2025' of 'Street' are applied" in c.value.replace("\\", "") for c in at.sidebar.caption)
    assert any(c.value.startswith("1 typed name to review") for c in at.caption)  # "J. Smith"; Lorraine was decided
    at.sidebar.text_input(key="project_author").set_value("Ann").run()
    at.text_input(key="project_save_name").set_value("2026")
    next(b for b in at.button if b.label == "Save as a wave").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    with open_store(str(db)) as store:
        kept = store.load_table("Street", "2026", "aliases")
    assert kept is not None
    assert kept.loc[kept["raw_name"] == "Lorraine at the Co-op", "decision"].item() == "person"


def test_a_question_read_as_free_text_can_be_read_as_names():
    """Issue 21, item 4: the page lists the questions read as free text (their answers are in
    no download) and lets the user read one as names."""
    wide = (b"Your name,Who do you turn to? [Name 1],Who do you turn to? [Name 2],Anyone else?\n"
            b"Amina Patel,bob hughes,Joan Smith,Lorraine Brown\n"
            b"Robert Hughes,Dr A. Patel,,john smith\n")
    at = AppTest.from_file(APP, default_timeout=180).run()
    at.sidebar.radio(key="mode").set_value("Survey export").run()
    at.sidebar.file_uploader(key="survey_roster").set_value(("roster.csv", ROSTER, "text/csv")).run()
    at.sidebar.file_uploader(key="survey_files").set_value([("wide.csv", wide, "text/csv")]).run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert any("1 question read as free text, not names" in e.label for e in at.expander)
    assert at.metric[2].value == "3"  # names typed: the free-text question's two answers are not among them
    at.multiselect(key="survey_names_pick").set_value(["Anyone else?"]).run()
    assert not at.exception and not at.error
    assert at.metric[2].value == "5"
