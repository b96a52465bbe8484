"""GEXF and GraphML in and out (Gephi, yEd, igraph, R), with every attribute and metric.

Reading goes through the same validation as CSV: a graph file becomes an actors table
(node id, ``label`` as name, every other attribute) and a ties table (source, target,
weight, type/label, every other attribute), with "rows" numbered by the position of the
node or edge element in the file (first element = row 2, as under a header).
"""
from __future__ import annotations

import io
import math
import re
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from netmap.errors import FileProblem
from netmap.formats.spreadsheets import RawTable, Source, source_name

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["GRAPH_SUFFIXES", "NETWORK_CANVAS_ADVICE", "plain_value", "is_graph_file", "read_graph_tables",
           "graph_for_export", "write_gexf",
           "write_graphml"]

GRAPH_SUFFIXES = (".gexf", ".graphml")
#: Drawing attributes Gephi stores per node; positions and colours are not data.
_SKIP = {"viz"}

#: What to do with a Network Canvas export given as ties or actors (or as one GraphML file).
NETWORK_CANVAS_ADVICE = (
    "is a Network Canvas export, not a table of ties between actors: its nodeID, from and to start "
    "again at 1 in every interview. Read the export as a survey (on the command line: netmap survey "
    "with its _ego, _attributeList_ and _edgeList_ files or its GraphML file, and --out DIR; in the app: "
    "Data, Survey export), which joins the interviews on their networkCanvas ids, then analyse "
    "DIR/ties.csv with --actors DIR/actors.csv")


def is_graph_file(source: Source) -> bool:
    return source_name(source).lower().endswith(GRAPH_SUFFIXES)


#: A GraphML ``<graph>`` element (with or without a namespace prefix; not ``<graphml>``).
_GRAPH_ELEMENT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?graph[\s>/]")


def _parse(name: str, data: bytes) -> "nx.Graph":
    import networkx as nx  # here, not at the top: reading a CSV (validate) never needs it

    if not name.lower().endswith(".gexf"):
        # networkx reads only the first <graph> of a file: say so rather than lose the others
        if b"schema.networkcanvas.com" in data:
            raise FileProblem(name, NETWORK_CANVAS_ADVICE)
        graphs = len(_GRAPH_ELEMENT.findall(data))
        if graphs > 1:
            raise FileProblem(name, f"holds {graphs} graphs; netmap reads one network per file: save each graph "
                                    "as a file of its own")
    reader = nx.read_gexf if name.lower().endswith(".gexf") else nx.read_graphml
    try:
        return reader(io.BytesIO(data))
    except Exception as exc:  # the XML parsers raise many types on damaged files
        kind = "GEXF" if name.lower().endswith(".gexf") else "GraphML"
        raise FileProblem(name, f"is not a readable {kind} file ({type(exc).__name__}: {exc})") from None


def _text(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def read_graph_tables(source: Source, data: bytes) -> tuple[RawTable, RawTable, bool]:
    """The ties and actors tables of a GEXF or GraphML file, as raw text tables, and whether
    the file declares its ties directed (GraphML ``edgedefault``, GEXF ``defaultedgetype``).

    Actor ids and names follow the writers' conventions:

    * R/python igraph store the vertex name in a node attribute ``name`` and number the XML
      ids ``n0, n1 …``: when every node has a distinct ``name``, it is the actor id;
    * Gephi, yEd (its node label) and networkx/netmap exports put the shown name in
      ``label``: it is the actor's name; without one, the name is the id.

    The attribute used as the id is not kept again as an attribute.
    """
    name = source_name(source)
    graph = _parse(name, data)
    names = [_text(attrs.get("name", "")) for _, attrs in graph.nodes(data=True)]
    igraph_names = bool(names) and all(names) and len(set(names)) == len(names)
    used = {"label"} | ({"name"} if igraph_names else set())
    node_keys = sorted({k for _, d in graph.nodes(data=True) for k in d if k not in _SKIP | used})
    actor_rows = []
    ids = {}
    for i, (node, attrs) in enumerate(graph.nodes(data=True), start=2):
        actor_id = _text(attrs["name"]) if igraph_names else _text(node)
        ids[node] = actor_id
        label = _text(attrs.get("label", "")) or (actor_id if igraph_names else "")
        actor_rows.append((i, [actor_id, label] + [_text(attrs.get(k)) for k in node_keys]))
    edge_keys = sorted({k for *_, d in graph.edges(data=True) for k in d if k not in _SKIP | {"id"}})
    tie_rows = []
    for i, (u, v, attrs) in enumerate(graph.edges(data=True), start=2):
        tie_rows.append((i, [ids[u], ids[v]] + [_text(attrs.get(k)) for k in edge_keys]))
    actors = RawTable(f"{name} [nodes]", ["id", "name"] + node_keys, actor_rows, [], ",", "xml")
    ties = RawTable(f"{name} [edges]", ["source", "target"] + edge_keys, tie_rows, [], ",", "xml")
    return ties, actors, graph.is_directed()


def graph_for_export(actors: pd.DataFrame, ties: pd.DataFrame, directed: bool) -> "nx.Graph":
    """A graph whose nodes carry every actor column (metrics included) and edges every tie
    column; blank values are left out, as GEXF and GraphML expect."""
    import networkx as nx

    graph = nx.DiGraph() if directed else nx.Graph()
    columns = [c for c in actors.columns if c != "id"]
    for record in actors.itertuples(index=False, name=None):
        attrs = {("label" if c == "name" else c): plain_value(v) for c, v in zip(columns, record[1:], strict=True)}
        graph.add_node(str(record[0]), **{k: v for k, v in attrs.items() if v is not None})
    tie_columns = [c for c in ties.columns if c not in ("source", "target")]
    for record in ties.itertuples(index=False, name=None):
        attrs = {c: plain_value(v) for c, v in zip(tie_columns, record[2:], strict=True)}
        graph.add_edge(str(record[0]), str(record[1]), **{k: v for k, v in attrs.items() if v is not None})
    return graph


def plain_value(value):
    """Python scalars only; None for blanks and NaN (GEXF/GraphML have no NaN)."""
    if value is None or value is pd.NA:
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    return value


def write_gexf(graph: "nx.Graph", path: str | Path) -> Path:
    """GEXF 1.2 for Gephi: numeric columns become numeric attributes it can size and colour by.

    GEXF reserves an edge's ``type`` for directed/undirected, so the tie type is written as
    ``tie_type`` (which netmap reads back as the type).
    """
    path = Path(path)
    graph = graph.copy()
    for *_, data in graph.edges(data=True):
        if "type" in data:
            data["tie_type"] = data.pop("type")
    import networkx as nx

    nx.write_gexf(graph, path, version="1.2draft")
    return path


def write_graphml(graph: "nx.Graph", path: str | Path) -> Path:
    """GraphML for yEd, igraph, R and Cytoscape."""
    path = Path(path)
    import networkx as nx

    nx.write_graphml(graph, path, named_key_ids=True)
    return path
