"""A small locality, its questionnaire, and a respondent who answers through the server's forms.

Everything the tests of ``netmap.collect`` and ``netmap.questionnaire`` share: the files given
to ``collect open``, a store with a collection and its links, and :class:`Respondent`, who
reads each page's form (its CSRF token and fields) and sends it back as a browser would.
"""
from __future__ import annotations

import contextlib
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROSTER = """id,name,ward,email
p1,Amina Patel,North,amina@example.org
p2,Bob Hughes,North,
p3,Carol Singh,South,
p4,Dev Khan,South,
p5,John Smith,North,
p6,John Smith,South,
"""
PLACES = """id,name,kind
s-hub,Community Hub,place
s-lib,Northgate Library,place
"""
QUESTIONNAIRE = """title: Northgate neighbours
intro: |
  A few questions about who you know.

  You can stop and carry on later.
thanks: Thank you for answering.
group_by: ward
pages:
  - title: Before we start
    questions:
      - id: consent
        kind: consent
        text: Do you agree to take part?
  - title: People
    questions:
      - id: help
        kind: names
        text: Who do you turn to for help?
        tie_type: support
        max: 3
      - id: event
        kind: names
        text: Who would help organise an event?
        tie_type: event
        max: 2
  - title: About them
    questions:
      - id: often
        kind: about_names
        about: help
        text: How often do you talk to {name}?
        scale: [Rarely, Monthly, Weekly, Daily]
      - id: trust
        kind: about_names
        about: help
        text: How much do you trust {name}?
        scale: [A little, A lot]
        becomes: attribute
  - title: Offers and needs
    questions:
      - id: offers
        kind: offers
        text: What could you offer?
        max: 2
      - id: needs
        kind: needs
        text: What would help you?
        max: 2
  - title: Places
    questions:
      - id: places
        kind: places
        text: Which places do you go to?
        max: 3
  - title: About you
    questions:
      - id: years
        kind: choice
        text: How long have you lived here?
        options: [Under a year, 1 to 5 years, Longer]
      - id: story
        kind: text
        text: Anything else?
      - id: skills
        kind: text
        text: What are you good at?
        keep: true
        max_chars: 200
"""
TOKEN_IN_LINK = re.compile(r"/r/([A-Za-z0-9_-]+)$")


def write_inputs(folder: Path) -> dict[str, Path]:
    paths = {"questionnaire": folder / "questionnaire.yaml", "roster": folder / "roster.csv",
             "places": folder / "places.csv"}
    for key, text in (("questionnaire", QUESTIONNAIRE), ("roster", ROSTER), ("places", PLACES)):
        paths[key].write_text(text, encoding="utf-8")
    return paths


@dataclass
class Opened:
    store: object
    db: str
    links: dict[str, str]  # actor id -> path of the personal link (/r/TOKEN)
    dropin: str  # path of the drop-in link (/d/TOKEN)


def open_locality(db: str, folder: Path, project: str = "Northgate", wave: str = "2026",
                  base: str = "http://testserver") -> Opened:
    from netmap.questionnaire.invitations import issue_links, open_collection
    from netmap.store import open_store

    paths = write_inputs(folder)
    store = open_store(db, create=True)
    store.create_project(project)
    open_collection(store, project, wave, paths["questionnaire"], paths["roster"], paths["places"])
    invitations = issue_links(store, project, wave, base)
    links = {a: link.removeprefix(base) for a, link in zip(invitations.rows["id"], invitations.rows["link"])}
    return Opened(store, db, links, invitations.dropin.removeprefix(base))


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found, html[:2000]
    return found.group(1)


class Respondent:
    """One person answering through the forms, as a browser without JavaScript would."""

    def __init__(self, client, base: str):
        self.client = client
        self.base = base

    def get(self, step: str = "", follow: bool = True):
        return self.client.get(f"{self.base}/{step}" if step else self.base, follow_redirects=follow)

    def post(self, step: str, fields: dict, *, csrf: str | None = None, follow: bool = False):
        if csrf is None:
            page = self.get("check" if step == "check" else step)
            csrf = csrf_of(page.text)
        return self.client.post(f"{self.base}/{step}", data={"csrf": csrf, **fields}, follow_redirects=follow)

    def consent(self):
        response = self.post("1", {"consent": "agree", "action": "next"})
        assert response.status_code == 303, response.text[:2000]
        return response

    def save(self, page: int, fields: dict, action: str = "next"):
        response = self.post(str(page), {**fields, "action": action})
        assert response.status_code == 303, response.text[:3000]
        return response

    def rate(self, question: str, ratings: dict[str, str], page: int = 3):
        """Answer an about-names question: ``ratings`` maps a shown name to a scale value ('1' …)."""
        html = self.get(str(page)).text
        fields = {}
        legends = re.findall(r'<fieldset class="choices[^"]*" id="f-(\w+)-(\d+)">\s*<legend>(.*?)</legend>', html)
        for qid, i, legend in legends:
            if qid != question:
                continue
            for name, value in ratings.items():
                if name in legend.replace("&#39;", "'"):
                    fields[f"{qid}.{i}"] = value
                    fields[f"{qid}.{i}.about"] = re.search(rf'name="{qid}\.{i}\.about" value="([^"]+)"', html).group(1)
        return fields

    def send(self):
        response = self.post("check", {"action": "send"})
        assert response.status_code == 303, response.text[:2000]
        return response


@contextlib.contextmanager
def serving(db: str, port: int, timeout: float = 60, env: dict | None = None):
    """``netmap collect serve --port PORT --db DB`` as a real subprocess on 127.0.0.1 (with more
    ``env``), until it answers ``/healthz``; yields its address and always stops it."""
    from tests.ui import harness

    command = [sys.executable, "-m", "netmap", "collect", "serve", "--port", str(port), "--db", db]
    with harness.serving(command, f"http://127.0.0.1:{port}", ready="/healthz", timeout=timeout, cwd=harness.ROOT,
                         env=dict(os.environ, PYTHONPATH=str(harness.ROOT), **(env or {})),
                         what="collect serve") as base:
        yield base
