"""GEXF and GraphML: import through validation, export read back by networkx and igraph."""
from __future__ import annotations

import igraph as ig
import networkx as nx
import pytest

from netmap import analyse, load_network
from netmap.formats.graphs import graph_for_export, write_gexf, write_graphml
from tests.conftest import SAMPLES


@pytest.mark.parametrize("suffix, writer", [(".gexf", nx.write_gexf), (".graphml", nx.write_graphml)])
def test_import_keeps_every_node_edge_and_attribute(tmp_path, suffix, writer):
    graph = nx.karate_club_graph()
    graph = nx.relabel_nodes(graph, lambda n: f"m{n:02d}")
    for node in graph:
        graph.nodes[node]["label"] = f"Member {node}"
    path = tmp_path / f"karate{suffix}"
    writer(graph, path)
    network, report = load_network(path)
    assert report.issues == []
    assert set(network.graph.nodes) == set(graph.nodes)
    assert {frozenset(e) for e in network.graph.edges} == {frozenset(e) for e in graph.edges}
    assert network.graph.nodes["m00"]["club"] == "Mr. Hi" and network.graph.nodes["m00"]["name"] == "Member m00"
    assert network.graph["m00"]["m01"]["weight"] == graph["m00"]["m01"]["weight"]


def test_damaged_graph_file_is_a_clear_error(tmp_path):
    path = tmp_path / "map.graphml"
    path.write_text("<graphml><graph><node id='a'></graph>", encoding="utf-8")
    network, report = load_network(path)
    assert network is None
    assert report.errors[0].text.startswith("map.graphml: is not a readable GraphML file")


@pytest.fixture(scope="module")
def exported():
    result = analyse(SAMPLES / "millbrook" / "ties.csv", SAMPLES / "millbrook" / "actors.csv", group_by="sector")
    return result, graph_for_export(result.actors, result.network.ties, result.network.directed)


def test_graphml_export_read_by_networkx_and_igraph(tmp_path, exported):
    result, graph = exported
    path = write_graphml(graph, tmp_path / "millbrook.graphml")
    back = nx.read_graphml(path)
    # 483 ties: 478 before Millbrook's circle of trust was planted (generate_millbrook.CIRCLE_TIES adds 5)
    assert back.number_of_nodes() == 168 and back.number_of_edges() == 483
    hub = back.nodes["hub"]
    row = result.actors.set_index("id").loc["hub"]
    assert hub["label"] == "Millbrook Community Hub" and hub["sector"] == "voluntary"
    assert hub["betweenness"] == pytest.approx(row["betweenness"]) and hub["broker_rank"] == 1
    other = ig.Graph.Read_GraphML(str(path))
    assert other.vcount() == 168 and other.ecount() == 483
    assert "betweenness" in other.vs.attributes() and "weight" in other.es.attributes()


def test_gexf_export_read_by_networkx(tmp_path, exported):
    _result, graph = exported
    back = nx.read_gexf(write_gexf(graph, tmp_path / "millbrook.gexf"))
    # 483 ties: 478 before Millbrook's circle of trust was planted (generate_millbrook.CIRCLE_TIES adds 5)
    assert back.number_of_nodes() == 168 and back.number_of_edges() == 483
    assert back.nodes["ken-walsh"]["hidden_wealth_score"] == pytest.approx(0.75)
    assert back["hub"]["council-cd"]["tie_type"] == "collaborates"  # GEXF reserves 'type'
    again, report = load_network(tmp_path / "millbrook.gexf")
    assert report.ok and again.graph["hub"]["council-cd"]["type"] == "collaborates"
    # an isolate's empty constraint is left out rather than written as NaN
    assert "constraint" not in back.nodes["ken-walsh"]


def test_graphml_round_trip_keeps_every_attribute(tmp_path, exported):
    result, graph = exported
    path = write_graphml(graph, tmp_path / "round.graphml")
    again, report = load_network(path)
    # 483 ties: 478 before Millbrook's circle of trust was planted (generate_millbrook.CIRCLE_TIES adds 5)
    assert report.ok and again.n_actors == 168 and again.n_ties == 483
    hub = again.graph.nodes["hub"]
    assert hub["name"] == "Millbrook Community Hub" and hub["ward"] == "Castle Hill"
    assert again.graph["hub"]["council-cd"]["type"] == "collaborates"
    assert {c for c in result.network.actors.columns if c not in ("id", "name")} <= set(again.attribute_columns)


def test_graphml_written_by_igraph_keeps_names_and_direction(tmp_path):
    """Issue 9: R/python igraph store the vertex name in a node attribute 'name' (XML ids n0, n1 …)
    and declare edgedefault="directed"; netmap showed n0 … as names, renamed 'name' to 'name_2'
    and merged reciprocal arcs."""
    import igraph as ig

    from netmap.network import load_network

    g = ig.Graph(directed=True)
    g.add_vertices(["alice", "bob", "carol"])
    g.vs["sector"] = ["public", "private", "public"]
    g.add_edges([("alice", "bob"), ("bob", "alice"), ("bob", "carol")])
    g.es["weight"] = [1.0, 2.0, 3.0]
    path = tmp_path / "from_igraph.graphml"
    g.write_graphml(str(path))
    assert 'edgedefault="directed"' in path.read_text() and '<node id="n0">' in path.read_text()
    network, report = load_network(path)  # the option says undirected; the file says directed
    assert network.directed and network.n_ties == 3
    assert sorted(network.actors["id"]) == ["alice", "bob", "carol"]
    assert dict(zip(network.actors["id"], network.actors["name"]))["bob"] == "bob"
    assert "name_2" not in network.actors.columns and "name_attribute" not in network.actors.columns
    assert dict(zip(network.actors["id"], network.actors["sector"]))["carol"] == "public"
    assert network.graph["bob"]["alice"]["weight"] == 2.0
    assert any("declares directed ties" in w.message for w in report.warnings)


def test_graphml_written_by_networkx_uses_labels_and_its_undirected_edgedefault(tmp_path):
    from netmap.network import load_network

    g = nx.Graph()
    g.add_node("x1", label="Xavier", ward="north")
    g.add_node("y2", label="Yasmin", ward="south")
    g.add_edge("x1", "y2")
    path = tmp_path / "from_networkx.graphml"
    nx.write_graphml(g, path)
    network, report = load_network(path, directed=True)
    assert not network.directed
    assert dict(zip(network.actors["id"], network.actors["name"])) == {"x1": "Xavier", "y2": "Yasmin"}
    assert any("declares undirected ties" in w.message and "--directed" in w.message for w in report.warnings)
    same, quiet = load_network(path)
    assert not same.directed and not quiet.warnings
