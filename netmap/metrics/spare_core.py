"""Work on the machine's second core: a stage started in a forked child process while this one
goes on with the next (issue 26: a register's shared-spaces stage runs beside the one-mode
stages on the 2-core machines users have).

Only where forking is safe and helps: Linux (``os.fork``), at least two cores this process may
use, and no other Python thread (the app's server has several, and a fork copies none of
them, nor the locks they may hold). ``NETMAP_PROCESSES=1`` turns it off. The child inherits the
inputs (nothing is copied until written) and sends its result back through a pipe, pickled;
the same function on the same inputs gives the same result in either process. If the child
fails in any way the work is done again here, so an error is raised as it would have been.
"""
from __future__ import annotations

import os
import pickle
import resource
import threading
from collections.abc import Callable
from typing import Any

__all__ = ["BESIDE_ROWS", "beside", "can_fork", "worth_a_process"]

#: Rows (ties, affiliations, table rows) from which a stage of the analysis, or the writing of a
#: table, runs in a second process (structural holes, the brokers, the shared spaces, the
#: largest output table): below, starting a process and sending its result back cost more
#: than it saves.
BESIDE_ROWS = 200_000


#: Children started by :func:`beside` and not yet collected: one at a time, as the machines this
#: is for have one spare core, and each child may copy what it touches of this process's memory.
_running = 0


def can_fork() -> bool:
    """Whether :func:`beside` would start a child here: none of ours is running already, and
    forking is safe and useful (see the module's description)."""
    if _running or not hasattr(os, "fork") or not hasattr(os, "sched_getaffinity"):
        return False
    if os.environ.get("NETMAP_PROCESSES", "").strip() == "1":
        return False
    return len(os.sched_getaffinity(0)) >= 2 and threading.active_count() == 1


def worth_a_process(rows: int) -> bool:
    """Whether work on ``rows`` rows should run beside (:data:`BESIDE_ROWS`, :func:`can_fork`)."""
    return rows >= BESIDE_ROWS and can_fork()


class Beside:
    """``work(*args, **kwargs)``, started in a child process when :func:`can_fork`; call
    :meth:`result` for its value (the child's, or computed here when no child ran or it failed).
    ``child_peak_mib`` is the child's peak resident memory once it has reported (else None)."""

    def __init__(self, work: Callable[..., Any], args: tuple, kwargs: dict, fork: bool):
        self.work, self.args, self.kwargs = work, args, kwargs
        self.child_peak_mib: float | None = None
        self._pid, self._read = None, None
        if fork:
            read, write = os.pipe()
            pid = os.fork()
            if pid == 0:  # the child: compute, report, leave without running the parent's exit code
                os.close(read)
                _count(+1)  # and start no child of its own
                try:
                    payload = pickle.dumps((True, work(*args, **kwargs), _peak_mib()), protocol=pickle.HIGHEST_PROTOCOL)
                except BaseException:  # noqa: BLE001 - any failure: the parent does the work again
                    payload = pickle.dumps((False, None, _peak_mib()))
                try:
                    with os.fdopen(write, "wb") as out:
                        out.write(payload)
                finally:
                    os._exit(0)
            os.close(write)
            self._pid, self._read = pid, read
            _count(+1)

    def result(self):
        if self._pid is not None:
            pid, self._pid = self._pid, None
            with os.fdopen(self._read, "rb") as source:
                payload = source.read()
            os.waitpid(pid, 0)
            _count(-1)
            try:
                done, value, self.child_peak_mib = pickle.loads(payload)
            except Exception:  # noqa: BLE001 - the child died before reporting: do the work here
                done = False
            if done:
                return value
        return self.work(*self.args, **self.kwargs)


def beside(work: Callable[..., Any], *args, fork: bool | None = None, **kwargs) -> Beside:
    """Start ``work(*args, **kwargs)`` on the other core (when ``fork``, by default when
    :func:`can_fork`); ``.result()`` returns its value."""
    return Beside(work, args, kwargs, can_fork() if fork is None else fork)


def _count(change: int) -> None:
    global _running
    _running += change


def _peak_mib() -> float:
    """This process's peak resident memory, MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
