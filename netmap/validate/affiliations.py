"""The second mode: who uses, belongs to or attends which shared space, and the spaces table.

An **affiliations** table has one row per actor–space link (``actor``/``person``/``member``/
``organisation`` and ``space``/``place``/``venue``/``event``/``group``/``partnership``;
optional ``weight``/``frequency``, ``role``, ``date``, any other column). An optional
**spaces** table describes the spaces (``id``, ``name``, ``kind``, ``capacity``, ``offers``,
``owner`` …). Both are read by :mod:`netmap.formats.spreadsheets` and checked with the helpers of
:mod:`netmap.validate.tables`, so the messages name file, row and column exactly as for ties:

* errors stop the load: a missing actor or space column, a blank actor or space, a weight
  that is not a positive number, a blank or repeated space id, and a space id equal to an
  actor id (the two modes must stay apart; the message names both rows);
* warnings say what was done: an affiliation naming an actor or a space that is not in its
  table creates it, repeated affiliations are combined (weights summed, roles and dates
  listed), blank rows are skipped.

Without a ties file the actor network is the co-presence projection of the affiliations
(:func:`copresence_ties`); :func:`netmap.network.load_two_mode` reads the files.
"""
from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass

import numpy as np
import pandas as pd

from netmap.formats.spreadsheets import RawTable
from netmap.validate.tables import (
    _DECIMAL_COMMA,
    ACTOR_COLUMNS,
    TIE_COLUMNS,
    ValidationReport,
    _cell,
    _check_width,
    _repeated_id,
    _report_blank_rows,
    _resolve_columns,
    _row_list,
    normalise_header,
    parse_weight,
)

__all__ = [
    "AFFILIATION_COLUMNS",
    "SPACE_COLUMNS",
    "AFFILIATION_SHEETS",
    "SPACE_SHEETS",
    "MODE_ATTRIBUTES",
    "COPRESENCE_CAP",
    "COPRESENCE_TYPE",
    "AffiliationResult",
    "validate_affiliations",
    "split_graph_modes",
    "copresence_ties",
]

#: Canonical affiliation columns and the header names accepted for each.
AFFILIATION_COLUMNS: dict[str, list[str]] = {
    "actor": ["actor", "person", "member", "organisation", "organization", "actor_id", "person_id", "member_id",
              "organisation_id", "who", "source", "from"],
    "space": ["space", "place", "venue", "event", "group", "partnership", "space_id", "place_id", "venue_id",
              "event_id", "group_id", "where", "target", "to"],
    "weight": ["weight", "frequency", "times", "visits", "strength", "value"],
    "role": ["role"],
    "date": ["date", "when", "day"],
}
#: Canonical space columns and accepted aliases.
SPACE_COLUMNS: dict[str, list[str]] = {
    "id": ["id", "space_id", "space", "place", "venue", "event", "key", "node"],
    "name": ["name", "label", "title", "display_name"],
}
AFFILIATION_SHEETS = ("affiliations", "memberships", "members", "attendance", "uses", "usage", "two_mode")
SPACE_SHEETS = ("spaces", "places", "venues", "events", "partnerships")
#: Node attributes that mark the mode in a GEXF/GraphML file; values read as a space.
MODE_ATTRIBUTES = ("mode", "node_mode", "kind_of_node", "bipartite")
SPACE_MODE_VALUES = {"space", "spaces", "place", "venue", "event", "group", "partnership", "1", "mode2", "2"}

#: Spaces with more users than this are not turned into "meets at" ties: meeting 2,000 other
#: users of a leisure centre is not knowing them (Newman's weighting gives each such pair
#: less than 1/2,000 anyway). Their co-presence still counts in the shared-space scores.
COPRESENCE_CAP = 30
COPRESENCE_TYPE = "meets at"


@dataclass(frozen=True)
class AffiliationResult:
    """Clean tables: ``affiliations`` (actor, space, weight, [role], [date], attributes),
    ``spaces`` (id, name, attributes) and ``actors`` (the actors table with every actor an
    affiliation named added)."""

    affiliations: pd.DataFrame
    spaces: pd.DataFrame
    actors: pd.DataFrame


def _first_rows(table: RawTable | None, spec: dict[str, list[str]], roles: tuple[str, ...]) -> dict[str, tuple]:
    """Where each value of ``roles`` first appears: value -> (file, row, column as written)."""
    if table is None:
        return {}
    cols = _resolve_columns(table, spec, (), None, ValidationReport())
    if cols is None:
        return {}
    found: dict[str, tuple] = {}
    present = [(role, cols.canonical[role]) for role in roles if role in cols.canonical]
    for row, cells in table.rows:
        for role, i in present:
            value = _cell(cells, i)
            if value and value not in found:
                found[value] = (table.file, row, cols.shown[role])
    return found


