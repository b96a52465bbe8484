"""Reading and checking affiliations and spaces: the same rules and messages as ties."""
from __future__ import annotations

import random

import networkx as nx
import pandas as pd
import pytest

from netmap.errors import ValidationFailed
from netmap.network import load_network, read_network, with_copresence
from netmap.validate.affiliations import COPRESENCE_TYPE, copresence_ties, has_copresence

TIES = "source,target\nann,bob\nbob,cat\n"
ACTORS = "id,name,sector\nann,Ann,public\nbob,Bob,private\ncat,Cat,community\n"


def _issues(report, level="warning"):
    return [i for i in report.issues if i.level == level]


def test_aliases_repeats_and_created_rows_are_reported(write):
    ties, actors = write("ties.csv", TIES), write("actors.csv", ACTORS)
    links = write("uses.csv", "Person;Venue;Frequency;Role\nann;lib;2;chair\nbob;lib;1,5;\nann;lib;1;treasurer\n"
                              "dan;pub;;\ncat;hall;1;\n")
    spaces = write("spaces.csv", "id,name,capacity,offers\nlib,Library,40,rooms\nhall,Chapel Hall,80,hall; kitchen\n")
    network, report = load_network(ties, actors, affiliations=links, spaces=spaces)
    assert network is not None, [i.text for i in report.errors]
    aff = network.affiliations.set_index(["actor", "space"])
    assert aff.loc[("ann", "lib"), "weight"] == 3.0
    assert aff.loc[("ann", "lib"), "role"] == "chair; treasurer"
    assert aff.loc[("bob", "lib"), "weight"] == 1.5  # decimal comma in a semicolon file
    texts = [i.text for i in _issues(report)]
    assert "uses.csv, rows 2, 4, column 'Person': affiliation ann – lib appears 2 times; combined into one with " \
           "weight 3" in texts
    assert "uses.csv, row 5, column 'Venue': space 'pub' is not in spaces.csv; it was created with no attributes" \
        in texts
    assert "uses.csv, row 5, column 'Person': actor 'dan' is not in actors.csv; it was created with no attributes" \
        in texts
    assert set(network.spaces["id"]) == {"lib", "hall", "pub"}
    assert "dan" in set(network.actors["id"]) and "dan" in network.graph
    assert {i.action for i in _issues(report)} == {"merged", "created"}


def test_space_id_equal_to_an_actor_id_names_both_rows(write):
    ties, actors = write("ties.csv", TIES), write("actors.csv", ACTORS)
    links = write("aff.csv", "actor,space\nann,lib\nbob,cat\n")
    spaces = write("spaces.csv", "id,name\nlib,Library\ncat,Cat's café\n")
    network, report = load_network(ties, actors, affiliations=links, spaces=spaces)
    assert network is None
    [error] = report.errors
    assert error.text == ("spaces.csv, row 3, column 'id': space id 'cat' is also an actor id (actors.csv, row 4, "
                          "column 'id'); actors and spaces must have different ids, so rename one of them "
                          "(e.g. 'cat-space')")


def test_clash_without_spaces_file_names_the_affiliation_and_tie_rows(write):
    links = write("aff.csv", "member,event\nann,supper\ncat,bob\n")
    network, report = load_network(write("ties.csv", TIES), affiliations=links)
    assert network is None
    [error] = report.errors
    assert error.where == "aff.csv, row 3, column 'event'"
    assert "space id 'bob' is also an actor id (ties.csv, row 2, column 'target')" in error.message


@pytest.mark.parametrize("content, column, message", [
    ("actor,space\nann,\n", "space", "the space is blank"),
    ("actor,space\n,lib\n", "actor", "the actor is blank"),
    ("actor,space,weight\nann,lib,-1\n", "weight", "'-1' is not a positive number"),
    ("actor,space,weight\nann,lib,often\n", "weight", "'often' is not a positive number"),
])
def test_bad_rows_are_errors_naming_row_and_column(write, content, column, message):
    network, report = load_network(write("ties.csv", TIES), affiliations=write("aff.csv", content))
    assert network is None
    [error] = report.errors
    assert (error.file, error.row, error.column) == ("aff.csv", 2, column)
    assert message in error.message


