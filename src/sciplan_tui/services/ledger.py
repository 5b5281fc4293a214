"""The ledger (台账) for the monthly meeting: rows as of a month's end, the monthly report, taking edits back.

A month's ledger is rebuilt from the change log: start from the current values and undo, newest
first, every status/progress/due-date/target change made after the month ended. Writes go
through `Services.update`, so an imported ledger is one batch in the history, undoable.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from ..clock import display_zone, local
from ..errors import InvalidInputError, SciplanError
from ..i18n import register
from ..store import ledger_queries as lq
from ..store import queries
from ..store.ledger_queries import FieldChange
from ..store.rows import TargetRow, TaskRow
from .statuses import CLOSED

if TYPE_CHECKING:
    from . import Services, TaskFilter
    from .updates import Applied

register(
    {
        "month.bad": ("无法识别的月份“{value}”（应为 2026-11 这样的格式）", "Cannot read the month '{value}' "
                      "(use e.g. 2026-11)"),
        "ledger.cell": ("{column}：{detail}", "{column}: {detail}"),
        "ledger.no_ref": ("缺少任务 ID 或编号", "No task ID or code"),
        "ledger.bad_id": ("任务 ID 应为数字，而不是“{value}”", "A task ID is a number, not '{value}'"),
        "ledger.other_plan": ("任务 {code} 属于实施方案“{found}”，不是“{plan}”", "Task {code} belongs to plan "
                              "'{found}', not '{plan}'"),
        "ledger.disagree": ("与第 {other} 行对同一任务 {code} 给出的值不同", "Row {other} gives task {code} a "
                            "different value"),
        "ledger.stale": (
            "任务 {code} 在导出后已被 {actor} 于 {at} 修改，请重新导出后再改",
            "Task {code} was changed by {actor} at {at} after this ledger was exported; export it again",
        ),
        "ledger.invalid": ("台账有 {count} 处错误，未做任何修改：", "{count} problem(s) in the ledger; nothing "
                           "was changed:"),
    }
)

DUE_SOON_DAYS = 30
# Months and the times shown in the ledger are Beijing time (China has no daylight saving time);
# the store keeps UTC.
LIGHTS = ("red", "yellow", "green", "grey")


# ---- months ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Month:
    """A calendar month in Beijing time; `start`/`end` bound the stored timestamps, end exclusive."""

    year: int
    month: int

    @classmethod
    def parse(cls, text: str) -> Month:
        m = re.fullmatch(r"\s*(\d{4})\s*(?:[-/.年])\s*(\d{1,2})\s*月?\s*", text or "")
        if not m or not 1 <= int(m[2]) <= 12:
            raise InvalidInputError("month.bad", value=text)
        return cls(int(m[1]), int(m[2]))

    @classmethod
    def of(cls, day: date) -> Month:
        return cls(day.year, day.month)

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def next_first_day(self) -> date:
        return date(self.year + self.month // 12, self.month % 12 + 1, 1)

    @property
    def last_day(self) -> date:
        return self.next_first_day - timedelta(days=1)

    @property
    def start(self) -> datetime:
        return datetime.combine(self.first_day, datetime.min.time(), display_zone())

    @property
    def end(self) -> datetime:
        return datetime.combine(self.next_first_day, datetime.min.time(), display_zone())

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


# ---- ledger rows -------------------------------------------------------------------------


@dataclass(frozen=True)
class LedgerRow:
    """One line of the ledger: a task (or a task and one of its departments, with by_dept)."""

    task_id: int
    code: str
    plan_code: str
    kind: str
    item: str
    title: str
    leads: tuple[str, ...]
    participants: tuple[str, ...]
    status: str
    progress: int
    due_date: date | None
    days_overdue: int | None
    light: str  # red: overdue; yellow: due within 30 days; green: on track or done; grey: cancelled
    note: str | None
    note_at: datetime | None
    changed_by: str | None
    changed_at: datetime | None
    month_changes: tuple[FieldChange, ...] = ()
    dept: str | None = None
    role: str | None = None


@dataclass(frozen=True)
class Ledger:
    rows: tuple[LedgerRow, ...]
    as_of: date
    month: Month | None = None
    by_dept: bool = False




def light(status: str, due: date | None, as_of: date) -> str:
    """The 红黄绿灯 of a task on `as_of`."""
    if status == "cancelled":
        return "grey"
    if status in CLOSED or due is None:
        return "green"
    if due < as_of:
        return "red"
    return "yellow" if due <= as_of + timedelta(days=DUE_SOON_DAYS) else "green"


def as_of(today: date, month: Month | None) -> date:
    """The day a ledger is judged on: today, or the month's last day for a past month."""
    return today if month is None else min(today, month.last_day)