def _validate_spaces(table: RawTable, report: ValidationReport) -> tuple[pd.DataFrame | None, dict]:
    cols = _resolve_columns(table, SPACE_COLUMNS, ("id",), None, report)
    if cols is None:
        return None, {}
    _report_blank_rows(table, report)
    bad_rows = _check_width(table, cols, report)
    id_i, name_i = cols.canonical["id"], cols.canonical.get("name")
    rows_by_id: dict[str, list[int]] = defaultdict(list)
    records = []
    for row, cells in table.rows:
        space_id = _cell(cells, id_i)
        if not space_id:
            report.bad_row(table, row, cells, cols.shown["id"], "the space id is blank; every space needs an id")
            continue
        rows_by_id[space_id].append(row)
        if len(rows_by_id[space_id]) > 1:
            _repeated_id(report, table, row, cells, cols.shown["id"], space_id, rows_by_id[space_id][0])
            continue
        if row in bad_rows:
            continue
        name = _cell(cells, name_i) if name_i is not None else ""
        record = {"id": space_id, "name": name or space_id}
        for attr, i in cols.attributes:
            record[attr] = _cell(cells, i) or None
        records.append(record)
    for space_id, rows in rows_by_id.items():
        if len(rows) > 1 and not report.rules.skip_bad_rows:
            report.add("error", table.file, f"space id '{space_id}' appears {len(rows)} times (rows "
                       f"{_row_list(rows)}); ids must be unique", column=cols.shown["id"], rows=rows,
                       action="bad row")
    where = {sid: (table.file, rows[0], cols.shown["id"]) for sid, rows in rows_by_id.items()}
    return pd.DataFrame(records, columns=["id", "name"] + [a for a, _ in cols.attributes], dtype=object), where


def _validate_links(table: RawTable, report: ValidationReport):
    cols = _resolve_columns(table, AFFILIATION_COLUMNS, ("actor", "space"), None, report)
    if cols is None:
        return None
    _report_blank_rows(table, report)
    bad_rows = _check_width(table, cols, report)
    c = cols.canonical
    decimal_comma = table.delimiter in ";\t|"
    links: dict[tuple[str, str], dict] = {}
    rows_of: dict[tuple[str, str], list[int]] = defaultdict(list)
    listed = [k for k in ("role", "date") if k in c] + [a for a, _ in cols.attributes]
    for row, cells in table.rows:
        actor, space = _cell(cells, c["actor"]), _cell(cells, c["space"])
        ok = row not in bad_rows
        for key, value in (("actor", actor), ("space", space)):
            if not value:
                report.bad_row(table, row, cells, cols.shown[key],
                               f"the {key} is blank; every affiliation needs an actor and a space")
                ok = False
        weight = 1.0
        if "weight" in c and _cell(cells, c["weight"]):
            text = _cell(cells, c["weight"])
            weight = parse_weight(text, decimal_comma)
            if weight is None or not math.isfinite(weight) or weight <= 0:
                hint = " (use a point as the decimal separator)" if _DECIMAL_COMMA.match(text) else ""
                report.bad_row(table, row, cells, cols.shown["weight"],
                               f"{cols.shown['weight']} '{text}' is not a positive number{hint}; "
                               "it says how often or how much the actor uses the space (blank = 1)")
                ok = False
        if not ok:
            continue
        key = (actor, space)
        rows_of[key].append(row)
        values = {k: _cell(cells, c[k]) for k in ("role", "date") if k in c}
        values.update({a: _cell(cells, i) for a, i in cols.attributes})
        if key not in links:
            links[key] = {"actor": actor, "space": space, "weight": weight,
                          **{k: [v] if v else [] for k, v in values.items()}}
        else:
            link = links[key]
            link["weight"] += weight
            for k, v in values.items():
                if v and v not in link[k]:
                    link[k].append(v)
    for key, rows in rows_of.items():
        if len(rows) > 1:
            report.add("warning", table.file, f"affiliation {key[0]} – {key[1]} appears {len(rows)} times; combined "
                       f"into one with weight {links[key]['weight']:g}", column=cols.shown["actor"],
                       action="merged", rows=rows)
    records = [{k: ("; ".join(v) or None) if isinstance(v, list) else v for k, v in link.items()}
               for link in links.values()]
    frame = pd.DataFrame(records, columns=["actor", "space", "weight"] + listed)
    frame["weight"] = frame["weight"].astype(float)
    for col in frame.columns:
        if col != "weight":
            frame[col] = frame[col].astype(object)
    return frame, cols, rows_of


