"""Two-mode path sums at register scale (issue 26): breadth-first searches in C, small
components searched inside themselves, against the dense block algorithm they replaced."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp

from netmap.metrics import centrality, twomode
from netmap.metrics.searches import source_sums


def dense_path_sums(adjacency: sp.csr_matrix, sources: np.ndarray, chunk: int = 128):
    """The sums as netmap computed them before issue 26: Brandes (2001) for a block of sources
    at once, one sparse × dense product per breadth-first level (the oracle)."""
    n = adjacency.shape[0]
    distance_sums, dependency_sums = np.zeros(n), np.zeros(n)
    for start in range(0, len(sources), chunk):
        block = sources[start:start + chunk]
        cols = np.arange(len(block))
        sigma = np.zeros((n, len(block)))
        sigma[block, cols] = 1.0
        seen = sigma > 0
        levels = [seen.copy()]
        front = sigma.copy()
        while True:
            reach = adjacency @ front
            new = (reach > 0) & ~seen
            if not new.any():
                break
            seen |= new
            levels.append(new)
            front = reach * new
            sigma += front
            distance_sums += (len(levels) - 1) * new.sum(axis=1)
        delta = np.zeros_like(sigma)
        inverse = np.divide(1.0, sigma, out=np.zeros_like(sigma), where=sigma > 0)
        for d in range(len(levels) - 1, 0, -1):
            x = (delta + 1.0) * inverse * levels[d]
            delta += (adjacency @ x) * sigma * levels[d - 1]
        delta[block, cols] = 0.0
        dependency_sums += delta.sum(axis=1)
    return distance_sums, dependency_sums


def register(seed: int = 5) -> twomode.TwoMode:
    """Many small boards (components of a few nodes) and one large connected part."""
    rng = np.random.default_rng(seed)
    small = [(f"p{i}", f"b{i // 3}") for i in range(900)]  # 300 boards of 3 trustees each
    big = [(f"q{rng.integers(0, 1500)}", f"c{rng.integers(0, 300)}") for _ in range(4_000)]
    aff = pd.DataFrame(small + big, columns=["actor", "space"]).drop_duplicates()
    aff["weight"] = 1.0
    return twomode.two_mode_index(sorted(set(aff["actor"])), sorted(set(aff["space"])), aff)


@pytest.mark.parametrize("exact_limit", [10_000, 1_000])
def test_path_sums_match_the_dense_algorithm(exact_limit):
    tm = register()
    labels = twomode._components(tm)
    sources, _ = twomode._sources(labels, exact_limit, 64, seed=3)
    got = (source_sums(tm.adjacency(), sources, labels).distances,
           sum(part for part, _ in twomode._dependency_sums(tm, sources, labels)))
    want = dense_path_sums(tm.adjacency(), sources)
    assert np.allclose(got[0], want[0]) and np.allclose(got[1], want[1])


def test_path_centrality_sampled_on_a_register():
    tm = register()
    result = twomode.path_centrality(tm, exact_limit=1_000, samples=64, seed=3)
    assert not result.exact and result.sources > 900  # every small board, and 64 of the large part
    exact = twomode.path_centrality(tm, exact_limit=10_000)
    # small components are exact even when the rest is sampled
    small = np.arange(tm.n_actors) < 900 if tm.actors[0].startswith("p") else None
    assert small is not None
    assert np.allclose(result.closeness_actors[small], exact.closeness_actors[small])


def test_random_sources_follow_the_affiliations(monkeypatch):
    # issue 26: the random sources of a register's large part are counted and, as a one-mode
    # network's pivots, fewer when the affiliations would make them too much work
    tm = register()
    assert twomode.path_centrality(tm, exact_limit=1_000, samples=64, seed=3).drawn == 64
    monkeypatch.setattr(centrality, "DISTANCE_WORK", 32 * tm.incidence.nnz)
    monkeypatch.setattr(centrality, "DISTANCE_MIN_SAMPLES", 16)
    fewer = twomode.path_centrality(tm, exact_limit=1_000, samples=64, seed=3)
    assert fewer.drawn == 32 and not fewer.exact


def test_betweenness_from_fewer_sources_states_an_error_that_holds(monkeypatch):
    # issue 26: on a register betweenness searches from a random subset of the drawn sources
    # (one igraph search each); the spread of four separate sets' estimates is its standard
    # error, and the 10 highest actors' estimates sit within a few of those of the exact values
    tm = register()
    exact = twomode.path_centrality(tm, exact_limit=10_000)
    monkeypatch.setattr(twomode, "BETWEENNESS_WORK", 48 * tm.incidence.nnz)
    result = twomode.path_centrality(tm, exact_limit=1_000, samples=256, seed=3)
    assert result.drawn == 256 and result.between_drawn == 48
    assert result.between_error is not None and 0 < result.between_error < 1
    # closeness still from all 256 drawn sources: the same as with every source searched for both
    monkeypatch.setattr(twomode, "BETWEENNESS_WORK", 10 ** 12)
    everything = twomode.path_centrality(tm, exact_limit=1_000, samples=256, seed=3)
    assert everything.between_drawn == 256
    assert np.array_equal(result.closeness_actors, everything.closeness_actors)
    top = np.argsort(-result.betweenness_actors)[:10]
    off = np.abs(result.betweenness_actors[top] - exact.betweenness_actors[top]) / exact.betweenness_actors[top]
    assert off.max() <= 4 * result.between_error, (off.max(), result.between_error)
    # fewer sources, larger error
    assert everything.between_error < result.between_error


def test_the_note_never_claims_more_than_the_error_allows():
    # a register's 69 sources gave a standard error of 101% of the top actors' values: the note
    # must not then say the top of the ranking can be read
    from dataclasses import replace

    from netmap.insights.spaces import ROUGH_ERROR, _path_note

    paths = twomode.PathCentrality(np.zeros(1), np.zeros(1), np.zeros(1), np.zeros(1), False, 74_414, 277, 69, 0.1)
    assert "read the top of the ranking" in _path_note(paths, 0) and "69 of the 277" in _path_note(paths, 0)
    rough = _path_note(replace(paths, between_error=1.01), 0)
    assert "101% of the value" in rough and "rough guide only" in rough and "read the top" not in rough
    assert "rough guide" in _path_note(replace(paths, between_error=ROUGH_ERROR), 0)
