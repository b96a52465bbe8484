"""Write an Analysis to the files of the CLI contract (ARCHITECTURE.md)."""
from __future__ import annotations

import json
from pathlib import Path

from netmap.analysis import SUMMARY_KEYS, Analysis
from netmap.errors import InputError
from netmap.formats.cells import json_safe
from netmap.formats.files import atomic, is_partial, write_bytes, write_csv, write_text
from netmap.formats.graphs import graph_for_export, write_gexf, write_graphml
from netmap.formats.spreadsheets import Source
from netmap.glossary import for_files
from netmap.intake.reconcile import ALIAS_COLUMNS, REVIEW_COLUMNS
from netmap.intake.survey import SurveyResult
from netmap.metrics.spare_core import beside, worth_a_process
from netmap.outputs.sheets import add_spaces_to_graph, space_tables, summary_keys
from netmap.privacy import Pseudonymiser

__all__ = ["write_analysis", "export_bundle", "summary_and_run", "json_safe", "prepare_out", "remove_earlier",
           "write_key_table", "OUTPUT_FILES", "FORMATS", "DEFAULT_FORMATS"]

#: What ``analyse`` can write: ``csv`` = the contract's tables with summary.json and run.json
#: (always written); ``gexf`` and ``graphml`` = the whole network for Gephi, yEd, igraph, R.
FORMATS = ("csv", "gexf", "graphml")
#: Written unless asked otherwise: the network files took longer than the analysis itself
#: (1.7 s at 2,000 actors through networkx's writers), so they are written on request.
DEFAULT_FORMATS = ("csv",)


#: Every file netmap writes into an output folder (``--force`` removes these, and only these).
ANALYSE_FILES = ("actors.csv", "summary.json", "brokers.csv", "hidden_wealth.csv", "introductions.csv",
                 "group_gaps.csv", "run.json", "network.gexf", "network.graphml", "spaces.csv",
                 "space_suggestions.csv", "affiliations.csv", "set_aside.csv", "circles.csv")
REPORT_FILES = ("briefing.html", "netmap.xlsx", "kumu.xlsx", "map.svg", "map.png", "network.gexf", "network.graphml",
                "run.json", "set_aside.csv")
COMPARE_FILES = ("actor_changes.csv", "tie_changes.csv", "introductions_followed.csv", "changes.json", "briefing.html")
SURVEY_FILES = ("actors.csv", "ties.csv", "aliases.csv", "review.csv", "survey_report.json")
#: Written by netmap before 0.x into the output folder itself; removed with ``--force`` too.
OLD_KEY_FILE = "pseudonym-key.DO-NOT-SHARE.csv"
OUTPUT_FILES = frozenset(ANALYSE_FILES + REPORT_FILES + COMPARE_FILES + SURVEY_FILES + (OLD_KEY_FILE,))


def _ours(name: str) -> bool:
    """A file netmap writes into an output folder, or a partial one left by a killed run."""
    return name in OUTPUT_FILES or is_partial(name)


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve() or (a.exists() and b.exists() and a.samefile(b))
    except OSError:
        return False


def _inside(path: Path, folder: Path) -> bool:
    path, folder = path.resolve(), folder.resolve()
    return path == folder or folder in path.parents


