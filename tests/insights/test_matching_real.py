"""Issue 22, item 5: introductions need a real match of need and offer, not a shared word.

METRICS.md ("Introductions"): words are weighed by how rare they are across the locality; two
items that share only a common word are not a match. The actors below are our own, written
for these tests; the expected matches are judged by reading the items.
"""
from __future__ import annotations

import re

import pandas as pd

from netmap import analyse
from netmap.insights.matching import match_needs_to_offers
from tests.conftest import SAMPLES


def test_a_shared_word_is_not_a_need_met():
    actors = pd.DataFrame({
        "id": ["shed", "licensing", "club", "hall", "park", "joiner", "age", "bus"],
        "name": ["Men's Shed", "Licensing Team", "Social Club", "Chapel", "Park Friends", "Ken (joiner)",
                 "Age Concern", "Minibus Trust"],
        "needs": ["premises", "", "repairs to community room", "", "tools", "", "transport for older people", ""],
        "offers": ["", "licences for events and premises", "", "community hall", "", "tool library of hand and power tools",
                   "", "accessible minibus with volunteer drivers"],
    })
    matches = match_needs_to_offers(actors)
    # the licensing team offers licences (for premises), not premises; a hall does not repair a room
    assert ("shed", "licensing") not in matches
    assert ("club", "hall") not in matches
    # real matches stay: a tool library meets 'tools', a minibus meets 'transport'
    assert ("park", "joiner") in matches and ("age", "bus") in matches


def test_a_word_common_across_the_locality_weighs_little():
    # 'community' is in five of the eight names: sharing it says little. The need's head
    # 'community transport' is half 'community' by word count, but weighed by rarity (idf
    # 1 + ln(1 + N)/(1 + df): 'community' in 6 of 12 texts, 'transport' in 1) the offer covers
    # about a third of it, under the 50% a real match needs. Before issue 22 the shared word
    # gave a similarity of 0.3 and a match.
    names = ["Community Hub", "Community Cafe", "Community Choir", "Community Garden", "Community Trust",
             "Library", "Pharmacy", "Surgery"]
    actors = pd.DataFrame({"id": [f"a{i}" for i in range(8)], "name": names,
                           "needs": ["community transport", "", "", "", "", "", "", ""],
                           "offers": ["", "community lunch", "", "", "", "", "", ""]})
    assert match_needs_to_offers(actors) == {}
    from netmap.insights.matching import real_match

    assert not real_match("community transport", "community lunch", {"community": 1.5, "transport": 2.9})
    assert real_match("community transport", "community transport", {"community": 1.5, "transport": 2.9})


def test_millbrook_top_suggestions_meet_needs_and_show_only_strong_model_evidence():
    result = analyse(SAMPLES / "millbrook" / "ties.csv", SAMPLES / "millbrook" / "actors.csv", group_by="sector")
    table = result.introductions
    top = " ".join(table.head(10)["why"])
    # Men's Shed 'premises' / Licensing 'licences for events and premises' was 5th before
    assert "licences for events and premises" not in top
    for why in table["why"]:
        shown = re.search(r"ranks it above (\d+)% of the pairs considered", why)
        assert not shown or int(shown.group(1)) >= 75, why


def test_the_kind_of_thing_needed_must_be_met_not_only_its_form():
    # issue 22, item 8: in Millbrook 'computer skills' was met by 'woodworking skills' (13 of
    # the top 50), 'parenting courses' and 'English conversation practice', and 'help with
    # benefit forms' by 'crime prevention advice': the same form (skills, courses, advice),
    # another subject. Judged by reading the items.
    actors = pd.DataFrame({
        "id": ["learner", "joiner", "parents", "esol", "digital", "claimant", "police", "welfare", "gardener", "pub"],
        "name": ["Ann", "Bob (joiner)", "Family Hub", "ESOL Group", "Library", "Cal", "Police", "Advice Centre",
                 "Dee", "The Red Lion"],
        "needs": ["computer skills", "", "", "", "", "help with benefit forms", "", "", "help with the garden", ""],
        "offers": ["", "woodworking skills", "parenting courses", "English conversation practice",
                   "digital skills sessions", "", "crime prevention advice", "debt and benefits advice", "",
                   "function room"],
    })
    matches = match_needs_to_offers(actors)
    assert ("learner", "digital") in matches and ("claimant", "welfare") in matches
    for wrong in [("learner", "joiner"), ("learner", "parents"), ("learner", "esol"), ("claimant", "police"),
                  ("gardener", "pub")]:
        assert wrong not in matches, wrong


def test_a_person_needed_is_not_met_by_a_vehicle():
    # Millbrook Cabs needs 'drivers' and Patel's Pharmacy 'delivery drivers': the DIY store's
    # 'delivery van' and a 'car park' met both through the transport concept (issue 27's footprint)
    actors = pd.DataFrame({
        "id": ["cabs", "pharmacy", "diy", "market", "lifts"],
        "name": ["Millbrook Cabs", "Patel's Pharmacy", "BuildRight DIY", "Market Hall", "Volunteer Lifts"],
        "needs": ["drivers", "delivery drivers", "", "", ""],
        "offers": ["", "", "delivery van", "car park", "volunteer drivers"],
    })
    matches = match_needs_to_offers(actors)
    assert ("cabs", "lifts") in matches
    for wrong in [("cabs", "diy"), ("cabs", "market"), ("pharmacy", "diy"), ("pharmacy", "market")]:
        assert wrong not in matches, wrong
