"""An actor's name with its group (or id) in brackets reads as one pair of brackets, in the app
and on the footprint page alike: Millbrook's "Amina Patel (community connector)" is in the
community sector, and its card said "2. Amina Patel (community connector) (community)"
(netmap.words.with_group, in_brackets)."""
from __future__ import annotations

import re

from netmap.analysis import analyse
from netmap.insights.footprint import footprint
from netmap.network import read_network
from netmap.outputs.footprint import footprint_html
from tests.conftest import SAMPLES
from tests.ui.tables import open_view
from tests.ui.test_app import assert_clean, start
from tests.ui.test_app_reasons import _shown

#: Two closing brackets' worth of notes after one name: "… (community connector) (community)".
DOUBLED = re.compile(r"\)\s*\(")


def test_broker_cards_and_find_an_actor_in_the_app():
    at = start()  # Millbrook, grouped by sector
    assert_clean(at)
    found = at.selectbox(key="focus").options
    assert "Amina Patel (community connector; amina-patel)" in found
    assert not [o for o in found if DOUBLED.search(o)]
    at = open_view(at, "Honest brokers")
    assert_clean(at)
    cards = [_shown(m.value) for m in at.markdown if re.match(r"\*\*\d+\\?\. ", m.value)]
    assert len(cards) == 5, cards
    # the role says the group: said once; a role that does not say it takes the group inside
    assert any(c.startswith("**2. Amina Patel (community connector)** · ") for c in cards), cards
    assert any(c.startswith("**1. Millbrook Community Hub (voluntary)** · ") for c in cards), cards
    assert not [c for c in cards if DOUBLED.search(c)]


def test_footprint_page_names_the_actor_and_its_group_once():
    folder = SAMPLES / "millbrook"
    result = analyse(read_network(folder / "ties.csv", folder / "actors.csv"), group_by="sector")
    amina = footprint_html(footprint(result, "amina-patel"))
    assert "Where Amina Patel (community connector) sits among" in amina
    ken = footprint_html(footprint(result, "ken-walsh"))
    assert "Where Ken Walsh (retired joiner; community) sits among" in ken
    diy = footprint_html(footprint(result, "diy"))
    assert "Where BuildRight DIY Store (private) sits among" in diy
    assert not DOUBLED.search(amina + ken)
