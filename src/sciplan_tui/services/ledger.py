"""The ledger (台账) for the monthly meeting: one row per task, now or as of a month's end.

The monthly report is in report.py; taking an edited ledger back in ledger_import.py.

A month's ledger is rebuilt from the change log: start from the current values and undo, newest
first, every status/progress/due-date/target change made after the month ended. Writes go
through `Services.update`, so an imported ledger is one batch in the history, undoable.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Generator, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, NamedTuple

from .. import rules
from ..clock import display_zone
from ..errors import InvalidInputError
from ..i18n import register
from ..memo import Memo
from ..rules import DUE_SOON_DAYS
from ..store import ledger_queries as lq
from ..store import queries
from ..store.ledger_queries import FieldChange
from ..store.rows import TaskRow
from ..store.sql import to_date, to_datetime
from . import access

if TYPE_CHECKING:
    from ..store.sql import Db
    from . import Services, TaskFilter

register(
    {
        "month.bad": (
            "无法识别的月份“{value}”（应为 2026-11 这样的格式）",
            "Cannot read the month '{value}' (use e.g. 2026-11)",
        ),
        "ledger.cell": ("{column}：{detail}", "{column}: {detail}"),
        "ledger.no_ref": ("缺少任务 ID 或编号", "No task ID or code"),
        "ledger.bad_id": ("任务 ID 应为数字，而不是“{value}”", "A task ID is a number, not '{value}'"),
        "ledger.other_plan": (
            "任务 {code} 属于实施方案“{found}”，不是“{plan}”",
            "Task {code} belongs to plan '{found}', not '{plan}'",
        ),
        "ledger.disagree": (
            "与第 {other} 行对同一任务 {code} 给出的值不同",
            "Row {other} gives task {code} a different value",
        ),
        "ledger.stale": (
            "任务 {code} 在导出后已被 {actor} 于 {at} 修改，请重新导出后再改",
            "Task {code} was changed by {actor} at {at} after this ledger was exported; export it again",
        ),
        "ledger.invalid": (
            "台账有 {count} 处错误，未做任何修改：",
            "{count} problem(s) in the ledger; nothing was changed:",
        ),
    }
)

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


class LedgerRow(NamedTuple):
    """One line of the ledger: a task (or a task and one of its departments, with by_dept).

    A named tuple, not a frozen dataclass: a streamed export makes one per task, and a frozen
    dataclass's __init__ (one object.__setattr__ per field) cost more than all of the row's cells.
    """

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
    """The 红黄绿灯 of a task on `as_of` (the rule: rules.lamp)."""
    return rules.lamp(status, due, as_of)


def as_of(today: date, month: Month | None) -> date:
    """The day a ledger is judged on: today, or the month's last day for a past month."""
    return today if month is None else min(today, month.last_day)


def ledger(
    services: Services, f: TaskFilter | None = None, *, month: Month | None = None, by_dept: bool = False
) -> Ledger:
    """The ledger now, or as it stood at the end of `month` (filters apply to current values)."""
    tasks = services.tasks(f)
    day = as_of(services.today(), month)
    with services.store.sql() as db:
        rows = _ledger_rows(db, tasks, day, month, by_dept)
    return Ledger(tuple(rows), day, month, by_dept)


def _ledger_rows(db: Db, tasks: list[TaskRow], day: date, month: Month | None, by_dept: bool) -> list[LedgerRow]:
    """The ledger rows of `tasks` (current values), now or rebuilt as they stood at the end of `month`."""
    ids = [r.id for r in tasks]
    if month is None:
        notes, last, during = queries.latest_notes(db, ids), lq.last_changes(db, ids), {}
    else:
        gone = lq.born_after(db, ids, month.end)
        tasks = _replay(tasks, lq.changes_since(db, ids, month.end), gone)
        notes, last = lq.notes_before(db, ids, month.end), lq.last_changes(db, ids, month.end)
        during = _by_task(lq.changes_between(db, ids, month.start, month.end))
    rows = []
    for r in tasks:
        note, change = notes.get(r.id), last.get(r.id)
        base = LedgerRow(
            r.id,
            r.full_code,
            r.plan_code,
            r.kind,
            r.item_title or "",
            r.title,
            r.leads,
            r.participants,
            r.status,
            r.progress,
            r.due_date,
            _days_overdue(r, day),
            light(r.status, r.due_date, day),
            note.text if note else None,
            note.at if note else None,
            change.actor if change else None,
            change.at if change else None,
            tuple(during.get(r.id, ())),
        )
        rows += _split(base) if by_dept else [base]
    return rows


