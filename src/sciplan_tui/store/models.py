"""SQLModel tables: plans → items → tasks, departments, assignments, targets, notes and the change log."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index, UniqueConstraint, text
from sqlmodel import Field, SQLModel


class Plan(SQLModel, table=True):
    """One imported 实施方案."""

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(unique=True, index=True)  # short readable name, e.g. 澧县
    title: str
    jurisdiction: str = Field(index=True)  # (v6) an import looks up the plan it revises by it
    level: str
    period_start: int | None = None
    period_end: int | None = None
    doc_number: str | None = None
    issue_date: date | None = None
    issuer: str | None = None
    is_draft: bool = False
    headline_target: str | None = None
    source_name: str
    checksum: str = Field(index=True)  # (v6) an import looks up the same file by it
    imported_at: datetime
    updated_at: datetime
    archived_at: datetime | None = None  # archived: hidden from every view, kept with its history (v3)


class Item(SQLModel, table=True):
    """A 提升行动 (kind=action) or 重点工程 (kind=project)."""

    __table_args__ = (UniqueConstraint("plan_id", "kind", "number"),)
    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plan.id", ondelete="CASCADE", index=True)
    kind: str
    number: int
    title: str
    body: str = ""
    unassigned: bool = False


class Task(SQLModel, table=True):
    """A task of an item, or a milestone of the schedule (kind=milestone, item_id empty)."""

    __table_args__ = (
        UniqueConstraint("plan_id", "code"),
        Index("ix_task_status_due", "status", "due_date"),
    )
    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plan.id", ondelete="CASCADE", index=True)
    item_id: int | None = Field(default=None, foreign_key="item.id", ondelete="CASCADE", index=True)
    kind: str  # action | project | milestone
    code: str  # A1.3, P2.1, M1
    number: int
    title: str
    body: str = ""
    status: str = "not_started"
    progress: int = 0
    due_date: date | None = None
    unassigned: bool = False
    retired: bool = False  # no longer in the latest imported revision of its plan
    version: int = 1  # bumped on every change: lets concurrent editors detect a conflict
    updated_at: datetime


class Department(SQLModel, table=True):
    """A department as one plan names it (scoped to that plan)."""

    __table_args__ = (UniqueConstraint("plan_id", "name"),)
    id: int | None = Field(default=None, primary_key=True)
    plan_id: int = Field(foreign_key="plan.id", ondelete="CASCADE", index=True)
    name: str = Field(index=True)
    contact: str | None = None  # 联系人 (v4, `sciplan dept set`)
    phone: str | None = None
    contact_note: str | None = None


class DepartmentAlias(SQLModel, table=True):
    """Another printed form of a department's name within the same plan."""

    __table_args__ = (UniqueConstraint("department_id", "alias"),)
    id: int | None = Field(default=None, primary_key=True)
    department_id: int = Field(foreign_key="department.id", ondelete="CASCADE", index=True)
    alias: str


class Assignment(SQLModel, table=True):
    """A department's responsibility for a task: lead or participant, and where it was written."""

    __table_args__ = (
        UniqueConstraint("task_id", "department_id", "role"),
        # Covering indexes (migration 7): a task's departments by role in the document's order (every
        # listing and export aggregates them per row), and a department's tasks (--dept, counts).
        Index("ix_assignment_task_role", "task_id", "role", "id", "department_id"),
        Index("ix_assignment_department_role", "department_id", "role", "task_id"),
    )
    id: int | None = Field(default=None, primary_key=True)
    task_id: int = Field(foreign_key="task.id", ondelete="CASCADE")
    department_id: int = Field(foreign_key="department.id", ondelete="CASCADE")
    role: str  # lead | participant
    source: str  # task | item | appendix


class Target(SQLModel, table=True):
    """A quantitative target inside a task; value None is a blank left to fill in."""

    __table_args__ = (UniqueConstraint("task_id", "number"),)
    id: int | None = Field(default=None, primary_key=True)
    task_id: int = Field(foreign_key="task.id", ondelete="CASCADE", index=True)
    number: int
    text: str
    value: float | None = None
    unit: str = ""
    year: int | None = None
    achieved: float | None = None


class Note(SQLModel, table=True):
    """A progress report (进展情况) on a task."""

    id: int | None = Field(default=None, primary_key=True)
    task_id: int = Field(foreign_key="task.id", ondelete="CASCADE", index=True)
    at: datetime = Field(index=True)
    actor: str
    text: str


class Change(SQLModel, table=True):
    """One recorded change: who, when, which field, old and new value, and the note given."""

    # Migration 7: a task's changes of one kind (its newest tracked change: ledger, undo), and the notes
    # each source (a bulk file, a department's sheet) added, found by the source alone
    # (services/sources.py: a file applied again adds no note twice; a new file costs one look-up).
    __table_args__ = (
        Index("ix_change_task_field", "task_id", "field"),
        Index(
            "ix_change_note_source",
            "note",
            sqlite_where=text("field = 'note'"),
            postgresql_where=text("field = 'note'"),
        ),
    )
    id: int | None = Field(default=None, primary_key=True)
    batch: str = Field(index=True)  # one command or one dialog = one batch; undo reverts a batch
    plan_id: int | None = Field(default=None, foreign_key="plan.id", ondelete="CASCADE", index=True)
    task_id: int | None = Field(default=None, foreign_key="task.id", ondelete="CASCADE")
    ref_id: int | None = None  # the target or note row this change refers to
    at: datetime = Field(index=True)
    actor: str = Field(index=True)
    host: str | None = None
    field: str  # status, progress, due_date, note, target, title, body, assignments, import
    old: str | None = None
    new: str | None = None
    note: str | None = None
    undoes: int | None = None  # the change this one reverts


class Grant(SQLModel, table=True):
    """Who may see and change what (docs/access.md). No rows at all: everyone may do everything.

    plan_id and department_id both empty: an admin. plan_id only: the whole plan. department_id
    (with its plan_id): the plan to read, and the tasks that department leads or joins to change.
    """

    __tablename__ = "access_grant"  # GRANT is a reserved word in SQL
    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(index=True)  # not "user": a reserved word that PostgreSQL reads as current_user
    plan_id: int | None = Field(default=None, foreign_key="plan.id", ondelete="CASCADE", index=True)
    department_id: int | None = Field(default=None, foreign_key="department.id", ondelete="CASCADE")
    created_at: datetime
    created_by: str


class Setting(SQLModel, table=True):
    """A store-wide setting (v3), e.g. seed=off once the clerk started with their own plans."""

    key: str = Field(primary_key=True)
    value: str


class DubanLog(SQLModel, table=True):
    """The 督办 register (v5): a fill-in sheet sent to a department, or its answer collected (报送登记)."""

    __tablename__ = "duban_log"
    id: int | None = Field(default=None, primary_key=True)
    period: str = Field(index=True)  # 2026-11: the month (or another period) the sheet is for
    department_id: int = Field(foreign_key="department.id", ondelete="CASCADE", index=True)
    kind: str  # sent | returned
    token: str = Field(index=True)  # the export run that made the sheet (carried in its row keys)
    at: datetime
    actor: str
    source: str | None = None  # the file written or read
    digest: str | None = None  # of the answers read back: the same file twice is one receipt
    changes: int = 0
    batch: str | None = None  # the change batch the answers were applied in
