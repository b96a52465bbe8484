"""Start the real app and drive it with Playwright and Debian's Chromium (no mocks)."""
from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stop(process: subprocess.Popen) -> None:
    """Stop a server process: terminate, then kill if it has not ended within 10 s."""
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextlib.contextmanager
def serving(command: list[str], url: str, ready: str = "/_stcore/health", timeout: float = 60,
            cwd: Path | None = None, env: dict | None = None, what: str = "streamlit"):
    """Start the server ``command``, wait until ``url + ready`` answers, yield ``url``; the
    server is always stopped. Its output goes to a file, shown when it does not start."""
    # a file, not a pipe: a pipe nobody reads can fill up and stall the server, and is left
    # open (ResourceWarning) when the test ends
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + timeout
            while True:
                try:
                    with urllib.request.urlopen(f"{url}{ready}", timeout=2) as response:
                        if response.status == 200:
                            break
                except OSError:
                    pass
                if process.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    output = log.read().decode(errors="replace")
                    raise RuntimeError(f"{what} did not start: {output[-2000:]}")
                time.sleep(0.2)
            yield url
        finally:
            stop(process)


@contextlib.contextmanager
def running_app(timeout: float = 60, root: Path = ROOT, args: tuple[str, ...] = (), env: dict | None = None,
                port: int | None = None, warm: bool = False):
    """``streamlit run app.py`` (of the checkout at ``root``) on a free loopback port (or
    ``port``), with more Streamlit ``args`` and ``env``; yields its URL; always stopped.

    The server prepares the sample's first map when it starts (netmap.ui.server) only with
    ``warm``: otherwise every test's server would spend a few CPU seconds on it, and the tests
    expect a server that has computed nothing."""
    port = port or free_port()
    env = {**os.environ, "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false", "NETMAP_WARM_UP": "1" if warm else "0",
           **(env or {})}
    command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
               "--server.address", "127.0.0.1", "--server.port", str(port), *args]
    with serving(command, f"http://127.0.0.1:{port}", timeout=timeout, cwd=root, env=env) as url:
        yield url


class Guard:
    """Records every request that would leave the machine (and blocks it), and every dialog."""

    def __init__(self, context):
        self.outside: list[str] = []
        self.dialogs: list[str] = []
        context.route("**/*", self._route)

    def _route(self, route):
        url = route.request.url
        parsed = urlparse(url)
        if parsed.scheme in ("data", "blob", "about", "file") or parsed.hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()

    def watch(self, page):
        page.on("dialog", self._dialog)

    def _dialog(self, dialog):
        self.dialogs.append(dialog.message)
        dialog.dismiss()


def launch(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)


def new_page(browser, width: int = 1280, height: int = 900, **options):
    """A fresh browser context of ``width`` × ``height`` (more Playwright context ``options``:
    ``accept_downloads``, ``java_script_enabled``, ``extra_http_headers`` …), guarded
    (:class:`Guard`), and its page; returns ``(context, page, guard)``: close the context."""
    context = browser.new_context(viewport={"width": width, "height": height}, service_workers="block", **options)
    guard = Guard(context)
    page = context.new_page()
    guard.watch(page)
    return context, page, guard


def open_app(browser, url: str, width: int = 1280, height: int = 900):
    context, page, guard = new_page(browser, width, height)
    page.goto(url)
    page.get_by_text("netmap", exact=True).first.wait_for(timeout=60_000)
    return context, page, guard


def upload(page, ties: Path, actors: Path | None = None) -> None:
    page.get_by_text("Upload my files").click()
    _give_file(page, "Ties: CSV, TSV or an Excel workbook", ties)
    if actors is not None:
        _give_file(page, "Actors (optional)", actors)


def _give_file(page, label: str, path: Path, attempts: int = 5) -> None:
    """Upload through the uploader labelled ``label`` and wait until it lists the file. An
    upload given while the app is rerunning for the previous one can be dropped, as a
    person's would be; a person would then give it again, and so does this."""
    block = page.get_by_test_id("stFileUploader").filter(has_text=label)
    for _ in range(attempts):
        block.get_by_test_id("stFileUploaderDropzoneInput").set_input_files(str(path))
        try:
            block.get_by_text(path.name, exact=True).wait_for(timeout=10_000)
            return
        except Exception:  # noqa: BLE001, S112 - not listed yet: give the file again
            continue
    page.screenshot(path="/tmp/netmap-upload-failure.png")
    raise TimeoutError(f"the app never accepted {path.name}")


