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


# Bad rows set aside, and the rule for repeated ties (issue 14)

BAD_TIES = ("source,target,weight,type\n"
            "a,b,2,funds\n"          # row 2
            "b,c,heavy,funds\n"      # row 3: weight not a number
            "c,d,1,refers\n"         # row 4
            "d,,2,funds\n"           # row 5: blank target
            "d,e,0,funds\n"          # row 6: weight not positive
            "e,f,1e13,funds\n"       # row 7: weight out of range
            "f,a,3,funds\n")         # row 8
BAD_ACTORS = "id,name,sector\na,Ann,public\n,Nobody,public\nb,Bob,voluntary\na,Ann again,private\n"


def test_bad_rows_stop_by_default_and_are_marked_as_such(write):
    network, report = load_network(write("ties.csv", BAD_TIES))
    assert network is None
    assert report.only_bad_rows
    assert [(i.row, i.column, i.action) for i in report.errors] == [
        (3, "weight", "bad row"), (5, "target", "bad row"), (6, "weight", "bad row"), (7, "weight", "bad row")]
    assert sorted(report.bad_rows) == [("ties.csv", 3), ("ties.csv", 5), ("ties.csv", 6), ("ties.csv", 7)]
    assert report.valid_rows == 3


def test_skip_bad_rows_keeps_exactly_the_valid_rows(write):
    network, report = load_network(write("ties.csv", BAD_TIES), skip_bad_rows=True)
    assert report.ok
    assert network.ties[["source", "target"]].values.tolist() == [["a", "b"], ["c", "d"], ["f", "a"]]
    assert network.ties.set_index(["source", "target"])["weight"].to_dict() == {
        ("a", "b"): 2.0, ("c", "d"): 1.0, ("f", "a"): 3.0}
    set_aside = [i for i in report.warnings if i.action == "set aside"]
    assert [(i.file, i.row, i.column) for i in set_aside] == [
        ("ties.csv", 3, "weight"), ("ties.csv", 5, "target"), ("ties.csv", 6, "weight"), ("ties.csv", 7, "weight")]
    assert all(i.text.endswith("; the row was set aside") for i in set_aside)


def test_set_aside_table_has_every_cell_then_file_row_column_problem(write):
    _, report = load_network(write("ties.csv", BAD_TIES), skip_bad_rows=True)
    frame = report.set_aside_frame()
    assert list(frame.columns) == ["source", "target", "weight", "type", "file", "row", "column", "problem"]
    assert frame[["source", "target", "weight", "type"]].values.tolist() == [
        ["b", "c", "heavy", "funds"], ["d", "", "2", "funds"], ["d", "e", "0", "funds"], ["e", "f", "1e13", "funds"]]
    assert frame["file"].tolist() == ["ties.csv"] * 4
    assert frame["row"].tolist() == [3, 5, 6, 7]
    assert frame["column"].tolist() == ["weight", "target", "weight", "weight"]
    assert "weight 'heavy' is not a number" in frame["problem"][0]
    assert "outside the range" in frame["problem"][3]


def test_skip_bad_rows_in_the_actors_file_keeps_the_first_of_a_repeated_id(write):
    ties = write("ties.csv", "source,target\na,b\n")
    network, report = load_network(ties, write("actors.csv", BAD_ACTORS))
    assert network is None and report.only_bad_rows
    assert sorted(report.bad_rows) == [("actors.csv", 3), ("actors.csv", 5)]  # not row 2: it is kept
    network, report = load_network(ties, write("actors.csv", BAD_ACTORS), skip_bad_rows=True)
    assert network.actors[["id", "name", "sector"]].values.tolist() == [["a", "Ann", "public"],
                                                                         ["b", "Bob", "voluntary"]]
    frame = report.set_aside_frame()
    assert frame[["name", "row", "column"]].values.tolist() == [["Nobody", 3, "id"], ["Ann again", 5, "id"]]
    assert "id 'a' was already given at row 2" in frame["problem"][1]


