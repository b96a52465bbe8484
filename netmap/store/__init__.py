"""Projects that remember: waves of a locality's network, every edit as a revision.

Stable API (the compare and survey code depend on it)::

    from netmap.store import open_store
    store = open_store(db)                        # path, postgresql:// URL, or None (default)
    store.wave_names(project)                     # in date order
    store.load_network(project, wave)             # -> StakeholderNetwork
    store.save_table(project, wave, name, frame)  # extra tables: aliases, affiliations, spaces
    store.load_table(project, wave, name)         # -> DataFrame or None

SQLAlchemy Core on SQLite (one file, the default) or PostgreSQL (a team), with Alembic
migrations run on open. See docs/store.md.
"""
from __future__ import annotations

from netmap.errors import ConflictError, StoreError
from netmap.store.engine import default_db
from netmap.store.store import NETWORK_TABLES, SourceFile, Store, WaveInfo, check_date, default_author, open_store

__all__ = ["open_store", "Store", "StoreError", "ConflictError", "SourceFile", "WaveInfo", "default_db",
           "default_author", "check_date", "NETWORK_TABLES"]