def validate_affiliations(
    affiliations: RawTable,
    spaces: RawTable | None,
    actors: pd.DataFrame,
    *,
    report: ValidationReport,
    actors_table: RawTable | None = None,
    ties_table: RawTable | None = None,
    warn_created_actors: bool = True,
) -> AffiliationResult | None:
    """Validate the affiliations (and spaces) tables against the clean actors table.

    Parameters
    ----------
    affiliations, spaces
        Raw tables from :mod:`netmap.formats.spreadsheets`.
    actors
        The clean actors table (:func:`netmap.validate.validate_tables`); actors named only in
        affiliations are appended to it.
    actors_table, ties_table
        The raw tables the actors came from, so that an id clash can name the actor's row.
    warn_created_actors
        False when there is no actor list to be missing from (an affiliations file alone).

    Returns
    -------
    AffiliationResult, or None when ``report`` gained errors.
    """
    space_frame, space_rows = (None, {})
    if spaces is not None:
        space_frame, space_rows = _validate_spaces(spaces, report)
    out = _validate_links(affiliations, report)
    if out is None or not report.ok:
        return None
    links, cols, rows_of = out
    if space_frame is None:
        space_frame = pd.DataFrame({"id": pd.Series(dtype=object), "name": pd.Series(dtype=object)})
    known_spaces, known_actors = set(space_frame["id"]), set(actors["id"])
    first_use: dict[tuple[str, str], int] = {}
    for (actor, space), rows in rows_of.items():
        for role, value in (("actor", actor), ("space", space)):
            if (role, value) not in first_use or rows[0] < first_use[(role, value)]:
                first_use[(role, value)] = rows[0]

    # the two modes must stay apart: one id cannot be both an actor and a space
    actor_rows = _first_rows(actors_table, ACTOR_COLUMNS, ("id",))
    for value, where in _first_rows(ties_table, TIE_COLUMNS, ("source", "target")).items():
        actor_rows.setdefault(value, where)
    all_actors = known_actors | {a for (role, a) in first_use if role == "actor"}
    all_spaces = known_spaces | {s for (role, s) in first_use if role == "space"}
    for clash in sorted(all_actors & all_spaces):
        if clash in space_rows:
            s_file, s_row, s_col = space_rows[clash]
        else:
            s_file, s_row, s_col = affiliations.file, first_use[("space", clash)], cols.shown["space"]
        if clash in actor_rows:
            a_file, a_row, a_col = actor_rows[clash]
        else:
            a_file, a_row, a_col = affiliations.file, first_use[("actor", clash)], cols.shown["actor"]
        report.add("error", s_file, f"space id '{clash}' is also an actor id ({a_file}, row {a_row}, column "
                   f"'{a_col}'); actors and spaces must have different ids, so rename one of them "
                   f"(e.g. '{clash}-space')", row=s_row, column=s_col)
    if not report.ok:
        return None

    new_spaces = sorted({s for (role, s) in first_use if role == "space" and s not in known_spaces},
                        key=lambda s: first_use[("space", s)])
    if new_spaces:
        if spaces is not None:
            for s in new_spaces:
                report.add("warning", affiliations.file, f"space '{s}' is not in {spaces.file}; it was created "
                           "with no attributes", row=first_use[("space", s)], column=cols.shown["space"],
                           action="created")
        new = pd.DataFrame({"id": new_spaces, "name": new_spaces}, dtype=object)
        space_frame = pd.concat([space_frame, new], ignore_index=True) if len(space_frame) else \
            new.reindex(columns=space_frame.columns).astype(object)
    new_actors = sorted({a for (role, a) in first_use if role == "actor" and a not in known_actors},
                        key=lambda a: first_use[("actor", a)])
    if new_actors:
        if warn_created_actors:
            source = actors_table.file if actors_table is not None else (ties_table.file if ties_table else "the ties")
            for a in new_actors:
                report.add("warning", affiliations.file, f"actor '{a}' is not in {source}; it was created with no "
                           "attributes", row=first_use[("actor", a)], column=cols.shown["actor"], action="created")
        new = pd.DataFrame({"id": new_actors, "name": new_actors}, dtype=object)
        actors = pd.concat([actors, new], ignore_index=True) if len(actors) else \
            new.reindex(columns=actors.columns).astype(object)
    if len(links) == 0:
        report.add("warning", affiliations.file, "has no affiliations; no actor uses any space",
                   row=affiliations.header_row)
    space_frame = space_frame.reset_index(drop=True).astype(object)
    actors = actors.reset_index(drop=True).astype(object)
    links = links.reset_index(drop=True)
    text = [c for c in links.columns if c != "weight"]
    links[text] = links[text].astype(object).where(links[text].notna(), None)
    return AffiliationResult(links, space_frame.where(space_frame.notna(), None),
                             actors.where(actors.notna(), None))


