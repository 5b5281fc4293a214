"""`sciplan db`: commands on a whole store; `db copy` moves one between SQLite and PostgreSQL."""

from __future__ import annotations

import typer

from ..i18n import register, t
from .common import SciplanGroup, State, confirmed, err, print_json, print_table

register(
    {
        "help.db": (
            "整库操作：在 SQLite 与 PostgreSQL 之间搬迁数据库（见 docs/server.md）",
            "Whole-store operations: move a store between SQLite and PostgreSQL (see docs/server.md)",
        ),
        "help.db_copy": (
            "把整个数据库（含全部修改历史）复制到另一个数据库：SQLite → PostgreSQL、PostgreSQL → SQLite 或 "
            "SQLite → SQLite。目标没有表时自动建表；目标已有数据时拒绝执行，除非加 --overwrite（SQLite 目标会先"
            "备份）。一次事务完成：要么全部复制，要么什么都不改。按表输出行数。\n\n"
            "例：sciplan db copy --from ~/.local/share/sciplan/sciplan.db "
            "--to postgresql://sciplan:密码@db.example:5432/sciplan；"
            "sciplan db copy --from postgresql://sciplan@db.example/sciplan --to 台账.db --overwrite",
            "Copy a whole store, with all its history, into another one: SQLite → PostgreSQL, PostgreSQL → "
            "SQLite or SQLite → SQLite. A target without tables gets them; a target holding rows is refused "
            "unless --overwrite (a SQLite target is backed up first). One transaction: everything is copied "
            "or nothing changes. Prints the rows per table.\n\n"
            "Examples: sciplan db copy --from ~/.local/share/sciplan/sciplan.db "
            "--to postgresql://sciplan:secret@db.example:5432/sciplan; "
            "sciplan db copy --from postgresql://sciplan@db.example/sciplan --to ledger.db --overwrite",
        ),
        "opt.copy_from": (
            "来源数据库：文件路径或 URL（sqlite:///…、postgresql://…）",
            "The store to copy: a file path or a URL (sqlite:///…, postgresql://…)",
        ),
        "opt.copy_to": (
            "目标数据库：文件路径或 URL；没有表时自动建表",
            "The store to fill: a file path or a URL; created if it has no tables",
        ),
        "opt.overwrite": (
            "目标已有数据时，先删除其全部内容再复制（同一事务）",
            "If the target holds rows, delete them all first (in the same transaction)",
        ),
        "col.table": ("表", "table"),
        "col.rows": ("行数", "rows"),
        "copy.total": ("合计", "total"),
        "copy.done": (
            "已从 {source} 复制 {rows} 行到 {target}（{seconds:.2f} 秒）",
            "Copied {rows} rows from {source} to {target} ({seconds:.2f} s)",
        ),
        "copy.replaced": ("目标原有的 {rows} 行已删除", "The target's {rows} previous rows were deleted"),
        "opt.have_backup": (
            "目标是服务器时，不在服务器上另做备份（您已用 pg_dump 备份）",
            "When the target is a server, do not back it up there first (you made a pg_dump backup)",
        ),
        "copy.will_replace": (
            "将删除服务器 {url} 上的全部内容，包括以下方案（任务/进展/历史行数）：",
            "This deletes everything in the server store {url}, including these plans (tasks/notes/history rows):",
        ),
        "copy.plan_rows": (
            "  {code}：任务 {tasks}，进展 {notes}，历史 {changes}",
            "  {code}: {tasks} tasks, {notes} notes, {changes} history rows",
        ),
        "copy.confirm": ("确定替换吗？", "Replace it?"),
        "copy.cancel": ("未做任何修改", "Nothing was changed"),
        "copy.server_backup": (
            "服务器上的原内容已备份到模式 {schema}（恢复方法见 docs/server.md 第 5 节）",
            "The server store was backed up into schema {schema} first (docs/server.md, section 5, restores it)",
        ),
        "copy.kept": ("目标原数据库已备份到 {file}", "The target store was backed up to {file} first"),
    }
)

db_app = typer.Typer(cls=SciplanGroup, help=t("help.db"), no_args_is_help=True)


def register_commands(app: typer.Typer) -> None:
    """Add the `db` group (idempotent: tests may call it on a shared app)."""
    if not db_app.registered_commands:
        db_app.command("copy", help=t("help.db_copy"))(copy)
    if "db" not in {g.name for g in app.registered_groups}:
        app.add_typer(db_app, name="db")


def copy(
    ctx: typer.Context,
    source: str = typer.Option(..., "--from", help=t("opt.copy_from"), show_default=False),
    target: str = typer.Option(..., "--to", help=t("opt.copy_to"), show_default=False),
    overwrite: bool = typer.Option(False, "--overwrite", help=t("opt.overwrite")),
    yes: bool = typer.Option(False, "--yes", "-y", help=t("opt.yes")),
    have_backup: bool = typer.Option(False, "--i-have-a-backup", help=t("opt.have_backup")),
    as_json: bool = typer.Option(False, "--json", help=t("opt.json")),
) -> None:
    from ..services import server_admin as sa
    from ..services.safekeeping import copy_store

    user = ctx.obj.user if isinstance(ctx.obj, State) else None
    sa.require_whole_store(source, user, "db copy")  # the whole store leaves: admins only
    sa.require_whole_store(target, user, "db copy")
    secured = sa.target_secured(target)
    if overwrite:
        _before_overwrite(target, yes=yes, have_backup=have_backup)
    report = copy_store(source, target, overwrite=overwrite)
    sa.keep_secured(target, secured)
    if as_json:
        print_json(report.to_dict())
    else:
        rows = [*report.tables.items(), (t("copy.total"), report.rows)]
        print_table([t("col.table"), t("col.rows")], rows)
    if report.kept is not None:
        err(t("copy.kept", file=report.kept))
    if report.replaced:
        err(t("copy.replaced", rows=report.replaced))
    err(t("copy.done", rows=report.rows, source=report.source, target=report.target, seconds=report.seconds))


def _before_overwrite(target: str, *, yes: bool, have_backup: bool) -> None:
    """Onto a server: say which plans and how many rows go, ask, then back the server store up there."""
    from ..services import server_admin as sa
    from ..services.safekeeping import location

    plans = sa.overwrite_summary(target)
    if not plans:
        return  # a SQLite target (backed up by the copy itself) or a server store without plans
    err(t("copy.will_replace", url=location(target)))
    for p in plans:
        err(t("copy.plan_rows", code=p.code, tasks=p.tasks, notes=p.notes, changes=p.changes))
    if not confirmed(t("copy.confirm"), yes=yes):
        err(t("copy.cancel"))
        raise typer.Exit(1)
    if not have_backup:
        err(t("copy.server_backup", schema=sa.server_backup(target)))
