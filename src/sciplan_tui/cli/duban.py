"""The monthly 督办 cycle: department contacts, sheets out, answers back, who has reported, reminders.

openpyxl and python-docx are imported inside the commands that write or read those files.
"""

from __future__ import annotations

from pathlib import Path

import typer

from ..i18n import register, t
from .common import SciplanGroup, echo, err, print_json, state

register(
    {
        "help.dept": ("部门联系方式", "Department contacts"),
        "help.dept_set": (
            "设置部门的联系人、电话和备注（显示在 depts、进展情况表和催办通知中）；给空字符串清除。\n\n"
            "例：sciplan dept set 县教育局 --contact 张三 --phone 13800000000",
            "Set a department's contact person, phone and note (shown in depts, the sheets and the "
            "reminders); an empty string clears one.\n\nExample: sciplan dept set 县教育局 --contact 张三 "
            "--phone 13800000000",
        ),
        "opt.contact": ("联系人", "Contact person"),
        "opt.phone": ("电话", "Phone"),
        "opt.contact_note": ("备注（如分管领导、办公室）", "Note (e.g. the leader in charge, the office)"),
        "help.export_sheets": (
            "为每个部门生成一份进展情况表（.xlsx）：该部门牵头或参加的任务，状态下拉选择，进度、截止日期、"
            "本月进展、存在问题可填，其余单元格锁定；A4 横向打印。发出的值记在隐藏行键中，"
            "sciplan collect 收回时只应用部门改动的单元格。\n\n例：sciplan export sheets --by-dept 11月进展表/",
            "Write one fill-in sheet (.xlsx) per department: the tasks it leads or joins, status as a drop-down, "
            "progress, due date, this month's progress and problems to fill in, everything else locked; A4 "
            "landscape. The values sent are kept in a hidden row key, so sciplan collect applies only the cells "
            "a department changed.\n\nExample: sciplan export sheets --by-dept sheets-2026-11/",
        ),
        "opt.sheets_dir": ("输出目录（每个部门一个文件）", "The directory to write (one file per department)"),
        "opt.period": ("报送期间（默认本月，如 2026-11）", "The reporting period (default: this month, e.g. 2026-11)"),
        "opt.deadline": ("报送截止日期（默认每月 25 日）", "The answer deadline (default: the 25th)"),
        "opt.office": (
            "发回对象（如 县纲要办），写在表头",
            "Who to send the answers to (e.g. 县纲要办), printed at the top",
        ),
        "sheets.saved": (
            "已为 {count} 个部门生成进展情况表（{rows} 行）：{dir}",
            "Wrote fill-in sheets for {count} department(s) ({rows} rows) to {dir}",
        ),
        "help.collect": (
            "收回各部门填好的进展情况表（.xlsx、WPS、CSV、Unicode 文本均可；给目录则读其中全部文件），逐字段合并："
            "只应用部门改动的单元格；台账在发出后已改动、或多个部门填报不同的字段列为冲突，留给纲要办处理"
            "（--take theirs 用部门的值，--take ours 保留台账的值），其余照常应用；同一文件重复收取不做修改。"
            "有未处理的冲突时退出码 7。\n\n例：sciplan collect 收回/；sciplan collect 县教育局.xlsx --take theirs",
            "Take back the departments' filled-in sheets (.xlsx, WPS, CSV, Unicode text; a directory means all its "
            "files), merged field by field: only cells a department changed are applied; a field the ledger "
            "changed since the sheet was sent, or that departments answered differently, is a conflict left for "
            "the clerk (--take theirs: the department's value, --take ours: the ledger's), the rest is applied; "
            "the same file twice changes nothing. Exit code 7 while conflicts remain.\n\nExamples: sciplan "
            "collect answers/; sciplan collect dept.xlsx --take theirs",
        ),
        "opt.take": (
            "冲突的处理：theirs（用部门填报的值）或 ours（保留台账的值）",
            "Settle conflicts: theirs (the department's value) or ours (the ledger's)",
        ),
        "opt.take_task": (
            "只对这些冲突应用 --take：任务编号，或“编号:字段”（如 澧县-A1.1:状态），可多次给出",
            "Apply --take only to these conflicts: a task code, or CODE:field (e.g. 澧县-A1.1:status); repeatable",
        ),
        "opt.collect_dry_run": ("只显示将做的修改和冲突，不写入", "Show the changes and conflicts; write nothing"),
        "collect.take_bad": (
            "--take 只能是 theirs 或 ours，而不是“{value}”",
            "--take is theirs or ours, not '{value}'",
        ),
        "collect.applied": ("已应用的修改", "Applied"),
        "collect.conflicts": ("冲突（{count}）", "Conflicts ({count})"),
        "collect.file": (
            "{file}：{dept}，{rows} 行，应用 {applied} 处{repeated}",
            "{file}: {dept}, {rows} rows, {applied} applied{repeated}",
        ),
        "collect.repeated": ("（此前已收取过相同内容）", " (the same answers were collected before)"),
        "collect.summary": (
            "收取 {files} 个文件：应用 {applied} 处，已是台账现值 {unchanged} 处，"
            "冲突 {conflicts} 处（未处理 {open}），问题 {problems} 处{batch}",
            "{files} file(s): {applied} applied, {unchanged} already in the ledger, {conflicts} conflict(s) ({open} "
            "open), {problems} problem(s){batch}",
        ),
        "collect.batch": ("（批次 {batch}，sciplan undo 可撤销）", " (batch {batch}; sciplan undo reverts it)"),
        "collect.dry": ("（试运行，未写入）", " (dry run, nothing written)"),
        "collect.problem": ("{file}{where}：{message}", "{file}{where}: {message}"),
        "collect.where": ("第 {line} 行 {column}", " row {line} {column}"),
        "help.duban": ("督办：报送登记（哪些部门已报送、哪些未报送）", "Supervision: who has reported and who has not"),
        "help.duban_status": (
            "报送登记：本月（或 --month）哪些部门已报送（收回进展情况表，或本部门账号有修改）、哪些未报送，"
            "以及各部门的逾期任务。未报送的排在前面。\n\n例：sciplan duban status；sciplan duban status --month "
            "2026-11 --plan 澧县",
            "Who has reported this month (or --month): a fill-in sheet collected, or a change by the "
            "department's own account; who has not; and each department's overdue tasks. Those who have not "
            "reported come first.\n\nExamples: sciplan duban status; sciplan duban status --month 2026-11",
        ),
        "opt.duban_month": (
            "期间（月份，如 2026-11；默认本月）",
            "The period (a month such as 2026-11; default: this month)",
        ),
        "opt.silent": ("只列未报送的部门", "Only the departments that have not reported"),
        "duban.col.plan": ("方案", "plan"),
        "duban.col.dept": ("部门", "department"),
        "duban.col.contact": ("联系人", "contact"),
        "duban.col.sent": ("发出", "sent"),
        "duban.col.reported": ("报送", "reported"),
        "duban.col.tasks": ("任务", "tasks"),
        "duban.col.overdue": ("逾期", "overdue"),
        "duban.col.codes": ("逾期任务", "overdue tasks"),
        "duban.yes_sheet": ("✓ {at} 表", "✓ {at} sheet"),
        "duban.yes_change": ("✓ {at} 修改", "✓ {at} change"),
        "duban.no": ("✗ 未报送", "✗ not yet"),
        "duban.summary": (
            "{period}：{total} 个部门，已报送 {reported} 个，未报送 {silent} 个（截至 {as_of}）",
            "{period}: {total} departments, {reported} reported, {silent} not yet (as of {as_of})",
        ),
        "help.remind": (
            "催办：为部门生成简短的提醒文字（可直接粘贴到微信或短信），列出逾期和即将到期的任务、"
            "报送截止日期；--docx DIR 为每个部门生成正式的督办通知（Word）。\n\n例：sciplan remind --dept 县教育局；"
            "sciplan remind --all；sciplan remind --all --docx 督办通知/",
            "Reminders: a short plain-text message per department (ready to paste into WeChat or an SMS) with its "
            "overdue and due-soon tasks and the deadline; --docx DIR writes a formal notice (Word) per "
            "department.\n\nExamples: sciplan remind --dept 县教育局; sciplan remind --all; sciplan remind "
            "--all --docx notices/",
        ),
        "opt.remind_all": (
            "所有需要催办的部门（有逾期、即将到期或本月未报送）",
            "Every department with something to chase (overdue, due soon, or no report this month)",
        ),
        "opt.remind_docx": (
            "为每个部门写一份督办通知（.docx）到此目录",
            "Write a formal notice (.docx) per department into this directory",
        ),
        "remind.which": ("请给出 --dept 部门 或 --all", "Give --dept DEPT or --all"),
        "remind.none": ("没有需要催办的部门", "No department to remind"),
        "remind.saved": ("已生成 {count} 份督办通知：{dir}", "Wrote {count} notice(s) to {dir}"),
        "dept.saved": ("已更新 {plan}·{name} 的联系方式：{line}", "Updated the contact of {plan}·{name}: {line}"),
    }
)

