"""Where the store is and how it is opened: a SQLite file or a PostgreSQL URL, migrated on open.

``--db`` (or ``NETMAP_DB``) is either a file path, used as a SQLite database, or a URL such
as ``postgresql://user@host/db``. A PostgreSQL password comes from the URL, ``PGPASSWORD``
or ``~/.pgpass`` (libpq reads those); it is never printed: every message shows the URL with
the password hidden.
"""
from __future__ import annotations

import os
import sqlite3
import sys
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import URL, Engine, make_url

from netmap.errors import StoreError

__all__ = ["default_db", "resolve_url", "create_store_engine", "migrate", "shown_url", "HEAD"]

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
#: The newest schema this netmap knows; a store at a revision not in ``migrations`` was
#: written by a newer netmap and is refused.
HEAD = "0002"


def default_db() -> str:
    """``NETMAP_DB`` if set, else ``netmap.db`` in the user's data folder.

    The data folder follows each system's convention (the same places ``platformdirs``
    uses): ``$XDG_DATA_HOME/netmap`` or ``~/.local/share/netmap`` on Linux,
    ``~/Library/Application Support/netmap`` on macOS, ``%APPDATA%\\netmap`` on Windows.
    """
    if os.environ.get("NETMAP_DB"):
        return os.environ["NETMAP_DB"]
    if sys.platform.startswith("win"):
        base = Path(os.environ.get("APPDATA") or Path.home() / "AppData" / "Roaming")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return str(base / "netmap" / "netmap.db")


def _is_url(db: str) -> bool:
    return "://" in db


def resolve_url(db: str | None) -> URL:
    """The SQLAlchemy URL of ``db`` (a path or a URL); PostgreSQL goes through psycopg 3."""
    db = db or default_db()
    if not _is_url(db):
        return URL.create("sqlite", database=str(Path(db).expanduser()))
    try:
        url = make_url(db)
    except Exception:
        raise StoreError(f"--db '{_mask(db)}' is neither a file path nor a database URL "
                         "(postgresql://user@host/database)") from None
    if url.drivername in ("postgresql", "postgres", "postgresql+psycopg", "postgresql+psycopg2"):
        return url.set(drivername="postgresql+psycopg")
    if url.drivername == "sqlite":
        return url
    raise StoreError(f"--db '{shown_url(url)}': netmap stores live in SQLite (a file path) or PostgreSQL "
                     "(postgresql://…), not '{url.drivername}'")


def _mask(text: str) -> str:
    """A URL-like string with anything between ':' and '@' after the scheme hidden."""
    head, sep, rest = text.partition("://")
    if sep and "@" in rest:
        creds, _, host = rest.rpartition("@")
        user = creds.split(":", 1)[0]
        return f"{head}://{user}{':***' if ':' in creds else ''}@{host}"
    return text


def shown_url(url: URL) -> str:
    """The URL to show a person: never the password; PostgreSQL without the driver name."""
    if url.get_backend_name() == "sqlite":
        return url.database or ":memory:"
    return url.set(drivername="postgresql").render_as_string(hide_password=True)


def create_store_engine(url: URL, *, create: bool) -> Engine:
    """An engine on ``url``; a SQLite file must exist unless ``create``."""
    if url.get_backend_name() == "sqlite":
        path = Path(url.database or "")
        if url.database and url.database != ":memory:":
            if path.is_dir():
                raise StoreError(f"--db {path} is a folder; give the path of a store file such as {path / 'netmap.db'}")
            if not path.exists():
                if not create:
                    raise StoreError(f"no netmap store at {path} (create one with 'netmap project create NAME "
                                     f"--db {path}')")
                if not path.parent.exists():
                    try:
                        path.parent.mkdir(parents=True, exist_ok=True)
                    except OSError as exc:
                        raise StoreError(f"cannot create the folder for the store {path}: {exc.strerror}") from None
            elif not _looks_like_sqlite(path):
                raise StoreError(f"{path} is not a netmap store (not a SQLite database)")
        engine = sa.create_engine(url, connect_args={"timeout": 30})

        @sa.event.listens_for(engine, "connect")
        def _pragmas(dbapi_connection, _record):
            # Foreign keys keep cascades honest; WAL lets the app read while a wave is written;
            # FULL sync so a committed wave survives a power cut, not only a killed process.
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=FULL")
            cursor.close()

        return engine
    return sa.create_engine(url, connect_args={"connect_timeout": 10}, pool_pre_ping=True)


def _looks_like_sqlite(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            head = handle.read(16)
    except OSError as exc:
        raise StoreError(f"cannot read the store {path}: {exc.strerror}") from None
    return head == b"" or head.startswith(b"SQLite format 3\x00")


def migrate(engine: Engine) -> None:
    """Bring the store's schema to :data:`HEAD` in one transaction, or refuse a newer store.

    Raises
    ------
    StoreError
        The store was written by a newer netmap, holds tables that are not netmap's, or
        cannot be reached.
    """
    from alembic import command
    from alembic.config import Config
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    script = ScriptDirectory.from_config(config)
    known = {rev.revision for rev in script.walk_revisions()}
    where = shown_url(engine.url)
    try:
        with engine.begin() as connection:
            current = MigrationContext.configure(connection).get_current_heads()
            newer = [rev for rev in current if rev not in known]
            if newer:
                raise StoreError(f"the store {where} was written by a newer netmap (schema {newer[0]}; this netmap "
                                 f"knows up to {HEAD}); update netmap to open it")
            if not current:
                tables = set(sa.inspect(connection).get_table_names())
                if tables - {"alembic_version"}:
                    raise StoreError(f"{where} holds other tables ({', '.join(sorted(tables)[:3])} …) but no netmap "
                                     "schema; give an empty database or a netmap store")
            if tuple(current) != (script.get_current_head(),):
                config.attributes["connection"] = connection
                command.upgrade(config, "head")
    except StoreError:
        raise
    except (sa.exc.OperationalError, sa.exc.InterfaceError, sqlite3.DatabaseError) as exc:
        raise StoreError(f"cannot open the store {where}: {_first_line(exc)}") from None
    except sa.exc.DatabaseError as exc:
        raise StoreError(f"cannot open the store {where}: {_first_line(exc)}") from None


def _first_line(exc: BaseException) -> str:
    original = getattr(exc, "orig", None) or exc
    text = str(original).strip().splitlines()
    return text[0] if text else type(original).__name__
