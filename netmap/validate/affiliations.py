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

from netmap.formats.spreadsheets import RawTable, text_columns
from netmap.validate.tables import (
    _DECIMAL_COMMA,
    ACTOR_COLUMNS,
    TIE_COLUMNS,
    ValidationReport,
    _cell,
    _check_width,
    _distinct_pairs,
    _none_if_blank,
    _repeated_id,
    _report_blank_rows,
    _resolve_columns,
    normalise_header,
    parse_weight,
    row_list,
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
    "has_copresence",
    "copresence_rows",
    "COPRESENCE_NOTE",
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
#: What the analysis says when it weights "meets at" ties for communities without --weighted.
COPRESENCE_NOTE = ("communities use the 'meets at' ties' weights (Σ 1/(users − 1) over the spaces shared, Newman "
                   "2001) even without the weighted option: unweighted, everyone who shared any space would count as "
                   "equally close; paths (betweenness, closeness) stay unweighted")


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
                       f"{row_list(rows)}); ids must be unique", column=cols.shown["id"], rows=rows,
                       action="bad row")
    where = {sid: (table.file, rows[0], cols.shown["id"]) for sid, rows in rows_by_id.items()}
    return pd.DataFrame(records, columns=["id", "name"] + [a for a, _ in cols.attributes], dtype=object), where


def _validate_links(table: RawTable, report: ValidationReport):
    """The clean affiliations of ``table``, column by column (as ties are read: only the rows
    with a problem are visited one by one). Returns ``(frame, columns, first)``, ``first``
    being the row where each affiliation of the frame first appears; None when a required
    column is missing."""
    cols = _resolve_columns(table, AFFILIATION_COLUMNS, ("actor", "space"), None, report)
    if cols is None:
        return None
    _report_blank_rows(table, report)
    bad_rows = _check_width(table, cols, report)
    data = text_columns(table)
    numbers = data.numbers
    c = cols.canonical
    actor, space = data.column(c["actor"]), data.column(c["space"])
    weight, weight_bad = _link_weights(data.column(c.get("weight")), table.delimiter in ";\t|")
    blank_actor, blank_space = actor == "", space == ""
    texts = data.column(c.get("weight"))
    for k in np.flatnonzero(blank_actor | blank_space | weight_bad).tolist():
        cells = data.row(k)
        for key, blank in (("actor", blank_actor[k]), ("space", blank_space[k])):
            if blank:
                report.bad_row(table, int(numbers[k]), cells, cols.shown[key],
                               f"the {key} is blank; every affiliation needs an actor and a space")
        if weight_bad[k]:
            text = texts[k]
            hint = " (use a point as the decimal separator)" if _DECIMAL_COMMA.match(text) else ""
            report.bad_row(table, int(numbers[k]), cells, cols.shown["weight"],
                           f"{cols.shown['weight']} '{text}' is not a positive number{hint}; "
                           "it says how often or how much the actor uses the space (blank = 1)")
    width_bad = np.isin(numbers, np.fromiter(bad_rows, dtype=np.int64, count=len(bad_rows)))
    keep = np.flatnonzero(~(blank_actor | blank_space | weight_bad | width_bad))
    actor, space, weight, rows = actor[keep], space[keep], weight[keep], numbers[keep]
    link, count, first = _distinct_pairs(actor, space)
    summed = np.bincount(link, weights=weight, minlength=len(count))  # in row order, as a running total
    names = [k for k in ("role", "date") if k in c] + [a for a, _ in cols.attributes]
    listed = [data.column(c[k])[keep] for k in ("role", "date") if k in c] + \
        [data.column(i)[keep] for _, i in cols.attributes]
    values = [column[first] for column in listed]
    repeated = np.flatnonzero(count[link] > 1)
    if len(repeated):
        order = repeated[np.argsort(link[repeated], kind="stable")]
        groups = np.split(order, np.flatnonzero(np.diff(link[order])) + 1)
        groups.sort(key=lambda g: g[0])  # in the order the affiliations first appear
        for group in groups:
            t = int(link[group[0]])
            for column, out in zip(listed, values):
                out[t] = "; ".join(dict.fromkeys(v for v in column[group].tolist() if v))
            report.add("warning", table.file, f"affiliation {actor[group[0]]} – {space[group[0]]} appears "
                       f"{len(group)} times; combined into one with weight {summed[t]:g}",
                       column=cols.shown["actor"], action="merged", rows=rows[group].tolist())
    # object columns from the start: pandas 3 would turn text into Arrow strings, and back into
    # new Python strings when the columns are made objects again (a copy of every id)
    frame = pd.DataFrame({"actor": pd.Series(actor[first], dtype=object),
                          "space": pd.Series(space[first], dtype=object), "weight": summed})
    for name, column in zip(names, values):
        frame[name] = pd.Series(_none_if_blank(column), dtype=object)
    return frame, cols, rows[first]


