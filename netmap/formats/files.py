"""Writing a file so that a failure loses nothing.

Every file netmap writes goes through :func:`atomic`: the content is written to a partial file
beside the target and moved over it in one step (``os.replace``), so a full disk, a killed
process or an unwritable folder leaves either the earlier file or the new one, never a
truncated briefing; and an ``OSError`` becomes one :class:`~netmap.errors.InputError` line
naming the file, never a traceback.
"""
from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pandas as pd

from netmap.errors import InputError
from netmap.formats.cells import safe_frame

__all__ = ["atomic", "write_text", "write_bytes", "write_csv", "is_partial", "PARTIAL"]

#: Names of partial files left by a process killed while writing (removed with ``--force``).
PARTIAL = re.compile(r"^\..+\.partial(\.[A-Za-z0-9]+)?$")


def is_partial(name: str) -> bool:
    """Whether ``name`` is a partial file :func:`atomic` writes on the way."""
    return bool(PARTIAL.match(name))


@contextmanager
def atomic(path: str | Path) -> Iterator[Path]:
    """Yield the partial path to write ``path``'s content to; on leaving without an error it
    replaces ``path`` in one step. The partial file keeps the suffix, so writers that choose a
    format by it (openpyxl, networkx) work unchanged.

    Raises
    ------
    InputError
        When the folder cannot be written to, the disk is full, or the target is a folder;
        the message names ``path``. Nothing is left behind but the earlier file, if any.
    """
    path = Path(path)
    partial = path.with_name(f".{path.stem}.partial{path.suffix}")
    try:
        if path.is_dir():
            raise IsADirectoryError(21, "is a folder, not a file", str(path))
        yield partial
        os.replace(partial, path)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise InputError(f"{path}: cannot write ({exc.strerror or exc})") from None
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def write_text(path: str | Path, text: str) -> Path:
    """``text`` into ``path`` as UTF-8, atomically."""
    with atomic(path) as partial:
        partial.write_text(text, encoding="utf-8")
    return Path(path)


def write_bytes(path: str | Path, data: bytes) -> Path:
    """``data`` into ``path``, atomically."""
    with atomic(path) as partial:
        partial.write_bytes(data)
    return Path(path)


def write_csv(path: str | Path, frame: pd.DataFrame) -> Path:
    """``frame`` as UTF-8 CSV, formula-safe (:func:`~netmap.formats.cells.safe_frame`), atomically."""
    with atomic(path) as partial:
        safe_frame(frame).to_csv(partial, index=False, encoding="utf-8")
    return Path(path)
