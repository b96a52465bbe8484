"""Nothing lost: a process killed with SIGKILL in the middle of writing a wave (a real
subprocess) leaves the store readable with every earlier wave intact and no half wave."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa

from netmap.network import read_network
from netmap.store import open_store

from .helpers import random_ties_csv

ROOT = Path(__file__).resolve().parents[2]

# The child writes a 6,000-tie wave; after every row and revision of that wave has been sent
# to the database, but before the commit, it says so and waits to be killed.
CHILD = textwrap.dedent("""
    import sys, time
    from netmap.network import read_network
    from netmap.store import open_store, store as module

    db, ties = sys.argv[1], sys.argv[2]
    original = module.Store._add_revision

    def add_revision_then_wait(self, conn, *args, **kwargs):
        original(self, conn, *args, **kwargs)
        print("inside the transaction", flush=True)
        time.sleep(120)

    module.Store._add_revision = add_revision_then_wait
    store = open_store(db)
    store.add_wave("P", "wave 2", read_network(ties))
    print("committed", flush=True)
""")


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_kill_9_mid_import_leaves_earlier_waves_intact(backend, tmp_path, request):
    db = str(tmp_path / "store.db") if backend == "sqlite" else request.getfixturevalue("pg_url")
    first = tmp_path / "wave1.csv"
    first.write_text(random_ties_csv(300, 900, seed=1))
    big = tmp_path / "wave2.csv"
    big.write_text(random_ties_csv(2000, 6000, seed=2))
    store = open_store(db, create=True)
    store.create_project("P")
    wave1 = read_network(first)
    store.add_wave("P", "wave 1", wave1)
    store.close()

    env = dict(os.environ, PYTHONPATH=str(ROOT))
    child = subprocess.Popen([sys.executable, "-c", CHILD, db, str(big)], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    try:
        line = child.stdout.readline()
        assert line.strip() == "inside the transaction", child.stderr.read()
        os.kill(child.pid, signal.SIGKILL)
        assert child.wait(30) == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()

    store = open_store(db)
    try:
        assert store.wave_names("P") == ["wave 1"]
        back = store.load_network("P", "wave 1")
        pd.testing.assert_frame_equal(back.ties, wave1.ties)
        pd.testing.assert_frame_equal(back.actors, wave1.actors)
        with store.engine.connect() as conn:
            if backend == "sqlite":
                assert conn.execute(sa.text("PRAGMA integrity_check")).scalar() == "ok"
            # no orphan rows of the killed wave anywhere
            waves = conn.execute(sa.text("SELECT count(*) FROM waves")).scalar()
            tables = conn.execute(sa.text("SELECT count(*) FROM wave_tables")).scalar()
            revisions = conn.execute(sa.text("SELECT count(*) FROM revisions")).scalar()
            assert (waves, tables, revisions) == (1, 2, 1)
        # and the same wave can be written afterwards
        store.add_wave("P", "wave 2", wave1)
        assert store.wave_names("P") == ["wave 1", "wave 2"]
    finally:
        store.close()
