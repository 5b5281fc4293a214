"""Which stored task a revised document's task is: the same task keeps its status, notes and history.

A stored task is the new one only when it is plainly the same task: at the same code with a
close title, or with an identical title at another code (the document was renumbered). Anything
else is a different task: the stored one is retired (kept, with its history) and the new one
created, so a status never moves onto a task it was not given for.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from typing import Literal

CLOSE = 0.6  # title similarity above which a task at the same code is the same task

How = Literal["same", "moved", "new", "retired"]


@dataclass(frozen=True)
class Stored:
    """A stored task as the pairing needs it."""

    id: int
    code: str
    title: str
    retired: bool = False


@dataclass(frozen=True)
class Pairing:
    """One line of the pairing: a new task and the stored task it continues, or a stored task retired."""

    how: How
    code: str | None  # the code in the new document (None for a retired task)
    title: str
    old_id: int | None = None
    old_code: str | None = None
    old_title: str | None = None


def _key(title: str) -> str:
    return re.sub(r"[\s，。、；：,.;:“”\"'（）()]", "", title)


def similar(a: str, b: str) -> float:
    return difflib.SequenceMatcher(None, _key(a), _key(b)).ratio()


def pair(stored: list[Stored], new: list[tuple[str, str]]) -> list[Pairing]:
    """Pair the new document's (code, title) rows with stored tasks; stored tasks left over are retired."""
    by_code = {task.code: task for task in stored}
    by_title: dict[str, list[Stored]] = {}
    for task in stored:
        by_title.setdefault(_key(task.title), []).append(task)
    taken: set[int] = set()
    found: list[Pairing] = []
    for code, title in new:  # first the tasks that stay at their code
        old = by_code.get(code)
        if old is not None and similar(old.title, title) >= CLOSE:
            taken.add(old.id)
    for code, title in new:
        old = by_code.get(code)
        if old is not None and old.id in taken and similar(old.title, title) >= CLOSE:
            found.append(Pairing("same", code, title, old.id, old.code, old.title))
            continue
        moved = next((t for t in by_title.get(_key(title), []) if t.id not in taken), None)
        if moved is not None:
            taken.add(moved.id)
            found.append(Pairing("moved", code, title, moved.id, moved.code, moved.title))
        else:
            found.append(Pairing("new", code, title))
    found += [
        Pairing("retired", None, task.title, task.id, task.code, task.title)
        for task in stored
        if task.id not in taken and not task.retired
    ]
    return found
