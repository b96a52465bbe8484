"""Roles in the app (AppTest on a real store): a user sees only the projects they have a role
on; a viewer without names gets the wave coded and cannot edit; an editor's saves carry their
name; a role taken away while a wave is open closes it at the next step."""
from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from netmap.store.audit import audit_rows
from netmap.store.roles import revoke
from netmap.ui.access import WAVE_ROLE
from tests.ui.team import add_millbrook_wave, sign_in, team_store


@pytest.fixture
def team(tmp_path, monkeypatch):
    db = tmp_path / "team.db"
    monkeypatch.setenv("NETMAP_DB", str(db))
    store = team_store(db, {"ann": "owner", "vic": "viewer", "ed": "editor"}, others=("Elsewhere",))
    network = add_millbrook_wave(store, "2025 baseline")
    yield store, network
    store.close()


def open_wave(at: AppTest) -> AppTest:
    at.sidebar.selectbox(key="project_name").set_value("Millbrook").run()
    at.sidebar.selectbox(key="project_wave").set_value("2025 baseline").run()
    next(b for b in at.sidebar.button if b.key == "project_open_button").click()
    at = at.run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    return at


def captions(at: AppTest) -> str:
    return " ".join(c.value for c in list(at.caption) + list(at.sidebar.caption)).replace("\\", "")


def test_a_viewer_without_names_sees_codes_and_cannot_edit(team):
    _, network = team
    at = open_wave(sign_in("vic"))
    assert at.sidebar.selectbox(key="project_name").options == ["Millbrook"]  # not 'Elsewhere'
    assert "codes instead of names" in captions(at)
    assert "project_author" not in [t.key for t in at.sidebar.text_input]  # the signed-in name is recorded
    assert "project_db" not in [t.key for t in at.sidebar.text_input]  # the team's store, not another
    found = at.selectbox(key="focus").options
    assert len(found) == 169  # '—' and the 168 actors, each by code only
    names = set(network.actors["name"]) | set(network.actors["id"])
    assert not any(name in option for option in found for name in names if len(name) > 3)
    assert "pseudonymise" not in [c.key for c in at.sidebar.checkbox]  # no key to choose, none offered
    assert not [e for e in at.expander if e.label.startswith("Edit wave")]
    assert "editing it needs an editor's role" in captions(at)


def test_an_editor_saves_under_their_own_name(team):
    store, _ = team
    at = sign_in("ed")
    at.sidebar.selectbox(key="project_name").set_value("Millbrook").run()
    at.text_input(key="project_save_name").set_value("2026 follow-up")
    next(b for b in at.button if b.label == "Save as a wave").click()
    at = at.run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert store.wave_info("Millbrook", "2026 follow-up").created_by == "ed"
    assert store.history("Millbrook", "2026 follow-up")["who"].tolist() == ["ed"]


def test_a_role_taken_away_closes_the_open_wave(team):
    store, _ = team
    at = open_wave(sign_in("ann"))
    assert [e for e in at.expander if e.label.startswith("Edit wave")]  # an owner may edit
    revoke(store, "Millbrook", "ann", by="admin")
    at = at.run()
    assert not at.exception
    assert any("was changed or taken away, so the wave was closed" in w.value for w in at.sidebar.warning)
    assert at.sidebar.selectbox(key="project_name").options == []
    refused = audit_rows(store).query("event == 'access refused'")
    assert list(refused["user"]) == ["ann"] and list(refused["project"]) == ["Millbrook"]


def forge(at: AppTest, key: str, value: str) -> AppTest:
    """Send ``value`` for the select box ``key`` as a hand-made request would: Streamlit's
    browser only ever sends one of the options, AppTest refuses any other, so the widget state
    is written directly (as it travels over the websocket)."""
    from streamlit.proto.WidgetStates_pb2 import WidgetState

    box = at.sidebar.selectbox(key=key) if any(b.key == key for b in at.sidebar.selectbox) else at.selectbox(key=key)
    state = WidgetState(id=box.id, string_value=value)
    box.set_value(None)  # the box takes part in the next run; its state is replaced below
    original = type(box)._widget_state
    try:
        type(box)._widget_state = property(lambda self: state if self.id == box.id else original.fget(self))
        return at.run()
    finally:
        type(box)._widget_state = original


def test_a_forged_project_in_a_request_is_refused_and_audited(team):
    store, network = team
    store.add_wave("Elsewhere", "2025", network, author="admin")
    at = sign_in("vic")
    assert at.sidebar.selectbox(key="project_name").options == ["Millbrook"]
    at = forge(at, "project_name", "Elsewhere")
    assert not at.exception
    errors = [e.value.replace("\\", "") for e in at.sidebar.error]
    assert errors == ["You have no role on the project asked for, so nothing of it is shown. Choose one from the list."]
    assert at.sidebar.selectbox(key="project_name").value is None
    assert not [b for b in at.sidebar.selectbox if b.key == "project_wave"]  # none of Elsewhere's waves
    refused = audit_rows(store).iloc[-1]
    assert (refused["event"], refused["user"], refused["project"]) == ("access refused", "vic", "Elsewhere")
    assert "did not offer" in refused["detail"]
    at = at.run()  # the next step is an ordinary one again
    assert not at.sidebar.error and list(audit_rows(store)["event"]).count("access refused") == 1


def test_a_forged_role_in_the_session_is_not_believed(team):
    """The role is read from the store at every step, never from what the session remembers:
    a session claiming owner with names for a viewer without names gets the wave closed."""
    store, _ = team
    at = open_wave(sign_in("vic"))
    assert "codes instead of names" in captions(at)
    at.session_state[WAVE_ROLE] = {"project": "Millbrook", "role": "owner", "names": True}
    at = at.run()
    assert not at.exception
    assert any("was changed or taken away, so the wave was closed" in w.value for w in at.sidebar.warning)
    # closed before the wave's tables left the store: what shows now is the public sample, not the wave
    assert "project_open" not in at.session_state and "Showing wave" not in captions(at)
    refused = audit_rows(store).query("event == 'access refused'")
    assert list(refused["user"]) == ["vic"] and "role revoked or changed" in refused["detail"].iloc[0]
