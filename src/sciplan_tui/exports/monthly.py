"""The monthly report (月度调度) as sections of tables, rendered for the terminal, Markdown or HTML.

The sections are built once (`sections`) and each renderer only lays them out, so the three
formats always say the same thing. HTML is one self-contained file with every value escaped.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

from ..i18n import register, t
from ..services.report import GroupCounts, MonthlyReport
from ..services.statuses import STATUSES, label

register(
    {
        "report.title": ("{month} 月度调度报告", "Monthly report {month}"),
        "report.scope": ("截至 {as_of}（{plan}）", "As of {as_of} ({plan})"),
        "report.all_plans": ("全部实施方案", "all plans"),
        "report.summary": (
            "共 {total} 项任务：{counts}；逾期 {overdue} 项；本月 {noted} 项任务有新进展，共 {changes} 处变更。",
            "{total} tasks: {counts}; {overdue} overdue; {noted} task(s) got a progress note this month, "
            "{changes} change(s) in all.",
        ),
        "report.by_dept": ("按牵头部门", "By lead department"),
        "report.by_item": ("按行动/工程", "By action / project"),
        "report.overdue": ("逾期任务（{count}）", "Overdue tasks ({count})"),
        "report.targets": ("量化指标完成情况", "Quantitative targets"),
        "report.silent": (
            "本月未报送进展的牵头部门（{count}）",
            "Lead departments with no progress note this month ({count})",
        ),
        "report.none": ("无", "None"),
        "report.col.plan": ("方案", "plan"),
        "report.col.dept": ("部门", "department"),
        "report.col.item": ("行动/工程", "action/project"),
        "report.col.total": ("合计", "total"),
        "report.col.overdue": ("逾期", "overdue"),
        "report.col.done_ratio": ("完成率", "done"),
        "report.col.code": ("编号", "code"),
        "report.col.task": ("任务", "task"),
        "report.col.leads": ("牵头", "lead"),
        "report.col.due": ("截止", "due"),
        "report.col.days": ("逾期天数", "days late"),
        "report.col.status": ("状态", "status"),
        "report.col.progress": ("进度", "progress"),
        "report.col.target": ("指标", "target"),
        "report.col.value": ("目标值", "target value"),
        "report.col.achieved": ("已完成", "achieved"),
        "report.col.ratio": ("完成比例", "reached"),
        "report.col.open": ("在办任务", "open tasks"),
        "report.blank": ("（待填）", "(blank)"),
        "report.schedule": ("进度安排", "Schedule"),
        "report.no_dept": ("（未明确责任单位）", "(no department)"),
        "report.saved": ("已写入 {file}", "Written to {file}"),
    }
)


@dataclass(frozen=True)
class Ratio:
    """A share shown as a bar: 0.52 → █████░░░░░ 52%; None → blank."""

    value: float | None


@dataclass(frozen=True)
class Section:
    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    danger: bool = False  # a list of things to chase: shown in red in the terminal


def bar(value: float | None, width: int = 10) -> str:
    if value is None:
        return ""
    filled = max(0, min(width, round(value * width)))
    return "█" * filled + "░" * (width - filled) + f" {value * 100:.0f}%"


def title(report: MonthlyReport) -> str:
    return t("report.title", month=str(report.month))


def summary(report: MonthlyReport) -> tuple[str, str]:
    counts = "，".join(f"{label(k)} {report.counts[k]}" for k in STATUSES if report.counts.get(k))
    scope = t("report.scope", as_of=report.as_of.isoformat(), plan=report.plan or t("report.all_plans"))
    line = t(
        "report.summary",
        total=report.total,
        counts=counts or "0",
        overdue=len(report.overdue),
        noted=report.noted_tasks,
        changes=report.changes,
    )
    return scope, line


def sections(report: MonthlyReport) -> list[Section]:
    """The report's tables, in the order the meeting goes through them."""
    status_cols = tuple(label(k) for k in STATUSES)
    tail = (t("report.col.total"), t("report.col.overdue"), t("report.col.done_ratio"))
    return [
        Section(
            t("report.by_dept"),
            (t("report.col.plan"), t("report.col.dept"), *status_cols, *tail),
            tuple(_group_row(g, t("report.no_dept")) for g in report.by_dept),
        ),
        Section(
            t("report.by_item"),
            (t("report.col.plan"), t("report.col.item"), *status_cols, *tail),
            tuple(_group_row(g, t("report.schedule")) for g in report.by_item),
        ),
        Section(
            t("report.overdue", count=len(report.overdue)),
            tuple(t(f"report.col.{k}") for k in ("code", "task", "leads", "due", "days", "status", "progress")),
            tuple(
                (
                    r.code,
                    r.title,
                    "、".join(r.leads),
                    r.due_date.isoformat() if r.due_date else "",
                    r.days_overdue,
                    label(r.status),
                    f"{r.progress}%",
                )
                for r in report.overdue
            ),
            danger=True,
        ),
        Section(
            t("report.targets"),
            tuple(t(f"report.col.{k}") for k in ("code", "target", "value", "achieved", "ratio")),
            tuple(
                (
                    tl.code,
                    tl.target.text,
                    _number(tl.target.value, tl.target.unit) or t("report.blank"),
                    _number(tl.target.achieved, tl.target.unit),
                    Ratio(tl.target.ratio),
                )
                for tl in report.targets
            ),
        ),
        Section(
            t("report.silent", count=len(report.silent)),
            (t("report.col.plan"), t("report.col.dept"), t("report.col.open")),
            tuple((s.plan_code, s.name, s.open_tasks) for s in report.silent),
            danger=True,
        ),
    ]


