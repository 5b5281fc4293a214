"""Changes that come from a file (`set --from FILE`): tagged with their source, each note added once.

Re-running the same reply file must not record its notes again: a note that the same source
already added to the task (and that is still there, not undone) is dropped from the update.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select

from ..store.tables import C, N

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
    with services.store.read() as conn:
        for start in range(0, len(ids), 900):
            q = (
                select(C.c.task_id, C.c.new)
                .join(N, N.c.id == C.c.ref_id)
                .where(C.c.field == "note", C.c.note == label, C.c.task_id.in_(ids[start : start + 900]))
            )
            seen.update((tid, _norm(text or "")) for tid, text in conn.execute(q))
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
