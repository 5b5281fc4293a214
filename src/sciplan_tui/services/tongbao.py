"""The 通报: the monthly report plus what the prose needs (done this month, who has not reported, overdue
by department with the latest progress). Rendered as Word by exports/report_docx.py.

"Has not reported" joins the two registers: a lead department is named when no sheet of it was
collected and no account of it changed anything this month (services/duban.py) *and* none of its
open led tasks received a progress note this month (the monthly report's silent list).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .duban import status
from .ledger import LedgerRow, Month, ledger
from .report import MonthlyReport, monthly_report

if TYPE_CHECKING:
    from . import Services


@dataclass(frozen=True)
class Tongbao:
    report: MonthlyReport
    done_this_month: tuple[LedgerRow, ...]
    silent: tuple[tuple[str, str], ...]  # (plan, department) that have not reported
    overdue_by_dept: tuple[tuple[str, str, tuple[LedgerRow, ...]], ...]  # (plan, lead, its overdue tasks)


def tongbao(services: Services, month: Month | None = None, plan: str | None = None) -> Tongbao:
    from . import TaskFilter

    month = month or Month.of(services.today())
    report = monthly_report(services, month, plan)
    book = ledger(services, TaskFilter(plan=plan), month=month)
    done = tuple(
        r
        for r in book.rows
        if r.status == "done" and any(c.field == "status" and c.new == "done" for c in r.month_changes)
    )
    duban = status(services, month, plan)
    quiet = {(d.dept.plan_code, d.dept.name) for d in duban.silent}
    silent = tuple((s.plan_code, s.name) for s in report.silent if (s.plan_code, s.name) in quiet)
    late: dict[tuple[str, str], list[LedgerRow]] = defaultdict(list)
    for r in report.overdue:
        for lead in r.leads or ("",):
            late[(r.plan_code, lead)].append(r)
    ranked = sorted(late.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    return Tongbao(report, done, silent, tuple((p, d, tuple(rows)) for (p, d), rows in ranked))


__all__ = ["Tongbao", "tongbao"]