def _group_row(g: GroupCounts, empty: str) -> tuple[Any, ...]:
    return (
        g.plan_code,
        g.name or empty,
        *(g.counts.get(k, 0) for k in STATUSES),
        g.total,
        g.overdue,
        Ratio(g.done_ratio),
    )


def _number(value: float | None, unit: str) -> str:
    if value is None:
        return ""
    shown = str(int(value)) if float(value).is_integer() else f"{value:g}"
    return f"{shown}{unit}"


def _plain(cell: Any) -> str:
    if isinstance(cell, Ratio):
        return bar(cell.value)
    return "" if cell is None else str(cell)


# ---- Markdown ------------------------------------------------------------------------------


def to_markdown(report: MonthlyReport) -> str:
    scope, line = summary(report)
    out = [f"# {_md(title(report))}", "", _md(scope), "", _md(line), ""]
    for s in sections(report):
        out += [f"## {_md(s.title)}", ""]
        if not s.rows:
            out += [t("report.none"), ""]
            continue
        out.append("| " + " | ".join(_md(h) for h in s.header) + " |")
        out.append("|" + "|".join("---" for _ in s.header) + "|")
        out += ["| " + " | ".join(_md(_plain(c)) for c in row) + " |" for row in s.rows]
        out.append("")
    return "\n".join(out)


def _md(text: str) -> str:
    """Text safe inside a Markdown table cell: no pipes or line breaks, no stray markup."""
    text = text.replace("\\", "\\\\").replace("|", "\\|").replace("\r\n", " ").replace("\n", " ").replace("\r", " ")
    for ch in "*_`<>[]#":
        text = text.replace(ch, "\\" + ch)
    return text


# ---- HTML ----------------------------------------------------------------------------------

_CSS = """
body{font-family:"Microsoft YaHei","PingFang SC","Noto Sans CJK SC",sans-serif;margin:2em;color:#222}
table{border-collapse:collapse;margin:.5em 0 1.5em}th,td{border:1px solid #bbb;padding:.25em .6em;text-align:left}
th{background:#ddebf7}section.danger h2{color:#b00020}.bar{font-family:monospace;white-space:nowrap}
th,td.short{white-space:nowrap}td{word-break:keep-all;overflow-wrap:anywhere}thead{display:table-header-group}
tr{break-inside:avoid}
@media print{@page{size:A4 landscape;margin:12mm}body{margin:0;font-size:10pt}table{width:100%}
th,td{padding:.15em .4em}section{break-inside:auto}h2{break-after:avoid}}
"""
# Cells this short (dates, statuses, counts, codes) never wrap: a squeezed printout wrapped them a
# character per line; longer texts (titles, departments) wrap at word and punctuation breaks.
SHORT_CELL = 12


