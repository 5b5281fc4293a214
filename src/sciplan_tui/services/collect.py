"""Answers back (报送): merge returned fill-in sheets into the ledger, field by field.

A cell counts only if the department changed it: its value differs from the value the sheet was
sent with (carried in the row key, services/sheets.py). Each changed field is then judged against
the store and against the other departments answering for the same task:

- the store still holds the value the sheet was sent with: applied;
- the store already holds the department's value (the same file twice): nothing to do;
- the store changed that field since the sheet was sent, or two departments changed it to
  different values: a **conflict**, listed by department, task and field and left for the clerk
  (`take="theirs"` applies the department's value, `take="ours"` keeps the store's);
- 本月进展 and 存在问题 become a progress note 【部门】…, never added twice.

Everything applied goes through `Services.update` in one batch with its history (who, when, old,
new, and the department and file as the change's note). Every returned file is registered in the
duban_log (报送登记); the same file twice is registered once.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from sqlalchemy import insert, select

from ..errors import InvalidInputError, SciplanError
from ..i18n import register, t
from ..store.tables import A
from .contacts import Contact, contacts
from .sheets import L, RowKey

if TYPE_CHECKING:
    from . import Services
    from .updates import Applied, TaskUpdate

register(
    {
        "collect.no_key": (
            "没有行键（隐藏的 A 列被删除？），无法与发出的表核对，本行未应用",
            "No row key (was the hidden column A removed?): the row cannot be checked against what was sent "
            "and is not applied",
        ),
        "collect.unknown_dept": (
            "行键中的部门不存在或无权查看",
            "The row key names a department that does not exist or that you may not see",
        ),
        "collect.unknown_task": (
            "行键中的任务不存在或无权查看",
            "The row key names a task that does not exist or that you may not see",
        ),
        "collect.reason.store": (
            "发出后台账已改为“{ours}”",
            "changed in the ledger to '{ours}' since the sheet was sent",
        ),
        "collect.reason.departments": ("多个部门填报不同：{others}", "departments disagree: {others}"),
        "collect.reason.refused": ("无法应用：{detail}", "cannot be applied: {detail}"),
        "collect.col.dept": ("部门", "department"),
        "collect.col.task": ("任务", "task"),
        "collect.col.field": ("字段", "field"),
        "collect.col.sent": ("发出时", "sent"),
        "collect.col.theirs": ("部门填报", "theirs"),
        "collect.col.ours": ("台账现值", "ours"),
        "collect.col.why": ("原因", "why"),
        "collect.col.done": ("处理", "settled"),
        "field.status": ("状态", "status"),
        "field.progress": ("进度", "progress"),
        "field.due_date": ("截止日期", "due date"),
        "field.note": ("进展", "note"),
        "collect.problems_head": ("存在问题：", "Problems: "),
    }
)

FIELDS = ("status", "progress", "due_date")
COLUMN_NAMES = {
    "key": "行键",
    "status": "状态",
    "progress": "进度%",
    "due_date": "截止日期",
    "new_note": "本月进展",
    "problems": "存在问题",
    "code": "任务编号",
}
Take = Literal["theirs", "ours"]


@dataclass(frozen=True)
class AnswerRow:
    """One row of a returned sheet: its cells by field (key, code, status, …), as text."""

    line: int  # the row number as the spreadsheet shows it
    cells: dict[str, str]


@dataclass(frozen=True)
class AnswerFile:
    """A returned sheet as read by exports/answers.py: the columns it still has, its rows."""

    source: str
    columns: frozenset[str]
    rows: tuple[AnswerRow, ...]
    keys_by_code: dict[str, str] = field(default_factory=dict)  # from the hidden sheet of an .xlsx
    digest: str = ""  # of the answers: the same file twice is registered once


@dataclass(frozen=True)
class Edit:
    """A cell a department changed: its field on a task, from the value sent to the new one."""

    source: str
    line: int
    dept_id: int
    dept: str
    task_id: int
    code: str
    field: str  # status | progress | due_date | note
    sent: Any
    new: Any


@dataclass(frozen=True)
class Conflict:
    edit: Edit
    ours: Any  # the store's value now
    reason: str  # store | departments | refused
    detail: str = ""
    resolved: str | None = None  # theirs | ours, when --take settled it


@dataclass(frozen=True)
class Problem:
    source: str
    line: int | None
    column: str | None
    message: str


@dataclass(frozen=True)
class FileOutcome:
    source: str
    dept: str | None
    period: str | None
    rows: int
    applied: int = 0
    repeated: bool = False  # the same answers were collected before


@dataclass(frozen=True)
class CollectResult:
    files: tuple[FileOutcome, ...]
    applied: tuple[Edit, ...]
    conflicts: tuple[Conflict, ...]
    problems: tuple[Problem, ...]
    unchanged: int  # changed cells the store already holds (e.g. the same file collected twice)
    dry_run: bool
    batch: str | None = None

    @property
    def open_conflicts(self) -> tuple[Conflict, ...]:
        return tuple(c for c in self.conflicts if c.resolved is None)


@dataclass
class _Parsed:
    answers: AnswerFile
    dept_id: int | None = None
    period: str | None = None
    token: str = ""
    edits: list[Edit] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


# ---- reading -------------------------------------------------------------------------------


def _parse(services: Services, answers: AnswerFile, people: dict[int, Contact]) -> _Parsed:
    out = _Parsed(answers)
    for row in answers.rows:
        key = _key(out, row)
        if key is None:
            continue
        if key.dept_id not in people:
            out.problems.append(Problem(answers.source, row.line, "行键", t("collect.unknown_dept")))
            continue
        out.dept_id = out.dept_id or key.dept_id
        out.period = out.period or key.token.split(".")[0]
        out.token = out.token or key.token
        dept = people[key.dept_id]
        code = row.cells.get("code", "")
        for name in FIELDS:
            value = _cell(services, out, row, name)
            sent = getattr(key, name)
            if value is not None and value != sent:
                out.edits.append(
                    Edit(answers.source, row.line, key.dept_id, dept.name, key.task_id, code, name, sent, value)
                )
        note = _note(row)
        if note:
            out.edits.append(
                Edit(
                    answers.source,
                    row.line,
                    key.dept_id,
                    dept.name,
                    key.task_id,
                    code,
                    "note",
                    None,
                    f"【{dept.name}】{note}",
                )
            )
    return out


def _key(out: _Parsed, row: AnswerRow) -> RowKey | None:
    text = row.cells.get("key") or out.answers.keys_by_code.get(row.cells.get("code", ""), "")
    if not text:
        if any(row.cells.get(k) for k in (*FIELDS, "new_note", "problems")):
            out.problems.append(Problem(out.answers.source, row.line, "行键", t("collect.no_key")))
        return None
    try:
        return RowKey.parse(text)
    except SciplanError as exc:
        out.problems.append(Problem(out.answers.source, row.line, "行键", exc.message()))
        return None


def _cell(services: Services, out: _Parsed, row: AnswerRow, name: str) -> Any:
    """The parsed value of an answer cell; None when the column is gone, the cell empty or unreadable."""
    from .dates import parse_date
    from .statuses import parse_status
    from .updates import validate_progress

    text = row.cells.get(name, "").strip()
    if not text:
        return None
    try:
        if name == "status":
            return parse_status(text)
        if name == "progress":
            return validate_progress(text)
        return parse_date(re.split(r"[ T]", text)[0], services.today())
    except SciplanError as exc:
        out.problems.append(Problem(out.answers.source, row.line, COLUMN_NAMES[name], exc.message()))
        return None


def _note(row: AnswerRow) -> str:
    text = row.cells.get("new_note", "").strip()
    problems = row.cells.get("problems", "").strip()
    if problems:
        text = f"{text}\n{t('collect.problems_head')}{problems}" if text else f"{t('collect.problems_head')}{problems}"
    return text


# ---- merging -------------------------------------------------------------------------------


def collect(
    services: Services,
    answers: Sequence[AnswerFile],
    *,
    take: Take | None = None,
    take_tasks: Sequence[str] = (),
    dry_run: bool = False,
) -> CollectResult:
    """Merge the answers field by field; conflicts are listed, the rest is applied in one batch."""
    from . import TaskFilter

    people = contacts(services)
    parsed = [_parse(services, a, people) for a in answers]
    edits = [e for p in parsed for e in p.edits]
    ids = sorted({e.task_id for e in edits})
    current = {r.id: r for r in services.tasks(TaskFilter(ids=tuple(ids), include_retired=True))} if ids else {}
    problems = [pr for p in parsed for pr in p.problems]
    gone = [e for e in edits if e.task_id not in current]
    problems += [Problem(e.source, e.line, "行键", t("collect.unknown_task")) for e in gone]
    edits = [replace(e, code=current[e.task_id].full_code) for e in edits if e.task_id in current]
    roles = _roles(services, ids)
    merge = _Merge(current, roles, take, {c.strip() for c in take_tasks}, _settled(services, parsed))
    merge.fields([e for e in edits if e.field != "note"])
    merge.notes(services, [e for e in edits if e.field == "note"])
    applied, batch = merge.applied, None
    if merge.applied and not dry_run:
        services.back_up_first("collect")  # undoable from the history: no copy (services/safekeeping.py)
        applied, batch = _apply(services, merge)
        _refresh(services, merge)  # a conflict shows the ledger's value after this batch
    files = _outcomes(parsed, applied, people)
    if not dry_run:
        files = _register(services, parsed, files, batch)
        _settle(services, merge)
    return CollectResult(
        tuple(files), tuple(applied), tuple(merge.conflicts), tuple(problems), merge.unchanged, dry_run, batch
    )


def _refresh(services: Services, merge: _Merge) -> None:
    from . import TaskFilter

    ids = tuple(sorted({c.edit.task_id for c in merge.conflicts}))
    if not ids:
        return
    now = {r.id: r for r in services.tasks(TaskFilter(ids=ids, include_retired=True))}
    merge.conflicts = [
        replace(c, ours=getattr(now[c.edit.task_id], c.edit.field, c.ours))
        if c.edit.task_id in now and c.edit.field != "note"
        else c
        for c in merge.conflicts
    ]


def _roles(services: Services, ids: list[int]) -> dict[tuple[int, int], str]:
    out: dict[tuple[int, int], str] = {}
    with services.store.read() as conn:
        for start in range(0, len(ids), 900):
            q = select(A.c.task_id, A.c.department_id, A.c.role).where(A.c.task_id.in_(ids[start : start + 900]))
            for tid, did, role in conn.execute(q):
                if out.get((tid, did)) != "lead":
                    out[(tid, did)] = role
    return out


class _Merge:
    """Decides, per task and field, what is applied and what is a conflict."""

    def __init__(
        self,
        current: dict[int, Any],
        roles: dict[tuple[int, int], str],
        take: Take | None,
        take_tasks: set[str],
        settled: set[tuple[int, str]],
    ) -> None:
        self.current, self.roles, self.take, self.take_tasks = current, roles, take, take_tasks
        self.settled = settled  # conflicts the clerk closed with --take ours in an earlier collect
        self.applied: list[Edit] = []
        self.conflicts: list[Conflict] = []
        self.unchanged = 0

    def _earlier(self, e: Edit) -> Take | None:
        return "ours" if (e.dept_id, _token(e)) in self.settled else None

    def _take(self, e: Edit) -> Take | None:
        """`take` for this conflict: every one, or those named by task (澧县-A1.1) or task and field (…:状态)."""
        if not self.take_tasks:
            return self.take
        names = {e.field, COLUMN_NAMES.get(e.field, e.field)}
        wanted = e.code in self.take_tasks or any(f"{e.code}:{n}" in self.take_tasks for n in names)
        return self.take if wanted else None

    def fields(self, edits: list[Edit]) -> None:
        groups: dict[tuple[int, str], list[Edit]] = defaultdict(list)
        for e in edits:
            groups[(e.task_id, e.field)].append(e)
        for (tid, name), group in groups.items():
            ours = getattr(self.current[tid], name)
            pending = [e for e in group if e.new != ours]
            self.unchanged += len(group) - len(pending)
            if pending:
                self._decide(pending, ours)

    def _decide(self, pending: list[Edit], ours: Any) -> None:
        values = list(dict.fromkeys(e.new for e in pending))
        if len(values) > 1:
            leads = list(dict.fromkeys(e.new for e in pending if self.roles.get((e.task_id, e.dept_id)) == "lead"))
            take = self._take(pending[0])
            chosen = leads[0] if take == "theirs" and len(leads) == 1 else None
            for e in pending:
                others = "；".join(f"{o.dept}：{_shown(o.field, o.new)}" for o in pending if o is not e)
                resolved = "ours" if take == "ours" else "theirs" if chosen is not None else self._earlier(e)
                self.conflicts.append(Conflict(e, ours, "departments", others, resolved))
            if chosen is not None:
                self.applied.append(next(e for e in pending if e.new == chosen))
            return
        if any(e.sent == ours for e in pending):
            self.applied.append(pending[0])
            return
        take = self._take(pending[0])
        for e in pending:
            self.conflicts.append(Conflict(e, ours, "store", "", take or self._earlier(e)))
        if take == "theirs":
            self.applied.append(pending[0])

    def notes(self, services: Services, edits: list[Edit]) -> None:
        from ..store import ledger_queries as lq

        with services.store.read() as conn:
            known = lq.note_texts(conn, sorted({e.task_id for e in edits}))
        seen = {tid: {_norm(x) for x in texts} for tid, texts in known.items()}
        for e in edits:
            mine = seen.setdefault(e.task_id, set())
            if _norm(e.new) in mine:
                self.unchanged += 1
                continue
            mine.add(_norm(e.new))
            self.applied.append(e)


def _norm(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def _shown(name: str, value: Any) -> str:
    from .statuses import label

    if value is None:
        return "—"
    if name == "status":
        return label(value)
    return value.isoformat() if isinstance(value, date) else str(value)


def shown(name: str, value: Any) -> str:
    """A field's value as people read it (a status by its label), for the CLI and the TUI alike."""
    return _shown(name, value)


