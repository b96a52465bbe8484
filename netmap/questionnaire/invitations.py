"""Opening a collection and inviting people: one unguessable link each, for mail merge and print.

Each person's link holds a token of 256 random bits (:func:`netmap.store.collections.new_token`,
``secrets.token_urlsafe(32)``); the store keeps only its SHA-256, so the links exist only in
the files written here. Whoever holds a link can answer as that person: the files say so.
"""
from __future__ import annotations

import html
from dataclasses import dataclass
from urllib.parse import urlsplit

import pandas as pd

from netmap.errors import InputError
from netmap.formats.cells import csv_bytes
from netmap.formats.spreadsheets import Source, read_bytes, source_name
from netmap.intake.survey import read_roster
from netmap.questionnaire.model import Questionnaire, parse_questionnaire, read_questionnaire
from netmap.questionnaire.roster import read_people, read_places
from netmap.store import SourceFile, Store, default_author
from netmap.store.audit import record
from netmap.store.collections import Collection, Collections, new_token, token_hash
from netmap.words import plural

__all__ = [
    "Invitations",
    "Opened",
    "check_base_url",
    "invitation_sheet",
    "invitations_csv",
    "issue_links",
    "open_collection",
    "stored_roster",
]


@dataclass(frozen=True)
class Opened:
    collection: Collection
    questionnaire: Questionnaire
    people: int
    places: int
    notes: tuple[str, ...] = ()

    def summary(self) -> str:
        """What was opened, in one sentence (the command line's and the app's)."""
        q, c = self.questionnaire, self.collection
        places = f", {plural(self.places, 'place', grouped=True)}" if self.places else ""
        return (f"opened '{q.title}' for wave '{c.wave}' of project '{c.project}': {plural(len(q.pages), 'page')}, "
                f"{plural(len(q.questions), 'question')}; {plural(self.people, 'person', 'people', grouped=True)} on "
                f"the roster{places}")


def open_collection(store: Store, project: str, wave: str, questionnaire: Source, roster: Source,
                    places: Source | None = None, *, author: str | None = None, address: str | None = None) -> Opened:
    """Check the questionnaire, the roster and the places, and open a collection for a new
    wave of ``project`` with them (kept byte for byte).

    The one way to open a collection: ``netmap collect open`` and the app both call it. Each
    source is a path or ``(file name, bytes)`` and is read through the bounded readers; the
    opening is a row of the audit trail (``collection opened``) naming ``author`` (default:
    the person at the command line) and ``address`` (the app's client, when known).

    Raises
    ------
    QuestionnaireError
        Every problem of the questionnaire, each naming the line, the question and the field.
    InputError, ValidationFailed
        A roster or places file that cannot be used (file, row, column).
    """
    q = read_questionnaire(questionnaire)
    _, people = read_people(roster, q.group_by)
    place_table = read_places(places, roster) if places is not None else None
    notes = []
    if place_table is not None and not q.of_kind("places"):
        notes.append("the places file is kept, but no question asks about places")
    files = [SourceFile.of("questionnaire", source_name(questionnaire), read_bytes(questionnaire)),
             SourceFile.of("roster", source_name(roster), read_bytes(roster))]
    if places is not None:
        files.append(SourceFile.of("places", source_name(places), read_bytes(places)))
    text = files[0].content.decode("utf-8-sig")
    collection = Collections(store).open(project, wave, title=q.title, questionnaire=text, files=files,
                                         people=people, author=author)
    record(store, "collection opened", author or default_author(), project,
           {"wave": wave, "people": len(people), "files": [f.filename for f in files]}, address)
    return Opened(collection, q, len(people), 0 if place_table is None else len(place_table), tuple(notes))


def stored_roster(store: Store, collection: Collection) -> pd.DataFrame:
    """The roster the collection was opened with, read again from the stored file."""
    for f in Collections(store).files(collection.id):
        if f.role == "roster":
            return read_roster((f.filename, f.content))
    raise InputError(f"collection for wave '{collection.wave}' has no roster file")


