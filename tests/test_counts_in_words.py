"""Counts in sentences agree with their nouns: "1 tie", "2 ties" (issue 23 item 9)."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from netmap.analysis import analyse
from netmap.compare import _why
from netmap.network import read_network
from netmap.outputs.briefing import briefing_html
from netmap.render.first_map import first_map
from netmap.render.layout import layout_positions
from netmap.render.network_map import build_map, map_html
from netmap.words import plural


def star(tmp_path, n: int):
    """Actor a tied to ``n`` others, the actors in ``n`` sectors."""
    ties = tmp_path / "ties.csv"
    ties.write_text("source,target\n" + "".join(f"a,b{i}\n" for i in range(n)))
    actors = tmp_path / "actors.csv"
    actors.write_text("id,name,sector\na,Ann,s0\n" + "".join(f"b{i},Bea {i},s{i}\n" for i in range(n)))
    return ties, actors


@pytest.mark.parametrize("n", [1, 2])
def test_maps_and_briefing_count_in_words(tmp_path, n):
    ties, actors = star(tmp_path, n)
    result = analyse(ties, actors, group_by="sector")
    positions = layout_positions(result.network.graph, result.options.seed)
    tie = "1 tie" if n == 1 else "2 ties"
    page = map_html(build_map(result, positions))
    assert f"Network map: {n + 1} actors and {tie}." in page
    ann = next(node for node in build_map(result, positions).nodes if node.id == "a")
    assert f"\n{tie}; " in ann.title
    focused = build_map(result, positions, focus="a")
    assert f"Showing Ann and the {'1 actor' if n == 1 else '2 actors'} within 1 step." == focused.notice
    first = first_map(read_network(ties, actors), positions, "sector")
    assert next(node for node in first.nodes if node.id == "a").title.endswith(f"\n{tie}")
    assert f"Who works with whom: {n + 1} actors and {tie}," in briefing_html(result)


@pytest.mark.parametrize("lost, words", [(1, "1 new and 1 lost tie"), (2, "1 new and 2 lost ties")])
def test_what_changed_for_an_actor(lost, words):
    row = SimpleNamespace(status="stayed", ties_gained=1, ties_lost=lost, broker_rank_before=float("nan"),
                          broker_rank_after=float("nan"), cut_off_before=0, cut_off_after=0,
                          betweenness_before=0.0, betweenness_after=0.0)
    assert _why(row) == words


@pytest.mark.parametrize("n, words", [(1, "1 actor"), (2, "2 actors"), (1461, "1,461 actors")])
def test_plural_groups_thousands_when_asked(n, words):
    assert plural(n, "actor", grouped=True) == words


@pytest.mark.parametrize("n", [1, 2])
def test_shared_spaces_count_in_words(tmp_path, n):
    from netmap.outputs.briefing_spaces import shared_spaces_section
    from netmap.render.spaces_map import build_spaces_map

    ties, actors = star(tmp_path, 2)
    uses = tmp_path / "uses.csv"
    # one space, one record, one user in one group; or two spaces, four records, the hall used by
    # Ann (s0) and Bea 1 (s1)
    uses.write_text("actor,space\na,hall\n" + ("b1,hall\nb0,park\nb1,park\n" if n == 2 else ""))
    result = analyse(read_network(ties, actors, affiliations=uses), group_by="sector")
    words = "1 space, 1 record of who uses them" if n == 1 else "2 spaces, 4 records of who uses them"
    assert words in shared_spaces_section(result)
    hall = next(node for node in build_spaces_map(result).nodes if node.label == "hall")
    assert ("\n1 user, 1 group\n" if n == 1 else "\n2 users, 2 groups\n") in hall.title


def test_an_actor_whose_contacts_are_all_in_one_group_counts_them_in_words(tmp_path):
    """"its one contact is in", not "all 1 contact are in"."""
    ties = tmp_path / "ties.csv"
    ties.write_text("source,target\nx,y\nx,z\nw,y\ny,v\n")
    actors = tmp_path / "actors.csv"
    actors.write_text("id,name,sector\nx,Xe,s1\nw,Wu,s1\ny,Yi,s2\nz,Zo,s2\nv,Vi,s3\n")
    why = analyse(ties, actors, group_by="sector").brokers.set_index("id")["why"]
    assert why["x"] == "not a candidate: all 2 contacts are in sector 's2'"
    assert why["w"] == "not a candidate: its one contact is in sector 's2'"