def ledger(services: Services, f: TaskFilter | None = None, *, month: Month | None = None,
           by_dept: bool = False) -> Ledger:
    """The ledger now, or as it stood at the end of `month` (filters apply to current values)."""
    tasks = services.tasks(f)
    day = as_of(services.today(), month)
    ids = [r.id for r in tasks]
    with services.store.read() as conn:
        if month is None:
            notes, last, during = queries.latest_notes(conn, ids), lq.last_changes(conn, ids), {}
        else:
            gone = lq.born_after(conn, ids, month.end)
            tasks = _replay(tasks, lq.changes_since(conn, ids, month.end), gone)
            notes, last = lq.notes_before(conn, ids, month.end), lq.last_changes(conn, ids, month.end)
            during = _by_task(lq.changes_between(conn, ids, month.start, month.end))
    rows = []
    for r in tasks:
        note, change = notes.get(r.id), last.get(r.id)
        base = LedgerRow(
            r.id, r.full_code, r.plan_code, r.kind, r.item_title or "", r.title, r.leads, r.participants,
            r.status, r.progress, r.due_date, _days_overdue(r, day), light(r.status, r.due_date, day),
            note.text if note else None, note.at if note else None, change.actor if change else None,
            change.at if change else None, tuple(during.get(r.id, ())))
        rows += _split(base) if by_dept else [base]
    return Ledger(tuple(rows), day, month, by_dept)


def _days_overdue(r: TaskRow, day: date) -> int | None:
    if r.due_date is None or r.status in CLOSED or r.due_date >= day:
        return None
    return (day - r.due_date).days


def _split(row: LedgerRow) -> list[LedgerRow]:
    people = [(d, "lead") for d in row.leads] + [(d, "participant") for d in row.participants]
    return [replace(row, dept=d, role=role) for d, role in people] or [row]


def _by_task(changes: Iterable[FieldChange]) -> dict[int, list[FieldChange]]:
    out: dict[int, list[FieldChange]] = defaultdict(list)
    for c in changes:
        out[c.task_id].append(c)
    return out


def _replay(tasks: list[TaskRow], newest_first: list[FieldChange], gone: set[int]) -> list[TaskRow]:
    """Walk each task back over the changes made after the month (targets are replayed apart)."""
    state: dict[int, dict[str, Any]] = {r.id: {"status": r.status, "progress": r.progress,
                                                "due_date": r.due_date} for r in tasks}
    for c in newest_first:
        if c.field in state.get(c.task_id, {}):
            state[c.task_id][c.field] = _value(c.field, c.old)
    return [replace(r, **state[r.id]) for r in tasks if r.id not in gone]


def _value(name: str, text: str | None) -> Any:
    if name == "progress":
        return int(text or 0)
    if name == "due_date":
        return date.fromisoformat(text) if text else None
    return text


# ---- the monthly report --------------------------------------------------------------------


@dataclass(frozen=True)
class GroupCounts:
    """Tasks of one department (as lead) or one action/project, by status."""

    plan_code: str
    name: str
    counts: dict[str, int]
    overdue: int
    total: int

    @property
    def done_ratio(self) -> float:
        return self.counts.get("done", 0) / self.total if self.total else 0.0


@dataclass(frozen=True)
class TargetLine:
    code: str
    task_title: str
    target: TargetRow


@dataclass(frozen=True)
class SilentDept:
    """A lead department that sent no progress note on any of its open tasks this month."""

    plan_code: str
    name: str
    open_tasks: int


