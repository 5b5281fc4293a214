"""`sciplan plan list|archive|restore|remove`: the clerk's own store (services/plan_admin.py)."""

from __future__ import annotations

import typer

from ..i18n import register, t
from .common import SciplanGroup, err, print_json, print_table, state, stdin_is_tty, usage_error

register(
    {
        "help.plan": (
            "管理实施方案：列出（含已归档）、归档、恢复显示、删除",
            "Manage plans: list (archived too), archive, restore, remove",
        ),
        "help.plan_list": (
            "列出全部实施方案，包括已归档的。例：sciplan plan list",
            "List every plan, archived ones too. Example: sciplan plan list",
        ),
        "help.plan_archive": (
            "归档实施方案：此后所有查看、导出、报告中不再出现，任务和历史记录都保留；sciplan plan restore "
            "恢复显示。\n\n例：sciplan plan archive 澧县",
            "Archive a plan: it disappears from every view, export and report, and its tasks and history are "
            "kept; sciplan plan restore shows it again.\n\nExample: sciplan plan archive 澧县",
        ),
        "help.plan_restore": (
            "恢复显示已归档的实施方案。例：sciplan plan restore 澧县",
            "Show an archived plan again. Example: sciplan plan restore 澧县",
        ),
        "help.plan_remove": (
            "删除实施方案及其任务、部门和历史记录。删除前自动备份数据库，并要求确认（脚本中用 --yes）。"
            "\n\n例：sciplan plan remove 澧县 --yes",
            "Delete a plan with its tasks, departments and history. The store is backed up first, and you are "
            "asked to confirm (--yes in scripts).\n\nExample: sciplan plan remove 澧县 --yes",
        ),
        "plan.col.archived": ("已归档", "archived"),
        "plan.archived_done": (
            "已归档实施方案 {code}（{tasks} 项任务，历史保留）",
            "Archived plan {code} ({tasks} tasks; history kept)",
        ),
        "plan.restored_done": ("已恢复显示实施方案 {code}", "Plan {code} is shown again"),
        "plan.remove_confirm": (
            "删除实施方案 {code} 及其 {tasks} 项任务和全部历史记录？",
            "Delete plan {code} with its {tasks} tasks and all their history?",
        ),
        "plan.remove_cancel": ("未删除", "Nothing removed"),
        "plan.remove_needs_yes": (
            "删除实施方案需要确认：在终端中运行，或加 --yes",
            "Removing a plan needs a confirmation: run it in a terminal, or add --yes",
        ),
        "plan.removed": ("已删除实施方案 {code}（{tasks} 项任务）", "Removed plan {code} ({tasks} tasks)"),
        "plan.removed_backup": (
            "删除前的数据库已备份到 {file}（sciplan restore 可恢复）",
            "The store was backed up to {file} first (sciplan restore brings it back)",
        ),
        "plan.removed_no_backup": (
            "未做自动备份（PostgreSQL 数据库或已关闭自动备份）",
            "No automatic backup was made (a PostgreSQL store, or automatic backups are off)",
        ),
    }
)

plan_app = typer.Typer(cls=SciplanGroup, help=t("help.plan"), no_args_is_help=True)


def register_commands(app: typer.Typer) -> None:
    if not plan_app.registered_commands:
        plan_app.command("list", help=t("help.plan_list"))(list_)
        plan_app.command("archive", help=t("help.plan_archive"))(archive)
        plan_app.command("restore", help=t("help.plan_restore"))(restore)
        plan_app.command("remove", help=t("help.plan_remove"))(remove)
    if "plan" not in {g.name for g in app.registered_groups}:
        app.add_typer(plan_app, name="plan")


CODE = typer.Argument(..., help="CODE", show_default=False)


def list_(ctx: typer.Context, as_json: bool = typer.Option(False, "--json", help=t("opt.json"))) -> None:
    from ..services import plan_admin

    rows = plan_admin.all_plans(state(ctx).services())
    if as_json:
        print_json(rows)
        return
    yes = "✓"
    print_table(
        [t("col.id"), t("col.code"), t("col.title"), t("col.tasks"), t("plan.col.archived")],
        [[r.id, r.code, r.title, r.tasks, yes if r.archived else ""] for r in rows],
        wrap_column=2,
    )


def archive(ctx: typer.Context, code: str = CODE) -> None:
    from ..services import plan_admin

    done = plan_admin.archive(state(ctx).services(), code)
    err(t("plan.archived_done", code=done.code, tasks=done.tasks))


def restore(ctx: typer.Context, code: str = CODE) -> None:
    from ..services import plan_admin

    done = plan_admin.restore(state(ctx).services(), code)
    err(t("plan.restored_done", code=done.code))


def remove(
    ctx: typer.Context, code: str = CODE, yes: bool = typer.Option(False, "--yes", "-y", help=t("opt.yes"))
) -> None:
    from ..services import plan_admin

    services = state(ctx).services()
    found = plan_admin.plan_state(services, code)
    if not yes:
        if not stdin_is_tty():
            raise usage_error("plan.remove_needs_yes")
        if not typer.confirm(t("plan.remove_confirm", code=found.code, tasks=found.tasks), default=False, err=True):
            err(t("plan.remove_cancel"))
            raise typer.Exit(1)
    done = plan_admin.remove(services, code)
    err(t("plan.removed", code=done.code, tasks=done.tasks))
    err(t("plan.removed_backup", file=done.backup) if done.backup else t("plan.removed_no_backup"))
