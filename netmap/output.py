"""Write an Analysis to the files of the CLI contract (ARCHITECTURE.md)."""
from __future__ import annotations

import json
import math
from pathlib import Path

from .analysis import SUMMARY_KEYS, Analysis
from .errors import InputError
from .export import safe_frame
from .interchange import graph_for_export, write_gexf, write_graphml
from .privacy import Pseudonymiser
from .spaces_export import add_spaces_to_graph, space_tables, summary_keys

__all__ = ["write_analysis", "json_safe"]


def json_safe(value):
    """NaN and infinity become null (JSON has neither); numpy scalars become Python numbers."""
    if isinstance(value, dict):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [json_safe(v) for v in value]
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def _prepare(out: Path, result: Analysis, key: str | None):
    """Create ``out``; return the pseudonymiser (or None) and the function that applies it to a table."""
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"{out}: cannot create the output folder ({exc.strerror or exc})") from None
    pseudonymiser = Pseudonymiser(result.actors, key) if key else None
    return pseudonymiser, (pseudonymiser.frame if pseudonymiser else (lambda frame: frame))


def write_analysis(result: Analysis, out: Path, key: str | None = None) -> list[Path]:
    """Write the contract's files into ``out`` (numbers unrounded): ``actors.csv``,
    ``summary.json``, ``brokers.csv``, ``hidden_wealth.csv``, ``introductions.csv``,
    ``group_gaps.csv``, ``run.json`` (options, approximations, the model's AUC), and the
    network with every attribute and metric as ``network.gexf`` (Gephi) and
    ``network.graphml`` (yEd, igraph, R). With a ``key``, actors are pseudonymised in every
    file and the key table is written apart (see :func:`export_bundle`)."""
    pseudonymiser, p = _prepare(out, result, key)
    tables = {"actors.csv": result.actors, "brokers.csv": result.brokers, "hidden_wealth.csv": result.hidden_wealth,
              "introductions.csv": result.introductions, "group_gaps.csv": result.group_gaps}
    paths = []
    for name, table in tables.items():
        # text that a spreadsheet would run as a formula is written inert (OWASP CSV injection)
        safe_frame(p(table)).to_csv(out / name, index=False, encoding="utf-8")
        paths.append(out / name)
    for name, table in space_tables(result, pseudonymiser).items():  # already pseudonymised
        safe_frame(table).to_csv(out / name, index=False, encoding="utf-8")
        paths.append(out / name)
    graph = graph_for_export(p(result.actors), p(result.network.ties), result.network.directed)
    graph = add_spaces_to_graph(graph, result, pseudonymiser)
    paths += [write_gexf(graph, out / "network.gexf"), write_graphml(graph, out / "network.graphml")]
    summary = {key: result.summary[key] for key in SUMMARY_KEYS + summary_keys(result)}
    for name, content in (("summary.json", summary), ("run.json", result.run_info())):
        (out / name).write_text(json.dumps(json_safe(content), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        paths.append(out / name)
    if pseudonymiser:
        paths.append(_write_key(pseudonymiser, out))
    return paths


def _write_key(pseudonymiser: Pseudonymiser, out: Path) -> Path:
    path = out / "pseudonym-key.DO-NOT-SHARE.csv"
    pseudonymiser.key_table().to_csv(path, index=False, encoding="utf-8")
    return path


def export_bundle(result: Analysis, out: Path, report=None, key: str | None = None,
                  title: str = "Network briefing") -> list[Path]:
    """Everything to take to a meeting or to another tool, written into ``out``:
    ``briefing.html``, ``netmap.xlsx`` (every table), ``kumu.xlsx``, ``map.svg``,
    ``map.png``, ``network.gexf`` and ``network.graphml``.

    With a ``key``, every actor id and name in every file is replaced by a stable code
    (:mod:`netmap.privacy`); the key table is written to ``pseudonym-key.DO-NOT-SHARE.csv``
    for the user to keep apart from the export.
    """
    from .excel import write_sheets
    from .export import analysis_workbook, kumu_sheets
    from .render.static_map import map_png, map_svg
    from .report import briefing_html, briefing_picture

    pseudonymiser, p = _prepare(out, result, key)
    picture = briefing_picture(result, pseudonymiser)  # one layout for the briefing and the pictures
    paths = []
    (out / "briefing.html").write_text(briefing_html(result, title, pseudonymiser, picture=picture),
                                       encoding="utf-8")
    paths.append(out / "briefing.html")
    paths.append(write_sheets(out / "netmap.xlsx", analysis_workbook(result, report, pseudonymiser)))
    paths.append(write_sheets(out / "kumu.xlsx", kumu_sheets(result, pseudonymiser)))
    (out / "map.svg").write_text(map_svg(picture), encoding="utf-8")
    (out / "map.png").write_bytes(map_png(picture))
    paths += [out / "map.svg", out / "map.png"]
    graph = graph_for_export(p(result.actors), p(result.network.ties), result.network.directed)
    graph = add_spaces_to_graph(graph, result, pseudonymiser)
    paths += [write_gexf(graph, out / "network.gexf"), write_graphml(graph, out / "network.graphml")]
    if pseudonymiser:
        paths.append(_write_key(pseudonymiser, out))
    return paths
