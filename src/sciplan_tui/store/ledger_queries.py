"""Queries for the ledger, the monthly report and the ledger import: the change log read by month.

Portable Core selects only (SQLite today, PostgreSQL next): no date functions in SQL, month
boundaries are computed in Python and passed as parameters.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, func, select

from .queries import _chunks
from .rows import NoteRow, TargetRow
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
    "TRACKED",
    "FieldChange",
    "born_after",
    "changes_between",
    "changes_since",
    "last_changes",
    "note_texts",
    "noted_tasks",
    "notes_before",
    "plan_codes",
    "targets_of",
]
