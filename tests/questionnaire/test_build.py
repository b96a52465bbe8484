"""A wave collected through links, closed and loaded is exactly the network the answers describe.

The expected tables below are written by hand from the answers in :func:`answer_the_locality`
(the reasoning is beside each row), then read by the same loader as any file; the stored wave
must equal them cell for cell."""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from netmap.errors import InputError
from netmap.network import read_network
from netmap.questionnaire.build import close_collection, close_summary
from netmap.questionnaire.status import collection_status
from tests.collect.conftest import client_of
from tests.collect.helpers import Respondent, csrf_of, open_locality

# Amina (p1) names Bob (picked), "Zoë Newcomer" (typed: not on the roster) and "carol singh"
# (typed in lower case: the roster's Carol), rating them Daily (4), Monthly (2), Weekly (3);
# she trusts Bob "A lot"; Carol also for the event. Bob (p2) names Amina back, Monthly (2), and
# John Smith of the South ward (p6) for the event. John Smith of the North (p5) types "Zoe
# Newcomer" without the accent. Carol (p3) starts and never sends; Dev (p4) sends and withdraws.
EXPECTED_TIES = """source,target,weight,type,reported_by,confirmed,trust
p1,p2,4,support,p1; p2,True,A lot
p1,new-zoe-newcomer,2,support,p1,False,
p1,p3,4,support; event,p1,False,
p2,p6,1,event,p2,False,
p5,new-zoe-newcomer,1,support,p5,False,
"""
# p1–p2: both named each other (confirmed), weight the higher rating: max(4, 2) = 4.
# p1–p3: support rated Weekly (3) + event (1, unrated): one pair, weights summed as every file's are.
# p5–Zoë: not rated (the about question asks only about the help question's names): 1.
EXPECTED_ACTORS = """id,name,ward,email,responded,on_roster,offers,needs,years,skills
p1,Amina Patel,North,amina@example.org,1,1,lifts to the doctor,"a ladder, paint",1 to 5 years,baking
p2,Bob Hughes,North,,1,1,,,,
p3,Carol Singh,South,,0,1,,,,
p4,Dev Khan,South,,0,1,,,,
p5,John Smith,North,,1,1,,,Longer,
p6,John Smith,South,,0,1,,,,
new-zoe-newcomer,Zoë Newcomer,,,0,0,,,,
"""
# "a ladder; paint" was one need typed with a ';' (netmap's item separator): kept as one item.
# "story" is free text not marked keep: not an actor column (it is the wave's free_text table).
EXPECTED_AFFILIATIONS = """actor,space
p1,s-hub
p1,place-the-bus-stop-cafe
p2,s-lib
p2,place-the-bus-stop-cafe
"""
# "the bus stop café" (Amina) and "The Bus Stop café" (Bob) are one typed place, named as first typed.
EXPECTED_SPACES = """id,name,kind
s-hub,Community Hub,place
s-lib,Northgate Library,place
place-the-bus-stop-cafe,the bus stop café,
"""


def answer_the_locality(opened, client) -> None:
    amina = Respondent(client, opened.links["p1"])
    amina.consent()
    amina.save(2, {"help.1": "Bob Hughes", "help.2": "Zoë Newcomer", "help.3": "carol singh",
                   "event.1": "Carol Singh"})
    amina.save(3, amina.rate("often", {"Bob Hughes": "4", "Zoë Newcomer": "2", "carol singh": "3"})
               | amina.rate("trust", {"Bob Hughes": "2"}))
    amina.save(4, {"offers.1": "lifts to the doctor", "needs.1": "a ladder; paint"})
    amina.save(5, {"places.1": "Community Hub", "places.2": "the bus stop café"})
    amina.save(6, {"years": "2", "story": "private", "skills": "baking"})
    amina.send()
    bob = Respondent(client, opened.links["p2"])
    bob.consent()
    bob.save(2, {"help.1": "Amina Patel", "event.1": "John Smith (South)"})
    bob.save(3, bob.rate("often", {"Amina Patel": "2"}))
    bob.save(5, {"places.1": "Northgate Library", "places.2": "The Bus Stop café"})
    bob.send()
    carol = Respondent(client, opened.links["p3"])
    carol.consent()
    carol.save(2, {"help.1": "Dev Khan"})
    dev = Respondent(client, opened.links["p4"])
    dev.consent()
    dev.save(2, {"help.1": "Amina Patel"})
    dev.send()
    dev.post("withdraw", {"action": "withdraw"}, csrf=csrf_of(dev.get("withdraw").text))
    john = Respondent(client, opened.links["p5"])
    john.consent()
    john.save(2, {"help.1": "Zoe Newcomer"})
    john.save(6, {"years": "3"})
    john.send()


