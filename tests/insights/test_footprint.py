"""One organisation's footprint (netmap.insights.footprint) on a planted map whose answers are
known by construction, on the Millbrook sample's DIY store and on Zachary's karate club; cut-off
actors checked against networkx's connected components."""
from __future__ import annotations

import networkx as nx
import pandas as pd
import pytest

from netmap.analysis import analyse
from netmap.errors import InputError
from netmap.insights.footprint import footprint
from netmap.network import read_network
from tests.conftest import SAMPLES
from tests.test_analysis import network_from

SECTOR = {"store": "private", "council": "public", "church": "voluntary", "ra": "community", "bank": "private",
          "gp": "public", "leaf": "community", "shed": "voluntary"}


@pytest.fixture(scope="module")
def planted():
    """The store knows the council, the church, the residents' association, the bank and a leaf;
    the council and the church also know the GP, who could introduce them; the residents'
    association and the bank both know the shed. Without the store the map falls into three
    pieces: council–GP–church, RA–shed–bank and the leaf."""
    graph = nx.Graph([("store", "council"), ("store", "church"), ("store", "ra"), ("store", "bank"),
                      ("store", "leaf"), ("council", "gp"), ("church", "gp"), ("ra", "shed"), ("bank", "shed")])
    network = network_from(graph, sector=SECTOR,
                           offers={"store": "delivery van; timber", "gp": "health checks"},
                           needs={"church": "transport for older people", "store": "health checks for staff",
                                  "shed": "timber for projects"})
    return analyse(network, group_by="sector")


def test_where_it_sits(planted):
    found = footprint(planted, "store")
    assert found.numbers["contacts"] == 5 and found.numbers["within_two_steps"] == 7
    assert "tied to 5 actors and reaches 7 actors within two steps, 100% of the other actors" in found.where[0]
    assert "in all 3 other sectors" in found.where[1]
    # the largest piece (three actors; of two equal ones the first by name stays) is kept
    assert "4 actors would be cut off" in found.where[2] and "leaf" in found.where[2]
    # every tie has the same strength, so all are strong, but no three of them form a triangle
    assert found.numbers["circles_of_trust"] == 0 and len(found.where) == 3


def test_cut_off_matches_networkx(planted):
    graph = planted.network.graph.copy()
    graph.remove_node("store")
    pieces = sorted(nx.connected_components(graph), key=len, reverse=True)
    expected = {a for piece in pieces[1:] for a in piece}
    assert f"{len(expected)} actor" in footprint(planted, "store").where[2]


def test_introductions_only_it_can_make_come_first(planted, monkeypatch):
    from netmap.insights import footprint as module

    monkeypatch.setattr(module, "PER_CONTACT", 10)  # every pair, not the first three of each contact
    intro = footprint(planted, "store").introductions
    assert list(intro["only_through_it"]) == sorted(intro["only_through_it"], reverse=True)
    pairs = [frozenset((a, b)) for a, b in zip(intro["id_a"], intro["id_b"])]
    # council and church are public and voluntary, untied, but the GP knows both: not first
    assert frozenset(("council", "church")) in pairs
    first = intro.iloc[0]
    assert bool(first["only_through_it"]) and "only it is placed to introduce them" in first["why"]
    council_church = intro[[frozenset((a, b)) == frozenset(("council", "church"))
                            for a, b in zip(intro["id_a"], intro["id_b"])]].iloc[0]
    assert not council_church["only_through_it"] and "1 other shared contact could introduce them too" in \
        council_church["why"]
    # ra and bank share the shed: never "only through it"; store and bank are both private: no pair
    assert all(planted.actors.set_index("id").loc[[a, b], "sector"].nunique() == 2
               for a, b in zip(intro["id_a"], intro["id_b"]))


def test_what_it_could_give_and_receive(planted):
    found = footprint(planted, "store")
    give = found.could_give.set_index("id")
    assert set(give.index) == {"church", "shed"}
    assert give.loc["shed", "steps"] == 2 and give.loc["church", "steps"] == 1
    assert list(found.could_receive["id"]) == ["gp"]


