"""The roster people answer from, and the places they pick: read once, when a collection opens.

The roster is an actors file, read and checked as ``netmap survey --roster`` reads it
(:func:`netmap.intake.survey.read_roster`). Each person gets a *label*: the name people see
in the lists and pick as they type. Two people of one name get labels told apart by the
questionnaire's ``group_by`` column when it tells them apart, else by their ids.

The places file is a spaces file (``id``, ``name``, ``kind`` …), checked by the same
validation as any spaces file (:func:`netmap.validate.validate_affiliations`): no blank or
repeated id, and no id that is also a person's.
"""
from __future__ import annotations

from collections import Counter

import pandas as pd

from netmap.errors import InputError, ValidationFailed
from netmap.formats.spreadsheets import RawTable, Source, read_table, source_name
from netmap.intake.survey import read_roster
from netmap.validate import ACTOR_SHEETS, ValidationReport, validate_affiliations
from netmap.validate.affiliations import SPACE_SHEETS

__all__ = ["MAX_ROSTER", "MAX_PLACES", "read_people", "labels", "read_places"]

#: The largest roster a collection takes: every page asking for names lists them all (an
#: HTML datalist), and a page must stay under 100 KB.
MAX_ROSTER = 1000
MAX_PLACES = 300


def read_people(source: Source, group_by: str = "") -> tuple[pd.DataFrame, list[tuple[str, str, str]]]:
    """The roster table and its people as (actor id, name, label).

    Raises
    ------
    ValidationFailed, InputError
        A roster that is not a valid actors file, too large, or without the ``group_by``
        column the questionnaire names.
    """
    roster = read_roster(source)
    if len(roster) > MAX_ROSTER:
        raise InputError(f"{source_name(source)}: {len(roster):,} people; a collection takes at most "
                         f"{MAX_ROSTER:,} (every page that asks for names lists them all)")
    if not len(roster):
        raise InputError(f"{source_name(source)}: the roster has nobody on it")
    if group_by and group_by not in roster.columns:
        raise InputError(f"{source_name(source)}: no column '{group_by}' (the questionnaire's group_by); columns: "
                         + ", ".join(f"'{c}'" for c in roster.columns))
    return roster, labels(roster, group_by)


def labels(roster: pd.DataFrame, group_by: str = "") -> list[tuple[str, str, str]]:
    """(id, name, label) for each person: the label is the name, made unique."""
    ids = [str(i) for i in roster["id"]]
    names = [(str(n).strip() if isinstance(n, str) and n.strip() else i)
             for i, n in zip(ids, roster.get("name", pd.Series([None] * len(roster))))]
    names = [" ".join(n.split()) for n in names]
    groups = [str(g).strip() if isinstance(g, str) and g.strip() else "" for g in
              (roster[group_by] if group_by and group_by in roster.columns else [""] * len(roster))]
    counts = Counter(n.casefold() for n in names)
    first = [f"{n} ({g})" if counts[n.casefold()] > 1 and g else n for n, g in zip(names, groups)]
    again = Counter(label.casefold() for label in first)
    final = [f"{n} ({i})" if again[label.casefold()] > 1 else label for label, n, i in zip(first, names, ids)]
    return list(zip(ids, names, final))


def read_places(source: Source, roster: Source | None = None) -> pd.DataFrame:
    """The places (a spaces file) people pick from: ``id``, ``name`` and the file's other
    columns; with the ``roster`` file, a place id that is also a person's is refused (naming
    both rows).

    Raises
    ------
    ValidationFailed
        What any spaces file is refused for (file, row, column).
    """
    spaces = read_table(source, SPACE_SHEETS)
    report = ValidationReport()
    empty = RawTable(f"{source_name(source)} (no affiliations yet)", ["actor", "space"], [])
    actors = read_roster(roster) if roster is not None else \
        pd.DataFrame({"id": pd.Series(dtype=object), "name": pd.Series(dtype=object)})
    actors_table = read_table(roster, ACTOR_SHEETS) if roster is not None else None
    result = validate_affiliations(empty, spaces, actors, report=report, actors_table=actors_table)
    if result is None or not report.ok:
        raise ValidationFailed(report)
    places = result.spaces
    if len(places) > MAX_PLACES:
        raise InputError(f"{source_name(source)}: {len(places):,} places; a collection lists at most {MAX_PLACES}")
    places = places.copy()
    places["name"] = [" ".join(str(n).split()) if isinstance(n, str) and n.strip() else str(i)
                      for i, n in zip(places["id"], places["name"])]
    return places
