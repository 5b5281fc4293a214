"""The ledger's rules, in one place: statuses, closed, overdue, due soon, the lamp, status ↔ progress.

Ground floor: imports only the message catalogue. The store builds its SQL filters from these
constants, and the services, exports, CLI and TUI call these functions; nobody restates a rule.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from .i18n import register, t

register(
    {
        "days.over": ("逾期 {days} 天", "{days} days overdue"),
        "days.today": ("今天到期", "due today"),
        "days.left": ("剩 {days} 天", "{days} days left"),
        "progress.not_started": (
            "“未开始”的任务进度应为 0%，而不是 {progress}%",
            "A task 'not started' has progress 0%, not {progress}%",
        ),
        "progress.done": (
            "“已完成”的任务进度应为 100%，而不是 {progress}%",
            "A task 'done' has progress 100%, not {progress}%",
        ),
        "progress.done_lower": (
            "任务已完成；要降低进度请同时给出新状态（如 --status in_progress）",
            "The task is done; to lower its progress give a new status too (e.g. --status in_progress)",
        ),
    }
)

# The stable keys, in display order (labels and aliases: services/statuses.py).
STATUS_KEYS: tuple[str, ...] = ("not_started", "in_progress", "done", "blocked", "cancelled")
CLOSED: frozenset[str] = frozenset({"done", "cancelled"})
# "Due soon" (the yellow lamp, `sciplan due`, the TUI's deadline view): due within this many days.
DUE_SOON_DAYS = 30
PROGRESS_MIN, PROGRESS_MAX = 0, 100

Deadline = Literal["closed", "none", "overdue", "due_soon", "on_track"]
Lamp = Literal["red", "yellow", "green", "grey"]


def is_status(value: object) -> bool:
    return isinstance(value, str) and value in STATUS_KEYS


def is_closed(status: str) -> bool:
    """Done or cancelled: never overdue, never due soon."""
    return status in CLOSED


def days_left(due: date | None, today: date) -> int | None:
    """Days until the due date (negative: past it); None without a date."""
    return None if due is None else (due - today).days


def deadline(status: str, due: date | None, today: date, within: int = DUE_SOON_DAYS) -> Deadline:
    """Where a task stands against its due date on `today`."""
    if is_closed(status):
        return "closed"
    days = days_left(due, today)
    if days is None:
        return "none"
    if days < 0:
        return "overdue"
    return "due_soon" if days <= within else "on_track"


def is_overdue(status: str, due: date | None, today: date) -> bool:
    return deadline(status, due, today) == "overdue"


def is_due_soon(status: str, due: date | None, today: date, within: int = DUE_SOON_DAYS) -> bool:
    return deadline(status, due, today, within) == "due_soon"


def days_overdue(status: str, due: date | None, today: date) -> int | None:
    """How many days an open task is late; None when it is not late."""
    days = days_left(due, today)
    return -days if days is not None and days < 0 and not is_closed(status) else None


def lamp(status: str, due: date | None, today: date) -> Lamp:
    """The 红黄绿灯: red overdue, yellow due soon, grey cancelled, green otherwise (done, on track, no date)."""
    if status == "cancelled":
        return "grey"
    state = deadline(status, due, today)
    if state == "overdue":
        return "red"
    return "yellow" if state == "due_soon" else "green"


def days_text(status: str, due: date | None, today: date) -> str:
    """逾期 3 天 / 今天到期 / 剩 5 天, or "" for a closed task or one without a date (CLI and TUI alike)."""
    days = days_left(due, today)
    if days is None or is_closed(status):
        return ""
    if days < 0:
        return t("days.over", days=-days)
    return t("days.today") if days == 0 else t("days.left", days=days)


# ---- status ↔ progress -------------------------------------------------------------------


def progress_problem(status: str, progress: int) -> str | None:
    """The catalogue key saying why `status` with `progress` cannot be, or None when it can."""
    if status == "not_started" and progress != PROGRESS_MIN:
        return "progress.not_started"
    if status == "done" and progress != PROGRESS_MAX:
        return "progress.done"
    return None


def settle(old_status: str, old_progress: int, status: str | None, progress: int | None) -> tuple[str, int]:
    """The status and progress a task ends with when `status`/`progress` (None: unchanged) are set.

    A status alone brings its progress (done: 100%, not started: 0%); progress alone on a task not
    started starts it. Anything still inconsistent is refused by the caller (`progress_problem`).
    """
    if status is not None and progress is None:
        progress = {"done": PROGRESS_MAX, "not_started": PROGRESS_MIN}.get(status, old_progress)
    if progress is not None and status is None:
        status = "in_progress" if old_status == "not_started" and progress > PROGRESS_MIN else old_status
    return (status if status is not None else old_status, progress if progress is not None else old_progress)


__all__ = [
    "CLOSED",
    "DUE_SOON_DAYS",
    "STATUS_KEYS",
    "Deadline",
    "Lamp",
    "days_left",
    "days_overdue",
    "days_text",
    "deadline",
    "is_closed",
    "is_due_soon",
    "is_overdue",
    "is_status",
    "lamp",
    "progress_problem",
    "settle",
]
