"""A secured PostgreSQL store (docs/server.md): `server init`, `server add-user`, and who the actor is there.

On a secured server the database decides (store/pg_security.py): the actor is the login role
(`session_user`), never a name the client sends, and whole-store commands are for admin roles.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..actor import Actor
from ..errors import InvalidInputError, PermissionDenied, UsageError
from ..i18n import register
from ..store import pg_security as sec
from .actors import actor_for

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from ..store import Store
    from . import Services

register(
    {
        "server.not_pg": (
            "sciplan server 只用于 PostgreSQL 数据库；SQLite 文件库由文件权限保护",
            "sciplan server is for PostgreSQL stores; a SQLite file is protected by its file permissions",
        ),
        "server.not_secured": (
            "本服务器数据库尚未启用数据库权限：请数据库所有者先运行 sciplan server init",
            "This server store is not secured yet: the database owner runs sciplan server init first",
        ),
        "server.admin_only": (
            "{what} 只能由管理员角色执行，{role} 不是管理员（sciplan server add-user … --admin）",
            "{what} is for admin roles only and {role} is not one (sciplan server add-user … --admin)",
        ),
        "server.bad_name": (
            "角色名“{value}”不可用：只能用小写字母、数字和下划线，以字母开头，最长 63 个字符",
            "Role name '{value}' cannot be used: lower-case letters, digits and underscores, starting with a "
            "letter, at most 63 characters",
        ),
        "server.who": (
            "请给出 --admin、--plan 或 --plan 加 --dept 之一",
            "Give one of --admin, --plan, or --plan with --dept",
        ),
        "server.remove_self": (
            "不能移除自己（{value}）：请由另一位管理员执行",
            "You cannot remove yourself ({value}): ask another admin",
        ),
        "server.no_backup": (
            "无法在服务器上备份 {url}（{detail}）：请先用 pg_dump 备份（docs/server.md 第 4 节），再加 "
            "--i-have-a-backup 重试",
            "Cannot back up {url} on the server ({detail}): back it up with pg_dump first (docs/server.md, "
            "section 4) and run again with --i-have-a-backup",
        ),
    }
)

_ROLE_NAME = re.compile(r"^[a-z][a-z0-9_]{0,62}$")


@dataclass(frozen=True)
class InitReport:
    database: str
    office_role: str
    admin_role: str
    owner: str


@dataclass(frozen=True)
class NewUser:
    role: str
    kind: str  # admin | plan | dept
    created: bool  # a new login role (False: an existing role joined the group)
    url: str  # what to give the person (with the password when one was set)
    password: str | None


def is_admin(conn: Any) -> bool:
    from ..store.sql import as_db

    return bool(as_db(conn).scalar("SELECT sciplan_is_admin()"))


def check_admin(conn: Connection, what: str) -> None:
    """Inside a unit of work: on a secured server, refuse `what` to a role that is not an admin."""
    if sec.is_secured(conn) and not is_admin(conn):
        raise PermissionDenied("server.admin_only", what=what, role=sec.session_user(conn))


def require_admin(store: Store, what: str) -> None:
    """Refuse (exit 8) a whole-store command on a secured server by a role that is not an admin."""
    if store.is_sqlite:
        return
    with store.read() as conn:
        if sec.is_secured(conn) and not is_admin(conn):
            raise PermissionDenied("server.admin_only", what=what, role=sec.session_user(conn))


def init_server(store: Store) -> InitReport:
    """Install roles, rights, row-level security and history triggers; the caller becomes an admin."""
    if store.is_sqlite:
        raise UsageError("server.not_pg")
    with store.write() as conn:
        roles = sec.install(conn)
        owner = sec.session_user(conn)
        _admin_grant(conn, owner)
    return InitReport(roles.database, roles.office, roles.admin, owner)


def _admin_grant(conn: Connection, role: str) -> None:
    """`role` (who ran `server init`) holds an admin grant, so the services let it manage the store."""
    from sqlalchemy import insert, select

    from ..store import models as m

    G = m.Grant.__table__  # type: ignore[attr-defined]

    admin_row = (G.c.username == role, G.c.plan_id.is_(None), G.c.department_id.is_(None))
    if conn.execute(select(G.c.id).where(*admin_row)).first() is None:
        from datetime import UTC, datetime

        now = datetime.now(UTC)
        conn.execute(insert(G).values(username=role, plan_id=None, department_id=None, created_at=now, created_by=role))


def add_user(
    services: Services,
    name: str,
    *,
    plan: str | None = None,
    dept: str | None = None,
    admin: bool = False,
    password: bool = True,
    host: str | None = None,
) -> NewUser:
    """A login role for one office or person, in the right group, with its grant (one transaction)."""
    from sqlalchemy import text

    store = services.store
    if store.is_sqlite:
        raise UsageError("server.not_pg")
    if not _ROLE_NAME.match(name):
        raise InvalidInputError("server.bad_name", value=name)
    if admin == bool(plan or dept):
        raise UsageError("server.who")
    import secrets

    secret = secrets.token_urlsafe(18) if password else None
    with store.write() as conn:
        if not sec.is_secured(conn):
            raise UsageError("server.not_secured")
        if not is_admin(conn):
            raise PermissionDenied("server.admin_only", what="server add-user", role=sec.session_user(conn))
        roles = sec.roles(conn)
        created = _ensure_role(conn, name, secret)
        group = roles.admin if admin else roles.office
        conn.execute(text(f"GRANT {sec.quote(conn, group)} TO {sec.quote(conn, name)}"))
        from . import access

        access.add_grant(conn, services.actor, name, plan=plan, dept=dept, now=services.clock.now(), batch=uuid_hex())
        url = _url_for(store.url, name, secret, host)
    services._access = None
    return NewUser(name, "admin" if admin else ("dept" if dept else "plan"), created, url, secret)


def remove_user(services: Services, name: str) -> int:
    """Take a role's grants and group membership and stop it logging in (admins only); returns the grants
    taken. The role itself stays (NOLOGIN): the history names it, and it may serve other databases."""
    store = services.store
    if store.is_sqlite:
        raise UsageError("server.not_pg")
    with store.write() as conn:
        if not sec.is_secured(conn):
            raise UsageError("server.not_secured")
        if not is_admin(conn):
            raise PermissionDenied("server.admin_only", what="server remove-user", role=sec.session_user(conn))
        if name == sec.session_user(conn):
            raise InvalidInputError("server.remove_self", value=name)
        from . import access

        taken = access.remove_grants(conn, services.actor, name, now=services.clock.now(), batch=uuid_hex())
        roles = sec.roles(conn)
        for group in (roles.office, roles.admin):
            sec.run(conn, f"REVOKE {sec.quote(conn, group)} FROM {sec.quote(conn, name)}")
        sec.run(conn, f"ALTER ROLE {sec.quote(conn, name)} NOLOGIN")
    services._access = None
    return taken


def uuid_hex() -> str:
    import uuid

    return uuid.uuid4().hex


def _ensure_role(conn: Connection, name: str, secret: str | None) -> bool:
    from sqlalchemy import text

    exists = conn.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :n"), {"n": name}).first() is not None
    if exists and secret is None:
        return False
    verb = "ALTER" if exists else "CREATE"
    sql = conn.execute(
        text(
            f"SELECT format('{verb} ROLE %I LOGIN' || CASE WHEN CAST(:p AS text) IS NULL THEN '' "
            "ELSE ' PASSWORD ' || quote_literal(CAST(:p AS text)) END, CAST(:n AS text))"
        ),
        {"n": name, "p": secret},
    ).scalar()
    sec.run(conn, str(sql))
    return not exists


def _url_for(url: str, role: str, secret: str | None, host: str | None) -> str:
    """postgresql://ROLE[:PASSWORD]@HOST:PORT/DB[?query] from the store's URL (its own user and password dropped)."""
    from sqlalchemy.engine import make_url

    u = make_url(url)
    where = host or u.host or "localhost"
    port = f":{u.port}" if u.port else ""
    from urllib.parse import quote as url_quote

    creds = url_quote(role, safe="") + (":" + url_quote(secret, safe="") if secret else "")
    query = "&".join(f"{k}={v}" for k, v in u.query.items() if isinstance(v, str))
    return f"postgresql://{creds}@{where}{port}/{u.database}" + (f"?{query}" if query else "")


