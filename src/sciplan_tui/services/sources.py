"""Changes that come from a file (`set --from FILE`): tagged with their source, each note added once.

Re-running the same reply file must not record its notes again: a note that the same source
already added to the task (and that is still there, not undone) is dropped from the update.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..store.sql import Bind, chunks

if TYPE_CHECKING:
    from . import Services
    from .updates import TaskUpdate


def tag(source: str) -> str:
    """How a bulk file is named in the history (the change's note)."""
    return f"set --from {Path(source).name if source != '-' else '-'}"


def once_per_source(services: Services, updates: list[TaskUpdate], source: str) -> list[TaskUpdate]:
    """`updates` tagged with `source`; notes this source already recorded on the task are left out."""
    label = tag(source)
    ids = sorted({u.task_id for u in updates if u.note})
    seen: set[tuple[int, str]] = set()
    with services.store.sql() as db:
        for chunk in chunks(ids):
            b = Bind()
            q = (
                "SELECT c.task_id, c.new FROM change c JOIN note n ON n.id = c.ref_id"
                f" WHERE c.field = 'note' AND c.note = {b(label)} AND c.task_id IN {b.list(chunk)}"
            )
            seen.update((tid, _norm(text or "")) for tid, text in db.rows(q, b.params))
    out = []
    for u in updates:
        u = replace(u, source=label)
        if u.note:
            key = (u.task_id, _norm(u.note))
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
