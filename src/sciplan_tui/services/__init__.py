"""The services: the only API the CLI and the TUI call. Every write and its history entry happen here."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from ..actor import Actor
from ..clock import Clock, day_start
from ..errors import InvalidInputError
from ..i18n import register
from ..store import queries
from ..store.filters import SORTS, TaskFilter
from ..store.rows import ChangeRow, DeptRow, ItemCounts, ItemRow, NoteRow, PlanRow, TaskDetail, TaskRow
from . import access
from . import updates as upd
from .access import GrantRow, Scope
from .updates import Applied, TaskUpdate

if TYPE_CHECKING:
    from collections.abc import Iterator
    from pathlib import Path

    from sqlalchemy import Connection

    from ..importer.drafts import PlanDraft
    from ..store import Store
    from ..store.sql import Db
    from .imports import ImportResult
    from .pairing import Pairing

__all__ = ["SORTS", "Applied", "DueReport", "GrantRow", "Services", "TaskFilter", "TaskUpdate"]

# How long a reader trusts the grants it looked up (the TUI's Services lives for hours); writes
# always look them up again inside their own transaction.
ACCESS_TTL_SECONDS = 5.0


@dataclass(frozen=True)
class DueReport:
    overdue: tuple[TaskRow, ...]
    due_soon: tuple[TaskRow, ...]
    within_days: int


MAX_LIMIT = 2**31 - 1  # rows: more than any store holds, and small enough for every database's LIMIT

register(
    {
        "limit.bad": (
            "条数应为 0 到 {max} 之间的整数，而不是“{value}”",
            "A row limit is a whole number from 0 to {max}, not '{value}'",
        )
    }
)


def _check_limit(limit: int | None) -> None:
    if limit is not None and not 0 <= limit <= MAX_LIMIT:
        raise InvalidInputError("limit.bad", value=str(limit), max=MAX_LIMIT)


class Services:
    """Reads and writes over one store, as one actor, against one clock."""

    def __init__(self, store: Store, actor: Actor | None = None, clock: Clock | None = None) -> None:
        self.store = store
        self.actor = actor or Actor.detect()
        self.clock = clock or Clock.from_env()
        self._access: tuple[float, Scope] | None = None

    def today(self) -> date:
        return self.clock.today()

    @property
    def location(self) -> str:
        """Where the store is, as people may see it (no password)."""
        from ..store import safe_url

        return safe_url(self.store.url)

    def back_up_first(self, reason: str) -> Path | None:
        """The automatic backup before a risky write: the policy is services/safekeeping.py."""
        from .safekeeping import back_up_first

        return back_up_first(self.store, reason)

    def _batch(self) -> str:
        return os.urandom(16).hex()  # a random batch id (what uuid4().hex is, without importing uuid)

    def _scope(self, conn: Db | Connection, *, fresh: bool = False) -> Scope:
        """What the actor may do (services/access.py): looked up at most every few seconds for reads."""
        now = time.monotonic()
        if fresh or self._access is None or self._access[0] <= now:
            self._access = (now + ACCESS_TTL_SECONDS, access.fold_archived(conn, access.scope(conn, self.actor)))
        return self._access[1]

    # ---- reading ---------------------------------------------------------------------------

    def plans(self) -> list[PlanRow]:
        with self.store.sql() as conn:
            return queries.plans(conn, self.today(), plan_ids=self._scope(conn).plan_ids)

    def has_plans(self) -> bool:
        with self.store.sql() as conn:
            return queries.has_plans(conn)

    def item_counts(self, plan: str) -> list[ItemCounts]:
        """Per action/project of a plan: tasks by status and overdue (one query; the TUI dashboard)."""
        with self.store.sql() as conn:
            pid = queries.plan_id(conn, plan)
            access.check_plan_visible(conn, self._scope(conn), pid)
            return queries.item_counts(conn, pid, self.today())

    def items(self, plan_id: int) -> list[ItemRow]:
        with self.store.sql() as conn:
            access.check_plan_visible(conn, self._scope(conn), plan_id)
            return queries.items(conn, plan_id)

    def tasks(
        self,
        f: TaskFilter | None = None,
        *,
        sort: str = "code",
        desc: bool = False,
        limit: int | None = None,
        offset: int = 0,
    ) -> list[TaskRow]:
        _check_limit(limit)
        _check_limit(offset)
        with self.store.sql() as conn:
            f = access.visible_filter(conn, self._scope(conn), f or TaskFilter())
            return queries.tasks(conn, f, self.today(), sort=sort, desc=desc, limit=limit, offset=offset)

    def task_batches(
        self, f: TaskFilter | None = None, *, sort: str = "code", desc: bool = False, limit: int | None = None
    ) -> Iterator[list[TaskRow]]:
        """`tasks()` streamed in batches from one query: listings and exports of any size in flat memory."""
        _check_limit(limit)
        with self.store.sql() as conn:
            f = access.visible_filter(conn, self._scope(conn), f or TaskFilter())
            yield from queries.task_batches(conn, f, self.today(), sort=sort, desc=desc, limit=limit)

    def count(self, f: TaskFilter | None = None) -> int:
        with self.store.sql() as conn:
            f = access.visible_filter(conn, self._scope(conn), f or TaskFilter())
            return queries.count_tasks(conn, f, self.today())

    def task(self, task_id: int) -> TaskDetail:
        with self.store.sql() as conn:
            access.check_task_visible(conn, self._scope(conn), task_id)
            return queries.task_detail(conn, task_id)

    def resolve(self, refs: list[str], plan: str | None = None) -> list[int]:
        from . import refs as refs_mod

        with self.store.sql() as conn:
            # A code like A1.3 means the task of the plans this user may see (no ambiguity with others').
            return refs_mod.resolve(conn, refs, plan, self._scope(conn).plan_ids)

    def departments(self, plan: str | None = None) -> list[DeptRow]:
        with self.store.sql() as conn:
            scope = self._scope(conn)
            pid = queries.plan_id(conn, plan) if plan else None
            if pid is not None:
                access.check_plan_visible(conn, scope, pid)
            return queries.departments(conn, self.today(), pid, plan_ids=scope.plan_ids)

    def due(self, within_days: int = 30, f: TaskFilter | None = None) -> DueReport:
        from dataclasses import replace

        with self.store.sql() as conn:
            base = access.visible_filter(conn, self._scope(conn), f or TaskFilter())
            late = queries.tasks(conn, replace(base, overdue=True), self.today(), sort="due")
            soon = queries.tasks(conn, replace(base, due_within=within_days), self.today(), sort="due")
        return DueReport(tuple(late), tuple(soon), within_days)

    def history(
        self,
        task_id: int | None = None,
        since: date | None = None,
        by: str | None = None,
        limit: int | None = 500,
        plan: str | None = None,
    ) -> list[ChangeRow]:
        _check_limit(limit)
        start = day_start(since) if since else None
        with self.store.sql() as conn:
            scope = self._scope(conn)
            pid = queries.plan_id(conn, plan) if plan else None
            if pid is not None:
                access.check_plan_visible(conn, scope, pid)
            if task_id is not None:
                access.check_task_visible(conn, scope, task_id)
            return queries.history(
                conn, task_id=task_id, since=start, by=by, plan=pid, limit=limit, plan_ids=scope.plan_ids
            )

    def latest_notes(self, ids: list[int]) -> dict[int, NoteRow]:
        with self.store.sql() as conn:
            return queries.latest_notes(conn, ids)

    def last_change_id(self) -> int:
        with self.store.sql() as conn:
            return queries.last_change_id(conn)

    # ---- writing ---------------------------------------------------------------------------

    def import_plans(
        self,
        drafts: list[PlanDraft],
        *,
        allow_empty: bool = False,
        allow_partial: bool = False,
        revises: str | None = None,
    ) -> list[ImportResult]:
        """Write several plans in one transaction: all or none."""
        from .imports import import_plan

        with self.store.write() as conn:
            scope = self._scope(conn, fresh=True)
            if not self.store.is_sqlite:  # a secured server: imports are for admin roles (docs/server.md)
                from .server_admin import check_admin

                check_admin(conn, "import plan")
            access.check_import_allowed(scope, [d.jurisdiction for d in drafts])
            now, batch = self.clock.now(), self._batch()
            results = [
                import_plan(
                    conn,
                    d,
                    actor=self.actor,
                    now=now,
                    batch=batch,
                    allow_empty=allow_empty,
                    allow_partial=allow_partial,
                    revises=revises,
                )
                for d in drafts
            ]
            access.check_imported(scope, results)  # refused: the transaction rolls back, nothing is kept
            if any(r.outcome != "unchanged" for r in results):
                self.back_up_first("import")  # the snapshot before this transaction (safekeeping.py)
            return results

    def preview_import(self, draft: PlanDraft, *, revises: str | None = None) -> tuple[str | None, list[Pairing]]:
        """The stored plan a document would revise and how its tasks pair with the stored ones (no write)."""
        from .imports import preview

        with self.store.read() as conn:
            return preview(conn, draft, revises)

    def import_plan(self, draft: PlanDraft, *, allow_empty: bool = False) -> ImportResult:
        return self.import_plans([draft], allow_empty=allow_empty)[0]

    def update(self, changes: list[TaskUpdate], *, backup: str | None = None) -> Applied:
        """Apply many updates in one transaction: all or none; `backup` names the kind of write for the policy."""
        if backup is not None and changes:
            self.back_up_first(backup)
        with self.store.sql(write=True) as conn:
            access.check_tasks_writable(conn, self._scope(conn, fresh=True), [c.task_id for c in changes])
            return upd.apply_updates(conn, changes, actor=self.actor, now=self.clock.now(), batch=self._batch())

    def set_tasks(
        self,
        ids: list[int],
        *,
        status: str | None = None,
        progress: int | None = None,
        due_date: date | None = None,
        note: str | None = None,
    ) -> Applied:
        return self.update([TaskUpdate(i, status, progress, due_date, note) for i in ids])

    def add_note(self, task_id: int, text: str) -> Applied:
        return self.update([TaskUpdate(task_id, note=text)])

    def set_target(self, target_id: int, achieved: float | None, note: str | None = None) -> Applied:
        with self.store.sql(write=True) as conn:
            access.check_target_writable(conn, self._scope(conn, fresh=True), target_id)
            return upd.set_target(
                conn, target_id, achieved, note=note, actor=self.actor, now=self.clock.now(), batch=self._batch()
            )

    def parse_bulk(
        self, text: str, *, plan: str | None = None, source: str = "-", label: str | None = None
    ) -> list[TaskUpdate]:
        from . import bulk

        with self.store.sql() as conn:
            return bulk.parse(text, today=self.today(), conn=conn, plan=plan, source=source, label=label)

    def update_from(self, text: str, *, source: str, plan: str | None = None) -> Applied:
        """A bulk file (`set --from`): every line or none, each change noted with the file's name;
        a note this file already added to a task is not added again (sources.py). An unknown task
        or any other bad line: one error naming every bad line of `source`, nothing written."""
        from . import bulk, sources

        updates = self.parse_bulk(text, plan=plan, source=source, label=sources.tag(source))
        if updates:
            self.back_up_first("bulk")  # the policy (safekeeping.py): history undoes a bulk file, no copy
        try:
            with self.store.sql(write=True) as conn:
                access.check_tasks_writable(conn, self._scope(conn, fresh=True), [u.task_id for u in updates])
                updates = sources.once_per_source(conn, updates)
                return upd.apply_updates(conn, updates, actor=self.actor, now=self.clock.now(), batch=self._batch())
        except InvalidInputError as exc:
            if exc.key != "update.invalid":
                raise
            raise bulk.invalid(exc.problems, source) from exc

    def undo_preview(self) -> list[ChangeRow]:
        """The changes `undo()` would revert now, newest first."""
        with self.store.sql() as conn:
            batch = upd.last_batch(conn, self.actor.name)
            ids = {c.id for c in batch}
            return [c for c in queries.history(conn, by=self.actor.name, limit=None) if c.id in ids]

    def undo(self) -> Applied:
        """Revert the current actor's last batch of changes."""
        from ..errors import NotFoundError

        with self.store.sql(write=True) as conn:
            batch = upd.last_batch(conn, self.actor.name)
            if not batch:
                raise NotFoundError("undo.nothing", actor=self.actor.name)
            tasks = [c.task_id for c in batch if c.task_id is not None]
            access.check_tasks_writable(conn, self._scope(conn, fresh=True), tasks)
            return upd.undo(conn, batch, actor=self.actor, now=self.clock.now(), batch=self._batch())

    # ---- access (docs/access.md) -----------------------------------------------------------

    def access_on(self) -> bool:
        with self.store.sql() as conn:
            return access.access_on(conn)

    def grants(self) -> list[GrantRow]:
        """Every grant (for an admin), else the actor's own."""
        with self.store.sql() as conn:
            return access.list_grants(conn, self._scope(conn, fresh=True))

    def grant(self, user: str, *, plan: str | None = None, dept: str | None = None) -> GrantRow:
        """Give `user` a grant: admin (no plan, no department), a whole plan, or a department of a plan."""
        with self.store.sql(write=True) as conn:
            row = access.add_grant(
                conn, self.actor, user, plan=plan, dept=dept, now=self.clock.now(), batch=self._batch()
            )
        self._access = None
        return row

    def revoke(self, user: str, *, plan: str | None = None, dept: str | None = None) -> int:
        """Take `user`'s grants (all, or those of a plan or a department); returns how many went."""
        with self.store.sql(write=True) as conn:
            count = access.remove_grants(
                conn, self.actor, user, plan=plan, dept=dept, now=self.clock.now(), batch=self._batch()
            )
        self._access = None
        return count
