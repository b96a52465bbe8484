"""The app's Project section, run headless by AppTest on a real SQLite store: create a
project, save the sample as a wave, open it, edit (a bad edit first), see the history,
restore, and a second writer refused."""
from __future__ import annotations

import pandas as pd
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from netmap.store import open_store
from tests.conftest import ROOT

APP = str(ROOT / "app.py")


@pytest.fixture(autouse=True)
def store_path(tmp_path, monkeypatch):
    st.cache_data.clear()
    path = tmp_path / "app-store.db"
    monkeypatch.setenv("NETMAP_DB", str(path))
    yield path
    st.cache_data.clear()


def start() -> AppTest:
    return AppTest.from_file(APP, default_timeout=180).run()


def clean(at: AppTest) -> None:
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]


def button(at: AppTest, key: str):
    return next(b for b in at.button if b.key == key)


def ties_editor_key(version: int) -> str:
    """The key of the ties editor of wave '2025 baseline' opened at ``version``."""
    return f"project_edit_ties\0Millbrook\x002025 baseline\0{version}"


def open_wave(at: AppTest) -> AppTest:
    at.sidebar.text_input(key="project_author").set_value("Ann").run()
    at.sidebar.text_input(key="project_new").set_value("Millbrook").run()
    button(at, "project_create").click().run()
    clean(at)
    assert at.sidebar.selectbox(key="project_name").value == "Millbrook"
    at.text_input(key="project_save_name").set_value("2025 baseline")  # in a form: sent with the submit
    next(b for b in at.button if b.label == "Save as a wave").click().run()
    clean(at)
    assert any("Saved wave '2025 baseline'" in s.value.replace("\\", "") for s in at.success)
    at.sidebar.selectbox(key="project_wave").set_value("2025 baseline").run()
    button(at, "project_open_button").click().run()
    clean(at)
    return at


def test_save_open_edit_history_restore(store_path):
    at = open_wave(start())
    store = open_store(str(store_path))
    assert store.wave_names("Millbrook") == ["2025 baseline"]
    info = store.wave_info("Millbrook", "2025 baseline")
    # 483 ties: 478 before Millbrook's circle of trust was planted (generate_millbrook.CIRCLE_TIES adds 5)
    assert (info.actors, info.ties, info.created_by) == (168, 483, "Ann")
    # every file of the sample is kept (Millbrook's shared spaces too, when the sample has them)
    assert {"ties.csv", "actors.csv"} <= {f["filename"] for f in info.files}
    assert {f["role"] for f in info.files} <= {"ties", "actors", "affiliations", "spaces"}

    # The open wave is what the app analyses.
    assert "Showing wave '2025 baseline'" in " ".join(c.value.replace("\\", "") for c in at.sidebar.caption)
    assert at.tabs

    # A bad edit: errors by row and column, nothing saved.
    _, ties = store.wave_frames("Millbrook", "2025 baseline")
    state_key = ties_editor_key(1)
    at.session_state[state_key] = {"edited_rows": {"2": {"weight": "strong"}}, "added_rows": [], "deleted_rows": []}
    button(at, "project_save_edit").click().run()
    assert not at.exception
    assert "problem(s) in your edit" in at.error[0].value.replace("\\", "")
    assert "ties table, row 3, column 'weight': weight 'strong' is not a number" in " ".join(t.value for t in at.text)
    assert store.wave_info("Millbrook", "2025 baseline").version == 1

    # A good edit becomes revision 2 with Ann's name.
    at.session_state[state_key] = {"edited_rows": {"2": {"weight": "9"}}, "added_rows": [], "deleted_rows": [0]}
    button(at, "project_save_edit").click().run()
    clean(at)
    assert store.wave_info("Millbrook", "2025 baseline").version == 2
    changes = store.revision_changes("Millbrook", "2025 baseline", 2)
    assert set(changes["change"]) == {"changed", "removed"}
    assert store.history("Millbrook", "2025 baseline").iloc[0]["who"] == "Ann"
    _, now = store.wave_frames("Millbrook", "2025 baseline")
    assert len(now) == len(ties) - 1 and now.loc[1, "weight"] == "9"

    # History shows it; restoring revision 1 brings the original back as revision 3.
    at.selectbox(key="project_revision").set_value(1).run()
    button(at, "project_restore").click().run()
    clean(at)
    assert store.wave_info("Millbrook", "2025 baseline").version == 3
    pd.testing.assert_frame_equal(store.wave_frames("Millbrook", "2025 baseline")[1], ties)
    store.close()


def test_second_writer_in_the_app_is_refused_with_the_other_change(store_path):
    at = open_wave(start())
    # Someone else saves the same wave from another connection while Ann edits.
    other = open_store(str(store_path))
    _, ties = other.wave_frames("Millbrook", "2025 baseline")
    ties.loc[0, "weight"] = "7"
    other.edit_wave("Millbrook", "2025 baseline", base_version=1, ties=ties, author="Bob")
    state_key = ties_editor_key(1)
    at.session_state[state_key] = {"edited_rows": {"2": {"weight": "9"}}, "added_rows": [], "deleted_rows": []}
    button(at, "project_save_edit").click().run()
    assert not at.exception
    message = at.error[0].value.replace("\\", "")
    assert "not saved" in message and "Bob" in message and "weight 4 → 7" in message
    assert other.wave_info("Millbrook", "2025 baseline").version == 2
    _, now = other.wave_frames("Millbrook", "2025 baseline")
    assert now.loc[0, "weight"] == "7" and now.loc[2, "weight"] != "9"
    other.close()


def test_app_without_a_store_creates_no_file(store_path):
    at = start()
    clean(at)
    assert not store_path.exists()


def test_unreachable_team_store_is_a_message(store_path):
    at = start()
    at.sidebar.text_input(key="project_db").set_value("postgresql://u:pw-not-shown@127.0.0.1:9/x").run()
    assert not at.exception
    message = " ".join(e.value for e in at.error).replace("\\", "")
    assert "cannot open the store" in message and "pw-not-shown" not in message


@pytest.mark.parametrize("n", [1, 2])
def test_the_saved_wave_is_counted_in_words(n):
    # issue 23 item 9: "1 actors, 1 ties"-style slips
    from tests.ui.test_app import upload

    at = upload(start(), ("ties.csv", ("source,target\n" + "".join(f"a,b{i}\n" for i in range(n))).encode()))
    clean(at)
    at.sidebar.text_input(key="project_author").set_value("Ann").run()
    at.sidebar.text_input(key="project_new").set_value("Small").run()
    button(at, "project_create").click().run()
    at.text_input(key="project_save_name").set_value("one")
    next(b for b in at.button if b.label == "Save as a wave").click().run()
    clean(at)
    words = "2 actors, 1 tie." if n == 1 else "3 actors, 2 ties."
    assert any(f"Saved wave 'one' of 'Small': {words}" in s.value.replace("\\", "") for s in at.success)
