"""Frozen drafts: what the importer extracts from a plan document, before any database."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

ItemKind = Literal["action", "project"]
Role = Literal["lead", "participant"]
# Where an assignment was written: on the task itself, on its action/project, or in an appendix table.
Source = Literal["task", "item", "appendix"]


@dataclass(frozen=True)
class AssignmentDraft:
    """One department named as responsible for a task or an item."""

    department: str  # canonical printed name within the plan (see PlanDraft.departments)
    role: Role
    source: Source


@dataclass(frozen=True)
class TargetDraft:
    """A quantitative target inside a task text, e.g. 到2025年…培育高素质农民7500人."""

    text: str  # the sentence or clause holding the target, as printed
    value: float | None  # None: a blank the draft left to fill in
    unit: str  # 人, 人次, 个, %, 家, 所 ...
    year: int | None  # 到2025年 -> 2025
    line: int  # 1-based line in the normalised source


@dataclass(frozen=True)
class TaskDraft:
    """A numbered task (`1.` or `——`) under an action or a project."""

    number: int  # 1-based position within its item
    title: str  # first sentence up to the first 。
    body: str  # full text, paragraphs joined with \n
    assignments: tuple[AssignmentDraft, ...]
    targets: tuple[TargetDraft, ...]
    due_year: int | None  # an earlier year named in the text (到2023年…), else None
    line: int


@dataclass(frozen=True)
class ItemDraft:
    """A 提升行动 (action) or a 重点工程 (project)."""

    kind: ItemKind
    number: int  # 1-based within its kind
    title: str  # e.g. 青少年科学素质提升行动
    body: str  # the introductory paragraph(s), without the tasks
    assignments: tuple[AssignmentDraft, ...]  # responsibility stated for the whole item
    tasks: tuple[TaskDraft, ...]
    line: int


@dataclass(frozen=True)
class MilestoneDraft:
    """A phase of the schedule (进度安排), with its dated span."""

    number: int
    title: str  # 启动实施 / 深入实施 / 总结评估, or the year sentence
    body: str
    start_year: int | None
    end_year: int | None
    line: int


@dataclass(frozen=True)
class DepartmentDraft:
    """A department as the plan names it; aliases are the other printed forms merged into it."""

    name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class ImportWarning:
    """Something the importer could not place or found incomplete; never fatal."""

    code: str  # stable key, e.g. "unassigned", "blank_target", "no_tasks", "unplaced_text"
    message: str  # Chinese, human-readable
    line: int | None = None
    context: str = ""


@dataclass(frozen=True)
class CoverageDraft:
    """How many paragraphs of one part of the document became structure, metadata or context."""

    section: str
    placed: int
    total: int


# Warnings that mean part of the document was not read as tasks: a real import is refused unless
# the clerk accepts it (--allow-partial).
PARTIAL = frozenset({"unplaced_text", "unplaced_share", "empty_section", "duplicate_document", "duplicate_item"})


@dataclass(frozen=True)
class PlanDraft:
    """Everything extracted from one plan document."""

    title: str
    jurisdiction: str  # 澧县, 彭水自治县, 郴州市 ...
    level: str  # 省 / 市 / 县 / 区
    period_start: int | None
    period_end: int | None
    doc_number: str | None  # 文号, e.g. 彭水府办发〔2022〕44号
    issue_date: str | None  # ISO date, e.g. 2022-04-21
    issuer: str | None  # issuing office
    is_draft: bool  # 征求意见稿
    headline_target: str | None  # e.g. 公民具备科学素质的比例超过15%
    source_name: str  # file name as given
    checksum: str  # sha256 of the raw bytes
    items: tuple[ItemDraft, ...]
    milestones: tuple[MilestoneDraft, ...]
    departments: tuple[DepartmentDraft, ...]
    warnings: tuple[ImportWarning, ...] = field(default=())
    coverage: tuple[CoverageDraft, ...] = field(default=())

    @property
    def short_name(self) -> str:
        """A short readable prefix for task codes: the jurisdiction without suffix noise."""
        return self.jurisdiction

    def partial(self) -> tuple[ImportWarning, ...]:
        """The warnings that say part of the document was not read as tasks."""
        return tuple(w for w in self.warnings if w.code in PARTIAL)

    def task_count(self) -> int:
        return sum(len(item.tasks) for item in self.items)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
