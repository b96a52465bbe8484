"""kill -9 during a save loses no committed answer: a real process is killed inside the save's
transaction (after its rows were sent, before the commit); the answers saved before are all
there, the half save left no trace, and the next save works."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from netmap.questionnaire import answers_by_question
from netmap.store import open_store
from netmap.store.collections import Collections

from .conftest import client_of
from .helpers import Respondent, open_locality

ROOT = Path(__file__).resolve().parents[2]

CHILD = textwrap.dedent("""
    import sys, time
    from netmap.store import open_store
    from netmap.store.collections import Answer, Collections

    db, sheet = sys.argv[1], int(sys.argv[2])
    original = Collections._insert_answers

    def insert_then_wait(conn, sheet_id, answers):
        original(conn, sheet_id, answers)
        print("inside the transaction", flush=True)
        time.sleep(120)

    Collections._insert_answers = staticmethod(insert_then_wait)
    store = open_store(db)
    Collections(store).save(sheet, {"help": [Answer("help", 0, "Someone Else")],
                                    "offers": [Answer("offers", 0, "never saved")]}, page=4)
    print("committed", flush=True)
""")


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_kill_9_inside_a_save_keeps_every_committed_answer(backend, tmp_path, request):
    db = str(tmp_path / "store.db") if backend == "sqlite" else request.getfixturevalue("pg_url")
    opened = open_locality(db, tmp_path)
    with client_of(opened.store) as client:
        amina = Respondent(client, opened.links["p1"])
        amina.consent()
        amina.save(2, {"help.1": "Bob Hughes", "help.2": "Carol Singh"})
    records = Collections(opened.store)
    collection = records.get("Northgate", "2026")
    (sheet,) = records.sheets(collection.id, ("started",))
    with opened.store.engine.connect() as conn:
        sheet_id = conn.exec_driver_sql("SELECT id FROM collection_sheets").scalar()
    before = answers_by_question(sheet.answers)
    opened.store.close()

    env = dict(os.environ, PYTHONPATH=str(ROOT))
    child = subprocess.Popen([sys.executable, "-c", CHILD, db, str(sheet_id)], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    try:
        line = child.stdout.readline()
        assert line.strip() == "inside the transaction", child.stderr.read()
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        child.stdout.close()
        child.stderr.close()

    store = open_store(db)
    records = Collections(store)
    (after,) = records.sheets(collection.id, ("started",))
    assert answers_by_question(after.answers) == before
    assert "offers" not in answers_by_question(after.answers)
    records.save(sheet_id, {"offers": []}, page=4)  # the store takes the next save
    store.close()
