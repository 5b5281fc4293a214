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

from ..actor import Actor
from ..errors import InvalidInputError, NotFoundError, PermissionDenied
from ..i18n import get_lang, register, t
from ..store import queries
from ..store.filters import TaskFilter
from ..store.sql import Bind, Db, as_db, chunks, to_datetime

if TYPE_CHECKING:
    from .imports import ImportResult


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


def access_on(conn: Any) -> bool:
    """Whether the store has any grant: one indexed one-row query."""
    return as_db(conn).one("SELECT id FROM access_grant LIMIT 1") is not None


def scope(conn: Any, actor: Actor | str) -> Scope:
    """The grants of `actor`, folded into a Scope (access off: one query)."""
    db = as_db(conn)
    user = actor if isinstance(actor, str) else actor.name
    if not access_on(db):
        return Scope(user)
    rows = db.rows(
        "SELECT g.plan_id, g.department_id, d.plan_id FROM access_grant g"
        " LEFT OUTER JOIN department d ON d.id = g.department_id WHERE g.username = :u",
        {"u": user},
    )
    admin = any(plan is None and dept is None for plan, dept, _ in rows)
    plans = frozenset(plan for plan, dept, _ in rows if plan is not None and dept is None)
    depts = frozenset(dept for _, dept, _ in rows if dept is not None)
    dept_plans = frozenset(dept_plan for _, dept, dept_plan in rows if dept is not None)
    return Scope(user, True, admin, plans, depts, dept_plans)


def fold_archived(conn: Any, s: Scope) -> Scope:
    """`s` with the archived plans folded out (services/plan_admin.py): one query when none is archived."""
    db = as_db(conn)
    archived = frozenset(db.column('SELECT id FROM "plan" WHERE archived_at IS NOT NULL'))
    if not archived:
        return s
    live = frozenset(db.column('SELECT id FROM "plan" WHERE archived_at IS NULL'))
    return replace(s, archived=archived, live=live)


# ---- reads -------------------------------------------------------------------------------


def _plan_code(db: Db, plan_id: int) -> str:
    return str(db.scalar('SELECT code FROM "plan" WHERE id = :p', {"p": plan_id}) or plan_id)


def visible_filter(conn: Any, s: Scope, f: TaskFilter) -> TaskFilter:
    """`f` narrowed to the plans `s` may see; naming a plan it may not see is refused."""
    if s.everything and not s.archived:
        return f
    if f.plan:
        check_plan_visible(conn, s, queries.plan_id(conn, f.plan))
    return replace(f, plan_ids=tuple(sorted(s.plan_ids or ())))


def check_plan_visible(conn: Any, s: Scope, plan_id: int) -> None:
    if s.sees_plan(plan_id):
        return
    db = as_db(conn)
    if plan_id in s.archived:
        raise NotFoundError("plan.archived", value=_plan_code(db, plan_id))
    raise _read_denied(db, s, t("access.what.plan", plan=_plan_code(db, plan_id)))


def check_task_visible(conn: Any, s: Scope, task_id: int) -> None:
    """Refuse a task of a plan `s` may not see (an unknown task is left to the caller's not-found)."""
    if s.everything and not s.archived:
        return
    db = as_db(conn)
    row = db.one(
        """SELECT t.plan_id, p.code || '-' || t.code FROM task t JOIN "plan" p ON p.id = t.plan_id WHERE t.id = :t""",
        {"t": task_id},
    )
    if row is not None and row[0] in s.archived:
        raise NotFoundError("plan.archived", value=row[1])
    if row is not None and not s.sees_plan(row[0]):
        raise _read_denied(db, s, t("access.what.task", code=row[1]))


def _read_denied(conn: Any, s: Scope, what: str) -> PermissionDenied:
    if not s.plans and not s.depts:
        return PermissionDenied("access.no_grant", user=s.user)
    plans = _plan_codes(conn, s.plans | s.dept_plans)
    allowed = _join([t("access.allowed.plan", plan=code) for code in plans])
    return PermissionDenied("access.denied_read", user=s.user, what=what, allowed=allowed)


# ---- writes ------------------------------------------------------------------------------


