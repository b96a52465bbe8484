"""Ids and names as a person sees them: invisible characters (zero-width, bidirectional
controls) removed and look-alike forms unified (NFKC) when reading, each cleaned cell reported,
and ids that differ only in case or spacing offered for review."""
from __future__ import annotations

import re
import unicodedata

from netmap.formats.spreadsheets import RawTable
from netmap.validate.report import ValidationReport

__all__ = ["clean_name", "lookalike_key"]

#: Characters that show nothing yet make two ids differ: soft hyphen, zero-width space,
#: non-joiner and joiner, the left-to-right and right-to-left marks, embeddings, overrides and
#: isolates, the Arabic letter mark, the word joiner and invisible operators, and the zero-width
#: no-break space (a BOM inside a cell). Removed from ids and names when reading.
_INVISIBLE = re.compile("[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def clean_name(text: str) -> str:
    """An id or a name with its invisible characters (:data:`_INVISIBLE`) removed and its
    look-alike Unicode forms unified (NFKC: full-width letters, ligatures, composed accents),
    so that ``hub``, ``hub`` + a zero-width space and ``ｈｕｂ`` are one actor."""
    if text.isascii():  # nearly every cell: nothing to remove or unify
        return text
    return unicodedata.normalize("NFKC", _INVISIBLE.sub("", text)).strip()


def lookalike_key(text: str) -> str:
    """What two ids that a reader cannot tell apart share: :func:`clean_name`, case folded,
    spaces collapsed (``Hub``, ``hub`` and ``HUB `` give ``hub``)."""
    return " ".join(clean_name(text).casefold().split())


def _cleaning(before: str) -> tuple[str, ...]:
    """What :func:`clean_name` did to ``before``, in words."""
    found = sorted(set(_INVISIBLE.findall(before)))
    done = tuple(f"{unicodedata.name(c, '').lower() or 'an invisible character'} (U+{ord(c):04X})" for c in found)
    visible = _INVISIBLE.sub("", before)
    if unicodedata.normalize("NFKC", visible).strip() != visible.strip():
        done += (_UNIFIED,)
    return done


_UNIFIED = "look-alike forms unified (NFKC: full-width letters, ligatures, non-breaking spaces …)"


class _Cleaner:
    """Cleans the id and name cells of one table (:func:`clean_name`) and remembers each cell
    it changed, to report one warning per column naming every row."""

    def __init__(self, table: RawTable):
        self.table = table
        self.found: dict[str, list[tuple[int, tuple[str, ...]]]] = {}
        self.seen: dict[str, str] = {}  # ids repeat on every row: each distinct text is cleaned once

    def __call__(self, text: str, row: int, column: str) -> str:
        if text.isascii():
            return text
        clean = self.seen.get(text)
        if clean is None:
            clean = clean_name(text)
            if len(self.seen) < 2**18:
                self.seen[text] = clean
        if clean != text:
            self.found.setdefault(column, []).append((row, _cleaning(text)))
        return clean

    def report(self, report: ValidationReport) -> None:
        for column, found in self.found.items():
            done = list(dict.fromkeys(d for _, what in found for d in what))
            removed = [d for d in done if d != _UNIFIED]
            parts = ([f"removed {', '.join(removed)}"] if removed else []) + ([_UNIFIED] if _UNIFIED in done else [])
            report.add("warning", self.table.file,
                       f"cleaned {len(found)} id or name cell(s) so that two actors cannot look the same yet differ: "
                       + ("; ".join(parts) or "surrounding spaces removed"),
                       column=column, action="cleaned", rows=[r for r, _ in found])


def _report_lookalikes(ids, where: dict[str, tuple[str, int, str]], report: ValidationReport) -> None:
    """One warning per group of actor ids that differ only in case or spacing once cleaned
    (:func:`lookalike_key`): a person decides whether they are one actor. ``where`` gives the
    file, row and column where each id first appears."""
    groups: dict[str, list[str]] = {}
    for actor_id in ids:
        groups.setdefault(lookalike_key(actor_id), []).append(actor_id)
    for group in groups.values():
        if len(group) < 2:
            continue
        places = [where.get(a, ("", 0, "")) for a in group]
        file, row, column = places[0]
        shown = ", ".join(f"'{a}' ({f}, row {r}, column '{c}')" for a, (f, r, c) in zip(group[:5], places))
        more = f" and {len(group) - 5} more" if len(group) > 5 else ""
        report.add("warning", file, f"actor ids {shown}{more} look alike: they differ only in case or spacing. If "
                   "they are one actor, give every row the same id; if not, nothing needs doing",
                   column=column, action="review", rows=[r for f, r, _ in places if f == file])


def _report_cleaned(table: RawTable, report: ValidationReport) -> None:
    """One warning per column from which control characters were removed, naming every row."""
    by_column: dict[str, list[tuple[int, str]]] = {}
    for row, column, chars in table.cleaned:
        by_column.setdefault(column, []).append((row, chars))
    for column, found in by_column.items():
        chars = ", ".join(sorted({c for _, names in found for c in names.split(", ")}))
        report.add("warning", table.file,
                   f"removed control characters ({chars}) from {len(found)} cell(s): they are invisible, "
                   "cannot be saved in GraphML, GEXF or Excel files and can disturb a terminal",
                   column=column, action="cleaned", rows=[r for r, _ in found])
