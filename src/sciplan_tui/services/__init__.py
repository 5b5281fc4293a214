"""The services: the only API the CLI and the TUI call. Every write and its history entry happen here."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

from ..actor import Actor
from ..clock import Clock
from ..store import queries
from ..store.queries import TaskFilter
from ..store.rows import ChangeRow, DeptRow, ItemRow, NoteRow, PlanRow, TaskDetail, TaskRow
from . import updates as upd
from .updates import Applied, TaskUpdate

if TYPE_CHECKING:
    from ..importer.drafts import PlanDraft
    from ..store import Store
    from .imports import ImportResult

__all__ = ["Applied", "DueReport", "Services", "TaskFilter", "TaskUpdate"]


@dataclass(frozen=True)
class DueReport:
    overdue: tuple[TaskRow, ...]
    due_soon: tuple[TaskRow, ...]
    within_days: int


class Services:
    """Reads and writes over one store, as one actor, against one clock."""

    def __init__(self, store: Store, actor: Actor | None = None, clock: Clock | None = None) -> None:
        self.store = store
        self.actor = actor or Actor.detect()
        self.clock = clock or Clock.from_env()

    def today(self) -> date:
        return self.clock.today()

    def _batch(self) -> str:
        return uuid.uuid4().hex

    # ---- reading ---------------------------------------------------------------------------

    def plans(self) -> list[PlanRow]:
        with self.store.read() as conn:
            return queries.plans(conn, self.today())

    def has_plans(self) -> bool:
        with self.store.read() as conn:
            return queries.has_plans(conn)

    def items(self, plan_id: int) -> list[ItemRow]:
        with self.store.read() as conn:
            return queries.items(conn, plan_id)

    def tasks(self, f: TaskFilter | None = None, *, sort: str = "code", desc: bool = False,
              limit: int | None = None, offset: int = 0) -> list[TaskRow]:
        with self.store.read() as conn:
            return queries.tasks(conn, f or TaskFilter(), self.today(), sort=sort, desc=desc, limit=limit,
                                 offset=offset)

    def count(self, f: TaskFilter | None = None) -> int:
        with self.store.read() as conn:
            return queries.count_tasks(conn, f or TaskFilter(), self.today())

    def task(self, task_id: int) -> TaskDetail:
        with self.store.read() as conn:
            return queries.task_detail(conn, task_id)

    def resolve(self, refs: list[str], plan: str | None = None) -> list[int]:
        from . import refs as refs_mod

        with self.store.read() as conn:
            return refs_mod.resolve(conn, refs, plan)

    def departments(self, plan: str | None = None) -> list[DeptRow]:
        with self.store.read() as conn:
            pid = queries.plan_id(conn, plan) if plan else None
            return queries.departments(conn, self.today(), pid)

    def due(self, within_days: int = 30, f: TaskFilter | None = None) -> DueReport:
        from dataclasses import replace

        base = f or TaskFilter()
        with self.store.read() as conn:
            late = queries.tasks(conn, replace(base, overdue=True), self.today(), sort="due")
            soon = queries.tasks(conn, replace(base, due_within=within_days), self.today(), sort="due")
        return DueReport(tuple(late), tuple(soon), within_days)

    def history(self, task_id: int | None = None, since: date | None = None, by: str | None = None,
                limit: int | None = 500, plan: str | None = None) -> list[ChangeRow]:
        start = datetime(since.year, since.month, since.day, tzinfo=UTC) if since else None
        with self.store.read() as conn:
            pid = queries.plan_id(conn, plan) if plan else None
            return queries.history(conn, task_id=task_id, since=start, by=by, plan=pid, limit=limit)

    def latest_notes(self, ids: list[int]) -> dict[int, NoteRow]:
        with self.store.read() as conn:
            return queries.latest_notes(conn, ids)

    def last_change_id(self) -> int:
        with self.store.read() as conn:
            return queries.last_change_id(conn)

    # ---- writing ---------------------------------------------------------------------------

    def import_plans(self, drafts: list[PlanDraft], *, allow_empty: bool = False) -> list[ImportResult]:
        """Write several plans in one transaction: all or none."""
        from ..store.backup import auto_backup
        from .imports import import_plan

        auto_backup(self.store, "import")
        with self.store.write() as conn:
            now, batch = self.clock.now(), self._batch()
            return [import_plan(conn, d, actor=self.actor, now=now, batch=batch, allow_empty=allow_empty)
                    for d in drafts]

    def import_plan(self, draft: PlanDraft, *, allow_empty: bool = False) -> ImportResult:
        return self.import_plans([draft], allow_empty=allow_empty)[0]

    def update(self, changes: list[TaskUpdate]) -> Applied:
        """Apply many updates in one transaction: all or none."""
        with self.store.write() as conn:
            return upd.apply_updates(conn, changes, actor=self.actor, now=self.clock.now(), batch=self._batch())

    def set_tasks(self, ids: list[int], *, status: str | None = None, progress: int | None = None,
                  due_date: date | None = None, note: str | None = None) -> Applied:
        return self.update([TaskUpdate(i, status, progress, due_date, note) for i in ids])

    def add_note(self, task_id: int, text: str) -> Applied:
        return self.update([TaskUpdate(task_id, note=text)])

    def set_target(self, target_id: int, achieved: float | None, note: str | None = None) -> Applied:
        with self.store.write() as conn:
            return upd.set_target(conn, target_id, achieved, note=note, actor=self.actor,
                                  now=self.clock.now(), batch=self._batch())

    def parse_bulk(self, text: str, *, plan: str | None = None, source: str = "-") -> list[TaskUpdate]:
        from . import bulk

        with self.store.read() as conn:
            return bulk.parse(text, today=self.today(), conn=conn, plan=plan, source=source)

    def undo_preview(self) -> list[ChangeRow]:
        """The changes `undo()` would revert now, newest first."""
        with self.store.read() as conn:
            batch = upd.last_batch(conn, self.actor.name)
            ids = {c.id for c in batch}
            return [c for c in queries.history(conn, by=self.actor.name, limit=None) if c.id in ids]

    def undo(self) -> Applied:
        """Revert the current actor's last batch of changes."""
        from ..errors import NotFoundError

        with self.store.write() as conn:
            batch = upd.last_batch(conn, self.actor.name)
            if not batch:
                raise NotFoundError("undo.nothing", actor=self.actor.name)
            return upd.undo(conn, batch, actor=self.actor, now=self.clock.now(), batch=self._batch())

