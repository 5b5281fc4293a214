"""The ledger's columns: stable English keys, the Chinese headers the meeting reads, and cell values.

The headers are a file format, not interface text: Chinese headers stay Chinese whatever the
interface language, and `--headers en` gives the keys, for scripts.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, tzinfo
from functools import lru_cache
from operator import attrgetter
from typing import Any, Literal

from ..clock import display_zone, local
from ..csvsafe import neutralise, restore  # the CSV-injection rule has its home in csvsafe.py
from ..memo import Memo
from ..services.ledger import Ledger, LedgerRow
from ..services.statuses import STATUSES
from ..store.ledger_queries import FieldChange

Headers = Literal["zh", "en"]
# What a column's cells hold: text (str or None), a number (int or None), a date, a time to the minute.
Kind = Literal["text", "number", "date", "time"]


@dataclass(frozen=True)
class Column:
    key: str
    zh: str
    wide: bool = False  # long free text: wrapped in Excel
    kind: Kind = "text"


BASE = (
    Column("id", "ID", kind="number"),
    Column("code", "任务编号"),
    Column("plan", "实施方案"),
    Column("item", "行动/工程", True),
    Column("title", "任务", True),
    Column("leads", "牵头单位", True),
    Column("participants", "参加单位", True),
    Column("status", "状态"),
    Column("progress", "进度%", kind="number"),
    Column("due_date", "截止日期", kind="date"),
    Column("days_overdue", "逾期天数", kind="number"),
    Column("note", "最新进展", True),
    Column("note_date", "进展日期", kind="date"),
    Column("changed_by", "最后修改人"),
    Column("changed_at", "最后修改时间", kind="time"),
)
DEPT = (Column("dept", "部门"), Column("role", "职责"))
MONTH = (Column("month_changes", "本月变化", True),)

# Headers read back from an edited ledger: ours in both languages, and the bulk-update names.
ALIASES = {
    **{c.zh: c.key for c in (*BASE, *DEPT, *MONTH)},
    **{c.key: c.key for c in (*BASE, *DEPT, *MONTH)},
    "编号": "id",
    "任务ID": "id",
    "代码": "code",
    "状态": "status",
    "进度": "progress",
    "完成进度": "progress",
    "due": "due_date",
    "截止": "due_date",
    "完成时限": "due_date",
    "进展情况": "note",
    "备注": "note",
    "新进展": "note",
    "方案": "plan",
}

ROLES = {"lead": ("牵头", "lead"), "participant": ("参加", "participant")}
FIELD_NAMES = {
    "status": ("状态", "status"),
    "progress": ("进度", "progress"),
    "due_date": ("截止日期", "due"),
    "target": ("指标", "target"),
}


def columns(book: Ledger) -> list[Column]:
    cols = list(BASE)
    if book.by_dept:
        cols[5:5] = DEPT  # after the title: the department is what a by-department sheet is about
    if book.month is not None:
        cols += MONTH
    return cols


def header(cols: Sequence[Column], headers: Headers) -> list[str]:
    return [c.zh if headers == "zh" else c.key for c in cols]


def values(row: LedgerRow, cols: Sequence[Column], headers: Headers) -> list[Any]:
    """Typed cell values (str, int, date, datetime or None) in column order."""
    return [get(row) for get in getters(tuple(cols), headers)]


Getter = Callable[[LedgerRow], Any]
# A column's value: a LedgerRow field as it is, or (field, rule): the rule applied to that field's value.
Rule = str | tuple[str, Callable[[Any], Any]]


@lru_cache(maxsize=4)
def rules(headers: Headers) -> dict[str, Rule]:
    """Each column's value of a row: the ledger's value rules, once.

    `getters` (one function a column) and `row_reader` (a whole row at once, for the streamed exports)
    are both made from this table.
    """
    lang = 0 if headers == "zh" else 1
    labels = {k: v[0] for k, v in STATUSES.items()} if lang == 0 else {}
    roles: dict[str | None, str | None] = {k: v[lang] for k, v in ROLES.items()}
    return {
        "id": "task_id",
        "code": "code",
        "plan": "plan_code",
        "item": "item",
        "title": "title",
        "leads": ("leads", _joined),
        "participants": ("participants", _joined),
        "status": ("status", lambda status: labels.get(status, status)),
        "progress": "progress",
        "due_date": "due_date",
        "days_overdue": "days_overdue",
        "note": "note",
        "note_date": ("note_at", lambda at: _local_day(at, display_zone()) if at else None),
        "changed_by": "changed_by",
        "changed_at": ("changed_at", lambda at: _minute(at)),
        "dept": "dept",
        "role": ("role", lambda role: roles.get(role, role)),
        "month_changes": ("month_changes", lambda changes: month_summary(changes, headers)),
    }


@lru_cache(maxsize=16)
def getters(cols: tuple[Column, ...], headers: Headers) -> tuple[Getter, ...]:
    """Each column's value of a row, as one function per column (made once per export)."""
    found = rules(headers)
    return tuple(_getter(found[c.key]) for c in cols)


