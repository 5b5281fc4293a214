"""Queries for the ledger, the monthly report and the ledger import: the change log read by month.

Portable Core selects only (SQLite today, PostgreSQL next): no date functions in SQL, month
boundaries are computed in Python and passed as parameters.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, NamedTuple

from sqlalchemy import Connection, func, select

from .filters import TaskFilter
from .queries import TASK_COLUMNS, TASK_FROM, _chunks, order_sql, where_sql
from .rows import NoteRow, TargetRow
from .sql import Bind, Db, as_db, to_date, to_datetime
from .tables import TG, C, N, P, T

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


def _field_change(r) -> FieldChange:  # type: ignore[no-untyped-def]
    return FieldChange(r.id, r.task_id, r.ref_id, r.at, r.actor, r.field, r.old, r.new)


def _change_cols() -> list:  # type: ignore[type-arg]
    return [C.c.id, C.c.task_id, C.c.ref_id, C.c.at, C.c.actor, C.c.field, C.c.old, C.c.new]


# Joins a task's department names in one SQL string: the unit separator, which no document puts in a name.
SEP = "\x1f"


class LedgerSqlRow(NamedTuple):
    """One row of `ledger_rows`: the task list's columns (queries.TASK_COLUMNS), then the rest."""

    id: int
    plan_id: int
    plan_code: str
    code: str
    kind: str
    item_id: int | None
    item_title: str | None
    title: str
    status: str
    progress: int
    due_date: date | None
    updated_at: datetime | None
    version: int
    unassigned: bool
    leads: str | None
    participants: str | None
    note_text: str | None
    note_at: datetime | None
    changed_by: str | None
    changed_at: datetime | None


def ledger_rows(conn: Any, f: TaskFilter, today: date, *, batch: int = 2000) -> Iterator[LedgerSqlRow]:
    """The current ledger, one query streamed `batch` rows at a time, in the task list's order.

    Each row: the task's columns (queries.TASK_COLUMNS), then `leads` and `participants` (names
    joined with SEP in the document's order, aggregated in SQL), the newest note's text and time,
    and the newest tracked change's actor and time. Memory stays flat whatever the number of tasks.
    """
    db = as_db(conn)
    b = Bind()
    where = where_sql(db, f, today, b)
    tracked = b.list(TRACKED)
    q = (
        f"SELECT {TASK_COLUMNS}, {_names_sql(db, b, 'lead')}, {_names_sql(db, b, 'participant')},"
        f" nn.text, nn.at, nc.actor, nc.at FROM {TASK_FROM}"
        " LEFT OUTER JOIN note nn ON nn.id = (SELECT n.id FROM note n WHERE n.task_id = t.id"
        " ORDER BY n.at DESC, n.id DESC LIMIT 1)"
        " LEFT OUTER JOIN change nc ON nc.id = (SELECT MAX(c.id) FROM change c"
        f" WHERE c.task_id = t.id AND c.field IN {tracked})"
        f" WHERE {where} ORDER BY {order_sql('code', False)}"
    )
    for part in db.stream(q, b.params, batch=batch):
        for r in part:
            yield LedgerSqlRow(
                *r[:10],
                to_date(r[10]),
                to_datetime(r[11]),
                r[12],
                bool(r[13]),
                r[14],
                r[15],
                r[16],
                to_datetime(r[17]),
                r[18],
                to_datetime(r[19]),
            )


def _names_sql(db: Db, b: Bind, role: str) -> str:
    """The task's department names in `role`, in assignment order, as one SEP-joined string."""
    of_task = (
        f"FROM assignment a JOIN department d ON d.id = a.department_id WHERE a.task_id = t.id AND a.role = {b(role)}"
    )
    if db.postgres:
        return f"(SELECT string_agg(d.name, CAST({b(SEP)} AS TEXT) ORDER BY a.id) {of_task})"
    # SQLite (3.40) has no ORDER BY inside an aggregate: it aggregates an ordered subquery in its order.
    return f"(SELECT group_concat(o.name, {b(SEP)}) FROM (SELECT d.name AS name {of_task} ORDER BY a.id) o)"


