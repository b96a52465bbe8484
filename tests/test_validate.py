"""Validation: every bad-input case names file, row and column; nothing is lost silently."""
from __future__ import annotations

import openpyxl
import pytest

from netmap import load_network, read_network
from netmap.errors import ValidationFailed


def only_error(report):
    assert len(report.errors) == 1, [i.text for i in report.issues]
    return report.errors[0]


def test_missing_required_column_lists_found_and_accepted(write):
    path = write("ties.csv", "from_org,Target,weight\na,b,1\n")
    network, report = load_network(path)
    assert network is None
    error = only_error(report)
    assert (error.file, error.row) == ("ties.csv", 1)
    assert "missing required column 'source'" in error.text
    assert "accepted names: source, from," in error.text
    assert "Columns found: 'from_org', 'Target', 'weight'" in error.text


def test_file_without_header_gets_a_hint(write):
    error = only_error(load_network(write("ties.csv", "alice,bob,3\nbob,carol,2\n"))[1])
    assert "Columns found: 'alice', 'bob', '3'" in error.text
    assert "first non-blank row must be a header" in error.text


def test_empty_file(write):
    error = only_error(load_network(write("ties.csv", ""))[1])
    assert error.text == "ties.csv: is empty"


def test_duplicate_actor_ids_list_every_row(write):
    ties = write("ties.csv", "source,target\na,b\n")
    actors = write("actors.csv", "id,name\na,Alpha\nb,Beta\na,Again\nc,C\na,Third\n")
    error = only_error(load_network(ties, actors)[1])
    assert error.text == (
        "actors.csv, rows 2, 4, 6, column 'id': actor id 'a' appears 3 times (rows 2, 4, 6); ids must be unique"
    )


def test_blank_actor_id(write):
    ties = write("ties.csv", "source,target\na,b\n")
    actors = write("actors.csv", "Id,Label\na,Alpha\n,Nobody\n")
    error = only_error(load_network(ties, actors)[1])
    assert error.text == "actors.csv, row 3, column 'Id': the actor id is blank; every actor needs an id"


def test_blank_tie_end(write):
    error = only_error(load_network(write("ties.csv", "Source,Target\na,b\nc,\n"))[1])
    assert error.text.startswith("ties.csv, row 3, column 'Target': the target actor is blank")


@pytest.mark.parametrize(
    "weight, expected",
    [
        ("strong", "weight 'strong' is not a number"),
        ("nan", "weight 'nan' is not a number"),
        ("0", "weight 0 is not positive"),
        ("-2", "weight -2 is not positive"),
        ("2,5", "weight '2,5' is not a number (use a point as the decimal separator)"),
    ],
)
def test_bad_weights(write, weight, expected):
    path = write("ties.csv", f'source,target,Strength\na,b,1\nb,c,"{weight}"\n')
    error = only_error(load_network(path)[1])
    assert error.where == "ties.csv, row 3, column 'Strength'"
    assert expected in error.message


def test_decimal_comma_in_semicolon_file(write):
    network, report = load_network(write("ties.csv", "source;target;weight\na;b;2,5\nb;c;1\n"))
    assert report.ok
    assert network.graph["a"]["b"]["weight"] == 2.5


def test_missing_actors_are_created_with_a_warning(write):
    ties = write("ties.csv", "source,target\na,b\nb,zed\n")
    actors = write("actors.csv", "id,sector\na,public\nb,private\n")
    network, report = load_network(ties, actors)
    assert list(network.actors["id"]) == ["a", "b", "zed"]
    (warning,) = report.warnings
    assert warning.text == (
        "ties.csv, row 3, column 'target': actor 'zed' is not in actors.csv; it was created with no attributes"
    )
    assert warning.action == "created"


def test_without_actors_file_actors_come_from_ties_silently(write):
    network, report = load_network(write("ties.csv", "source,target\na,b\nb,c\n"))
    assert report.issues == []
    assert list(network.actors["name"]) == ["a", "b", "c"]


def test_self_ties_are_dropped_and_reported(write):
    network, report = load_network(write("ties.csv", "source,target\na,a\na,b\nb,b\n"))
    assert network.n_ties == 1
    (warning,) = report.warnings
    assert warning.text == "ties.csv, rows 2, 4, column 'source': 2 self-tie(s) (an actor tied to itself) dropped"
    assert warning.action == "dropped"