def stream(
    services: Services, f: TaskFilter | None = None, *, month: Month | None = None, by_dept: bool = False
) -> Generator[LedgerRow]:
    """The ledger now, or at the end of `month`, row by row while memory stays flat with the number of tasks.

    The same rows as `ledger(services, f, month=month, by_dept=by_dept).rows`, in the same order. It
    reads over the DB-API (`store.sql()`): on SQLite an export never imports SQLAlchemy. The ledger now
    is one query (departments aggregated in SQL); a month's is the task list streamed in batches, each
    rebuilt from the history as `ledger` rebuilds all of it.
    """
    with reading(services, f, month=month, by_dept=by_dept) as rows:
        yield from rows()


@contextmanager
def reading(
    services: Services, f: TaskFilter | None = None, *, month: Month | None = None, by_dept: bool = False
) -> Iterator[Callable[[], Generator[LedgerRow]]]:
    """`stream`, to be read more than once in one snapshot: an xlsx export measures, then writes."""
    from . import TaskFilter

    today = services.today()
    with services.store.sql() as db:
        visible = access.visible_filter(db, services._scope(db), f or TaskFilter())
        if month is None:
            yield lambda: _rows(db, visible, today, by_dept)
        else:
            yield lambda: _month_rows(db, visible, today, month, by_dept)


def _month_rows(db: Db, f: TaskFilter, today: date, month: Month, by_dept: bool) -> Generator[LedgerRow]:
    day = as_of(today, month)
    for tasks in queries.task_batches(db, f, today):
        yield from _ledger_rows(db, tasks, day, month, by_dept)


def _rows(db: Db, f: TaskFilter, day: date, by_dept: bool) -> Generator[LedgerRow]:
    # Each distinct value converted once (memo.py): department lists, due dates and their lamp recur.
    names: Memo[str | None, tuple[str, ...]] = Memo(queries.split_names)
    judged: Memo[tuple[str, date | None], tuple[int | None, str]] = Memo(
        lambda key: (rules.days_overdue(key[0], key[1], day), light(key[0], key[1], day))
    )
    days: Memo[Any, date | None] = Memo(to_date)
    times: Memo[Any, datetime | None] = Memo(to_datetime)
    for part in lq.ledger_rows(db, f, day):
        for tid, plan, code, kind, item, title, status, progress, due, leads, people, note, noted, by, at in part:
            due = days[due]
            late, lamp = judged[status, due]
            base = LedgerRow(
                tid,
                f"{plan}-{code}",
                plan,
                kind,
                item or "",
                title,
                names[leads],
                names[people],
                status,
                progress,
                due,
                late,
                lamp,
                note,  # the newest note's text and time
                times[noted],
                by,  # the newest tracked change's actor and time
                times[at],
            )
            if by_dept:
                yield from _split(base)
            else:
                yield base


def _days_overdue(r: TaskRow, day: date) -> int | None:
    return rules.days_overdue(r.status, r.due_date, day)


def _split(row: LedgerRow) -> list[LedgerRow]:
    people = [(d, "lead") for d in row.leads] + [(d, "participant") for d in row.participants]
    return [row._replace(dept=d, role=role) for d, role in people] or [row]


def _by_task(changes: Iterable[FieldChange]) -> dict[int, list[FieldChange]]:
    out: dict[int, list[FieldChange]] = defaultdict(list)
    for c in changes:
        out[c.task_id].append(c)
    return out


def _replay(tasks: list[TaskRow], newest_first: list[FieldChange], gone: set[int]) -> list[TaskRow]:
    """Walk each task back over the changes made after the month (targets are replayed apart)."""
    state: dict[int, dict[str, Any]] = {
        r.id: {"status": r.status, "progress": r.progress, "due_date": r.due_date} for r in tasks
    }
    for c in newest_first:
        if c.field in state.get(c.task_id, {}):
            state[c.task_id][c.field] = field_value(c.field, c.old)
    return [replace(r, **state[r.id]) for r in tasks if r.id not in gone]


def field_value(name: str, text: str | None) -> Any:
    if name == "progress":
        return int(text or 0)
    if name == "due_date":
        return date.fromisoformat(text) if text else None
    return text


__all__ = [
    "DUE_SOON_DAYS",
    "Ledger",
    "LedgerRow",
    "Month",
    "as_of",
    "field_value",
    "ledger",
    "light",
    "reading",
    "stream",
]
