"""The app's view of a collection (netmap/ui/collect.py), driven with AppTest on a real store."""
from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.collect.conftest import client_of
from tests.collect.helpers import Respondent, open_locality


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