def map_frame(page, expected_nodes: int | None = None, timeout: float = 180_000, first_look: bool = False,
              titled: str | None = None):
    """The map iframe once vis-network has drawn (optionally with this many nodes, and with
    ``titled`` in its title, which names the data shown); with ``first_look``, also the quick
    map drawn while the analysis runs (issue 15)."""
    # by default not the "first look" map drawn while the analysis runs: the full map replaces it
    condition = ("window.netmapDrawn === true && window.netmapStale !== true && typeof nodes !== 'undefined'"
                 + ("" if first_look else " && document.title !== 'netmap: first look'"))
    if expected_nodes is not None:
        condition += f" && nodes.length === {expected_nodes}"
    if titled is not None:  # another data set's map may linger while the app reruns
        condition += f" && document.title.includes({json.dumps(titled)})"
    deadline = time.monotonic() + timeout / 1000
    while time.monotonic() < deadline:
        for frame in page.frames:
            if frame == page.main_frame:
                continue
            try:
                if frame.evaluate(f"() => {condition}"):
                    return frame
            except Exception:  # noqa: BLE001, S110 - a frame being replaced by the next run
                pass
        page.wait_for_timeout(100)
    raise TimeoutError(f"map not drawn within {timeout / 1000:.0f} s")


def open_tab(page, name: str, exact: bool = False, timeout: float = 60) -> None:
    """Open the app's tab ``name`` and wait until it is shown selected. A click made while the app
    reruns (after a download, say) can be lost as Streamlit redraws the tabs, so it is repeated
    until the tab is selected, up to ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        page.get_by_role("tab", name=name, exact=exact).click(timeout=timeout * 1000)
        try:
            page.get_by_role("tab", name=name, exact=exact, selected=True).wait_for(timeout=5_000)
            return
        except Exception:  # noqa: BLE001 - Playwright's timeout: the click was lost, click again
            if time.monotonic() > deadline:
                raise


def frame_where(page, check, what: str, timeout: float = 180):
    """The first frame for which ``check(frame)`` is true, waiting up to ``timeout`` seconds;
    on failure a screenshot goes to /tmp and the error says ``what`` was awaited."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for frame in page.frames[1:]:
            try:
                if check(frame):
                    return frame
            except Exception:  # noqa: BLE001, S110 - a frame being replaced by the next run
                pass
        page.wait_for_timeout(100)
    page.screenshot(path="/tmp/netmap-frame-failure.png", full_page=True)
    raise TimeoutError(f"no {what} within {timeout:.0f} s")


def mark_stale(page) -> None:
    """Mark the maps on the page as old, so that map_frame waits for the next one."""
    for frame in page.frames[1:]:
        try:
            frame.evaluate("() => { window.netmapStale = true; }")
        except Exception:  # noqa: BLE001, S110 - a frame already gone needs no mark
            pass


PAINTED = """() => {
  const canvas = document.querySelector('#map canvas');
  const ctx = canvas.getContext('2d');
  const data = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
  let painted = 0;
  for (let i = 0; i < data.length; i += 4) {
    if (data[i + 3] > 0 && (data[i] < 240 || data[i + 1] < 240 || data[i + 2] < 240)) painted++;
  }
  return painted;
}"""


def choose(page, label: str, option: str, attempts: int = 10) -> None:
    """Pick ``option`` in the selectbox labelled ``label`` by typing, as a person would.

    A rerun of the app can re-render the widget between the click and the typing, or between
    finding the option and clicking it, so the search is retried until the click lands.
    """
    box = page.locator("div[data-testid='stSelectbox']").filter(has_text=label)
    for _ in range(attempts):
        box.locator("input").click()
        page.keyboard.type(option)
        target = page.get_by_role("option", name=option, exact=True)
        try:
            target.wait_for(timeout=3000)
            # the list can be re-rendered (detached) between finding the option and clicking it
            target.click(timeout=3000)
        except Exception:  # noqa: BLE001 - options not there yet, or gone again: close the list and retry
            page.keyboard.press("Escape")
            continue
        return
    raise TimeoutError(f"option {option!r} never appeared in {label!r}")
