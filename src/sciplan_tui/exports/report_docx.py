"""The monthly 通报 as a Word document in the official style: prose summary, then the tables as 附表.

一、总体情况 (completion overall and per action/project), 二、本月完成情况, 三、报送情况 (who has not
reported), 四、逾期任务情况 (by lead department, with the latest progress), 五、下步工作要求; then 附表
1–3 (by lead department, by action/project, the overdue list). Optional 抄送 block at the end.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from ..atomic import replacing
from ..services.report import GroupCounts
from ..services.statuses import STATUSES
from ..services.tongbao import Tongbao
from . import official_docx as od

CN_NUMBERS = "一二三四五六七八九十"
SHOWN_PER_DEPT = 10


def _rate(done: int, total: int) -> str:
    return f"{done / total * 100:.1f}%" if total else "—"


def _day(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def write_report_docx(
    tb: Tongbao, path: str | Path, *, issuer: str = "", cc: str | None = None, scope: str = ""
) -> None:
    r = tb.report
    doc = od.new_document()
    od.title(doc, f"关于{r.month.year}年{r.month.month}月全民科学素质行动任务落实情况的通报")
    od.addressee(doc, "各有关单位")
    od.body(doc, f"为推动全民科学素质行动{scope}各项任务落实，现将截至{_day(r.as_of)}的任务推进情况通报如下：")
    sections = [
        ("总体情况", _overall(tb)),
        ("本月完成情况", _done(tb)),
        ("报送情况", _silent(tb)),
        ("逾期任务情况", _overdue(tb)),
        ("下步工作要求", _asks()),
    ]
    for n, (name, paragraphs) in enumerate(sections):
        od.heading(doc, f"{CN_NUMBERS[n]}、{name}")
        for kind, text in paragraphs:
            if kind == "h2":
                od.heading(doc, text, level=2)
            else:
                od.body(doc, text)
    od.signature(doc, issuer or "全民科学素质行动工作办公室", r.generated)
    _appendices(doc, tb)
    if cc:
        od.cc_block(doc, cc, issuer or "全民科学素质行动工作办公室", r.generated)
    with replacing(path) as scratch:  # whole or not at all (atomic.py)
        doc.save(str(scratch))


def _overall(tb: Tongbao) -> list[tuple[str, str]]:
    r = tb.report
    c = r.counts
    parts = "，".join(
        f"{STATUSES[k][0]}{c[k]}项" for k in ("in_progress", "not_started", "blocked", "cancelled") if c.get(k)
    )
    text = (
        f"截至{_day(r.as_of)}，共有任务{r.total}项，已完成{c.get('done', 0)}项，完成率"
        f"{_rate(c.get('done', 0), r.total)}；{parts or '其余任务均已完成'}；逾期{len(r.overdue)}项。"
        f"本月有{r.noted_tasks}项任务报送了新进展，共记录变更{r.changes}处。"
    )
    items = [g for g in r.by_item if g.total]
    out = [("p", text)]
    if items:
        rates = "；".join(
            f"{g.name or '进度安排'}完成率{_rate(g.counts.get('done', 0), g.total)}"
            f"（{g.counts.get('done', 0)}/{g.total}）"
            for g in items
        )
        out.append(("p", f"分行动（工程）看：{rates}。"))
    return out


def _done(tb: Tongbao) -> list[tuple[str, str]]:
    if not tb.done_this_month:
        return [("p", "本月无新完成的任务。")]
    out = [("p", f"本月新完成任务{len(tb.done_this_month)}项：")]
    out += [
        ("p", f"{n}. {r.code} {r.title}（{'、'.join(r.leads) or '未明确牵头单位'}）")
        for n, r in enumerate(tb.done_this_month, 1)
    ]
    return out


def _silent(tb: Tongbao) -> list[tuple[str, str]]:
    if not tb.silent:
        return [("p", "本月各牵头部门均已报送任务进展情况。")]
    names = "、".join(name for _plan, name in tb.silent)
    return [
        (
            "p",
            f"截至{_day(tb.report.as_of)}，以下{len(tb.silent)}个部门本月尚未报送任务进展情况：{names}。"
            "请上述部门抓紧报送。",
        )
    ]


def _overdue(tb: Tongbao) -> list[tuple[str, str]]:
    r = tb.report
    if not r.overdue:
        return [("p", "目前无逾期任务。")]
    out = [("p", f"目前逾期任务{len(r.overdue)}项，涉及{len(tb.overdue_by_dept)}个牵头部门，按部门列示如下：")]
    for n, (_plan, dept, rows) in enumerate(tb.overdue_by_dept):
        out.append(("h2", f"（{CN_NUMBERS[n % 10] if n < 10 else n + 1}）{dept or '未明确牵头单位'}（{len(rows)}项）"))
        for k, row in enumerate(rows[:SHOWN_PER_DEPT], 1):
            due = row.due_date.isoformat() if row.due_date else ""
            note = f"最新进展：{row.note}" if row.note else "尚无进展记录"
            out.append(("p", f"{k}. {row.code} {row.title}，截止{due}，逾期{row.days_overdue}天，{note}。"))
        if len(rows) > SHOWN_PER_DEPT:
            out.append(("p", f"……等共{len(rows)}项，详见附表3。"))
    return out


def _asks() -> list[tuple[str, str]]:
    return [
        (
            "p",
            "（一）各牵头部门要对照任务分工，对逾期任务逐项分析原因、明确整改措施和完成时限，"
            "参加单位要主动配合，形成工作合力。",
        ),
        ("p", "（二）各部门要按时报送任务进展情况表，如实反映工作进展和存在问题，确保台账真实准确。"),
        ("p", "（三）纲要办将持续跟踪督办，逾期未完成的任务将在月度调度会上重点调度。"),
    ]


def _appendices(doc: Any, tb: Tongbao) -> None:
    r = tb.report
    status_cols = [v[0] for v in STATUSES.values()]
    od.body(doc, "附表1：各牵头部门任务完成情况", indent=False, font=od.HEADING_FONT)
    od.table(doc, ["方案", "牵头部门", *status_cols, "合计", "逾期", "完成率"], [_group(g) for g in r.by_dept])
    od.body(doc, "附表2：各行动（工程）任务完成情况", indent=False, font=od.HEADING_FONT)
    od.table(doc, ["方案", "行动/工程", *status_cols, "合计", "逾期", "完成率"], [_group(g) for g in r.by_item])
    od.body(doc, "附表3：逾期任务清单", indent=False, font=od.HEADING_FONT)
    od.table(
        doc,
        ["序号", "编号", "任务", "牵头单位", "截止日期", "逾期天数", "进度"],
        [
            [
                n,
                x.code,
                x.title,
                "、".join(x.leads),
                x.due_date.isoformat() if x.due_date else "",
                x.days_overdue,
                f"{x.progress}%",
            ]
            for n, x in enumerate(r.overdue, 1)
        ],
        [1.1, 2.2, 5.2, 3.2, 2.2, 1.5, 1.2],
    )


def _group(g: GroupCounts) -> list[Any]:
    done = g.counts.get("done", 0)
    return [
        g.plan_code,
        g.name or "—",
        *(g.counts.get(k, 0) for k in STATUSES),
        g.total,
        g.overdue,
        _rate(done, g.total),
    ]


__all__ = ["write_report_docx"]
