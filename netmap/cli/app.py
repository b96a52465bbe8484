"""``netmap app``: start the Streamlit app from an installed package, private by default.

The settings below are the same as the repository's ``.streamlit/config.toml`` (a test keeps
them equal). They are passed on the command line because an installed package has no
working-directory config file, and command-line flags win over any config the user's home
folder holds: the app must not listen beyond this computer or send usage statistics unless
the user asks for it.
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import NoReturn

__all__ = ["SETTINGS", "app_command", "start_app", "add_parser", "run"]

#: Streamlit settings netmap runs with (section.option -> value).
SETTINGS: dict[str, object] = {
    "browser.gatherUsageStats": False,  # the browser would call a metrics endpoint
    "server.address": "127.0.0.1",  # only this computer; also stops Streamlit's outside-IP lookup
    "server.headless": True,
    "server.maxUploadSize": 50,  # MB, the same limit as netmap.formats.spreadsheets.MAX_FILE_BYTES
    "client.showErrorDetails": "none",  # netmap's own messages, never a traceback
    "client.toolbarMode": "viewer",
    "theme.base": "light",
    "theme.primaryColor": "#1F5C99",  # not Streamlit's error-like red; 6.9:1 on white (WCAG AA)
    "theme.textColor": "#111111",  # captions are this faded: AA contrast needs a dark base
}

APP_SCRIPT = Path(__file__).resolve().parent.parent / "ui" / "streamlit_app.py"


def _flag(value: object) -> str:
    return str(value).lower() if isinstance(value, bool) else str(value)


def app_command(address: str | None = None, port: int | None = None) -> list[str]:
    """The ``streamlit run`` command line for netmap's app with netmap's settings."""
    settings = dict(SETTINGS)
    if address:
        settings["server.address"] = address
    if port:
        settings["server.port"] = port
    command = [sys.executable, "-m", "streamlit", "run", str(APP_SCRIPT)]
    for option, value in settings.items():
        command += [f"--{option}", _flag(value)]
    return command


def start_app(address: str | None = None, port: int | None = None) -> NoReturn:
    """Become the app's server (this process is replaced by Streamlit's, so stopping it, by
    Ctrl+C or a signal, stops the server: no server is left running behind it)."""
    command = app_command(address, port)
    os.execv(command[0], command)


def add_parser(commands) -> None:
    """Register ``app`` on the command line's subcommands."""
    app = commands.add_parser(
        "app", help="open the app in your browser (only this computer can reach it)",
        description="Start netmap's app. It listens on 127.0.0.1, so only this computer can open it; "
                    "give --address 0.0.0.0 to let a team on your network reach it on purpose (see README).")
    app.add_argument("--address", help="address to listen on (default 127.0.0.1: this computer only)")
    app.add_argument("--port", type=int, help="port to listen on (default 8501)")
    app.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    return start_app(args.address, args.port)
