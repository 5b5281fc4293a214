"""Plain frozen rows handed out by the store: never live ORM objects."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True)
class PlanRow:
    id: int
    code: str
    title: str
    jurisdiction: str
    level: str
    period_start: int | None
    period_end: int | None
    doc_number: str | None
    issue_date: date | None
    issuer: str | None
    is_draft: bool
    headline_target: str | None
    source_name: str
    checksum: str
    actions: int = 0
    projects: int = 0
    tasks: int = 0
    milestones: int = 0
    departments: int = 0
    done: int = 0
    overdue: int = 0


@dataclass(frozen=True)
class TaskRow:
    id: int
    plan_id: int
    plan_code: str
    code: str
    kind: str
    item_id: int | None
    item_title: str | None
    title: str
    status: str
    progress: int
    due_date: date | None
    updated_at: datetime | None
    version: int
    unassigned: bool
    leads: tuple[str, ...] = ()
    participants: tuple[str, ...] = ()

    @property
    def full_code(self) -> str:
        return f"{self.plan_code}-{self.code}"

    def days_left(self, today: date) -> int | None:
        return None if self.due_date is None else (self.due_date - today).days


@dataclass(frozen=True)
class AssignmentRow:
    department: str
    role: str
    source: str


@dataclass(frozen=True)
class TargetRow:
    id: int
    task_id: int
    number: int
    text: str
    value: float | None
    unit: str
    year: int | None
    achieved: float | None

    @property
    def ratio(self) -> float | None:
        if self.value in (None, 0) or self.achieved is None:
            return None
        return self.achieved / self.value  # type: ignore[operator]


@dataclass(frozen=True)
class NoteRow:
    id: int
    task_id: int
    at: datetime
    actor: str
    text: str


@dataclass(frozen=True)
class ChangeRow:
    id: int
    batch: str
    task_id: int | None
    task_code: str | None
    at: datetime
    actor: str
    host: str | None
    field: str
    old: str | None
    new: str | None
    note: str | None
    undoes: int | None


@dataclass(frozen=True)
class TaskDetail:
    task: TaskRow
    body: str
    plan_title: str
    assignments: tuple[AssignmentRow, ...]
    targets: tuple[TargetRow, ...]
    notes: tuple[NoteRow, ...]
    history: tuple[ChangeRow, ...]


@dataclass(frozen=True)
class DeptRow:
    id: int
    plan_code: str
    name: str
    aliases: tuple[str, ...]
    leads: int
    joins: int
    by_status: dict[str, int] = field(default_factory=dict)
    overdue: int = 0
    last_note_at: datetime | None = None


@dataclass(frozen=True)
class ItemCounts:
    """One action/project of a plan and its live tasks: by status, and how many are overdue."""

    item: ItemRow
    total: int
    by_status: dict[str, int] = field(default_factory=dict)
    overdue: int = 0


@dataclass(frozen=True)
class ItemRow:
    id: int
    plan_id: int
    kind: str
    number: int
    title: str
    unassigned: bool
