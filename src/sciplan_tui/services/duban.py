"""Who has reported (报送登记): per period, which departments returned a sheet or changed anything.

A department has reported for a month when a fill-in sheet of it was collected for that month
(duban_log, services/collect.py) or when an account granted to that department (docs/access.md)
changed one of its tasks during the month. Every department with a task in the visible plans is
listed with its overdue and due-soon tasks (the ledger's own lamp: services/ledger.py).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from ..store import models as m
from ..store.tables import C
from .contacts import Contact, contacts
from .ledger import LedgerRow, Month, ledger
from .sheets import L, assignments

if TYPE_CHECKING:
    from . import Services

G = m.Grant.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class DeptTask:
    role: str  # lead | participant
    row: LedgerRow


@dataclass(frozen=True)
class DeptReport:
    """One department in one period."""

    dept: Contact
    tasks: tuple[DeptTask, ...]
    sent_at: datetime | None = None  # the latest sheet sent for the period
    returned_at: datetime | None = None  # the latest answer collected for the period
    returned_files: int = 0
    changed_at: datetime | None = None  # the latest change by the department's own account

    @property
    def reported(self) -> bool:
        return self.returned_at is not None or self.changed_at is not None

    @property
    def overdue(self) -> tuple[DeptTask, ...]:
        return tuple(t for t in self.tasks if t.row.light == "red")

    @property
    def due_soon(self) -> tuple[DeptTask, ...]:
        return tuple(t for t in self.tasks if t.row.light == "yellow")


@dataclass(frozen=True)
class DubanStatus:
    period: Month
    as_of: date
    depts: tuple[DeptReport, ...]

    @property
    def reported(self) -> tuple[DeptReport, ...]:
        return tuple(d for d in self.depts if d.reported)

    @property
    def silent(self) -> tuple[DeptReport, ...]:
        return tuple(d for d in self.depts if not d.reported)


def status(
    services: Services, period: Month | None = None, plan: str | None = None, dept: str | None = None
) -> DubanStatus:
    """Every department with tasks: reported or not in `period` (default: this month), and what is late."""
    from . import TaskFilter

    period = period or Month.of(services.today())
    people = contacts(services, plan)
    if dept:
        from .sheets import departments_named

        wanted = departments_named(services, dept, people)
        people = {k: v for k, v in people.items() if k in wanted}
    book = ledger(services, TaskFilter(plan=plan))
    rows = {r.task_id: r for r in book.rows}
    tasks: dict[int, list[DeptTask]] = defaultdict(list)
    roles: dict[tuple[int, int], str] = {}
    for tid, did, role in assignments(services, list(rows)):
        if did in people:  # a department both leading and joining a task: it leads
            roles[(did, tid)] = "lead" if "lead" in (role, roles.get((did, tid))) else role
    for (did, tid), role in roles.items():
        tasks[did].append(DeptTask(role, rows[tid]))
    log = _log(services, period, list(tasks))
    changed = _own_changes(services, period, list(tasks))
    out = [
        DeptReport(people[did], tuple(items), *log.get(did, (None, None, 0)), changed.get(did))
        for did, items in tasks.items()
        if items
    ]
    out.sort(key=lambda d: (d.reported, -len(d.overdue), d.dept.plan_id, d.dept.dept_id))
    return DubanStatus(period, book.as_of, tuple(out))


def _log(
    services: Services, period: Month, depts: list[int]
) -> dict[int, tuple[datetime | None, datetime | None, int]]:
    """Per department: the latest sheet sent, the latest answer collected, and how many answers."""
    out: dict[int, tuple[datetime | None, datetime | None, int]] = {}
    found: dict[tuple[int, str], tuple[datetime, int]] = {}
    with services.store.read() as conn:
        for start in range(0, len(depts), 900):
            q = (
                select(L.c.department_id, L.c.kind, func.max(L.c.at), func.count())
                .where(L.c.period == str(period), L.c.department_id.in_(depts[start : start + 900]))
                .group_by(L.c.department_id, L.c.kind)
            )
            for did, kind, at, n in conn.execute(q):
                found[(did, kind)] = (at, n)
    for did in depts:
        sent, back = found.get((did, "sent")), found.get((did, "returned"))
        if sent or back:
            out[did] = (sent[0] if sent else None, back[0] if back else None, back[1] if back else 0)
    return out


def _own_changes(services: Services, period: Month, depts: list[int]) -> dict[int, datetime]:
    """The latest change in the period by an account granted to the department (access grants)."""
    with services.store.read() as conn:
        users: dict[str, set[int]] = defaultdict(set)
        for user, did in conn.execute(select(G.c.username, G.c.department_id).where(G.c.department_id.is_not(None))):
            if did in depts:
                users[user].add(did)
        if not users:
            return {}
        q = (
            select(C.c.actor, func.max(C.c.at))
            .where(C.c.actor.in_(sorted(users)), C.c.at >= period.start, C.c.at < period.end, C.c.task_id.is_not(None))
            .group_by(C.c.actor)
        )
        out: dict[int, datetime] = {}
        for actor, at in conn.execute(q):
            for did in users[actor]:
                out[did] = max(out.get(did, at), at)
        return out


__all__ = ["DeptReport", "DeptTask", "DubanStatus", "status"]