def _link_weights(texts: np.ndarray, decimal_comma: bool) -> tuple[np.ndarray, np.ndarray]:
    """Each row's weight (1 when blank) and whether it is not a positive number, each distinct
    text parsed once."""
    codes, distinct = pd.factorize(texts)
    parsed = [parse_weight(t, decimal_comma) if t else 1.0 for t in distinct]
    bad = np.array([w is None or not math.isfinite(w) or w <= 0 for w in parsed] or [False], dtype=bool)
    values = np.array([w if w is not None else np.nan for w in parsed] or [1.0], dtype=float)
    return values[codes], bad[codes]


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
    links, cols, first_rows = out
    if space_frame is None:
        space_frame = pd.DataFrame({"id": pd.Series(dtype=object), "name": pd.Series(dtype=object)})
    known_spaces, known_actors = set(space_frame["id"]), set(actors["id"])
    # the affiliations are in the order they first appear: an actor's or a space's first one
    # is where it first appears
    first_use: dict[tuple[str, str], int] = {}
    for role in ("actor", "space"):
        values, at = np.unique(links[role].to_numpy(dtype=object), return_index=True)
        first_use.update(zip(((role, v) for v in values.tolist()), first_rows[at].tolist()))

    # the two modes must stay apart: one id cannot be both an actor and a space
    all_actors = known_actors | {a for (role, a) in first_use if role == "actor"}
    all_spaces = known_spaces | {s for (role, s) in first_use if role == "space"}
    clashes = sorted(all_actors & all_spaces)
    actor_rows = _first_rows(actors_table, ACTOR_COLUMNS, ("id",)) if clashes else {}
    for value, where in (_first_rows(ties_table, TIE_COLUMNS, ("source", "target")) if clashes else {}).items():
        actor_rows.setdefault(value, where)
    for clash in clashes:
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
    no cap) are skipped and returned by name, so the caller can say so. The pairs listed are
    Σ C(users, 2) over the spaces kept: at most (cap − 1)/2 per affiliation, so with a cap the
    work grows with the affiliations, never with their square.

    References
    ----------
    Newman, M. E. J. (2001). Scientific collaboration networks. II. Physical Review E 64,
    016132. doi:10.1103/PhysRevE.64.016132
    """
    names = dict(zip(spaces["id"], spaces["name"])) if len(spaces) else {}
    columns = {"source": object, "target": object, "type": object, "spaces": object}
    empty = pd.DataFrame({"source": [], "target": [], "weight": [], "type": [], "spaces": []}).astype(
        {**columns, "weight": float})
    if not len(affiliations):
        return empty, []
    # actors as numbers in the order of their ids, spaces in the order they first appear
    actor_ids = np.sort(pd.unique(affiliations["actor"].to_numpy(dtype=object)))
    actor = np.searchsorted(actor_ids, affiliations["actor"].to_numpy(dtype=object))
    space, space_ids = pd.factorize(affiliations["space"])
    order = np.lexsort((actor, space))
    actor, space = actor[order], space[order]
    first = np.r_[True, (actor[1:] != actor[:-1]) | (space[1:] != space[:-1])]  # a repeated use counts once
    actor, space = actor[first], space[first]
    starts = np.flatnonzero(np.r_[True, space[1:] != space[:-1]])
    sizes = np.diff(np.r_[starts, len(space)])
    label = [str(names.get(sid, sid)) for sid in space_ids[space[starts]]]
    skipped = [name for name, size in zip(label, sizes) if cap is not None and size > cap]
    # every (space, pair) in the order of the spaces and, within one, of the sorted users:
    # Σ C(users, 2) over the spaces kept, at most (cap − 1) / 2 per affiliation
    kept = np.flatnonzero((sizes >= 2) & (sizes <= (cap if cap is not None else len(actor))))
    if not len(kept):
        return empty, skipped
    source, target, where = _member_pairs(actor, starts[kept], sizes[kept])
    where = kept[where]
    share = 1.0 / (sizes[where] - 1)
    pair, keys = pd.factorize(source * len(actor_ids) + target)  # in the order first met
    weight = np.bincount(pair, weights=share)  # summed in the spaces' order, as a running total would be
    label = np.array(label, dtype=object)
    listed = label[where[np.unique(pair, return_index=True)[1]]]
    repeated = np.flatnonzero(np.bincount(pair)[pair] > 1)
    if len(repeated):
        joined = pd.Series(label[where[repeated]]).groupby(pair[repeated], sort=False).agg("; ".join)
        listed[joined.index.to_numpy()] = joined.to_numpy()
    text = {"source": actor_ids[keys // len(actor_ids)], "target": actor_ids[keys % len(actor_ids)],
            "type": np.full(len(keys), COPRESENCE_TYPE, dtype=object), "spaces": listed}
    # object columns from the start (pandas 3 would copy every id into an Arrow string and back)
    frame = pd.DataFrame({name: pd.Series(text[name], dtype=object) if name in text else weight
                          for name in ("source", "target", "weight", "type", "spaces")})
    return frame, skipped


def _member_pairs(members: np.ndarray, starts: np.ndarray, sizes: np.ndarray
                  ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Every pair i < j of positions inside each block ``members[start:start + size]``, as
    ``(members[i], members[j], block)``, block by block and in the order of ``np.triu_indices``
    inside one: Σ C(size, 2) pairs made by array arithmetic, with no Python step per block.
    """
    # each position p of a block pairs with the positions after it in the block
    block = np.repeat(np.arange(len(starts)), sizes)
    position = np.arange(int(sizes.sum())) - np.repeat(np.cumsum(sizes) - sizes, sizes)  # p inside its block
    after = sizes[block] - 1 - position
    first = np.repeat(np.repeat(starts, sizes) + position, after)
    offset = np.arange(int(after.sum())) - np.repeat(np.cumsum(after) - after, after)
    return members[first], members[first + 1 + offset], np.repeat(block, after)


