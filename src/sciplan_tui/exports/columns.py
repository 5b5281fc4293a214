"""The ledger's columns: stable English keys, the Chinese headers the meeting reads, and cell values.

The headers are a file format, not interface text: Chinese headers stay Chinese whatever the
interface language, and `--headers en` gives the keys, for scripts.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Literal

from ..clock import local
from ..csvsafe import neutralise, restore  # the CSV-injection rule has its home in csvsafe.py
from ..services.ledger import Ledger, LedgerRow
from ..services.statuses import STATUSES
from ..store.ledger_queries import FieldChange

Headers = Literal["zh", "en"]


@dataclass(frozen=True)
class Column:
    key: str
    zh: str
    wide: bool = False  # long free text: wrapped in Excel


BASE = (
    Column("id", "ID"),
    Column("code", "任务编号"),
    Column("plan", "实施方案"),
    Column("item", "行动/工程", True),
    Column("title", "任务", True),
    Column("leads", "牵头单位", True),
    Column("participants", "参加单位", True),
    Column("status", "状态"),
    Column("progress", "进度%"),
    Column("due_date", "截止日期"),
    Column("days_overdue", "逾期天数"),
    Column("note", "最新进展", True),
    Column("note_date", "进展日期"),
    Column("changed_by", "最后修改人"),
    Column("changed_at", "最后修改时间"),
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
    zh = headers == "zh"
    raw: dict[str, Any] = {
        "id": row.task_id,
        "code": row.code,
        "plan": row.plan_code,
        "item": row.item,
        "title": row.title,
        "leads": "、".join(row.leads),
        "participants": "、".join(row.participants),
        "status": STATUSES[row.status][0] if zh and row.status in STATUSES else row.status,
        "progress": row.progress,
        "due_date": row.due_date,
        "days_overdue": row.days_overdue,
        "note": row.note,
        "note_date": local(row.note_at).date() if row.note_at else None,
        "changed_by": row.changed_by,
        "changed_at": _minute(row.changed_at),
        "dept": row.dept,
        "role": ROLES[row.role][0 if zh else 1] if row.role in ROLES else row.role,
        "month_changes": month_summary(row.month_changes, headers),
    }
    return [raw[c.key] for c in cols]


def _minute(at: datetime | None) -> datetime | None:
    return local(at).replace(second=0, microsecond=0, tzinfo=None) if at else None


def text(value: Any) -> str:
    """A cell as CSV text: ISO dates, minutes for times, empty for None."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


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
    "columns",
    "header",
    "month_summary",
    "neutralise",
    "restore",
    "text",
    "values",
]
