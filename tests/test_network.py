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
