"""Schema migrations: recorded steps applied at start-up, so a clerk's data survives upgrades.

A new store gets the current schema at once and is stamped with the latest version; an
existing store runs every step above its recorded version, in order, in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import Connection, text

from ..errors import StoreError
from .engine import Store
from .version import LATEST, VERSION_QUERY

Step = Callable[[Connection], None]


def _initial(conn: Connection) -> None:
    """Version 1: the tables of models.py."""
    from sqlmodel import SQLModel

    from . import models  # noqa: F401  (registers the tables)

    SQLModel.metadata.create_all(conn)


def _access_grants(conn: Connection) -> None:
    """Version 2: the access_grant table (services/access.py); no rows, so access stays open."""
    from .models import Grant

    Grant.__table__.create(conn, checkfirst=True)  # type: ignore[attr-defined]


def _archive_and_settings(conn: Connection) -> None:
    """Version 3: plan.archived_at (archived plans are hidden, not deleted) and the setting table."""
    from .models import Setting

    conn.execute(text("ALTER TABLE plan ADD COLUMN archived_at TIMESTAMP"))
    Setting.__table__.create(conn, checkfirst=True)  # type: ignore[attr-defined]


def _department_contacts(conn: Connection) -> None:
    """Version 4: a contact person, phone and note per department (services/contacts.py)."""
    for column in ("contact", "phone", "contact_note"):
        conn.execute(text(f"ALTER TABLE department ADD COLUMN {column} VARCHAR"))


def _duban_log(conn: Connection) -> None:
    """Version 5: the duban_log table (sheets sent, answers collected: services/duban.py)."""
    from .models import DubanLog

    DubanLog.__table__.create(conn, checkfirst=True)  # type: ignore[attr-defined]


def _plan_lookups(conn: Connection) -> None:
    """Version 6: indexes for what every import looks up (the same file, the plan it revises): on a server
    with thousands of plans each import scanned the plan table twice."""
    conn.execute(text('CREATE INDEX IF NOT EXISTS ix_plan_jurisdiction ON "plan" (jurisdiction)'))
    conn.execute(text('CREATE INDEX IF NOT EXISTS ix_plan_checksum ON "plan" (checksum)'))


def _covering_indexes(conn: Connection) -> None:
    """Version 7: indexes that cover what listings and bulk writes read. Each task row of a listing or
    an export aggregates its lead and participant names in order: with task_id alone every assignment
    was a table lookup (a third of a 10k-task listing's query time). A task's changes by field: the
    newest tracked change of each row of the ledger. The new indexes start with the old ones'
    columns, which they replace. And the notes each source added (a partial index on the note-change
    rows' note, where a bulk file's name is): applying a new file looks up nothing per task."""
    conn.execute(
        text("CREATE INDEX IF NOT EXISTS ix_assignment_task_role ON assignment (task_id, role, id, department_id)")
    )
    conn.execute(
        text("CREATE INDEX IF NOT EXISTS ix_assignment_department_role ON assignment (department_id, role, task_id)")
    )
    conn.execute(text("DROP INDEX IF EXISTS ix_assignment_task_id"))
    conn.execute(text("DROP INDEX IF EXISTS ix_assignment_department_id"))
    conn.execute(text("CREATE INDEX IF NOT EXISTS ix_change_task_field ON change (task_id, field)"))
    conn.execute(text("DROP INDEX IF EXISTS ix_change_task_id"))
    conn.execute(text("CREATE INDEX IF NOT EXISTS ix_change_note_source ON change (note) WHERE field = 'note'"))


# (version, name, step). Append new steps; never edit a released one.
STEPS: list[tuple[int, str, Step]] = [
    (1, "initial schema", _initial),
    (2, "access grants", _access_grants),
    (3, "plan archive and settings", _archive_and_settings),
    (4, "department contacts", _department_contacts),
    (5, "duban log", _duban_log),
    (6, "plan lookup indexes", _plan_lookups),
    (7, "covering indexes", _covering_indexes),
]
if STEPS[-1][0] != LATEST:  # version.py names the newest step for openers that do not load this module
    raise RuntimeError(f"store/version.py says {LATEST}, the newest migration is {STEPS[-1][0]}")

_CREATE_VERSIONS = (
    "CREATE TABLE IF NOT EXISTS schema_version ("
    " version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at VARCHAR NOT NULL)"
)


def current_version(conn: Connection) -> int:
    conn.execute(text(_CREATE_VERSIONS))
    found = conn.execute(text(VERSION_QUERY)).scalar()
    return int(found or 0)


def pending(store: Store) -> int | None:
    """The version of an existing store that is about to change shape (opening.py backs it up first)."""
    known = _version_if_known(store)
    return known if known and known != LATEST else None


def migrate(store: Store) -> list[int]:
    """Bring the store to LATEST; return the versions applied. The usual case costs one query."""
    if _version_if_known(store) == LATEST:
        return []
    with store.write() as conn:
        _serialise(conn)
        found = current_version(conn)
        if found > LATEST:
            raise StoreError("store.newer", found=found, known=LATEST)
        if found == 0 and not _has_tables(conn):
            _initial(conn)
            _stamp(conn, LATEST, "created at latest")
            return [LATEST]
        applied = []
        for version, name, step in STEPS:
            if version > found:
                step(conn)
                _stamp(conn, version, name)
                applied.append(version)
        return applied


def _version_if_known(store: Store) -> int | None:
    """The recorded schema version, or None when the store has no version table yet."""
    from sqlalchemy.exc import DBAPIError

    try:
        with store.engine.connect() as conn:
            return int(conn.execute(text(VERSION_QUERY)).scalar() or 0)
    except DBAPIError:
        return None


def _serialise(conn: Connection) -> None:
    """One migrating process at a time: SQLite's BEGIN IMMEDIATE already ensures it; on PostgreSQL
    a transaction-scoped advisory lock does, so clients starting together do not race to ALTER."""
    if conn.dialect.name == "postgresql":
        conn.execute(text("SELECT pg_advisory_xact_lock(7411)"))


def _stamp(conn: Connection, version: int, name: str) -> None:
    now = datetime.now(UTC).isoformat(timespec="seconds")
    conn.execute(
        text("INSERT INTO schema_version (version, name, applied_at) VALUES (:v, :n, :a)"),
        {"v": version, "n": name, "a": now},
    )


def _has_tables(conn: Connection) -> bool:
    from sqlalchemy import inspect

    return inspect(conn).has_table("task")