@dataclass(frozen=True)
class MonthlyReport:
    month: Month
    as_of: date
    plan: str | None
    total: int
    counts: dict[str, int]
    by_dept: tuple[GroupCounts, ...]
    by_item: tuple[GroupCounts, ...]
    overdue: tuple[LedgerRow, ...]
    targets: tuple[TargetLine, ...]
    silent: tuple[SilentDept, ...]
    noted_tasks: int
    changes: int = 0
    generated: date = field(default_factory=date.today)


def monthly_report(services: Services, month: Month | None = None, plan: str | None = None) -> MonthlyReport:
    """Counts by department and action/project, the overdue list, targets and silent departments."""
    from . import TaskFilter

    month = month or Month.of(services.today())
    book = ledger(services, TaskFilter(plan=plan), month=month)
    rows = [r for r in book.rows if r.kind != "milestone"] + [r for r in book.rows if r.kind == "milestone"]
    ids = [r.task_id for r in rows]
    with services.store.read() as conn:
        noted = lq.noted_tasks(conn, ids, month.start, month.end)
        targets = _targets_as_of(conn, ids, month)
    counts: dict[str, int] = defaultdict(int)
    for r in rows:
        counts[r.status] += 1
    by_code = {r.task_id: r for r in rows}
    return MonthlyReport(
        month=month, as_of=book.as_of, plan=plan, total=len(rows), counts=dict(counts),
        by_dept=tuple(_groups(rows, lambda r: r.leads)), by_item=tuple(_groups(rows, lambda r: (r.item,))),
        overdue=tuple(sorted((r for r in rows if r.light == "red"), key=lambda r: (-(r.days_overdue or 0),
                                                                                    r.code))),
        targets=tuple(TargetLine(by_code[tg.task_id].code, by_code[tg.task_id].title, tg) for tg in targets),
        silent=tuple(_silent(rows, noted)), noted_tasks=len(noted),
        changes=sum(len(r.month_changes) for r in rows), generated=services.today(),
    )


def _groups(rows: Sequence[LedgerRow], keys: Any) -> list[GroupCounts]:
    found: dict[tuple[str, str], list[LedgerRow]] = defaultdict(list)
    for r in rows:
        for name in keys(r) or ("",):
            found[(r.plan_code, name)].append(r)
    out = []
    for (pcode, name), members in found.items():
        counts: dict[str, int] = defaultdict(int)
        for r in members:
            counts[r.status] += 1
        out.append(GroupCounts(pcode, name, dict(counts), sum(r.light == "red" for r in members), len(members)))
    return out


def _silent(rows: Sequence[LedgerRow], noted: set[int]) -> list[SilentDept]:
    open_led: dict[tuple[str, str], int] = defaultdict(int)
    heard: set[tuple[str, str]] = set()
    for r in rows:
        for dept in r.leads:
            key = (r.plan_code, dept)
            if r.task_id in noted:
                heard.add(key)
            if r.status not in CLOSED:
                open_led[key] += 1
    return [SilentDept(p, d, n) for (p, d), n in open_led.items() if (p, d) not in heard]


def _targets_as_of(conn: Any, ids: list[int], month: Month) -> list[TargetRow]:
    targets = lq.targets_of(conn, ids)
    achieved = {tg.id: tg.achieved for tg in targets}
    for c in lq.changes_since(conn, ids, month.end):
        if c.field == "target" and c.ref_id in achieved:
            achieved[c.ref_id] = float(c.old) if c.old is not None else None
    return [replace(tg, achieved=achieved[tg.id]) for tg in targets]


# ---- taking the edited ledger back -----------------------------------------------------------


@dataclass(frozen=True)
class LedgerRecord:
    """One row of an edited ledger file: cells by column key, and each key's header as written."""

    line: int
    cells: dict[str, str]
    headers: dict[str, str]


@dataclass(frozen=True)
class PlannedChange:
    line: int
    task_id: int
    code: str
    field: str
    old: str | None
    new: str


