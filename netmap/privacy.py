"""Pseudonymised exports: stakeholder maps of residents are personal data."""
from __future__ import annotations

import hashlib
import hmac
import re
import secrets

import pandas as pd

__all__ = ["new_key", "pseudonym", "Pseudonymiser"]


def new_key() -> str:
    """A random key (salt) for pseudonyms; only the user keeps it."""
    return secrets.token_hex(16)


def pseudonym(actor_id: str, key: str) -> str:
    """Stable code for an actor: ``A-`` and 10 hex digits of HMAC-SHA256(key, id).

    The same key gives the same code in every export, so files can be joined; without the
    key the code cannot be turned back into the id (nor checked against a guessed name).
    """
    digest = hmac.new(key.encode("utf-8"), str(actor_id).encode("utf-8"), hashlib.sha256).hexdigest()
    return f"A-{digest[:10].upper()}"


class Pseudonymiser:
    """Replaces actor ids and names in every table of an export with their codes."""

    def __init__(self, actors: pd.DataFrame, key: str):
        self.key = key
        self.codes = {str(a): pseudonym(a, key) for a in actors["id"]}
        self.names = {str(a): str(n) for a, n in zip(actors["id"], actors["name"], strict=True)}
        self._to_code = dict(self.codes)
        self._to_code.update({self.names[a]: self.codes[a] for a in self.codes})
        # names inside sentences: whole words only, longest first, never bare numbers
        names = sorted((n for n in self.names.values() if len(n) >= 3 and not n.isdigit()), key=len, reverse=True)
        self._pattern = re.compile("|".join(rf"(?<!\w){re.escape(n)}(?!\w)" for n in names)) if names else None
        self._by_name = {self.names[a]: self.codes[a] for a in self.codes}

    def key_table(self) -> pd.DataFrame:
        """code → original id and name: the file the user keeps apart from the export."""
        return pd.DataFrame({"code": list(self.codes.values()), "id": list(self.codes),
                             "name": [self.names[a] for a in self.codes]})

    def replace_text(self, text: str) -> str:
        """Every actor name inside a sentence replaced by its code (whole words, longest first)."""
        if self._pattern is None:
            return text
        return self._pattern.sub(lambda m: self._by_name[m.group(0)], text)

    def frame(self, table: pd.DataFrame) -> pd.DataFrame:
        """A copy with ids, names and sentences mentioning them pseudonymised."""
        out = table.copy()
        for column in out.columns:
            if column in ("id", "source", "target", "id_a", "id_b", "name", "name_a", "name_b"):
                out[column] = out[column].map(lambda v: self._to_code.get(str(v), v) if isinstance(v, str) else v)
            elif out[column].dtype == object or pd.api.types.is_string_dtype(out[column]):
                out[column] = out[column].map(lambda v: self.replace_text(v) if isinstance(v, str) else v)
        return out
