"""Changes that come from a file (`set --from FILE`): tagged with their source, each note added once.

Re-running the same reply file must not record its notes again: a note that the same source
already added to the task (and that is still there, not undone) is dropped from the update.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..store.sql import Bind, Db, chunks

if TYPE_CHECKING:
    from .updates import TaskUpdate


def tag(source: str) -> str:
    """How a bulk file is named in the history (the change's note)."""
    return f"set --from {Path(source).name if source != '-' else '-'}"


def once_per_source(db: Db, updates: list[TaskUpdate]) -> list[TaskUpdate]:
    """`updates` (tagged with their source, `tag`) without the notes that source already recorded on
    the task and that are still there. Run inside the write transaction, so two runs of one file at
    once cannot both add its notes."""
    ids = sorted({u.task_id for u in updates if u.note and u.source})
    labels = sorted({u.source for u in updates if u.note and u.source})
    if not ids:
        return updates
    seen: set[tuple[int, str, str]] = set()
    for chunk in chunks(ids):
        b = Bind()
        q = (
            "SELECT c.task_id, c.note, c.new FROM change c JOIN note n ON n.id = c.ref_id"
            f" WHERE c.field = 'note' AND c.note IN {b.list(labels)} AND c.task_id IN {b.list(chunk)}"
        )
        seen.update((tid, label, _norm(text or "")) for tid, label, text in db.rows(q, b.params))
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


def _norm(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


__all__ = ["once_per_source", "tag"]
