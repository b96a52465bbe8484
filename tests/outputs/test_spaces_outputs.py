"""Shared spaces on the command line and in every file written."""
from __future__ import annotations

import json

import networkx as nx
import pandas as pd
import pytest

from netmap.cli import main
from netmap.network import load_network
from tests.conftest import SAMPLES

MB = SAMPLES / "millbrook"
DAVIS = SAMPLES / "davis"
SPACE_COLUMNS = ["id", "name", "kind", "capacity", "offers", "owner", "ward", "users", "groups_reached", "evenness",
                 "bridging_pairs", "unique_bridging_pairs", "cross_group_share", "shared_space_score",
                 "under_used_score", "tm_degree", "tm_closeness", "tm_betweenness", "why"]


def _millbrook_args(*extra):
    return [str(MB / "ties.csv"), "--actors", str(MB / "actors.csv"), "--affiliations", str(MB / "affiliations.csv"),
            "--spaces", str(MB / "spaces.csv"), "--group-by", "sector", *extra]


def test_analyse_writes_spaces_csv_and_two_mode_columns(tmp_path, capsys):
    assert main(["analyse", *_millbrook_args(), "--formats", "csv,gexf,graphml", "--out", str(tmp_path)]) == 0
    assert "shared spaces: 1. Millbrook Community Hub café and hall" in capsys.readouterr().out
    spaces = pd.read_csv(tmp_path / "spaces.csv")
    assert list(spaces.columns) == SPACE_COLUMNS
    actors = pd.read_csv(tmp_path / "actors.csv")
    assert {"tm_degree", "tm_closeness", "tm_betweenness"} <= set(actors.columns)
    summary = json.loads((tmp_path / "summary.json").read_text())
    assert summary["spaces"] == 11 and summary["affiliations"] == 248
    assert summary["two_mode_density"] == pytest.approx(248 / (168 * 11))
    graph = nx.read_graphml(tmp_path / "network.graphml")
    modes = nx.get_node_attributes(graph, "mode")
    assert sum(m == "space" for m in modes.values()) == 11 and sum(m == "actor" for m in modes.values()) == 168
    network, _report = load_network(tmp_path / "network.gexf")  # both modes read back
    assert network is not None and len(network.spaces) == 11 and len(network.affiliations) == 248


def test_affiliations_alone(tmp_path):
    args = ["--affiliations", str(DAVIS / "affiliations.csv"), "--actors", str(DAVIS / "actors.csv"),
            "--spaces", str(DAVIS / "spaces.csv")]
    assert main(["analyse", *args, "--out", str(tmp_path)]) == 0
    spaces = pd.read_csv(tmp_path / "spaces.csv").set_index("id")
    tm = nx.davis_southern_women_graph()
    expected = nx.bipartite.betweenness_centrality(tm, tm.graph["top"])
    for event in tm.graph["bottom"]:
        assert spaces.loc[event, "tm_betweenness"] == pytest.approx(expected[event], rel=1e-9)


@pytest.mark.parametrize("args, message", [
    ([], "give a TIES file, or --affiliations FILE"),
    (["--spaces", str(MB / "spaces.csv"), str(MB / "ties.csv")], "--spaces needs --affiliations"),
])
def test_missing_inputs_exit_2_with_one_line(tmp_path, capsys, args, message):
    assert main(["analyse", *args, "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert message in err and len(err.strip().splitlines()) == 1


def test_clash_exits_2_naming_both_rows(tmp_path, capsys, write):
    links = write("aff.csv", "actor,space\namina-patel,library\n")
    code = main(["analyse", str(MB / "ties.csv"), "--actors", str(MB / "actors.csv"), "--affiliations", str(links),
                 "--out", str(tmp_path / "out")])
    assert code == 2
    assert capsys.readouterr().err.strip() == (
        "error: aff.csv, row 2, column 'space': space id 'library' is also an actor id (actors.csv, row 12, column "
        "'id'); actors and spaces must have different ids, so rename one of them (e.g. 'library-space')")


def test_meets_at_adds_copresence_ties(tmp_path):
    assert main(["analyse", *_millbrook_args("--meets-at", "30"), "--out", str(tmp_path)]) == 0
    summary = json.loads((tmp_path / "summary.json").read_text())
    # more than Millbrook's 483 recorded ties (478 before its circle of trust was planted)
    assert summary["ties"] > 483


def test_report_carries_both_modes(tmp_path):
    assert main(["report", *_millbrook_args(), "--pseudonymise", "--key", "k", "--out", str(tmp_path)]) == 0
    page = (tmp_path / "briefing.html").read_text()
    assert "<h2>Shared spaces</h2>" in page and "Under-used spaces" in page and "If it closed" in page
    assert "Amina Patel" not in page
    kumu = pd.read_excel(tmp_path / "kumu.xlsx", sheet_name=None)
    assert (kumu["Elements"]["Element Type"] == "space").sum() == 11
    assert (kumu["Connections"]["Type"] == "uses").sum() == 248
    book = pd.read_excel(tmp_path / "netmap.xlsx", sheet_name=None)
    assert {"spaces", "space_suggestions", "affiliations"} <= set(book)
    assert not book["affiliations"]["actor"].isin(["amina-patel"]).any()


def test_methods_say_communities_use_the_copresence_weights(tmp_path):
    # 'meets at' ties are weighted by the spaces shared and communities use those weights even
    # without --weighted (analysis.py); the briefing's methods said "unweighted" all the same
    assert main(["report", *_millbrook_args("--meets-at", "30"), "--out", str(tmp_path / "with")]) == 0
    assert main(["report", *_millbrook_args(), "--out", str(tmp_path / "without")]) == 0
    with_spaces = (tmp_path / "with" / "briefing.html").read_text()
    without = (tmp_path / "without" / "briefing.html").read_text()
    assert "unweighted, except communities, which use the weights of the ties made by sharing a space" in with_spaces
    assert "except communities" not in without and "and unweighted." in without
