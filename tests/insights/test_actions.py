"""Suggested actions: hand-made networks whose answer can be worked out on paper, a network
with empty parts, and the Millbrook sample."""
from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netmap import analyse, load_network
from netmap.insights.actions import ACTION_KINDS, Action, cut_off_members, suggested_actions
from netmap.privacy import CODE_PATTERN, Pseudonymiser
from tests.conftest import SAMPLES


def _network(ties: str, actors: str):
    network, report = load_network(("ties.csv", ties.encode()), ("actors.csv", actors.encode()))
    assert network is not None, report
    return network


#: A star: Hub (sector x) tied to Ann and Bea (y) and Cal and Dee (z). By hand: Hub is the only
#: fragile point; removing it leaves four single actors, the first by id (Ann) counts as the
#: main body, so Bea, Cal and Dee are cut off (3, as cut_off_if_removed says). Hub is the only
#: actor with contacts in two sectors, so the only honest-broker candidate.
STAR = ("source,target\nh,a\nh,b\nh,c\nh,d\n",
        "id,name,sector,offers,needs\nh,Hub,x,,\na,Ann,y,,\nb,Bea,y,,\nc,Cal,z,,\nd,Dee,z,,\n")
#: Two triangles (L: Lena, Liam, Lola; R: Rita, Rob, Rosa) joined by one person, Mo (sector M),
#: tied to Lena and Rita. By hand: every L–R path passes Mo (9 of the 15 pairs of others), so Mo
#: has the highest betweenness; removing Mo leaves two triangles of 3, the one holding the
#: smallest id (l1) is the main body, so Rita, Rob and Rosa are cut off; Lena and Rita cut off 2.
TWO_GROUPS = ("source,target\nl1,l2\nl1,l3\nl2,l3\nr1,r2\nr1,r3\nr2,r3\nm,l1\nm,r1\n",
              "id,name,sector\nl1,Lena,L\nl2,Liam,L\nl3,Lola,L\nr1,Rita,R\nr2,Rob,R\nr3,Rosa,R\nm,Mo,M\n")


@pytest.fixture(scope="module")
def star():
    return analyse(_network(*STAR), group_by="sector")


@pytest.fixture(scope="module")
def two_groups():
    return analyse(_network(*TWO_GROUPS), group_by="sector")


@pytest.fixture(scope="module")
def millbrook():
    folder = SAMPLES / "millbrook"
    network, _ = load_network(folder / "ties.csv", folder / "actors.csv")
    return analyse(network, group_by="sector")


@pytest.fixture(scope="module")
def millbrook_spaces():
    folder = SAMPLES / "millbrook"
    network, _ = load_network(folder / "ties.csv", folder / "actors.csv", affiliations=folder / "affiliations.csv",
                              spaces=folder / "spaces.csv")
    return analyse(network, group_by="sector")


def _kinds(actions: list[Action]) -> list[str]:
    return [a.kind for a in actions]


# ----- hand-made networks ---------------------------------------------------------------------

def test_star_hub_is_the_fragile_point_and_the_broker(star):
    actions = suggested_actions(star)
    protect = [a for a in actions if a.kind == "protect"]
    assert len(protect) == 1
    assert protect[0].headline == "Protect the link through Hub"
    assert protect[0].who == ("h", "b", "c", "d")
    assert protect[0].why.startswith("3 actors reach the rest of the network only through Hub: Bea, Cal and Dee.")
    broker = [a for a in actions if a.kind == "talk_to_broker"]
    assert [a.who for a in broker] == [("h",)]
    assert "has contacts in 2 of the 3 sectors" in broker[0].why
    assert not {"bring_in", "open_space"} & set(_kinds(actions))  # nobody offers anything: no empty promise


def test_star_introductions_reach_different_people(star):
    intros = [a for a in suggested_actions(star) if a.kind == "introduce"]
    # four leaves: two introductions with no actor in common, then every other pair shares one
    assert len(intros) == 2
    first, second = (set(a.who) for a in intros)
    assert first.isdisjoint(second) and first | second == {"a", "b", "c", "d"}
    assert all("shared contact" in a.why and "link model" not in a.why for a in intros)


def test_kinds_take_turns_in_order(star):
    kinds = _kinds(suggested_actions(star))
    assert kinds == ["introduce", "talk_to_broker", "protect", "introduce"]
    assert _kinds(suggested_actions(star, limit=2)) == ["introduce", "talk_to_broker"]


