"""Read queries: SQL over the DB-API (store/sql.py) that returns frozen rows (store/rows.py).

Every function takes a `Db` or a SQLAlchemy connection (`as_db`), so scripted calls run them
without SQLAlchemy and the TUI runs the very same statements inside its units of work.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Sequence
from datetime import date, datetime, timedelta
from typing import Any

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
from .sql import CHUNK, Bind, Db, as_db, chunks, to_date, to_datetime

register(
    {
        "plan.not_found": ("找不到实施方案“{value}”", "No plan '{value}'"),
        "dept.not_found": ("找不到部门“{value}”", "No department '{value}'"),
        "task.not_found": ("找不到任务“{value}”", "No task '{value}'"),
    }
)

Conn = Any  # a Db, or a SQLAlchemy Connection (as_db makes it one)


def _chunks(values: list[int], size: int) -> Iterable[list[int]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


# ---- plans -------------------------------------------------------------------------------


def plan_id(conn: Conn, ref: str | int) -> int:
    """A plan by id, code, jurisdiction or exact title."""
    db = as_db(conn)
    text = str(ref).strip()
    b = Bind()
    conds = [f"code = {b(text)}", f"jurisdiction = {b(text)}", f"title = {b(text)}"]
    if text.isascii() and text.isdigit() and len(text) < 19:
        conds.append(f"id = {b(int(text))}")
    found = db.scalar(f'SELECT id FROM "plan" WHERE {" OR ".join(conds)} ORDER BY id LIMIT 1', b.params)
    if found is None:
        raise NotFoundError("plan.not_found", value=text)
    return int(found)


def has_plans(conn: Conn) -> bool:
    return as_db(conn).one('SELECT id FROM "plan" LIMIT 1') is not None


PLAN_COLUMNS = (
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


ITEM_COUNTS = {"action": "actions", "project": "projects"}  # PlanRow's count of each kind of item


def plans(conn: Conn, today: date, *, plan_ids: Collection[int] | None = None) -> list[PlanRow]:
    """The plans with their counts, in the store's order: every plan, or those of `plan_ids`, then
    counted over their own rows only (the plan_id indexes), a chunk of plans at a time: recounting a
    few plans (the TUI's live refresh) costs what they hold, not what the store holds."""
    db = as_db(conn)
    cols = ", ".join(PLAN_COLUMNS)
    out: list[PlanRow] = []
    for chunk in [None] if plan_ids is None else chunks(sorted(set(plan_ids))):
        b = Bind()
        where = "" if chunk is None else f" WHERE id IN {b.list(chunk)}"
        counts = _plan_counts(db, today, chunk)
        rows = db.rows(f'SELECT {cols} FROM "plan"{where} ORDER BY id', b.params)
        out += [_plan_row(r, counts[r[0]]) for r in rows]
    return out


def _plan_counts(db: Db, today: date, chunk: Sequence[int] | None) -> dict[int, dict[str, int]]:
    """Plan id → the counts PlanRow names, from grouped queries over the plans of `chunk` (None: all);
    overdue is `overdue_sql`, the one rule."""
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    b = Bind()
    late = f"CASE WHEN {overdue_sql(b, today)} THEN 1 ELSE 0 END"
    of_plans = "" if chunk is None else f" AND t.plan_id IN {b.list(chunk)}"
    q = (
        f"SELECT t.plan_id, t.kind, t.status, {late} AS late, COUNT(*) FROM task t"
        f" WHERE NOT t.retired{of_plans} GROUP BY t.plan_id, t.kind, t.status, late"
    )
    for pid, kind, status, is_late, n in db.rows(q, b.params):
        c = counts[pid]
        c["milestones" if kind == "milestone" else "tasks"] += n
        c["done"] += n if status == "done" else 0
        c["overdue"] += n if is_late else 0
    b = Bind()
    where = "" if chunk is None else f" WHERE plan_id IN {b.list(chunk)}"
    for pid, kind, n in db.rows(f"SELECT plan_id, kind, COUNT(*) FROM item{where} GROUP BY plan_id, kind", b.params):
        if kind in ITEM_COUNTS:
            counts[pid][ITEM_COUNTS[kind]] += n
    for pid, n in db.rows(f"SELECT plan_id, COUNT(*) FROM department{where} GROUP BY plan_id", b.params):
        counts[pid]["departments"] = n
    return counts


def _plan_row(r: Sequence[Any], counts: dict[str, int]) -> PlanRow:
    """A plan's row with its counts (named as PlanRow names them; a count not given is zero)."""
    values = dict(zip(PLAN_COLUMNS, r, strict=True))
    values["issue_date"] = to_date(values["issue_date"])
    values["is_draft"] = bool(values["is_draft"])
    return PlanRow(**values | counts)


def items(conn: Conn, plan: int) -> list[ItemRow]:
    q = "SELECT id, plan_id, kind, number, title, unassigned FROM item WHERE plan_id = :p ORDER BY kind, number"
    return [ItemRow(i, p, k, n, t, bool(u)) for i, p, k, n, t, u in as_db(conn).rows(q, {"p": plan})]


def item_counts(conn: Conn, plan: int, today: date) -> list[ItemCounts]:
    """Per action/project of `plan`: live tasks by status and overdue, in one aggregate query."""
    db = as_db(conn)
    b = Bind()
    late = f"CASE WHEN {overdue_sql(b, today)} THEN 1 ELSE 0 END"
    q = (
        f"SELECT t.item_id, t.status, {late} AS late, COUNT(*) FROM task t"
        f" WHERE t.plan_id = {b(plan)} AND NOT t.retired GROUP BY t.item_id, t.status, late"
    )
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    overdue: dict[int, int] = defaultdict(int)
    for item_id, status, is_late, n in db.rows(q, b.params):
        counts[item_id][status] += n
        overdue[item_id] += n if is_late else 0
    return [
        ItemCounts(item, sum(counts[item.id].values()), dict(counts[item.id]), overdue[item.id])
        for item in items(db, plan)
    ]


# ---- departments -----------------------------------------------------------------------


def like(text: str) -> str:
    """A LIKE pattern that finds `text` anywhere, its own % _ and / taken literally (ESCAPE '/')."""
    return "%" + text.replace("/", "//").replace("%", "/%").replace("_", "/_") + "%"


def department_ids(conn: Conn, name: str, plan: int | None = None) -> list[int]:
    """Departments named `name` (printed name or alias); else those whose name contains it."""
    db = as_db(conn)
    b = Bind()
    scope = "" if plan is None else f" AND plan_id = {b(plan)}"
    exact = (
        f"SELECT id FROM department WHERE (name = {b(name)} OR id IN"
        f" (SELECT department_id FROM departmentalias WHERE alias = {b(name)})){scope}"
    )
    found = db.column(exact, b.params)
    if not found:
        b = Bind()
        scope = "" if plan is None else f" AND plan_id = {b(plan)}"
        found = db.column(f"SELECT id FROM department WHERE name LIKE {b(like(name))} ESCAPE '/'{scope}", b.params)
    if not found:
        raise NotFoundError("dept.not_found", value=name)
    return [int(i) for i in found]


def departments(
    conn: Conn, today: date, plan: int | None = None, *, plan_ids: Collection[int] | None = None
) -> list[DeptRow]:
    """Per department: tasks it leads (by status, overdue) and tasks it joins."""
    db = as_db(conn)
    b = Bind()
    scope = []
    if plan is not None:
        scope.append(f"d.plan_id = {b(plan)}")
    if plan_ids is not None:
        scope.append(f"d.plan_id IN {b.list(sorted(plan_ids))}")
    where = f" WHERE {' AND '.join(scope)}" if scope else ""
    aliases: dict[int, list[str]] = defaultdict(list)
    for did, alias in db.rows("SELECT department_id, alias FROM departmentalias ORDER BY id"):
        aliases[did].append(alias)
    counts: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    cb = Bind()
    late = f"CASE WHEN {overdue_sql(cb, today)} THEN 1 ELSE 0 END"
    # Counted over the plan's own tasks when one is named (the plan_id index), not the whole store.
    of_plan = "" if plan is None else f" AND t.plan_id = {cb(plan)}"
    q = (
        f"SELECT a.department_id, a.role, t.status, {late} AS late, COUNT(*)"
        f" FROM assignment a JOIN task t ON t.id = a.task_id WHERE NOT t.retired{of_plan}"
        " GROUP BY a.department_id, a.role, t.status, late"
    )
    for did, role, status, is_late, n in db.rows(q, cb.params):
        c = counts[did]
        if role != "lead":
            c["joins"] += n
            continue
        c["leads"] += n
        c[f"s:{status}"] += n
        c["overdue"] += n if is_late else 0
    out = []
    base = f'SELECT d.id, p.code, d.name FROM department d JOIN "plan" p ON p.id = d.plan_id{where} ORDER BY p.id, d.id'
    for did, pcode, name in db.rows(base, b.params):
        c = counts[did]
        by_status = {k[2:]: v for k, v in c.items() if k.startswith("s:")}
        out.append(DeptRow(did, pcode, name, tuple(aliases[did]), c["leads"], c["joins"], by_status, c["overdue"]))
    return out


# ---- tasks -------------------------------------------------------------------------------


def overdue_sql(b: Bind, today: date, t: str = "t") -> str:
    """The one SQL form of rules.is_overdue: an open task whose due date has passed."""
    return f"({t}.due_date < {b(today)} AND {t}.status NOT IN {b.list(sorted(CLOSED))})"


TASK_COLUMNS = (
    "t.id, t.plan_id, p.code, t.code, t.kind, t.item_id, i.title, t.title, t.status, t.progress,"
    " t.due_date, t.updated_at, t.version, t.unassigned"
)
TASK_FROM = 'task t JOIN "plan" p ON p.id = t.plan_id LEFT OUTER JOIN item i ON i.id = t.item_id'


def where_sql(conn: Conn, f: TaskFilter, today: date, b: Bind) -> str:
    """The WHERE condition of a task filter (over `task t`), its parameters bound in `b`."""
    db = as_db(conn)
    conds: list[str] = []
    if not f.include_retired:
        conds.append("NOT t.retired")
    pid = plan_id(db, f.plan) if f.plan else None
    if pid is not None:
        conds.append(f"t.plan_id = {b(pid)}")
    if f.plan_ids is not None:
        conds.append(f"t.plan_id IN {b.list(f.plan_ids)}")
    if f.dept:
        ids = department_ids(db, f.dept, pid)
        lead = " AND a.role = 'lead'" if f.lead_only else ""
        conds.append(f"t.id IN (SELECT a.task_id FROM assignment a WHERE a.department_id IN {b.list(ids)}{lead})")
    if f.statuses:
        conds.append(f"t.status IN {b.list(f.statuses)}")
    if f.kinds:
        conds.append(f"t.kind IN {b.list(f.kinds)}")
    if f.overdue:
        conds.append(overdue_sql(b, today))
    if f.due_within is not None:
        end = today + timedelta(days=f.due_within)
        conds.append(
            f"t.due_date >= {b(today)} AND t.due_date <= {b(end)} AND t.status NOT IN {b.list(sorted(CLOSED))}"
        )
    if f.due_before:
        conds.append(f"t.due_date <= {b(f.due_before)}")
    if f.due_after:
        conds.append(f"t.due_date >= {b(f.due_after)}")
    if f.text:
        conds += [_word_match(word, b) for word in f.text.split()]
    if f.ids:
        conds.append(f"t.id IN {b.list(f.ids)}")
    if f.item_id is not None:
        conds.append(f"t.item_id = {b(f.item_id)}")
    return " AND ".join(conds) or "1 = 1"


def _word_match(word: str, b: Bind) -> str:
    """One word of a find: in any field (title, body, department, note), or a code (`A1.3`, any case;
    `澧县-A1.3`) or an ID (`29`). Every word of the text must match (AND)."""
    pattern = b(like(word))
    either = [
        f"t.title LIKE {pattern} ESCAPE '/'",
        f"t.body LIKE {pattern} ESCAPE '/'",
        f"upper(t.code) = {b(word.upper())}",
        "t.id IN (SELECT a.task_id FROM assignment a JOIN department d ON d.id = a.department_id"
        f" WHERE d.name LIKE {pattern} ESCAPE '/')",
        f"t.id IN (SELECT n.task_id FROM note n WHERE n.text LIKE {pattern} ESCAPE '/')",
    ]
    plan, dash, code = word.rpartition("-")
    if dash and plan and code:
        either.append(
            f'(upper(t.code) = {b(code.upper())} AND t.plan_id IN (SELECT id FROM "plan" WHERE code = {b(plan)}))'
        )
    if word.isascii() and word.isdigit() and len(word) < 19:
        either.append(f"t.id = {b(int(word))}")
    return "(" + " OR ".join(either) + ")"


# The alphabetically first lead department of the task row (a correlated subquery).
FIRST_LEAD = (
    "(SELECT MIN(d.name) FROM department d JOIN assignment a ON a.department_id = d.id"
    " WHERE a.task_id = t.id AND a.role = 'lead')"
)
NATURAL = (
    "t.plan_id",
    "CASE t.kind WHEN 'action' THEN 0 WHEN 'project' THEN 1 WHEN 'milestone' THEN 2 ELSE 3 END",
    "i.number",
    "t.number",
)


def order_sql(sort: str, desc: bool) -> str:
    keys = {
        "code": NATURAL,
        "id": ("t.id",),
        "due": ("t.due_date", *NATURAL),
        "status": ("t.status", *NATURAL),
        "progress": ("t.progress", *NATURAL),
        "plan": NATURAL,
        "updated": ("t.updated_at", "t.id"),
        "title": ("t.title",),
        "lead": (FIRST_LEAD, *NATURAL),
    }.get(sort, NATURAL)
    return ", ".join(f"{k} DESC" for k in keys) if desc else ", ".join(keys)


# Joins a task's department names in one SQL string: the unit separator, which no document puts in a name.
SEP = "\x1f"


def names_sql(db: Db, b: Bind, role: str) -> str:
    """The task's department names in `role`, in the document's order, as one SEP-joined string."""
    of_task = (
        f"FROM assignment a JOIN department d ON d.id = a.department_id WHERE a.task_id = t.id AND a.role = {b(role)}"
    )
    if db.postgres:
        return f"(SELECT string_agg(d.name, CAST({b(SEP)} AS TEXT) ORDER BY a.id) {of_task})"
    # SQLite (3.40) has no ORDER BY inside an aggregate: it aggregates an ordered subquery in its order.
    return f"(SELECT group_concat(o.name, {b(SEP)}) FROM (SELECT d.name AS name {of_task} ORDER BY a.id) o)"


def split_names(joined: str | None) -> tuple[str, ...]:
    return tuple(joined.split(SEP)) if joined else ()


def task_batches(
    conn: Conn,
    f: TaskFilter,
    today: date,
    *,
    sort: str = "code",
    desc: bool = False,
    limit: int | None = None,
    offset: int = 0,
    batch: int = 2000,
) -> Iterator[list[TaskRow]]:
    """The tasks of a filter, one query streamed `batch` rows at a time (each with its departments,
    aggregated in SQL): a listing of any size in flat memory."""
    db = as_db(conn)
    b = Bind()
    where = where_sql(db, f, today, b)
    q = (
        f"SELECT {TASK_COLUMNS}, {names_sql(db, b, 'lead')}, {names_sql(db, b, 'participant')}"
        f" FROM {TASK_FROM} WHERE {where} ORDER BY {order_sql(sort, desc)}{page_sql(db, b, limit, offset)}"
    )
    for part in db.stream(q, b.params, batch=batch):
        yield [task_row(r, {"lead": split_names(r[14]), "participant": split_names(r[15])}) for r in part]


def tasks(
    conn: Conn,
    f: TaskFilter,
    today: date,
    *,
    sort: str = "code",
    desc: bool = False,
    limit: int | None = None,
    offset: int = 0,
) -> list[TaskRow]:
    return [
        row for part in task_batches(conn, f, today, sort=sort, desc=desc, limit=limit, offset=offset) for row in part
    ]


def page_sql(db: Db, b: Bind, limit: int | None, offset: int) -> str:
    """LIMIT/OFFSET for both databases (SQLite wants a LIMIT before any OFFSET: -1 is none)."""
    out = "" if limit is None else f" LIMIT {b(limit)}"
    if offset:
        out += f"{' LIMIT -1' if limit is None and not db.postgres else ''} OFFSET {b(offset)}"
    return out


def count_tasks(conn: Conn, f: TaskFilter, today: date) -> int:
    db = as_db(conn)
    b = Bind()
    return int(db.scalar(f"SELECT COUNT(*) FROM task t WHERE {where_sql(db, f, today, b)}", b.params) or 0)


def task_row(r: Sequence[Any], people: dict[str, Sequence[str]] | None) -> TaskRow:
    """A TaskRow from the columns of TASK_COLUMNS (and its departments by role)."""
    people = people or {"lead": [], "participant": []}
    return TaskRow(
        r[0],
        r[1],
        r[2],
        r[3],
        r[4],
        r[5],
        r[6],
        r[7],
        r[8],
        r[9],
        to_date(r[10]),
        to_datetime(r[11]),
        r[12],
        bool(r[13]),
        leads=tuple(people["lead"]),
        participants=tuple(people["participant"]),
    )


def task_by_id(conn: Conn, task_id: int) -> TaskRow:
    found = tasks(conn, TaskFilter(ids=(task_id,), include_retired=True), date.today())
    if not found:
        raise NotFoundError("task.not_found", value=str(task_id))
    return found[0]


def resolve_code(
    conn: Conn, code: str, plan: str | None = None, plan_ids: frozenset[int] | set[int] | None = None
) -> list[int]:
    """Task ids for a code: 澧县-A1.3, or A1.3 (in --plan, or in every plan that has it and `plan_ids` allows)."""
    db = as_db(conn)
    b = Bind()
    conds = [f"code = {b(code)}"]
    if "-" in code and not plan:
        pcode, _, tcode = code.rpartition("-")
        conds = [
            f"code = {b(tcode)}",
            f'plan_id IN (SELECT id FROM "plan" WHERE code = {b(pcode)} OR jurisdiction = {b(pcode)})',
        ]
    elif plan:
        conds.append(f"plan_id = {b(plan_id(db, plan))}")
    elif plan_ids is not None:  # a bare code: the plans this user may see (naming another plan stays refused)
        conds.append(f"plan_id IN {b.list(sorted(plan_ids))}")
    return [int(i) for i in db.column(f"SELECT id FROM task WHERE {' AND '.join(conds)} ORDER BY id", b.params)]


def existing_ids(conn: Conn, ids: list[int]) -> set[int]:
    db = as_db(conn)
    found: set[int] = set()
    for chunk in chunks(ids, CHUNK):
        b = Bind()
        found.update(db.column(f"SELECT id FROM task WHERE id IN {b.list(chunk)}", b.params))
    return found


def task_detail(conn: Conn, task_id: int, *, history_limit: int = 200) -> TaskDetail:
    db = as_db(conn)
    row = task_by_id(db, task_id)
    found = db.one(
        'SELECT t.body, p.title FROM task t JOIN "plan" p ON p.id = t.plan_id WHERE t.id = :t', {"t": task_id}
    )
    assert found is not None
    body, plan_title = found
    assigned = db.rows(
        "SELECT d.name, a.role, a.source FROM assignment a JOIN department d ON d.id = a.department_id"
        " WHERE a.task_id = :t ORDER BY a.role, a.id",
        {"t": task_id},
    )
    return TaskDetail(
        task=row,
        body=body,
        plan_title=plan_title,
        assignments=tuple(AssignmentRow(*a) for a in assigned),
        targets=tuple(targets(db, task_id)),
        notes=tuple(notes(db, task_id)),
        history=tuple(history(db, task_id=task_id, limit=history_limit)),
    )


TARGET_COLUMNS = "id, task_id, number, text, value, unit, year, achieved"


def targets(conn: Conn, task_id: int) -> list[TargetRow]:
    q = f"SELECT {TARGET_COLUMNS} FROM target WHERE task_id = :t ORDER BY number"
    return [TargetRow(*r) for r in as_db(conn).rows(q, {"t": task_id})]


def target_by_id(conn: Conn, target_id: int) -> TargetRow:
    r = as_db(conn).one(f"SELECT {TARGET_COLUMNS} FROM target WHERE id = :t", {"t": target_id})
    if r is None:
        raise NotFoundError("target.not_found", value=str(target_id))
    return TargetRow(*r)


def _note_row(r: Sequence[Any]) -> NoteRow:
    at = to_datetime(r[2])
    assert at is not None
    return NoteRow(r[0], r[1], at, r[3], r[4])


def notes(conn: Conn, task_id: int) -> list[NoteRow]:
    q = "SELECT id, task_id, at, actor, text FROM note WHERE task_id = :t ORDER BY at DESC, id DESC"
    return [_note_row(r) for r in as_db(conn).rows(q, {"t": task_id})]


def latest_notes(conn: Conn, ids: list[int]) -> dict[int, NoteRow]:
    """The newest progress note of each task in `ids`."""
    db = as_db(conn)
    out: dict[int, NoteRow] = {}
    for chunk in chunks(ids, CHUNK):
        b = Bind()
        q = f"SELECT id, task_id, at, actor, text FROM note WHERE task_id IN {b.list(chunk)} ORDER BY task_id, at, id"
        for r in db.rows(q, b.params):
            out[r[1]] = _note_row(r)
    return out


# ---- history -----------------------------------------------------------------------------

CHANGE_COLUMNS = (
    "c.id, c.batch, c.task_id, p.code || '-' || t.code, c.at, c.actor, c.host, c.field, c.old, c.new, c.note, c.undoes"
)


def history(
    conn: Conn,
    *,
    task_id: int | None = None,
    since: datetime | None = None,
    by: str | None = None,
    plan: int | None = None,
    limit: int | None = 500,
    plan_ids: Collection[int] | None = None,
) -> list[ChangeRow]:
    b = Bind()
    conds = []
    if task_id is not None:
        conds.append(f"c.task_id = {b(task_id)}")
    if since is not None:
        conds.append(f"c.at >= {b(since)}")
    if by:
        conds.append(f"c.actor = {b(by)}")
    if plan is not None:
        conds.append(f"(t.plan_id = {b(plan)} OR c.plan_id = {b(plan)})")
    if plan_ids is not None:
        ids = b.list(sorted(plan_ids))
        conds.append(f"(t.plan_id IN {ids} OR c.plan_id IN {ids})")
    q = (
        f"SELECT {CHANGE_COLUMNS} FROM change c LEFT OUTER JOIN task t ON t.id = c.task_id"
        f' LEFT OUTER JOIN "plan" p ON p.id = t.plan_id'
    )
    if conds:
        q += " WHERE " + " AND ".join(conds)
    q += " ORDER BY c.id DESC"
    if limit:
        q += f" LIMIT {b(limit)}"
    return [change_row(r) for r in as_db(conn).rows(q, b.params)]


def change_row(r: Sequence[Any]) -> ChangeRow:
    at = to_datetime(r[4])
    assert at is not None
    return ChangeRow(r[0], r[1], r[2], r[3], at, r[5], r[6], r[7], r[8], r[9], r[10], r[11])


def last_change_id(conn: Conn) -> int:
    """The newest change's id: a cheap counter that live views poll."""
    return int(as_db(conn).scalar("SELECT MAX(id) FROM change") or 0)
