"""Write an Analysis to the files of the CLI contract (ARCHITECTURE.md)."""
from __future__ import annotations

import json
import math
from pathlib import Path

from .analysis import SUMMARY_KEYS, Analysis
from .errors import InputError

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
    """Write ``actors.csv``, ``summary.json`` and ``run.json`` (numbers unrounded) into ``out``."""
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"{out}: cannot create the output folder ({exc.strerror or exc})") from None
    paths = [out / "actors.csv", out / "summary.json", out / "run.json"]
    result.actors.to_csv(paths[0], index=False, encoding="utf-8")
    summary = {key: result.summary[key] for key in SUMMARY_KEYS}
    paths[1].write_text(json.dumps(json_safe(summary), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    paths[2].write_text(json.dumps(json_safe(result.run_info()), indent=2, ensure_ascii=False) + "\n",
                        encoding="utf-8")
    return paths
