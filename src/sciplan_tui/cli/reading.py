"""Reading commands: tasks, show, depts, due, history."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING

import typer

from ..i18n import register, t
from . import options as O
from .common import echo, print_csv, print_json, print_json_stream, print_table, state

if TYPE_CHECKING:
    from ..services import Services, TaskFilter
    from ..store.rows import TaskDetail, TaskRow

register(
    {
        "tasks.count": ("共 {count} 项", "{count} task(s)"),
        "due.overdue": ("逾期（{count}）", "Overdue ({count})"),
        "due.soon": ("{days} 天内到期（{count}）", "Due within {days} days ({count})"),
        "due.none": ("没有逾期或即将到期的任务。", "Nothing overdue or due soon."),
        "show.plan": ("实施方案", "Plan"),
        "show.item": ("所属", "Under"),
        "show.body": ("内容", "Text"),
        "show.targets": ("指标", "Targets"),
        "show.notes": ("进展情况", "Progress notes"),
        "show.history": ("修改历史", "History"),
        "show.blank": ("（待填）", "(blank)"),
        "show.achieved": ("已完成 {value}", "achieved {value}"),
        "show.version": ("版本", "version"),
        "show.unassigned": ("未明确责任单位", "no department given"),
        "source.task": ("任务", "task"),
        "source.item": ("行动/工程", "action/project"),
        "source.appendix": ("附件", "appendix"),
    }
)


def register_commands(app: typer.Typer) -> None:
    app.command("tasks", help=t("help.tasks"))(tasks)
    app.command("show", help=t("help.show"))(show)
    app.command("depts", help=t("help.depts"))(depts)
    app.command("due", help=t("help.due"))(due)
    app.command("history", help=t("help.history"))(history)


def build_filter(services: Services, given: O.TaskFilterArgs, *, text: str | None = None) -> TaskFilter:
    """The shared task filter, from command-line values (`TaskFilterArgs.build`: tasks, due, export)."""
    from ..services import TaskFilter
    from ..services.dates import parse_date, parse_days
    from ..services.statuses import parse_status

    today = services.today()
    return TaskFilter(
        plan=given.plan,
        dept=given.dept,
        lead_only=given.lead,
        statuses=tuple(parse_status(s) for s in given.status or ()),
        kinds=tuple(_kind(k) for k in given.kind or ()),
        overdue=given.overdue,
        due_within=parse_days(given.due_within) if given.due_within else None,
        due_before=parse_date(given.due_before, today) if given.due_before else None,
        due_after=parse_date(given.due_after, today) if given.due_after else None,
        text=text,
    )


def _kind(value: str) -> str:
    from ..errors import InvalidInputError

    kinds = {
        "action": "action",
        "行动": "action",
        "提升行动": "action",
        "project": "project",
        "工程": "project",
        "重点工程": "project",
        "milestone": "milestone",
        "进度": "milestone",
        "节点": "milestone",
    }
    if value.strip().lower() not in kinds:
        raise InvalidInputError("kind.unknown", value=value)
    return kinds[value.strip().lower()]


register({"sort.unknown": ("未知排序“{value}”（可用：{choices}）", "Unknown sort '{value}' (use {choices})")})
register(
    {
        "kind.unknown": (
            "未知类别“{value}”（action/project/milestone）",
            "Unknown kind '{value}' (action/project/milestone)",
        )
    }
)

TASK_FIELDS = [
    "id",
    "code",
    "plan",
    "kind",
    "item",
    "title",
    "status",
    "progress",
    "due_date",
    "days_left",
    "leads",
    "participants",
]


def task_record(r: TaskRow, today: date) -> list[object]:
    return [
        r.id,
        r.full_code,
        r.plan_code,
        r.kind,
        r.item_title or "",
        r.title,
        r.status,
        r.progress,
        r.due_date,
        r.days_left(today),
        list(r.leads),
        list(r.participants),
    ]


def tasks(
    ctx: typer.Context,
    plan: str = O.PLAN,
    dept: str = O.DEPT,
    lead: bool = O.LEAD,
    status: list[str] = O.STATUS,
    kind: list[str] = O.KIND,
    overdue: bool = O.OVERDUE,
    due_within: str = O.DUE_WITHIN,
    due_before: str = O.DUE_BEFORE,
    due_after: str = O.DUE_AFTER,
    sort: str = typer.Option("code", "--sort", help=t("opt.sort")),
    desc: bool = typer.Option(False, "--desc", help=t("opt.desc")),
    limit: int = O.LIMIT,
    as_json: bool = O.JSON,
    as_csv: bool = O.CSV,
    ids: bool = O.IDS,
    text: list[str] = typer.Argument(None, help=t("opt.text"), show_default=False),
) -> None:
    from ..errors import InvalidInputError
    from ..services import SORTS

    if sort not in SORTS:
        raise InvalidInputError("sort.unknown", value=sort, choices="/".join(SORTS))
    services = state(ctx).services()
    given = O.TaskFilterArgs(plan, dept, lead, status, kind, overdue, due_within, due_before, due_after)
    f = given.build(services, text=" ".join(text) if text else None)
    if as_json or as_csv or ids:  # for programs: streamed, whatever the number of tasks
        batches = services.task_batches(f, sort=sort, desc=desc, limit=limit)
        stream_tasks(batches, services.today(), as_json=as_json, as_csv=as_csv, ids=ids)
        return
    rows = services.tasks(f, sort=sort, desc=desc, limit=limit)
    emit_tasks(rows, services.today())


def stream_tasks(
    batches: Iterable[list[TaskRow]], today: date, *, as_json: bool = False, as_csv: bool = False, ids: bool = False
) -> None:
    """A task listing for programs, written batch by batch: the same text as `emit_tasks` gives."""
    if ids:
        for part in batches:
            for r in part:
                echo(str(r.id))
    elif as_json:
        print_json_stream(dict(zip(TASK_FIELDS, task_record(r, today), strict=True)) for part in batches for r in part)
    else:
        print_csv(TASK_FIELDS, (task_record(r, today) for part in batches for r in part))


def emit_tasks(
    rows: list[TaskRow],
    today: date,
    *,
    as_json: bool = False,
    as_csv: bool = False,
    ids: bool = False,
    title: str | None = None,
) -> None:
    if ids:
        echo("\n".join(str(r.id) for r in rows))
    elif as_json:
        print_json([dict(zip(TASK_FIELDS, task_record(r, today), strict=True)) for r in rows])
    elif as_csv:
        print_csv(TASK_FIELDS, (task_record(r, today) for r in rows))
    else:
        _task_table(rows, today, title)


def _task_table(rows: list[TaskRow], today: date, title: str | None, *, count: bool = True) -> None:
    from .. import rules
    from ..services.statuses import label, mark

    header = [
        t(k)
        for k in ("col.id", "col.code", "col.task", "col.status", "col.progress", "col.due", "col.days", "col.leads")
    ]
    lamps = {"overdue": "red", "due_soon": "yellow"}
    styles = [lamps.get(rules.deadline(r.status, r.due_date, today)) for r in rows]
    print_table(
        header,
        [
            [
                r.id,
                r.full_code,
                r.title,
                f"{mark(r.status)} {label(r.status)}",
                f"{r.progress}%",
                r.due_date,
                rules.days_text(r.status, r.due_date, today),
                _short("、".join(r.leads), 24),
            ]
            for r in rows
        ],
        title=title,
        styles=styles,
        wrap_column=2,
    )
    if count:  # `due` puts the counts in its titles: nothing on stderr, so cron sends one mail
        echo(t("tasks.count", count=len(rows)), err=True)


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def show_record(detail: TaskDetail, today: date) -> dict[str, object]:
    """`show --json`: the task as `tasks --json` gives it (code 澧县-A1.3), then everything else."""
    from dataclasses import asdict

    task = {
        **dict(zip(TASK_FIELDS, task_record(detail.task, today), strict=True)),
        "version": detail.task.version,
        "updated_at": detail.task.updated_at,
    }
    rest = {k: v for k, v in asdict(detail).items() if k != "task"}
    return {"task": task, **rest}


def show(
    ctx: typer.Context,
    ref: str = typer.Argument(..., help="ID / CODE"),
    plan: str = typer.Option(None, "--plan", "-p", help=t("opt.plan")),
    as_json: bool = typer.Option(False, "--json", help=t("opt.json")),
) -> None:
    services = state(ctx).services()
    detail = services.task(services.resolve([ref], plan)[0])
    if as_json:
        print_json(show_record(detail, services.today()))
        return
    from .show_view import render_detail

    render_detail(detail, services.today())


def depts(
    ctx: typer.Context,
    plan: str = typer.Option(None, "--plan", "-p", help=t("opt.plan")),
    as_json: bool = typer.Option(False, "--json", help=t("opt.json")),
    as_csv: bool = typer.Option(False, "--csv", help=t("opt.csv")),
) -> None:
    from ..services.contacts import contacts
    from ..services.statuses import STATUSES, label

    services = state(ctx).services()
    rows = services.departments(plan)
    people = contacts(services, plan)  # contact person, phone, note (sciplan dept set)
    if as_json:
        from dataclasses import asdict

        print_json([{**asdict(r), **_contact(people.get(r.id))} for r in rows])
        return
    keys = list(STATUSES)
    data = [
        [
            r.id,
            r.plan_code,
            r.name,
            r.leads,
            r.joins,
            *(r.by_status.get(k, 0) for k in keys),
            r.overdue,
            "、".join(r.aliases),
            *_contact(people.get(r.id)).values(),
        ]
        for r in rows
    ]
    if as_csv:
        print_csv(
            ["id", "plan", "name", "leads", "joins", *keys, "overdue", "aliases", "contact", "phone", "contact_note"],
            data,
        )
        return
    header = [
        t("col.id"),
        t("col.plan"),
        t("col.dept"),
        t("col.leads"),
        t("col.joins"),
        *(label(k) for k in keys),
        t("col.overdue"),
        t("col.aliases"),
        t("col.contact"),
        t("col.phone"),
        t("col.contact_note"),
    ]
    print_table(header, data, styles=lambda row: "red" if row[-5] else None, wrap_column=2)


register({"col.contact": ("联系人", "contact"), "col.phone": ("电话", "phone"), "col.contact_note": ("备注", "note")})


def _contact(c) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return (
        {"contact": c.contact or "", "phone": c.phone or "", "contact_note": c.note or ""}
        if c
        else {"contact": "", "phone": "", "contact_note": ""}
    )


def due(
    ctx: typer.Context,
    within: str = typer.Option("30d", "--within", "-w", help=t("opt.within")),
    plan: str = O.PLAN,
    dept: str = O.DEPT,
    lead: bool = O.LEAD,
    as_json: bool = O.JSON,
    as_csv: bool = O.CSV,
    ids: bool = O.IDS,
) -> None:
    from ..services.dates import parse_days

    services = state(ctx).services()
    f = O.TaskFilterArgs(plan, dept, lead).build(services)
    report = services.due(parse_days(within), f)
    today = services.today()
    if as_json:
        print_json(
            {
                "today": today,
                "within_days": report.within_days,
                "overdue": [dict(zip(TASK_FIELDS, task_record(r, today), strict=True)) for r in report.overdue],
                "due_soon": [dict(zip(TASK_FIELDS, task_record(r, today), strict=True)) for r in report.due_soon],
            }
        )
    elif as_csv or ids:
        emit_tasks([*report.overdue, *report.due_soon], today, as_csv=as_csv, ids=ids)
    elif not report.overdue and not report.due_soon:
        echo(t("due.none"))
    else:
        _task_table(list(report.overdue), today, t("due.overdue", count=len(report.overdue)), count=False)
        _task_table(
            list(report.due_soon),
            today,
            t("due.soon", days=report.within_days, count=len(report.due_soon)),
            count=False,
        )


def history(
    ctx: typer.Context,
    ref: str = typer.Argument(None, help="ID / CODE"),
    plan: str = typer.Option(None, "--plan", "-p", help=t("opt.plan")),
    since: str = typer.Option(None, "--since", help=t("opt.since")),
    by: str = typer.Option(None, "--by", help=t("opt.by")),
    limit: int = typer.Option(200, "--limit", "-n", help=t("opt.limit")),
    as_json: bool = typer.Option(False, "--json", help=t("opt.json")),
    as_csv: bool = typer.Option(False, "--csv", help=t("opt.csv")),
) -> None:
    from ..clock import stamp
    from ..services.dates import parse_date

    services = state(ctx).services()
    task_id = services.resolve([ref], plan)[0] if ref else None
    start = parse_date(since, services.today()) if since else None
    rows = services.history(task_id, start, by, limit, plan=None if task_id else plan)
    if as_json:
        print_json(rows)
        return
    data = [
        [
            c.id,
            stamp(c.at),
            c.actor + (f"@{c.host}" if c.host else ""),
            c.task_code or "",
            c.field,
            c.old or "",
            c.new or "",
            c.note or "",
        ]
        for c in rows
    ]
    if as_csv:
        print_csv(["id", "at", "actor", "task", "field", "old", "new", "note"], data)
        return
    header = [
        t(k) for k in ("col.id", "col.when", "col.who", "col.code", "col.field", "col.old", "col.new", "col.note")
    ]
    print_table(
        header,
        [[*r[:5], _short(str(r[5]), 30), _short(str(r[6]), 30), _short(str(r[7]), 30)] for r in data],
        wrap_column=7,
    )
