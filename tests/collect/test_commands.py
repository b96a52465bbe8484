"""``netmap collect open|links|status|close`` on a real store, as a team member runs them."""
from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import sqlite3
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from netmap.cli import main

from .conftest import client_of
from .helpers import Respondent, write_inputs


@pytest.fixture
def store_db(tmp_path):
    db = str(tmp_path / "store.db")
    assert main(["project", "create", "Northgate", "--db", db]) == 0
    return db


def test_open_links_status_close(store_db, tmp_path, capsys):
    paths = write_inputs(tmp_path)
    assert main(["collect", "open", "Northgate", "2026", "--questionnaire", str(paths["questionnaire"]),
                 "--roster", str(paths["roster"]), "--places", str(paths["places"]), "--db", store_db]) == 0
    assert "6 pages, 11 questions; 6 people on the roster, 2 places" in capsys.readouterr().out
    out, sheet = tmp_path / "invitations.csv", tmp_path / "invitations.html"
    assert main(["collect", "links", "Northgate", "2026", "--base-url", "https://survey.example.org/nb/",
                 "--out", str(out), "--sheet", str(sheet), "--db", store_db]) == 0
    printed = capsys.readouterr().out
    dropin = re.search(r"(https://survey\.example\.org/nb/d/\S+)", printed).group(1)
    rows = list(csv.DictReader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert [r["id"] for r in rows] == ["p1", "p2", "p3", "p4", "p5", "p6"]
    assert rows[0]["email"] == "amina@example.org" and list(rows[0])[-1] == "link"
    tokens = [r["link"].removeprefix("https://survey.example.org/nb/r/") for r in rows]
    assert len(set(tokens)) == 6 and all(re.fullmatch(r"[A-Za-z0-9_-]{43}", t) for t in tokens)  # 256 bits each
    assert oct(os.stat(out).st_mode & 0o777) == "0o600" and oct(os.stat(sheet).st_mode & 0o777) == "0o600"
    # the store keeps only each link's SHA-256: no token is anywhere in the database file
    with sqlite3.connect(store_db) as conn:
        stored = {h for (h,) in conn.execute("SELECT token_hash FROM collection_links")}
    assert {hashlib.sha256(t.encode()).hexdigest() for t in tokens} <= stored
    raw = b"".join(Path(store_db + s).read_bytes() for s in ("", "-wal") if os.path.exists(store_db + s))
    assert not any(t.encode() in raw for t in tokens + [dropin.rsplit("/", 1)[1]])
    html = sheet.read_text()
    assert html.count("<svg") == 7 and "<script" not in html and "John Smith" in html
    # links again: refused without --reissue, and then every earlier link stops working
    assert main(["collect", "links", "Northgate", "2026", "--base-url", "https://x.org", "--out",
                 str(tmp_path / "again.csv"), "--db", store_db]) == 2
    assert "--reissue" in capsys.readouterr().err
    from netmap.store import open_store

    with open_store(store_db) as store, client_of(store) as client:
        old = f"/r/{tokens[0]}"
        assert client.get(old).status_code == 200
        assert main(["collect", "links", "Northgate", "2026", "--base-url", "http://testserver", "--out",
                     str(tmp_path / "again.csv"), "--reissue", "--db", store_db]) == 0
        assert client.get(old).status_code == 404
        fresh = {r["id"]: r["link"].removeprefix("http://testserver")
                 for r in csv.DictReader(io.StringIO((tmp_path / "again.csv").read_text(encoding="utf-8-sig")))}
        amina = Respondent(client, fresh["p1"])
        amina.consent()
        amina.save(2, {"help.1": "Bob Hughes", "help.2": "Yvonne Unknown"})
        amina.send()
        bob = Respondent(client, fresh["p2"])
        bob.consent()
    capsys.readouterr()
    assert main(["collect", "status", "Northgate", "2026", "--json", "--db", store_db]) == 0
    status = json.loads(capsys.readouterr().out)
    assert status["counts"] == {"not invited": 0, "invited": 4, "started": 1, "submitted": 1, "withdrawn": 0}
    assert status["response_rate"] == pytest.approx(1 / 6)
    assert [(g["group"], g["invited"], g["submitted"]) for g in status["groups"]] == [("North", 3, 1), ("South", 3, 0)]
    assert [p["name"] for p in status["to_remind"]] == ["Bob Hughes", "Carol Singh", "Dev Khan", "John Smith",
                                                        "John Smith"]
    assert main(["collect", "status", "Northgate", "2026", "--db", store_db]) == 0
    text = capsys.readouterr().out
    assert "response rate: 17% (1 sent of 6 invited)" in text and "ward North: 33% (1 of 3)" in text
    # the reminder list as a file for the team (their roster rows: e-mail to send it), owner-only
    reminders = tmp_path / "reminders.csv"
    assert main(["collect", "status", "Northgate", "2026", "--reminders", str(reminders), "--db", store_db]) == 0
    assert f"wrote {reminders} (5 people to remind)" in capsys.readouterr().out
    remind = list(csv.DictReader(io.StringIO(reminders.read_text(encoding="utf-8-sig"))))
    assert [r["name"] for r in remind][:2] == ["Bob Hughes", "Carol Singh"] and remind[0]["so far"] == "started"
    assert "email" in remind[0] and oct(os.stat(reminders).st_mode & 0o777) == "0o600"
    assert main(["collect", "status", "Northgate", "2026", "--reminders", str(reminders), "--db", store_db]) == 2
    assert "exists" in capsys.readouterr().err
    folder = tmp_path / "review"
    assert main(["collect", "close", "Northgate", "2026", "--out", str(folder), "--db", store_db]) == 0
    text = capsys.readouterr().out
    assert "built wave '2026' from 1 respondent: 7 actors, 2 ties" in text
    assert "the collection is closed" in text
    assert sorted(p.name for p in folder.iterdir()) == ["actors.csv", "aliases.csv", "review.csv",
                                                         "survey_report.json", "ties.csv"]
    assert main(["project", "list", "Northgate", "--db", store_db]) == 0
    assert "2026" in capsys.readouterr().out
    assert main(["collect", "close", "Northgate", "2026", "--db", store_db]) == 2
    assert "already closed" in capsys.readouterr().err
    # opening, the links' files and closing are rows of the audit trail, as the app's are
    from netmap.store import open_store
    from netmap.store.audit import audit_rows

    with open_store(store_db) as store:
        trail = audit_rows(store, "Northgate")
    # links twice, then the reminder list
    assert list(trail["event"]) == ["collection opened", "export", "export", "export", "collection closed"]
    assert '"invitations.csv"' in trail["detail"][1] and '"holds": "names"' in trail["detail"][1]
    assert "John Smith" not in " ".join(trail["detail"])  # the trail names no actor


def test_a_bad_questionnaire_prints_every_problem_and_opens_nothing(store_db, tmp_path, capsys):
    paths = write_inputs(tmp_path)
    paths["questionnaire"].write_text(paths["questionnaire"].read_text().replace("max: 3", "max: lots")
                                      .replace("tie_type: event", "tie_typ: event"))
    assert main(["collect", "open", "Northgate", "2026", "--questionnaire", str(paths["questionnaire"]),
                 "--roster", str(paths["roster"]), "--db", store_db]) == 2
    err = capsys.readouterr().err
    assert "question 'help' (page 2), field 'max': must be a whole number from 1 to 20, not 'lots'" in err
    assert "unknown field 'tie_typ'" in err
    assert main(["collect", "status", "Northgate", "2026", "--db", store_db]) == 2
    assert "no collection for wave '2026'" in capsys.readouterr().err


def test_a_roster_with_problems_is_refused(store_db, tmp_path, capsys):
    paths = write_inputs(tmp_path)
    paths["roster"].write_text("id,name,ward\np1,Amina,N\np1,Bob,N\n")
    assert main(["collect", "open", "Northgate", "2026", "--questionnaire", str(paths["questionnaire"]),
                 "--roster", str(paths["roster"]), "--db", store_db]) == 2
    assert "p1" in capsys.readouterr().err
    paths["roster"].write_text("id,name,ward\np1,Amina,N\n")
    paths["places"].write_text("id,name\np1,Clash with a person\n")
    assert main(["collect", "open", "Northgate", "2026", "--questionnaire", str(paths["questionnaire"]),
                 "--roster", str(paths["roster"]), "--places", str(paths["places"]), "--db", store_db]) == 2
    assert "also an actor id" in capsys.readouterr().err


def test_links_need_a_plain_base_url(store_db, tmp_path, capsys):
    paths = write_inputs(tmp_path)
    main(["collect", "open", "Northgate", "2026", "--questionnaire", str(paths["questionnaire"]), "--roster",
          str(paths["roster"]), "--db", store_db])
    for bad in ("survey.example.org", "ftp://x.org", "https://x.org/?a=1", "javascript:alert(1)"):
        assert main(["collect", "links", "Northgate", "2026", "--base-url", bad, "--out", str(tmp_path / "i.csv"),
                     "--db", store_db]) == 2
        assert "--base-url" in capsys.readouterr().err
    assert not (tmp_path / "i.csv").exists()


def test_collect_help_loads_no_server_or_heavy_library():
    import subprocess
    import sys

    code = ("import sys\nfrom netmap.cli import main\ntry: main(['collect', 'serve', '--help'])\nexcept SystemExit: pass\n"
            "print([m for m in ('pandas', 'starlette', 'uvicorn', 'sqlalchemy', 'yaml', 'jinja2') if m in sys.modules])")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False)
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_serve_counts_every_request_in_one_process(tmp_path):
    """The rate limits are counted in the server's memory, so the server is one process even
    where uvicorn would start several (WEB_CONCURRENCY): a link's 121st request in a minute is
    refused however the requests are spread."""
    from tests.collect.helpers import open_locality, serving
    from tests.ui.harness import free_port

    port = free_port()
    opened = open_locality(str(tmp_path / "store.db"), tmp_path, base=f"http://127.0.0.1:{port}")
    try:
        with serving(opened.db, port, env={"WEB_CONCURRENCY": "2"}) as base:
            statuses = []
            for _ in range(125):
                try:
                    with urllib.request.urlopen(base + opened.links["p1"], timeout=10) as response:
                        statuses.append(response.status)
                except urllib.error.HTTPError as refused:
                    statuses.append(refused.code)
    finally:
        opened.store.close()
    assert statuses == [200] * 120 + [429] * 5
