"""Queries for the ledger, the monthly report and the ledger import: the change log read by month.

SQL text over the DB-API (store/sql.py), like store/queries.py: every function takes a `Db` or a
SQLAlchemy connection (`as_db`), so an export on SQLite never imports SQLAlchemy. No date functions
in SQL: month boundaries are computed in Python and bound as parameters (an aware time is bound in
UTC, as the store keeps it).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from .filters import TaskFilter
from .queries import SEP, TARGET_COLUMNS, TASK_FROM, names_sql, order_sql, where_sql
from .rows import NoteRow, TargetRow
from .sql import CHUNK, Bind, as_db, chunks, to_datetime

# The fields a person changes on a task (the rest are plan revisions: title, body, assignments).
TRACKED = ("status", "progress", "due_date", "note", "target")
REPLAYED = ("status", "progress", "due_date", "target")


@dataclass(frozen=True)
class FieldChange:
    """One change log row, as the ledger needs it."""

    id: int
    task_id: int
    ref_id: int | None
    at: datetime
    actor: str
    field: str
    old: str | None
    new: str | None


CHANGE_COLUMNS = "id, task_id, ref_id, at, actor, field, old, new"


def _field_change(r: Sequence[Any]) -> FieldChange:
    return FieldChange(r[0], r[1], r[2], _utc(r[3]), r[4], r[5], r[6], r[7])


def _utc(value: Any) -> datetime:
    """A stored time, aware in UTC: what SQLModel's column type gives (the ledger import compares it
    with the aware time a clerk's file states)."""
    at = to_datetime(value)
    assert at is not None
    return at if at.tzinfo is not None else at.replace(tzinfo=UTC)


# The columns of a `ledger_rows` row, in order: what the ledger shows of a task, its departments and its
# latest news. Dates and times as the driver gives them: objects from PostgreSQL, ISO text from SQLite
# (read them with sql.to_date / sql.to_datetime, once per distinct value in a long stream).
LEDGER_COLUMNS = (
    "id", "plan_code", "code", "kind", "item_title", "title", "status", "progress", "due_date",
    "leads",  # names joined with SEP, in the document's order (split_names)
    "participants",
    "note_text", "note_at", "changed_by", "changed_at",
)  # fmt: skip


def ledger_rows(conn: Any, f: TaskFilter, today: date, *, batch: int = 2000) -> Iterator[list[tuple[Any, ...]]]:
    """The current ledger, one query streamed in lists of `batch` rows, in the task list's order.

    Each row (LEDGER_COLUMNS): the task's columns, then `leads` and `participants` (names joined with
    SEP in the document's order, aggregated in SQL), the newest note's text and time, and the newest
    tracked change's actor and time. Memory stays flat whatever the number of tasks.
    """
    db = as_db(conn)
    b = Bind()
    where = where_sql(db, f, today, b)
    tracked = b.list(TRACKED)
    q = (
        "SELECT t.id, p.code, t.code, t.kind, i.title, t.title, t.status, t.progress, t.due_date,"
        f" {names_sql(db, b, 'lead')}, {names_sql(db, b, 'participant')},"
        f" nn.text, nn.at, nc.actor, nc.at FROM {TASK_FROM}"
        " LEFT OUTER JOIN note nn ON nn.id = (SELECT n.id FROM note n WHERE n.task_id = t.id"
        " ORDER BY n.at DESC, n.id DESC LIMIT 1)"
        " LEFT OUTER JOIN change nc ON nc.id = (SELECT MAX(c.id) FROM change c"
        f" WHERE c.task_id = t.id AND c.field IN {tracked})"
        f" WHERE {where} ORDER BY {order_sql('code', False)}"
    )
    yield from db.stream(q, b.params, batch=batch)


def last_changes(conn: Any, ids: list[int], before: datetime | None = None) -> dict[int, FieldChange]:
    """Each task's newest status/progress/due/note/target change (before `before`, if given)."""
    db = as_db(conn)
    out: dict[int, FieldChange] = {}
    for chunk in chunks(ids, CHUNK):
        b = Bind()
        conds = f"task_id IN {b.list(chunk)} AND field IN {b.list(TRACKED)}"
        if before is not None:
            conds += f" AND at < {b(before)}"
        q = (
            f"SELECT {_prefixed('c')} FROM change c JOIN"
            f" (SELECT MAX(id) AS mid FROM change WHERE {conds} GROUP BY task_id) newest ON newest.mid = c.id"
        )
        out.update({r[1]: _field_change(r) for r in db.rows(q, b.params)})
    return out


def _prefixed(alias: str) -> str:
    return ", ".join(f"{alias}.{c}" for c in CHANGE_COLUMNS.split(", "))