@dataclass(frozen=True)
class LedgerImport:
    changes: tuple[PlannedChange, ...]
    rows: int
    dry_run: bool
    applied: Applied | None = None


def import_ledger(services: Services, records: Sequence[LedgerRecord], *, plan: str | None = None,
                  dry_run: bool = False, source: str = "-") -> LedgerImport:
    """Apply the changed status/progress/due dates and new notes of an edited ledger: all or nothing."""
    from . import TaskFilter

    reader = _Reader(services, records, plan)
    with services.store.read() as conn:
        reader.resolve(conn)
        ids = list(reader.ids)
        wanted = TaskFilter(ids=tuple(ids), include_retired=True)
        current = {r.id: r for r in queries.tasks(conn, wanted, services.today())} if ids else {}
        notes = lq.note_texts(conn, ids)
        last = lq.last_changes(conn, ids)
    planned = reader.plan_changes(current, notes, last)
    if reader.problems:
        raise InvalidInputError("ledger.invalid", file=source, count=len(reader.problems), problems=reader.problems)
    updates = _updates(planned)
    if updates and not dry_run:
        from ..store.backup import auto_backup

        auto_backup(services.store, "csv-import")
    applied = services.update(updates) if updates and not dry_run else None
    return LedgerImport(tuple(planned), len(records), dry_run, applied)


def _updates(planned: Sequence[PlannedChange]) -> list[Any]:
    from .updates import TaskUpdate

    fields: dict[int, dict[str, Any]] = defaultdict(dict)
    notes: list[PlannedChange] = []
    for c in planned:
        if c.field == "note":
            notes.append(c)
        else:
            fields[c.task_id][c.field] = _value(c.field, c.new)
    out = [TaskUpdate(tid, line=None, **values) for tid, values in fields.items()]
    out += [TaskUpdate(c.task_id, note=c.new, line=c.line) for c in notes]
    return out


