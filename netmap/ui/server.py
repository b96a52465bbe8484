"""Start-up of the app's server: the first visitor finds the app imported and the sample's first
map computed (issue 23, item 10).

Streamlit runs the app's script only when a visitor opens a session, so the first visitor used to
wait for the app's imports (pandas, networkx, igraph, SQLAlchemy …) and the sample's analysis.
The app's scripts (``app.py``, ``netmap/ui/streamlit_app.py``) therefore define an ASGI app
(``st.App``), which ``streamlit run`` serves as it serves a plain script, with :func:`lifespan`
as its start-up hook. The hook starts :func:`warm_up` and the server listens at once; the
warm-up imports the app in a thread of lower priority, then runs the app's script once in a
session of its own with no browser (the runtime's ``does_script_run_without_error``, which
Streamlit's script health check uses). That run is a first visit with nothing chosen: the
bundled sample it opens on is read, analysed and mapped into the caches every session shares,
with the very keys a visitor's run uses, and Streamlit's own first-run work is done too. It
holds nobody's files, and where the team signs in it stops at the sign-in page, as a visitor
would. A visitor who comes before it is done waits for the part still running instead of doing
it again (Python's import lock, Streamlit's lock per cached value).

``NETMAP_WARM_UP=0`` turns it off (the browser tests do, unless they ask for it).
"""
from __future__ import annotations

import asyncio
import contextlib
import os
import threading
import time
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor

from streamlit import runtime
from streamlit.logger import get_logger

__all__ = ["WARM_UP", "enabled", "lifespan", "warm_up"]

#: The environment variable that turns the warm-up off ("0", "no", "off" or "false").
WARM_UP = "NETMAP_WARM_UP"
#: Niceness added to the thread that imports the app (Linux gives each thread its own): the
#: machine's other work comes first. Not more: a visitor who arrives meanwhile waits for these
#: imports, which must not starve on a busy machine. The script's run is Streamlit's thread, as
#: any visitor's.
NICENESS = 5

_LOG = get_logger("netmap.server")  # beside Streamlit's own lines, at its log level
_tasks: set[asyncio.Task] = set()  # the event loop keeps only a weak reference to a task


def enabled() -> bool:
    """Whether the warm-up runs (``NETMAP_WARM_UP`` not set to 0, no, off or false)."""
    return os.environ.get(WARM_UP, "1").strip().lower() not in ("0", "no", "off", "false")


def _import_app() -> None:
    with contextlib.suppress(OSError):  # e.g. a platform without per-thread niceness: run as is
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), NICENESS)
    # reason: the imports are what the warm-up moves off the first visit (1.7 s)
    import netmap.ui.main  # noqa: F401


async def warm_up() -> None:
    """Import the app, then run its script once without a browser (must run on the server's event loop)."""
    start = time.perf_counter()
    try:
        # a thread of its own, ended afterwards: a pool's thread would keep the lower priority
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="netmap-warm-up") as pool:
            await asyncio.get_running_loop().run_in_executor(pool, _import_app)
        imported = time.perf_counter()
        ok, outcome = await runtime.get_instance().does_script_run_without_error()
    except Exception as exc:  # noqa: BLE001 - a failed warm-up only leaves the work to the first visitor
        _LOG.warning("netmap: the start-up run failed (%s: %s); the first visitor will wait for it",
                     type(exc).__name__, exc)
        return
    if ok:
        _LOG.info("netmap: ready, the first page prepared in %.1f s (imports %.1f s)",
                  time.perf_counter() - start, imported - start)
    else:
        _LOG.warning("netmap: the start-up run did not finish (%s); the first visitor will wait for it", outcome)


@contextlib.asynccontextmanager
async def lifespan(_app) -> AsyncIterator[None]:
    """``st.App``'s start-up hook: start :func:`warm_up` and let the server listen at once."""
    if enabled():
        task = asyncio.create_task(warm_up(), name="netmap-warm-up")
        _tasks.add(task)
        task.add_done_callback(_tasks.discard)
    yield