def check_base_url(url: str) -> str:
    """The address people open links under: ``http(s)://host[:port][/path]``, no query."""
    text = (url or "").strip()
    parts = urlsplit(text)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment \
            or any(c.isspace() for c in text):
        raise InputError(f"--base-url '{url}' is not an address such as https://survey.example.org (http or https, "
                         "a host, an optional path, nothing after ? or #)")
    return text.rstrip("/")


@dataclass(frozen=True)
class Invitations:
    """The links just made: ``rows`` is the roster with a ``link`` column; ``dropin`` is the
    link where a facilitator picks who is answering."""

    title: str
    rows: pd.DataFrame
    dropin: str


def issue_links(store: Store, project: str, wave: str, base_url: str, *, reissue: bool = False) -> Invitations:
    """Make one link per person and the drop-in link; earlier links stop working.

    Raises InputError when links were made before and ``reissue`` is not given (the earlier
    links would stop working: people may have them already).
    """
    base = check_base_url(base_url)
    records = Collections(store)
    collection = records.get(project, wave)
    if collection.state != "open":
        raise InputError(f"the collection for wave '{wave}' is {collection.state}; links are made only while it is open")
    if records.has_links(collection.id) and not reissue:
        raise InputError(f"links for wave '{wave}' were made before; making new ones stops every earlier link "
                         "working (answers already saved stay with their person). Add --reissue to do so")
    people = records.people(collection.id)
    tokens = {p.key: new_token() for p in people}
    dropin = new_token()
    records.issue_links(collection.id, {key: token_hash(t) for key, t in tokens.items()}, token_hash(dropin))
    roster = stored_roster(store, collection)
    links = pd.DataFrame({"id": [p.actor_id for p in people], "link": [f"{base}/r/{tokens[p.key]}" for p in people]})
    roster = roster.astype({"id": str})
    rows = links.merge(roster, on="id", how="left")[list(roster.columns) + ["link"]]
    q = parse_questionnaire(collection.questionnaire)
    return Invitations(q.title, rows, f"{base}/d/{dropin}")


def invitations_csv(invitations: Invitations) -> bytes:
    """The mail-merge file: the roster's columns and each person's ``link`` (formula-safe)."""
    return csv_bytes(invitations.rows)


def invitation_sheet(invitations: Invitations) -> str:
    """A printable HTML sheet: one card per person with their link as text and as a QR code
    (inline SVG, made with segno), and the drop-in link first. Nothing is loaded from
    anywhere."""
    # segno is needed only for the printed sheet
    import segno

    def card(heading: str, detail: str, link: str) -> str:
        svg = segno.make(link, error="m").svg_inline(scale=3, border=2, title=f"QR code of the link for {heading}")
        return (f'<section class="card"><h2>{html.escape(heading)}</h2>'
                f'{f"<p>{html.escape(detail)}</p>" if detail else ""}<div class="qr">{svg}</div>'
                f'<p class="link">{html.escape(link)}</p></section>')

    title = html.escape(invitations.title)
    cards = [card("Drop-in", "For the facilitator: pick who is answering from the list. Anyone with this link can "
                             "answer as anyone on the roster; keep it safe.", invitations.dropin)]
    names = invitations.rows.get("name", invitations.rows["id"])
    for name, actor_id, link in zip(names, invitations.rows["id"], invitations.rows["link"]):
        shown = name if isinstance(name, str) and name.strip() else str(actor_id)
        cards.append(card(shown, f"{invitations.title}: scan the code or type the link to answer.", link))
    return ("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>Invitations – {title}</title><style>"
            "body{font-family:system-ui,Arial,sans-serif;margin:1rem;color:#111}"
            ".card{border:1px solid #999;padding:0.75rem 1rem;margin:0 0 1rem;page-break-inside:avoid;"
            "break-inside:avoid}.card h2{margin:0 0 0.25rem;font-size:1.2rem}.qr svg{width:45mm;height:auto}"
            ".link{font-family:monospace;word-break:break-all;font-size:0.85rem}"
            "@media print{.card{width:48%;display:inline-block;vertical-align:top;margin-right:1%}}"
            f"</style></head><body><h1>Invitations – {title}</h1>"
            "<p>Each link lets one person answer; whoever holds it can answer as that person. Hand each card only to "
            "its person, and destroy spare copies.</p>"
            + "".join(cards) + "</body></html>\n")
