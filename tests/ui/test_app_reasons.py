"""The app's reasons in plain words come from where each reason is made (netmap.words.Reason:
a plain and a technical sentence, netmap.glossary.PLAIN_WHY), not from taking numbers out of the
technical sentence by pattern: a person's own words that look like a measure stay as typed."""
from __future__ import annotations

import re

from tests.ui.tables import open_view, table
from tests.ui.test_app import assert_clean, start, upload

#: A hub tying three groups together, one of which is named like a measure ("evenness 2"), and
#: an actor at the edge offering something whose words look like one ("betweenness 3 rooms").
TIES = b"source,target\nhub,a1\nhub,a2\nhub,b1\nhub,b2\nhub,c1\nhub,c2\na1,a2\nb1,b2\nc1,c2\nedge,a1\n"
ACTORS = (b"id,name,sector,offers\nhub,Hub,north,\na1,Ann,evenness 2,\na2,Al,evenness 2,\nb1,Bea,north,\n"
          b"b2,Bo,north,\nc1,Cy,south,\nc2,Cat,south,\nedge,Ed,south,betweenness 3 rooms\n")


def _shown(markdown: str) -> str:
    """Text shown through netmap.ui.text.plain, as a reader sees it."""
    return re.sub(r"\\(.)", r"\1", markdown).replace("\u2060", "")


def test_a_reason_keeps_a_persons_words_that_look_like_a_measure():
    at = upload(start(), ("ties.csv", TIES), ("actors.csv", ACTORS))
    assert_clean(at)
    at = open_view(at, "Honest brokers")
    assert_clean(at)
    card = next(c for c in at.caption if _shown(c.value).startswith("links "))
    said = _shown(card.value)
    assert "evenness 2: 2 contacts" in said  # the group's name, as typed
    assert not re.search(r"evenness 0\.\d|constraint \d", said)  # the measures stay in the help
    technical = _shown(card.proto.help)
    assert re.search(r"\(evenness 0\.\d\d\)", technical) and "evenness 2: 2 contacts" in technical
    brokers = table(at, "name", "why")
    assert brokers.loc[brokers["name"] == "Hub", "why"].iloc[0] == said
    at = open_view(at, "Hidden wealth")
    assert_clean(at)
    assets = table(at, "name", "why")
    why = assets.loc[assets["name"] == "Ed", "why"].iloc[0]
    assert why.startswith("offers betweenness 3 rooms; 1 tie; at the outer edge of the network; ")
    assert "core" not in why
