"""The second core (netmap.metrics.spare_core): work done in a forked child gives the same
result as here; a child that fails or dies leaves the work to this process; no fork where it is
unsafe; and the analysis of a two-mode network is the same with its shared spaces done beside."""
from __future__ import annotations

import json
import os
import threading
import time

import pandas as pd
import pytest

from netmap.metrics import spare_core

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="forking needs a POSIX system")


def _where_and_what(x):
    return os.getpid(), [x] * 3


def test_the_result_comes_from_a_child_process():
    pid, value = spare_core.beside(_where_and_what, "a", fork=True).result()
    assert pid != os.getpid() and value == ["a", "a", "a"]


def test_a_failing_child_leaves_the_work_and_its_error_to_this_process():
    parent = os.getpid()

    def fails_everywhere():
        raise ValueError(f"bad input, seen in {'the child' if os.getpid() != parent else 'the parent'}")

    with pytest.raises(ValueError, match="seen in the parent"):
        spare_core.beside(fails_everywhere, fork=True).result()


def test_a_child_that_dies_leaves_the_work_to_this_process():
    parent = os.getpid()

    def dies_in_the_child():
        if os.getpid() != parent:
            os._exit(3)  # as if killed: nothing reported
        return "done here"

    work = spare_core.beside(dies_in_the_child, fork=True)
    assert work.result() == "done here" and work.child_peak_mib is None


def test_a_result_the_child_cannot_send_is_made_here():
    # half-pickled into the child's file before the lambda stops it: the file is emptied and the work done here
    pid, kept = spare_core.beside(lambda: (os.getpid(), [1] * 100_000 + [lambda: 1]), fork=True).result()
    assert pid == os.getpid() and kept[0] == 1


def test_no_fork_when_turned_off_or_beside_other_threads(monkeypatch):
    monkeypatch.setattr(os, "sched_getaffinity", lambda _: {0, 1})
    monkeypatch.delenv("NETMAP_PROCESSES", raising=False)
    assert spare_core.can_fork() == (threading.active_count() == 1)
    monkeypatch.setenv("NETMAP_PROCESSES", "1")
    assert not spare_core.can_fork()
    monkeypatch.delenv("NETMAP_PROCESSES")
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert not spare_core.can_fork()  # a server's threads: never fork beside them
    finally:
        stop.set()
        other.join()
    monkeypatch.setattr(os, "sched_getaffinity", lambda _: {0})
    assert not spare_core.can_fork()  # one core: nothing to gain


def test_an_analysis_is_the_same_with_its_stages_beside(monkeypatch):
    from netmap import analysis
    from netmap.network import load_network
    from netmap.samples import samples_dir

    base = samples_dir() / "millbrook"
    files = {name: (f"{name}.csv", (base / f"{name}.csv").read_bytes()) for name in ("ties", "actors")}
    network, report = load_network(files["ties"], files["actors"],
                                   affiliations=("affiliations.csv", (base / "affiliations.csv").read_bytes()),
                                   spaces=("spaces.csv", (base / "spaces.csv").read_bytes()))
    assert network is not None, report.errors
    here = analysis.analyse(network)
    monkeypatch.setattr(spare_core, "BESIDE_ROWS", 0)
    monkeypatch.setattr(spare_core, "can_fork", lambda: True)
    started = []
    real = spare_core.Beside.__init__

    def watched(self, work, args, kwargs, fork):
        started.append(fork)
        real(self, work, args, kwargs, fork)

    monkeypatch.setattr(spare_core.Beside, "__init__", watched)
    there = analysis.analyse(network)
    # structural holes, the two-mode paths, the rest of the shared spaces, the link model, the brokers
    assert started == [True] * 5
    pd.testing.assert_frame_equal(here.actors, there.actors)
    pd.testing.assert_frame_equal(here.spaces.spaces, there.spaces.spaces)
    pd.testing.assert_frame_equal(here.brokers, there.brokers)
    pd.testing.assert_frame_equal(here.introductions, there.introductions)
    assert here.link_model.message == there.link_model.message
    assert here.notes == there.notes
    # as text: NaN (a group with no ties out) is not equal to itself
    assert json.dumps(here.summary, sort_keys=True, default=str) == json.dumps(there.summary, sort_keys=True, default=str)