# ---- whole-store commands ------------------------------------------------------------------


@dataclass(frozen=True)
class PlanRows:
    """What an overwrite would replace of one plan."""

    code: str
    tasks: int
    notes: int
    changes: int


def require_whole_store(db: str | None, user: str | None, what: str, *, servers: bool = True) -> None:
    """Refuse (exit 8) `what` on the store at `db` unless the caller is an admin there.

    A secured server asks the database (the login role); elsewhere, once access is on, the user
    (`--as`, SCIPLAN_USER, login) needs an admin grant. A missing, empty or unreadable SQLite file
    has nothing to protect (restore must be able to replace a corrupt one). `servers=False`: a
    command for SQLite files only (backup, restore), which points a server's user to pg_dump itself.
    """
    from sqlalchemy.exc import DBAPIError

    from ..errors import StoreError
    from ..store import Store, resolve_url

    url = resolve_url(db)
    if not url.startswith(("sqlite", "postgresql") if servers else "sqlite"):
        return  # not a store this command works on: it refuses it itself
    store = Store(url)
    try:
        if store.path is not None and not store.path.exists():
            return
        try:
            _check_whole_store(store, user, what)
        except (StoreError, DBAPIError):
            if not store.is_sqlite:
                raise
    finally:
        store.dispose()


