"""Who the actor of a session is: the name every change is recorded under.

On SQLite the name given (--as, SCIPLAN_USER) or the system login; on a secured server the login role,
never a name the client sends (docs/server.md). A small module of its own: every scripted call asks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..actor import Actor
from ..errors import PermissionDenied
from ..i18n import register

if TYPE_CHECKING:
    from ..store import Store

register(
    {
        "server.as_refused": (
            "在启用权限的服务器上，操作人就是登录的数据库角色 {role}，不能用 --as/SCIPLAN_USER 改为“{claimed}”",
            "On a secured server the actor is the database role you log in as ({role}); --as/SCIPLAN_USER "
            "cannot make it '{claimed}'",
        ),
    }
)


def actor_for(store: Store, claimed: str | None) -> Actor:
    """The actor of a session: on a secured server the login role; `claimed` (--as) must then match it."""
    detected = Actor.detect(claimed)
    if store.is_sqlite:
        return detected
    from ..store import pg_security as sec

    with store.sql() as db:
        if not sec.is_secured(db):
            return detected
        role = sec.session_user(db)
    if claimed and claimed != role:
        raise PermissionDenied("server.as_refused", role=role, claimed=claimed)
    return Actor(role, detected.host)


__all__ = ["actor_for"]