def test_the_largest_table_written_beside_is_the_same_file(monkeypatch, tmp_path):
    from netmap import analysis
    from netmap.outputs.folder import write_analysis
    from netmap.samples import samples_dir

    base = samples_dir() / "millbrook"
    result = analysis.analyse(base / "ties.csv", base / "actors.csv")
    here = write_analysis(result, tmp_path / "here")
    monkeypatch.setattr(spare_core, "BESIDE_ROWS", 0)
    monkeypatch.setattr(spare_core, "can_fork", lambda: True)
    forked = []
    real = spare_core.Beside.__init__
    monkeypatch.setattr(spare_core.Beside, "__init__",
                        lambda self, work, args, kwargs, fork: forked.append(fork) or real(self, work, args, kwargs, fork))
    there = write_analysis(result, tmp_path / "there")
    assert forked == [True]
    assert [p.name for p in here] == [p.name for p in there]
    for mine, theirs in zip(here, there):
        assert mine.read_bytes() == theirs.read_bytes(), mine.name


def _gated(gate):
    """Work that waits (in the child) until the file ``gate`` exists, at most 20 s."""
    def work():
        deadline = time.monotonic() + 20
        while not gate.exists() and time.monotonic() < deadline:
            time.sleep(0.01)
        return os.getpid(), gate.exists()
    return work


def test_one_child_at_a_time_and_the_next_as_soon_as_it_has_finished(tmp_path):
    # the machines this is for have one spare core: work asked for while a child runs waits for it
    gate = tmp_path / "go"
    first = spare_core.beside(_gated(gate), fork=True)
    second = spare_core.beside(_where_and_what, "b", fork=True)
    spare_core.pump()
    assert spare_core._running is first and list(spare_core._waiting) == [second]
    gate.touch()
    deadline = time.monotonic() + 20
    while spare_core._running is not second and time.monotonic() < deadline:
        spare_core.pump()  # as the analysis does between its stages
        time.sleep(0.01)
    # the first child freed the core by finishing, before its result was taken
    assert spare_core._running is second and not spare_core._waiting
    pid, passed = first.result()
    assert pid != os.getpid() and passed
    assert second.result()[0] != os.getpid()
    assert spare_core._running is None


def test_work_still_waiting_when_needed_is_done_here(tmp_path):
    gate = tmp_path / "go"
    first = spare_core.beside(_gated(gate), fork=True)
    second = spare_core.beside(_where_and_what, "b", fork=True)
    assert second.result() == (os.getpid(), ["b"] * 3)  # the core was busy: done here, not waited for
    assert not spare_core._waiting
    gate.touch()
    pid, passed = first.result()
    assert pid != os.getpid() and passed
    assert spare_core._running is None  # collected: the core is free again


def test_waiting_work_is_done_here_rather_than_sit_idle_for_a_child(tmp_path):
    gate = tmp_path / "go"

    def opens_the_gate():
        gate.touch()  # the first child finishes only once this has run
        return os.getpid()

    def fails():
        raise ValueError("kept for its own result")

    first = spare_core.beside(_gated(gate), fork=True)
    second = spare_core.beside(opens_the_gate, fork=True)
    third = spare_core.beside(fails, fork=True)
    pid, passed = first.result()  # waiting for the child, this process does the second meanwhile
    assert pid != os.getpid() and passed
    assert second.result() == os.getpid()
    with pytest.raises(ValueError, match="kept for its own result"):
        third.result()  # done here too, or started after the first: its error is raised here either way
    assert spare_core._running is None and not spare_core._waiting
