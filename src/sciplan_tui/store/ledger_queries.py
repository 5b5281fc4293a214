"""Queries for the ledger, the monthly report and the ledger import: the change log read by month.

Portable Core selects only (SQLite today, PostgreSQL next): no date functions in SQL, month
boundaries are computed in Python and passed as parameters.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, String, func, literal, select

from .filters import TaskFilter
from .queries import _chunks, _order, task_select
from .rows import NoteRow, TargetRow
from .tables import TG, A, C, D, N, P, T

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


def ledger_rows(conn: Connection, f: TaskFilter, today: date, *, batch: int = 2000) -> Iterator[Any]:
    """The current ledger, one query streamed `batch` rows at a time, in the task list's order.

    Each row: the task's columns (queries.task_select), then `leads` and `participants` (names
    joined with SEP in the document's order, aggregated in SQL), the newest note's text and time,
    and the newest tracked change's actor and time. Memory stays flat whatever the number of tasks.
    """
    note, change = N.alias("newest_note"), C.alias("newest_change")
    q = (
        task_select(conn, f, today)
        .add_columns(
            _names(conn, "lead").label("leads"),
            _names(conn, "participant").label("participants"),
            note.c.text.label("note_text"),
            note.c.at.label("note_at"),
            change.c.actor.label("changed_by"),
            change.c.at.label("changed_at"),
        )
        .outerjoin(note, note.c.id == _newest_note())
        .outerjoin(change, change.c.id == _newest_change())
        .order_by(*_order("code", False))
    )
    result = conn.execution_options(yield_per=batch).execute(q)
    for part in result.partitions():
        yield from part


def _names(conn: Connection, role: str) -> Any:
    """The task's department names in `role`, in assignment order, as one SEP-joined string."""
    where = (A.c.task_id == T.c.id, A.c.role == role)
    if conn.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import aggregate_order_by

        agg = func.string_agg(D.c.name, aggregate_order_by(literal(SEP, String), A.c.id))
        return select(agg).select_from(A.join(D, D.c.id == A.c.department_id)).where(*where).scalar_subquery()
    # SQLite (3.40) has no ORDER BY inside an aggregate: it aggregates an ordered subquery in its order.
    ordered = (
        select(D.c.name)
        .select_from(A.join(D, D.c.id == A.c.department_id))
        .where(*where)
        .order_by(A.c.id)
        .correlate(T)
        .subquery()
    )
    return select(func.group_concat(ordered.c.name, SEP)).scalar_subquery()


def _newest_note() -> Any:
    """The id of the task's newest note (as latest_notes orders them: by time, then id)."""
    n = N.alias("n")
    q = select(n.c.id).where(n.c.task_id == T.c.id).order_by(n.c.at.desc(), n.c.id.desc()).limit(1)
    return q.scalar_subquery()


def _newest_change() -> Any:
    """The id of the task's newest status/progress/due/note/target change (as last_changes)."""
    c = C.alias("c")
    return select(func.max(c.c.id)).where(c.c.task_id == T.c.id, c.c.field.in_(TRACKED)).scalar_subquery()


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
