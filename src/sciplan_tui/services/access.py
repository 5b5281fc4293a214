"""Who may see and change what: grants per user, enforced here for every read and write of the services.

The model (docs/access.md): a store with no grants is open, everyone sees and changes everything.
Once any grant exists, access is on and each user gets what their grants give:

- admin (no plan, no department): everything, and managing grants;
- a plan: reading and changing that whole plan (and re-importing it);
- a department of a plan: reading that plan, changing only the tasks the department leads or joins;
- nothing: nothing.

The cheap path stays cheap: when access is off, `scope()` is one `SELECT … LIMIT 1`.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, delete, func, insert, select

from ..actor import Actor
from ..errors import InvalidInputError, NotFoundError, PermissionDenied
from ..i18n import get_lang, register, t
from ..store import models as m
from ..store import queries
from ..store.filters import TaskFilter
from ..store.tables import TG, A, C, D, P, T

if TYPE_CHECKING:
    from .imports import ImportResult

G = m.Grant.__table__  # type: ignore[attr-defined]

register(
    {
        "access.no_grant": (
            "用户 {user} 没有任何授权：本数据库已启用权限控制。请管理员运行 sciplan access grant {user} --plan 方案",
            "User {user} has no grant: access control is on for this store. Ask an admin to run "
            "sciplan access grant {user} --plan PLAN",
        ),
        "access.denied_write": (
            "用户 {user} 无权修改任务 {codes}：只能修改{allowed}。未做任何修改",
            "User {user} may not change task(s) {codes}: they may change only {allowed}. Nothing was changed",
        ),
        "access.denied_read": (
            "用户 {user} 无权查看{what}：只能查看{allowed}",
            "User {user} may not see {what}: they may see only {allowed}",
        ),
        "access.denied_import": (
            "用户 {user} 无权导入实施方案“{plan}”：新方案只能由管理员导入，已有方案需整个方案的授权",
            "User {user} may not import plan '{plan}': only an admin imports a new plan, and re-importing one "
            "needs a grant of the whole plan",
        ),
        "access.not_admin": (
            "只有管理员才能管理授权，{user} 不是管理员（sciplan access list 查看管理员）",
            "Only an admin may manage grants and {user} is not one (sciplan access list shows the admins)",
        ),
        "access.first_admin": (
            "本数据库尚未启用权限控制。第一条授权必须把当前用户设为管理员，以免无人能再管理授权："
            "sciplan --as {actor} access grant {actor}",
            "Access control is off for this store. The first grant must make the current user an admin, so "
            "someone can always manage grants: sciplan --as {actor} access grant {actor}",
        ),
        "access.last_admin": (
            "不能撤销最后一位管理员 {user} 的授权：还有其他授权时，至少要保留一位管理员"
            "（先撤销其他授权即可关闭权限控制）",
            "Cannot revoke the last admin, {user}, while other grants remain (revoke the others first to "
            "turn access control off)",
        ),
        "access.no_such_grant": ("用户 {user} 没有这样的授权", "User {user} has no such grant"),
        "access.dept_ambiguous": (
            "部门“{value}”在多个实施方案中都有（{found}），请加 --plan",
            "Department '{value}' is in several plans ({found}): add --plan",
        ),
        "access.allowed.all": ("全部实施方案", "every plan"),
        "access.allowed.plan": ("实施方案“{plan}”的任务", "the tasks of plan '{plan}'"),
        "access.allowed.dept": ("{plan}“{dept}”牵头或参与的任务", "the tasks {dept} ({plan}) leads or joins"),
        "access.allowed.nothing": ("（无）", "(nothing)"),
        "access.what.plan": ("实施方案“{plan}”", "plan '{plan}'"),
        "access.what.task": ("任务 {code}", "task {code}"),
        "plan.archived": (
            "“{value}”属于已归档的实施方案（sciplan plan restore 可恢复显示）",
            "'{value}' belongs to an archived plan (sciplan plan restore shows it again)",
        ),
        "access.more": ("{codes} 等 {count} 项", "{codes} and {more} more"),
    }
)

SHOWN_CODES = 5


@dataclass(frozen=True)
class Scope:
    """What one user may do now. `active`: the store has grants at all."""

    user: str
    active: bool = False
    admin: bool = False
    plans: frozenset[int] = frozenset()  # whole plans: read and write
    depts: frozenset[int] = frozenset()  # departments: write the tasks they lead or join
    dept_plans: frozenset[int] = frozenset()  # the plans of those departments: read
    archived: frozenset[int] = frozenset()  # archived plans: hidden from every reader (services/plan_admin.py)
    live: frozenset[int] = frozenset()  # the plans not archived (looked up only when some are)

    @property
    def everything(self) -> bool:
        return not self.active or self.admin

    @property
    def plan_ids(self) -> frozenset[int] | None:
        """The plans this user may see; None: all."""
        if not self.archived:
            return None if self.everything else self.plans | self.dept_plans
        return self.live if self.everything else (self.plans | self.dept_plans) - self.archived

    @property
    def dept_ids(self) -> frozenset[int]:
        return self.depts

    def sees_plan(self, plan_id: int) -> bool:
        if plan_id in self.archived:
            return False
        return self.everything or plan_id in self.plans or plan_id in self.dept_plans


@dataclass(frozen=True)
class GrantRow:
    id: int
    user: str
    role: str  # admin | plan | dept
    plan_code: str | None
    department: str | None
    created_at: datetime
    created_by: str


# ---- the scope ---------------------------------------------------------------------------


def access_on(conn: Connection) -> bool:
    """Whether the store has any grant: one indexed one-row query."""
    return conn.execute(select(G.c.id).limit(1)).first() is not None


def scope(conn: Connection, actor: Actor | str) -> Scope:
    """The grants of `actor`, folded into a Scope (access off: one query)."""
    user = actor if isinstance(actor, str) else actor.name
    if not access_on(conn):
        return Scope(user)
    rows = conn.execute(
        select(G.c.plan_id, G.c.department_id, D.c.plan_id.label("dept_plan"))
        .outerjoin(D, D.c.id == G.c.department_id)
        .where(G.c.username == user)
    ).all()
    admin = any(r.plan_id is None and r.department_id is None for r in rows)
    plans = frozenset(r.plan_id for r in rows if r.plan_id is not None and r.department_id is None)
    depts = frozenset(r.department_id for r in rows if r.department_id is not None)
    dept_plans = frozenset(r.dept_plan for r in rows if r.department_id is not None)
    return Scope(user, True, admin, plans, depts, dept_plans)


def fold_archived(conn: Connection, s: Scope) -> Scope:
    """`s` with the archived plans folded out (services/plan_admin.py): one query when none is archived."""
    archived = frozenset(conn.execute(select(P.c.id).where(P.c.archived_at.is_not(None))).scalars())
    if not archived:
        return s
    live = frozenset(conn.execute(select(P.c.id).where(P.c.archived_at.is_(None))).scalars())
    return replace(s, archived=archived, live=live)


# ---- reads -------------------------------------------------------------------------------


def visible_filter(conn: Connection, s: Scope, f: TaskFilter) -> TaskFilter:
    """`f` narrowed to the plans `s` may see; naming a plan it may not see is refused."""
    if s.everything and not s.archived:
        return f
    if f.plan:
        check_plan_visible(conn, s, queries.plan_id(conn, f.plan))
    return replace(f, plan_ids=tuple(sorted(s.plan_ids or ())))


def check_plan_visible(conn: Connection, s: Scope, plan_id: int) -> None:
    if s.sees_plan(plan_id):
        return
    if plan_id in s.archived:
        code = conn.execute(select(P.c.code).where(P.c.id == plan_id)).scalar() or str(plan_id)
        raise NotFoundError("plan.archived", value=code)
    code = conn.execute(select(P.c.code).where(P.c.id == plan_id)).scalar() or str(plan_id)
    raise _read_denied(conn, s, t("access.what.plan", plan=code))


def check_task_visible(conn: Connection, s: Scope, task_id: int) -> None:
    """Refuse a task of a plan `s` may not see (an unknown task is left to the caller's not-found)."""
    if s.everything and not s.archived:
        return
    row = conn.execute(
        select(T.c.plan_id, (P.c.code + "-" + T.c.code).label("code"))
        .join(P, P.c.id == T.c.plan_id)
        .where(T.c.id == task_id)
    ).first()
    if row is not None and row.plan_id in s.archived:
        raise NotFoundError("plan.archived", value=row.code)
    if row is not None and not s.sees_plan(row.plan_id):
        raise _read_denied(conn, s, t("access.what.task", code=row.code))


def _read_denied(conn: Connection, s: Scope, what: str) -> PermissionDenied:
    if not s.plans and not s.depts:
        return PermissionDenied("access.no_grant", user=s.user)
    plans = _plan_codes(conn, s.plans | s.dept_plans)
    allowed = _join([t("access.allowed.plan", plan=code) for code in plans])
    return PermissionDenied("access.denied_read", user=s.user, what=what, allowed=allowed)


# ---- writes ------------------------------------------------------------------------------


def check_tasks_writable(conn: Connection, s: Scope, task_ids: Iterable[int]) -> None:
    """Refuse the whole write if any of `task_ids` is outside what `s` may change."""
    if s.everything:
        return
    ids = sorted(set(task_ids))
    if not ids:
        return
    if not s.plans and not s.depts:
        raise PermissionDenied("access.no_grant", user=s.user)
    forbidden: list[str] = []
    for start in range(0, len(ids), 900):
        q = (
            select((P.c.code + "-" + T.c.code).label("code"))
            .join(P, P.c.id == T.c.plan_id)
            .where(T.c.id.in_(ids[start : start + 900]))
            .order_by(T.c.id)
        )
        if s.plans:
            q = q.where(T.c.plan_id.notin_(s.plans))
        if s.depts:
            q = q.where(T.c.id.notin_(select(A.c.task_id).where(A.c.department_id.in_(s.depts))))
        forbidden += conn.execute(q).scalars()
    if forbidden:
        raise PermissionDenied(
            "access.denied_write", user=s.user, codes=_codes(forbidden), allowed=_allowed(conn, s), tasks=forbidden
        )


def check_target_writable(conn: Connection, s: Scope, target_id: int) -> None:
    if s.everything:
        return
    task_id = conn.execute(select(TG.c.task_id).where(TG.c.id == target_id)).scalar()
    if task_id is not None:  # an unknown target is left to the caller's not-found
        check_tasks_writable(conn, s, [task_id])


def check_import_allowed(s: Scope, names: Sequence[str]) -> None:
    """Before an import: someone with no whole-plan grant cannot import anything."""
    if not s.everything and not s.plans:
        if not s.depts:
            raise PermissionDenied("access.no_grant", user=s.user)
        raise PermissionDenied("access.denied_import", user=s.user, plan=_join(list(names)))


def check_imported(s: Scope, results: Sequence[ImportResult]) -> None:
    """After an import, inside its transaction: a plan created or revised beyond `s` undoes it all."""
    if s.everything:
        return
    for r in results:
        if r.outcome == "created" or r.plan_id not in s.plans:
            raise PermissionDenied("access.denied_import", user=s.user, plan=r.code)


def _allowed(conn: Connection, s: Scope) -> str:
    parts = [t("access.allowed.plan", plan=code) for code in _plan_codes(conn, s.plans)]
    if s.depts:
        q = (
            select(P.c.code, D.c.name)
            .join(P, P.c.id == D.c.plan_id)
            .where(D.c.id.in_(s.depts))
            .order_by(P.c.id, D.c.id)
        )
        parts += [t("access.allowed.dept", plan=code, dept=name) for code, name in conn.execute(q)]
    return _join(parts) or t("access.allowed.nothing")


def _plan_codes(conn: Connection, ids: Collection[int]) -> list[str]:
    if not ids:
        return []
    return list(conn.execute(select(P.c.code).where(P.c.id.in_(ids)).order_by(P.c.id)).scalars())


def _join(parts: list[str]) -> str:
    return ("、" if get_lang() == "zh" else ", ").join(parts)


def _codes(codes: list[str]) -> str:
    shown = ("、" if get_lang() == "zh" else ", ").join(codes[:SHOWN_CODES])
    if len(codes) <= SHOWN_CODES:
        return shown
    return t("access.more", codes=shown, count=len(codes), more=len(codes) - SHOWN_CODES)


# ---- managing grants ---------------------------------------------------------------------


def list_grants(conn: Connection, s: Scope) -> list[GrantRow]:
    """Every grant for an admin (or while access is off: none exist); one's own grants otherwise."""
    return _grant_rows(conn, [] if s.everything else [G.c.username == s.user])


def _grant_rows(conn: Connection, conds: list[Any]) -> list[GrantRow]:
    q = (
        select(G.c.id, G.c.username, G.c.plan_id, G.c.department_id, P.c.code, D.c.name, G.c.created_at, G.c.created_by)
        .select_from(G.outerjoin(P, P.c.id == G.c.plan_id).outerjoin(D, D.c.id == G.c.department_id))
        .where(*conds)
        .order_by(G.c.username, G.c.id)
    )
    return [
        GrantRow(r.id, r.username, _role(r.plan_id, r.department_id), r.code, r.name, r.created_at, r.created_by)
        for r in conn.execute(q)
    ]


def _role(plan: int | None, dept: int | None) -> str:
    return "admin" if plan is None and dept is None else "plan" if dept is None else "dept"


def add_grant(
    conn: Connection,
    actor: Actor,
    user: str,
    *,
    plan: str | None = None,
    dept: str | None = None,
    now: datetime,
    batch: str,
) -> GrantRow:
    """Give `user` a grant; idempotent. The first grant of a store must make the actor an admin."""
    s = scope(conn, actor)
    if not s.active and (user != actor.name or plan or dept):
        raise PermissionDenied("access.first_admin", actor=actor.name)
    if s.active and not s.admin:
        raise PermissionDenied("access.not_admin", user=actor.name)
    pid, did = _target(conn, plan, dept)
    same = [G.c.username == user, _is(G.c.plan_id, pid), _is(G.c.department_id, did)]
    found = conn.execute(select(G.c.id).where(*same)).scalar()
    if found is None:
        made = conn.execute(
            insert(G).values(username=user, plan_id=pid, department_id=did, created_at=now, created_by=actor.name)
        )
        found = made.inserted_primary_key[0]  # type: ignore[index]
        _log(conn, actor, now, batch, pid, old=None, new=_describe(conn, user, pid, did))
    return _grant_rows(conn, [G.c.id == found])[0]


def remove_grants(
    conn: Connection,
    actor: Actor,
    user: str,
    *,
    plan: str | None = None,
    dept: str | None = None,
    now: datetime,
    batch: str,
) -> int:
    """Take grants from `user` (all of them, or those of a plan or a department); returns how many."""
    s = scope(conn, actor)
    if s.active and not s.admin:
        raise PermissionDenied("access.not_admin", user=actor.name)
    conds = [G.c.username == user]
    if plan or dept:
        pid, did = _target(conn, plan, dept)
        conds.append(G.c.plan_id == pid)
        if did is not None:
            conds.append(G.c.department_id == did)
    rows = conn.execute(select(G.c.id, G.c.plan_id, G.c.department_id).where(*conds)).all()
    if not rows:
        raise NotFoundError("access.no_such_grant", user=user)
    ids = [r.id for r in rows]
    _keep_an_admin(conn, ids, user)
    for r in rows:
        _log(conn, actor, now, batch, r.plan_id, old=_describe(conn, user, r.plan_id, r.department_id), new=None)
    conn.execute(delete(G).where(G.c.id.in_(ids)))
    return len(ids)


def _keep_an_admin(conn: Connection, removing: list[int], user: str) -> None:
    left = conn.execute(select(func.count()).select_from(G).where(G.c.id.notin_(removing))).scalar()
    admins = conn.execute(
        select(func.count())
        .select_from(G)
        .where(G.c.id.notin_(removing), G.c.plan_id.is_(None), G.c.department_id.is_(None))
    ).scalar()
    if left and not admins:
        raise PermissionDenied("access.last_admin", user=user)


def _target(conn: Connection, plan: str | None, dept: str | None) -> tuple[int | None, int | None]:
    """(plan id, department id) named by --plan / --dept; a department fixes its plan."""
    pid = queries.plan_id(conn, plan) if plan else None
    if not dept:
        return pid, None
    found = queries.department_ids(conn, dept, pid)
    if len(found) > 1:
        q = select(P.c.code, D.c.name).join(P, P.c.id == D.c.plan_id).where(D.c.id.in_(found)).order_by(P.c.id, D.c.id)
        names = _join([f"{code} {name}" for code, name in conn.execute(q)])
        raise InvalidInputError("access.dept_ambiguous", value=dept, found=names)
    dept_plan = conn.execute(select(D.c.plan_id).where(D.c.id == found[0])).scalar_one()
    return int(dept_plan), int(found[0])


def _is(column: Any, value: int | None) -> Any:
    return column.is_(None) if value is None else column == value


def _describe(conn: Connection, user: str, pid: int | None, did: int | None) -> str:
    """How a grant reads in the history: 'user: admin', 'user: 澧县', 'user: 澧县 县教育局'."""
    if pid is None and did is None:
        return f"{user}: admin"
    code = conn.execute(select(P.c.code).where(P.c.id == pid)).scalar() or str(pid)
    if did is None:
        return f"{user}: {code}"
    name = conn.execute(select(D.c.name).where(D.c.id == did)).scalar() or str(did)
    return f"{user}: {code} {name}"


def _log(
    conn: Connection, actor: Actor, now: datetime, batch: str, pid: int | None, *, old: str | None, new: str | None
) -> None:
    """Grants are recorded in the change log (field 'access') like every other write."""
    conn.execute(
        insert(C).values(
            batch=batch,
            plan_id=pid,
            task_id=None,
            ref_id=None,
            at=now,
            actor=actor.name,
            host=actor.host,
            field="access",
            old=old,
            new=new,
            note=None,
            undoes=None,
        )
    )


__all__ = [
    "GrantRow",
    "Scope",
    "access_on",
    "add_grant",
    "check_import_allowed",
    "check_imported",
    "check_plan_visible",
    "check_target_writable",
    "check_task_visible",
    "check_tasks_writable",
    "list_grants",
    "remove_grants",
    "scope",
    "visible_filter",
]