def check_tasks_writable(conn: Any, s: Scope, task_ids: Iterable[int]) -> None:
    """Refuse the whole write if any of `task_ids` is outside what `s` may change."""
    if s.everything:
        return
    ids = sorted(set(task_ids))
    if not ids:
        return
    if not s.plans and not s.depts:
        raise PermissionDenied("access.no_grant", user=s.user)
    db = as_db(conn)
    forbidden: list[str] = []
    for chunk in chunks(ids):
        b = Bind()
        conds = [f"t.id IN {b.list(chunk)}"]
        if s.plans:
            conds.append(f"t.plan_id NOT IN {b.list(sorted(s.plans))}")
        if s.depts:
            conds.append(
                f"t.id NOT IN (SELECT a.task_id FROM assignment a WHERE a.department_id IN {b.list(sorted(s.depts))})"
            )
        q = (
            """SELECT p.code || '-' || t.code FROM task t JOIN "plan" p ON p.id = t.plan_id"""
            f" WHERE {' AND '.join(conds)} ORDER BY t.id"
        )
        forbidden += db.column(q, b.params)
    if forbidden:
        raise PermissionDenied(
            "access.denied_write", user=s.user, codes=_codes(forbidden), allowed=_allowed(db, s), tasks=forbidden
        )


def check_target_writable(conn: Any, s: Scope, target_id: int) -> None:
    if s.everything:
        return
    db = as_db(conn)
    task_id = db.scalar("SELECT task_id FROM target WHERE id = :t", {"t": target_id})
    if task_id is not None:  # an unknown target is left to the caller's not-found
        check_tasks_writable(db, s, [task_id])


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


def _allowed(conn: Any, s: Scope) -> str:
    db = as_db(conn)
    parts = [t("access.allowed.plan", plan=code) for code in _plan_codes(db, s.plans)]
    if s.depts:
        b = Bind()
        q = (
            'SELECT p.code, d.name FROM department d JOIN "plan" p ON p.id = d.plan_id'
            f" WHERE d.id IN {b.list(sorted(s.depts))} ORDER BY p.id, d.id"
        )
        parts += [t("access.allowed.dept", plan=code, dept=name) for code, name in db.rows(q, b.params)]
    return _join(parts) or t("access.allowed.nothing")


def _plan_codes(conn: Any, ids: Collection[int]) -> list[str]:
    if not ids:
        return []
    b = Bind()
    return list(as_db(conn).column(f'SELECT code FROM "plan" WHERE id IN {b.list(sorted(ids))} ORDER BY id', b.params))


def _join(parts: list[str]) -> str:
    return ("、" if get_lang() == "zh" else ", ").join(parts)


def _codes(codes: list[str]) -> str:
    shown = ("、" if get_lang() == "zh" else ", ").join(codes[:SHOWN_CODES])
    if len(codes) <= SHOWN_CODES:
        return shown
    return t("access.more", codes=shown, count=len(codes), more=len(codes) - SHOWN_CODES)


# ---- managing grants ---------------------------------------------------------------------


def list_grants(conn: Any, s: Scope) -> list[GrantRow]:
    """Every grant for an admin (or while access is off: none exist); one's own grants otherwise."""
    if s.everything:
        return _grant_rows(as_db(conn), "1 = 1", {})
    return _grant_rows(as_db(conn), "g.username = :u", {"u": s.user})


def _grant_rows(db: Db, cond: str, params: dict[str, Any]) -> list[GrantRow]:
    q = (
        "SELECT g.id, g.username, g.plan_id, g.department_id, p.code, d.name, g.created_at, g.created_by"
        ' FROM access_grant g LEFT OUTER JOIN "plan" p ON p.id = g.plan_id'
        f" LEFT OUTER JOIN department d ON d.id = g.department_id WHERE {cond} ORDER BY g.username, g.id"
    )
    return [
        GrantRow(gid, user, _role(pid, did), code, name, to_datetime(at), by)  # type: ignore[arg-type]
        for gid, user, pid, did, code, name, at, by in db.rows(q, params)
    ]


def _role(plan: int | None, dept: int | None) -> str:
    return "admin" if plan is None and dept is None else "plan" if dept is None else "dept"


def add_grant(
    conn: Any,
    actor: Actor,
    user: str,
    *,
    plan: str | None = None,
    dept: str | None = None,
    now: datetime,
    batch: str,
) -> GrantRow:
    """Give `user` a grant; idempotent. The first grant of a store must make the actor an admin."""
    db = as_db(conn)
    s = scope(db, actor)
    if not s.active and (user != actor.name or plan or dept):
        raise PermissionDenied("access.first_admin", actor=actor.name)
    if s.active and not s.admin:
        raise PermissionDenied("access.not_admin", user=actor.name)
    pid, did = _target(db, plan, dept)
    b = Bind()
    same = f"username = {b(user)} AND {_is(b, 'plan_id', pid)} AND {_is(b, 'department_id', did)}"
    found = db.scalar(f"SELECT id FROM access_grant WHERE {same}", b.params)
    if found is None:
        found = db.insert_id(
            "INSERT INTO access_grant (username, plan_id, department_id, created_at, created_by)"
            " VALUES (:u, :p, :d, :at, :by) RETURNING id",
            {"u": user, "p": pid, "d": did, "at": now, "by": actor.name},
        )
        _log(db, actor, now, batch, pid, old=None, new=_describe(db, user, pid, did))
    return _grant_rows(db, "g.id = :id", {"id": found})[0]