dept_app = typer.Typer(cls=SciplanGroup, help=t("help.dept"), no_args_is_help=True)
duban_app = typer.Typer(cls=SciplanGroup, help=t("help.duban"), no_args_is_help=True)
PLAN = typer.Option(None, "--plan", "-p", help=t("opt.plan"))


def register_commands(app: typer.Typer) -> None:
    """`dept set`, `export sheets` (joins the export group of cli/exporting.py), `collect`, `duban`, `remind`."""
    from .exporting import export_app

    if not dept_app.registered_commands:
        dept_app.command("set", help=t("help.dept_set"))(dept_set)
    if "dept" not in {g.name for g in app.registered_groups}:
        app.add_typer(dept_app, name="dept")
    if not any(c.name == "sheets" for c in export_app.registered_commands):
        export_app.command("sheets", help=t("help.export_sheets"))(export_sheets)
    if not any(c.name == "collect" for c in app.registered_commands):
        app.command("collect", help=t("help.collect"))(collect)
    if not any(c.name == "remind" for c in app.registered_commands):
        app.command("remind", help=t("help.remind"))(remind)
    if not duban_app.registered_commands:
        duban_app.command("status", help=t("help.duban_status"))(duban_status)
    if "duban" not in {g.name for g in app.registered_groups}:
        app.add_typer(duban_app, name="duban")


