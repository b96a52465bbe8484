"""Shared-space scores, under-used spaces and closures: Millbrook's planted spaces, and every
pair count checked against a brute-force count over the pairs themselves."""
from __future__ import annotations

import itertools
import math
import random

import numpy as np
import pandas as pd
import pytest

from netmap import analyse
from netmap.insights.spaces import UNDER_USED_THRESHOLD, space_closure
from netmap.network import StakeholderNetwork, read_network
from tests.conftest import SAMPLES

MB = SAMPLES / "millbrook"


@pytest.fixture(scope="module")
def millbrook():
    network = read_network(MB / "ties.csv", MB / "actors.csv", affiliations=MB / "affiliations.csv",
                           spaces=MB / "spaces.csv")
    return analyse(network, group_by="sector")


def test_the_neutral_hub_is_the_top_shared_space(millbrook):
    spaces = millbrook.spaces.spaces
    assert spaces["id"].iloc[0] == "space-hub"
    hub = spaces.iloc[0]
    assert hub["groups_reached"] == 4 and hub["evenness"] > 0.95
    assert "from 4 of 4 sectors" in hub["why"]


def test_the_busy_one_sector_club_ranks_below_the_hub(millbrook):
    spaces = millbrook.spaces.spaces.set_index("id")
    club, hub = spaces.loc["space-social-club"], spaces.loc["space-hub"]
    assert club["users"] >= hub["users"]  # as busy as the hub …
    assert club["shared_space_score"] == 0 < hub["shared_space_score"]  # … but it joins nobody
    assert club["groups_reached"] == 1 and club["bridging_pairs"] == 0
    assert "all from one sector (community)" in club["why"]
    order = list(millbrook.spaces.spaces["id"])
    assert order.index("space-social-club") > order.index("space-hub")


def test_the_under_used_hall_is_flagged_with_a_suggestion(millbrook):
    spaces = millbrook.spaces.spaces.set_index("id")
    hall = spaces.loc["space-chapel-hall"]
    assert hall["under_used_score"] >= UNDER_USED_THRESHOLD
    assert hall["under_used_score"] == spaces["under_used_score"].max()
    assert "Under-used" in hall["why"] and "all from one group" in hall["why"]
    assert spaces.loc["space-social-club", "under_used_score"] < UNDER_USED_THRESHOLD  # busy, so not under-used
    suggestions = millbrook.spaces.suggestions
    youth = suggestions[(suggestions["actor"] == "youth-club") & (suggestions["space"] == "space-chapel-hall")]
    assert len(youth) == 1
    assert youth["why"].iloc[0].startswith("Millbrook Youth Club needs a hall for evening sessions — Hollins Park "
                                           "Methodist Chapel Hall offers community hall and is used by one group")


def test_two_mode_columns_and_summary(millbrook):
    actors = millbrook.actors.set_index("id")
    for column in ("tm_degree", "tm_closeness", "tm_betweenness"):
        assert column in actors.columns
    uses = millbrook.network.affiliations.groupby("actor").size()
    expected = uses.reindex(actors.index).fillna(0) / 11  # spaces used / all spaces
    np.testing.assert_allclose(actors["tm_degree"], expected)
    assert (expected == 0).any()
    s = millbrook.summary
    assert s["spaces"] == 11 and s["affiliations"] == 248
    assert s["two_mode_density"] == pytest.approx(248 / (168 * 11))


def _random_locality(seed: int):
    rng = random.Random(seed)
    actors = [f"a{i}" for i in range(60)]
    sectors = {a: rng.choice("WXYZ") for a in actors}
    spaces = [f"s{j}" for j in range(12)]
    links = sorted({(rng.choice(actors), rng.choice(spaces)) for _ in range(150)})
    ties = sorted({tuple(sorted(rng.sample(actors, 2))) for _ in range(80)})
    network = StakeholderNetwork(
        pd.DataFrame({"id": actors, "name": actors, "sector": [sectors[a] for a in actors]}, dtype=object),
        pd.DataFrame({"source": [a for a, _ in ties], "target": [b for _, b in ties],
                      "weight": 1.0}).astype({"source": object, "target": object}),
        False,
        pd.DataFrame({"actor": [a for a, _ in links], "space": [s for _, s in links], "weight": 1.0}),
        pd.DataFrame({"id": spaces, "name": spaces}, dtype=object))
    return network, sectors, links, ties


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_pair_counts_equal_a_brute_force_count(seed):
    network, sectors, links, ties = _random_locality(seed)
    result = analyse(network, group_by="sector").spaces.spaces.set_index("id")
    users = {}
    for a, s in links:
        users.setdefault(s, set()).add(a)
    tied = {frozenset(t) for t in ties}
    meets = {}
    for s, members in users.items():
        for a, b in itertools.combinations(sorted(members), 2):
            meets.setdefault(frozenset((a, b)), set()).add(s)
    cross_pairs = {p for p in meets if len({sectors[x] for x in p}) == 2}
    for s, members in users.items():
        here = [frozenset(p) for p in itertools.combinations(sorted(members), 2) if frozenset(p) in cross_pairs]
        bridging = [p for p in here if p not in tied]
        unique = [p for p in bridging if meets[p] == {s}]
        row = result.loc[s]
        assert row["users"] == len(members)
        assert row["bridging_pairs"] == len(bridging)
        assert row["unique_bridging_pairs"] == len(unique)
        assert row["cross_group_share"] == pytest.approx(len(here) / len(cross_pairs))
        counts = pd.Series([sectors[a] for a in members]).value_counts()
        shares = counts / counts.sum()
        assert row["evenness"] == pytest.approx(-(shares * np.log(shares)).sum() / math.log(4), abs=1e-12)
        assert row["groups_reached"] == len(counts)
        if len(counts) == 1:
            assert row["shared_space_score"] == 0


def test_closing_a_space(millbrook):
    closure = space_closure(millbrook.spaces, "space-hub")
    hub = millbrook.spaces.spaces.set_index("id").loc["space-hub"]
    assert closure.lost_pairs == hub["unique_bridging_pairs"] > 0
    assert len(closure.examples) == 20
    first = closure.examples.iloc[0]
    assert first["group_a"] != first["group_b"]
    sentences = closure.sentences(millbrook.spaces.actor_names)
    assert sentences[0].startswith(f"If Millbrook Community Hub café and hall closed, {hub['unique_bridging_pairs']} "
                                   "pairs")


def test_closing_the_only_place_someone_goes():
    actors = pd.DataFrame({"id": ["a", "b", "c"], "name": ["Ann", "Bob", "Cat"], "sector": ["x", "y", "x"]},
                          dtype=object)
    ties = pd.DataFrame({"source": ["a"], "target": ["c"], "weight": [1.0]}).astype({"source": object,
                                                                                     "target": object})
    network = StakeholderNetwork(actors, ties, False,
                                 pd.DataFrame({"actor": ["a", "b"], "space": ["hall", "hall"], "weight": 1.0}),
                                 pd.DataFrame({"id": ["hall"], "name": ["The Hall"]}, dtype=object))
    result = analyse(network, group_by="sector")
    closure = space_closure(result.spaces, "hall")
    assert closure.lost_pairs == 1
    assert closure.cut_off == ["b"]  # Bob goes nowhere else and has no tie
    assert closure.lose_cross_group == ["a", "b"]  # Ann's only other contact is in her own sector
    assert "Bob" in " ".join(closure.sentences(result.spaces.actor_names))