def has_copresence(ties: pd.DataFrame) -> bool:
    """Whether some ties are "meets at" ties (:func:`copresence_ties`), alone or added to a tie.

    Such ties are weighted by the spaces shared, and only their weights tell a pair who met at
    three small events from a pair who once shared a crowded one: unweighted, the co-presence
    network of Davis's Southern Women is nearly complete (139 of 153 pairs).
    """
    return bool(copresence_rows(ties)[0].any())


def copresence_rows(ties: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Per tie: whether its ``type`` includes the "meets at" type, and whether it is that type
    alone (``;``-separated types). Each distinct text is judged once: a register has 3
    million ties of a handful of types, and a step per tie took seconds (issue 26)."""
    if "type" not in ties.columns:
        return np.zeros(len(ties), dtype=bool), np.zeros(len(ties), dtype=bool)
    codes, kinds = pd.factorize(ties["type"], use_na_sentinel=True)
    parts = [{x.strip() for x in t.split(";")} if isinstance(t, str) else set() for t in kinds]
    includes = np.array([COPRESENCE_TYPE in p for p in parts] + [False], dtype=bool)  # the last: a missing type
    alone = np.array([p == {COPRESENCE_TYPE} for p in parts] + [False], dtype=bool)
    return includes[codes], alone[codes]