def _getter(rule: Rule) -> Getter:
    if isinstance(rule, str):
        return attrgetter(rule)
    get, fn = attrgetter(rule[0]), rule[1]
    return lambda r: fn(get(r))


def row_reader(
    cols: Sequence[Column], headers: Headers, cells: dict[Kind, Callable[[Any], Any] | None]
) -> Callable[[LedgerRow], list[Any]]:
    """A row's cells in one call: each column's value (`rules`) through its kind's cell rule (`cells`;
    None: the value as it is). The cells `getters` give, made for streaming: every field read by one
    attrgetter, and a column with a rule takes its cell from a Memo of its field's value (statuses,
    department lists, times recur: one dict look-up, not a chain of calls, on every row)."""
    found = rules(headers)
    fields: list[str] = []
    ruled: list[tuple[int, Memo[Any, Any]]] = []
    for n, c in enumerate(cols):
        rule, cell = found[c.key], cells[c.kind]
        field, fn = (rule, None) if isinstance(rule, str) else rule
        fields.append(field)
        if fn is not None or cell is not None:
            ruled.append((n, Memo(_then(fn, cell))))
    one = attrgetter(*fields)
    every: Callable[[LedgerRow], Any] = one if len(fields) > 1 else lambda r: (one(r),)

    def read(row: LedgerRow) -> list[Any]:
        out = list(every(row))
        for n, memo in ruled:
            out[n] = memo[out[n]]
        return out

    return read


def _then(fn: Callable[[Any], Any] | None, cell: Callable[[Any], Any] | None) -> Callable[[Any], Any]:
    if fn is None:
        assert cell is not None
        return cell
    return fn if cell is None else lambda value: cell(fn(value))


@lru_cache(maxsize=4096)
def _joined(names: tuple[str, ...]) -> str:
    """A list of departments in one cell (the same few lists recur across a plan's tasks)."""
    return "、".join(names)


def _minute(at: datetime | None) -> datetime | None:
    return _local_minute(at, display_zone()) if at else None


# A stored time shown in the display zone (clock.local), once per distinct time: bulk updates stamp many
# rows with the same time, and the conversion (astimezone, replace) costs more than the rest of a cell.
# `zone` is the display zone local() reads, passed only to key the memo (a test may change SCIPLAN_TZ).
@lru_cache(maxsize=4096)
def _local_minute(at: datetime, zone: tzinfo) -> datetime:
    return local(at).replace(second=0, microsecond=0, tzinfo=None)


@lru_cache(maxsize=4096)
def _local_day(at: datetime, zone: tzinfo) -> date:
    return local(at).date()


def text(value: Any) -> str:
    """A cell as CSV text: ISO dates, minutes for times, empty for None."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return _minute_text(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


@lru_cache(maxsize=4096)
def _minute_text(value: datetime) -> str:
    return value.strftime("%Y-%m-%d %H:%M")


def month_summary(changes: Sequence[FieldChange], headers: Headers) -> str:
    """What changed during the month, one field per part: 状态：未开始→进行中；新进展 2 条."""
    lang = 0 if headers == "zh" else 1
    first: dict[str, FieldChange] = {}
    last: dict[str, FieldChange] = {}
    notes = 0
    for c in changes:
        if c.field == "note":
            notes += 1
            continue
        first.setdefault(c.field, c)
        last[c.field] = c
    parts = []
    for name, c in first.items():
        old, new = _shown(name, c.old, headers), _shown(name, last[name].new, headers)
        if old != new:
            parts.append(f"{FIELD_NAMES[name][lang]}{'：' if lang == 0 else ': '}{old}→{new}")
    if notes:
        parts.append(f"新进展 {notes} 条" if lang == 0 else f"{notes} new note(s)")
    return ("；" if lang == 0 else "; ").join(parts)


def _shown(name: str, value: str | None, headers: Headers) -> str:
    if value is None:
        return "—"
    if name == "status" and headers == "zh" and value in STATUSES:
        return STATUSES[value][0]
    return value


__all__ = [
    "ALIASES",
    "BASE",
    "DEPT",
    "MONTH",
    "Column",
    "Headers",
    "Kind",
    "columns",
    "getters",
    "header",
    "month_summary",
    "neutralise",
    "restore",
    "text",
    "values",
]