def test_a_row_with_two_problems_is_one_line(write):
    _, report = load_network(write("ties.csv", "source,target,weight\n,b,x\na,b,1\n"), skip_bad_rows=True)
    frame = report.set_aside_frame()
    assert len(frame) == 1
    assert frame["column"][0] == "source; weight"
    assert "source actor is blank" in frame["problem"][0] and "'x' is not a number" in frame["problem"][0]


def test_extra_cells_are_a_bad_row_kept_whole(write):
    _, report = load_network(write("ties.csv", "source,target\na,b\nc,d,Smith, Jo\n"), skip_bad_rows=True)
    frame = report.set_aside_frame()
    assert frame.iloc[0][["source", "target", "column_3", "column_4", "row"]].tolist() == ["c", "d", "Smith", "Jo", 3]


def test_file_level_problems_still_stop_with_skip_bad_rows(write):
    network, report = load_network(write("ties.csv", "from_org,to_org\na,b\n"), skip_bad_rows=True)
    assert network is None and not report.only_bad_rows
    assert "missing required column" in report.errors[0].text
    # every row bad: no ties left, which stops
    network, report = load_network(write("ties.csv", "source,target\na,\n,b\n"), skip_bad_rows=True)
    assert network is None
    assert "has no ties" in report.errors[0].text
    assert len(report.bad_rows) == 2


def test_netmap_columns_do_not_overwrite_a_files_own(write):
    _, report = load_network(write("ties.csv", "source,target,problem\na,b,x\nc,,y\n"), skip_bad_rows=True)
    frame = report.set_aside_frame()
    assert list(frame.columns) == ["source", "target", "problem", "file", "row", "column", "problem (netmap)"]
    assert frame["problem"][0] == "y"


RATINGS = "source,target,weight\na,b,4\nb,a,5\na,b,3\nb,c,2\n"


@pytest.mark.parametrize("rule, expected, words", [
    ("sum", 12.0, "weights summed"),   # 4 + 5 + 3
    ("max", 5.0, "largest weight kept"),
    ("mean", 4.0, "weights averaged"),  # (4 + 5 + 3) / 3
])
def test_combine_rule_for_repeated_ties(write, rule, expected, words):
    network, report = load_network(write("ties.csv", RATINGS), combine=rule)
    weights = network.ties.set_index(["source", "target"])["weight"].to_dict()
    assert weights == {("a", "b"): expected, ("b", "c"): 2.0}  # a tie given once keeps its weight
    (merged,) = [i for i in report.warnings if i.action == "merged"]
    assert merged.rows == (2, 3, 4)
    assert merged.message.endswith(f"combined into one tie with weight {expected:g} (repeated ties: {words})")


def test_combine_default_is_sum_and_unknown_rules_are_refused(write):
    network, _ = load_network(write("ties.csv", RATINGS))
    assert network.ties["weight"].tolist() == [12.0, 2.0]
    with pytest.raises(ValueError, match="unknown rule 'median'"):
        load_network(write("ties.csv", RATINGS), combine="median")


def test_combine_mean_directed_keeps_directions_apart(write):
    network, _ = load_network(write("ties.csv", RATINGS), directed=True, combine="mean")
    assert network.ties.set_index(["source", "target"])["weight"].to_dict() == {
        ("a", "b"): 3.5, ("b", "a"): 5.0, ("b", "c"): 2.0}


def test_guess_columns_reads_the_accepted_names():
    from netmap.validate import ACTOR_COLUMNS, TIE_COLUMNS, guess_columns

    assert guess_columns(["Org", "To", "Tie Strength", "Kind"], TIE_COLUMNS) == {
        "target": "To", "weight": "Tie Strength", "type": "Kind"}
    assert guess_columns(["Label", "Sector"], ACTOR_COLUMNS) == {"name": "Label"}
    assert guess_columns(["id", "name"], ACTOR_COLUMNS, taken={"id"}) == {"name": "name"}


