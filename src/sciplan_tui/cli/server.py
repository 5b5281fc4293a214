"""`sciplan server`: secure a PostgreSQL store and give each office its own login role (docs/server.md)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer

from ..i18n import register, t
from .common import SciplanGroup, echo, err, print_json, state

if TYPE_CHECKING:
    from ..services import Services

register(
    {
        "help.server": (
            "共享服务器（PostgreSQL）：由数据库本身执行权限（行级安全、只追加的修改历史、按登录角色记录操作人）。"
            "见 docs/server.md",
            "The shared server (PostgreSQL): the database itself enforces access (row-level security, "
            "append-only history, the login role recorded as the actor). See docs/server.md",
        ),
        "help.server_init": (
            "由数据库所有者运行一次（升级 sciplan 后再运行一次）：建立本库的部门组角色和管理员组角色、表权限、"
            "行级安全策略和修改历史触发器，并把当前角色设为管理员。可重复运行。\n\n"
            "例：sciplan --db postgresql://sciplan@db.example/sciplan server init",
            "Run once by the database owner (and again after upgrading sciplan): creates this database's "
            "office and admin group roles, the table rights, the row-level security policies and the history "
            "triggers, and makes the current role an admin. Safe to run again.\n\n"
            "Example: sciplan --db postgresql://sciplan@db.example/sciplan server init",
        ),
        "help.server_add_user": (
            "为一个科室或个人建立数据库登录角色 NAME 并授权（仅管理员）：--admin 管理员；--plan 整个方案；"
            "--plan 加 --dept 一个部门。输出交给此人的连接地址（含新密码；--no-password 用于 peer/证书认证）。\n\n"
            "例：sciplan server add-user jyj --plan 澧县 --dept 县教育局",
            "Create the database login role NAME for one office or person and grant it (admins only): "
            "--admin an admin; --plan a whole plan; --plan with --dept one department. Prints the connection "
            "URL to give that person (with a new password; --no-password for peer or certificate auth).\n\n"
            "Example: sciplan server add-user jyj --plan 澧县 --dept 县教育局",
        ),
        "help.server_remove_user": (
            "收回登录角色 NAME 的全部授权并禁止其登录（仅管理员）。角色本身保留为不可登录：历史记录中仍有它的名字。\n\n"
            "例：sciplan server remove-user jyj",
            "Take all grants of the login role NAME and stop it logging in (admins only). The role itself stays, "
            "unable to log in: the history still names it.\n\nExample: sciplan server remove-user jyj",
        ),
        "server.user_removed": (
            "已收回 {role} 的 {count} 条授权，并禁止其登录",
            "Took {count} grant(s) of {role}; it can no longer log in",
        ),
        "opt.server_name": (
            "登录角色名（小写字母、数字、下划线）",
            "The login role's name (lower-case letters, digits, underscores)",
        ),
        "opt.server_admin": ("管理员（加入管理员组角色）", "An admin (joins the admin group role)"),
        "opt.server_no_password": (
            "不设密码：由 pg_hba.conf 的 peer 或证书认证登录",
            "Set no password: the role logs in by peer or certificate authentication (pg_hba.conf)",
        ),
        "opt.server_host": (
            "连接地址中的主机名（默认取当前 --db 的主机）",
            "The host to put in the URL (default: the host of --db)",
        ),
        "server.initialised": (
            "已启用数据库权限：{database}（部门组角色 {office}，管理员组角色 {admin}；{owner} 为管理员）",
            "Secured {database} (office group role {office}, admin group role {admin}; {owner} is an admin)",
        ),
        "server.user_added": (
            "已为 {role} 建立登录角色并授权。把下面的连接地址交给此人（只显示这一次）：",
            "Role {role} is ready. Give this connection URL to that person (shown only this once):",
        ),
    }
)

server_app = typer.Typer(cls=SciplanGroup, help=t("help.server"), no_args_is_help=True)


def register_commands(app: typer.Typer) -> None:
    """Add the `server` group (idempotent: tests may call it on a shared app)."""
    if not server_app.registered_commands:
        server_app.command("init", help=t("help.server_init"))(init)
        server_app.command("add-user", help=t("help.server_add_user"))(add_user)
        server_app.command("remove-user", help=t("help.server_remove_user"))(remove_user)
    if "server" not in {g.name for g in app.registered_groups}:
        app.add_typer(server_app, name="server")


def _services(ctx: typer.Context) -> Services:
    """The server store's services; a SQLite path, even one that does not exist, is a usage error (exit 2)."""
    from ..errors import UsageError
    from ..services.safekeeping import missing_store

    if missing_store(state(ctx).db) is not None:
        raise UsageError("server.not_pg")
    return state(ctx).services(seed=False)


def init(ctx: typer.Context, as_json: bool = typer.Option(False, "--json", help=t("opt.json"))) -> None:
    from ..services.server_admin import init_server

    report = init_server(_services(ctx).store)
    if as_json:
        print_json(report)
    err(
        t(
            "server.initialised",
            database=report.database,
            office=report.office_role,
            admin=report.admin_role,
            owner=report.owner,
        )
    )


def add_user(
    ctx: typer.Context,
    name: str = typer.Argument(..., help=t("opt.server_name"), show_default=False),
    plan: str = typer.Option(None, "--plan", "-p", help=t("opt.access_plan")),
    dept: str = typer.Option(None, "--dept", "-d", help=t("opt.access_dept")),
    admin: bool = typer.Option(False, "--admin", help=t("opt.server_admin")),
    no_password: bool = typer.Option(False, "--no-password", help=t("opt.server_no_password")),
    host: str = typer.Option(None, "--host", help=t("opt.server_host")),
    as_json: bool = typer.Option(False, "--json", help=t("opt.json")),
) -> None:
    from ..services.server_admin import add_user as add

    made = add(_services(ctx), name, plan=plan, dept=dept, admin=admin, password=not no_password, host=host)
    if as_json:
        print_json(made)
        return
    err(t("server.user_added", role=made.role))
    echo(made.url)


def remove_user(
    ctx: typer.Context,
    name: str = typer.Argument(..., help=t("opt.server_name"), show_default=False),
) -> None:
    from ..services.server_admin import remove_user as remove

    count = remove(_services(ctx), name)
    err(t("server.user_removed", role=name, count=count))
