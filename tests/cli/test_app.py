"""The app is private by default: it listens on 127.0.0.1 and resolves no outside name.

Both ways of starting it are checked with a real Streamlit server: the README's
``streamlit run app.py`` (which reads ``.streamlit/config.toml``) and ``netmap app`` (the
installed package's command, which passes the same settings as flags).
"""
from __future__ import annotations

import os
import subprocess
import sys
import time
import tomllib
import urllib.request
from pathlib import Path

import pytest

from netmap.cli.app import SETTINGS, app_command
from tests.ui.harness import free_port, stop

ROOT = Path(__file__).resolve().parents[2]

# Loaded into the app's Python process through PYTHONPATH: writes down every host name the
# process asks to resolve and every address it connects to (no mock: the calls still happen).
RECORDER = '''
import os, socket
_log = os.environ["NETMAP_NET_LOG"]
def _note(kind, what):
    with open(_log, "a", encoding="utf-8") as f:
        f.write(f"{kind} {what}\\n")
_getaddrinfo, _gethostbyname, _connect = socket.getaddrinfo, socket.gethostbyname, socket.socket.connect
def getaddrinfo(host, *args, **kwargs):
    _note("resolve", host)
    return _getaddrinfo(host, *args, **kwargs)
def gethostbyname(host):
    _note("resolve", host)
    return _gethostbyname(host)
def connect(self, address):
    if isinstance(address, tuple):
        _note("connect", address[0])
    return _connect(self, address)
socket.getaddrinfo, socket.gethostbyname, socket.socket.connect = getaddrinfo, gethostbyname, connect
'''
LOCAL = {"localhost", "127.0.0.1", "::1", "None", ""}


def _listening(port: int) -> set[str]:
    """Local addresses with a listening TCP socket on ``port`` (from /proc/net/tcp and tcp6)."""
    found = set()
    for table, width in (("/proc/net/tcp", 8), ("/proc/net/tcp6", 32)):
        if not os.path.exists(table):
            continue
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            address, port_hex = fields[1].split(":")
            if fields[3] == "0A" and int(port_hex, 16) == port:  # 0A = LISTEN
                if width == 8:
                    found.add(".".join(str(int(address[i:i + 2], 16)) for i in (6, 4, 2, 0)))
                else:
                    found.add("::" if set(address) == {"0"} else address)
    return found


def _start(command: list[str], tmp_path: Path, port: int):
    (tmp_path / "sitecustomize.py").write_text(RECORDER, encoding="utf-8")
    log = tmp_path / "net.log"
    env = {**os.environ, "PYTHONPATH": str(tmp_path), "NETMAP_NET_LOG": str(log)}
    env.pop("STREAMLIT_SERVER_ADDRESS", None)
    output = (tmp_path / "server.out").open("wb")
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
    output.close()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return process, log
        except OSError:
            pass
        if process.poll() is not None:
            break
        time.sleep(0.2)
    process.kill()
    process.wait()
    raise RuntimeError("the app did not start: " + (tmp_path / "server.out").read_text(errors="replace")[-2000:])


@pytest.mark.parametrize("how", ["streamlit run app.py", "netmap app"])
def test_app_listens_on_loopback_and_resolves_no_outside_name(how, tmp_path):
    port = free_port()
    if how == "netmap app":
        command = [sys.executable, "-m", "netmap", "app", "--port", str(port)]
    else:  # the README's command: the settings come from .streamlit/config.toml
        command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port)]
    process, log = _start(command, tmp_path, port)
    try:
        time.sleep(1)  # Streamlit prints its URLs (and would look up addresses) just after it starts serving
        assert _listening(port) == {"127.0.0.1"}
    finally:
        stop(process)
    deadline = time.monotonic() + 10
    while _listening(port) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert _listening(port) == set()  # stopping the command stops the server: none is left behind
    events = log.read_text(encoding="utf-8").split("\n") if log.exists() else []
    outside = [e for e in events if e and e.split(" ", 1)[1] not in LOCAL]
    assert outside == []


def test_netmap_app_settings_equal_the_repository_config():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    flat = {f"{section}.{key}": value for section, values in config.items() for key, value in values.items()}
    assert flat == SETTINGS


def test_team_address_is_given_on_purpose():
    command = app_command(address="0.0.0.0", port=8600)
    assert command[command.index("--server.address") + 1] == "0.0.0.0"
    assert command[command.index("--server.port") + 1] == "8600"
    assert app_command()[app_command().index("--server.address") + 1] == "127.0.0.1"
