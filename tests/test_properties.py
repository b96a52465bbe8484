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