def dept_set(
    ctx: typer.Context,
    name: str = typer.Argument(..., help="DEPT", show_default=False),
    plan: str = PLAN,
    contact: str = typer.Option(None, "--contact", help=t("opt.contact")),
    phone: str = typer.Option(None, "--phone", help=t("opt.phone")),
    note: str = typer.Option(None, "--note", "-m", help=t("opt.contact_note")),
    as_json: bool = typer.Option(False, "--json", help=t("opt.json")),
) -> None:
    from ..services.contacts import set_contact

    saved = set_contact(state(ctx).services(), name, plan=plan, contact=contact, phone=phone, note=note)
    if as_json:
        print_json(saved)
        return
    err(t("dept.saved", plan=saved.plan_code, name=saved.name, line=saved.line() or "—"))


def export_sheets(
    ctx: typer.Context,
    directory: Path = typer.Option(..., "--by-dept", "-o", help=t("opt.sheets_dir")),
    plan: str = PLAN,
    dept: str = typer.Option(None, "--dept", "-d", help=t("opt.dept")),
    period: str = typer.Option(None, "--period", help=t("opt.period")),
    deadline: str = typer.Option(None, "--deadline", help=t("opt.deadline")),
    office: str = typer.Option("", "--office", help=t("opt.office")),
) -> None:
    from ..errors import InvalidInputError
    from ..exports.sheets_xlsx import write_sheets
    from ..services import TaskFilter
    from ..services.dates import parse_date
    from ..services.ledger import Month
    from ..services.sheets import build

    services = state(ctx).services()
    when = str(Month.parse(period)) if period else None
    due = parse_date(deadline, services.today()) if deadline else None
    sheets = build(services, TaskFilter(plan=plan), dept=dept, period=when, deadline=due)
    try:
        files = write_sheets(services, sheets, directory, office=office)
    except OSError as exc:
        raise InvalidInputError("export.unwritable", file=str(directory), detail=exc.strerror or str(exc)) from exc
    for written in files.values():
        echo(str(written))
    err(t("sheets.saved", count=len(sheets), rows=sum(len(s.rows) for s in sheets), dir=str(directory)))


