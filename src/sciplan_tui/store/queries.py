"""Read queries: column selects that return frozen rows (no ORM objects on bulk paths)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from datetime import date, datetime

from sqlalchemy import Connection, Select, and_, case, func, or_, select

from ..errors import NotFoundError
from ..i18n import register
from ..rules import CLOSED
from .filters import SORTS, TaskFilter  # noqa: F401  (SORTS re-exported)
from .rows import (
    AssignmentRow,
    ChangeRow,
    DeptRow,
    ItemCounts,
    ItemRow,
    NoteRow,
    PlanRow,
    TargetRow,
    TaskDetail,
    TaskRow,
)
from .tables import DA, TG, A, C, D, I, N, P, T

register(
    {
        "plan.not_found": ("找不到实施方案“{value}”", "No plan '{value}'"),
        "dept.not_found": ("找不到部门“{value}”", "No department '{value}'"),
        "task.not_found": ("找不到任务“{value}”", "No task '{value}'"),
    }
)

# Table handles (tables.py) and the filter (filters.py) are re-exported: many modules import them from here.


# ---- plans -------------------------------------------------------------------------------


def plan_id(conn: Connection, ref: str | int) -> int:
    """A plan by id, code, jurisdiction or exact title."""
    text = str(ref).strip()
    conds = [P.c.code == text, P.c.jurisdiction == text, P.c.title == text]
    if text.isdigit():
        conds.append(P.c.id == int(text))
    found = conn.execute(select(P.c.id).where(or_(*conds)).order_by(P.c.id)).scalars().all()
    if not found:
        raise NotFoundError("plan.not_found", value=text)
    return int(found[0])


def has_plans(conn: Connection) -> bool:
    return conn.execute(select(P.c.id).limit(1)).first() is not None


def plans(conn: Connection, today: date, *, plan_ids: Collection[int] | None = None) -> list[PlanRow]:
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    live = T.c.retired.is_(False)
    kinds = {"action": "a_tasks", "project": "p_tasks", "milestone": "milestones"}
    by_kind = select(T.c.plan_id, T.c.kind, func.count()).where(live).group_by(T.c.plan_id, T.c.kind)
    for pid, kind, n in conn.execute(by_kind):
        counts[pid][kinds[kind]] = n
    for pid, kind, n in conn.execute(select(I.c.plan_id, I.c.kind, func.count()).group_by(I.c.plan_id, I.c.kind)):
        counts[pid][kind] = n
    for pid, n in conn.execute(select(D.c.plan_id, func.count()).group_by(D.c.plan_id)):
        counts[pid]["departments"] = n
    for name, cond in (("done", T.c.status == "done"), ("overdue", _overdue(today))):
        for pid, n in conn.execute(select(T.c.plan_id, func.count()).where(live, cond).group_by(T.c.plan_id)):
            counts[pid][name] = n
    q = select(*_plan_cols()) if plan_ids is None else select(*_plan_cols()).where(P.c.id.in_(plan_ids))
    rows = conn.execute(q.order_by(P.c.id)).all()
    return [_plan_row(r, counts[r.id]) for r in rows]


def _plan_cols() -> list:
    return [
        P.c[name]
        for name in (
            "id",
            "code",
            "title",
            "jurisdiction",
            "level",
            "period_start",
            "period_end",
            "doc_number",
            "issue_date",
            "issuer",
            "is_draft",
            "headline_target",
            "source_name",
            "checksum",
        )
    ]


def _plan_row(r, c: dict[str, int]) -> PlanRow:  # type: ignore[no-untyped-def]
    return PlanRow(
        **r._asdict(),
        actions=c.get("action", 0),
        projects=c.get("project", 0),
        tasks=c.get("a_tasks", 0) + c.get("p_tasks", 0),
        milestones=c.get("milestones", 0),
        departments=c.get("departments", 0),
        done=c.get("done", 0),
        overdue=c.get("overdue", 0),
    )


def items(conn: Connection, plan: int) -> list[ItemRow]:
    q = select(I.c.id, I.c.plan_id, I.c.kind, I.c.number, I.c.title, I.c.unassigned).where(I.c.plan_id == plan)
    return [ItemRow(*r) for r in conn.execute(q.order_by(I.c.kind, I.c.number))]


def item_counts(conn: Connection, plan: int, today: date) -> list[ItemCounts]:
    """Per action/project of `plan`: live tasks by status and overdue, in one aggregate query."""
    late = _overdue(today).label("late")
    q = (
        select(T.c.item_id, T.c.status, late, func.count())
        .where(T.c.plan_id == plan, T.c.retired.is_(False))
        .group_by(T.c.item_id, T.c.status, late)
    )
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    overdue: dict[int, int] = defaultdict(int)
    for item_id, status, is_late, n in conn.execute(q):
        counts[item_id][status] += n
        overdue[item_id] += n if is_late else 0
    return [
        ItemCounts(item, sum(counts[item.id].values()), dict(counts[item.id]), overdue[item.id])
        for item in items(conn, plan)
    ]


# ---- departments -----------------------------------------------------------------------


def department_ids(conn: Connection, name: str, plan: int | None = None) -> list[int]:
    """Departments named `name` (printed name or alias); else those whose name contains it."""
    scope = [D.c.plan_id == plan] if plan is not None else []
    exact = select(D.c.id).where(
        or_(D.c.name == name, D.c.id.in_(select(DA.c.department_id).where(DA.c.alias == name))), *scope
    )
    found = list(conn.execute(exact).scalars())
    if not found:
        like = select(D.c.id).where(D.c.name.contains(name, autoescape=True), *scope)
        found = list(conn.execute(like).scalars())
    if not found:
        raise NotFoundError("dept.not_found", value=name)
    return found


def departments(
    conn: Connection, today: date, plan: int | None = None, *, plan_ids: Collection[int] | None = None
) -> list[DeptRow]:
    """Per department: tasks it leads (by status, overdue) and tasks it joins."""
    scope = [D.c.plan_id == plan] if plan is not None else []
    if plan_ids is not None:
        scope.append(D.c.plan_id.in_(plan_ids))
    base = select(D.c.id, P.c.code, D.c.name).join(P, P.c.id == D.c.plan_id).where(*scope)
    aliases: dict[int, list[str]] = defaultdict(list)
    for did, alias in conn.execute(select(DA.c.department_id, DA.c.alias).order_by(DA.c.id)):
        aliases[did].append(alias)
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    late = _overdue(today).label("late")
    q = (
        select(A.c.department_id, A.c.role, T.c.status, late, func.count())
        .join(T, T.c.id == A.c.task_id)
        .where(T.c.retired.is_(False))
        .group_by(A.c.department_id, A.c.role, T.c.status, late)
    )
    for did, role, status, late, n in conn.execute(q):
        c = counts[did]
        if role != "lead":
            c["joins"] += n
            continue
        c["leads"] += n
        c[f"s:{status}"] += n
        c["overdue"] += n if late else 0
    out = []
    for did, pcode, name in conn.execute(base.order_by(P.c.id, D.c.id)):
        c = counts[did]
        by_status = {k[2:]: v for k, v in c.items() if k.startswith("s:")}
        out.append(DeptRow(did, pcode, name, tuple(aliases[did]), c["leads"], c["joins"], by_status, c["overdue"]))
    return out


# ---- tasks -------------------------------------------------------------------------------


def _overdue(today: date):  # type: ignore[no-untyped-def]
    return and_(T.c.due_date < today, T.c.status.notin_(sorted(CLOSED)))


def _task_cols() -> list:
    return [
        T.c.id,
        T.c.plan_id,
        P.c.code.label("plan_code"),
        T.c.code,
        T.c.kind,
        T.c.item_id,
        I.c.title.label("item_title"),
        T.c.title,
        T.c.status,
        T.c.progress,
        T.c.due_date,
        T.c.updated_at,
        T.c.version,
        T.c.unassigned,
    ]


def _where(conn: Connection, f: TaskFilter, today: date) -> list:  # type: ignore[type-arg]
    conds: list = []
    if not f.include_retired:
        conds.append(T.c.retired.is_(False))
    pid = plan_id(conn, f.plan) if f.plan else None
    if pid is not None:
        conds.append(T.c.plan_id == pid)
    if f.plan_ids is not None:
        conds.append(T.c.plan_id.in_(f.plan_ids))
    if f.dept:
        ids = department_ids(conn, f.dept, pid)
        sub = select(A.c.task_id).where(A.c.department_id.in_(ids))
        if f.lead_only:
            sub = sub.where(A.c.role == "lead")
        conds.append(T.c.id.in_(sub))
    if f.statuses:
        conds.append(T.c.status.in_(f.statuses))
    if f.kinds:
        conds.append(T.c.kind.in_(f.kinds))
    if f.overdue:
        conds.append(_overdue(today))
    if f.due_within is not None:
        from datetime import timedelta

        conds += [
            T.c.due_date >= today,
            T.c.due_date <= today + timedelta(days=f.due_within),
            T.c.status.notin_(sorted(CLOSED)),
        ]
    if f.due_before:
        conds.append(T.c.due_date <= f.due_before)
    if f.due_after:
        conds.append(T.c.due_date >= f.due_after)
    if f.text:
        conds.append(_text_match(f.text))
    if f.ids:
        conds.append(T.c.id.in_(f.ids))
    if f.item_id is not None:
        conds.append(T.c.item_id == f.item_id)
    return conds


def _text_match(text: str):  # type: ignore[no-untyped-def]
    """Every word must match (AND), each in any field: title, body, department, note, code or ID.

    A word is a task code (`A1.3`, any case), a full code (`澧县-A1.3`), an ID (`29`) or any text.
    """
    return and_(*(_word_match(word) for word in text.split()))


def _word_match(word: str):  # type: ignore[no-untyped-def]
    in_dept = T.c.id.in_(
        select(A.c.task_id).join(D, D.c.id == A.c.department_id).where(D.c.name.contains(word, autoescape=True))
    )
    in_note = T.c.id.in_(select(N.c.task_id).where(N.c.text.contains(word, autoescape=True)))
    either = [
        T.c.title.contains(word, autoescape=True),
        T.c.body.contains(word, autoescape=True),
        func.upper(T.c.code) == word.upper(),
        in_dept,
        in_note,
    ]
    plan, dash, code = word.rpartition("-")
    if dash and plan and code:
        either.append(
            and_(func.upper(T.c.code) == code.upper(), T.c.plan_id.in_(select(P.c.id).where(P.c.code == plan)))
        )
    if word.isascii() and word.isdigit() and len(word) < 19:
        either.append(T.c.id == int(word))
    return or_(*either)


def _first_lead():  # type: ignore[no-untyped-def]
    """The alphabetically first lead department of the task row (a correlated subquery)."""
    return (
        select(func.min(D.c.name))
        .join(A, A.c.department_id == D.c.id)
        .where(A.c.task_id == T.c.id, A.c.role == "lead")
        .scalar_subquery()
    )


def _order(sort: str, desc: bool) -> list:
    kind_order = case({"action": 0, "project": 1, "milestone": 2}, value=T.c.kind, else_=3)
    natural = [T.c.plan_id, kind_order, I.c.number, T.c.number]
    keys = {
        "code": natural,
        "id": [T.c.id],
        "due": [T.c.due_date, *natural],
        "status": [T.c.status, *natural],
        "progress": [T.c.progress, *natural],
        "plan": natural,
        "updated": [T.c.updated_at, T.c.id],
        "title": [T.c.title],
        "lead": [_first_lead(), *natural],
    }.get(sort, natural)
    return [k.desc() for k in keys] if desc else keys


def task_select(conn: Connection, f: TaskFilter, today: date) -> Select:  # type: ignore[type-arg]
    frm = T.join(P, P.c.id == T.c.plan_id).outerjoin(I, I.c.id == T.c.item_id)
    return select(*_task_cols()).select_from(frm).where(*_where(conn, f, today))


def tasks(
    conn: Connection,
    f: TaskFilter,
    today: date,
    *,
    sort: str = "code",
    desc: bool = False,
    limit: int | None = None,
    offset: int = 0,
) -> list[TaskRow]:
    conds = _where(conn, f, today)
    frm = T.join(P, P.c.id == T.c.plan_id).outerjoin(I, I.c.id == T.c.item_id)
    q = select(*_task_cols()).select_from(frm).where(*conds).order_by(*_order(sort, desc)).offset(offset)
    if limit is not None:
        q = q.limit(limit)
    rows = conn.execute(q).all()
    if len(rows) > 5000 and limit is None and not offset:
        # Many rows: one join on the same filter beats thousands of IN (...) chunks.
        people = _assignments_where(conn, A.c.task_id.in_(select(T.c.id).where(*conds)))
    else:
        people = _assignments_for(conn, [r.id for r in rows])
    return [_task_row(r, people.get(r.id)) for r in rows]


def count_tasks(conn: Connection, f: TaskFilter, today: date) -> int:
    q = select(func.count()).select_from(T).where(*_where(conn, f, today))
    return int(conn.execute(q).scalar() or 0)


def _assignments_for(conn: Connection, ids: list[int]) -> dict[int, dict[str, list[str]]]:
    out: dict[int, dict[str, list[str]]] = {}
    for chunk in _chunks(ids, 900):
        out.update(_assignments_where(conn, A.c.task_id.in_(chunk)))
    return out


def _assignments_where(conn: Connection, cond) -> dict[int, dict[str, list[str]]]:  # type: ignore[no-untyped-def]
    """Department names by task and role, in the order the document gave them."""
    out: dict[int, dict[str, list[str]]] = {}
    q = select(A.c.task_id, A.c.role, D.c.name).join(D, D.c.id == A.c.department_id).where(cond).order_by(A.c.id)
    for tid, role, name in conn.execute(q).all():  # fetchall: far cheaper than row-by-row on big results
        people = out.get(tid)
        if people is None:
            people = out[tid] = {"lead": [], "participant": []}
        people[role].append(name)
    return out


def _chunks(values: list[int], size: int) -> Iterable[list[int]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _task_row(r, people: dict[str, list[str]] | None) -> TaskRow:  # type: ignore[no-untyped-def]
    people = people or {"lead": [], "participant": []}
    return TaskRow(**r._asdict(), leads=tuple(people["lead"]), participants=tuple(people["participant"]))


def task_by_id(conn: Connection, task_id: int) -> TaskRow:
    found = tasks(conn, TaskFilter(ids=(task_id,), include_retired=True), date.today())
    if not found:
        raise NotFoundError("task.not_found", value=str(task_id))
    return found[0]


def resolve_code(
    conn: Connection, code: str, plan: str | None = None, plan_ids: frozenset[int] | set[int] | None = None
) -> list[int]:
    """Task ids for a code: 澧县-A1.3, or A1.3 (in --plan, or in every plan that has it and `plan_ids` allows)."""
    conds = [T.c.code == code]
    if "-" in code and not plan:
        pcode, _, tcode = code.rpartition("-")
        conds = [
            T.c.code == tcode,
            T.c.plan_id.in_(select(P.c.id).where(or_(P.c.code == pcode, P.c.jurisdiction == pcode))),
        ]
    elif plan:
        conds.append(T.c.plan_id == plan_id(conn, plan))
    elif plan_ids is not None:  # a bare code: the plans this user may see (naming another plan stays refused)
        conds.append(T.c.plan_id.in_(sorted(plan_ids)))
    return list(conn.execute(select(T.c.id).where(*conds).order_by(T.c.id)).scalars())


def existing_ids(conn: Connection, ids: list[int]) -> set[int]:
    found: set[int] = set()
    for chunk in _chunks(ids, 900):
        found.update(conn.execute(select(T.c.id).where(T.c.id.in_(chunk))).scalars())
    return found


def task_detail(conn: Connection, task_id: int, *, history_limit: int = 200) -> TaskDetail:
    row = task_by_id(conn, task_id)
    body, plan_title = conn.execute(
        select(T.c.body, P.c.title).join(P, P.c.id == T.c.plan_id).where(T.c.id == task_id)
    ).one()
    assigned = conn.execute(
        select(D.c.name, A.c.role, A.c.source)
        .join(D, D.c.id == A.c.department_id)
        .where(A.c.task_id == task_id)
        .order_by(A.c.role, A.c.id)
    ).all()
    return TaskDetail(
        task=row,
        body=body,
        plan_title=plan_title,
        assignments=tuple(AssignmentRow(*a) for a in assigned),
        targets=tuple(targets(conn, task_id)),
        notes=tuple(notes(conn, task_id)),
        history=tuple(history(conn, task_id=task_id, limit=history_limit)),
    )


def targets(conn: Connection, task_id: int) -> list[TargetRow]:
    q = select(*TG.c).where(TG.c.task_id == task_id).order_by(TG.c.number)
    return [TargetRow(**r._asdict()) for r in conn.execute(q)]


def target_by_id(conn: Connection, target_id: int) -> TargetRow:
    r = conn.execute(select(*TG.c).where(TG.c.id == target_id)).first()
    if r is None:
        raise NotFoundError("target.not_found", value=str(target_id))
    return TargetRow(**r._asdict())


def notes(conn: Connection, task_id: int) -> list[NoteRow]:
    q = select(N.c.id, N.c.task_id, N.c.at, N.c.actor, N.c.text).where(N.c.task_id == task_id)
    return [NoteRow(*r) for r in conn.execute(q.order_by(N.c.at.desc(), N.c.id.desc()))]


def latest_notes(conn: Connection, ids: list[int]) -> dict[int, NoteRow]:
    """The newest progress note of each task in `ids`."""
    out: dict[int, NoteRow] = {}
    for chunk in _chunks(ids, 900):
        q = (
            select(N.c.id, N.c.task_id, N.c.at, N.c.actor, N.c.text)
            .where(N.c.task_id.in_(chunk))
            .order_by(N.c.task_id, N.c.at, N.c.id)
        )
        for r in conn.execute(q):
            out[r.task_id] = NoteRow(*r)
    return out


# ---- history -----------------------------------------------------------------------------


def history(
    conn: Connection,
    *,
    task_id: int | None = None,
    since: datetime | None = None,
    by: str | None = None,
    plan: int | None = None,
    limit: int | None = 500,
    plan_ids: Collection[int] | None = None,
) -> list[ChangeRow]:
    code = (P.c.code + "-" + T.c.code).label("task_code")
    q = select(
        C.c.id,
        C.c.batch,
        C.c.task_id,
        code,
        C.c.at,
        C.c.actor,
        C.c.host,
        C.c.field,
        C.c.old,
        C.c.new,
        C.c.note,
        C.c.undoes,
    ).select_from(C.outerjoin(T, T.c.id == C.c.task_id).outerjoin(P, P.c.id == T.c.plan_id))
    if task_id is not None:
        q = q.where(C.c.task_id == task_id)
    if since is not None:
        q = q.where(C.c.at >= since)
    if by:
        q = q.where(C.c.actor == by)
    if plan is not None:
        q = q.where(or_(T.c.plan_id == plan, C.c.plan_id == plan))
    if plan_ids is not None:
        q = q.where(or_(T.c.plan_id.in_(plan_ids), C.c.plan_id.in_(plan_ids)))
    q = q.order_by(C.c.id.desc())
    if limit:
        q = q.limit(limit)
    return [ChangeRow(**r._asdict()) for r in conn.execute(q)]


def last_change_id(conn: Connection) -> int:
    """The newest change's id: a cheap counter that live views poll."""
    return int(conn.execute(select(func.max(C.c.id))).scalar() or 0)
