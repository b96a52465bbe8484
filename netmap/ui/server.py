"""Start-up of the app's server: the first visitor finds the app's modules imported and the
bundled sample's first map computed (issue 23, item 10).

Streamlit runs the app's script only when a visitor opens a session, so the first visitor used to
wait for the app's imports (pandas, networkx, igraph, SQLAlchemy …) and the sample's analysis.
The app's scripts (``app.py``, ``netmap/ui/streamlit_app.py``) therefore define an ASGI app
(``st.App``), which ``streamlit run`` serves as it serves a plain script, with :func:`lifespan`
as its start-up hook: it starts :func:`warm_up` in a thread of lower priority and the server
starts listening at once. The work goes into the caches every session shares
(``st.cache_data``: the server's runtime exists when the hook runs), and holds only the bundled
sample, never anyone's files. A visitor who comes before it is done waits for the part still
running instead of doing it again (Python's import lock, Streamlit's lock per cached value).

``NETMAP_WARM_UP=0`` turns it off (the browser tests do, unless they ask for it).
"""
from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import AsyncIterator

from streamlit.logger import get_logger

__all__ = ["WARM_UP", "enabled", "lifespan", "start_warm_up", "warm_up"]

#: The environment variable that turns the warm-up off ("0", "no", "off" or "false").
WARM_UP = "NETMAP_WARM_UP"
#: Niceness added to the warm-up's own thread (Linux gives each thread its own): the machine's
#: other work and a visitor's run come first. Not more: a visitor who arrives meanwhile waits for
#: the part the warm-up is doing, which must not starve on a busy machine.
NICENESS = 5

_LOG = get_logger("netmap.server")  # beside Streamlit's own lines, at its log level
_started = threading.Lock()


def enabled() -> bool:
    """Whether the warm-up runs (``NETMAP_WARM_UP`` not set to 0, no, off or false)."""
    return os.environ.get(WARM_UP, "1").strip().lower() not in ("0", "no", "off", "false")


def warm_up() -> None:
    """Import the app's modules and compute the bundled sample's first map into the shared caches."""
    start = time.perf_counter()
    with contextlib.suppress(OSError):  # e.g. a platform without per-thread niceness: run as is
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), NICENESS)
    try:
        # reason: this is the work the warm-up moves off the first visit (1.7 s of imports)
        from netmap.ui.main import prepare_sample

        imported = time.perf_counter()
        prepare_sample()
    except Exception:  # noqa: BLE001 - a failed warm-up only leaves the work to the first visitor
        _LOG.warning("netmap: preparing the sample's map at start-up failed; the first visitor will wait for it",
                     exc_info=True)
    else:
        _LOG.info("netmap: ready, the sample's map prepared in %.1f s (imports %.1f s)",
                  time.perf_counter() - start, imported - start)


def start_warm_up() -> threading.Thread | None:
    """Start :func:`warm_up` in a background thread, once per process; None when it is off or
    already started."""
    if not enabled() or not _started.acquire(blocking=False):
        return None
    thread = threading.Thread(target=warm_up, name="netmap-warm-up", daemon=True)
    thread.start()
    return thread


@contextlib.asynccontextmanager
async def lifespan(_app) -> AsyncIterator[None]:
    """``st.App``'s start-up hook: start the warm-up and let the server listen at once."""
    start_warm_up()
    yield
