"""What a task listing can ask for: the filter (AND of its fields) and the sort keys."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

SORTS = ("code", "id", "due", "status", "progress", "plan", "updated", "title", "lead")


@dataclass(frozen=True)
class TaskFilter:
    """Filters that combine (AND). Dates compare with `today` for overdue and due windows."""

    plan: str | None = None
    dept: str | None = None
    lead_only: bool = False
    statuses: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    overdue: bool = False
    due_within: int | None = None
    due_before: date | None = None
    due_after: date | None = None
    text: str | None = None
    ids: tuple[int, ...] = ()
    item_id: int | None = None
    include_retired: bool = False
    plan_ids: tuple[int, ...] | None = None  # the plans the reader may see (services/access.py); None: all


__all__ = ["SORTS", "TaskFilter"]