def prepare_out(out: Path, names, inputs=(), force: bool = False, private: bool = False,
                key_out: Path | None = None) -> list[Path]:
    """Check and make the output folder before anything is computed or written.

    Refuses (:class:`~netmap.errors.InputError`): an output file that is one of the
    ``inputs``; a ``key_out`` inside ``out`` (the key table must stay out of the folder
    being shared) or equal to an input; an ``out`` that is a file or cannot be created; a
    non-empty ``out`` unless ``force``; with ``private``, a folder that holds files netmap did
    not write (pseudonymised files go into a folder of their own).

    Returns netmap's own earlier outputs in ``out`` (:data:`OUTPUT_FILES`; none without
    ``force``). Pass them to :func:`remove_earlier` once the analysis has succeeded and
    before writing: all of them go, so that no file with names is left beside pseudonymised
    ones, and a run that stops with an error (a misspelt ``--group-by``) leaves the earlier
    results as they were.
    """
    out = Path(out)
    inputs = [Path(i) for i in inputs if i]
    for name in sorted(OUTPUT_FILES):
        for source in inputs:
            if _same(out / name, source):
                raise InputError(f"--out {out} would write {name} over your input file {source}; netmap never "
                                 "overwrites its input. Choose another --out folder")
    if key_out is not None:
        key_out = Path(key_out)
        if _inside(key_out, out):
            raise InputError(f"--key-out {key_out} is inside the output folder {out}; the key table turns codes "
                             "back into names and must be kept apart from the files you share")
        if any(_same(key_out, source) for source in inputs):
            raise InputError(f"--key-out {key_out} is your input file; netmap never overwrites its input")
        if key_out.is_dir():
            raise InputError(f"--key-out {key_out} is a folder; give the name of the file to write")
        if key_out.exists() and not force:
            raise InputError(f"--key-out {key_out} already exists; give another file name, or --force to replace it")
    if out.exists() and not out.is_dir():
        raise InputError(f"{out}: is a file, not a folder; give --out a folder")
    earlier = []
    if out.is_dir():
        present = sorted(p.name for p in out.iterdir())
        if present and not force:
            shown = ", ".join(present[:5]) + (f" and {len(present) - 5} more" if len(present) > 5 else "")
            raise InputError(f"{out}: the output folder is not empty ({shown}); choose an empty or new folder, "
                             "or add --force to replace netmap's own files in it")
        for name in present:
            path = out / name
            if _ours(name):
                if path.is_dir() and not path.is_symlink():
                    raise InputError(f"{path}: is a folder, where netmap writes a file; move it or choose another "
                                     "--out folder")
                earlier.append(path)
        others = [name for name in present if not _ours(name)]
        if private and others:
            raise InputError(f"{out}: holds files netmap did not write ({', '.join(others[:5])}); pseudonymised "
                             "files go into a folder of their own: move them or choose an empty folder")
    for name in names:
        if (out / name).is_dir():
            raise InputError(f"{out / name}: is a folder, where netmap writes a file; move it or choose another "
                             "--out folder")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"{out}: cannot create the output folder ({exc.strerror or exc})") from None
    probe = out / ".netmap-write-test"
    try:
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as exc:
        raise InputError(f"{out}: cannot write into the output folder ({exc.strerror or exc})") from None
    return earlier


def remove_earlier(paths: list[Path]) -> None:
    """Remove the earlier outputs :func:`prepare_out` found (``--force``), just before writing."""
    for path in paths:
        try:
            path.unlink(missing_ok=True)
        except OSError as exc:
            raise InputError(f"{path}: cannot remove the earlier output ({exc.strerror or exc})") from None


def _prepare(out: Path, result: Analysis, key: str | None, keep=()):
    """Create ``out``; return the pseudonymiser (or None) and the function that applies it to a table."""
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"{out}: cannot create the output folder ({exc.strerror or exc})") from None
    pseudonymiser = Pseudonymiser.for_analysis(result, key, keep) if key else None
    return pseudonymiser, (pseudonymiser.frame if pseudonymiser else (lambda frame: frame))