def why(c: Conflict) -> str:
    """Why a conflict was left, in the current language."""
    if c.reason == "store":
        return t("collect.reason.store", ours=_shown(c.edit.field, c.ours))
    if c.reason == "departments":
        return t("collect.reason.departments", others=c.detail)
    return t("collect.reason.refused", detail=c.detail)


def _source(e: Edit) -> str:
    return f"{e.dept}报送（{Path(e.source).name}）"


def _updates(edits: list[Edit]) -> list[TaskUpdate]:
    """One update per task and department (its fields), then one per note; `line` indexes `edits` groups."""
    from .updates import TaskUpdate

    fields: dict[tuple[int, int, str], dict[str, Any]] = {}
    for e in edits:
        if e.field != "note":
            fields.setdefault((e.task_id, e.dept_id, _source(e)), {})[e.field] = e.new
    out = [TaskUpdate(tid, line=n, source=src, **values) for n, ((tid, _d, src), values) in enumerate(fields.items())]
    base = len(out)
    out += [
        TaskUpdate(e.task_id, note=e.new, source=_source(e), line=base + n)
        for n, e in enumerate(x for x in edits if x.field == "note")
    ]
    return out


def _apply(services: Services, merge: _Merge) -> tuple[list[Edit], str | None]:
    """Apply in one batch; an update the write path refuses becomes a conflict and the rest is retried."""
    edits = list(merge.applied)
    while edits:
        updates = _updates(edits)
        try:
            done: Applied = services.update(updates)
            return edits, done.batch
        except InvalidInputError as exc:
            bad = {p.line: p.message() for p in exc.problems if p.line is not None}
            if not bad or len(bad) < len(exc.problems):
                raise  # a problem not tied to one update: not ours to sort out
            refused = _edits_of(edits, updates, bad)
            if not refused:
                raise
            merge.conflicts += [Conflict(e, None, "refused", detail) for e, detail in refused]
            gone = {id(e) for e, _ in refused}
            edits = [e for e in edits if id(e) not in gone]
    return [], None