def collect(
    ctx: typer.Context,
    paths: list[Path] = typer.Argument(..., help="DIR|FILE...", show_default=False),
    take: str = typer.Option(None, "--take", help=t("opt.take")),
    take_task: list[str] = typer.Option(None, "--task", help=t("opt.take_task")),
    dry_run: bool = typer.Option(False, "--dry-run", help=t("opt.collect_dry_run")),
    as_json: bool = typer.Option(False, "--json", help=t("opt.json")),
) -> None:
    from ..errors import EXIT_CONFLICT, EXIT_INVALID, UsageError
    from ..exports.answers import read_all
    from ..services.collect import collect as merge

    if take not in (None, "theirs", "ours"):
        raise UsageError("collect.take_bad", value=take)
    services = state(ctx).services()
    answers, unreadable = read_all(paths)
    result = merge(services, answers, take=take, take_tasks=take_task or (), dry_run=dry_run)  # type: ignore[arg-type]
    problems = [*unreadable, *result.problems]
    if as_json:
        print_json(
            {
                "dry_run": dry_run,
                "batch": result.batch,
                "files": result.files,
                "applied": result.applied,
                "unchanged": result.unchanged,
                "conflicts": result.conflicts,
                "problems": problems,
            }
        )
    else:
        _show_collect(result, problems)
    if result.open_conflicts:
        raise typer.Exit(EXIT_CONFLICT)
    if problems:
        raise typer.Exit(EXIT_INVALID)


def _show_collect(result, problems) -> None:  # type: ignore[no-untyped-def]
    from pathlib import Path as P

    from .common import print_table

    c = {k: t(f"collect.col.{k}") for k in ("dept", "task", "field", "sent", "theirs", "ours", "why", "done")}
    if result.applied:
        print_table(
            [c["dept"], c["task"], c["field"], c["theirs"]],
            [[e.dept, e.code, t(f"field.{e.field}"), _value(e.field, e.new)] for e in result.applied],
            title=t("collect.applied"),
            wrap_column=3,
        )
    if result.conflicts:
        rows = [
            [
                x.edit.dept,
                x.edit.code,
                t(f"field.{x.edit.field}"),
                _value(x.edit.field, x.edit.sent),
                _value(x.edit.field, x.edit.new),
                _value(x.edit.field, x.ours),
                _why(x),
                x.resolved or "",
            ]
            for x in result.conflicts
        ]
        print_table(
            list(c.values()),
            rows,
            title=t("collect.conflicts", count=len(result.conflicts)),
            wrap_column=6,
            styles=lambda row: None if row[-1] else "red",
        )
    for f in result.files:
        err(
            t(
                "collect.file",
                file=P(f.source).name,
                dept=f.dept or "?",
                rows=f.rows,
                applied=f.applied,
                repeated=t("collect.repeated") if f.repeated else "",
            )
        )
    for p in problems:
        where = t("collect.where", line=p.line, column=p.column or "") if p.line else ""
        err(t("collect.problem", file=P(p.source).name, where=where, message=p.message))
    batch = t("collect.dry") if result.dry_run else t("collect.batch", batch=result.batch[:8]) if result.batch else ""
    err(
        t(
            "collect.summary",
            files=len(result.files),
            applied=len(result.applied),
            unchanged=result.unchanged,
            conflicts=len(result.conflicts),
            open=len(result.open_conflicts),
            problems=len(problems),
            batch=batch,
        )
    )


def _value(name: str, value: object) -> str:
    from ..services.collect import shown

    return shown(name, value)


def _why(x) -> str:  # type: ignore[no-untyped-def]
    from ..services.collect import why

    return why(x)


def duban_status(
    ctx: typer.Context,
    month: str = typer.Option(None, "--month", "-m", help=t("opt.duban_month")),
    plan: str = PLAN,
    dept: str = typer.Option(None, "--dept", "-d", help=t("opt.dept")),
    silent: bool = typer.Option(False, "--silent", help=t("opt.silent")),
    as_json: bool = typer.Option(False, "--json", help=t("opt.json")),
    as_csv: bool = typer.Option(False, "--csv", help=t("opt.csv")),
) -> None:
    from ..services.duban import status
    from ..services.ledger import Month
    from .common import print_csv, print_table

    report = status(state(ctx).services(), Month.parse(month) if month else None, plan, dept)
    depts = report.silent if silent else report.depts
    if as_json:
        print_json(
            [
                {
                    "plan": d.dept.plan_code,
                    "dept": d.dept.name,
                    "dept_id": d.dept.dept_id,
                    "contact": d.dept.contact,
                    "phone": d.dept.phone,
                    "reported": d.reported,
                    "sent_at": d.sent_at,
                    "returned_at": d.returned_at,
                    "returned_files": d.returned_files,
                    "changed_at": d.changed_at,
                    "tasks": len(d.tasks),
                    "overdue": [
                        {
                            "code": x.row.code,
                            "title": x.row.title,
                            "role": x.role,
                            "due_date": x.row.due_date,
                            "days_overdue": x.row.days_overdue,
                        }
                        for x in d.overdue
                    ],
                }
                for d in depts
            ]
        )
        return
    rows = [
        [
            d.dept.plan_code,
            d.dept.name,
            d.dept.line(),
            _when(d.sent_at),
            _reported(d),
            len(d.tasks),
            len(d.overdue),
            "、".join(x.row.code.split("-", 1)[-1] for x in d.overdue),
        ]
        for d in depts
    ]
    if as_csv:
        print_csv(["plan", "dept", "contact", "sent", "reported", "tasks", "overdue", "overdue_tasks"], rows)
        return
    head = [t(f"duban.col.{k}") for k in ("plan", "dept", "contact", "sent", "reported", "tasks", "overdue", "codes")]
    print_table(head, rows, wrap_column=7, styles=lambda row: "red" if row[4] == t("duban.no") else None)
    err(
        t(
            "duban.summary",
            period=str(report.period),
            total=len(report.depts),
            reported=len(report.reported),
            silent=len(report.silent),
            as_of=report.as_of.isoformat(),
        )
    )


