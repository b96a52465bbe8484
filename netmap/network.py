"""StakeholderNetwork: the actors table, the ties table and the networkx graph built from them."""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from netmap.errors import FileProblem, ValidationFailed
from netmap.formats.graphs import is_graph_file, read_graph_tables
from netmap.formats.spreadsheets import (
    RawTable,
    Source,
    is_excel,
    read_bytes,
    read_sheets,
    read_table,
    source_name,
)
from netmap.validate.affiliations import (
    AFFILIATION_SHEETS,
    COPRESENCE_CAP,
    COPRESENCE_TYPE,
    SPACE_SHEETS,
    copresence_ties,
    split_graph_modes,
    validate_affiliations,
)
from netmap.validate.tables import (
    ACTOR_SHEETS,
    TIE_SHEETS,
    ReadingRules,
    ValidationReport,
    validate_actors,
    validate_tables,
)
from netmap.words import MISSING_TEXT

if TYPE_CHECKING:
    import networkx as nx

    from netmap.metrics.engine import Indexed

__all__ = ["StakeholderNetwork", "load_network", "read_network", "load_two_mode", "with_copresence", "GROUP_HINTS",
           "candidate_group_columns"]

#: Attribute names that usually hold a grouping of actors, in order of preference.
GROUP_HINTS = ("sector", "ward", "group", "type", "neighbourhood", "neighborhood", "area", "club",
               "faction", "organisation_type", "category", "team", "department")
#: A column of whole numbers with at most this many distinct values is offered as groups.
MAX_CODED_GROUPS = 12
#: Attributes that are free text, never groups.
TEXT_COLUMNS = {"offers", "needs", "description", "notes", "comment", "comments", "email", "phone", "address"}