def _edits_of(edits: list[Edit], updates: list[TaskUpdate], bad: dict[int, str]) -> list[tuple[Edit, str]]:
    """The edits behind the refused updates, with the reason the write path gave."""
    out = []
    for u in updates:
        if u.line not in bad:
            continue
        for e in edits:
            same_fields = e.field != "note" and u.note is None and getattr(u, e.field, None) == e.new
            same_note = e.field == "note" and u.note == e.new
            if e.task_id == u.task_id and _source(e) == u.source and (same_fields or same_note):
                out.append((e, bad[u.line]))
    return out


# ---- registering (报送登记) -----------------------------------------------------------------


def _token(e: Edit) -> str:
    """A settled conflict, as the duban_log keeps it: task, field and the department's value."""
    value = e.new.isoformat() if isinstance(e.new, date) else str(e.new)
    return f"{e.task_id}|{e.field}|{value}"


def _settled(services: Services, parsed: list[_Parsed]) -> set[tuple[int, str]]:
    depts = sorted({p.dept_id for p in parsed if p.dept_id is not None})
    if not depts:
        return set()
    with services.store.read() as conn:
        q = select(L.c.department_id, L.c.token).where(L.c.kind == "settled", L.c.department_id.in_(depts))
        return {(int(d), str(tok)) for d, tok in conn.execute(q)}