def expected_network(tmp_path):
    files = {}
    for name, text in (("ties", EXPECTED_TIES), ("actors", EXPECTED_ACTORS), ("affiliations", EXPECTED_AFFILIATIONS),
                       ("spaces", EXPECTED_SPACES)):
        files[name] = tmp_path / f"expected_{name}.csv"
        files[name].write_text(text, encoding="utf-8")
    return read_network(files["ties"], files["actors"], affiliations=files["affiliations"], spaces=files["spaces"])


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_a_collected_wave_is_exactly_the_network_the_answers_describe(backend, tmp_path, request):
    db = str(tmp_path / "store.db") if backend == "sqlite" else request.getfixturevalue("pg_url")
    opened = open_locality(db, tmp_path)
    with client_of(opened.store) as client:
        answer_the_locality(opened, client)
        status = collection_status(opened.store, "Northgate", "2026")
        assert status.counts == {"not invited": 0, "invited": 1, "started": 1, "submitted": 3, "withdrawn": 1}
        closed = close_collection(opened.store, "Northgate", "2026")
        assert client.get(opened.links["p1"]).status_code == 404  # closed: links no longer open
    assert closed.left_out == {"started": 1, "repeats": 0}
    # a respondent naming several people is one answer, not several: no note says they "answered again"
    assert not [line for line in close_summary(closed) if "answered again" in line]
    stored = opened.store.load_network("Northgate", "2026")
    expected = expected_network(tmp_path)
    pd.testing.assert_frame_equal(stored.ties, expected.ties)
    pd.testing.assert_frame_equal(stored.actors, expected.actors)
    pd.testing.assert_frame_equal(stored.affiliations, expected.affiliations)
    pd.testing.assert_frame_equal(stored.spaces, expected.spaces)
    free = opened.store.load_table("Northgate", "2026", "free_text")
    assert free.to_dict("records") == [{"id": "p1", "question": "story", "answer": "private"}]
    aliases = opened.store.load_table("Northgate", "2026", "aliases")
    assert set(aliases.loc[aliases["actor_id"] == "new-zoe-newcomer", "raw_name"]) == {"Zoë Newcomer", "Zoe Newcomer"}
    roles = [f.role for f in opened.store.source_files("Northgate", "2026")]
    assert roles == ["questionnaire", "roster", "places", "responses"]
    assert collection_status(opened.store, "Northgate", "2026").state == "closed"
    opened.store.close()


def test_started_answers_count_only_when_asked(opened):
    with client_of(opened.store) as client:
        answer_the_locality(opened, client)
    preview = close_collection(opened.store, "Northgate", "2026", include_started=True, preview=True)
    ties = preview.collected.network.ties
    assert ("p3", "p4") in set(zip(ties["source"], ties["target"]))
    assert collection_status(opened.store, "Northgate", "2026").state == "open"  # a preview changes nothing
    assert "2026" not in opened.store.wave_names("Northgate")


def test_closing_with_no_answers_is_refused_and_leaves_the_collection_open(opened):
    with pytest.raises(InputError, match="nobody has sent answers yet"):
        close_collection(opened.store, "Northgate", "2026")
    assert collection_status(opened.store, "Northgate", "2026").state == "open"
    with client_of(opened.store) as client:
        amina = Respondent(client, opened.links["p1"])
        amina.consent()
        amina.save(2, {"help.1": "Bob Hughes"})
        amina.send()
    close_collection(opened.store, "Northgate", "2026")
    with pytest.raises(InputError, match="already closed"):
        close_collection(opened.store, "Northgate", "2026")


