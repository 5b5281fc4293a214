"""Reminders (催办): per department, what is overdue and due soon, and what is expected by when.

Built on the 报送登记 (services/duban.py): the same departments, the same overdue and due-soon
tasks (the ledger's lamp), the same "has it reported this month". Rendering is separate: plain text
for WeChat or SMS here, a formal notice in exports/notice_docx.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from ..i18n import register, t
from .duban import DeptReport, status
from .ledger import Month
from .sheets import default_deadline

if TYPE_CHECKING:
    from . import Services

register(
    {
        "remind.head": ("【督办提醒】{dept}{contact}：", "[Reminder] {dept}{contact}:"),
        "remind.contact": ("（{line}）", " ({line})"),
        "remind.intro": ("截至{today}，贵单位{what}。", "As of {today}, {what}."),
        "remind.what.overdue": ("有 {count} 项任务已逾期", "{count} of your tasks are overdue"),
        "remind.what.soon": (
            "有 {count} 项任务将在 {days} 天内到期",
            "{count} of your tasks are due within {days} days",
        ),
        "remind.what.silent": ("本月尚未报送任务进展", "you have not reported this month"),
        "remind.overdue": ("逾期任务：", "Overdue:"),
        "remind.sep": ("，", "; "),
        "remind.soon": ("即将到期：", "Due soon:"),
        "remind.item": (
            "{n}. {code} {title}（{role}，截止{due}{late}）",
            "{n}. {code} {title} ({role}, due {due}{late})",
        ),
        "remind.late": ("，已逾期{days}天", ", {days} days late"),
        "remind.more": ("……等共 {count} 项", "... {count} in all"),
        "remind.ask": (
            "请于{deadline}前填写《任务进展情况表》报送{office}，逾期任务请说明原因和完成时限。谢谢！",
            "Please send the progress sheet to {office} by {deadline}, with the reasons and a new date for "
            "each overdue task. Thank you!",
        ),
        "remind.office": ("纲要办", "the coordinating office"),
        "role.lead": ("牵头", "lead"),
        "role.participant": ("参加", "participant"),
    }
)

SHOWN = 8  # tasks listed per group in a short message
DUE_SOON_DAYS = 30


@dataclass(frozen=True)
class Reminder:
    report: DeptReport
    today: date
    deadline: date
    office: str

    @property
    def needed(self) -> bool:
        """Something to chase: overdue or due-soon tasks, or no report this month."""
        return bool(self.report.overdue or self.report.due_soon or not self.report.reported)


def reminders(
    services: Services,
    *,
    dept: str | None = None,
    plan: str | None = None,
    period: Month | None = None,
    deadline: date | None = None,
    office: str = "",
    everyone: bool = False,
) -> list[Reminder]:
    """The reminders for one department (`dept`), or for every department that has something to chase."""
    today = services.today()
    report = status(services, period, plan, dept)
    due = deadline or default_deadline(today)
    out = [Reminder(d, today, due, office) for d in report.depts]
    return out if dept or everyone else [r for r in out if r.needed]


def text(r: Reminder, shown: int = SHOWN) -> str:
    """A short plain-text message: ready to paste into WeChat or an SMS."""
    d = r.report
    contact = t("remind.contact", line=d.dept.line()) if d.dept.line() else ""
    lines = [t("remind.head", dept=d.dept.name, contact=contact)]
    what = []
    if d.overdue:
        what.append(t("remind.what.overdue", count=len(d.overdue)))
    if d.due_soon:
        what.append(t("remind.what.soon", count=len(d.due_soon), days=DUE_SOON_DAYS))
    if not d.reported:
        what.append(t("remind.what.silent"))
    if what:
        lines.append(t("remind.intro", today=_day(r.today), what=t("remind.sep").join(what)))
    for title, tasks in ((t("remind.overdue"), d.overdue), (t("remind.soon"), d.due_soon)):
        if tasks:
            lines.append(title)
            lines += [_item(n, x) for n, x in enumerate(tasks[:shown], 1)]
            if len(tasks) > shown:
                lines.append(t("remind.more", count=len(tasks)))
    lines.append(t("remind.ask", deadline=_day(r.deadline), office=r.office or t("remind.office")))
    return "\n".join(lines)


def _item(n: int, x) -> str:  # type: ignore[no-untyped-def]
    row = x.row
    late = t("remind.late", days=row.days_overdue) if row.days_overdue else ""
    due = row.due_date.isoformat() if row.due_date else "—"
    return t("remind.item", n=n, code=row.code, title=row.title, role=t(f"role.{x.role}"), due=due, late=late)


def _day(day: date) -> str:
    from ..i18n import get_lang

    return f"{day.month}月{day.day}日" if get_lang() == "zh" else day.isoformat()


__all__ = ["Reminder", "reminders", "text"]
