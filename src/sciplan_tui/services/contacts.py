"""Department contacts (联系人, phone, note): read for `depts`, sheets and reminders; set with `dept set`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import Connection, insert, select, update

from ..errors import InvalidInputError, NotFoundError, PermissionDenied
from ..i18n import register
from ..store import queries
from ..store.tables import C, D, P

if TYPE_CHECKING:
    from . import Services

register(
    {
        "dept.ambiguous": (
            "部门“{value}”有多个匹配（{found}），请写全名或加 --plan",
            "Department '{value}' matches several ({found}): write the full name or add --plan",
        ),
        "dept.nothing": (
            "请至少给出 --contact、--phone 或 --note 之一",
            "Give at least one of --contact, --phone or --note",
        ),
        "dept.denied": (
            "用户 {user} 无权修改部门“{dept}”的联系方式",
            "User {user} may not change the contact of '{dept}'",
        ),
    }
)


@dataclass(frozen=True)
class Contact:
    """A department and how to reach it."""

    dept_id: int
    plan_id: int
    plan_code: str
    name: str
    contact: str | None = None
    phone: str | None = None
    note: str | None = None

    def line(self) -> str:
        """联系人 张三 13800000000（备注）, or empty."""
        parts = [p for p in (self.contact, self.phone) if p]
        text = " ".join(parts)
        return f"{text}（{self.note}）" if self.note and text else text or (self.note or "")


def _cols() -> list:  # type: ignore[type-arg]
    return [D.c.id, D.c.plan_id, P.c.code, D.c.name, D.c.contact, D.c.phone, D.c.contact_note]


def contacts(services: Services, plan: str | None = None) -> dict[int, Contact]:
    """Every department the reader may see, by id, with its contact fields."""
    with services.store.read() as conn:
        scope = services._scope(conn)
        q = select(*_cols()).join(P, P.c.id == D.c.plan_id)
        if plan:
            q = q.where(D.c.plan_id == queries.plan_id(conn, plan))
        if scope.plan_ids is not None:
            q = q.where(D.c.plan_id.in_(sorted(scope.plan_ids)))
        return {r[0]: Contact(*r) for r in conn.execute(q.order_by(P.c.id, D.c.id))}


def find(conn: Connection, name: str, plan: str | None, plan_ids: frozenset[int] | None) -> int:
    """One department id for a name or alias (exact first, else a unique partial match)."""
    pid = queries.plan_id(conn, plan) if plan else None
    found = queries.department_ids(conn, name, pid)
    if plan_ids is not None:
        found = [d for d in found if _plan_of(conn, d) in plan_ids]
    if not found:
        raise NotFoundError("dept.not_found", value=name)
    if len(found) > 1:
        rows = conn.execute(select(P.c.code, D.c.name).join(P, P.c.id == D.c.plan_id).where(D.c.id.in_(found)))
        raise InvalidInputError("dept.ambiguous", value=name, found="、".join(f"{p}·{n}" for p, n in rows))
    return found[0]


def _plan_of(conn: Connection, dept_id: int) -> int:
    return int(conn.execute(select(D.c.plan_id).where(D.c.id == dept_id)).scalar_one())


def set_contact(
    services: Services,
    name: str,
    *,
    plan: str | None = None,
    contact: str | None = None,
    phone: str | None = None,
    note: str | None = None,
) -> Contact:
    """Change a department's contact fields (an empty string clears one); logged as a `contact` change."""
    if contact is None and phone is None and note is None:
        raise InvalidInputError("dept.nothing")
    with services.store.write() as conn:
        scope = services._scope(conn, fresh=True)
        did = find(conn, name, plan, scope.plan_ids)
        row = conn.execute(select(*_cols()).join(P, P.c.id == D.c.plan_id).where(D.c.id == did)).one()
        if not (scope.everything or row.plan_id in scope.plans or did in scope.depts):
            raise PermissionDenied("dept.denied", user=scope.user, dept=row.name)
        old = Contact(*row)
        wanted = {"contact": contact, "phone": phone, "contact_note": note}
        values = {k: (v.strip() or None) for k, v in wanted.items() if v is not None}
        conn.execute(update(D).where(D.c.id == did).values(**values))
        new = Contact(*conn.execute(select(*_cols()).join(P, P.c.id == D.c.plan_id).where(D.c.id == did)).one())
        if new != old:
            conn.execute(
                insert(C).values(
                    batch=services._batch(),
                    plan_id=row.plan_id,
                    task_id=None,
                    ref_id=did,
                    at=services.clock.now(),
                    actor=services.actor.name,
                    host=services.actor.host,
                    field="contact",
                    old=old.line() or None,
                    new=new.line() or None,
                    note=row.name,
                    undoes=None,
                )
            )
    return new


__all__ = ["Contact", "contacts", "find", "set_contact"]
