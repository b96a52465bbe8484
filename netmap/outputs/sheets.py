"""The workbooks netmap writes (netmap.xlsx, kumu.xlsx) and the spaces in every file: spaces.csv,
the workbooks, GEXF and GraphML.

Both modes travel together: in a graph file every node has ``mode`` = ``actor`` or
``space`` and every actor–space edge has ``type`` = ``uses`` (netmap reads such a file back
into actors, ties, spaces and affiliations). Pseudonymised, spaces are shown as the
pseudonymiser shows them everywhere (:meth:`netmap.privacy.Pseudonymiser.space_frame`): a
space's id, and its name unless kept, become its code (``S-…``) in every file at once, an
owner becomes the actor's code, and free text (offers, contact, notes …) is left out; a space
may be someone's home or be named after its owner.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from netmap.formats.cells import json_safe
from netmap.formats.graphs import plain_value
from netmap.glossary import for_files
from netmap.insights.spaces import TWO_MODE_SUMMARY_KEYS

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["analysis_workbook", "kumu_sheets", "space_tables", "add_spaces_to_graph", "add_spaces_to_kumu", "summary_keys", "AFFILIATION_EDGE_TYPE"]

AFFILIATION_EDGE_TYPE = "uses"


def summary_keys(result) -> list[str]:
    """The two-mode keys of summary.json, when there are affiliations."""
    return [k for k in TWO_MODE_SUMMARY_KEYS if k in result.summary] if result.spaces is not None else []


def _affiliations(result, pseudonymiser=None) -> pd.DataFrame:
    """The affiliations; pseudonymised: actors' and spaces' codes, free text left out."""
    frame = result.network.affiliations
    return pseudonymiser.frame(frame) if pseudonymiser is not None else frame.copy()


def _spaces(result, pseudonymiser=None) -> pd.DataFrame:
    """spaces.csv's table; pseudonymised: the same codes as in the affiliations."""
    spaces = for_files(result.spaces.spaces)
    return pseudonymiser.space_frame(spaces) if pseudonymiser is not None else spaces


def space_tables(result, pseudonymiser=None) -> dict[str, pd.DataFrame]:
    """``spaces.csv`` (the scores, with why), ``space_suggestions.csv`` and ``affiliations.csv``;
    empty without affiliations."""
    if result.spaces is None:
        return {}
    suggestions = result.spaces.suggestions
    if pseudonymiser is not None:
        suggestions = pseudonymiser.frame(suggestions)
    return {"spaces.csv": _spaces(result, pseudonymiser), "space_suggestions.csv": suggestions,
            "affiliations.csv": _affiliations(result, pseudonymiser)}


def add_spaces_to_graph(graph: nx.Graph, result, pseudonymiser=None) -> nx.Graph:
    """``graph`` (from :func:`netmap.formats.graphs.graph_for_export`) with the spaces as nodes
    (``mode`` = ``space``, every attribute and score) and the affiliations as edges."""
    if result.spaces is None:
        return graph
    for node in graph.nodes:
        graph.nodes[node]["mode"] = "actor"
    spaces = _spaces(result, pseudonymiser)
    columns = [c for c in spaces.columns if c != "id"]
    for record in spaces.itertuples(index=False, name=None):
        attrs = {("label" if c == "name" else c): plain_value(v) for c, v in zip(columns, record[1:], strict=True)}
        graph.add_node(str(record[0]), mode="space", **{k: v for k, v in attrs.items() if v is not None})
    links = _affiliations(result, pseudonymiser)
    extra = [c for c in links.columns if c not in ("actor", "space")]
    for record in links.itertuples(index=False, name=None):
        attrs = {c: plain_value(v) for c, v in zip(extra, record[2:], strict=True)}
        attrs = {k: v for k, v in attrs.items() if v is not None}
        attrs.setdefault("type", AFFILIATION_EDGE_TYPE)
        graph.add_edge(str(record[0]), str(record[1]), **attrs)
    return graph


