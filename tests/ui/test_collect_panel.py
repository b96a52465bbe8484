"""The app's side of netmap's own questionnaire (netmap/ui/collect.py), driven with AppTest on a real store:
the status panel; and in the whole app, signed in, who sees the questionnaire and each action (open, links,
status, reminders, close)."""
from __future__ import annotations

import csv
import io
import json

import pytest
from streamlit.testing.v1 import AppTest

from netmap.store.audit import audit_rows
from netmap.store.collections import Collections
from tests.collect.conftest import client_of
from tests.collect.helpers import Respondent, open_locality
from tests.conftest import SAMPLES
from tests.ui.team import sign_in, team_store


def show(db: str, project: str) -> None:
    from netmap.store import open_store
    from netmap.ui.collect import panel

    panel(open_store(db), project)


def test_the_panel_shows_progress_by_group_and_who_to_remind(tmp_path):
    opened = open_locality(str(tmp_path / "store.db"), tmp_path)
    with client_of(opened.store) as client:
        amina = Respondent(client, opened.links["p1"])
        amina.consent()
        amina.save(2, {"help.1": "Bob Hughes"})
        amina.send()
        Respondent(client, opened.links["p3"]).consent()
    opened.store.close()
    at = AppTest.from_function(show, args=(opened.db, "Northgate")).run()
    assert not at.exception
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {"Invited": "6", "Started, not sent": "1", "Sent": "1", "Withdrew": "0"}
    groups = at.dataframe[0].value
    assert groups.to_dict("records") == [{"ward": "North", "invited": 3, "sent": 1, "response rate": "33%"},
                                         {"ward": "South", "invited": 3, "sent": 0, "response rate": "0%"}]
    remind = at.dataframe[1].value
    assert list(remind["name"]) == ["Bob Hughes", "Carol Singh", "Dev Khan", "John Smith", "John Smith"]
    empty = AppTest.from_function(show, args=(opened.db, "Nowhere")).run()
    assert "No questionnaire collects answers for" in empty.caption[0].value


# ---------------------------------------------------------------------------- the whole app
# The Project section of the app, signed in on a team store: owners and editors open, invite,
# follow and close a questionnaire there; viewers never see it.

MILLBROOK = SAMPLES / "millbrook"
WAVE = "2026 residents"


@pytest.fixture
def team(tmp_path, monkeypatch):
    db = tmp_path / "team.db"
    monkeypatch.setenv("NETMAP_DB", str(db))
    store = team_store(db, {"ann": "owner", "ed": "editor", "vic": "viewer with names", "nina": "viewer"})
    yield store
    store.close()


def signed_in(user: str) -> AppTest:
    at = sign_in(user)
    at.sidebar.selectbox(key="project_name").set_value("Millbrook").run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    return at


def keys(at: AppTest) -> set[str]:
    widgets = [*at.sidebar.checkbox, *at.sidebar.button, *at.sidebar.text_input, *at.sidebar.text_area,
               *at.sidebar.radio]
    return {w.key for w in widgets if w.key}


def button(at: AppTest, key: str):
    return next(b for b in at.sidebar.button if b.key == key)


def texts(at: AppTest) -> str:
    return "\n".join(t.value for t in [*at.sidebar.text, *at.sidebar.markdown, *at.sidebar.success,
                                        *at.sidebar.caption, *at.sidebar.error])


def open_millbrook(at: AppTest, wave: str = WAVE, places: bool = True) -> AppTest:
    at.sidebar.checkbox(key="collect_new").check().run()
    at.sidebar.text_input(key="collect_wave").set_value(wave)
    at.sidebar.file_uploader(key="collect_roster_file").set_value(
        ("actors.csv", (MILLBROOK / "actors.csv").read_bytes(), "text/csv"))
    if places:
        at.sidebar.file_uploader(key="collect_places_file").set_value(
            ("spaces.csv", (MILLBROOK / "spaces.csv").read_bytes(), "text/csv"))
    at.run()
    button(at, "collect_open").click()
    return at.run()


@pytest.mark.parametrize("user", ["vic", "nina"])
def test_viewers_never_see_the_questionnaire(team, user):
    at = signed_in(user)
    assert not [e for e in at.sidebar.expander if e.label.startswith("Questionnaire")]
    assert not [k for k in keys(at) if k.startswith("collect_")]
    owner = signed_in("ed")
    assert [e for e in owner.sidebar.expander if e.label.startswith("Questionnaire")]
    assert "collect_new" in keys(owner)


