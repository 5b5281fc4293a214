"""The formal 督办通知 for one department, as a Word document in the official style (official_docx.py)."""

from __future__ import annotations

import re
from pathlib import Path

from ..atomic import replacing
from ..services.remind import Reminder
from . import official_docx as od

ROLES = {"lead": "牵头", "participant": "参加"}


def file_name(r: Reminder) -> str:
    stem = f"{r.report.dept.plan_code}-{r.report.dept.name}-督办通知"
    return re.sub(r'[\\/:*?"<>|\s]+', "_", stem) + ".docx"


def write_notice(r: Reminder, path: str | Path, *, issuer: str = "", plan_title: str = "") -> None:
    """督办通知: addressee, what is overdue and due soon (tables), what is expected by when, signature."""
    d = r.report
    office = r.office or issuer or "纲要办"
    doc = od.new_document()
    od.title(doc, "督办通知")
    od.addressee(doc, d.dept.name)
    basis = f"根据《{plan_title}》任务分工" if plan_title else "根据全民科学素质行动实施方案任务分工"
    facts = []
    if d.overdue:
        facts.append(f"你单位牵头或参与的 {len(d.overdue)} 项任务已超过完成时限")
    if d.due_soon:
        facts.append(f"{len(d.due_soon)} 项任务将在 30 天内到期")
    if not d.reported:
        facts.append("本月尚未报送任务进展情况")
    today = f"{r.today.year}年{r.today.month}月{r.today.day}日"
    od.body(doc, f"{basis}，截至{today}，{'，'.join(facts) or '你单位各项任务进展正常'}。现将有关情况通知如下：")
    head = ["序号", "任务编号", "任务", "职责", "截止日期", "逾期天数", "最新进展"]
    widths = [1.1, 2.4, 4.6, 1.2, 2.2, 1.4, 3.6]
    if d.overdue:
        od.heading(doc, "一、逾期任务")
        od.table(doc, head, [_row(n, x) for n, x in enumerate(d.overdue, 1)], widths)
    if d.due_soon:
        od.heading(doc, "二、即将到期任务" if d.overdue else "一、即将到期任务")
        od.table(doc, head, [_row(n, x) for n, x in enumerate(d.due_soon, 1)], widths)
    deadline = f"{r.deadline.month}月{r.deadline.day}日"
    od.body(
        doc,
        f"请你单位高度重视，对照任务分工抓紧推进，于{deadline}前将任务进展情况表报送{office}；"
        "逾期任务请说明原因、整改措施和完成时限。",
    )
    if d.dept.line():
        od.body(doc, f"你单位联系人：{d.dept.line()}。")
    od.signature(doc, issuer or office, r.today)
    with replacing(path) as scratch:  # whole or not at all (atomic.py)
        doc.save(str(scratch))


def _row(n: int, x) -> list[object]:  # type: ignore[no-untyped-def]
    row = x.row
    return [
        n,
        row.code,
        row.title,
        ROLES.get(x.role, x.role),
        row.due_date.isoformat() if row.due_date else "",
        row.days_overdue or "",
        row.note or "",
    ]


__all__ = ["file_name", "write_notice"]
