"""A project dump read as untrusted input: every path kept inside the dump's folder, every
file read within a size limit, every JSON field of its exact type (``"directed": "false"`` is
refused, not read as true). Each problem is one line naming the file and the field.

Used by :mod:`netmap.store.dump`; kept apart so that the dump's own module holds what a
dump is, and this one how any of its parts is read safely.
"""
from __future__ import annotations

import datetime as dt
import functools
import json
import os
import re
import stat
from pathlib import Path

from netmap.errors import InputError
from netmap.store.text import NAME_CHARS, check_name, printable, unsafe_characters

__all__ = [
    "SURROGATE",
    "describe",
    "get",
    "locate",
    "long_text",
    "named",
    "open_regular",
    "parse_json",
    "read_bounded",
    "short",
    "table_name",
    "timestamp",
]

#: Lone surrogates: not text, whatever JSON allows.
SURROGATE = re.compile("[\ud800-\udfff]")
_MISSING = object()


# --------------------------------------------------------------------------- paths and bytes
def locate(base: Path, relative: str, where: str, limit: int, key: str) -> Path:
    """The file ``relative`` names inside the dump folder ``base`` (resolved), or InputError:
    outside the folder (an absolute path, ``..``, a link leading out), missing, not a regular
    file, or larger than ``limit`` bytes."""
    shown = printable(relative)
    if not relative or "\x00" in relative or Path(relative).is_absolute() or relative.startswith(("/", "\\")):
        raise InputError(f"{where}: \"{key}\" '{shown}' is not a path inside the dump folder")
    try:
        real = (base / relative).resolve(strict=True)
    except (OSError, RuntimeError):  # missing, a dangling link, or a loop of links
        try:
            outside = not (base / relative).resolve().is_relative_to(base)
        except (OSError, RuntimeError):
            outside = False
        if outside:
            raise InputError(f"{where}: \"{key}\" '{shown}' leads outside the dump folder; a dump only reads its "
                             "own files") from None
        raise InputError(f"{where}: '{shown}' is missing from the dump") from None
    if not real.is_relative_to(base):
        raise InputError(f"{where}: \"{key}\" '{shown}' leads outside the dump folder (to {printable(real)}); "
                         "a dump only reads its own files")
    info = real.stat()
    if not stat.S_ISREG(info.st_mode):
        raise InputError(f"{where}: '{shown}' is not a regular file")
    if info.st_size > limit:
        raise InputError(f"{where}: '{shown}' is {info.st_size / 2**20:,.1f} MiB; netmap reads at most "
                         f"{limit / 2**20:,.0f} MiB there")
    return real


def open_regular(path: Path, where: str):
    """``path`` opened for reading bytes, refusing a link or anything but a regular file (it
    may have been swapped since :func:`_locate` looked)."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        handle = os.fdopen(os.open(path, flags), "rb")
    except OSError as exc:
        raise InputError(f"{where}: {printable(path)} cannot be read ({exc.strerror or exc})") from None
    if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
        handle.close()
        raise InputError(f"{where}: {printable(path)} is not a regular file")
    return handle


def read_bounded(path: Path, where: str, limit: int) -> bytes:
    with open_regular(path, where) as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise InputError(f"{where}: {printable(path)} is larger than {limit / 2**20:,.0f} MiB")
    return data


def parse_json(data: bytes, where: str):
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{where}: is not UTF-8 text (byte {exc.start})") from None
    try:
        return json.loads(text, parse_constant=_no_constant)
    except RecursionError:
        raise InputError(f"{where}: is nested too deeply to be part of a netmap dump") from None
    except ValueError as exc:
        raise InputError(f"{where}: is not valid JSON ({printable(exc)})") from None


def _no_constant(name: str):
    raise ValueError(f"{name} is not a number netmap stores")


# --------------------------------------------------------------------------- fields
_KINDS = {"text": str, "whole number": int, "true or false": bool, "object": dict, "list": list}
_SHOWN_KIND = {"text": "text", "whole number": "a whole number", "true or false": "true or false (a JSON boolean)",
               "object": "an object", "list": "a list"}


def get(obj: dict, key: str, kind: str, where: str, optional: bool = False):
    """``obj[key]`` if it has the JSON type ``kind`` exactly (``true`` is not a number, the text
    ``"false"`` is not a boolean); None when ``optional`` and missing or null."""
    value = obj.get(key, _MISSING)
    if optional and (value is _MISSING or value is None):
        return None
    if value is _MISSING:
        raise InputError(f"{where}: \"{key}\" is missing")
    if type(value) is not _KINDS[kind]:
        raise InputError(f"{where}: \"{key}\" must be {_SHOWN_KIND[kind]}{' or null' if optional else ''}, "
                         f"not {describe(value)}")
    return value


def describe(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return f"the number {str(value)[:30]}"
    if isinstance(value, str):
        return f"the text \"{printable(value[:40])}{'…' if len(value) > 40 else ''}\""
    return "a list" if isinstance(value, list) else "an object"


def named(value: str, what: str, where: str) -> str:
    try:
        return check_name(value, what)
    except InputError as exc:
        raise InputError(f"{where}: {exc}") from None


def short(obj: dict, key: str, where: str) -> str:
    """A short text field (who, a role, a kind): no control characters, at most 200 characters."""
    value = get(obj, key, "text", where)
    if not value.strip() or len(value) > NAME_CHARS or unsafe_characters(value):
        raise InputError(f"{where}: \"{key}\" must be text of 1 to {NAME_CHARS} characters without control "
                         f"characters, not {describe(value)}")
    return value


def long_text(obj: dict, key: str, where: str, limit: int, optional: bool = False) -> str | None:
    """A free text field (a note, a summary, a file name): printed escaped, so any character
    but NUL (no database keeps it) and lone surrogates (not text)."""
    value = get(obj, key, "text", where, optional)
    if value is None:
        return None
    if len(value) > limit:
        raise InputError(f"{where}: \"{key}\" holds {len(value):,} characters; at most {limit:,}")
    if "\x00" in value or SURROGATE.search(value):
        raise InputError(f"{where}: \"{key}\" holds NUL or a lone surrogate, which are not text netmap keeps")
    return value


def timestamp(obj: dict, key: str, where: str) -> str:
    value = get(obj, key, "text", where)
    try:
        dt.datetime.fromisoformat(value)
    except ValueError:
        raise InputError(f"{where}: \"{key}\" {describe(value)} is not a time written as ISO 8601 "
                         "(e.g. 2025-03-01T10:00:00Z)") from None
    return value


@functools.lru_cache(maxsize=64)  # every change names its table: a wave has a handful
def _good_table_name(name: str) -> bool:
    return bool(name.strip()) and len(name) <= NAME_CHARS and not unsafe_characters(name)


def table_name(name: str, where: str) -> None:
    if not _good_table_name(name):
        raise InputError(f"{where}: a table's name must be text of 1 to {NAME_CHARS} characters without control "
                         "characters")
