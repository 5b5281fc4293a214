"""The typed values dialogs return: what the clerk asked for, not yet written anywhere."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class StatusChange:
    status: str
    note: str | None = None


@dataclass(frozen=True)
class NoteEntry:
    text: str


@dataclass(frozen=True)
class ProgressChange:
    progress: int
    note: str | None = None


@dataclass(frozen=True)
class DueChange:
    due_date: date
    reason: str


@dataclass(frozen=True)
class TargetChange:
    target_id: int
    achieved: float | None
    note: str | None = None
