"""Opening a store: the engine, then its migrations (which back it up first). Above engine, migrations, backup.

engine.py knows connections, migrations.py schema steps, backup.py copies; only this module puts
them together, so none of them imports another in a circle.
"""

from __future__ import annotations

import os
import time

from .engine import Store, resolve_url, translated
from .version import LATEST, VERSION_QUERY


def open_store(db: str | os.PathLike[str] | None = None, *, migrate: bool = True) -> Store:
    """Open (and create or migrate) the store at `db`; a store about to change shape is backed up first.

    A store already at the latest version (the everyday case) is checked with one query over the
    DB-API; only a new, older or unreadable one loads SQLAlchemy and the migrations.
    """
    store = Store(resolve_url(db))
    if migrate:
        started = time.perf_counter()
        with translated(store.url):  # a damaged file: StoreError naming it and `restore` (exit 6)
            if store.is_sqlite:
                check_header(store)
            if not _is_current(store):
                from .backup import auto_backup
                from .migrations import migrate as apply_migrations
                from .migrations import pending

                if (known := pending(store)) is not None:
                    auto_backup(store, f"before-migration-v{known}")
                apply_migrations(store)
        store.migrated_in = time.perf_counter() - started  # type: ignore[attr-defined]
    return store


def _is_current(store: Store) -> bool:
    """Whether the store exists at LATEST (one query); anything else is for the migrations to decide."""
    if store.is_sqlite and (store.path is None or not store.path.is_file() or store.path.stat().st_size == 0):
        return False
    try:
        with store.sql() as db:
            return db.scalar(VERSION_QUERY) == LATEST
    except Exception as exc:
        from .engine import _driver_error

        orig = _driver_error(exc)
        if orig is not None and ("no such table" in str(orig) or getattr(orig, "sqlstate", None) == "42P01"):
            return False  # no version table yet: the migrations make the store
        raise  # a server that does not answer, a damaged file: `translated` says so, once


def check_header(store: Store) -> None:
    """A SQLite store file that does not start with SQLite's header is damaged, whatever else it holds."""
    from .engine import SQLITE_MAGIC, damaged

    path = store.path
    if path is None or not path.is_file() or path.stat().st_size == 0:
        return
    with path.open("rb") as fh:
        if fh.read(len(SQLITE_MAGIC)) != SQLITE_MAGIC:
            store.dispose()
            raise damaged(store.url, "file is not a database")


__all__ = ["open_store"]