def add_spaces_to_kumu(sheets: dict[str, pd.DataFrame], result, pseudonymiser=None) -> dict[str, pd.DataFrame]:
    """Kumu's Elements and Connections with the spaces as elements (``Element Type`` space or
    actor) and the affiliations as connections of type ``uses``."""
    if result.spaces is None:
        return sheets
    elements, connections = sheets["Elements"].copy(), sheets["Connections"]
    elements.insert(1, "Element Type", "actor")
    spaces = _spaces(result, pseudonymiser).rename(columns={"id": "netmap_id"})
    taken = set(elements["Label"].astype(str))
    labels = [name if name not in taken else f"{name} ({sid})"
              for name, sid in zip(spaces["name"].astype(str), spaces["netmap_id"].astype(str))]
    space_elements = spaces.drop(columns=["name"])
    space_elements.insert(0, "Label", labels)
    space_elements.insert(1, "Element Type", "space")
    label_of = dict(zip(elements["netmap_id"].astype(str), elements["Label"]))
    space_label = dict(zip(spaces["netmap_id"].astype(str), labels))
    links = _affiliations(result, pseudonymiser)
    uses = pd.DataFrame({"From": links["actor"].astype(str).map(label_of),
                         "To": links["space"].astype(str).map(space_label), "Type": AFFILIATION_EDGE_TYPE,
                         "Direction": "directed", "Strength": links["weight"]})
    for column in links.columns:
        if column not in ("actor", "space", "weight"):
            uses[column] = links[column]
    return {"Elements": pd.concat([elements, space_elements], ignore_index=True),
            "Connections": pd.concat([connections, uses], ignore_index=True)}


def analysis_workbook(result, report=None, pseudonymiser=None) -> dict[str, pd.DataFrame]:
    """The sheets of the Excel export: every table of the analysis, the summary and the
    validation warnings (``write_sheets`` stores numbers as numbers and text as text)."""
    p = pseudonymiser.frame if pseudonymiser else (lambda f: f)
    summary = pd.DataFrame({"measure": list(result.summary),
                            "value": [str(json_safe(v)) if isinstance(v, dict) else v
                                      for v in result.summary.values()]})  # ei_by_group holds group names
    communities = result.actors.groupby("community")["id"].count().rename("actors").reset_index()
    validation = report.to_frame() if report is not None else pd.DataFrame(columns=["level", "message"])
    return {
        "actors": p(result.actors), "ties": p(result.network.ties), "brokers": p(for_files(result.brokers)),
        "hidden_wealth": p(for_files(result.hidden_wealth)), "introductions": p(result.introductions),
        "group_gaps": p(result.group_gaps), "communities": communities,
        **({"circles": p(result.circles.table)} if result.circles is not None else {}), "summary": p(summary),
        "validation": p(validation),
    } | {name.removesuffix(".csv"): table for name, table in space_tables(result, pseudonymiser).items()}


def kumu_sheets(result, pseudonymiser=None) -> dict[str, pd.DataFrame]:
    """Kumu's import format: ``Elements`` (Label first, unique) and ``Connections``
    (From, To, Type, Direction, Strength), with every attribute and metric as fields."""
    actors = pseudonymiser.frame(result.actors) if pseudonymiser else result.actors
    ties = pseudonymiser.frame(result.network.ties) if pseudonymiser else result.network.ties
    names = actors["name"].astype(str)
    repeated = names.duplicated(keep=False)
    labels = names.where(~repeated, names + " (" + actors["id"].astype(str) + ")")
    label_of = dict(zip(actors["id"], labels, strict=True))
    # Kumu identifies elements by Label; netmap's id travels along as a field
    elements = actors.drop(columns=["name"]).rename(columns={"id": "netmap_id"})
    elements.insert(0, "Label", labels)
    connections = pd.DataFrame({
        "From": ties["source"].map(label_of), "To": ties["target"].map(label_of),
        "Type": ties["type"] if "type" in ties.columns else "",
        "Direction": "directed" if result.network.directed else "undirected",
        "Strength": ties["weight"],
    })
    extra = [c for c in ties.columns if c not in ("source", "target", "type", "weight")]
    for column in extra:
        connections[column] = ties[column]
    return add_spaces_to_kumu({"Elements": elements, "Connections": connections}, result, pseudonymiser)
