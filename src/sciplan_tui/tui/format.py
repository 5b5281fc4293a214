"""Display helpers shared by the tree, the tables and the detail pane (pure: no widgets)."""

from __future__ import annotations

from datetime import date

from .. import rules
from ..i18n import t
from ..rules import DUE_SOON_DAYS
from ..services.statuses import label
from ..store.rows import TaskRow
from .symbols import SYMBOLS

_STATE_CLASS = {"overdue": "overdue", "due_soon": "due-soon", "on_track": "on-track"}
__all__ = ["DUE_SOON_DAYS", "days_text", "due_state"]


def due_state(row: TaskRow, today: date) -> str:
    """The lamp as a CSS class (rules.deadline): 'overdue', 'due-soon', 'on-track' or '' (closed or no date)."""
    return _STATE_CLASS.get(rules.deadline(row.status, row.due_date, today), "")


def days_text(row: TaskRow, today: date) -> str:
    return rules.days_text(row.status, row.due_date, today)


def due_text(row: TaskRow) -> str:
    return row.due_date.isoformat() if row.due_date else t("tui.detail.no_due")


def status_text(status: str) -> str:
    return f"{SYMBOLS.status(status)} {label(status)}"


def bar(ratio: float, width: int = 10) -> str:
    """A progress bar of block characters: ███████░░░."""
    ratio = min(max(ratio, 0.0), 1.0)
    full = round(ratio * width)
    return SYMBOLS.full * full + SYMBOLS.empty * (width - full)


def progress_text(progress: int, width: int = 10) -> str:
    return f"{bar(progress / 100, width)} {progress:>3}%"


def number(value: float | None) -> str:
    if value is None:
        return t("tui.detail.blank")
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def task_cells(row: TaskRow, today: date) -> tuple[str, ...]:
    """The visible columns of a task row, in the order of `TASK_COLUMNS`."""
    return (
        row.full_code,
        row.title,
        status_text(row.status),
        f"{row.progress}%",
        due_text(row),
        days_text(row, today),
        "、".join(row.leads),
    )


# (column key, i18n key, service sort key or None when the service cannot sort by it)
TASK_COLUMNS: tuple[tuple[str, str, str | None], ...] = (
    ("code", "tui.col.code", "code"),
    ("title", "tui.col.title", "title"),
    ("status", "tui.col.status", "status"),
    ("progress", "tui.col.progress", "progress"),
    ("due", "tui.col.due", "due"),
    ("days", "tui.col.days", "due"),
    ("leads", "tui.col.leads", "lead"),
)


def month_bounds(day: date) -> tuple[date, date]:
    """The first and last day of `day`'s month."""
    from ..services.dates import end_of_month

    return day.replace(day=1), end_of_month(day)
