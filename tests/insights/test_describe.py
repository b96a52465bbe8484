"""Communities described by their members: labels worked out by hand on small networks, and
checked against the actors table on the Millbrook sample."""
from __future__ import annotations

import math

import pytest

from netmap import analyse, load_network
from netmap.insights.describe import COMMUNITY_COLUMNS, describe_communities, group_plural, shown_names
from netmap.privacy import CODE_PATTERN, Pseudonymiser
from tests.conftest import SAMPLES
from tests.insights.test_actions import STAR, TWO_GROUPS, _network


@pytest.fixture(scope="module")
def millbrook():
    folder = SAMPLES / "millbrook"
    network, _ = load_network(folder / "ties.csv", folder / "actors.csv")
    return analyse(network, group_by="sector")


def test_star_is_named_after_its_hub():
    described = describe_communities(analyse(_network(*STAR), group_by="sector"))
    assert list(described.columns) == COMMUNITY_COLUMNS
    row = described.iloc[0]
    # one community of 5: sectors x 1, y 2, z 2 — no majority; y and z tie, y comes first by name
    assert row["label"] == "Around Hub" and row["central_id"] == "h"
    assert row["description"] == "Around Hub: 5 actors from several sectors (largest: y, 40%)"
    assert row["best_connected"] == "Hub; Ann; Bea"  # Hub has 4 ties; the leaves (1 each) by name


def test_two_groups_named_by_their_best_connected_members():
    result = analyse(_network(*TWO_GROUPS), group_by="sector")
    described = describe_communities(result).set_index("label")
    # Lena and Rita have 3 ties each, everyone else 2: each triangle is named after its corner
    # that Mo ties to. Mo joins one side; that side is 3 L of 4 (75%), the other all R.
    assert set(described.index) == {"Around Lena", "Around Rita"}
    sizes = {label: row["size"] for label, row in described.iterrows()}
    assert sorted(sizes.values()) == [3, 4]
    for label, row in described.iterrows():
        if row["size"] == 4:
            assert row["description"] == f"{label}: 4 actors, mostly {row['main_group']} (75%)"
        else:
            assert row["description"] == f"{label}: 3 actors, all {row['main_group']}"


def test_ties_in_degree_broken_by_betweenness_then_name():
    # a square a-b-c-d-a plus a tail d-e. By hand: Dee has 3 ties; Ann, Bea and Cal 2 each.
    # Ann and Cal each carry half the shortest paths b-d and b-e (betweenness 1 raw), Bea half of
    # a-c (0.5): Ann and Cal before Bea, Ann before Cal by name; Eve (1 tie) last.
    result = analyse(_network("source,target\na,b\nb,c\nc,d\nd,a\nd,e\n",
                              "id,name,ward\na,Ann,x\nb,Bea,x\nc,Cal,x\nd,Dee,x\ne,Eve,x\n"), group_by="ward",
                     resolution=0.01)  # a low resolution keeps the five in one community
    row = describe_communities(result, top=5).iloc[0]
    assert row["size"] == 5 and row["label"] == "Around Dee"
    assert row["best_connected"] == "Dee; Ann; Cal; Bea; Eve"


def test_groups_are_the_communities():
    # with no grouping chosen the groups are the communities: nothing more to say about them
    result = analyse(_network("source,target\na,b\nb,c\n", "id,name\na,Ann\nb,Bea\nc,Cal\n"))
    row = describe_communities(result).iloc[0]
    assert row["description"] == "Around Bea: 3 actors"
    assert row["main_group"] is None and math.isnan(row["main_group_share"])


def test_an_isolate_is_on_their_own(millbrook):
    described = describe_communities(millbrook)
    alone = described[described["size"] == 1]
    assert list(alone["description"]) == ["Ken Walsh (retired joiner), on their own: 1 actor"]


def test_millbrook_communities_match_the_actors_table(millbrook):
    described = describe_communities(millbrook)
    actors = millbrook.actors
    assert list(described["community"]) == sorted(actors["community"].unique())
    assert described["size"].sum() == len(actors) == 168
    for _, row in described.iterrows():
        members = actors[actors["community"] == row["community"]]
        best = members.sort_values(["degree", "betweenness", "name"], ascending=[False, False, True]).iloc[0]
        assert row["central_id"] == best["id"] and row["label"] in (f"Around {best['name']}",
                                                                    f"{best['name']}, on their own")
        share = members["sector"].value_counts(normalize=True)
        assert row["main_group"] == share.index[0] and row["main_group_share"] == pytest.approx(share.iloc[0])
        if 0.5 < share.iloc[0] < 1:
            assert f"mostly {share.index[0]} ({share.iloc[0]:.0%})" in row["description"]
        assert not row["description"].startswith("community")
    assert "Around Millbrook Community Hub: 28 actors, mostly community (86%)" in set(described["description"])


def test_pseudonymised_descriptions_hold_no_name(millbrook):
    p = Pseudonymiser.for_analysis(millbrook, "k")
    described = describe_communities(millbrook, pseudonymiser=p)
    text = " ".join(described[["label", "description", "best_connected", "central_id"]].astype(str).sum(axis=1))
    names = [n for n in millbrook.actors["name"] if len(n) > 3]
    ids = [i for i in millbrook.actors["id"] if "-" in i or any(ch.isdigit() for ch in i)]
    assert [s for s in names + ids if s in text] == []
    assert all(CODE_PATTERN.fullmatch(c) for c in described["central_id"])
    # the same communities, described the same way, only by code
    plain = describe_communities(millbrook)
    assert list(described["size"]) == list(plain["size"])
    assert list(described["main_group"]) == list(plain["main_group"])


def test_helpers():
    assert group_plural("sector") == "sectors" and group_plural("community") == "communities"
    assert group_plural("ward") == "wards" and group_plural("day") == "days" and group_plural("areas") == "areas"
    result = analyse(_network("source,target\na,b\n", "id,name\na,\nb,Bea\n"))
    assert shown_names(result) == {"a": "a", "b": "Bea"}  # a blank name shows the id
    with pytest.raises(ValueError, match="top"):
        describe_communities(result, top=0)