def test_repeated_ties_are_combined(write):
    path = write("ties.csv", "source,target,weight,type,note\na,b,2,funds,x\nb,a,3,refers,y\na,b,1,funds,\n")
    network, report = load_network(path)
    assert network.n_ties == 1
    tie = network.ties.iloc[0].to_dict()
    assert tie == {"source": "a", "target": "b", "weight": 6.0, "type": "funds; refers", "note": "x; y"}
    (warning,) = report.warnings
    assert warning.rows == (2, 3, 4)
    assert warning.action == "merged"
    assert "tie a – b appears 3 times; combined into one tie with weight 6 and types 'funds; refers'" in warning.text


def test_directed_keeps_opposite_ties_apart(write):
    network, report = load_network(write("ties.csv", "source,target\na,b\nb,a\n"), directed=True)
    assert network.n_ties == 2 and report.issues == []


def test_extra_cells_are_an_error(write):
    error = only_error(load_network(write("ties.csv", "source,target\na,b\nc,d,Smith, John\n"))[1])
    assert error.where == "ties.csv, row 3"
    assert "has 4 cells but the header names 2 columns" in error.message


def test_blank_rows_and_headers(write):
    path = write("ties.csv", "source,target,,note,note\na,b,x,1,2\n\nb,c,,,\n")
    network, report = load_network(path)
    messages = [i.text for i in report.warnings]
    assert "ties.csv, row 3: 1 blank row(s) skipped" in messages
    assert "ties.csv, row 1, column 'column_3': column 3 has no header; it is kept as 'column_3'" in messages
    assert any("column name 'note' appears more than once" in m for m in messages)
    assert list(network.ties.columns) == ["source", "target", "weight", "column_3", "note", "note_2"]


def test_explicit_column_choice_overrides_aliases(write):
    path = write("ties.csv", "Org A,Org B,Score\nx,y,3\n")
    network, report = load_network(path, tie_columns={"source": "Org A", "target": "Org B", "weight": "Score"})
    assert report.ok and network.graph["x"]["y"]["weight"] == 3.0
    _, report = load_network(path, tie_columns={"source": "Nope"})
    assert "the column chosen as source, 'Nope', is not in the header" in only_error(report).text


def test_workbook_without_ties_sheet(tmp_path):
    wb = openpyxl.Workbook()
    wb.active.title = "People"
    wb.create_sheet("Notes")
    wb.save(tmp_path / "map.xlsx")
    error = only_error(load_network(tmp_path / "map.xlsx")[1])
    assert error.text.startswith("map.xlsx: has no ties sheet: expected a sheet named 'ties' or 'connections'")
    assert "sheets found: 'People', 'Notes'" in error.text


def test_kumu_workbook(tmp_path):
    wb = openpyxl.Workbook()
    elements = wb.active
    elements.title = "Elements"
    for row in [["Label", "Type", "Description"], ["Food Bank", "Charity", "Eastfield"], ["GP", "Public", None]]:
        elements.append(row)
    connections = wb.create_sheet("Connections")
    for row in [["From", "To", "Type", "Direction"], ["Food Bank", "GP", "refers", "directed"]]:
        connections.append(row)
    wb.save(tmp_path / "kumu.xlsx")
    network, report = load_network(tmp_path / "kumu.xlsx")
    assert report.issues == []
    assert list(network.actors.columns) == ["id", "name", "Type", "Description"]
    assert network.graph.nodes["Food Bank"]["Type"] == "Charity"
    assert network.graph["Food Bank"]["GP"]["Direction"] == "directed"


def test_errors_from_both_files_are_reported_together(write):
    ties = write("ties.csv", "source,target,weight\na,b,heavy\n")
    actors = write("actors.csv", "id\na\na\n")
    _, report = load_network(ties, actors)
    assert [e.file for e in report.errors] == ["actors.csv", "ties.csv"]


def test_read_network_raises_typed_error(write):
    with pytest.raises(ValidationFailed, match=r"ties.csv, row 2, column 'weight'"):
        read_network(write("ties.csv", "source,target,weight\na,b,-1\n"))


def test_report_table_lists_every_affected_row(write):
    path = write("ties.csv", "source,target\na,a\nb,c\nc,b\n\nd,e\n")
    _, report = load_network(path)
    frame = report.to_frame()
    assert sorted(zip(frame["row"], frame["action"])) == [(2, "dropped"), (3, "merged"), (4, "merged"), (5, "skipped")]