def write_analysis(result: Analysis, out: Path, key: str | None = None, keep=(),
                   key_out: Path | None = None, formats=DEFAULT_FORMATS) -> list[Path]:
    """Write the contract's files into ``out`` (numbers unrounded): ``actors.csv``,
    ``summary.json``, ``brokers.csv``, ``hidden_wealth.csv``, ``introductions.csv``,
    ``group_gaps.csv``, ``run.json`` (options, approximations, the model's AUC), and, when
    ``formats`` names them, the network with every attribute and metric as ``network.gexf``
    (Gephi) and ``network.graphml`` (yEd, igraph, R). With a ``key``, actors are pseudonymised in every
    file, free-text and contact columns are left out unless named in ``keep``, and the key
    table is written to ``key_out`` only (never into ``out``; see :func:`prepare_out`)."""
    pseudonymiser, p = _prepare(out, result, key, keep)
    tables = {"actors.csv": result.actors, "brokers.csv": result.brokers, "hidden_wealth.csv": result.hidden_wealth,
              "introductions.csv": result.introductions, "group_gaps.csv": result.group_gaps}
    if result.circles is not None:
        tables["circles.csv"] = result.circles.table
    # text that a spreadsheet would run as a formula is written inert (OWASP CSV injection); the
    # largest table is written on the second core meanwhile (a register's actors.csv: 10 s)
    largest = max(tables, key=lambda name: len(tables[name]))
    aside = beside(write_csv, out / largest, p(for_files(tables[largest])),
                   fork=worth_a_process(len(tables[largest])))
    written = {name: write_csv(out / name, p(for_files(table))) for name, table in tables.items() if name != largest}
    # the spaces' tables are already pseudonymised
    spaces = [write_csv(out / name, table) for name, table in space_tables(result, pseudonymiser).items()]
    written[largest] = aside.result()
    paths = [written[name] for name in tables] + spaces
    if "gexf" in formats or "graphml" in formats:
        paths += _write_graphs(result, out, pseudonymiser, p, formats)
    summary, run = summary_and_run(result, pseudonymiser)
    paths += [_write_json(out / "summary.json", summary), _write_json(out / "run.json", run)]
    if pseudonymiser and key_out is not None:
        write_key_table(pseudonymiser, key_out)
    return paths


def _write_graphs(result: Analysis, out: Path, pseudonymiser, p, formats) -> list[Path]:
    """``network.gexf`` and/or ``network.graphml`` (as ``formats`` names them): both modes,
    every attribute and metric, pseudonymised like the tables (``p``, from :func:`_prepare`)."""
    graph = graph_for_export(p(result.actors), p(result.network.ties), result.network.directed)
    graph = add_spaces_to_graph(graph, result, pseudonymiser)
    paths = []
    for name, writer in (("gexf", write_gexf), ("graphml", write_graphml)):
        if name in formats:
            with atomic(out / f"network.{name}") as partial:
                writer(graph, partial)
            paths.append(out / f"network.{name}")
    return paths


def _write_json(path: Path, content: dict) -> Path:
    return write_text(path, json.dumps(json_safe(content), indent=2, ensure_ascii=False) + "\n")


