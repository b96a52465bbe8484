"""StakeholderNetwork: graph contents and round trips through CSV and Excel."""
from __future__ import annotations

import pandas as pd
import pytest

from netmap import load_network, read_network
from tests.conftest import SAMPLES

ACTORS = 'id,name,sector,notes\n007,"Bond, James",public,"line one\nline two"\n42,,private,=HYPERLINK("x")\nX,Ex,,\n'
TIES = "source,target,weight,type,since\n007,42,2.5,funds,2020\n42,X,,refers,\n"


def test_graph_has_string_ids_and_attributes(write):
    network = read_network(write("ties.csv", TIES), write("actors.csv", ACTORS))
    g = network.graph
    assert sorted(g.nodes) == ["007", "42", "X"]
    assert g.nodes["007"] == {"name": "Bond, James", "sector": "public", "notes": "line one\nline two"}
    assert g.nodes["42"]["name"] == "42"  # blank name defaults to the id
    assert "sector" not in g.nodes["X"]  # blank cells are absent, not empty strings
    assert g["007"]["42"] == {"weight": 2.5, "type": "funds", "since": "2020"}
    assert g["42"]["X"]["weight"] == 1.0
    assert not g.is_directed()
    assert read_network(write("ties.csv", TIES), directed=True).graph.is_directed()


def _assert_same(a, b):
    pd.testing.assert_frame_equal(a.actors, b.actors)
    pd.testing.assert_frame_equal(a.ties, b.ties)
    assert sorted(a.graph.nodes(data=True)) == sorted(b.graph.nodes(data=True))
    assert sorted(a.graph.edges(data=True)) == sorted(b.graph.edges(data=True))


def test_csv_round_trip(write, tmp_path):
    original = read_network(write("ties.csv", TIES), write("actors.csv", ACTORS))
    actors_path, ties_path = original.to_csv(tmp_path / "out")
    again, report = load_network(ties_path, actors_path)
    assert report.issues == []
    _assert_same(original, again)


def test_excel_round_trip_keeps_text_as_text(write, tmp_path):
    original = read_network(write("ties.csv", TIES), write("actors.csv", ACTORS))
    path = original.to_excel(tmp_path / "network.xlsx")
    again, report = load_network(path)
    assert report.issues == []
    _assert_same(original, again)
    import openpyxl

    cell = openpyxl.load_workbook(path)["actors"]["D3"]
    assert cell.value == '=HYPERLINK("x")' and cell.data_type == "s"  # text, not a formula


@pytest.mark.parametrize("sample", ["millbrook", "florentine", "karate"])
def test_samples_round_trip(sample, tmp_path):
    original = read_network(SAMPLES / sample / "ties.csv", SAMPLES / sample / "actors.csv")
    _assert_same(original, read_network(*reversed(original.to_csv(tmp_path / "csv"))))
    _assert_same(original, read_network(original.to_excel(tmp_path / "book.xlsx")))


def test_group_columns():
    network = read_network(SAMPLES / "millbrook" / "ties.csv", SAMPLES / "millbrook" / "actors.csv")
    groups = network.group_columns()
    assert list(groups)[:2] == ["sector", "ward"]
    assert groups["sector"] == 4 and groups["ward"] == 5
    assert "offers" not in groups


def test_filter_ties_by_type_and_strength(write):
    ties = "source,target,weight,type\na,b,1,funds\nb,c,3,refers\nc,d,5,funds; refers\nd,e,2,\n"
    network = read_network(write("ties.csv", ties))
    assert network.tie_types() == ["funds", "refers"]
    funds = network.filter_ties(types=["funds"])
    assert sorted(map(sorted, funds.graph.edges)) == [["a", "b"], ["c", "d"]]
    assert funds.n_actors == 5  # every actor stays
    strong = network.filter_ties(min_weight=3)
    assert sorted(map(sorted, strong.graph.edges)) == [["b", "c"], ["c", "d"]]
    assert network.filter_ties() is network


