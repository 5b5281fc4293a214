"""`sciplan access`: grant, revoke and list who may see and change which plans (docs/access.md)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from ..i18n import register, t
from .common import SciplanGroup, err, print_json, print_table, state

if TYPE_CHECKING:
    from ..services import Services

register(
    {
        "help.access": (
            "权限：谁可以查看和修改哪些实施方案。没有任何授权时人人可查看和修改全部内容；第一条授权必须把"
            "当前用户设为管理员，此后每位用户只能使用被授权的方案或部门。\n\n"
            "在 SQLite 数据库（一个文件）上，授权只防误操作：文件只受文件权限保护，--as 只是历史记录中的名字，"
            "不是安全措施；要让数据库本身把关，请用 PostgreSQL 服务器（sciplan server，见 docs/server.md）。\n\n"
            "例：sciplan --as 张三 access grant 张三；sciplan access grant 李四 --plan 澧县",
            "Access: who may see and change which plans. With no grant at all everyone sees and changes "
            "everything; the first grant must make the current user an admin, and from then on each user "
            "gets only the plans or departments granted.\n\n"
            "On a SQLite store (one file) grants only prevent mistakes: the file is protected by its file "
            "permissions alone, and --as is a name in the history, not security; for a store that enforces "
            "access itself use the PostgreSQL server (sciplan server, docs/server.md).\n\n"
            "Examples: sciplan --as zhang access grant zhang; sciplan access grant li --plan 澧县",
        ),
        "help.access_grant": (
            "授权给用户 USER（仅管理员；第一条授权须为当前用户的管理员授权）。不加选项：管理员，可查看和修改"
            "全部方案、导入方案、管理授权；--plan：整个方案；--plan 加 --dept：可查看该方案，只能修改该部门"
            "牵头或参与的任务。\n\n"
            "例：sciplan access grant 张三；sciplan access grant 李四 --plan 澧县；"
            "sciplan access grant jyj --plan 澧县 --dept 县教育局",
            "Grant USER access (admins only; the first grant must make the current user an admin). No "
            "option: an admin, who sees and changes every plan, imports plans and manages grants; --plan: "
            "a whole plan; --plan with --dept: sees that plan and changes only the tasks the department leads "
            "or joins.\n\n"
            "Examples: sciplan access grant zhang; sciplan access grant li --plan 澧县; "
            "sciplan access grant jyj --plan 澧县 --dept 县教育局",
        ),
        "help.access_revoke": (
            "撤销用户 USER 的授权（仅管理员）：不加选项撤销其全部授权，--plan 撤销该方案的授权，--dept 撤销"
            "该部门的授权。还有其他授权时不能撤销最后一位管理员；撤销全部授权即关闭权限控制。\n\n"
            "例：sciplan access revoke 李四；sciplan access revoke jyj --plan 澧县 --dept 县教育局",
            "Revoke USER's grants (admins only): all of them with no option, those of a plan with --plan, "
            "a department's with --dept. The last admin cannot be revoked while other grants remain; "
            "revoking every grant turns access control off.\n\n"
            "Examples: sciplan access revoke li; sciplan access revoke jyj --plan 澧县 --dept 县教育局",
        ),
        "help.access_list": (
            "列出授权：管理员看到全部，其他用户看到自己的授权。\n\n例：sciplan access list；sciplan access list --json",
            "List the grants: all of them for an admin, one's own for anyone else.\n\n"
            "Examples: sciplan access list; sciplan access list --json",
        ),
        "access.granted": ("已授权：{user} — {what}", "Granted: {user} — {what}"),
        "access.revoked": ("已撤销 {user} 的 {count} 条授权", "Revoked {count} grant(s) of {user}"),
        "access.off": (
            "权限控制未启用：所有人可查看和修改全部内容（sciplan access grant 当前用户 可启用）",
            "Access control is off: everyone sees and changes everything (sciplan access grant YOURSELF turns it on)",
        ),
        "access.sqlite_label": (
            "注意：SQLite 数据库是一个文件，只受文件权限保护；在这里 --as 只是历史记录中的名字，不是安全措施"
            "（多个科室共用时请用 PostgreSQL 服务器，见 docs/server.md）",
            "Note: a SQLite store is one file, protected only by its file permissions; here --as is a name in "
            "the history, not security (for offices sharing a store, use the PostgreSQL server: docs/server.md)",
        ),
        "access.now_off": ("已没有任何授权：权限控制已关闭", "No grant is left: access control is now off"),
        "access.role.admin": ("管理员（全部方案）", "admin (every plan)"),
        "access.role.plan": ("整个方案 {plan}", "the whole plan {plan}"),
        "access.role.dept": ("{plan} {dept}（只改其负责的任务）", "{plan} {dept} (changes only its tasks)"),
        "col.user": ("用户", "user"),
        "col.access": ("权限", "access"),
        "col.granted_by": ("授权人", "granted by"),
        "col.granted_at": ("授权时间", "granted at"),
    }
)

access_app = typer.Typer(cls=SciplanGroup, help=t("help.access"), no_args_is_help=True)


def register_commands(app: typer.Typer) -> None:
    access_app.command("grant", help=t("help.access_grant"))(grant)
    access_app.command("revoke", help=t("help.access_revoke"))(revoke)
    access_app.command("list", help=t("help.access_list"))(list_grants)
    app.add_typer(access_app, name="access")


def _what(role: str, plan: str | None, dept: str | None) -> str:
    return t(f"access.role.{role}", plan=plan, dept=dept)


def grant(
    ctx: typer.Context,
    user: str = typer.Argument(..., help=t("opt.access_user"), show_default=False),
    plan: str = typer.Option(None, "--plan", "-p", help=t("opt.access_plan")),
    dept: str = typer.Option(None, "--dept", "-d", help=t("opt.access_dept")),
) -> None:
    services = state(ctx).services()
    row = services.grant(user, plan=plan, dept=dept)
    err(t("access.granted", user=row.user, what=_what(row.role, row.plan_code, row.department)))
    _sqlite_note(services)


def _sqlite_note(services: Services) -> None:
    """On a SQLite store every access command says what a grant there is worth (docs/access.md)."""
    if services.store.is_sqlite:
        err(t("access.sqlite_label"))


def revoke(
    ctx: typer.Context,
    user: str = typer.Argument(..., help=t("opt.access_user"), show_default=False),
    plan: str = typer.Option(None, "--plan", "-p", help=t("opt.access_plan")),
    dept: str = typer.Option(None, "--dept", "-d", help=t("opt.access_dept")),
) -> None:
    services = state(ctx).services()
    count = services.revoke(user, plan=plan, dept=dept)
    err(t("access.revoked", user=user, count=count))
    if not services.access_on():
        err(t("access.now_off"))
    _sqlite_note(services)


def list_grants(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", help=t("opt.json")),
) -> None:
    services = state(ctx).services()
    rows = services.grants()
    _sqlite_note(services)
    if as_json:
        print_json(rows)
        return
    if not rows and not services.access_on():
        err(t("access.off"))
        return
    from ..clock import stamp

    header = [t(k) for k in ("col.id", "col.user", "col.access", "col.granted_by", "col.granted_at")]
    print_table(
        header,
        [[g.id, g.user, _what(g.role, g.plan_code, g.department), g.created_by, stamp(g.created_at)] for g in rows],
    )  # the office's time, like every other time shown
