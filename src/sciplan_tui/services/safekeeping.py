"""Safekeeping for the CLI and the TUI: opening services on a store, backups, restore, check and copy.

The backup-before-write policy lives here, once. A write the history can undo (`set`, `set --from`,
`collect`, `import csv`: `sciplan undo` reverts the whole batch) is not copied first: its cost would
be O(store) for an O(rows) change. What the history cannot undo is copied: a plan import and a plan
removal (`back_up_first`, called inside the write transaction once the write is allowed and changes
something, so a refused or no-op write leaves no backup), a restore (store/backup.py), a migration
(store/opening.py) and an overwriting `db copy` (store/copy.py). Rotation is store/backup.py's
`prune`. `SCIPLAN_AUTO_BACKUP=0` turns automatic backups off.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..store import Store
    from ..store.copy import CopyReport
    from . import Services
    from .integrity import CheckReport

# Why a write backs the store up first (the backup file's name says which).
BACKUP_REASONS = ("import", "before-remove", "before-migration", "before-copy", "before-restore")
# Writes the history undoes (`sciplan undo`): no copy of the store before them.
UNDOABLE = ("bulk", "csv-import", "collect")


def back_up_first(store: Store, reason: str) -> Path | None:
    """The automatic backup before a write history cannot undo (None: undoable, PostgreSQL, empty, or off).

    Call it inside the write transaction, after the checks: on SQLite (WAL) the backup reads its
    own snapshot, the last committed state, so it holds the store as it was before this write.
    """
    from ..store.backup import auto_backup

    if reason in UNDOABLE:
        return None
    return auto_backup(store, reason)


def open_services(db: str | None, user: str | None = None) -> Services:
    """Services over the store at `db` (created and migrated if need be), as `user` or the OS user."""
    from ..store import open_store
    from . import Services
    from .actors import actor_for

    store = open_store(db)
    return Services(store, actor_for(store, user))  # on a secured server: the login role, not --as


def missing_store(db: str | None) -> Path | None:
    """The SQLite file `db` names when it does not exist yet (None: it exists, or a server store)."""
    from ..store import resolve_url

    url = resolve_url(db)
    if not url.startswith("sqlite:///") or url.endswith(":memory:"):
        return None
    path = Path(url.removeprefix("sqlite:///"))
    return None if path.exists() else path


def location(db: str | None) -> str:
    """Where the store is, as people may see it (no password)."""
    from ..store import resolve_url, safe_url

    return safe_url(resolve_url(db))


def store_file(db: str | None) -> Path | None:
    """The SQLite file of `db`, or None for a server store."""
    from ..store import Store, resolve_url

    store = Store(resolve_url(db))
    try:
        return store.path
    finally:
        store.dispose()


@dataclass(frozen=True)
class Restored:
    kept: Path | None  # where the replaced store was backed up


def backup_to(db: str | None, file: Path | None) -> Path:
    """An online backup of the store as it is on disk (no migration, no seeding) to `file` or backups/."""
    from ..store import Store, resolve_url
    from ..store import backup as b

    store = Store(resolve_url(db))
    try:
        dest = file if file is not None else b.backups_dir(store) / b.backup_name(store, "manual")
        return b.backup(store, dest)
    finally:
        store.dispose()


def restore_from(db: str | None, file: Path) -> Restored:
    """Replace the store with the backup `file` (checked first; the replaced store is kept), then migrate it."""
    from ..store import backup as b
    from ..store import open_store, resolve_url

    url = resolve_url(db)
    kept = b.restore(url, file)
    open_store(url).dispose()  # bring an older backup up to the current schema now
    return Restored(kept)


def check_store(db: str | None) -> CheckReport:
    """`sciplan check`: integrity, foreign keys and the ledger's rules (NotFoundError for a missing file)."""
    from ..errors import NotFoundError
    from ..store import open_store
    from .integrity import check

    path = store_file(db)
    if path is not None and not path.exists():
        raise NotFoundError("backup.no_store", file=str(path))
    store = open_store(db)
    try:
        return check(store)
    finally:
        store.dispose()


def copy_store(
    source: str | os.PathLike[str], target: str | os.PathLike[str], *, overwrite: bool = False
) -> CopyReport:
    """`sciplan db copy`: every row of one store into another (store/copy.py)."""
    from ..store.copy import copy_store as copy

    return copy(source, target, overwrite=overwrite)


__all__ = [
    "BACKUP_REASONS",
    "UNDOABLE",
    "Restored",
    "back_up_first",
    "backup_to",
    "check_store",
    "copy_store",
    "location",
    "open_services",
    "restore_from",
    "store_file",
]