def test_two_groups_joined_by_one_person(two_groups):
    cut = dict(zip(two_groups.actors["id"], two_groups.actors["cut_off_if_removed"], strict=True))
    assert cut == {"l1": 2, "l2": 0, "l3": 0, "r1": 2, "r2": 0, "r3": 0, "m": 3}
    assert cut_off_members(two_groups.network.graph, "m") == ["r1", "r2", "r3"]
    assert cut_off_members(two_groups.network.graph, "l1") == ["l2", "l3"]
    assert cut_off_members(two_groups.network.graph, "l2") == []
    actions = suggested_actions(two_groups)
    by_kind = {}
    for action in actions:
        by_kind.setdefault(action.kind, []).append(action)
    assert by_kind["talk_to_broker"][0].who == ("m",)  # the go-between comes first
    assert "100% of its go-between work is between other sectors" in by_kind["talk_to_broker"][0].why
    assert by_kind["protect"][0].headline == "Protect the link through Mo"
    assert by_kind["protect"][0].who == ("m", "r1", "r2", "r3")
    assert "Rita, Rob and Rosa" in by_kind["protect"][0].why


def test_one_group_and_no_offers_gives_fewer_actions():
    # a path Ann – Bea – Cal, all in one ward, nobody offers anything: nobody links two groups,
    # nothing to bring in; Bea cuts Cal off (by hand: pieces {a}, {c}; a holds the smaller id)
    result = analyse(_network("source,target\na,b\nb,c\n", "id,name,ward\na,Ann,x\nb,Bea,x\nc,Cal,x\n"),
                     group_by="ward")
    actions = suggested_actions(result)
    assert _kinds(actions) == ["introduce", "protect"]
    assert actions[0].who == ("a", "c")
    assert actions[1].why.startswith("1 actor reaches the rest of the network only through Bea: Cal.")


def test_nothing_to_suggest_gives_an_empty_list():
    result = analyse(_network("source,target\na,b\n", "id,name,ward\na,Ann,x\nb,Bea,x\n"), group_by="ward")
    assert suggested_actions(result) == []


def test_limit_is_checked(star):
    with pytest.raises(ValueError, match="limit"):
        suggested_actions(star, limit=0)
    assert len(suggested_actions(star, limit=1)) == 1


def test_an_asset_already_introduced_gets_no_second_action():
    # Ann needs a ladder, Bea (at the edge) offers one: the introduction names Bea, so "bring Bea
    # in" would say the same thing twice; Cal's offer is not introduced, so Cal gets one
    ties = "source,target\na,h\nh,x\nx,y\ny,a\nb,x\nc,y\n"
    actors = ("id,name,sector,offers,needs\na,Ann,p,,a ladder\nh,Hub,q,,\nx,Xav,p,,\ny,Yan,q,,\n"
              "b,Bea,q,a tall ladder,\nc,Cal,p,knitting lessons,\n")
    result = analyse(_network(ties, actors), group_by="sector")
    actions = suggested_actions(result)
    intro = next(a for a in actions if a.kind == "introduce")
    assert set(intro.who) == {"a", "b"} and "ladder" in intro.why
    assert [a.who for a in actions if a.kind == "bring_in"] == [("c",)]


# ----- the Millbrook sample -----------------------------------------------------------------

def test_millbrook_actions(millbrook):
    actions = suggested_actions(millbrook)
    assert _kinds(actions) == ["introduce", "talk_to_broker", "protect", "bring_in", "introduce"]
    first = millbrook.introductions.iloc[0]
    assert actions[0].who == (first["id_a"], first["id_b"]) == ("foodbank", "minibus")
    assert actions[0].why.startswith("Millbrook Food Bank needs 'volunteer drivers'; Bright Futures Minibus Trust "
                                     "offers 'volunteer drivers'; ")
    assert "shared words" not in actions[0].why and "link model" not in actions[0].why
    even = millbrook.brokers[millbrook.brokers["even_handed"].astype(bool)].sort_values("broker_rank")
    assert actions[1].who == (even["id"].iloc[0],) == ("hub",)
    fragile = millbrook.actors.sort_values(["cut_off_if_removed", "id"], ascending=[False, True]).iloc[0]
    assert actions[2].who[0] == fragile["id"] == "council-housing"
    assert actions[2].why.startswith(f"{fragile['cut_off_if_removed']} actors reach the rest of the network only "
                                     "through Council Housing Options, among them ")
    assert actions[3].who == ("ken-walsh",)  # no ties at all, three things to offer
    # the second introduction skips pairs with the minibus trust or Ken Walsh, already named
    assert actions[4].who == ("gp", "age-concern")
    assert suggested_actions(millbrook) == actions  # the same on every run


def test_millbrook_with_spaces_opens_up_the_chapel_hall(millbrook_spaces):
    actions = suggested_actions(millbrook_spaces)
    assert _kinds(actions) == list(ACTION_KINDS)
    space = actions[-1]
    assert space.headline == "Open up Hollins Park Methodist Chapel Hall"
    assert space.who[:2] == ("space-chapel-hall", "youth-club")
    assert "room for 80" in space.why and "Millbrook Youth Club needs a hall for evening sessions" in space.why