@dataclass(frozen=True, eq=False)
class StakeholderNetwork:
    """A locality's actors and ties, and the networkx graph built from them.

    Attributes
    ----------
    actors : DataFrame
        ``id``, ``name`` and every other column of the actors file (text; ``None`` when
        blank). Actors created from ties have only ``id`` and ``name``.
    ties : DataFrame
        ``source``, ``target``, ``weight`` (a strength: more = closer), ``type`` when given,
        and every other column. Repeats are already combined.
    directed : bool
    affiliations, spaces : DataFrame or None
        The second mode (:mod:`netmap.validate.affiliations`): ``actor``, ``space``, ``weight`` and
        any other column; ``id``, ``name`` and the spaces' attributes. None without
        affiliations. The graph holds the actors only.
    graph : networkx.Graph or networkx.DiGraph
        Nodes are the string ids with every non-blank attribute; edges carry ``weight`` and
        the other non-blank tie columns. Built on first use (``validate`` never needs it, and
        importing networkx is a fifth of its time). Do not mutate it: take ``graph.copy()``.
    """

    actors: pd.DataFrame
    ties: pd.DataFrame
    directed: bool = False
    affiliations: pd.DataFrame | None = None
    spaces: pd.DataFrame | None = None
    #: What reading changed (validation warnings: merged, dropped, created … rows), for the outputs.
    warnings: tuple = field(default=(), repr=False)

    @cached_property
    def graph(self) -> "nx.Graph":
        return _build_graph(self.actors, self.ties, self.directed)

    def index(self) -> "Indexed":
        """The ties as arrays and an igraph graph, in the graph's node and edge order
        (:func:`~netmap.metrics.engine.index_tables`), built from the tables without networkx."""
        # igraph loads only when the graph is built, so that `netmap validate` stays under 0.5 s
        from netmap.metrics.engine import index_tables

        weights = self.ties["weight"] if "weight" in self.ties.columns else [None] * len(self.ties)
        return index_tables(self.actors["id"], self.ties["source"], self.ties["target"], weights, self.directed)

    @property
    def n_actors(self) -> int:
        """Actors in the graph: every id of the actors table and of the ties."""
        if "graph" in self.__dict__:
            return self.graph.number_of_nodes()
        ids = set(self.actors["id"])
        ids.update(self.ties["source"])
        ids.update(self.ties["target"])
        return len(ids)

    @property
    def n_ties(self) -> int:
        """Ties in the graph: distinct pairs (in either order when undirected)."""
        if "graph" in self.__dict__:
            return self.graph.number_of_edges()
        pairs = zip(self.ties["source"], self.ties["target"])
        return len(set(pairs) if self.directed else {frozenset(pair) for pair in pairs})

    @property
    def attribute_columns(self) -> list[str]:
        return [c for c in self.actors.columns if c not in ("id", "name")]

    def group_columns(self) -> dict[str, int]:
        """Attributes that look like groupings, with their number of distinct values."""
        return candidate_group_columns(self.actors)

    def tie_types(self) -> list[str]:
        """Distinct tie types (a combined tie's ``"funds; refers"`` counts as both)."""
        if "type" not in self.ties.columns:
            return []
        return sorted({t.strip() for value in self.ties["type"].dropna() for t in str(value).split(";") if t.strip()})

    def filter_ties(self, types: list[str] | None = None, min_weight: float | None = None) -> "StakeholderNetwork":
        """The same actors with only the ties of the given types and at least this strength.

        A tie with several types is kept when any of them is chosen; a tie without a type is
        kept only when no type filter is given. Every actor stays, so the map shows who
        would become isolated.
        """
        keep = pd.Series(True, index=self.ties.index)
        if types is not None and "type" in self.ties.columns:
            chosen = set(types)
            keep &= self.ties["type"].map(
                lambda v: isinstance(v, str) and any(t.strip() in chosen for t in v.split(";")))
        if min_weight is not None:
            keep &= self.ties["weight"] >= min_weight
        if keep.all():
            return self
        return StakeholderNetwork(self.actors, self.ties[keep].reset_index(drop=True), self.directed,
                                  self.affiliations, self.spaces, self.warnings)

    def to_csv(self, directory: str | Path) -> tuple[Path, Path]:
        """Write ``actors.csv`` and ``ties.csv`` (UTF-8) that read back to the same network."""
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        actors_path, ties_path = directory / "actors.csv", directory / "ties.csv"
        self.actors.to_csv(actors_path, index=False, encoding="utf-8")
        self.ties.to_csv(ties_path, index=False, encoding="utf-8")
        return actors_path, ties_path

    def to_excel(self, path: str | Path) -> Path:
        """Write one workbook with sheets ``actors`` and ``ties`` that reads back the same.

        Text cells are stored as text, so an id like ``007`` or a name beginning with ``=``
        stays as typed and is never evaluated as a formula.
        """
        # openpyxl loads only when a workbook is written
        from netmap.formats.excel import write_sheets

        sheets = {"actors": self.actors, "ties": self.ties}
        if self.affiliations is not None:
            sheets |= {"affiliations": self.affiliations, "spaces": self.spaces}
        return write_sheets(path, sheets)


def _build_graph(actors: pd.DataFrame, ties: pd.DataFrame, directed: bool) -> "nx.Graph":
    import networkx as nx

    graph = nx.DiGraph() if directed else nx.Graph()
    attr_cols = [c for c in actors.columns if c != "id"]
    for record in actors.itertuples(index=False, name=None):
        actor_id, values = record[0], record[1:]
        graph.add_node(actor_id, **{k: v for k, v in zip(attr_cols, values) if _present(v)})
    tie_cols = [c for c in ties.columns if c not in ("source", "target")]
    for record in ties.itertuples(index=False, name=None):
        graph.add_edge(record[0], record[1], **{k: v for k, v in zip(tie_cols, record[2:]) if _present(v)})
    return graph


def _present(value) -> bool:
    return value is not None and not (isinstance(value, float) and value != value)