def test_missing_columns_and_repeated_space_ids(write):
    _, report = load_network(write("ties.csv", TIES), affiliations=write("aff.csv", "who\nann\n"))
    assert "missing required column 'space'" in report.errors[0].message
    _, report = load_network(write("ties.csv", TIES), affiliations=write("aff.csv", "actor,space\nann,lib\n"),
                             spaces=write("spaces.csv", "id\nlib\nlib\n"))
    assert report.errors[0].text == "spaces.csv, rows 2, 3, column 'id': space id 'lib' appears 2 times (rows 2, 3); " \
                                    "ids must be unique"


def test_affiliations_alone_give_the_copresence_network(write):
    links = write("aff.csv", "person,event\na,e1\nb,e1\nc,e1\nc,e2\nd,e2\n")
    network, report = load_network(None, affiliations=links)
    assert network is not None
    assert not _issues(report, "error")
    ties = network.ties.set_index(["source", "target"])
    assert ties.loc[("a", "b"), "weight"] == pytest.approx(0.5)  # 1/(3 - 1), Newman
    assert ties.loc[("c", "d"), "weight"] == pytest.approx(1.0)
    assert set(ties["type"]) == {COPRESENCE_TYPE}
    assert "no ties file" in _issues(report)[0].message
    with pytest.raises(ValidationFailed, match="give a ties file"):
        read_network(None)


def test_copresence_cap_and_adding_to_existing_ties(write):
    rows = "".join(f"p{i},gym\n" for i in range(40)) + "ann,club\nbob,club\n"
    network = read_network(write("ties.csv", TIES), affiliations=write("aff.csv", "actor,space\n" + rows))
    extra, skipped = copresence_ties(network.affiliations, network.spaces, cap=30)
    assert skipped == ["gym"] and len(extra) == 1
    combined, _ = with_copresence(network, cap=30)
    tie = combined.ties.set_index(["source", "target"]).loc[("ann", "bob")]
    assert tie["weight"] == 2.0 and tie["type"] == COPRESENCE_TYPE
    assert combined.n_ties == network.n_ties
    everyone, _ = with_copresence(network, cap=None)
    assert everyone.n_ties == network.n_ties + 40 * 39 // 2


def test_workbook_sheets(write, tmp_path):
    import pandas as pd

    from netmap.formats.excel import write_sheets

    path = write_sheets(tmp_path / "map.xlsx", {
        "ties": pd.DataFrame({"source": ["ann"], "target": ["bob"]}),
        "actors": pd.DataFrame({"id": ["ann", "bob"], "sector": ["public", "private"]}),
        "Affiliations": pd.DataFrame({"member": ["ann", "bob"], "place": ["lib", "lib"]}),
        "spaces": pd.DataFrame({"id": ["lib"], "name": ["Library"], "offers": ["rooms"]}),
    })
    network, report = load_network(path)
    assert network is not None, [i.text for i in report.errors]
    assert list(network.affiliations["space"]) == ["lib", "lib"]
    assert network.spaces.set_index("id").loc["lib", "offers"] == "rooms"
    again = network.to_excel(tmp_path / "again.xlsx")
    assert load_network(again)[0].affiliations.shape[0] == 2


def test_graph_file_with_a_mode_attribute(tmp_path):
    graph = nx.Graph(nx.davis_southern_women_graph())
    graph.graph.clear()  # networkx keeps the node lists there, which GraphML cannot hold
    for node, data in graph.nodes(data=True):
        data["mode"] = "space" if data.pop("bipartite") == 1 else "actor"
    path = tmp_path / "davis.graphml"
    nx.write_graphml(graph, path)
    network, report = load_network(path)
    assert network is not None and not report.errors
    assert len(network.spaces) == 14 and len(network.affiliations) == 89
    assert network.n_actors == 18 and "mode" not in network.actors.columns
    # no tie between two women in the file: the actor network is who meets whom at the events
    women = [n for n, d in nx.davis_southern_women_graph().nodes(data=True) if d["bipartite"] == 0]
    assert network.n_ties == nx.bipartite.projected_graph(nx.davis_southern_women_graph(), women).number_of_edges()


# Issue 22 item 4: an actors file given with affiliations and no ties was dropped (18 false
# "is not in actors.csv" warnings on Davis, and --group-by found no attributes).
DAVIS_AFFILIATIONS = "person,event\nEvelyn,E1\nLaura,E1\nLaura,E2\nNora,E2\nNora,E3\nOlivia,E3\n"
DAVIS_ACTORS = "id,name,clique\nEvelyn,Evelyn Jefferson,1\nLaura,Laura Mandeville,1\nNora,Nora Fayette,2\n" \
               "Olivia,Olivia Carleton,2\n"


