"""Changes that come from a file (`set --from FILE`): tagged with their source, each note added once.

Re-running the same reply file must not record its notes again: a note that the same source
already added to the task (and that is still there, not undone) is dropped from the update.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..store.sql import Bind, Db

if TYPE_CHECKING:
    from .updates import TaskUpdate


def tag(source: str) -> str:
    """How a bulk file is named in the history (the change's note)."""
    return f"set --from {Path(source).name if source != '-' else '-'}"


def once_per_source(db: Db, updates: list[TaskUpdate]) -> list[TaskUpdate]:
    """`updates` (tagged with their source, `tag`) without the notes that source already recorded on
    the task and that are still there. Run inside the write transaction, so two runs of one file at
    once cannot both add its notes. The notes a source added are found by the source alone (the
    partial index ix_change_note_source): a file never applied before costs one index look-up."""
    labels = sorted({u.source for u in updates if u.note and u.source})
    if not labels:
        return updates
    seen = {(tid, label, _norm(text or "")) for tid, label, text in db.rows(*notes_of(labels))}
    out = []
    for u in updates:
        if u.note and u.source:
            key = (u.task_id, u.source, _norm(u.note))
            if key in seen:
                u = replace(u, note=None)
                if u.status is None and u.progress is None and u.due_date is None:
                    continue
            seen.add(key)
        out.append(u)
    return out


def notes_of(labels: list[str]) -> tuple[str, dict[str, Any]]:
    """The statement and parameters of the notes that these sources added and that are still there:
    (task_id, source, text) rows, read through the partial index ix_change_note_source."""
    b = Bind()
    q = (
        "SELECT c.task_id, c.note, c.new FROM change c JOIN note n ON n.id = c.ref_id"
        f" WHERE c.field = 'note' AND c.note IN {b.list(labels)}"
    )
    return q, b.params


def _norm(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


__all__ = ["notes_of", "once_per_source", "tag"]