def split_graph_modes(ties: RawTable, actors: RawTable) -> tuple[RawTable, RawTable, RawTable | None,
                                                                  RawTable | None]:
    """Split a GEXF/GraphML file whose nodes carry a mode attribute (``mode`` = ``space``,
    or networkx's ``bipartite`` = 1) into actors, ties, spaces and affiliations tables.

    Edges between an actor and a space become affiliations (the actor first, whichever way
    the edge was written); edges between two actors stay ties; an edge between two spaces is
    an error in validation (it is written as an affiliation naming a space as the actor).
    Returns ``(ties, actors, affiliations, spaces)``; the last two are None without a mode.
    """
    names = [normalise_header(h) for h in actors.header]
    mode_i = next((names.index(m) for m in MODE_ATTRIBUTES if m in names), None)
    if mode_i is None:
        return ties, actors, None, None
    is_space = {cells[0]: _cell(cells, mode_i).strip().lower() in SPACE_MODE_VALUES for _, cells in actors.rows}
    keep = [i for i in range(len(actors.header)) if i != mode_i]
    header = [actors.header[i] for i in keep]
    actor_rows = [(r, [_cell(c, i) for i in keep]) for r, c in actors.rows if not is_space[c[0]]]
    space_rows = [(r, [_cell(c, i) for i in keep]) for r, c in actors.rows if is_space[c[0]]]
    tie_rows, link_rows = [], []
    for row, cells in ties.rows:
        u, v = cells[0], cells[1]
        if is_space.get(u) or is_space.get(v):
            actor, space = (v, u) if is_space.get(u) and not is_space.get(v) else (u, v)
            link_rows.append((row, [actor, space] + cells[2:]))
        else:
            tie_rows.append((row, cells))
    base = ties.file.rsplit(" [", 1)[0]
    link_header = ["actor", "space"] + ties.header[2:]
    return (RawTable(ties.file, ties.header, tie_rows, [], ",", "xml"),
            RawTable(actors.file, header, actor_rows, [], ",", "xml"),
            RawTable(f"{base} [actor–space edges]", link_header, link_rows, [], ",", "xml"),
            RawTable(f"{base} [space nodes]", header, space_rows, [], ",", "xml"))


def copresence_ties(affiliations: pd.DataFrame, spaces: pd.DataFrame, cap: int | None = COPRESENCE_CAP
                    ) -> tuple[pd.DataFrame, list[str]]:
    """"Meets at" ties: every pair of actors who use a common space of at most ``cap`` users.

    weight = Σ over the shared spaces s of 1/(n_s − 1), n_s = the space's users: Newman's
    (2001) collaboration weighting, so meeting at a space of 3 weighs 0.5 and at a space of 30
    about 0.03; ``spaces`` lists the names of the shared spaces. Spaces above ``cap`` (None =
    no cap) are skipped and returned by name, so the caller can say so.

    References
    ----------
    Newman, M. E. J. (2001). Scientific collaboration networks. II. Physical Review E 64,
    016132. doi:10.1103/PhysRevE.64.016132
    """
    names = dict(zip(spaces["id"], spaces["name"])) if len(spaces) else {}
    users = affiliations.groupby("space", sort=False)["actor"].apply(lambda s: sorted(set(s)))
    pairs: dict[tuple[str, str], list] = {}
    skipped = []
    for space, members in users.items():
        if cap is not None and len(members) > cap:
            skipped.append(str(names.get(space, space)))
            continue
        if len(members) < 2:
            continue
        share = 1.0 / (len(members) - 1)
        for i, a in enumerate(members):
            for b in members[i + 1:]:
                entry = pairs.setdefault((a, b), [0.0, []])
                entry[0] += share
                entry[1].append(str(names.get(space, space)))
    frame = pd.DataFrame({"source": [a for a, _ in pairs], "target": [b for _, b in pairs],
                          "weight": np.array([w for w, _ in pairs.values()], dtype=float),
                          "type": [COPRESENCE_TYPE] * len(pairs),
                          "spaces": ["; ".join(s) for _, s in pairs.values()]}).astype(
        {"source": object, "target": object, "type": object, "spaces": object})
    return frame, skipped