def test_actors_file_kept_with_affiliations_and_no_ties(write):
    network, report = load_network(None, write("actors.csv", DAVIS_ACTORS),
                                   affiliations=write("affiliations.csv", DAVIS_AFFILIATIONS))
    assert network is not None, [i.text for i in report.errors]
    assert not [i for i in report.warnings if "is not in" in i.message]
    actors = network.actors.set_index("id")
    assert actors.loc["Nora", "name"] == "Nora Fayette" and actors.loc["Olivia", "clique"] == "2"
    assert "clique" in network.group_columns()


def test_actors_file_errors_still_stop_without_ties(write):
    network, report = load_network(None, write("actors.csv", "id,name\nEvelyn,E\nEvelyn,again\n"),
                                   affiliations=write("affiliations.csv", DAVIS_AFFILIATIONS))
    assert network is None and any("Evelyn" in i.message for i in report.errors)


def test_workbook_of_actors_and_affiliations_keeps_the_actors(tmp_path):
    import pandas as pd

    from netmap.formats.excel import write_sheets

    path = write_sheets(tmp_path / "davis.xlsx", {
        "ties": pd.DataFrame({"source": [], "target": []}),
        "actors": pd.DataFrame({"id": ["Evelyn", "Laura", "Nora", "Olivia"], "clique": ["1", "1", "2", "2"]}),
        "affiliations": pd.DataFrame({"person": ["Evelyn", "Laura", "Laura", "Nora", "Nora", "Olivia"],
                                      "event": ["E1", "E1", "E2", "E2", "E3", "E3"]}),
    })
    network, report = load_network(path)
    assert network is not None, [i.text for i in report.errors]
    assert network.actors.set_index("id").loc["Nora", "clique"] == "2"
    assert not [i for i in report.warnings if "is not in" in i.message]


def test_the_group_by_runs_on_affiliations_with_actors(tmp_path, write):
    from netmap.cli import main

    out = tmp_path / "out"
    status = main(["analyse", "--affiliations", str(write("affiliations.csv", DAVIS_AFFILIATIONS)),
                   "--actors", str(write("actors.csv", DAVIS_ACTORS)), "--group-by", "clique", "--out", str(out)])
    assert status == 0 and "clique" in (out / "actors.csv").read_text(encoding="utf-8")


def test_each_file_is_read_once(tmp_path, monkeypatch):
    """One format dispatch (issue 20): a GraphML file is parsed once, a workbook opened once."""
    import pandas as pd

    from netmap import network as network_module
    from netmap.formats import graphs, spreadsheets
    from netmap.formats.excel import write_sheets

    parsed, opened = [], []
    parse, workbook_init = graphs._parse, spreadsheets._Workbook.__init__
    monkeypatch.setattr(graphs, "_parse", lambda *a, **k: parsed.append(1) or parse(*a, **k))
    monkeypatch.setattr(spreadsheets._Workbook, "__init__",
                        lambda self, *a, **k: opened.append(1) or workbook_init(self, *a, **k))
    graph = nx.Graph(nx.davis_southern_women_graph())
    graph.graph.clear()
    for node, data in graph.nodes(data=True):
        data["mode"] = "space" if data.pop("bipartite") == 1 else "actor"
    nx.write_graphml(graph, tmp_path / "davis.graphml")
    assert network_module.load_network(tmp_path / "davis.graphml")[0] is not None
    assert parsed == [1]
    path = write_sheets(tmp_path / "map.xlsx", {
        "ties": pd.DataFrame({"source": ["ann"], "target": ["bob"]}),
        "actors": pd.DataFrame({"id": ["ann", "bob"]}),
        "affiliations": pd.DataFrame({"member": ["ann", "bob"], "place": ["lib", "lib"]}),
        "spaces": pd.DataFrame({"id": ["lib"], "name": ["Library"]}),
    })
    assert network_module.load_network(path)[0] is not None
    assert opened == [1]


def _copresence_pair_by_pair(affiliations, spaces, cap):
    """The definition, one pair at a time (the implementation before issue 21 lists them with numpy)."""
    names = dict(zip(spaces["id"], spaces["name"]))
    pairs, skipped = {}, []
    for space, members in affiliations.groupby("space", sort=False)["actor"].apply(lambda s: sorted(set(s))).items():
        if cap is not None and len(members) > cap:
            skipped.append(names[space])
            continue
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                entry = pairs.setdefault((a, b), [0.0, []])
                entry[0] += 1.0 / (len(members) - 1)
                entry[1].append(names[space])
    return [(a, b, w, "; ".join(s)) for (a, b), (w, s) in pairs.items()], skipped


