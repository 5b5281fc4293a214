"""Live refresh helpers: one reading at a time per widget, and details read ahead of the cursor."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..services.live import Changes
    from ..store.rows import TaskDetail


class Readings:
    """One reading at a time: what is asked meanwhile is merged into exactly one more reading, never
    thrown away (a writer once a second on a big store would otherwise keep restarting the queries).

    What to read is some `Changes` (those tasks only) or None (everything loaded)."""

    def __init__(self) -> None:
        self.busy = False
        self.waiting = False
        self.changes: Changes | None = None

    def ask(self, changes: Changes | None) -> bool:
        """True: read `changes` now; False: it is kept for the next reading."""
        if not self.busy:
            self.busy = True
            return True
        if not self.waiting:
            self.waiting, self.changes = True, changes
        elif self.changes is not None:
            self.changes = None if changes is None else self.changes.merge(changes)
        return False

    def done(self) -> tuple[bool, Changes | None]:
        """A reading arrived: whether another one is due, and of what."""
        self.busy = False
        if not self.waiting:
            return False, None
        changes, self.waiting, self.changes = self.changes, False, None
        return True, changes


class DetailCache:
    """Task details already read (the cursor's and its neighbours'), until a change touches them.

    `epoch` moves on whenever something is dropped: a reading that started before cannot be
    trusted to be newer than the change, so `put` refuses it."""

    def __init__(self, size: int = 256) -> None:
        self.size = size
        self.epoch = 0
        self._rows: OrderedDict[int, TaskDetail] = OrderedDict()

    def get(self, task_id: int) -> TaskDetail | None:
        detail = self._rows.get(task_id)
        if detail is not None:
            self._rows.move_to_end(task_id)
        return detail

    def put(self, detail: TaskDetail, epoch: int) -> bool:
        if epoch != self.epoch:
            return False
        self._rows[detail.task.id] = detail
        self._rows.move_to_end(detail.task.id)
        while len(self._rows) > self.size:
            self._rows.popitem(last=False)
        return True

    def missing(self, ids: Iterable[int]) -> list[int]:
        return [i for i in ids if i not in self._rows]

    def drop(self, ids: Iterable[int] | None = None) -> None:
        """Forget these tasks (None: all)."""
        self.epoch += 1
        if ids is None:
            self._rows.clear()
        for i in ids or ():
            self._rows.pop(i, None)
