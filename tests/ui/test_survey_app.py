"""The app's survey path (AppTest, headless): upload, report, review screen, then the analysis;
and "How sure are we?"."""
from __future__ import annotations

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT, SAMPLES

APP = str(ROOT / "app.py")
ROSTER = b"id,name\nap,Amina Patel\nrh,Robert Hughes\njs,John Smith\njo,Joan Smith\nlb,Lorraine Brown\n"
WIDE = (b"Your name,Contact 1,Contact 2,Contact 3\n"
        b"Amina Patel,bob hughes,J. Smith,Lorraine at the Co-op\n"
        b"Robert Hughes,Dr A. Patel,Joan Smith,\n")


@pytest.fixture(autouse=True)
def fresh_caches():
    st.cache_data.clear()
    yield
    st.cache_data.clear()


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
    left = [c.value for c in at.caption if "left to review" in c.value]
    assert left and left[0].startswith("2 name(s) left to review")
    at.button(key="review_accept").click().run()  # "J. Smith": accept the best candidate
    assert any(c.value.startswith("1 name(s) left") for c in at.caption)
    at.button(key="review_reject").click().run()  # "Lorraine at the Co-op": a different person
    assert any(c.value.startswith("0 name(s) left") for c in at.caption)
    assert not at.exception and not at.error
    assert "Honest brokers" in [t.label for t in at.tabs]  # the usual analysis follows


def test_how_sure_are_we():
    at = AppTest.from_file(APP, default_timeout=300).run()
    at.sidebar.selectbox(key="sample").set_value("Millbrook (fictional town, 168 actors)").run()
    at.number_input(key="resamples").set_value(10).run()
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