def _changes(
    conn: Any, ids: list[int], fields: Sequence[str], since: datetime, end: datetime | None
) -> list[FieldChange]:
    db = as_db(conn)
    out: list[FieldChange] = []
    for chunk in chunks(ids, CHUNK):
        b = Bind()
        q = (
            f"SELECT {CHANGE_COLUMNS} FROM change WHERE task_id IN {b.list(chunk)} AND field IN {b.list(fields)}"
            f" AND at >= {b(since)}"
        )
        if end is not None:
            q += f" AND at < {b(end)}"
        out += [_field_change(r) for r in db.rows(q, b.params)]
    return out


def changes_since(conn: Any, ids: list[int], since: datetime) -> list[FieldChange]:
    """Replayable changes at or after `since`, newest first (to walk the ledger back in time)."""
    return sorted(_changes(conn, ids, REPLAYED, since, None), key=lambda c: c.id, reverse=True)


def changes_between(conn: Any, ids: list[int], start: datetime, end: datetime) -> list[FieldChange]:
    """Tracked changes in [start, end), oldest first."""
    return sorted(_changes(conn, ids, TRACKED, start, end), key=lambda c: c.id)


def notes_before(conn: Any, ids: list[int], end: datetime) -> dict[int, NoteRow]:
    """The newest note of each task written before `end`."""
    db = as_db(conn)
    out: dict[int, NoteRow] = {}
    for chunk in chunks(ids, CHUNK):
        b = Bind()
        q = (
            f"SELECT id, task_id, at, actor, text FROM note WHERE task_id IN {b.list(chunk)} AND at < {b(end)}"
            " ORDER BY task_id, at, id"
        )
        for r in db.rows(q, b.params):
            out[r[1]] = NoteRow(r[0], r[1], _utc(r[2]), r[3], r[4])
    return out


def note_texts(conn: Any, ids: list[int]) -> dict[int, list[str]]:
    """Every note text of each task (to tell a new note from one already recorded)."""
    db = as_db(conn)
    out: dict[int, list[str]] = defaultdict(list)
    for chunk in chunks(ids, CHUNK):
        b = Bind()
        for tid, text in db.rows(f"SELECT task_id, text FROM note WHERE task_id IN {b.list(chunk)}", b.params):
            out[tid].append(text)
    return out


def noted_tasks(conn: Any, ids: list[int], start: datetime, end: datetime) -> set[int]:
    """Tasks that received a progress note in [start, end)."""
    db = as_db(conn)
    found: set[int] = set()
    for chunk in chunks(ids, CHUNK):
        b = Bind()
        q = f"SELECT DISTINCT task_id FROM note WHERE task_id IN {b.list(chunk)} AND at >= {b(start)} AND at < {b(end)}"
        found.update(db.column(q, b.params))
    return found


def born_after(conn: Any, ids: list[int], end: datetime) -> set[int]:
    """Tasks that did not exist yet at `end`: their plan was imported later, or a revision added them."""
    db = as_db(conn)
    found: set[int] = set()
    for chunk in chunks(ids, CHUNK):
        b = Bind()
        late_plan = (
            f'SELECT t.id FROM task t JOIN "plan" p ON p.id = t.plan_id WHERE t.id IN {b.list(chunk)}'
            f" AND p.imported_at >= {b(end)}"
        )
        found.update(db.column(late_plan, b.params))
        b = Bind()
        created = (
            f"SELECT task_id FROM change WHERE task_id IN {b.list(chunk)} AND field = 'created' AND at >= {b(end)}"
        )
        found.update(db.column(created, b.params))
    return found


def targets_of(conn: Any, ids: list[int]) -> list[TargetRow]:
    """The quantitative targets of these tasks, in task and number order."""
    db = as_db(conn)
    out: list[TargetRow] = []
    for chunk in chunks(ids, CHUNK):
        b = Bind()
        q = f"SELECT {TARGET_COLUMNS} FROM target WHERE task_id IN {b.list(chunk)} ORDER BY task_id, number"
        out += [TargetRow(*r) for r in db.rows(q, b.params)]
    return out


def plan_codes(conn: Any, ids: list[int]) -> dict[int, str]:
    """The plan code of each task."""
    db = as_db(conn)
    out: dict[int, str] = {}
    for chunk in chunks(ids, CHUNK):
        b = Bind()
        q = f'SELECT t.id, p.code FROM task t JOIN "plan" p ON p.id = t.plan_id WHERE t.id IN {b.list(chunk)}'
        out.update(dict(db.rows(q, b.params)))  # type: ignore[arg-type]
    return out


__all__ = [
    "LEDGER_COLUMNS",
    "REPLAYED",
    "SEP",
    "TRACKED",
    "FieldChange",
    "born_after",
    "changes_between",
    "changes_since",
    "last_changes",
    "ledger_rows",
    "note_texts",
    "noted_tasks",
    "notes_before",
    "plan_codes",
    "targets_of",
]