def test_open_links_follow_and_close_from_the_app(team, downloads):
    at = open_millbrook(signed_in("ann"))
    assert not at.exception and not at.error, [e.value for e in at.sidebar.error]
    shown = texts(at)
    assert "opened 'Millbrook neighbours 2026' for wave '2026 residents' of project 'Millbrook'" in shown
    assert "168 people on the roster" in shown
    # the same path as `netmap collect open`: the files kept byte for byte, the opening audited
    collection = Collections(team).get("Millbrook", WAVE)
    assert collection.state == "open" and collection.created_by == "ann"
    kept = {f.role: f.content for f in Collections(team).files(collection.id)}
    assert kept["questionnaire"] == (MILLBROOK / "questionnaire.yaml").read_bytes()
    assert kept["roster"] == (MILLBROOK / "actors.csv").read_bytes() and "places" in kept

    # links: an address first, then one link per person in the mail-merge file and the sheet
    assert button(at, f"collect_make_links_{collection.id}").disabled
    at.sidebar.text_input(key=f"collect_base_{collection.id}").set_value("http://testserver").run()
    button(at, f"collect_make_links_{collection.id}").click()
    at = at.run()
    assert not at.exception and not at.sidebar.error
    rows = list(csv.DictReader(io.StringIO(downloads[f"collect_invitations_{collection.id}"].decode("utf-8-sig"))))
    assert len(rows) == 168 and all(r["link"].startswith("http://testserver/r/") for r in rows)
    sheet = downloads[f"collect_sheet_{collection.id}"]
    assert sheet.count("<svg") == 169 and "Drop-in" in sheet  # one QR code each and the drop-in link
    # the links may be out already: new ones (which stop these) only after saying so
    assert button(at, f"collect_make_links_{collection.id}").disabled
    assert at.sidebar.checkbox(key=f"collect_reissue_{collection.id}").label.startswith("Make new links")

    # one person answers on the questionnaire server; the app's status follows
    with client_of(team) as client:
        first = Respondent(client, rows[0]["link"].removeprefix("http://testserver"))
        first.consent()
        first.save(2, {"help.1": rows[1]["name"], "help.2": "Adult Social Care"})  # picked, and typed
        first.send()
    downloads.clear()
    at = at.run()
    metrics = {m.label: m.value for m in at.sidebar.metric}
    assert metrics == {"Invited": "168", "Sent": "1", "Started, not sent": "0", "Withdrew": "0"}
    remind = list(csv.DictReader(io.StringIO(downloads["collect_remind_download_" + WAVE].decode("utf-8-sig"))))
    assert len(remind) == 167 and rows[0]["id"] not in {r["id"] for r in remind}
    assert set(remind[0]) >= {"id", "name", "ward", "so far"}

    # closing needs the confirmation, then builds the wave as `netmap collect close` does
    assert button(at, f"collect_close_{collection.id}").disabled
    at.sidebar.checkbox(key=f"collect_close_sure_{collection.id}").check().run()
    button(at, f"collect_close_{collection.id}").click()
    at = at.run()
    assert not at.exception and not at.sidebar.error, [e.value for e in at.sidebar.error]
    shown = texts(at)
    assert "built wave '2026 residents' from 1 respondent: 169 actors, 2 ties (0 confirmed" in shown
    assert "for a person to review: 1" in shown and "answered again" not in shown
    review = next(d.value for d in at.sidebar.dataframe if "raw_name" in d.value.columns)  # the names to review
    assert review[["raw_name", "candidate_name"]].values.tolist() == [["Adult Social Care", "Council Adult Social Care"]]
    assert WAVE in team.wave_names("Millbrook") and Collections(team).get("Millbrook", WAVE).state == "closed"
    assert WAVE in at.sidebar.selectbox(key="project_wave").options  # the Project section lists the new wave
    trail = audit_rows(team, "Millbrook")
    events = trail[trail["event"].isin(["collection opened", "collection closed"])]
    assert list(events["event"]) == ["collection opened", "collection closed"] and set(events["user"]) == {"ann"}
    assert json.loads(events["detail"].iloc[0])["wave"] == WAVE


def test_a_questionnaire_with_mistakes_is_named_by_line_and_field_and_not_opened(team):
    at = signed_in("ed")
    at.sidebar.checkbox(key="collect_new").check().run()
    sample = (MILLBROOK / "questionnaire.yaml").read_text(encoding="utf-8")
    broken = sample.replace("        max: 5\n", "        max: lots\n", 1).replace("tie_type: help", "tie_typ: help", 1)
    line = broken.splitlines().index("        max: lots") + 1
    at.sidebar.text_area[0].set_value(broken).run()
    button(at, "collect_check").click()
    at = at.run()
    problems = "\n".join(t.value for t in at.sidebar.text)
    assert f"questionnaire.yaml, line {line}, question 'help' (page 2), field 'max': must be a whole number" in problems
    assert "unknown field 'tie_typ'" in problems
    at = open_millbrook(at, places=False)
    refused = "\n".join(e.value for e in at.sidebar.error).replace("\\", "")
    assert "Not opened: the questionnaire has 3 problems, each with its line and field" in refused
    assert Collections(team).all() == []


def test_a_session_that_pseudonymises_downloads_gets_no_file_of_names(team, downloads):
    at = open_millbrook(signed_in("ann"), places=False)
    cid = next(k for k in keys(at) if k.startswith("collect_base_")).removeprefix("collect_base_")
    at.sidebar.checkbox(key="pseudonymise").check().run()
    at.sidebar.text_input(key=f"collect_base_{cid}").set_value("https://survey.example.org").run()
    button(at, f"collect_make_links_{cid}").click()
    at = at.run()
    assert not [k for k in downloads if k and k.startswith("collect_")]
    assert "they are not offered while every download is pseudonymised" in texts(at)
