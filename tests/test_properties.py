"""Property-based: any bytes and any table give a network or a typed input error, nothing else."""
from __future__ import annotations

import csv
import io

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netmap import load_network

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _outcome_is_typed(network, report):
    if network is None:
        assert report.errors and all(e.file and e.text for e in report.errors)
    else:
        assert report.ok
        assert set(network.graph.nodes) == set(network.actors["id"])
        assert network.graph.number_of_edges() == len(network.ties)


@SETTINGS
@given(data=st.binary(max_size=2000), name=st.sampled_from(["ties.csv", "ties.xlsx", "map.gexf", "map.graphml"]))
def test_arbitrary_bytes(data, name):
    _outcome_is_typed(*load_network((name, data)))


cell = st.one_of(
    st.text(max_size=12),
    st.sampled_from(["", " ", "a", "b", "007", "1", "-1", "0", "2,5", "nan", "inf", '"', "\n", ";", "=1+1"]),
)
header = st.lists(
    st.sampled_from(["source", "target", "weight", "type", "Id", "name", "From", "to", "", "x", "x"]),
    min_size=1, max_size=6,
)


@SETTINGS
@given(
    ties_header=header,
    ties_rows=st.lists(st.lists(cell, max_size=7), max_size=12),
    actors_header=st.none() | header,
    actors_rows=st.lists(st.lists(cell, max_size=7), max_size=8),
    delimiter=st.sampled_from([",", ";", "\t"]),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]),
    directed=st.booleans(),
)
def test_arbitrary_tables(ties_header, ties_rows, actors_header, actors_rows, delimiter, encoding, directed):
    def encode(head, rows):
        buffer = io.StringIO()
        writer = csv.writer(buffer, delimiter=delimiter)
        writer.writerow(head)
        writer.writerows(rows)
        return buffer.getvalue().encode(encoding, errors="replace")

    ties = ("ties.csv", encode(ties_header, ties_rows))
    actors = None if actors_header is None else ("actors.csv", encode(actors_header, actors_rows))
    _outcome_is_typed(*load_network(ties, actors, directed=directed))


#: Cells without control characters: those are refused or cleaned at reading (issue 10 item 3, the reading
#: limits' work); once that is merged, ``cell`` itself can be used here.
printable_cell = st.one_of(
    st.text(alphabet=st.characters(blacklist_categories=("Cc", "Cs")), max_size=12),
    st.sampled_from(["", " ", "a", "b", "007", "1", "-1", "0", "nan", "inf", '"', ";", "=1+1", "\uff1d1", "<b>"]),
)
EXPORT_SETTINGS = settings(max_examples=30, deadline=None,
                           suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


@EXPORT_SETTINGS
@given(
    ties_rows=st.lists(st.lists(printable_cell, min_size=2, max_size=3), min_size=1, max_size=10),
    actors_rows=st.lists(st.lists(printable_cell, min_size=3, max_size=3), max_size=8),
    directed=st.booleans(),
    key=st.none() | st.just("k"),
)
def test_every_output_format_written_and_read_back(tmp_path_factory, ties_rows, actors_rows, directed, key):
    """Whatever the input, a network that loads is written in every format (CSV, JSON, both
    workbooks, GEXF, GraphML, briefing HTML, SVG, PNG), plain or pseudonymised, and each file
    opens in a reader nobody here wrote with every actor in it."""
    import json

    import networkx as nx
    import openpyxl
    import pandas as pd

    from netmap import analyse
    from netmap.outputs.folder import FORMATS, export_bundle, write_analysis
    from tests.read_back import read_back

    def encode(head, rows):
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(head)
        writer.writerows(rows)
        return buffer.getvalue().encode()

    network, report = load_network(("ties.csv", encode(["source", "target", "type"], ties_rows)),
                                   ("actors.csv", encode(["id", "name", "sector"], actors_rows)), directed=directed)
    if network is None or network.n_actors == 0:
        return  # no actors: a typed error for the reading limits (issue 10 item 4), not an export question
    result = analyse(network)
    out = tmp_path_factory.mktemp("formats")
    paths = write_analysis(result, out / "a", key=key, formats=FORMATS) + export_bundle(result, out / "b", report, key=key)
    n = network.n_actors
    for path in paths:
        if path.suffix == ".png":
            assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
            continue
        assert read_back(path), path.name  # opens in its reader
    from netmap.formats.cells import inert
    from netmap.privacy import Pseudonymiser

    actors = pd.read_csv(out / "a" / "actors.csv", dtype=str, keep_default_na=False)
    assert len(actors) == n and actors["id"].is_unique
    ids = [str(i) for i in network.actors["id"]]
    expected = {Pseudonymiser(network.actors, key).codes[i] for i in ids} if key else set(ids)
    assert set(actors["id"]) == {inert(i) for i in expected}  # formula-looking ids are written inert
    for folder in ("a", "b"):
        for reader, name in ((nx.read_gexf, "network.gexf"), (nx.read_graphml, "network.graphml")):
            graph = reader(out / folder / name)
            assert set(graph.nodes) == expected and graph.number_of_edges() == network.n_ties
    assert json.loads((out / "a" / "summary.json").read_text(encoding="utf-8"))["actors"] == n
    workbook = openpyxl.load_workbook(out / "b" / "netmap.xlsx", read_only=True)
    assert sum(1 for _ in workbook["actors"].iter_rows()) == n + 1
    kumu = openpyxl.load_workbook(out / "b" / "kumu.xlsx", read_only=True)
    assert sum(1 for _ in kumu["Elements"].iter_rows()) == n + 1