def test_decisions_about_names_kept_with_the_project_are_applied_again(opened):
    """A person decided on an earlier wave that 'Zoe Newcomer' is Dev Khan: the next collection
    applies it, as the survey route does."""
    from netmap.questionnaire.invitations import issue_links, open_collection
    from tests.collect.helpers import write_inputs

    with client_of(opened.store) as client:
        john = Respondent(client, opened.links["p5"])
        john.consent()
        john.save(2, {"help.1": "Zoe Newcomer"})
        john.send()
    close_collection(opened.store, "Northgate", "2026")
    aliases = opened.store.load_table("Northgate", "2026", "aliases")
    aliases.loc[aliases["raw_name"] == "Zoe Newcomer", ["actor_id", "actor_name", "decision"]] = \
        ["p4", "Dev Khan", "person"]
    opened.store.save_table("Northgate", "2026", "aliases", aliases)
    paths = write_inputs(Path(opened.db).parent)
    open_collection(opened.store, "Northgate", "2027", paths["questionnaire"], paths["roster"], paths["places"])
    links = issue_links(opened.store, "Northgate", "2027", "http://testserver")
    with client_of(opened.store) as client:
        john = Respondent(client, links.rows["link"][4].removeprefix("http://testserver"))
        john.consent()
        john.save(2, {"help.1": "Zoe Newcomer"})
        john.send()
    closed = close_collection(opened.store, "Northgate", "2027")
    assert closed.aliases_from == "2026"
    ties = closed.collected.network.ties
    assert list(zip(ties["source"], ties["target"])) == [("p5", "p4")]


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_finishing_an_interrupted_close_is_in_the_audit_trail(backend, tmp_path, request, monkeypatch, capsys):
    """A close stopped after its wave was stored and before the collection was marked closed
    (here: the last step fails, as a killed process would stop there) is finished by the next
    ``collect close``, which writes the audit row that the interrupted close never wrote."""
    from netmap.cli import main
    from netmap.store.audit import audit_rows
    from netmap.store.collections import Collections

    db = str(tmp_path / "store.db") if backend == "sqlite" else request.getfixturevalue("pg_url")
    opened = open_locality(db, tmp_path)
    with client_of(opened.store) as client:
        amina = Respondent(client, opened.links["p1"])
        amina.consent()
        amina.save(2, {"help.1": "Bob Hughes"})
        amina.send()
    moved = Collections.set_state

    def stopped_before_closed(self, collection_id, to, *, only_from):
        if to == "closed":
            raise KeyboardInterrupt("stopped between storing the wave and marking it closed")
        return moved(self, collection_id, to, only_from=only_from)

    monkeypatch.setattr(Collections, "set_state", stopped_before_closed)
    with pytest.raises(KeyboardInterrupt):
        close_collection(opened.store, "Northgate", "2026", author="ann")
    monkeypatch.setattr(Collections, "set_state", moved)
    assert collection_status(opened.store, "Northgate", "2026").state == "closing"
    assert "2026" in opened.store.wave_names("Northgate")
    assert "collection closed" not in set(audit_rows(opened.store, "Northgate")["event"])
    # a preview changes nothing, and says how to finish
    with pytest.raises(InputError, match="close again without preview"):
        close_collection(opened.store, "Northgate", "2026", preview=True)
    assert collection_status(opened.store, "Northgate", "2026").state == "closing"
    opened.store.close()
    capsys.readouterr()
    assert main(["collect", "close", "Northgate", "2026", "--db", db]) == 0
    assert "finished an interrupted close" in capsys.readouterr().out
    from netmap.store import open_store

    with open_store(db) as store:
        assert collection_status(store, "Northgate", "2026").state == "closed"
        info = store.wave_info("Northgate", "2026")
        trail = audit_rows(store, "Northgate")
    closes = trail[trail["event"] == "collection closed"]
    assert len(closes) == 1
    detail = json.loads(closes["detail"].iloc[0])
    assert detail == {"wave": "2026", "actors": info.actors, "ties": info.ties, "finished": "an interrupted close"}
    assert closes["user"].iloc[0]  # the person at the command line, as a normal close names
