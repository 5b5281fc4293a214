"""The monthly 督办 cycle: department contacts, sheets out, answers back, who has reported, reminders.

openpyxl and python-docx are imported inside the commands that write or read those files.
"""

from __future__ import annotations

from pathlib import Path

import typer

from ..i18n import register, t
from .common import SciplanGroup, err, print_json, state

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
        "dept.saved": ("已更新 {plan}·{name} 的联系方式：{line}", "Updated the contact of {plan}·{name}: {line}"),
    }
)

dept_app = typer.Typer(cls=SciplanGroup, help=t("help.dept"), no_args_is_help=True)
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
    from ..exports.sheets_xlsx import file_name, write_sheet
    from ..services import TaskFilter
    from ..services.dates import parse_date
    from ..services.ledger import Month
    from ..services.sheets import build, record_sent

    services = state(ctx).services()
    when = str(Month.parse(period)) if period else None
    due = parse_date(deadline, services.today()) if deadline else None
    sheets = build(services, TaskFilter(plan=plan), dept=dept, period=when, deadline=due)
    try:
        directory.mkdir(parents=True, exist_ok=True)
        files: dict[int, str] = {}
        for sheet in sheets:
            path = directory / file_name(sheet)
            write_sheet(sheet, path, office=office)
            files[sheet.dept.dept_id] = str(path)
    except OSError as exc:
        raise InvalidInputError("export.unwritable", file=str(directory), detail=exc.strerror or str(exc)) from exc
    record_sent(services, sheets, files)
    for written in files.values():
        typer.echo(written)
    err(t("sheets.saved", count=len(sheets), rows=sum(len(s.rows) for s in sheets), dir=str(directory)))