def test_an_id_whose_first_row_is_set_aside_is_not_a_repeat(write):
    ties = write("ties.csv", "source,target\na,b\n")
    actors = write("actors.csv", "id,name\na,Ann,extra\na,Ann\nb,Bob\n")
    network, report = load_network(ties, actors, skip_bad_rows=True)
    assert sorted(report.bad_rows) == [("actors.csv", 2)]
    assert network.actors["id"].tolist() == ["a", "b"]


def test_invisible_characters_no_longer_make_look_alike_duplicate_actors(write):
    """Issue 21, item 8: 'hub' followed by a zero-width space, a right-to-left override or
    written in full-width letters was a second actor that looked exactly like 'hub'."""
    ties = write("ties.csv", "source,target\nhub\u200b,ada\n\u202ehub,bob\n\uff48\uff55\uff42,cy\nada,hub\n")
    actors = write("actors.csv", "id,name\nhub,The Hub\nada,Ada\u200d Smith\u00a0Jr\n")
    network, report = load_network(ties, actors)
    assert network is not None, [i.text for i in report.errors]
    assert sorted(network.actors["id"]) == ["ada", "bob", "cy", "hub"]
    assert network.actors.set_index("id").loc["ada", "name"] == "Ada Smith Jr"
    assert network.n_ties == 3  # 'hub' + zero-width space – ada and ada – hub are one tie again
    assert any(i.action == "merged" and "hub – ada appears 2 times" in i.message for i in report.warnings)
    cleaned = {(i.file, i.column): i for i in report.warnings if i.action == "cleaned"}
    assert cleaned[("ties.csv", "source")].rows == (2, 3, 4)
    assert cleaned[("ties.csv", "source")].text == (
        "ties.csv, rows 2, 3, 4, column 'source': cleaned 3 id or name cell(s) so that two actors cannot look the "
        "same yet differ: removed zero width space (U+200B), right-to-left override (U+202E); look-alike forms "
        "unified (NFKC: full-width letters, ligatures, non-breaking spaces …)")
    assert cleaned[("actors.csv", "name")].rows == (3,) and "zero width joiner (U+200D)" in cleaned[
        ("actors.csv", "name")].message
    assert not [i for i in report.warnings if "created" == i.action and "hub" in i.message]


def test_look_alike_ids_are_offered_for_review(write):
    ties = write("ties.csv", "source,target\nHub,ada\nada,bob\nStraße,bob\nSTRASSE,ada\nAda  Smith,ada\n"
                             "ada smith,bob\n")
    actors = write("actors.csv", "id,name\nhub,The Hub\nada,Ada\nbob,Bob\n")
    network, report = load_network(ties, actors)
    assert network is not None and len(network.actors) == 8  # nothing is merged: a person decides
    review = [i for i in report.warnings if i.action == "review"]
    assert [i.text for i in review] == [
        "actors.csv, row 2, column 'id': actor ids 'hub' (actors.csv, row 2, column 'id'), 'Hub' (ties.csv, row 2, "
        "column 'source') look alike: they differ only in case or spacing. If they are one actor, give every row "
        "the same id; if not, nothing needs doing",
        "ties.csv, rows 4, 5, column 'source': actor ids 'Straße' (ties.csv, row 4, column 'source'), 'STRASSE' "
        "(ties.csv, row 5, column 'source') look alike: they differ only in case or spacing. If they are one "
        "actor, give every row the same id; if not, nothing needs doing",
        "ties.csv, rows 6, 7, column 'source': actor ids 'Ada  Smith' (ties.csv, row 6, column 'source'), 'ada "
        "smith' (ties.csv, row 7, column 'source') look alike: they differ only in case or spacing. If they are "
        "one actor, give every row the same id; if not, nothing needs doing"]


def test_plain_ids_are_not_cleaned_or_flagged(write):
    ties = write("ties.csv", "source,target\nécole,hub\nhub,café\n")
    network, report = load_network(ties)
    assert sorted(network.actors["id"]) == ["café", "hub", "école"]
    assert not [i for i in report.warnings if i.action in ("cleaned", "review")]
