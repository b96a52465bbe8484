"""A project's history with codes for people: what ``project dump --pseudonymise`` writes.

:class:`HistoryPseudonymiser` turns every row a project ever held (each revision's before and
after, each current table) into the row a pseudonymised export would hold: actor ids and
names become codes (``A-…``), spaces' ids and names become codes (``S-…``), free-text and
contact columns are left out (:func:`netmap.privacy.withheld_columns`, as ``project export
--pseudonymise`` decides them), and the table of notes on actors is left out whole. One
:class:`~netmap.privacy.Pseudonymiser` serves the whole project, so an actor has the same
code in every wave and every revision, and the same row always becomes the same row: the
pseudonymised revisions replay to the pseudonymised current tables, and ``project load``
checks them as it checks any dump.

What cannot be made into codes is left out by the dump itself (``netmap.store.dump_writer``): the
source files as uploaded, wave notes, who made each change, the project's roles, the name
review's decisions and the project's pseudonym key.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping

import pandas as pd

from netmap.privacy import (
    ID_COLUMNS,
    NAME_COLUMNS,
    SPACE_ID_COLUMNS,
    SPACE_NAMES,
    WITHHELD,
    Pseudonymiser,
    space_references,
    withheld_columns,
)
from netmap.store.tables import KEYS, Change, TableState, describe, row_key

__all__ = ["LEFT_OUT_TABLES", "HistoryPseudonymiser"]

#: Tables a pseudonymised dump leaves out whole: a note on an actor is free text about a person.
LEFT_OUT_TABLES = frozenset({"actor_notes"})
#: Columns never judged as free text: they hold ids, names and weights, which become codes or stay.
_NOT_JUDGED = {"actors": {"id", "name"}, "ties": {"source", "target", "weight"},
               "affiliations": {"actor", "space", "weight"}, "spaces": {"id", "name"}}
_REFERENCES = set(ID_COLUMNS) | set(NAME_COLUMNS) | set(SPACE_ID_COLUMNS) | {"weight"}


class HistoryPseudonymiser:
    """Codes for every actor and space a project's history holds, and the rows with them.

    Parameters
    ----------
    histories
        Each wave's changes (revision number -> its row changes, as the store gives them):
        every row ever held is in some revision's ``after``, so these decide who gets a code
        and which columns are left out.
    key
        The secret the codes are made from (never written into the dump).
    """

    def __init__(self, histories: Iterable[Mapping[int, list[Change]]], key: str):
        rows: dict[str, list[dict]] = defaultdict(list)
        for history in histories:
            for changes in history.values():
                for c in changes:
                    if c.row_key is not None and isinstance(c.after, dict):
                        rows[c.table].append(c.after)
        frames = {table: pd.DataFrame.from_records(listed) for table, listed in rows.items()}
        actors = _actors(frames)
        spaces = _spaces(frames)
        # a space's owner or runner (every value an actor) becomes the actor's code
        references = space_references(frames["spaces"], actors) if "spaces" in frames else set()
        withheld: set[str] = set()
        for table, frame in frames.items():
            if table in LEFT_OUT_TABLES:
                continue
            skip = _NOT_JUDGED.get(table, _REFERENCES) | (references if table == "spaces" else set())
            withheld |= withheld_columns(frame, skip=skip)
        if spaces is not None:
            withheld.add(SPACE_NAMES)  # a space may be a home or be named after its owner
        names = {a: n for a, n in zip(actors["id"], actors["name"], strict=True)}
        # an actor renamed by an edit: the earlier names are replaced inside text as well
        aliases = {str(n): a for a, n in zip(frames["actors"]["id"], frames["actors"]["name"], strict=True)
                   if isinstance(n, str) and n != names.get(a)} \
            if "actors" in frames and {"id", "name"} <= set(frames["actors"].columns) else {}
        self.pseudonymiser = Pseudonymiser(actors, key, withheld, free_text=withheld, spaces=spaces,
                                           references=references, aliases=aliases)

    def key_table(self) -> pd.DataFrame:
        """code -> id and name, for ``--key-out`` (never inside the dump)."""
        return self.pseudonymiser.key_table()

    def rows(self, table: str, listed: list[dict]) -> list[dict]:
        """``listed`` rows of ``table`` with codes, withheld columns left out (rows with the
        same columns are done together: a revision may hold rows before and after a change of
        columns)."""
        out: list[dict | None] = [None] * len(listed)
        groups: dict[tuple, list[int]] = defaultdict(list)
        for i, cells in enumerate(listed):
            groups[tuple(cells)].append(i)
        for columns, places in groups.items():
            frame = self._frame(table, pd.DataFrame.from_records([listed[i] for i in places], columns=list(columns)))
            for i, record in zip(places, frame.to_dict("records"), strict=True):
                out[i] = {k: (v if isinstance(v, str) else None) for k, v in record.items()}  # cells are text or null
        return out

    def columns(self, table: str, columns: list[str], dtypes: list[str]) -> tuple[list[str], list[str]]:
        """The columns (and their types) ``table`` keeps in the dump."""
        kept = set(self._frame(table, pd.DataFrame(columns=columns, dtype=object)).columns)
        pairs = [(c, d) for c, d in zip(columns, dtypes, strict=True) if c in kept]
        return [c for c, _ in pairs], [d for _, d in pairs]

    def changes(self, changes: list[Change]) -> list[Change]:
        """One revision's changes with codes; a change left with nothing to say (a withheld
        cell edited, a note on an actor) is left out."""
        out = []
        by_table: dict[str, list[Change]] = defaultdict(list)
        for c in changes:
            if c.table not in LEFT_OUT_TABLES:
                by_table[c.table].append(c)
        for table, mine in by_table.items():
            rows = [c for c in mine if c.row_key is not None]
            befores = iter(self.rows(table, [c.before for c in rows if c.before is not None]))
            afters = iter(self.rows(table, [c.after for c in rows if c.after is not None]))
            for c in mine:
                if c.row_key is None:  # the table's columns changed
                    before, after = (None if shape is None else dict(zip(("columns", "dtypes"),
                                                                         self.columns(table, shape["columns"],
                                                                                      shape["dtypes"]), strict=True))
                                     for shape in (c.before, c.after))
                    key = None
                else:
                    before = None if c.before is None else next(befores)
                    after = None if c.after is None else next(afters)
                    key = row_key(table, after if after is not None else before, -1) if table in KEYS else c.row_key
                if before != after:
                    out.append(Change(table, key, before, after, c.position))
        return out

    def state(self, table: str, state: TableState) -> TableState:
        """A current table with codes (as replaying :meth:`changes` gives it)."""
        columns, dtypes = self.columns(table, state.columns, state.dtypes)
        keys = list(state.rows)
        cells = self.rows(table, [state.rows[k] for k in keys])
        if table in KEYS:
            keys = [row_key(table, row, -1) for row in cells]
        return TableState(columns, dtypes, dict(zip(keys, cells, strict=True)))

    @staticmethod
    def summary(changes: list[Change]) -> str:
        """A revision's summary made again from its pseudonymised changes: the stored one may
        quote names, notes and file names."""
        return describe(changes) if changes else f"no change to the tables kept ({WITHHELD} in this dump)"

    def _frame(self, table: str, frame: pd.DataFrame) -> pd.DataFrame:
        p = self.pseudonymiser
        return p.space_frame(frame) if table == "spaces" else p.frame(frame)


def _latest_names(frame: pd.DataFrame | None) -> dict[str, str]:
    """id -> the latest name of each row's id in ``frame`` (rows in history order)."""
    if frame is None or "id" not in frame:
        return {}
    names = frame["name"] if "name" in frame else frame["id"]
    return {i: (n if isinstance(n, str) else "") for i, n in zip(frame["id"], names, strict=True) if isinstance(i, str)}


def _actors(frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """Every actor any table names (by id), with the latest name it had."""
    names = _latest_names(frames.get("actors"))
    for table, frame in frames.items():
        if table == "spaces":  # its ids are spaces'
            continue
        for column in sorted(set(ID_COLUMNS) & set(frame.columns)):
            for actor in frame[column]:
                if isinstance(actor, str) and actor:
                    names.setdefault(actor, actor)
    return pd.DataFrame({"id": list(names), "name": list(names.values())}, dtype=object)


def _spaces(frames: dict[str, pd.DataFrame]) -> pd.DataFrame | None:
    """Every space the spaces table or the affiliations name, with the latest name it had."""
    names = _latest_names(frames.get("spaces"))
    links = frames.get("affiliations")
    for space in links["space"] if links is not None and "space" in links else ():
        if isinstance(space, str) and space:
            names.setdefault(space, space)
    if not names:
        return None
    return pd.DataFrame({"id": list(names), "name": list(names.values())}, dtype=object)
