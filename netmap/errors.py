"""Typed errors raised at netmap's edge when input cannot be used."""
from __future__ import annotations

__all__ = ["NetmapError", "InputError", "FileProblem", "ValidationFailed"]


class NetmapError(Exception):
    """Base class of every error netmap raises on purpose."""


class InputError(NetmapError):
    """The user's input cannot be turned into a network."""


class FileProblem(InputError):
    """A whole file is unusable: unreadable, empty, too large, wrong sheets."""

    def __init__(self, file: str, message: str):
        self.file = file
        self.message = message
        super().__init__(f"{file}: {message}")


class ValidationFailed(InputError):
    """Validation found errors; ``report`` holds every one of them."""

    def __init__(self, report):
        self.report = report
        errors = report.errors
        first = errors[0].text if errors else "validation failed"
        more = f" (and {len(errors) - 1} more error{'s' if len(errors) > 2 else ''})" if len(errors) > 1 else ""
        super().__init__(first + more)


class StoreError(NetmapError):
    """A project store cannot be used: unreachable, newer than this netmap, or a missing or
    duplicate project or wave."""


class ConflictError(StoreError):
    """Someone else saved the same wave first; ``other`` describes their change."""

    def __init__(self, message: str, other: list | None = None):
        self.other = other or []
        super().__init__(message)


__all__ += ["StoreError", "ConflictError"]


class AccessError(NetmapError):
    """Someone may not do this: a refused sign-in, an ended session, or no role for it on the
    project. The message is for the person in front of the screen and names no one else."""


__all__ += ["AccessError"]
