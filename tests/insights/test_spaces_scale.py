"""Shared spaces at scale (issue 21, item 2): a space with thousands of users costs arithmetic,
not a list of its pairs; the counts stay exact, and when they are estimated the output says so.

Expected counts come from a brute-force count over the pairs themselves (itertools), as in
``test_spaces.py``; the memory bound is measured with tracemalloc, which sees numpy's and
scipy's arrays.
"""
from __future__ import annotations

import itertools
import math
import random
import tracemalloc

import numpy as np
import pandas as pd
import pytest

from netmap.insights import spaces as spaces_module
from netmap.insights.spaces import analyse_spaces, space_closure
from netmap.metrics import twomode
from netmap.network import StakeholderNetwork, load_network


def _network(links: list[tuple[str, str]], sectors: dict, ties: list[tuple[str, str]] = ()) -> StakeholderNetwork:
    actors = sorted(sectors)
    spaces = sorted({s for _, s in links})
    return StakeholderNetwork(
        pd.DataFrame({"id": actors, "name": actors, "sector": [sectors[a] for a in actors]}, dtype=object),
        pd.DataFrame({"source": [a for a, _ in ties], "target": [b for _, b in ties], "weight": 1.0},
                     columns=["source", "target", "weight"]).astype({"source": object, "target": object}),
        False,
        pd.DataFrame({"actor": [a for a, _ in links], "space": [s for _, s in links], "weight": 1.0}),
        pd.DataFrame({"id": spaces, "name": spaces}, dtype=object))


def _spaces(network: StakeholderNetwork, sectors: dict):
    ids = list(network.actors["id"])
    names = sorted(set(sectors.values()))
    codes = np.array([names.index(sectors[a]) for a in ids])
    return analyse_spaces(network, ids, codes, names, "sector")


def _big_market(people: int = 6000):
    """One market of ``people`` users in two sectors; 20 of them also meet at a club (10 from
    each sector), and two of those have a direct tie."""
    sectors = {f"p{i:05d}": "east" if i % 2 else "west" for i in range(people)}
    links = [(a, "market") for a in sectors] + [(f"p{i:05d}", "club") for i in range(20)]
    return _network(links, sectors, [("p00000", "p00001")]), sectors


def test_a_space_of_6000_users_is_counted_not_listed():
    network, sectors = _big_market()
    tracemalloc.start()
    try:
        result = _spaces(network, sectors)
        closure = space_closure(result, "market")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    # listing the market's 18 million pairs takes gigabytes; counting them, a few arrays
    assert peak < 100 * 2 ** 20, f"peak {peak / 2 ** 20:.0f} MiB"
    market = result.spaces.set_index("id").loc["market"]
    cross = 3000 * 3000  # east × west
    assert market["bridging_pairs"] == cross - 1  # less the tied pair
    assert market["unique_bridging_pairs"] == cross - 10 * 10  # the club's cross pairs meet there too
    club = result.spaces.set_index("id").loc["club"]
    assert club["bridging_pairs"] == 99 and club["unique_bridging_pairs"] == 0
    assert market["cross_group_share"] == 1.0
    assert closure.lost_pairs == cross - 100
    assert len(closure.examples) == 20
    assert not any("estimated" in note and "unique" in note for note in result.notes)


def test_the_pairs_listed_are_bounded_by_the_small_spaces():
    network, sectors = _big_market(3000)
    listed = []
    original = twomode.upper_pairs

    def counting(b, *args, **kwargs):
        for block in original(b, *args, **kwargs):
            listed.append(len(block[0]))
            yield block

    spaces_module.twomode.upper_pairs = counting
    try:
        _spaces(network, sectors)
    finally:
        spaces_module.twomode.upper_pairs = original
    # only the club's pairs (C(20, 2) = 190) are listed: the market's 4.5 million never are
    assert sum(listed) == 190
    affiliations = len(network.affiliations)
    assert sum(listed) <= spaces_module.LARGE_SPACE / 2 * affiliations