def test_groups_coded_as_numbers_are_offered():
    """Issue 9: `Group` 1-4 (UK faculty) and `grade` 7-12 were "groups: none found"."""
    import pandas as pd

    from netmap.network import candidate_group_columns

    n = 40
    actors = pd.DataFrame({"id": [str(i) for i in range(n)], "name": [str(i) for i in range(n)],
                           "Group": [str(1 + i % 4) for i in range(n)],
                           "grade": [str(7 + i % 6) if i % 9 else "NA" for i in range(n)],
                           "age": [str(20 + i) for i in range(n)],
                           "score": [f"{i % 3 + 0.5}" for i in range(n)],
                           "office": ["Boston", "Hartford"] * (n // 2)}, dtype=object)
    found = candidate_group_columns(actors)
    assert found == {"office": 2, "Group": 4, "grade": 6}
    assert list(found) == ["Group", "office", "grade"]  # hinted names first, then text, then number-coded


# Reading rules through load_network and the command line (issue 14)

BAD = "source,target,weight\na,b,4\nb,a,5\nb,c,heavy\nc,d,1\nd,,2\n"


def test_load_network_passes_the_rules_to_every_table(write):
    affiliations = write("uses.csv", "actor,space,weight\na,hall,1\n,hall,2\nb,hall,x\nc,park,1\n")
    network, report = load_network(write("ties.csv", BAD), affiliations=affiliations, combine="max",
                                   skip_bad_rows=True)
    assert report.ok
    assert network.ties.set_index(["source", "target"])["weight"].to_dict() == {("a", "b"): 5.0, ("c", "d"): 1.0}
    assert network.affiliations[["actor", "space"]].values.tolist() == [["a", "hall"], ["c", "park"]]
    assert sorted(report.bad_rows) == [("ties.csv", 4), ("ties.csv", 6), ("uses.csv", 3), ("uses.csv", 4)]
    assert report.valid_rows == 5  # 3 of 5 tie rows, 2 of 4 affiliation rows
    # the warnings travel with the network, for run.json and the briefing
    assert sum(i.action == "set aside" for i in network.warnings) == 4


def test_workbook_bad_rows_name_the_sheet(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "ties"
    for row in (["source", "target", "weight"], ["a", "b", 1], ["b", "c", "lots"]):
        book.active.append(row)
    path = tmp_path / "map.xlsx"
    book.save(path)
    network, report = load_network(path)
    assert network is None and report.only_bad_rows
    assert report.errors[0].where == "map.xlsx [ties], row 3, column 'weight'"
    network, report = load_network(path, skip_bad_rows=True)
    assert network.n_ties == 1
    assert report.set_aside_frame()["file"].tolist() == ["map.xlsx [ties]"]


def _cli(*args):
    from netmap.cli import main

    return main([str(a) for a in args])


def test_cli_validate_with_skip_bad_rows_and_combine(write, tmp_path, capsys):
    ties = write("ties.csv", BAD)
    assert _cli("validate", ties) == 2
    # every error is a bad row: the message says so, and how to go on
    assert ("hint: every error is confined to its own row (ties.csv rows 4, 6): add --skip-bad-rows to read the other "
            "3 rows") in capsys.readouterr().err
    assert _cli("analyse", write("whole.csv", "alpha,beta\na,b\n"), "--out", tmp_path / "no") == 2
    assert "--skip-bad-rows" not in capsys.readouterr().err  # a whole-file error cannot be skipped row by row
    assert _cli("validate", ties, "--skip-bad-rows", "--combine", "mean", "--set-aside", tmp_path / "aside.csv") == 0
    out = capsys.readouterr().out
    assert "ties:     2 (undirected)" in out
    assert "tie a – b appears 2 times; combined into one tie with weight 4.5 (repeated ties: weights averaged)" in out
    assert f"set aside 2 bad rows (ties.csv rows 4, 6): written to {tmp_path / 'aside.csv'}" in out
    aside = pd.read_csv(tmp_path / "aside.csv", dtype=str, keep_default_na=False)
    assert aside[["source", "target", "weight", "file", "row", "column"]].values.tolist() == [
        ["b", "c", "heavy", "ties.csv", "4", "weight"], ["d", "", "2", "ties.csv", "6", "target"]]
    # validate writes no file unless asked
    assert _cli("validate", ties, "--skip-bad-rows") == 0
    assert "add --set-aside FILE to write them to a file" in capsys.readouterr().out


def test_cli_analyse_writes_set_aside_csv_and_run_json_says_so(write, tmp_path, capsys):
    import json

    out = tmp_path / "out"
    assert _cli("analyse", write("ties.csv", BAD), "--skip-bad-rows", "--combine", "max", "--out", out) == 0
    printed = capsys.readouterr().out
    assert "2 bad rows set aside" in printed and f"written to {out / 'set_aside.csv'}" in printed
    assert pd.read_csv(out / "set_aside.csv")["row"].tolist() == [4, 6]
    run = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert "2 bad rows set aside" in run["reading"]
    assert "repeats of the same pair, largest weight kept" in run["reading"]
    assert any("the row was set aside" in w for w in run["reading_warnings"])
    # --force replaces netmap's own earlier set_aside.csv: none is left from a run without bad rows
    assert _cli("analyse", write("good.csv", "source,target\na,b\nb,c\n"), "--skip-bad-rows", "--out", out,
                "--force") == 0
    assert not (out / "set_aside.csv").exists()


def test_cli_set_aside_rows_never_beside_pseudonymised_files(write, tmp_path, capsys):
    ties = write("ties.csv", BAD.replace("b,c,heavy", "jane.smith,c,heavy"))
    out = tmp_path / "shared"
    assert _cli("analyse", ties, "--skip-bad-rows", "--pseudonymise", "--out", out) == 0
    printed = capsys.readouterr().out
    assert "not written beside pseudonymised files" in printed
    assert "set_aside.csv" not in {p.name for p in out.iterdir()}
    assert _cli("report", ties, "--skip-bad-rows", "--pseudonymise", "--out", tmp_path / "r",
                "--set-aside", tmp_path / "r" / "aside.csv") == 2
    assert "is inside the output folder" in capsys.readouterr().err
    assert _cli("report", ties, "--skip-bad-rows", "--pseudonymise", "--out", tmp_path / "r2",
                "--set-aside", tmp_path / "private" / "aside.csv") == 0
    assert "jane.smith" in (tmp_path / "private" / "aside.csv").read_text(encoding="utf-8")
    assert not any("jane.smith" in p.read_bytes().decode("utf-8", "ignore") for p in (tmp_path / "r2").iterdir()
                   if p.suffix in (".html", ".svg", ".graphml", ".gexf"))


def test_cli_refuses_set_aside_without_skip_and_over_an_input(write, capsys):
    ties = write("ties.csv", BAD)
    assert _cli("validate", ties, "--set-aside", ties.parent / "x.csv") == 2
    assert "--set-aside only applies with --skip-bad-rows" in capsys.readouterr().err
    assert _cli("validate", ties, "--skip-bad-rows", "--set-aside", ties) == 2
    assert "is your input file" in capsys.readouterr().err


def test_cli_combine_choices_match_the_reader():
    from netmap.cli.options import COMBINE_RULES
    from netmap.validate import COMBINE_RULES as RULES

    assert COMBINE_RULES == tuple(RULES)


@pytest.mark.parametrize("directed", [False, True])
def test_counts_without_the_graph_equal_the_graphs(directed):
    """n_actors and n_ties are counted from the tables until the graph is built (validate never
    builds it), and agree with it: ids only in the ties, repeats either way round, a self-tie."""
    import pandas as pd

    from netmap.network import StakeholderNetwork

    actors = pd.DataFrame({"id": ["a", "b", "z"], "name": ["A", "B", "Z"]})
    ties = pd.DataFrame({"source": ["a", "b", "a", "c", "d"], "target": ["b", "a", "b", "c", "a"],
                         "weight": [1.0, 2.0, 3.0, 1.0, 1.0]})
    counted = StakeholderNetwork(actors, ties, directed)
    assert "graph" not in counted.__dict__
    numbers = counted.n_actors, counted.n_ties
    assert "graph" not in counted.__dict__
    built = StakeholderNetwork(actors, ties, directed)
    assert numbers == (built.graph.number_of_nodes(), built.graph.number_of_edges()) == (
        (5, 4) if directed else (5, 3))


@pytest.mark.parametrize("directed", [False, True])
def test_index_from_the_tables_equals_the_index_of_the_graph(directed):
    """index() builds the arrays without networkx; they must be index_graph's of the networkx
    graph, in the same node and edge order (seeded communities and layouts depend on it): ids
    only in the ties, repeats either way round (the last weight wins), a self-tie, a blank
    weight, an isolate."""
    import numpy as np

    from netmap.metrics.engine import index_graph
    from netmap.network import StakeholderNetwork

    actors = pd.DataFrame({"id": ["z", "a", "b"], "name": ["Z", "A", "B"]})
    ties = pd.DataFrame({"source": ["a", "b", "a", "c", "d", "b", "d"], "target": ["b", "a", "b", "c", "a", "d", "c"],
                         "weight": [1.0, 2.0, 3.0, 1.0, float("nan"), 0.5, 4.0]})
    networks = [StakeholderNetwork(actors, ties, directed)]
    networks += [read_network(SAMPLES / s / "ties.csv", SAMPLES / s / "actors.csv", directed=directed)
                 for s in ("millbrook", "florentine")]
    for network in networks:
        fast, reference = network.index(), index_graph(network.graph)
        assert fast.nodes == reference.nodes and fast.index == reference.index
        for name in ("sources", "targets", "weights"):
            np.testing.assert_array_equal(getattr(fast, name), getattr(reference, name))
        assert fast.igraph.get_edgelist() == reference.igraph.get_edgelist()
        assert fast.igraph.es["length"] == reference.igraph.es["length"]
