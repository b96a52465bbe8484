"""Burt's measures against networkx's per-node definitions and UCINET-checked values."""
from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pytest

from netmap.metrics.engine import index_graph
from netmap.metrics.structural_holes import structural_holes
from tests.metrics.graphs import ALL, UNDIRECTED, with_weights

TOL = 1e-12


def values(ix, mapping):
    return np.array([mapping[v] for v in ix.nodes], dtype=float)


@pytest.mark.parametrize("name", sorted(ALL))
@pytest.mark.parametrize("weighted", [False, True])
def test_constraint_and_effective_size_match_networkx(name, weighted):
    """networkx's per-node path (``nodes=list(G)``) is the reference: in networkx 3.6 the
    whole-graph fast path of ``effective_size`` normalises by the wrong axis on weighted and
    directed graphs (networkx PR #8906) and disagrees with its own documented formula."""
    g = ALL[name]()
    g = with_weights(g) if weighted else g
    weight = "weight" if weighted else None
    ix = index_graph(g)
    holes = structural_holes(ix, weighted)
    np.testing.assert_allclose(holes.constraint, values(ix, nx.constraint(g, weight=weight)), atol=TOL)
    expected_size = values(ix, {v: _effective_size(g, v, weight) for v in g})
    np.testing.assert_allclose(holes.effective_size, expected_size, atol=TOL)
    contacts = np.array([len(set(nx.all_neighbors(g, v))) for v in ix.nodes], dtype=float)
    with np.errstate(invalid="ignore"):
        np.testing.assert_allclose(holes.efficiency, expected_size / contacts, atol=TOL)


def _effective_size(g, v, weight):
    """networkx's per-node effective size; for an actor with only incoming arcs networkx
    returns nan (it tests successors for isolation, networkx issue #2661), so there its own
    redundancy formula is summed directly, with its normalized_mutual_weight."""
    contacts = set(nx.all_neighbors(g, v)) - {v}
    only_incoming = g.is_directed() and contacts and not any(True for _ in g.successors(v))
    if not only_incoming:
        return nx.effective_size(g, nodes=[v], weight=weight)[v]
    nmw = nx.algorithms.structuralholes.normalized_mutual_weight
    return sum(1 - sum(nmw(g, v, w, weight=weight) * nmw(g, u, w, norm=max, weight=weight) for w in contacts)
               for u in contacts)


@pytest.mark.parametrize("name", sorted(ALL))
def test_hierarchy_by_burts_formula(name):
    """Hand formula (networkx has none): H = Σ r ln r / (N ln N), r_j = c_ij / (C/N),
    with networkx's local constraints c_ij."""
    g = ALL[name]()
    ix = index_graph(g)
    got = structural_holes(ix).hierarchy
    for v in g:
        contacts = set(nx.all_neighbors(g, v))
        if not contacts:
            assert math.isnan(got[ix.index[v]])
            continue
        local = [nx.local_constraint(g, v, j) for j in contacts]
        total, size = sum(local), len(local)
        expected = 0.0 if size == 1 else sum(
            (c / (total / size)) * math.log(c / (total / size)) for c in local) / (size * math.log(size))
        assert got[ix.index[v]] == pytest.approx(expected, abs=TOL)


def test_kite_values_published_with_ucinet():
    """Krackhardt kite, values networkx's tests say were computed with UCINET and igraph."""
    ix = index_graph(UNDIRECTED["kite"]())
    holes = structural_holes(ix)
    c = dict(zip(ix.nodes, holes.constraint))
    assert c["7"] == pytest.approx(0.431, abs=1e-3) and c["9"] == pytest.approx(1.0)
    e = dict(zip(ix.nodes, holes.effective_size))
    assert e["3"] == pytest.approx(3.333, abs=1e-3) and e["7"] == pytest.approx(2.333, abs=1e-3)


def test_star_centre_and_isolates():
    ix = index_graph(UNDIRECTED["isolates"]())
    holes = structural_holes(ix)
    for v in ("lonely", "hermit"):
        assert all(math.isnan(x[ix.index[v]]) for x in (holes.constraint, holes.effective_size,
                                                         holes.efficiency, holes.hierarchy))
    star = index_graph(UNDIRECTED["star"]())
    holes = structural_holes(star)
    centre = star.index["0"]
    # six contacts with no ties among them: constraint 6 × (1/6)² = 1/6, no redundancy,
    # every contact constrains equally (hierarchy 0); a leaf has one contact (hierarchy 0).
    assert holes.constraint[centre] == pytest.approx(1 / 6)
    assert holes.effective_size[centre] == 6 and holes.efficiency[centre] == 1
    assert holes.hierarchy[centre] == pytest.approx(0) and holes.hierarchy[star.index["1"]] == 0


@pytest.mark.parametrize("directed", [False, True])
def test_products_made_a_few_rows_at_a_time_give_networkx_values(directed, monkeypatch):
    # issue 26: P·P is made a block of rows at a time; with tiny blocks it must still equal networkx
    from netmap.metrics import engine

    monkeypatch.setattr(engine, "PRODUCT_BLOCK", 5)
    g = nx.gnp_random_graph(40, 0.15, seed=8, directed=directed)
    ix = index_graph(g)
    found = structural_holes(ix)
    constraint = nx.constraint(g)
    effective = nx.effective_size(g, nodes=list(g))  # its per-node path: right on directed graphs
    for v in g:
        i = ix.index[v]
        if math.isnan(constraint[v]):
            assert math.isnan(found.constraint[i])
        else:
            assert found.constraint[i] == pytest.approx(constraint[v])
            assert found.effective_size[i] == pytest.approx(effective[v])