def test_an_unknown_actor_is_one_clear_error(planted):
    with pytest.raises(InputError, match="'stor' is not an actor of this map; did you mean 'store'"):
        footprint(planted, "stor")


def test_the_diy_store_of_millbrook():
    folder = SAMPLES / "millbrook"
    network = read_network(folder / "ties.csv", folder / "actors.csv", affiliations=folder / "affiliations.csv",
                           spaces=folder / "spaces.csv")
    result = analyse(network, group_by="sector")
    found = footprint(result, "diy")
    # 8 contacts before the circle of trust was planted; its three partners are the other three
    assert found.name == "BuildRight DIY Store" and found.numbers["contacts"] == 11
    assert "in all 3 other sectors (community, public and voluntary)." in found.where[1]
    # the planted circle (sample_networks/generate_millbrook.py, CIRCLE_TIES), named in its footprint
    assert found.numbers["circles_of_trust"] == 1
    circle = found.where[3]
    assert circle.startswith("It is in circle of trust 1 with ") and "4 actors from 4 sectors" in circle
    assert all(name in circle for name in ("Millbrook FE College", "Millbrook Youth Club",
                                           "Eastfield Residents' Association"))
    assert "Amina Patel" not in circle  # a contact of the store, strongly tied, but not to the others
    assert "storage space" in " ".join(found.could_give["why"])  # the food bank's need, its warehouse
    assert list(found.spaces["hosts_or_uses"]) == ["uses"]
    later = analyse(read_network(folder / "wave2" / "ties.csv", folder / "wave2" / "actors.csv"), group_by="sector")
    changed = footprint(later, "diy", earlier=result)
    assert changed.changes[0].startswith("Since the earlier wave it gained 1 contact (Millbrook Food Bank)")
    # its own suggestions were pairs of its contacts, and none of those pairs is tied in wave 2
    assert changed.changes[-1] == (f"Of the {len(found.introductions)} introductions its earlier footprint "
                                   "suggested, none is a tie now.")


def test_zacharys_karate_club_instructor():
    """Mr. Hi (actor 0) in Zachary's club: every contact is in his own faction, so the two-step
    reach and the cut-off count are what networkx finds, and he has no one to introduce across."""
    result = analyse(SAMPLES / "karate" / "ties.csv", SAMPLES / "karate" / "actors.csv", group_by="club")
    found = footprint(result, "0")
    graph = nx.karate_club_graph()
    two = set(nx.single_source_shortest_path_length(graph, 0, cutoff=2)) - {0}
    assert found.numbers["within_two_steps"] == len(two)
    without = graph.copy()
    without.remove_node(0)
    pieces = sorted(nx.connected_components(without), key=len, reverse=True)
    assert found.numbers["cut_off_if_it_left"] == sum(len(p) for p in pieces[1:])


def test_cli_writes_the_page_and_pseudonymises(tmp_path):
    from netmap.cli import main

    folder = SAMPLES / "millbrook"
    args = ["footprint", str(folder / "ties.csv"), "--actors", str(folder / "actors.csv"), "--group-by", "sector",
            "--actor", "diy"]
    assert main([*args, "--out", str(tmp_path / "open")]) == 0
    page = (tmp_path / "open" / "footprint.html").read_text(encoding="utf-8")
    assert "Footprint of BuildRight DIY Store" in page and "<script" not in page
    assert main([*args, "--pseudonymise", "--key", "k", "--out", str(tmp_path / "shared")]) == 0
    shared = (tmp_path / "shared" / "footprint.html").read_text(encoding="utf-8")
    table = pd.read_csv(tmp_path / "shared" / "footprint_introductions.csv")
    names = pd.read_csv(folder / "actors.csv")["name"]
    for text in (shared, table.to_csv()):
        assert not [n for n in names if len(n) > 4 and n in text]
        assert "warehouse storage space" not in text
    assert main([*args, "--out", str(tmp_path / "open")]) == 2  # not empty, no --force