def _check_whole_store(store: Store, user: str | None, what: str) -> None:
    from sqlalchemy import inspect

    from . import access

    with store.read() as conn:
        if sec.is_secured(conn):
            if not is_admin(conn):
                raise PermissionDenied("server.admin_only", what=what, role=sec.session_user(conn))
            return
        if not inspect(conn).has_table("access_grant"):
            return
        name = Actor.detect(user).name
        s = access.scope(conn, name)
        if s.active and not s.admin:
            raise PermissionDenied("server.admin_only", what=what, role=name)


def overwrite_summary(target: str) -> list[PlanRows] | None:
    """The plans and rows a `db copy --overwrite` onto a server would replace (None: not a server store)."""
    from sqlalchemy import inspect, text

    from ..store import Store, resolve_url

    url = resolve_url(target)
    if not url.startswith("postgresql"):
        return None
    store = Store(url)
    try:
        with store.read() as conn:
            if not inspect(conn).has_table("plan"):
                return []
            rows = conn.execute(
                text(
                    "SELECT p.code, (SELECT count(*) FROM task t WHERE t.plan_id = p.id) AS tasks, "
                    "(SELECT count(*) FROM note n JOIN task t ON t.id = n.task_id WHERE t.plan_id = p.id) AS notes, "
                    '(SELECT count(*) FROM "change" c WHERE c.plan_id = p.id) AS changes FROM plan p ORDER BY p.code'
                )
            ).all()
        return [PlanRows(r.code, int(r.tasks), int(r.notes), int(r.changes)) for r in rows]
    finally:
        store.dispose()


def server_backup(target: str) -> str:
    """Copy every table of a server store into a new schema sciplan_backup_<UTC time>; returns its name."""
    from datetime import UTC, datetime

    from sqlalchemy import inspect

    from ..errors import StoreError
    from ..store import Store, resolve_url, safe_url

    store = Store(resolve_url(target))
    name = "sciplan_backup_" + datetime.now(UTC).strftime("%Y%m%d%H%M%S")
    try:
        with store.write() as conn:
            tables = [t for t in inspect(conn).get_table_names(schema="public") if t != "sciplan_pending"]
            sec.run(conn, f"CREATE SCHEMA {name}")
            sec.run(conn, f"REVOKE ALL ON SCHEMA {name} FROM PUBLIC")
            for table in tables:
                sec.run(conn, f'CREATE TABLE {name}."{table}" AS TABLE public."{table}"')
    except Exception as exc:  # no CREATE right on the database, a full disk: say what to do instead
        detail = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
        raise StoreError("server.no_backup", url=safe_url(store.url), detail=detail) from exc
    finally:
        store.dispose()
    return name


def keep_secured(target: str, was_secured: bool) -> None:
    """After a copy onto a secured server: it stays marked secured, and the copying admin keeps a grant."""
    from sqlalchemy import text

    if not was_secured:
        return
    from ..store import Store, resolve_url

    store = Store(resolve_url(target))
    try:
        with store.write() as conn:
            conn.execute(
                text("INSERT INTO setting (key, value) VALUES (:k, :v) ON CONFLICT (key) DO NOTHING"),
                {"k": sec.SECURITY_KEY, "v": sec.SECURITY_VERSION},
            )
            _admin_grant(conn, sec.session_user(conn))
    finally:
        store.dispose()


def target_secured(target: str) -> bool:
    from ..store import Store, resolve_url

    url = resolve_url(target)
    if not url.startswith("postgresql"):
        return False
    store = Store(url)
    try:
        with store.read() as conn:
            return sec.is_secured(conn)
    finally:
        store.dispose()


__all__ = [
    "InitReport",
    "NewUser",
    "PlanRows",
    "actor_for",
    "add_user",
    "check_admin",
    "init_server",
    "keep_secured",
    "overwrite_summary",
    "remove_user",
    "require_admin",
    "require_whole_store",
    "server_backup",
    "target_secured",
]