@pytest.mark.parametrize("cap", [2, 5, 30, None])
def test_copresence_ties_equal_the_pair_by_pair_definition(cap):
    rng = random.Random(cap or 0)
    links = {(f"p{rng.randrange(60)}", f"s{rng.randrange(25)}") for _ in range(400)}
    links |= {(f"p{i}", "s-big") for i in range(45)}
    affiliations = pd.DataFrame(sorted(links, key=lambda x: rng.random()), columns=["actor", "space"])
    spaces = pd.DataFrame({"id": sorted({s for _, s in links})}).assign(name=lambda f: "Space " + f["id"])
    ties, skipped = copresence_ties(affiliations, spaces, cap)
    expected, expected_skipped = _copresence_pair_by_pair(affiliations, spaces, cap)
    assert skipped == expected_skipped
    assert list(ties.columns) == ["source", "target", "weight", "type", "spaces"]
    found = list(zip(ties["source"], ties["target"], ties["weight"], ties["spaces"]))
    assert found == expected  # same order, same sums to the last bit, same spaces listed
    assert set(ties["type"]) == ({COPRESENCE_TYPE} if expected else set())


def test_copresence_ties_of_spaces_too_large_or_too_small():
    affiliations = pd.DataFrame({"actor": ["a", "b", "c", "d"], "space": ["gym", "gym", "gym", "desk"]})
    ties, skipped = copresence_ties(affiliations, pd.DataFrame({"id": ["gym", "desk"], "name": ["Gym", "Desk"]}), 2)
    assert skipped == ["Gym"] and ties.empty
    assert list(ties.columns) == ["source", "target", "weight", "type", "spaces"]
    assert not has_copresence(ties)


def test_has_copresence(write):
    network = read_network(write("ties.csv", TIES), affiliations=write("aff.csv", "actor,space\nann,club\ncat,club\n"))
    assert not has_copresence(network.ties)
    assert has_copresence(with_copresence(network)[0].ties)  # added to the ties file's
    alone, _ = load_network(None, affiliations=write("alone.csv", "actor,space\nann,club\ncat,club\n"))
    assert has_copresence(alone.ties)


def test_member_pairs_list_each_block_as_triu_indices_does():
    # issue 26: the pairs of every space at once, in the order the loop over spaces gave them
    import numpy as np

    from netmap.validate.affiliations import _member_pairs

    rng = np.random.default_rng(26)
    sizes = rng.integers(1, 9, size=300)
    starts = np.cumsum(sizes) - sizes
    members = rng.permutation(int(sizes.sum()) * 2)[:int(sizes.sum())]
    expected = [[], [], []]
    for block, (start, size) in enumerate(zip(starts, sizes)):
        i, j = np.triu_indices(size, 1)
        expected[0] += members[start + i].tolist()
        expected[1] += members[start + j].tolist()
        expected[2] += [block] * len(i)
    assert [a.tolist() for a in _member_pairs(members, starts, sizes)] == expected


def test_copresence_rows_judge_each_type_text_as_one_tie_at_a_time_would():
    """Each distinct type text is judged once: the same answers as splitting every row's text."""
    import numpy as np
    import pandas as pd

    from netmap.validate.affiliations import COPRESENCE_TYPE, copresence_rows, has_copresence

    texts = [COPRESENCE_TYPE, f"advice; {COPRESENCE_TYPE}", "advice", None, f" {COPRESENCE_TYPE} ", "",
             f"{COPRESENCE_TYPE};{COPRESENCE_TYPE}", f"{COPRESENCE_TYPE}s", COPRESENCE_TYPE]
    for dtype in (object, "string"):
        ties = pd.DataFrame({"type": pd.array(texts, dtype=dtype)})
        parts = [{x.strip() for x in t.split(";")} if isinstance(t, str) else set() for t in texts]
        includes, alone = copresence_rows(ties)
        assert includes.tolist() == [COPRESENCE_TYPE in p for p in parts]
        assert alone.tolist() == [p == {COPRESENCE_TYPE} for p in parts]
    no_type = pd.DataFrame({"source": ["a"]})
    assert not np.any(copresence_rows(no_type)) and not has_copresence(no_type)
    assert has_copresence(pd.DataFrame({"type": ["advice", f"advice;{COPRESENCE_TYPE}"]}))
