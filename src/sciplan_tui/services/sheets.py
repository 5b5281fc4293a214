"""Fill-in sheets (进展情况表) for each department: its tasks, what each sheet was sent with, and row keys.

Every row carries a key that names the export run (token), the department, the task and the values
the sheet was sent with (status, progress, due date). `collect` (services/collect.py) compares each
answered cell with those sent values, so only what the department changed is applied, and a field
the store changed since is a conflict rather than an overwrite. The key lives in a hidden column
(kept by Excel, WPS, CSV and "Unicode 文本" saves) and again on a hidden sheet of the workbook.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import insert, select

from ..errors import InvalidInputError
from ..i18n import register
from ..store import models as m
from ..store.tables import A
from .contacts import Contact, contacts
from .ledger import LedgerRow, Month, ledger

if TYPE_CHECKING:
    from . import Services, TaskFilter

register(
    {
        "sheet.bad_key": (
            "行键“{value}”无法识别（应由 sciplan export sheets 生成）",
            "Cannot read the row key '{value}' (made by sciplan export sheets)",
        ),
    }
)

KEY_PREFIX = "sp1"
L = m.DubanLog.__table__  # type: ignore[attr-defined]
DEADLINE_DAY = 25  # departments usually answer by the 25th


@dataclass(frozen=True)
class RowKey:
    """What a sheet row was sent with: the run, the department, the task and its values then."""

    token: str
    dept_id: int
    task_id: int
    status: str
    progress: int
    due_date: date | None

    def text(self) -> str:
        due = self.due_date.isoformat() if self.due_date else ""
        return "|".join(
            (KEY_PREFIX, self.token, str(self.dept_id), str(self.task_id), self.status, str(self.progress), due)
        )

    @classmethod
    def parse(cls, text: str) -> RowKey:
        parts = text.strip().split("|")
        try:
            if len(parts) != 7 or parts[0] != KEY_PREFIX:
                raise ValueError(text)
            due = date.fromisoformat(parts[6]) if parts[6] else None
            return cls(parts[1], int(parts[2]), int(parts[3]), parts[4], int(parts[5]), due)
        except ValueError as exc:
            raise InvalidInputError("sheet.bad_key", value=text[:60]) from exc


@dataclass(frozen=True)
class SheetRow:
    key: RowKey
    role: str  # lead | participant
    ledger: LedgerRow


@dataclass(frozen=True)
class Sheet:
    """One department's fill-in sheet."""

    dept: Contact
    period: str
    token: str
    deadline: date
    sent_at: datetime
    rows: tuple[SheetRow, ...]

    @property
    def file_stem(self) -> str:
        return f"{self.dept.plan_code}-{self.dept.name}-{self.period}进展情况表"


def default_deadline(today: date) -> date:
    """The 25th of this month, or of next month once this month's has passed."""
    if today.day <= DEADLINE_DAY:
        return today.replace(day=DEADLINE_DAY)
    month = Month.of(today)
    return month.next_first_day.replace(day=DEADLINE_DAY)


def build(
    services: Services,
    f: TaskFilter | None = None,
    *,
    dept: str | None = None,
    period: str | None = None,
    deadline: date | None = None,
) -> list[Sheet]:
    """A sheet per department with at least one task in `f` (lead or participant), in plan order."""
    book = ledger(services, f)
    rows = {r.task_id: r for r in book.rows}
    people = contacts(services)
    wanted = departments_named(services, dept, people) if dept else None
    by_dept: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for tid, did, role in assignments(services, list(rows)):
        if (wanted is None or did in wanted) and did in people:
            by_dept[did].append((tid, role))
    token = f"{period or Month.of(services.today())}.{uuid.uuid4().hex[:8]}"
    now, due = services.clock.now(), deadline or default_deadline(services.today())
    order = {tid: n for n, tid in enumerate(rows)}
    place = {did: n for n, did in enumerate(people)}
    out = []
    for did in sorted(by_dept, key=place.__getitem__):
        roles: dict[int, str] = {}
        for tid, role in by_dept[did]:  # a department both leading and joining a task: it leads
            roles[tid] = "lead" if "lead" in (role, roles.get(tid)) else role
        tasks = sorted(roles.items(), key=lambda item: order[item[0]])
        sheet_rows = tuple(SheetRow(_key(token, did, rows[tid]), role, rows[tid]) for tid, role in tasks)
        out.append(Sheet(people[did], period or str(Month.of(services.today())), token, due, now, sheet_rows))
    return out


def assignments(services: Services, task_ids: list[int]) -> list[tuple[int, int, str]]:
    """(task, department, role) of these tasks, in the order the document gave them."""
    out: list[tuple[int, int, str]] = []
    with services.store.read() as conn:
        for chunk in _chunks(task_ids, 900):
            q = select(A.c.task_id, A.c.department_id, A.c.role).where(A.c.task_id.in_(chunk)).order_by(A.c.id)
            out += [(int(t), int(d), str(r)) for t, d, r in conn.execute(q)]
    return out


def _key(token: str, did: int, r: LedgerRow) -> RowKey:
    return RowKey(token, did, r.task_id, r.status, r.progress, r.due_date)


def departments_named(services: Services, name: str, people: dict[int, Contact]) -> set[int]:
    """The departments `name` means, among those the reader may see."""
    from ..errors import NotFoundError
    from ..store import queries

    with services.store.read() as conn:
        ids = {d for d in queries.department_ids(conn, name) if d in people}
    if not ids:
        raise NotFoundError("dept.not_found", value=name)
    return ids


def _chunks(values: list[int], size: int) -> list[list[int]]:
    return [values[i : i + size] for i in range(0, len(values), size)]


def record_sent(services: Services, sheets: list[Sheet], files: dict[int, str]) -> None:
    """Register the sheets as sent (one row per department) so `duban status` knows who was asked."""
    if not sheets:
        return
    with services.store.write() as conn:
        conn.execute(
            insert(L),
            [
                {
                    "period": s.period,
                    "department_id": s.dept.dept_id,
                    "kind": "sent",
                    "token": s.token,
                    "at": s.sent_at,
                    "actor": services.actor.name,
                    "source": files.get(s.dept.dept_id),
                    "digest": None,
                    "changes": 0,
                    "batch": None,
                }
                for s in sheets
            ],
        )


__all__ = ["DEADLINE_DAY", "RowKey", "Sheet", "SheetRow", "assignments", "build", "default_deadline", "record_sent"]