def last_changes(conn: Connection, ids: list[int], before: datetime | None = None) -> dict[int, FieldChange]:
    """Each task's newest status/progress/due/note/target change (before `before`, if given)."""
    out: dict[int, FieldChange] = {}
    for chunk in _chunks(ids, 900):
        conds = [C.c.task_id.in_(chunk), C.c.field.in_(TRACKED)]
        if before is not None:
            conds.append(C.c.at < before)
        newest = select(func.max(C.c.id).label("mid")).where(*conds).group_by(C.c.task_id).subquery()
        q = select(*_change_cols()).join(newest, newest.c.mid == C.c.id)
        out.update({r.task_id: _field_change(r) for r in conn.execute(q)})
    return out


def changes_since(conn: Connection, ids: list[int], since: datetime) -> list[FieldChange]:
    """Replayable changes at or after `since`, newest first (to walk the ledger back in time)."""
    out: list[FieldChange] = []
    for chunk in _chunks(ids, 900):
        q = select(*_change_cols()).where(C.c.task_id.in_(chunk), C.c.field.in_(REPLAYED), C.c.at >= since)
        out += [_field_change(r) for r in conn.execute(q)]
    return sorted(out, key=lambda c: c.id, reverse=True)


def changes_between(conn: Connection, ids: list[int], start: datetime, end: datetime) -> list[FieldChange]:
    """Tracked changes in [start, end), oldest first."""
    out: list[FieldChange] = []
    for chunk in _chunks(ids, 900):
        q = select(*_change_cols()).where(C.c.task_id.in_(chunk), C.c.field.in_(TRACKED), C.c.at >= start, C.c.at < end)
        out += [_field_change(r) for r in conn.execute(q)]
    return sorted(out, key=lambda c: c.id)


def notes_before(conn: Connection, ids: list[int], end: datetime) -> dict[int, NoteRow]:
    """The newest note of each task written before `end`."""
    out: dict[int, NoteRow] = {}
    for chunk in _chunks(ids, 900):
        q = (
            select(N.c.id, N.c.task_id, N.c.at, N.c.actor, N.c.text)
            .where(N.c.task_id.in_(chunk), N.c.at < end)
            .order_by(N.c.task_id, N.c.at, N.c.id)
        )
        for r in conn.execute(q):
            out[r.task_id] = NoteRow(*r)
    return out


def note_texts(conn: Connection, ids: list[int]) -> dict[int, list[str]]:
    """Every note text of each task (to tell a new note from one already recorded)."""
    out: dict[int, list[str]] = defaultdict(list)
    for chunk in _chunks(ids, 900):
        for tid, text in conn.execute(select(N.c.task_id, N.c.text).where(N.c.task_id.in_(chunk))):
            out[tid].append(text)
    return out


def noted_tasks(conn: Connection, ids: list[int], start: datetime, end: datetime) -> set[int]:
    """Tasks that received a progress note in [start, end)."""
    found: set[int] = set()
    for chunk in _chunks(ids, 900):
        q = select(N.c.task_id).where(N.c.task_id.in_(chunk), N.c.at >= start, N.c.at < end).distinct()
        found.update(conn.execute(q).scalars())
    return found


def born_after(conn: Connection, ids: list[int], end: datetime) -> set[int]:
    """Tasks that did not exist yet at `end`: their plan was imported later, or a revision added them."""
    found: set[int] = set()
    for chunk in _chunks(ids, 900):
        late_plan = select(T.c.id).join(P, P.c.id == T.c.plan_id).where(T.c.id.in_(chunk), P.c.imported_at >= end)
        found.update(conn.execute(late_plan).scalars())
        created = select(C.c.task_id).where(C.c.task_id.in_(chunk), C.c.field == "created", C.c.at >= end)
        found.update(conn.execute(created).scalars())
    return found


def targets_of(conn: Connection, ids: list[int]) -> list[TargetRow]:
    """The quantitative targets of these tasks, in task and number order."""
    out: list[TargetRow] = []
    for chunk in _chunks(ids, 900):
        q = select(*TG.c).where(TG.c.task_id.in_(chunk)).order_by(TG.c.task_id, TG.c.number)
        out += [TargetRow(**r._asdict()) for r in conn.execute(q)]
    return out


def plan_codes(conn: Connection, ids: list[int]) -> dict[int, str]:
    """The plan code of each task."""
    out: dict[int, str] = {}
    for chunk in _chunks(ids, 900):
        q = select(T.c.id, P.c.code).join(P, P.c.id == T.c.plan_id).where(T.c.id.in_(chunk))
        out.update(dict(conn.execute(q).all()))  # type: ignore[arg-type]
    return out


__all__ = [
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