def test_every_action_says_who_and_why(millbrook_spaces):
    names = set(millbrook_spaces.actors["id"])
    for action in suggested_actions(millbrook_spaces, limit=20):
        assert action.headline and action.why.endswith(".") and action.who
        actors = action.who[1:] if action.kind == "open_space" else action.who
        assert set(actors) <= names, action


def test_pseudonymised_actions_hold_no_original_name(millbrook_spaces):
    p = Pseudonymiser.for_analysis(millbrook_spaces, "a secret")
    actions = suggested_actions(millbrook_spaces, limit=20, pseudonymiser=p)
    plain = suggested_actions(millbrook_spaces, limit=20)
    assert _kinds(actions) == _kinds(plain)  # the same advice, shown by code
    text = " ".join(f"{a.headline} {a.why} {' '.join(a.who)}" for a in actions)
    actors = millbrook_spaces.network.actors
    names = [n for n in actors["name"] if len(n) > 3]
    ids = [i for i in actors["id"] if "-" in i or any(ch.isdigit() for ch in i)]
    # what a space offers (a hall, rooms) is about the place, not a person, and stays
    rooms = {o.strip() for cell in millbrook_spaces.spaces.spaces["offers"].dropna() for o in cell.split(";")}
    offers = [o.strip() for cell in actors["offers"].dropna() for o in cell.split(";")
              if len(o.strip()) > 12 and o.strip() not in rooms]
    assert [s for s in names + ids + offers if s in text] == []
    assert CODE_PATTERN.search(text) and "[withheld]" in text
    for action in actions:
        codes = action.who[1:] if action.kind == "open_space" else action.who
        assert all(CODE_PATTERN.fullmatch(c) for c in codes), action


def test_pseudonymised_fragile_point_names_the_same_people(two_groups):
    p = Pseudonymiser.for_analysis(two_groups, "k")
    protect = next(a for a in suggested_actions(two_groups, pseudonymiser=p) if a.kind == "protect")
    assert protect.who == tuple(p.codes[i] for i in ("m", "r1", "r2", "r3"))
    assert "Rita" not in protect.why and p.codes["r1"] in protect.why


def test_action_table_for_the_app(millbrook):
    # the app shows the same list as a table: the fields are plain values
    frame = pd.DataFrame([a.__dict__ for a in suggested_actions(millbrook)])
    assert list(frame.columns) == ["kind", "headline", "who", "why"] and len(frame) == 5


# ----- any small network: no crash, the promises hold ------------------------------------------

@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edges=st.lists(st.tuples(st.integers(0, 7), st.integers(0, 7)), min_size=1, max_size=16),
       names=st.lists(st.sampled_from(["", "7", "Jo", "jo", "<u>", "a b", "Zed"]), min_size=8, max_size=8),
       groups=st.lists(st.sampled_from(["", "x", "y", "z"]), min_size=8, max_size=8),
       offers=st.lists(st.sampled_from(["", "a hall", "lifts; a van"]), min_size=8, max_size=8),
       directed=st.booleans(), by_group=st.booleans(), pseudonymise=st.booleans())
def test_any_network_gives_sound_actions_and_descriptions(edges, names, groups, offers, directed, by_group,
                                                          pseudonymise):
    from netmap.insights.describe import describe_communities
    from netmap.outputs.briefing import briefing_html

    ties = "source,target\n" + "".join(f"n{a},n{b}\n" for a, b in edges)
    actors = "id,name,sector,offers,needs\n" + "".join(
        f'n{i},"{names[i]}",{groups[i]},{offers[i]},{"a van" if i % 3 == 0 else ""}\n' for i in range(8))
    network, _ = load_network(("ties.csv", ties.encode()), ("actors.csv", actors.encode()), directed=directed)
    if network is None:
        return  # every tie a self-tie
    result = analyse(network, group_by="sector" if by_group else None)
    p = Pseudonymiser.for_analysis(result, "k") if pseudonymise else None
    ids = set(result.actors["id"]) if p is None else set(p.codes.values())
    actions = suggested_actions(result, limit=5, pseudonymiser=p)
    assert len(actions) <= 5 and len({a.headline for a in actions}) == len(actions)
    for action in actions:
        assert action.kind in ACTION_KINDS and action.headline and action.why.endswith(".")
        assert set(action.who) <= ids
    described = describe_communities(result, pseudonymiser=p)
    assert described["size"].sum() == len(result.actors)
    assert all(d.startswith(("Around ", f"{label.removesuffix(', on their own')}"))
               for d, label in zip(described["description"], described["label"], strict=True))
    page = briefing_html(result, pseudonymiser=p, locality="<i>x</i>")
    assert "<i>" not in page and "<u>" not in page
