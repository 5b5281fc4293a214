"""The monthly report (月度调度会通报): counts by department and action/project, overdue, targets, silence."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from ..rules import is_closed
from ..store import ledger_queries as lq
from ..store.rows import TargetRow
from .counts import GroupCounts, by_lead, tally
from .ledger import LedgerRow, Month, ledger

if TYPE_CHECKING:
    from . import Services


# ---- the monthly report --------------------------------------------------------------------


@dataclass(frozen=True)
class TargetLine:
    code: str
    task_title: str
    target: TargetRow


@dataclass(frozen=True)
class SilentDept:
    """A lead department that sent no progress note on any of its open tasks this month."""

    plan_code: str
    name: str
    open_tasks: int


@dataclass(frozen=True)
class MonthlyReport:
    month: Month
    as_of: date
    plan: str | None
    total: int
    counts: dict[str, int]
    by_dept: tuple[GroupCounts, ...]
    by_item: tuple[GroupCounts, ...]
    overdue: tuple[LedgerRow, ...]
    targets: tuple[TargetLine, ...]
    silent: tuple[SilentDept, ...]
    noted_tasks: int
    changes: int = 0
    generated: date = field(default_factory=date.today)


def monthly_report(services: Services, month: Month | None = None, plan: str | None = None) -> MonthlyReport:
    """Counts by department and action/project, the overdue list, targets and silent departments."""
    from . import TaskFilter

    month = month or Month.of(services.today())
    book = ledger(services, TaskFilter(plan=plan), month=month)
    rows = [r for r in book.rows if r.kind != "milestone"] + [r for r in book.rows if r.kind == "milestone"]
    ids = [r.task_id for r in rows]
    with services.store.read() as conn:
        noted = lq.noted_tasks(conn, ids, month.start, month.end)
        targets = _targets_as_of(conn, ids, month)
    counts: dict[str, int] = defaultdict(int)
    for r in rows:
        counts[r.status] += 1
    by_code = {r.task_id: r for r in rows}
    return MonthlyReport(
        month=month,
        as_of=book.as_of,
        plan=plan,
        total=len(rows),
        counts=dict(counts),
        by_dept=tuple(by_lead(rows)),
        by_item=tuple(tally(rows, lambda r: (r.item,))),
        overdue=tuple(sorted((r for r in rows if r.light == "red"), key=lambda r: (-(r.days_overdue or 0), r.code))),
        targets=tuple(TargetLine(by_code[tg.task_id].code, by_code[tg.task_id].title, tg) for tg in targets),
        silent=tuple(_silent(rows, noted)),
        noted_tasks=len(noted),
        changes=sum(len(r.month_changes) for r in rows),
        generated=services.today(),
    )


def _silent(rows: Sequence[LedgerRow], noted: set[int]) -> list[SilentDept]:
    open_led: dict[tuple[str, str], int] = defaultdict(int)
    heard: set[tuple[str, str]] = set()
    for r in rows:
        for dept in r.leads:
            key = (r.plan_code, dept)
            if r.task_id in noted:
                heard.add(key)
            if not is_closed(r.status):
                open_led[key] += 1
    return [SilentDept(p, d, n) for (p, d), n in open_led.items() if (p, d) not in heard]


def _targets_as_of(conn: Any, ids: list[int], month: Month) -> list[TargetRow]:
    targets = lq.targets_of(conn, ids)
    achieved = {tg.id: tg.achieved for tg in targets}
    for c in lq.changes_since(conn, ids, month.end):
        if c.field == "target" and c.ref_id in achieved:
            achieved[c.ref_id] = float(c.old) if c.old is not None else None
    return [replace(tg, achieved=achieved[tg.id]) for tg in targets]


__all__ = ["GroupCounts", "MonthlyReport", "SilentDept", "TargetLine", "monthly_report"]
