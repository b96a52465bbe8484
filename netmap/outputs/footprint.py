"""One organisation's footprint as a page to print (one to two A4 pages) and a table of its
introductions: what ``netmap footprint`` writes and the app's "Footprint of …" download."""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from netmap.formats.files import write_csv, write_text
from netmap.insights.footprint import Footprint
from netmap.outputs.briefing import CSS
from netmap.outputs.html import escape as _e
from netmap.outputs.html import table as _table
from netmap.privacy import WITHHELD, Pseudonymiser
from netmap.words import with_group

__all__ = ["FOOTPRINT_FILES", "LEDES", "footprint_html", "shared_footprint", "write_footprint"]

FOOTPRINT_FILES = ("footprint.html", "footprint_introductions.csv")

#: What each part of the footprint is, and how far to trust it: the one source of these
#: sentences for the page and the app's view, so that neither drops a caution the other gives.
LEDES = {
    "introductions": ("Pairs of its own contacts, from different groups, who are not tied to each other (tertius "
                      "iungens: the one who joins). Those no one else they know could introduce come first."),
    "give": ("Needs of actors within two steps that its offers may meet: matched on their words, so check each one "
             "with them."),
    "receive": ("Offers within two steps that may meet its needs: matched on their words, so check each one with "
                "them."),
    # a shared space is a chance to meet ('meets at' ties, co-presence), not a record that they do
    "spaces": ("Who uses each space, and the groups that may meet there and at no other space: using the same space "
               "means people may meet, not that they do."),
    "reading": ("Everything here comes from the ties recorded on the map: a missing tie may be a gap in the survey, "
                "not in the locality. Treat each introduction as a prompt for a conversation. Two steps: a "
                "contact's contacts."),
}

_QUOTE = re.compile(r"'[^'\n]*'")


def shared_footprint(found: Footprint, pseudonymiser: Pseudonymiser | None) -> Footprint:
    """The footprint as it may be shared: with a pseudonymiser, every actor a code, and the
    needs and offers it quotes (free text) withheld; unchanged without one."""
    if pseudonymiser is None:
        return found
    p = pseudonymiser

    def text(sentence: str) -> str:
        return p.replace_text(_QUOTE.sub(f"'{WITHHELD}'", sentence))

    def frame(table: pd.DataFrame) -> pd.DataFrame:
        table = table.drop(columns=[c for c in ("need", "offer", "need_offer") if c in table.columns])
        if "why" in table.columns:
            table = table.assign(why=[_QUOTE.sub(f"'{WITHHELD}'", w) for w in table["why"]])
        return p.frame(table)

    code = p.code_of(found.actor)
    return Footprint(code, code, found.group, found.group_label,
                     [text(s) for s in found.where], frame(found.introductions), frame(found.could_give),
                     frame(found.could_receive), frame(found.spaces), [text(s) for s in found.changes],
                     dict(found.numbers))


def footprint_html(found: Footprint, locality: str = "") -> str:
    """The footprint page: self-contained, no script, every user string escaped."""
    place = f" in {locality.strip()}" if locality and locality.strip() else ""
    sections = [f"<h1>Footprint of {_e(found.name)}{_e(place)}</h1>",
                (f"<p class='lede'>Where {_e(with_group(found.name, found.group, found.group_label))} sits among the "
                "locality's stakeholders, the introductions only it is placed to make, what it could give and "
                "receive, and the spaces it hosts or uses.</p>"),
                "<h2>Where it sits</h2>" + "".join(f"<p>{_e(s)}</p>" for s in found.where)]
    if found.changes:
        sections.append("<h2>What changed since the earlier wave</h2>"
                        + "".join(f"<p>{_e(s)}</p>" for s in found.changes))
    intro = found.introductions
    sections.append("<h2>Introductions it could make</h2>"
                    + (f"<p>{_e(LEDES['introductions'])}</p>" + _table(intro, ["name_a", "name_b", "why"])
                       if len(intro) else "<p>None: its contacts from different groups already know each other, "
                                          "or all its contacts are in one group.</p>"))
    give, receive = found.could_give, found.could_receive
    sections.append("<h2>What it could give</h2>"
                    + (f"<p>{_e(LEDES['give'])}</p>" + _table(give, ["name", "steps", "why"]) if len(give)
                       else "<p>No need within two steps matches what it offers (or it lists no offers).</p>"))
    sections.append("<h2>What it could receive</h2>"
                    + (f"<p>{_e(LEDES['receive'])}</p>" + _table(receive, ["name", "steps", "why"])
                       if len(receive) else "<p>No offer within two steps matches what it needs (or it lists no "
                                            "needs).</p>"))
    if len(found.spaces):
        sections.append(f"<h2>Spaces it hosts or uses</h2><p>{_e(LEDES['spaces'])}</p>"
                        + _table(found.spaces, ["space", "hosts_or_uses", "users", "why"]))
    sections.append(f"<h2>How to read this</h2><p class='note'>{_e(LEDES['reading'])}</p>")
    return ("<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
            "<meta name='viewport' content='width=device-width, initial-scale=1'>"
            f"<title>Footprint of {_e(found.name)}</title><style>{CSS}</style></head><body>"
            + "".join(sections) + "</body></html>\n")


def write_footprint(found: Footprint, out: Path, locality: str = "") -> list[Path]:
    """``footprint.html`` and ``footprint_introductions.csv`` in ``out`` (already checked by
    :func:`netmap.outputs.folder.prepare_out`), each written atomically."""
    return [write_text(Path(out) / "footprint.html", footprint_html(found, locality)),
            write_csv(Path(out) / "footprint_introductions.csv", found.introductions)]
