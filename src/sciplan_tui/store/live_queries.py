"""Reads for a live view (the TUI): the changes since an id, and counts restricted to a few plans.

A view that is refreshed every time someone writes must not re-read the whole store: it asks which
tasks changed since its last look (the `change` table, by id) and recounts only their plans. The
counts follow the one rule in rules.py (closed, overdue): the SQL only groups the rows by status and
due date, and `rules.is_overdue` decides, in Python, which groups are late.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass, fields
from datetime import date

from sqlalchemy import Connection, func, select

from .. import rules
from .rows import PlanRow
from .tables import C, D, I, P, T


@dataclass(frozen=True)
class ChangeMark:
    """One recorded change, as a live view needs it: which task (or plan) and which field."""

    id: int
    task_id: int | None
    plan_id: int | None
    field: str


@dataclass(frozen=True)
class PlanCounts:
    """PlanRow's counts: items by kind, live tasks (actions and projects), milestones, departments,
    done and overdue."""

    actions: int = 0
    projects: int = 0
    tasks: int = 0
    milestones: int = 0
    departments: int = 0
    done: int = 0
    overdue: int = 0


COUNTS = tuple(f.name for f in fields(PlanCounts))


@dataclass(frozen=True)
class PlanChoice:
    """A plan as a selector lists it (no counts: cheap on a store of thousands of plans)."""

    id: int
    code: str
    period_start: int | None
    period_end: int | None


def plan_choices(conn: Connection, plan_ids: Collection[int] | None) -> list[PlanChoice]:
    q = select(P.c.id, P.c.code, P.c.period_start, P.c.period_end).order_by(P.c.id)
    if plan_ids is not None:
        q = q.where(P.c.id.in_(sorted(plan_ids)))
    return [PlanChoice(*r) for r in conn.execute(q)]


def newest_change(conn: Connection) -> int:
    return int(conn.execute(select(func.max(C.c.id))).scalar() or 0)


def changes_after(conn: Connection, after: int, limit: int) -> list[ChangeMark]:
    """The changes with an id above `after`, oldest first, at most `limit` (the primary key's order)."""
    q = select(C.c.id, C.c.task_id, C.c.plan_id, C.c.field).where(C.c.id > after).order_by(C.c.id).limit(limit)
    return [ChangeMark(*r) for r in conn.execute(q)]


def plans_of_tasks(conn: Connection, task_ids: Collection[int]) -> dict[int, int]:
    """Task id → plan id (a change row may lack its plan)."""
    out: dict[int, int] = {}
    ids = sorted(task_ids)
    for start in range(0, len(ids), 900):
        q = select(T.c.id, T.c.plan_id).where(T.c.id.in_(ids[start : start + 900]))
        out.update({int(tid): int(pid) for tid, pid in conn.execute(q)})
    return out


def plan_rows(conn: Connection, plan_ids: Collection[int] | None) -> list[PlanRow]:
    """The plans' own columns (those PlanRow names), in the store's order, counts left at zero:
    cheap on a store of thousands of plans, whose counts are read afterwards (`plan_counts`)."""
    names = [f.name for f in fields(PlanRow) if f.name not in COUNTS]
    q = select(*(P.c[name] for name in names)).order_by(P.c.id)
    if plan_ids is not None:
        q = q.where(P.c.id.in_(sorted(plan_ids)))
    return [PlanRow(**r._asdict()) for r in conn.execute(q)]


def plan_counts(conn: Connection, today: date, plan_ids: Collection[int]) -> dict[int, PlanCounts]:
    """The counts of these plans only (the plan_id indexes): grouped queries over their rows."""
    found: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    ids = sorted(plan_ids)
    for start in range(0, len(ids), 900):
        chunk = ids[start : start + 900]
        q = (
            select(T.c.plan_id, T.c.kind, T.c.status, T.c.due_date, func.count())
            .where(T.c.plan_id.in_(chunk), T.c.retired.is_(False))
            .group_by(T.c.plan_id, T.c.kind, T.c.status, T.c.due_date)
        )
        for pid, kind, status, due, n in conn.execute(q):
            c = found[pid]
            c["milestones" if kind == "milestone" else "tasks"] += n
            c["done"] += n if status == "done" else 0
            c["overdue"] += n if rules.is_overdue(status, due, today) else 0
        items = (
            select(I.c.plan_id, I.c.kind, func.count()).where(I.c.plan_id.in_(chunk)).group_by(I.c.plan_id, I.c.kind)
        )
        for pid, kind, n in conn.execute(items):
            found[pid]["actions" if kind == "action" else "projects" if kind == "project" else kind] += n
        depts = select(D.c.plan_id, func.count()).where(D.c.plan_id.in_(chunk)).group_by(D.c.plan_id)
        for pid, n in conn.execute(depts):
            found[pid]["departments"] += n
    return {pid: PlanCounts(**{k: v for k, v in found[pid].items() if k in COUNTS}) for pid in ids}


__all__ = [
    "ChangeMark",
    "PlanChoice",
    "PlanCounts",
    "changes_after",
    "newest_change",
    "plan_choices",
    "plan_counts",
    "plan_rows",
    "plans_of_tasks",
]
