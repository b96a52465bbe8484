"""Write an Analysis to the files of the CLI contract (ARCHITECTURE.md)."""
from __future__ import annotations

import json
import math
from pathlib import Path

from .analysis import SUMMARY_KEYS, Analysis
from .errors import InputError
from .export import safe_frame
from .interchange import graph_for_export, write_gexf, write_graphml

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


def write_analysis(result: Analysis, out: Path) -> list[Path]:
    """Write the contract's files into ``out`` (numbers unrounded): ``actors.csv``,
    ``summary.json``, ``brokers.csv``, ``hidden_wealth.csv``, ``introductions.csv``,
    ``group_gaps.csv``, ``run.json`` (options, approximations, the model's AUC), and the
    network with every attribute and metric as ``network.gexf`` (Gephi) and
    ``network.graphml`` (yEd, igraph, R)."""
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"{out}: cannot create the output folder ({exc.strerror or exc})") from None
    tables = {"actors.csv": result.actors, "brokers.csv": result.brokers, "hidden_wealth.csv": result.hidden_wealth,
              "introductions.csv": result.introductions, "group_gaps.csv": result.group_gaps}
    paths = []
    for name, table in tables.items():
        # text that a spreadsheet would run as a formula is written inert (OWASP CSV injection)
        safe_frame(table).to_csv(out / name, index=False, encoding="utf-8")
        paths.append(out / name)
    graph = graph_for_export(result.actors, result.network.ties, result.network.directed)
    paths += [write_gexf(graph, out / "network.gexf"), write_graphml(graph, out / "network.graphml")]
    summary = {key: result.summary[key] for key in SUMMARY_KEYS}
    for name, content in (("summary.json", summary), ("run.json", result.run_info())):
        (out / name).write_text(json.dumps(json_safe(content), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        paths.append(out / name)
    return paths
