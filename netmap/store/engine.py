"""Where the store is and how it is opened: a SQLite file or a PostgreSQL URL, migrated on open.

``--db`` (or ``NETMAP_DB``) is either a file path, used as a SQLite database, or a URL such
as ``postgresql://user@host/db``. A PostgreSQL password comes from the URL (``user:pass@``
or ``?password=``), ``PGPASSWORD`` or ``~/.pgpass`` (libpq reads those); it is never
printed: every message shows the URL with each form of the password hidden
(:func:`shown_url`, :func:`mask`), and a database's own error text is scrubbed of it
(:func:`scrub`).
"""
from __future__ import annotations

import os
import re
import sqlite3
import sys
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import URL, Engine, make_url

from netmap.errors import StoreError

__all__ = ["default_db", "resolve_url", "create_store_engine", "migrate", "shown_url", "mask", "scrub", "first_line",
           "HEAD"]

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
#: The newest schema this netmap knows; a store at a revision not in ``migrations`` was
#: written by a newer netmap and is refused.
HEAD = "0004_review"


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
        raise StoreError(f"--db '{mask(db)}' is neither a file path nor a database URL "
                         "(postgresql://user@host/database)") from None
    if url.drivername in ("postgresql", "postgres", "postgresql+psycopg", "postgresql+psycopg2"):
        return url.set(drivername="postgresql+psycopg")
    if url.drivername == "sqlite":
        return url
    raise StoreError(f"--db '{shown_url(url)}': '{url.drivername}://' is not a store netmap can use; netmap stores "
                     "live in SQLite (a file path) or PostgreSQL (postgresql://user@host/database)")


#: ``user:secret@`` after a scheme, and ``password=secret`` in a query or a libpq connection
#: string (``?password=``, ``&password=``, ``sslpassword=``, ``dbname='… password=…'``).
_USERINFO = re.compile(r"(://[^:/?#@\s]*:)[^\s]*@")
_PASSWORD_PARAM = re.compile(r"(?i)(password\s*=\s*)('[^']*'|[^\s&'\";]+)")


def mask(text: str) -> str:
    """``text`` (a URL as typed, a message) with every password written in it hidden."""
    return _PASSWORD_PARAM.sub(r"\1***", _USERINFO.sub(r"\1***@", str(text)))


def shown_url(url: URL) -> str:
    """The URL to show a person: never a password (``user:***@``, ``?password=***``);
    PostgreSQL without the driver name, any other scheme as given."""
    if url.get_backend_name() == "sqlite":
        return url.database or ":memory:"
    if url.get_backend_name() == "postgresql":
        url = url.set(drivername="postgresql")
    query = {key: "***" if "password" in key.lower() else
             (tuple(map(mask, value)) if isinstance(value, tuple) else mask(value)) for key, value in url.query.items()}
    return mask(url.set(query=query).render_as_string(hide_password=True))


def _secrets(url: URL | None) -> list[str]:
    """Every password ``url`` carries, and ``PGPASSWORD``."""
    found = [os.environ.get("PGPASSWORD") or ""]
    if url is not None:
        found.append(url.password or "")
        for key, value in url.query.items():
            values = value if isinstance(value, tuple) else (value,)
            if "password" in key.lower():
                found.extend(values)
            for text in values:  # a libpq connection string given as a parameter (dbname='… password=…')
                found.extend(m.group(2).strip("'") for m in _PASSWORD_PARAM.finditer(text))
    return sorted({s for s in found if s}, key=len, reverse=True)


def scrub(text: str, url: URL | None = None) -> str:
    """A message (a database driver's, say) with the passwords of ``url`` and ``PGPASSWORD``
    hidden wherever they stand alone, and every password written as a URL or parameter."""
    text = mask(text)
    for secret in _secrets(url):
        text = re.sub(rf"(?<![0-9A-Za-z]){re.escape(secret)}(?![0-9A-Za-z])", "***", text)
    return text


def first_line(exc: BaseException, url: URL | None = None) -> str:
    """The first line of a database error, scrubbed of passwords (:func:`scrub`)."""
    original = getattr(exc, "orig", None) or exc
    text = str(original).strip().splitlines()
    return scrub(text[0] if text else type(original).__name__, url)


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
            else:
                _check_store_file(path, create)
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


def _check_store_file(path: Path, create: bool) -> None:
    """Refuse an existing file that is not a netmap store before anything writes to it (the
    engine's first connection sets WAL mode, and migrating creates tables): an empty file, a
    file that is not SQLite, a SQLite database holding other tables, and, unless ``create``,
    a SQLite database holding no tables at all. Looked at read-only."""
    # never open() the file: closing any handle on it drops every SQLite lock this process
    # holds on it (POSIX locks belong to the process), and another process could then delete
    # the write-ahead log under a live connection. stat and SQLite's own read-only connection
    # (which keeps its file handles while locks are held) are safe.
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise StoreError(f"cannot read the store {path}: {exc.strerror}") from None
    if size == 0:
        raise StoreError(f"{path} is an empty file, not a netmap store; netmap never writes to a file that is not its "
                         "store: give the path of a store, or of a file that does not exist yet for 'netmap project "
                         "create' to make")
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=30)
        try:
            tables = {name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        finally:
            connection.close()
    except sqlite3.DatabaseError as exc:
        if "not a database" in str(exc):
            raise StoreError(f"{path} is not a netmap store (not a SQLite database)") from None
        raise StoreError(f"cannot open the store {path}: {exc}") from None
    if "alembic_version" in tables:
        return  # a netmap store (migrate refuses a newer one)
    if tables:
        raise StoreError(f"{path} holds other tables ({', '.join(sorted(tables)[:3])} …) but no netmap schema; give "
                         "an empty database or a netmap store")
    if not create:
        raise StoreError(f"{path} is an empty SQLite database, not a netmap store (create one with 'netmap project "
                         f"create NAME --db {path}')")


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
        raise StoreError(f"cannot open the store {where}: {first_line(exc, engine.url)}") from None
    except sa.exc.DatabaseError as exc:
        raise StoreError(f"cannot open the store {where}: {first_line(exc, engine.url)}") from None