def _when(at: object) -> str:
    from datetime import datetime

    from ..clock import local

    return local(at).strftime("%m-%d %H:%M") if isinstance(at, datetime) else ""


def _reported(d) -> str:  # type: ignore[no-untyped-def]
    if d.returned_at is not None:
        return t("duban.yes_sheet", at=_when(d.returned_at))
    if d.changed_at is not None:
        return t("duban.yes_change", at=_when(d.changed_at))
    return t("duban.no")


def remind(
    ctx: typer.Context,
    dept: str = typer.Option(None, "--dept", "-d", help=t("opt.dept")),
    everyone: bool = typer.Option(False, "--all", help=t("opt.remind_all")),
    plan: str = PLAN,
    deadline: str = typer.Option(None, "--deadline", help=t("opt.deadline")),
    office: str = typer.Option("", "--office", help=t("opt.office")),
    docx_dir: Path = typer.Option(None, "--docx", help=t("opt.remind_docx")),
    issuer: str = typer.Option("", "--issuer", help=t("opt.issuer")),
    as_json: bool = typer.Option(False, "--json", help=t("opt.json")),
) -> None:
    from ..errors import UsageError
    from ..services.dates import parse_date
    from ..services.remind import reminders, text

    if not dept and not everyone:
        raise UsageError("remind.which")
    services = state(ctx).services()
    due = parse_date(deadline, services.today()) if deadline else None
    found = reminders(services, dept=dept, plan=plan, deadline=due, office=office)
    if not found:
        err(t("remind.none"))
        return
    if docx_dir is not None:
        _notices(services, found, docx_dir, issuer)
        return
    if as_json:
        print_json(
            [
                {
                    "plan": r.report.dept.plan_code,
                    "dept": r.report.dept.name,
                    "contact": r.report.dept.contact,
                    "phone": r.report.dept.phone,
                    "text": text(r),
                }
                for r in found
            ]
        )
        return
    echo("\n\n".join(text(r) for r in found))


def _notices(services, found, directory: Path, issuer: str) -> None:  # type: ignore[no-untyped-def]
    from ..errors import InvalidInputError
    from ..exports.notice_docx import file_name, write_notice

    titles = {p.code: p.title for p in services.plans()}
    try:
        directory.mkdir(parents=True, exist_ok=True)
        for r in found:
            path = directory / file_name(r)
            write_notice(r, path, issuer=issuer, plan_title=titles.get(r.report.dept.plan_code, ""))
            echo(str(path))
    except OSError as exc:
        raise InvalidInputError("export.unwritable", file=str(directory), detail=exc.strerror or str(exc)) from exc
    err(t("remind.saved", count=len(found), dir=str(directory)))


def report_docx(
    services,
    month,
    plan: str | None,
    path: Path,
    *,
    issuer: str = "",  # type: ignore[no-untyped-def]
    cc: str | None = None,
) -> None:
    """`report monthly --docx FILE`: the 通报 as a Word document."""
    from ..errors import InvalidInputError
    from ..exports.report_docx import write_report_docx
    from ..services.tongbao import tongbao

    tb = tongbao(services, month, plan)
    try:
        write_report_docx(tb, path, issuer=issuer, cc=cc, scope=f"（{plan}）" if plan else "")
    except OSError as exc:
        raise InvalidInputError("export.unwritable", file=str(path), detail=exc.strerror or str(exc)) from exc
    err(t("report.saved", file=str(path)))
