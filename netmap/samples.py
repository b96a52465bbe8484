"""Where the bundled sample localities and templates are, in a checkout or an installed package."""
from __future__ import annotations

from pathlib import Path

__all__ = ["samples_dir"]

_CHECKOUT = Path(__file__).resolve().parent.parent / "sample_networks"
_INSTALLED = Path(__file__).resolve().parent / "_samples"


def samples_dir() -> Path:
    """The folder holding ``millbrook/``, ``florentine/``, ``templates/`` …

    In a source checkout that is the repository's ``sample_networks``; an installed wheel
    carries the same files as the package data ``netmap/_samples`` (see ``pyproject.toml``).
    """
    return _CHECKOUT if _CHECKOUT.is_dir() else _INSTALLED
