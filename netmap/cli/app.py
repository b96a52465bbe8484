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
import tomllib
from pathlib import Path
from typing import NoReturn

from netmap.cli.options import DB_HELP
from netmap.errors import InputError

__all__ = ["SETTINGS", "app_command", "start_app", "add_parser", "run", "check_reach", "sso_configured"]

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


def app_command(address: str | None = None, port: int | None = None, secrets: str | None = None) -> list[str]:
    """The ``streamlit run`` command line for netmap's app with netmap's settings."""
    settings = dict(SETTINGS)
    if address:
        settings["server.address"] = address
    if port:
        settings["server.port"] = port
    if secrets:
        settings["secrets.files"] = str(Path(secrets).resolve())
    command = [sys.executable, "-m", "streamlit", "run", str(APP_SCRIPT)]
    for option, value in settings.items():
        command += [f"--{option}", _flag(value)]
    return command


def start_app(address: str | None = None, port: int | None = None, secrets: str | None = None) -> NoReturn:
    """Become the app's server (this process is replaced by Streamlit's, so stopping it, by
    Ctrl+C or a signal, stops the server: no server is left running behind it)."""
    command = app_command(address, port, secrets)
    os.execv(command[0], command)


def secrets_files(secrets: str | None) -> list[Path]:
    """The secrets files Streamlit reads: --secrets, else ~/.streamlit and ./.streamlit."""
    if secrets:
        return [Path(secrets)]
    return [Path.home() / ".streamlit" / "secrets.toml", Path.cwd() / ".streamlit" / "secrets.toml"]


def sso_configured(secrets: str | None = None) -> bool:
    """Whether a secrets file has the ``[auth]`` section single sign-on (st.login) needs."""
    for path in secrets_files(secrets):
        try:
            with path.open("rb") as handle:
                if tomllib.load(handle).get("auth"):
                    return True
        except FileNotFoundError:
            continue
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise InputError(f"{path}: cannot read the secrets file ({exc})") from None
    return False


def check_reach(address: str | None, db: str | None, secrets: str | None = None) -> None:
    """Refuse to listen beyond this computer when no one would have to sign in."""
    # loaded when the command runs, so that `netmap --help` answers at once
    from netmap.store import default_db, open_store
    from netmap.store.accounts import has_users, is_loopback

    if address is None or is_loopback(address) or sso_configured(secrets):
        return

    where = db or default_db()
    if "://" in where or Path(where).expanduser().exists():
        with open_store(where) as store:
            if has_users(store):
                return
    raise InputError(f"netmap app --address {address} would show names to anyone who can reach this computer: add "
                     "an account first (netmap users add NAME), or set up single sign-on (docs/deploy.md)")


def add_parser(commands) -> None:
    """Register ``app`` on the command line's subcommands."""
    app = commands.add_parser(
        "app", help="open the app in your browser (only this computer can reach it)",
        description="Start netmap's app. It listens on 127.0.0.1, so only this computer can open it; "
                    "give --address 0.0.0.0 to let a team on your network reach it on purpose (see README).")
    app.add_argument("--address", help="address to listen on (default 127.0.0.1: this computer only)")
    app.add_argument("--port", type=int, help="port to listen on (default 8501)")
    app.add_argument("--db", metavar="DB", help="the team's store, with the accounts that may sign in and the "
                                                "projects: " + DB_HELP)
    app.add_argument("--session-minutes", type=float, metavar="N", default=None,
                     help="end a signed-in session after N minutes without activity (default 30)")
    app.add_argument("--secrets", metavar="FILE",
                     help="the secrets file with the [auth] section for single sign-on, kept outside any repository "
                          "(default: .streamlit/secrets.toml here or in your home folder)")
    app.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    if args.session_minutes is not None and not args.session_minutes > 0:
        raise InputError("--session-minutes takes a number of minutes above 0")
    if args.secrets and not Path(args.secrets).is_file():
        raise InputError(f"--secrets {args.secrets}: no such file")
    check_reach(args.address, args.db, args.secrets)
    if args.db:
        os.environ["NETMAP_DB"] = args.db  # the app's process reads the team's store from here
    if args.session_minutes is not None:
        os.environ["NETMAP_SESSION_MINUTES"] = f"{args.session_minutes:g}"
    return start_app(args.address, args.port, args.secrets)
