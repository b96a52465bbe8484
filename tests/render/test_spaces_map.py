"""The shared-spaces map stays bounded (issue 21, item 2): one person in thousands of spaces
does not link every pair of them in "Spaces that share users", and the picture says so."""
from __future__ import annotations

import pandas as pd
import pytest

from netmap import analyse
from netmap.metrics import twomode
from netmap.network import StakeholderNetwork
from netmap.render import spaces_map
from netmap.validate.affiliations import COPRESENCE_CAP

SPACES = 3000


@pytest.fixture(scope="module")
def everywhere():
    """Pat uses 3,000 spaces; Ann and Bob share the first two, Cat the second."""
    links = [("pat", f"s{j:04d}") for j in range(SPACES)] + [("ann", "s0000"), ("bob", "s0000"), ("ann", "s0001"),
                                                              ("bob", "s0001"), ("cat", "s0001")]
    people = ["ann", "bob", "cat", "pat"]
    network = StakeholderNetwork(
        pd.DataFrame({"id": people, "name": ["Ann", "Bob", "Cat", "Pat"]}, dtype=object),
        pd.DataFrame({"source": ["ann"], "target": ["cat"], "weight": [1.0]}).astype({"source": object,
                                                                                     "target": object}),
        False,
        pd.DataFrame({"actor": [a for a, _ in links], "space": [s for _, s in links], "weight": 1.0}),
        pd.DataFrame({"id": [f"s{j:04d}" for j in range(SPACES)], "name": [f"Space {j}" for j in range(SPACES)]},
                     dtype=object))
    return analyse(network)


def test_spaces_that_share_users_leave_out_someone_in_thousands_of_spaces(everywhere, monkeypatch):
    sizes = []
    original = twomode.project

    def measured(*args, **kwargs):
        matrix = original(*args, **kwargs)
        sizes.append(matrix.nnz)
        return matrix

    monkeypatch.setattr(spaces_map.twomode, "project", measured)
    data = spaces_map.build_spaces_map(everywhere, "spaces")
    # Pat alone would link 3,000 × 2,999 ordered pairs of spaces; without Pat: two users share
    # s0000 and s0001, so one link; at most (cap − 1) per affiliation whatever the input
    affiliations = len(everywhere.network.affiliations)
    assert max(sizes) <= (COPRESENCE_CAP - 1) * affiliations
    assert [(e.source, e.target) for e in data.edges] == [("s0000", "s0001")]
    assert "2 shared users" in data.edges[0].title
    assert "1 person uses more than 30 spaces and is left out of the links: Pat (3,000 spaces)" in data.notice
    assert sum(n.shape == "square" for n in data.nodes) == SPACES


def test_people_who_meet_still_meet_in_the_people_view(everywhere):
    # the people view leaves out large spaces, not busy people: Pat meets the others at s0000–1
    data = spaces_map.build_spaces_map(everywhere, "people")
    pairs = {frozenset((e.source, e.target)) for e in data.edges}
    assert pairs == {frozenset(p) for p in [("ann", "bob"), ("ann", "cat"), ("bob", "cat"), ("ann", "pat"),
                                            ("bob", "pat"), ("cat", "pat")]}