def _settle(services: Services, merge: _Merge) -> None:
    """Remember the conflicts closed with --take ours, so the same answers do not raise them again."""
    rows = {
        (c.edit.dept_id, _token(c.edit)): c
        for c in merge.conflicts
        if c.resolved == "ours" and (c.edit.dept_id, _token(c.edit)) not in merge.settled
    }
    if not rows:
        return
    with services.store.write() as conn:
        conn.execute(
            insert(L),
            [
                {
                    "period": "",
                    "department_id": did,
                    "kind": "settled",
                    "token": token,
                    "at": services.clock.now(),
                    "actor": services.actor.name,
                    "source": Path(c.edit.source).name,
                    "digest": None,
                    "changes": 0,
                    "batch": None,
                }
                for (did, token), c in rows.items()
            ],
        )


def _outcomes(parsed: list[_Parsed], applied: list[Edit], people: dict[int, Contact]) -> list[FileOutcome]:
    counts: dict[str, int] = defaultdict(int)
    for e in applied:
        counts[e.source] += 1
    out = []
    for p in parsed:
        dept = people[p.dept_id] if p.dept_id is not None else None
        name = f"{dept.plan_code}·{dept.name}" if dept else None
        out.append(FileOutcome(p.answers.source, name, p.period, len(p.answers.rows), counts[p.answers.source]))
    return out


def _register(
    services: Services, parsed: list[_Parsed], files: list[FileOutcome], batch: str | None
) -> list[FileOutcome]:
    """One `returned` row per file and department, unless the same answers were registered before."""
    out = []
    with services.store.write() as conn:
        for p, f in zip(parsed, files, strict=True):
            if p.dept_id is None:
                out.append(f)
                continue
            seen = conn.execute(
                select(L.c.id)
                .where(L.c.department_id == p.dept_id, L.c.kind == "returned", L.c.digest == p.answers.digest)
                .limit(1)
            ).first()
            if seen is None:
                conn.execute(
                    insert(L).values(
                        period=p.period or "",
                        department_id=p.dept_id,
                        kind="returned",
                        token=p.token,
                        at=services.clock.now(),
                        actor=services.actor.name,
                        source=Path(p.answers.source).name,
                        digest=p.answers.digest,
                        changes=f.applied,
                        batch=batch,
                    )
                )
            out.append(replace(f, repeated=seen is not None))
    return out


__all__ = [
    "AnswerFile",
    "AnswerRow",
    "CollectResult",
    "Conflict",
    "Edit",
    "FileOutcome",
    "Problem",
    "collect",
    "shown",
    "why",
]