def write_key_table(pseudonymiser: Pseudonymiser, path: Path) -> Path:
    """The key table (code, id, name), written where the user said: apart from the export."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"{path.parent}: cannot create the folder ({exc.strerror or exc})") from None
    with atomic(path) as partial:
        pseudonymiser.key_table().to_csv(partial, index=False, encoding="utf-8")
    return path


def summary_and_run(result: Analysis, pseudonymiser=None) -> tuple[dict, dict]:
    """The contents of ``summary.json`` and ``run.json``, with codes for names when pseudonymised
    (group names may be ids; the reading warnings and notes quote ids and names, as in "tie
    jane.smith – p002 appears 2 times")."""
    summary = {key: result.summary[key] for key in SUMMARY_KEYS + summary_keys(result)}
    run = result.run_info()
    if pseudonymiser:
        summary["ei_by_group"] = {pseudonymiser.replace_text(str(k)): v for k, v in summary["ei_by_group"].items()}
        run["reading_warnings"] = [pseudonymiser.replace_message(t) for t in run.get("reading_warnings", [])]
        # the one-line summary quotes warnings too (look-alike ids: "actor ids 'K' … 'k' look alike")
        if isinstance(run.get("reading"), str):
            run["reading"] = pseudonymiser.replace_message(run["reading"])
        run["notes"] = [pseudonymiser.replace_text(t) for t in run.get("notes", [])]
    return summary, run


def export_bundle(result: Analysis, out: Path, report=None, key: str | None = None,
                  title: str = "Network briefing", keep=(), key_out: Path | None = None,
                  locality: str = "", view: dict | None = None) -> list[Path]:
    """Everything to take to a meeting or to another tool, written into ``out``:
    ``briefing.html``, ``netmap.xlsx`` (every table), ``kumu.xlsx``, ``map.svg``,
    ``map.png``, ``network.gexf``, ``network.graphml`` and ``run.json`` (the options and
    approximations, for reproducing the numbers, as ``analyse`` writes it).

    With a ``key``, every actor id and name in every file is replaced by a stable code
    (:mod:`netmap.privacy`), free-text and contact columns are left out unless named in
    ``keep``, and the key table is written to ``key_out`` only, never into ``out``.
    ``title`` and ``locality`` make the briefing's heading ("Network briefing: Millbrook").
    ``view`` (the app's colours, sizes and focus on screen) is what ``map.svg`` and ``map.png``
    show; the briefing's map always shows the whole locality.
    """
    # the briefing, pictures and workbooks load only for `report` and downloads: `analyse` stays fast
    from netmap.formats.excel import write_sheets
    from netmap.outputs.briefing import briefing_html, briefing_picture
    from netmap.outputs.sheets import analysis_workbook, kumu_sheets
    from netmap.render.layout import layout_positions
    from netmap.render.static_map import map_png, map_svg

    pseudonymiser, p = _prepare(out, result, key, keep)
    # one seeded layout for the briefing and the pictures
    positions = layout_positions(result.network.graph, result.options.seed)
    picture = briefing_picture(result, pseudonymiser, positions=positions)
    shown = briefing_picture(result, pseudonymiser, view, positions) if view else picture
    page = briefing_html(result, title, pseudonymiser, picture=picture, locality=locality)
    paths = [write_text(out / "briefing.html", page)]
    for name, sheets in (("netmap.xlsx", analysis_workbook(result, report, pseudonymiser)),
                         ("kumu.xlsx", kumu_sheets(result, pseudonymiser))):
        with atomic(out / name) as partial:
            write_sheets(partial, sheets)
        paths.append(out / name)
    paths += [write_text(out / "map.svg", map_svg(shown)), write_bytes(out / "map.png", map_png(shown))]
    paths += _write_graphs(result, out, pseudonymiser, p, ("gexf", "graphml"))
    paths.append(_write_json(out / "run.json", summary_and_run(result, pseudonymiser)[1]))
    if pseudonymiser and key_out is not None:
        write_key_table(pseudonymiser, key_out)
    return paths


def write_survey(result: SurveyResult, out: Path, inputs: list[Source] = (), force: bool = False,
                 key: str | None = None, keep=()) -> list[Path]:
    """Write ``actors.csv``, ``ties.csv``, ``aliases.csv``, ``review.csv`` and
    ``survey_report.json`` into ``out``, with the guards of every output folder
    (:func:`prepare_out`): never over an input, a non-empty folder only with ``force`` (an
    ``aliases.csv`` edited by hand is not lost), each file written atomically.

    With a ``key``, pseudonymised (:meth:`~netmap.privacy.Pseudonymiser.for_survey`): every
    actor's id and name is its code, the names respondents typed are left out (and replaced by
    the actor's code where the report quotes them), free text is left out unless named in
    ``keep``. Such files are for sharing, not for ``analyse``: that needs the names."""
    inputs = [s for s in inputs if not isinstance(s, tuple)]
    earlier = prepare_out(out, SURVEY_FILES, inputs=inputs, force=force, private=bool(key))
    remove_earlier(earlier)
    tables = {"actors.csv": result.actors, "ties.csv": result.ties, "aliases.csv": result.aliases[ALIAS_COLUMNS],
              "review.csv": result.review[REVIEW_COLUMNS]}
    report = result.report
    if key:
        pseudonymiser = Pseudonymiser.for_survey(result, key, keep)
        tables = {name: pseudonymiser.frame(table) for name, table in tables.items()}
        report = pseudonymiser.survey_report(report)
    paths = [write_csv(out / name, table) for name, table in tables.items()]
    paths.append(_write_json(out / "survey_report.json", report))
    return paths
