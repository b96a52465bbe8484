"""Exports that are safe to open in a spreadsheet program."""
from __future__ import annotations

import pandas as pd

__all__ = ["FORMULA_PREFIXES", "inert", "safe_frame", "csv_bytes"]

#: Cell starts that Excel, LibreOffice and Google Sheets may run as a formula (OWASP, CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def inert(value):
    """Text that a spreadsheet shows as text: a leading formula character gets a ``'`` before it."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text cells (and column names) cannot run as formulas; numbers are untouched."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
            out[column] = out[column].map(inert)
    out.columns = [inert(str(c)) for c in out.columns]
    return out


def csv_bytes(frame: pd.DataFrame) -> bytes:
    """UTF-8 CSV with a byte-order mark (so Excel reads accents right), formula-safe."""
    return safe_frame(frame).to_csv(index=False).encode("utf-8-sig")


def analysis_workbook(result, report=None, pseudonymiser=None) -> dict[str, pd.DataFrame]:
    """The sheets of the Excel export: every table of the analysis, the summary and the
    validation warnings (``write_sheets`` stores numbers as numbers and text as text)."""
    from .output import json_safe
    from .spaces_export import space_tables

    p = pseudonymiser.frame if pseudonymiser else (lambda f: f)
    summary = pd.DataFrame({"measure": list(result.summary),
                            "value": [str(json_safe(v)) if isinstance(v, dict) else v
                                      for v in result.summary.values()]})
    communities = result.actors.groupby("community")["id"].count().rename("actors").reset_index()
    validation = report.to_frame() if report is not None else pd.DataFrame(columns=["level", "message"])
    return {
        "actors": p(result.actors), "ties": p(result.network.ties), "brokers": p(result.brokers),
        "hidden_wealth": p(result.hidden_wealth), "introductions": p(result.introductions),
        "group_gaps": result.group_gaps, "communities": communities, "summary": summary,
        "validation": p(validation),
    } | {name.removesuffix(".csv"): table for name, table in space_tables(result, pseudonymiser).items()}


def kumu_sheets(result, pseudonymiser=None) -> dict[str, pd.DataFrame]:
    """Kumu's import format: ``Elements`` (Label first, unique) and ``Connections``
    (From, To, Type, Direction, Strength), with every attribute and metric as fields."""
    from .spaces_export import add_spaces_to_kumu

    actors = pseudonymiser.frame(result.actors) if pseudonymiser else result.actors
    ties = pseudonymiser.frame(result.network.ties) if pseudonymiser else result.network.ties
    names = actors["name"].astype(str)
    repeated = names.duplicated(keep=False)
    labels = names.where(~repeated, names + " (" + actors["id"].astype(str) + ")")
    label_of = dict(zip(actors["id"], labels, strict=True))
    # Kumu identifies elements by Label; netmap's id travels along as a field
    elements = actors.drop(columns=["name"]).rename(columns={"id": "netmap_id"})
    elements.insert(0, "Label", labels)
    connections = pd.DataFrame({
        "From": ties["source"].map(label_of), "To": ties["target"].map(label_of),
        "Type": ties["type"] if "type" in ties.columns else "",
        "Direction": "directed" if result.network.directed else "undirected",
        "Strength": ties["weight"],
    })
    extra = [c for c in ties.columns if c not in ("source", "target", "type", "weight")]
    for column in extra:
        connections[column] = ties[column]
    return add_spaces_to_kumu({"Elements": elements, "Connections": connections}, result, pseudonymiser)