def to_html(report: MonthlyReport) -> str:
    """One self-contained page: inline CSS, no scripts, every value escaped."""
    e = html.escape
    scope, line = summary(report)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN"><head><meta charset="utf-8">',
        f"<title>{e(title(report))}</title><style>{_CSS}</style></head><body>",
        f"<h1>{e(title(report))}</h1>",
        f"<p>{e(scope)}</p>",
        f"<p>{e(line)}</p>",
    ]
    for s in sections(report):
        parts.append(f'<section class="{"danger" if s.danger else "plain"}"><h2>{e(s.title)}</h2>')
        if not s.rows:
            parts.append(f"<p>{e(t('report.none'))}</p></section>")
            continue
        parts.append("<table><thead><tr>" + "".join(f"<th>{e(h)}</th>" for h in s.header) + "</tr></thead><tbody>")
        for row in s.rows:
            parts.append("<tr>" + "".join(_html_cell(c) for c in row) + "</tr>")
        parts.append("</tbody></table></section>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _html_cell(cell: Any) -> str:
    if isinstance(cell, Ratio):
        return f'<td class="bar">{html.escape(bar(cell.value))}</td>'
    text = _plain(cell)
    short = ' class="short"' if len(text) <= SHORT_CELL else ""
    return f"<td{short}>{html.escape(text)}</td>"


# ---- terminal ------------------------------------------------------------------------------


def print_terminal(report: MonthlyReport, console: Any = None) -> None:
    """Rich tables with bars, for the clerk's terminal: numbers and bars never wrap, names give way (80 columns)."""
    from rich import box
    from rich.cells import cell_len
    from rich.console import Console
    from rich.table import Table

    console = console or Console()
    bar_width = 10 if console.width >= 100 else 5
    scope, line = summary(report)
    console.print(f"[bold]{_escape(title(report))}[/]")
    console.print(_escape(scope))
    console.print(_escape(line))
    for s in sections(report):
        style = "bold red" if s.danger and s.rows else "bold"
        if not s.rows:
            console.print(f"\n[{style}]{_escape(s.title)}[/]{t('colon')}{t('report.none')}")
            continue
        table = Table(
            title=_escape(s.title),
            title_style=style,
            title_justify="left",
            header_style="bold",
            box=box.SIMPLE_HEAD,
            pad_edge=False,
            show_edge=False,
            padding=(0, 1, 0, 0),
        )
        for i, h in enumerate(s.header):
            numeric = all(isinstance(row[i], int | Ratio) for row in s.rows)
            widest = max(cell_len(_plain(row[i])) for row in s.rows)
            table.add_column(
                h,
                overflow="fold",
                no_wrap=numeric,
                justify="right" if numeric else "left",
                min_width=None if numeric else min(widest, 8),
            )
        for row in s.rows:
            table.add_row(*(_rich_cell(c, bar_width) for c in row))
        console.print(table)


def _rich_cell(cell: Any, bar_width: int = 10) -> Any:
    from rich.text import Text

    if isinstance(cell, Ratio):
        if cell.value is None:
            return Text("")
        colour = "green" if cell.value >= 1 else "yellow" if cell.value >= 0.5 else "red"
        return Text(bar(cell.value, bar_width), style=colour)
    from ..termsafe import shown

    return Text(shown(_plain(cell)))


def _escape(text: str) -> str:
    """Markup-escaped and control characters shown (termsafe.py): stored text is never obeyed by the terminal."""
    from rich.markup import escape

    from ..termsafe import shown

    return escape(shown(text))


__all__ = ["Ratio", "Section", "bar", "print_terminal", "sections", "to_html", "to_markdown"]