class _Reader:
    """Validates ledger records against the store, collecting every problem by row and column."""

    def __init__(self, services: Services, records: Sequence[LedgerRecord], plan: str | None) -> None:
        self.services, self.records, self.plan = services, records, plan
        self.problems: list[SciplanError] = []
        self.ids: dict[int, None] = {}
        self.row_ids: dict[int, int] = {}  # line → task id
        self.plan_id: int | None = None

    def problem(self, rec: LedgerRecord, key: str, exc: SciplanError) -> None:
        column = rec.headers.get(key, key)
        self.problems.append(InvalidInputError("ledger.cell", line=rec.line, column=column, detail=exc.message()))

    def resolve(self, conn: Any) -> None:
        from .refs import resolve

        self.plan_id = queries.plan_id(conn, self.plan) if self.plan else None
        for rec in self.records:
            ref_key = "id" if rec.cells.get("id", "").strip() else "code"
            ref = rec.cells.get(ref_key, "").strip()
            try:
                if not ref:
                    raise InvalidInputError("ledger.no_ref")
                if ref_key == "id" and not (ref.isascii() and ref.isdigit()):
                    raise InvalidInputError("ledger.bad_id", value=ref)
                [tid] = resolve(conn, [ref], self.plan)[:1]
            except SciplanError as exc:
                self.problem(rec, ref_key, exc)
                continue
            self.row_ids[rec.line] = tid
            self.ids[tid] = None

    def plan_changes(self, current: dict[int, TaskRow], notes: dict[int, list[str]],
                     last: dict[int, FieldChange]) -> list[PlannedChange]:
        out: list[PlannedChange] = []
        seen: dict[tuple[int, str], tuple[str, int]] = {}
        for rec in self.records:
            tid = self.row_ids.get(rec.line)
            if tid is None:
                continue
            task = current[tid]
            if self._other_plan(rec, task):
                continue
            wanted = self._fields(rec, task)
            changes = [c for c in wanted if self._first(rec, task, c, seen)]
            if any(c.field != "note" for c in changes) and not self._fresh(rec, task, last.get(tid)):
                continue
            out += [c for c in changes if c.field != "note" or _is_new(c.new, notes.get(tid, []), out, tid)]
        return out

    def _other_plan(self, rec: LedgerRecord, task: TaskRow) -> bool:
        if self.plan_id is None or task.plan_id == self.plan_id:
            given = rec.cells.get("plan", "").strip()
            if self.plan_id is None or not given or given == task.plan_code:
                return False
            key = "plan"
        else:
            key = "id" if rec.cells.get("id", "").strip() else "code"
        self.problem(rec, key, InvalidInputError("ledger.other_plan", code=task.full_code, found=task.plan_code,
                                                 plan=self.plan or ""))
        return True

    def _fields(self, rec: LedgerRecord, task: TaskRow) -> list[PlannedChange]:
        from .dates import parse_date
        from .statuses import parse_status
        from .updates import validate_progress

        out = []
        done = _done(rec.cells.get("status", ""), task.status)
        parsers: dict[str, Any] = {
            "status": (parse_status, task.status),
            "progress": (validate_progress, task.progress),
            "due_date": (lambda v: parse_date(v, self.services.today()), task.due_date),
        }
        for key, (parse, have) in parsers.items():
            text = rec.cells.get(key, "").strip()
            if not text or (key == "progress" and done):  # done means 100%, whatever the cell says
                continue
            try:
                value = parse(text)
            except SciplanError as exc:
                self.problem(rec, key, exc)
                continue
            if value != have:
                out.append(PlannedChange(rec.line, task.id, task.full_code, key, _str(have), _str(value) or ""))
        note = rec.cells.get("note", "")
        if note.strip():
            out.append(PlannedChange(rec.line, task.id, task.full_code, "note", None, note.strip()))
        return out

    def _first(self, rec: LedgerRecord, task: TaskRow, c: PlannedChange,
               seen: dict[tuple[int, str], tuple[str, int]]) -> bool:
        """Several rows of one task (a by-department ledger) must agree; keep the first of equal ones."""
        if c.field == "note":
            return True
        key = (task.id, c.field)
        if key not in seen:
            seen[key] = (c.new, rec.line)
            return True
        value, line = seen[key]
        if value != c.new:
            self.problem(rec, c.field, InvalidInputError("ledger.disagree", other=line, code=task.full_code))
        return False

    def _fresh(self, rec: LedgerRecord, task: TaskRow, newest: FieldChange | None) -> bool:
        """False (and a problem) when the task changed after the file's 最后修改时间."""
        if newest is None or "changed_at" not in rec.cells:
            return True
        seen = _when(rec.cells["changed_at"])
        if seen is not None and newest.at < seen + timedelta(minutes=1):
            return True
        at = local(newest.at).strftime("%Y-%m-%d %H:%M")
        self.problem(rec, "changed_at", InvalidInputError("ledger.stale", code=task.full_code, actor=newest.actor,
                                                          at=at))
        return False


def _done(cell: str, current: str) -> bool:
    from .statuses import parse_status

    try:
        return (parse_status(cell) if cell.strip() else current) == "done"
    except SciplanError:
        return False


def _str(value: Any) -> str | None:
    if value is None:
        return None
    return value.isoformat() if isinstance(value, date) else str(value)


def _norm(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def _recorded(cell: str, texts: Iterable[str]) -> bool:
    return any(_norm(cell) == _norm(t) for t in texts)


def _is_new(text: str, recorded: list[str], planned: list[PlannedChange], tid: int) -> bool:
    """A note cell is new unless the task already has that note (or another row adds it)."""
    if _recorded(text, recorded):
        return False
    return not _recorded(text, (c.new for c in planned if c.task_id == tid and c.field == "note"))


def _when(text: str) -> datetime | None:
    cleaned = text.strip().replace("/", "-").replace("T", " ")
    if not cleaned:
        return None
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?", cleaned)
    if not m:
        return None
    return datetime(int(m[1]), int(m[2]), int(m[3]), int(m[4] or 0), int(m[5] or 0), tzinfo=display_zone())


__all__ = ["Ledger", "LedgerImport", "LedgerRecord", "LedgerRow", "Month", "MonthlyReport", "PlannedChange",
           "import_ledger", "ledger", "light", "monthly_report"]
