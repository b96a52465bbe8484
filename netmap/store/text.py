"""Text that names things in the store: names people give, and text shown on a terminal.

A project or wave name is printed by every command and shown by the app, so it holds no
control character (ESC, BEL, NUL, a newline …), no Unicode line or paragraph separator and no
bidirectional override or isolate (which reorder what a terminal shows). Notes, summaries and
file names may hold them (a note may have several lines); :func:`printable` escapes them
wherever such text is printed.
"""
from __future__ import annotations

import re

from netmap.errors import InputError

__all__ = ["printable", "check_name", "strip_unsafe", "unsafe_characters", "NAME_CHARS"]

#: Longest project or wave name.
NAME_CHARS = 200

#: Characters that drive or reorder a terminal: C0 and C1 controls and DEL, the Unicode line and
#: paragraph separators, the bidirectional embeddings, overrides and isolates, and lone
#: surrogates (not text at all: printing one fails, and no database stores it).
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
_NAMES = {0x00: "NUL", 0x07: "BEL", 0x08: "BS", 0x09: "tab", 0x0A: "newline", 0x0D: "carriage return",
          0x1B: "ESC", 0x7F: "DEL"}
_ESCAPES = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def printable(text) -> str:
    """``text`` with every character of :data:`_UNSAFE` written as an escape (``\\x1b``,
    ``\\n``, ``\\u202e``), so that it prints on one line and cannot drive the terminal."""
    text = str(text)
    if not _UNSAFE.search(text):
        return text
    return _UNSAFE.sub(lambda m: _ESCAPES.get(m.group()) or
                       (f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}"), text)


def strip_unsafe(text: str) -> str:
    """``text`` without the characters :func:`printable` would escape."""
    return _UNSAFE.sub("", text)


def unsafe_characters(text: str) -> str:
    """The unsafe characters of ``text`` in words ("ESC, newline"), or "" when there are none."""
    found = sorted({ord(c) for c in _UNSAFE.findall(text)})
    return ", ".join(_NAMES.get(c, f"U+{c:04X}") for c in found)


def check_name(name, what: str) -> str:
    """A project or wave name, stripped; raise InputError when it is blank, too long, not
    text, or holds a character that :func:`printable` would have to escape."""
    if not isinstance(name, str):
        raise InputError(f"the {what} name must be text")
    name = name.strip()
    if not name:
        raise InputError(f"the {what} name is blank; give it a name such as '2025 baseline'")
    if len(name) > NAME_CHARS:
        raise InputError(f"the {what} name is longer than {NAME_CHARS} characters")
    bad = unsafe_characters(name)
    if bad:
        raise InputError(f"the {what} name '{printable(name)}' holds control characters ({bad}); names are shown on "
                         "screens and terminals, so give it one without them")
    return name
