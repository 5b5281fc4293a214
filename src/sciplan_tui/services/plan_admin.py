"""The clerk's own store: start empty or with one's own plans, archive a plan, remove one (backed up first).

Archiving hides a plan from every view (services/access.py folds archived plans out of what a reader
sees) and keeps its tasks and history; `restore` shows it again. Removing deletes the plan with its
tasks and history, after an automatic backup; a plan-less `plan_removed` entry stays in the history.
Once the clerk starts for real (`init --empty`, `init PLAN...`, or a removal), the store never gets
the bundled demo plans again, even when it holds no plan.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, delete, insert, select, update

from ..errors import InvalidInputError, NotFoundError
from ..i18n import register
from ..store import models as m
from ..store.tables import C, P, T

if TYPE_CHECKING:
    from . import Services

register(
    {
        "plan.already_archived": ("实施方案“{value}”已经归档", "Plan '{value}' is already archived"),
        "plan.not_archived": ("实施方案“{value}”没有归档", "Plan '{value}' is not archived"),
    }
)

S = m.Setting.__table__  # type: ignore[attr-defined]
SEED_KEY = "seed"


@dataclass(frozen=True)
class PlanState:
    """A plan as the admin commands see it, archived or not."""

    id: int
    code: str
    title: str
    archived: bool
    tasks: int


@dataclass(frozen=True)
class Removed:
    code: str
    tasks: int
    backup: Path | None


# ---- settings ------------------------------------------------------------------------------


def setting(conn: Connection, key: str) -> str | None:
    value = conn.execute(select(S.c.value).where(S.c.key == key)).scalar()
    return None if value is None else str(value)


def put_setting(conn: Connection, key: str, value: str) -> None:
    conn.execute(delete(S).where(S.c.key == key))
    conn.execute(insert(S).values(key=key, value=value))


def wants_demo(services: Services) -> bool:
    """True when a store with no plan should get the bundled plans: it was never started for real."""
    with services.store.read() as conn:
        return setting(conn, SEED_KEY) != "off"


def start_for_real(services: Services) -> None:
    """Never seed this store with the bundled plans (init --empty, init PLAN..., plan remove)."""
    with services.store.write() as conn:
        put_setting(conn, SEED_KEY, "off")


# ---- archive -------------------------------------------------------------------------------


def all_plans(services: Services) -> list[PlanState]:
    """Every plan, archived ones too (for `plan list`)."""
    from sqlalchemy import func

    counts = select(T.c.plan_id, func.count().label("n")).where(T.c.retired.is_(False)).group_by(T.c.plan_id)
    sub = counts.subquery()
    q = (
        select(P.c.id, P.c.code, P.c.title, P.c.archived_at, sub.c.n)
        .outerjoin(sub, sub.c.plan_id == P.c.id)
        .order_by(P.c.id)
    )
    with services.store.read() as conn:
        return [PlanState(r.id, r.code, r.title, r.archived_at is not None, int(r.n or 0)) for r in conn.execute(q)]


def archive(services: Services, ref: str) -> PlanState:
    """Hide a plan from every view; its tasks and history stay (logged as `archived`)."""
    return _set_archived(services, ref, True)


def restore(services: Services, ref: str) -> PlanState:
    """Show an archived plan again."""
    return _set_archived(services, ref, False)


def _set_archived(services: Services, ref: str, archived: bool) -> PlanState:
    from . import access

    with services.store.write() as conn:
        access.check_import_allowed(services._scope(conn, fresh=True), [ref])
        row = _plan(conn, ref)
        if (row.archived_at is not None) == archived:
            raise InvalidInputError("plan.already_archived" if archived else "plan.not_archived", value=row.code)
        now = services.clock.now()
        conn.execute(update(P).where(P.c.id == row.id).values(archived_at=now if archived else None))
        _log(services, conn, row.id, "archived", "0" if archived else "1", "1" if archived else "0")
    services._access = None  # the reader's cached scope folds archived plans out: look again
    return next(p for p in all_plans(services) if p.id == row.id)


# ---- remove --------------------------------------------------------------------------------


def plan_state(services: Services, ref: str) -> PlanState:
    with services.store.read() as conn:
        row = _plan(conn, ref)
    return next(p for p in all_plans(services) if p.id == row.id)


def remove(services: Services, ref: str) -> Removed:
    """Delete a plan with its tasks, departments and history, after an automatic backup."""
    from . import access

    found = plan_state(services, ref)
    with services.store.write() as conn:
        scope = services._scope(conn, fresh=True)
        access.check_import_allowed(scope, [found.code])
        if not scope.everything:  # only an admin removes a plan
            raise access.PermissionDenied("access.denied_import", user=scope.user, plan=found.code)
        kept = services.back_up_first(f"before-remove-{found.id}")  # allowed: the snapshot before it
        conn.execute(delete(C).where(C.c.task_id.in_(select(T.c.id).where(T.c.plan_id == found.id))))
        conn.execute(delete(P).where(P.c.id == found.id))  # items, tasks, departments… go by cascade
        _log(services, conn, None, "plan_removed", found.code, None, note=str(kept) if kept else None)
        put_setting(conn, SEED_KEY, "off")
    services._access = None
    return Removed(found.code, found.tasks, kept)


# ---- helpers -------------------------------------------------------------------------------


def _plan(conn: Connection, ref: str):  # type: ignore[no-untyped-def]
    text = ref.strip()
    conds = [P.c.code == text, P.c.jurisdiction == text, P.c.title == text]
    if text.isascii() and text.isdigit():
        conds.append(P.c.id == int(text))
    from sqlalchemy import or_

    row = conn.execute(select(P.c.id, P.c.code, P.c.archived_at).where(or_(*conds)).order_by(P.c.id)).first()
    if row is None:
        raise NotFoundError("plan.not_found", value=text)
    return row


def _log(
    services: Services,
    conn: Connection,
    plan_id: int | None,
    field: str,
    old: str | None,
    new: str | None,
    note: str | None = None,
) -> None:
    conn.execute(
        insert(C).values(
            batch=services._batch(),
            plan_id=plan_id,
            task_id=None,
            ref_id=None,
            at=services.clock.now(),
            actor=services.actor.name,
            host=services.actor.host,
            field=field,
            old=old,
            new=new,
            note=note,
            undoes=None,
        )
    )


__all__ = [
    "PlanState",
    "Removed",
    "all_plans",
    "archive",
    "plan_state",
    "remove",
    "restore",
    "start_for_real",
    "wants_demo",
]