def candidate_group_columns(actors: pd.DataFrame) -> dict[str, int]:
    """Attribute columns usable as groups: text with at least 2 distinct values, and at most
    100 and half as many as there are actors (known grouping names such as ``sector`` or
    ``ward`` only need some actors to share a value); or groups coded as whole numbers
    (``Group`` 1–4, ``grade`` 7–12, as R packages store them) with 2 to
    :data:`MAX_CODED_GROUPS` distinct values. Blank and NA-like cells are missing.

    Known grouping names come first, then text columns, then number-coded ones; free-text
    columns such as ``offers`` are never groups.
    """
    n = len(actors)
    found, coded = {}, set()
    for col in actors.columns:
        if col in ("id", "name") or col.lower() in TEXT_COLUMNS:
            continue
        values = actors[col].dropna()
        values = values[~values.astype(str).str.strip().str.lower().isin(MISSING_TEXT)]
        distinct = values.nunique()
        limit = n - 1 if col.lower() in GROUP_HINTS else max(2, n // 2)
        numbers = pd.to_numeric(values, errors="coerce")
        is_text = numbers.isna().any()
        whole = not is_text and bool(((numbers % 1) == 0).all())
        if 2 <= distinct <= min(100, limit) and is_text:
            found[col] = int(distinct)
        elif whole and 2 <= distinct <= min(MAX_CODED_GROUPS, limit):
            found[col] = int(distinct)
            coded.add(col)
    rank = {h: i for i, h in enumerate(GROUP_HINTS)}
    return dict(sorted(found.items(), key=lambda kv: (rank.get(kv[0].lower(), len(rank)), kv[0] in coded, kv[0])))


def load_network(
    ties: Source | None,
    actors: Source | None = None,
    *,
    directed: bool = False,
    tie_columns: dict[str, str] | None = None,
    actor_columns: dict[str, str] | None = None,
    affiliations: Source | None = None,
    spaces: Source | None = None,
    combine: str = "sum",
    skip_bad_rows: bool = False,
) -> tuple[StakeholderNetwork | None, ValidationReport]:
    """Read and validate a ties file (and optional actors file) or one workbook.

    ``ties`` may be a CSV/TSV file, an ``.xlsx`` workbook (a workbook with an actors sheet,
    ``actors``, ``Elements`` …, and a ties sheet, ``ties``, ``Connections`` …, supplies both),
    or a GEXF or GraphML file (nodes and edges with all their attributes).

    ``affiliations`` and ``spaces`` add the second mode (:mod:`netmap.validate.affiliations`); a
    workbook's ``affiliations``/``spaces`` sheets and a graph file's node ``mode`` attribute do
    the same. ``ties`` may be None when affiliations are given: the actor network is then
    their co-presence projection.

    ``combine`` says how the weights of a repeated tie combine: ``sum`` (the default: each
    row one more contact), ``max`` or ``mean`` (rows rating the same tie on a scale).
    ``skip_bad_rows`` sets aside rows with a problem of their own instead of stopping
    (:class:`~netmap.validate.ReadingRules`); ``report.set_aside_frame()`` holds them.

    Returns
    -------
    (network, report)
        ``network`` is None when the report holds errors. Nothing is dropped silently: every
        changed row is in the report.
    """
    report = ValidationReport(rules=ReadingRules(combine, skip_bad_rows))
    tables = read_inputs(ties, actors, affiliations, spaces, report)
    if not report.ok:
        return None, report
    if tables.directed is not None and tables.directed != directed:
        # the file says how its ties run: honour it, and say so
        report.add("warning", source_name(ties),
                   f"the file declares {'directed' if tables.directed else 'undirected'} ties; they are read "
                   f"as {'directed' if tables.directed else 'undirected'}, not as the option given "
                   f"({'--directed' if directed else 'undirected'})", action="direction")
        directed = tables.directed
    if tables.affiliations is None and tables.spaces is None and tables.nodes is None:
        if tables.ties is None:
            report.add("error", "input", "give a ties file, an affiliations file, or both")
            return None, report
        result = validate_tables(tables.ties, tables.actors, directed=directed, tie_columns=tie_columns,
                                 actor_columns=actor_columns, report=report)
        if not report.ok:
            return None, report
        return StakeholderNetwork(result.actors, result.ties, directed, warnings=tuple(report.warnings)), report
    return load_two_mode(tables, directed, report, tie_columns, actor_columns)


@dataclass
class InputTables:
    """Every table the input files hold, each file identified once and read once: a GEXF or
    GraphML file is parsed once (``nodes``: its nodes, both modes; ``directed``: what it
    declares), a workbook opened once for all its sheets."""

    ties: RawTable | None = None
    actors: RawTable | None = None
    affiliations: RawTable | None = None
    spaces: RawTable | None = None
    nodes: RawTable | None = None
    directed: bool | None = None


def read_inputs(ties: Source | None, actors: Source | None, affiliations: Source | None, spaces: Source | None,
                report: ValidationReport) -> InputTables:
    """Read the files :func:`load_network` is given (the one format dispatch). A file that
    cannot be read is an error in ``report``, and the others are still read, so that every
    problem is reported at once. A workbook given as ``ties`` also supplies the actors,
    affiliations and spaces sheets it holds, unless those files are given on their own."""
    found = InputTables()

    def attempt(read) -> None:
        try:
            read()
        except FileProblem as exc:
            report.add("error", exc.file, exc.message)

    def read_ties() -> None:
        if is_graph_file(ties):
            found.ties, found.nodes, found.directed = read_graph_tables(ties, read_bytes(ties))
            if actors is None:
                found.actors = found.nodes
        elif is_excel(ties):
            wanted = {"ties": TIE_SHEETS, "actors": ACTOR_SHEETS if actors is None else ()}
            if affiliations is None:
                wanted |= {"affiliations": AFFILIATION_SHEETS, "spaces": SPACE_SHEETS if spaces is None else ()}
            sheets = read_sheets(ties, wanted, required="ties")
            found.ties, found.actors = sheets["ties"], sheets["actors"]
            found.affiliations = sheets.get("affiliations")
            if found.affiliations is not None:  # a spaces sheet says nothing without who uses them
                found.spaces = sheets.get("spaces")
        else:
            found.ties = read_table(ties, TIE_SHEETS)

    def read_affiliations() -> None:
        if is_excel(affiliations):
            sheets = read_sheets(affiliations, {"affiliations": AFFILIATION_SHEETS,
                                                "spaces": SPACE_SHEETS if spaces is None else ()},
                                 required="affiliations")
            found.affiliations, found.spaces = sheets["affiliations"], sheets["spaces"] or found.spaces
        else:
            found.affiliations = read_table(affiliations, AFFILIATION_SHEETS)

    if ties is not None:
        attempt(read_ties)
    if actors is not None:
        attempt(lambda: setattr(found, "actors", read_table(actors, ACTOR_SHEETS)))
    if affiliations is not None:
        attempt(read_affiliations)
    if spaces is not None:
        attempt(lambda: setattr(found, "spaces", read_table(spaces, SPACE_SHEETS)))
    return found


def load_two_mode(tables: InputTables, directed: bool, report: ValidationReport, tie_columns=None,
                  actor_columns=None):
    """The body of :func:`load_network` when a second mode may be present: affiliations or
    spaces given, a workbook's sheets, or a graph file whose nodes may be of two modes.

    Returns ``(network or None, report)``.
    """
    ties_table, actors_table = tables.ties, tables.actors
    aff_table, space_table = tables.affiliations, tables.spaces
    if tables.nodes is not None:
        ties_table, graph_actors, aff_table, space_table = split_graph_modes(ties_table, tables.nodes)
        if actors_table is tables.nodes:
            actors_table = graph_actors
    if aff_table is None and space_table is not None:
        report.add("error", space_table.file, "a spaces table needs an affiliations table saying who uses each space")
        return None, report
    # no ties file, or a ties table with no rows beside affiliations (a two-mode GEXF/GraphML
    # file, a workbook of actors and affiliations): the actor network is who meets whom
    no_ties = ties_table is None or (aff_table is not None and not ties_table.rows)
    if no_ties:
        # the actors are checked on their own: there is no tie to check them against
        actor_frame = validate_actors(actors_table, actor_columns, report)
        result = None
    else:
        result = validate_tables(ties_table, actors_table, directed=directed, tie_columns=tie_columns,
                                 actor_columns=actor_columns, report=report)
        actor_frame = result.actors
    if not report.ok:
        return None, report
    if aff_table is None:
        return StakeholderNetwork(result.actors, result.ties, directed, warnings=tuple(report.warnings)), report
    two = validate_affiliations(aff_table, space_table, actor_frame, report=report, actors_table=actors_table,
                                ties_table=None if no_ties else ties_table,
                                warn_created_actors=not (no_ties and actors_table is None))
    if two is None:
        return None, report
    if not no_ties:
        ties = result.ties
    else:
        ties, skipped = copresence_ties(two.affiliations, two.spaces)
        ties = ties[["source", "target", "weight", "type", "spaces"]]
        message = (f"no ties file: the actor network is who meets whom at the spaces ({len(ties):,} 'meets at' "
                   f"ties, weighted 1/(users − 1) per shared space)")
        if skipped:
            message += (f"; spaces with more than {COPRESENCE_CAP} users make no ties: {', '.join(skipped[:5])}"
                        + (f" and {len(skipped) - 5} more" if len(skipped) > 5 else ""))
        report.add("warning", aff_table.file, message)
    return StakeholderNetwork(two.actors, ties, directed, two.affiliations, two.spaces, tuple(report.warnings)), report


def with_copresence(network, cap: int | None = COPRESENCE_CAP):
    """The same network with "meets at" ties added (:func:`copresence_ties`), so every other
    analysis can count co-presence as a tie. A pair already tied keeps its tie: "meets at" is
    added to its types and the co-presence weight to its strength (the rule for repeated ties).

    Returns ``(network, skipped)``: the new :class:`~netmap.network.StakeholderNetwork` and the
    names of the spaces too large to become ties.
    """
    if network.affiliations is None:
        return network, []
    extra, skipped = copresence_ties(network.affiliations, network.spaces, cap)
    ties = network.ties.copy()
    for col in ("type", "spaces"):
        if col not in ties.columns:
            ties[col] = pd.Series([None] * len(ties), dtype=object)
    key = {}
    for i, (s, t) in enumerate(zip(ties["source"], ties["target"])):
        key[(s, t)] = i
        if not network.directed:
            key[(t, s)] = i
    new_rows = []
    for row in extra.itertuples(index=False):
        i = key.get((row.source, row.target))
        if i is None and network.directed:
            i = key.get((row.target, row.source))
        if i is None:
            new_rows.append(row._asdict())
            continue
        ties.at[i, "weight"] = ties.at[i, "weight"] + row.weight
        old = ties.at[i, "type"]
        ties.at[i, "type"] = COPRESENCE_TYPE if not isinstance(old, str) or not old else f"{old}; {COPRESENCE_TYPE}"
        ties.at[i, "spaces"] = row.spaces
    if new_rows:
        ties = pd.concat([ties, pd.DataFrame(new_rows).astype(object).astype({"weight": float})], ignore_index=True)
    return StakeholderNetwork(network.actors, ties, network.directed, network.affiliations, network.spaces,
                              network.warnings), skipped


def read_network(ties: Source | None, actors: Source | None = None, *, directed: bool = False,
                 **options) -> StakeholderNetwork:
    """Like :func:`load_network` (same keyword options), but raise
    :class:`~netmap.errors.ValidationFailed` on errors."""
    network, report = load_network(ties, actors, directed=directed, **options)
    if network is None:
        raise ValidationFailed(report)
    return network