def _random_locality(seed: int, people: int = 80, places: int = 10, links: int = 400, ties: int = 60):
    rng = random.Random(seed)
    actors = [f"a{i:02d}" for i in range(people)]
    sectors = {a: rng.choice("WXYZ") for a in actors}
    uses = sorted({(rng.choice(actors), f"s{rng.randrange(places)}") for _ in range(links)})
    tied = sorted({tuple(sorted(rng.sample(actors, 2))) for _ in range(ties)})
    return _network(uses, sectors, tied), sectors, uses, tied


def _brute_force(sectors, uses, ties):
    users: dict[str, set] = {}
    for a, s in uses:
        users.setdefault(s, set()).add(a)
    tied = {frozenset(t) for t in ties}
    meets: dict[frozenset, set] = {}
    for s, members in users.items():
        for pair in itertools.combinations(sorted(members), 2):
            meets.setdefault(frozenset(pair), set()).add(s)
    cross = {p for p in meets if len({sectors[x] for x in p}) == 2}
    out = {}
    for s, members in users.items():
        here = [frozenset(p) for p in itertools.combinations(sorted(members), 2) if frozenset(p) in cross]
        bridging = [p for p in here if p not in tied]
        out[s] = (len(bridging), sum(meets[p] == {s} for p in bridging), len(here) / len(cross))
    return out


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("large", [3, 25, 40])
def test_large_spaces_counted_by_formula_equal_a_brute_force_count(monkeypatch, seed, large):
    # with a low threshold most spaces are "large": their pairs meeting at another large space
    # are found among the users of two large spaces, the rest counted by formula
    monkeypatch.setattr(spaces_module, "LARGE_SPACE", large)
    network, sectors, uses, ties = _random_locality(seed)
    result = _spaces(network, sectors).spaces.set_index("id")
    for s, (bridging, unique, share) in _brute_force(sectors, uses, ties).items():
        row = result.loc[s]
        assert (row["bridging_pairs"], row["unique_bridging_pairs"]) == (bridging, unique), s
        assert row["cross_group_share"] == pytest.approx(share, rel=1e-12)


def test_overlapping_large_spaces_are_sampled_and_say_so(monkeypatch):
    # so many users of two large spaces that listing their pairs is over budget: estimated
    monkeypatch.setattr(spaces_module, "LARGE_SPACE", 20)
    monkeypatch.setattr(twomode, "BLOCK_PAIRS", 10)
    network, sectors, uses, ties = _random_locality(3, people=120, places=8, links=900, ties=100)
    result = _spaces(network, sectors)
    table = result.spaces.set_index("id")
    expected = _brute_force(sectors, uses, ties)
    pairs = {s: math.comb(len({a for a, t in uses if t == s}), 2) for s in expected}
    for s, (bridging, unique, share) in expected.items():
        row = table.loc[s]
        assert row["bridging_pairs"] == bridging  # exact: a formula
        # 20,000 sampled pairs: within four standard errors of a binomial count (and rounding)
        p = max(unique, 1) / pairs[s]
        assert abs(row["unique_bridging_pairs"] - unique) <= 4 * pairs[s] * math.sqrt(p * (1 - p) / 20_000) + 1, s
        assert row["cross_group_share"] == pytest.approx(share, rel=0.02)
    note = next(n for n in result.notes if n.startswith("unique_bridging_pairs and cross_group_share estimated"))
    assert "20,000 randomly drawn pairs" in note
    again = _spaces(network, sectors)  # seeded: the same estimate every run
    pd.testing.assert_frame_equal(again.spaces, result.spaces)


def test_a_space_above_the_copresence_cap_says_its_users_make_no_ties(write):
    rows = "".join(f"p{i:04d},market\n" for i in range(3000)) + "p0000,club\np0001,club\n"
    network, _ = load_network(None, affiliations=write("uses.csv", "person,space\n" + rows))
    result = _spaces(network, {a: "east" if i % 2 else "west" for i, a in enumerate(network.actors["id"])})
    table = result.spaces.set_index("id")
    assert "with 3,000 users it is too large to count as its users meeting one another" in table.loc["market", "why"]
    assert "too large" not in table.loc["club", "why"]
    note = next(n for n in result.notes if n.startswith("'meets at' ties leave out"))
    assert "market (3,000 users)" in note
