"""The monthly 督办 cycle: department contacts, sheets out, answers back, who has reported, reminders.

openpyxl and python-docx are imported inside the commands that write or read those files.
"""

from __future__ import annotations

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
        "dept.saved": ("已更新 {plan}·{name} 的联系方式：{line}", "Updated the contact of {plan}·{name}: {line}"),
    }
)

dept_app = typer.Typer(cls=SciplanGroup, help=t("help.dept"), no_args_is_help=True)
PLAN = typer.Option(None, "--plan", "-p", help=t("opt.plan"))


def register_commands(app: typer.Typer) -> None:
    if not dept_app.registered_commands:
        dept_app.command("set", help=t("help.dept_set"))(dept_set)
    if "dept" not in {g.name for g in app.registered_groups}:
        app.add_typer(dept_app, name="dept")


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