def remove_grants(
    conn: Any,
    actor: Actor,
    user: str,
    *,
    plan: str | None = None,
    dept: str | None = None,
    now: datetime,
    batch: str,
) -> int:
    """Take grants from `user` (all of them, or those of a plan or a department); returns how many."""
    db = as_db(conn)
    s = scope(db, actor)
    if s.active and not s.admin:
        raise PermissionDenied("access.not_admin", user=actor.name)
    b = Bind()
    conds = [f"username = {b(user)}"]
    if plan or dept:
        pid, did = _target(db, plan, dept)
        conds.append(f"plan_id = {b(pid)}")
        if did is not None:
            conds.append(f"department_id = {b(did)}")
    rows = db.rows(f"SELECT id, plan_id, department_id FROM access_grant WHERE {' AND '.join(conds)}", b.params)
    if not rows:
        raise NotFoundError("access.no_such_grant", user=user)
    ids = [r[0] for r in rows]
    _keep_an_admin(db, ids, user)
    for _, pid, did in rows:
        _log(db, actor, now, batch, pid, old=_describe(db, user, pid, did), new=None)
    b = Bind()
    db.run(f"DELETE FROM access_grant WHERE id IN {b.list(ids)}", b.params)
    return len(ids)


def _keep_an_admin(db: Db, removing: list[int], user: str) -> None:
    b = Bind()
    others = f"id NOT IN {b.list(removing)}"
    left = db.scalar(f"SELECT COUNT(*) FROM access_grant WHERE {others}", b.params)
    admins = db.scalar(
        f"SELECT COUNT(*) FROM access_grant WHERE {others} AND plan_id IS NULL AND department_id IS NULL", b.params
    )
    if left and not admins:
        raise PermissionDenied("access.last_admin", user=user)


def _target(db: Db, plan: str | None, dept: str | None) -> tuple[int | None, int | None]:
    """(plan id, department id) named by --plan / --dept; a department fixes its plan."""
    pid = queries.plan_id(db, plan) if plan else None
    if not dept:
        return pid, None
    found = queries.department_ids(db, dept, pid)
    if len(found) > 1:
        b = Bind()
        q = (
            'SELECT p.code, d.name FROM department d JOIN "plan" p ON p.id = d.plan_id'
            f" WHERE d.id IN {b.list(found)} ORDER BY p.id, d.id"
        )
        names = _join([f"{code} {name}" for code, name in db.rows(q, b.params)])
        raise InvalidInputError("access.dept_ambiguous", value=dept, found=names)
    dept_plan = db.scalar("SELECT plan_id FROM department WHERE id = :d", {"d": found[0]})
    return int(dept_plan), int(found[0])


def _is(b: Bind, column: str, value: int | None) -> str:
    return f"{column} IS NULL" if value is None else f"{column} = {b(value)}"


def _describe(db: Db, user: str, pid: int | None, did: int | None) -> str:
    """How a grant reads in the history: 'user: admin', 'user: 澧县', 'user: 澧县 县教育局'."""
    if pid is None and did is None:
        return f"{user}: admin"
    code = db.scalar('SELECT code FROM "plan" WHERE id = :p', {"p": pid}) or str(pid)
    if did is None:
        return f"{user}: {code}"
    name = db.scalar("SELECT name FROM department WHERE id = :d", {"d": did}) or str(did)
    return f"{user}: {code} {name}"


def _log(db: Db, actor: Actor, now: datetime, batch: str, pid: int | None, *, old: str | None, new: str | None) -> None:
    """Grants are recorded in the change log (field 'access') like every other write."""
    from .updates import LOG_CHANGE

    row = {"batch": batch, "plan_id": pid, "task_id": None, "ref_id": None, "at": now, "actor": actor.name}
    db.run(
        LOG_CHANGE, {**row, "host": actor.host, "field": "access", "old": old, "new": new, "note": None, "undoes": None}
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
