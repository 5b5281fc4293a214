"""A secured PostgreSQL store (docs/server.md): `server init`, `server add-user`, and who the actor is there.

On a secured server the database decides (store/pg_security.py): the actor is the login role
(`session_user`), never a name the client sends, and whole-store commands are for admin roles.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import quote as url_quote

from sqlalchemy import text

from ..actor import Actor
from ..errors import InvalidInputError, PermissionDenied, UsageError
from ..i18n import register
from ..store import pg_security as sec

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
        "server.as_refused": (
            "在启用权限的服务器上，操作人就是登录的数据库角色 {role}，不能用 --as/SCIPLAN_USER 改为“{claimed}”",
            "On a secured server the actor is the database role you log in as ({role}); --as/SCIPLAN_USER "
            "cannot make it '{claimed}'",
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


def actor_for(store: Store, claimed: str | None) -> Actor:
    """The actor of a session: on a secured server the login role; `claimed` (--as) must then match it."""
    detected = Actor.detect(claimed)
    if store.is_sqlite:
        return detected
    with store.read() as conn:
        if not sec.is_secured(conn):
            return detected
        role = sec.session_user(conn)
    if claimed and claimed != role:
        raise PermissionDenied("server.as_refused", role=role, claimed=claimed)
    return Actor(role, detected.host)


def is_admin(conn: Connection) -> bool:
    return bool(conn.execute(text("SELECT sciplan_is_admin()")).scalar())


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

    from .access import G

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
    store = services.store
    if store.is_sqlite:
        raise UsageError("server.not_pg")
    if not _ROLE_NAME.match(name):
        raise InvalidInputError("server.bad_name", value=name)
    if admin == bool(plan or dept):
        raise UsageError("server.who")
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


def uuid_hex() -> str:
    import uuid

    return uuid.uuid4().hex


def _ensure_role(conn: Connection, name: str, secret: str | None) -> bool:
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
    creds = url_quote(role, safe="") + (":" + url_quote(secret, safe="") if secret else "")
    query = "&".join(f"{k}={v}" for k, v in u.query.items() if isinstance(v, str))
    return f"postgresql://{creds}@{where}{port}/{u.database}" + (f"?{query}" if query else "")


__all__ = ["InitReport", "NewUser", "actor_for", "add_user", "init_server", "require_admin"]
