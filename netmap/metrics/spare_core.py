"""Work on the machine's second core: a stage started in a forked child process while this one
goes on with the next (issue 26: a register's shared-spaces stage runs beside the one-mode
stages on the 2-core machines users have).

Only where forking is safe and helps: Linux (``os.fork``, ``os.memfd_create``), at least two
cores this process may use, and no other Python thread (the app's server has several, and a
fork copies none of them, nor the locks they may hold). ``NETMAP_PROCESSES=1`` turns it off.

One child at a time, as the machines this is for have one spare core and each child copies
what it touches of this process's memory. Work asked for while a child runs waits for the core
in order and starts at the next :func:`pump` after that child has finished (the analysis pumps
between its stages and inside its longest loop); work still waiting when its result is needed
is done here, and so is waiting work while this process would otherwise sit idle until a child
finishes. The child inherits the inputs (nothing is copied until written), so they must not
change until the result is taken, and leaves its result, pickled, in an anonymous in-memory
file (never on disk: results hold names), so that it can finish and free the core before this
process takes the result. The same function on the same inputs gives the same result in either
process; if the child fails in any way the work is done again here, so an error is raised as it
would have been.
"""
from __future__ import annotations

import os
import pickle
import resource
import threading
from collections import deque
from collections.abc import Callable
from typing import Any

__all__ = ["BESIDE_ROWS", "Beside", "beside", "can_fork", "pump", "worth_a_process"]

#: Rows (ties, affiliations, table rows) from which a stage of the analysis, or the writing of a
#: table, runs in a second process (structural holes, the brokers, the shared spaces, the
#: largest output table): below, starting a process and sending its result back cost more
#: than it saves.
BESIDE_ROWS = 200_000

#: The work in the child now (None: the spare core is free), and the work waiting for it, in order.
_running: Beside | None = None
_waiting: deque[Beside] = deque()
#: True in a child: it starts no child of its own.
_in_child = False


def can_fork() -> bool:
    """Whether forking is safe and useful here (see the module's description); whether a child
    starts at once or waits for the core is :func:`beside`'s business."""
    if _in_child or not hasattr(os, "fork") or not hasattr(os, "memfd_create") or not hasattr(os, "sched_getaffinity"):
        return False
    if os.environ.get("NETMAP_PROCESSES", "").strip() == "1":
        return False
    return len(os.sched_getaffinity(0)) >= 2 and threading.active_count() == 1


def worth_a_process(rows: int) -> bool:
    """Whether work on ``rows`` rows should run beside (:data:`BESIDE_ROWS`, :func:`can_fork`)."""
    return rows >= BESIDE_ROWS and can_fork()


class Beside:
    """``work(*args, **kwargs)``, for the spare core when ``fork``; call :meth:`result` for its
    value (the child's, or computed here when no child ran or it failed). ``child_peak_mib`` is
    the child's peak resident memory once it has reported (else None)."""

    def __init__(self, work: Callable[..., Any], args: tuple, kwargs: dict, fork: bool):
        self.work, self.args, self.kwargs = work, args, kwargs
        self.child_peak_mib: float | None = None
        self._pid: int | None = None
        self._file: int | None = None  # the child's result, pickled
        self._exited = False
        self._outcome: tuple[bool, Any] | None = None  # (done, value or error) when done here early
        if fork:
            _waiting.append(self)
            pump()

    def _start(self) -> None:
        global _running
        try:
            file = os.memfd_create("netmap-beside")
        except OSError:
            return  # no child: done here
        try:
            pid = os.fork()
        except OSError:
            os.close(file)
            return
        if pid == 0:
            self._run_in_child(file)
        self._pid, self._file, _running = pid, file, self

    def _run_in_child(self, file: int) -> None:
        """Compute, leave the result in ``file``, and exit without running the parent's exit code."""
        global _in_child, _running
        _in_child, _running = True, None
        _waiting.clear()
        try:
            # pickled straight into the file: no second copy of a large result in memory
            with os.fdopen(file, "wb") as out:
                try:
                    pickle.dump((True, self.work(*self.args, **self.kwargs), _peak_mib()), out,
                                protocol=pickle.HIGHEST_PROTOCOL)
                except BaseException:  # noqa: BLE001 - any failure: the parent does the work again
                    out.seek(0)
                    out.truncate()
                    pickle.dump((False, None, _peak_mib()), out)
        finally:
            os._exit(0)

    def _wait(self, block: bool) -> bool:
        """Whether the child has exited (waiting for it when ``block``); the core is then free."""
        global _running
        if not self._exited:
            try:
                self._exited = os.waitpid(self._pid, 0 if block else os.WNOHANG)[0] == self._pid
            except ChildProcessError:  # reaped by someone else: it has exited
                self._exited = True
        if self._exited and _running is self:
            _running = None
        return self._exited

    def _do_here(self) -> None:
        """Compute now, in this process; an error is kept for :meth:`result` to raise."""
        try:
            self._outcome = (True, self.work(*self.args, **self.kwargs))
        except Exception as error:  # noqa: BLE001 - raised where the result is asked for
            self._outcome = (False, error)

    def result(self):
        if self in _waiting:  # the core is still busy: do it here rather than wait
            _waiting.remove(self)
        if self._outcome is not None:
            (done, value), self._outcome = self._outcome, None
            if not done:
                raise value
            return value
        if self._file is not None:
            file, self._file = self._file, None
            while _waiting and not self._wait(block=False):  # rather than sit idle: waiting work, here
                _waiting.popleft()._do_here()
            self._wait(block=True)
            try:
                os.lseek(file, 0, os.SEEK_SET)  # the child's writing moved the offset both share
                with os.fdopen(file, "rb") as source:
                    done, value, self.child_peak_mib = pickle.load(source)
            except Exception:  # noqa: BLE001 - the child died before reporting: do the work here
                done = False
            pump()  # the core is free: the next waiting work starts
            if done:
                return value
        return self.work(*self.args, **self.kwargs)


def pump() -> None:
    """Start the first waiting work if the spare core is free (its child has exited)."""
    if _running is not None and not _running._wait(block=False):
        return
    while _running is None and _waiting:
        _waiting.popleft()._start()


def beside(work: Callable[..., Any], *args, fork: bool | None = None, **kwargs) -> Beside:
    """Start ``work(*args, **kwargs)`` on the other core (when ``fork``, by default when
    :func:`can_fork`; at once, or once the core is free); ``.result()`` returns its value."""
    return Beside(work, args, kwargs, can_fork() if fork is None else fork)


def _peak_mib() -> float:
    """This process's peak resident memory, MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
