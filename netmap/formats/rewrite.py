"""A file as uploaded, rewritten without one person: for erasure (netmap project forget).

A row that *is* the person — their actor row, a tie or an affiliation of theirs, their survey
answers — is dropped: its identifying column (``id``, ``source``, ``target``, ``actor``,
``respondent`` …) holds their id or one of their names. Anywhere else a cell that is their id
or name is blanked, and their name inside free text becomes ``[erased]``. CSV/TSV text,
Excel workbooks and GEXF/GraphML are rewritten in their own format; a file of any other
format that mentions the person cannot be rewritten safely and is reported as such (the
caller removes it).
"""
from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["ERASED", "IDENTIFYING", "Person", "rewrite_without", "Unrewritable"]

#: What a name inside free text becomes.
ERASED = "[erased]"
#: Column names (lower case, spaces and dashes as underscores) whose cell identifies the row's person.
IDENTIFYING = {"id", "actor", "actor_id", "person", "member", "respondent", "respondent_id", "ego", "alter",
               "source", "target", "from", "to", "name", "raw_name", "actor_name", "netmap_id", "node", "label",
               "participant", "user"}


class Unrewritable(Exception):
    """The file mentions the person but its format cannot be rewritten cell by cell."""


@dataclass(frozen=True)
class Person:
    """Who is erased: their actor id and every name they went by (case is ignored)."""

    id: str
    names: tuple[str, ...]

    @property
    def forms(self) -> set[str]:
        return {f.strip().casefold() for f in (self.id, *self.names) if f and f.strip()}

    def is_them(self, value) -> bool:
        return isinstance(value, str) and value.strip().casefold() in self.forms

    def _pattern(self) -> re.Pattern | None:
        words = sorted({f for f in (self.id, *self.names) if f and len(f.strip()) >= 2}, key=len, reverse=True)
        if not words:
            return None
        return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w.strip()) for w in words) + r")(?!\w)", re.IGNORECASE)

    def scrub(self, value):
        """``value`` with the person's id and names inside it replaced by :data:`ERASED`."""
        if not isinstance(value, str):
            return value
        pattern = self._pattern()
        return pattern.sub(ERASED, value) if pattern else value

    def mentioned_in(self, text: str) -> bool:
        pattern = self._pattern()
        return bool(pattern and pattern.search(text))


def _identifying(header: str) -> bool:
    return re.sub(r"[\s\-]+", "_", str(header or "").strip().casefold()) in IDENTIFYING


def _rows_without(header: list, rows: Iterable[list], person: Person, people: bool = True) -> tuple[list[list], int]:
    """Rows kept (cells blanked or scrubbed) and how many were dropped (none unless ``people``:
    rows of places are kept, with the cells naming the person blanked)."""
    identifying = [people and _identifying(h) for h in header]
    kept, dropped = [], 0
    for row in rows:
        if any(person.is_them(cell) and identifying[i] for i, cell in enumerate(row) if i < len(identifying)):
            dropped += 1
            continue
        kept.append(["" if person.is_them(cell) else person.scrub(cell) for cell in row])
    return kept, dropped


def _decode(content: bytes) -> tuple[str, str]:
    for encoding in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            return content.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise Unrewritable("not text")  # latin-1 decodes anything: never reached


def _csv(content: bytes, filename: str, person: Person, people: bool = True) -> bytes:
    text, encoding = _decode(content)
    delimiter = "\t" if filename.lower().endswith(".tsv") else None
    if delimiter is None:
        try:
            delimiter = csv.Sniffer().sniff(text[:65536], delimiters=",;\t|").delimiter
        except csv.Error:
            delimiter = ","
    newline = "\r\n" if "\r\n" in text[:65536] else "\n"
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    if not rows:
        return content
    kept, _ = _rows_without(rows[0], rows[1:], person, people)
    header = [person.scrub(h) for h in rows[0]]
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=delimiter, lineterminator=newline).writerows([header, *kept])
    data = out.getvalue()
    if encoding == "utf-8-sig":
        return (b"\xef\xbb\xbf" if content.startswith(b"\xef\xbb\xbf") else b"") + data.encode("utf-8")
    return data.encode(encoding, errors="replace")


def _xlsx(content: bytes, person: Person, people: bool = True) -> bytes:
    # loaded only to rewrite a workbook: erasure is rare and openpyxl is slow to import
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(content))
    except Exception as exc:  # not a workbook openpyxl can write back: the caller removes it
        raise Unrewritable(str(exc)) from None
    for sheet in book.worksheets:
        rows = list(sheet.iter_rows())
        if not rows:
            continue
        identifying = [people and _identifying(c.value) for c in rows[0]]
        drop = []
        for cells in rows[1:]:
            if any(person.is_them(c.value) and i < len(identifying) and identifying[i] for i, c in enumerate(cells)):
                drop.append(cells[0].row)
                continue
            for c in cells:
                if person.is_them(c.value):
                    c.value = None
                elif isinstance(c.value, str):
                    c.value = person.scrub(c.value)
        for number in reversed(drop):
            sheet.delete_rows(number)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _xml(content: bytes, person: Person) -> bytes:
    try:
        root = ET.fromstring(content)
    except ET.ParseError as exc:
        raise Unrewritable(str(exc)) from None
    namespace = re.match(r"\{([^}]*)\}", root.tag)
    if namespace:
        ET.register_namespace("", namespace.group(1))
    parents = {child: parent for parent in root.iter() for child in parent}
    for element in list(root.iter()):
        if any(person.id == element.get(a) for a in ("id", "source", "target")) and element in parents:
            parents[element].remove(element)
    for element in root.iter():
        for name, value in element.attrib.items():
            if name not in ("id", "source", "target", "for", "key"):
                element.set(name, "" if person.is_them(value) else person.scrub(value))
        if element.text and element.text.strip():
            element.text = "" if person.is_them(element.text) else person.scrub(element.text)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def rewrite_without(filename: str, content: bytes, person: Person, rows_are_people: bool = True) -> bytes | None:
    """``content`` without the person, or None when it never mentions them. ``rows_are_people``
    false (a file of shared spaces): no row is dropped, only the cells naming them are blanked.

    Raises
    ------
    Unrewritable
        The file mentions the person and is not CSV/TSV text, an Excel workbook, GEXF or GraphML.
    """
    lower = filename.lower()
    if lower.endswith((".xlsx", ".xlsm")):
        rewritten = _xlsx(content, person, rows_are_people)
        return rewritten if _workbook_text(content) != _workbook_text(rewritten) else None
    text, _ = _decode(content)
    if not person.mentioned_in(text):
        return None
    if lower.endswith((".csv", ".tsv", ".txt")):
        return _csv(content, filename, person, rows_are_people)
    if lower.endswith((".gexf", ".graphml", ".xml")):
        return _xml(content, person)
    raise Unrewritable(f"{filename}: netmap cannot rewrite this format row by row")


def _workbook_text(content: bytes) -> list:
    # loaded only to rewrite a workbook: erasure is rare and openpyxl is slow to import
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(content), read_only=True)
    except Exception:  # unreadable: compared as different, so the caller keeps the rewrite's verdict
        return [content]
    return [[list(r) for r in sheet.iter_rows(values_only=True)] for sheet in book.worksheets]
