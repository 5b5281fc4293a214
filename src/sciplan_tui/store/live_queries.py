"""Reads for a live view (the TUI): the changes since an id, and the plans listed before they are counted.

A view that is refreshed every time someone writes must not re-read the whole store: it asks which
tasks changed since its last look (the `change` table, by id) and recounts only their plans, with
`queries.plans(..., plan_ids=...)`: the one counting of plans, restricted to those plans' rows.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import Connection, func, select

from .queries import PLAN_COLUMNS
from .rows import PlanRow
from .tables import C, P, T


@dataclass(frozen=True)
class ChangeMark:
    """One recorded change, as a live view needs it: which task (or plan) and which field."""

    id: int
    task_id: int | None
    plan_id: int | None
    field: str


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
    """The plans' own columns (queries.PLAN_COLUMNS), in the store's order, counts left at zero:
    cheap on a store of thousands of plans, whose counts are read afterwards (`queries.plans` with
    their ids)."""
    q = select(*(P.c[name] for name in PLAN_COLUMNS)).order_by(P.c.id)
    if plan_ids is not None:
        q = q.where(P.c.id.in_(sorted(plan_ids)))
    return [PlanRow(**r._asdict()) for r in conn.execute(q)]


__all__ = [
    "ChangeMark",
    "PlanChoice",
    "changes_after",
    "newest_change",
    "plan_choices",
    "plan_rows",
    "plans_of_tasks",
]
