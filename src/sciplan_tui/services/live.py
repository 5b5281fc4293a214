"""Reads for a live view: what changed since the view last looked, and the counts those changes touch.

The TUI polls `changes_since` once a second and, when the changes are edits of tasks (status,
progress, due date, a note, a target), reads again only those tasks and recounts only their plans
(`plan_counts` is `queries.plans` and `department_counts` is `queries.departments`, each counted over
the named plans' rows only: the plan_id indexes, not the whole store). Anything else (an import, a plan
archived, grants) asks the view to read everything again (`Changes.everything`).
Access is as for every other read (services/access.py): changes to plans the actor may not see are
skipped, and counts are given only for plans the actor may see.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..store import live_queries as lq
from ..store.live_queries import ChangeMark, PlanChoice
from . import access

if TYPE_CHECKING:
    from ..store.rows import DeptRow, PlanRow
    from . import Services

# Fields whose change leaves every task in its place in the tree and in a table's filter by plan,
# item or department: the task's own row and its plan's counts are all that need reading again.
EDIT_FIELDS = frozenset({"status", "progress", "due_date", "note", "target"})
# More changes than this since the last look: read everything again rather than each task.
MAX_CHANGES = 500


@dataclass(frozen=True)
class Changes:
    """What changed after `after`, up to `newest` (the id to look from next time)."""

    after: int
    newest: int
    task_ids: frozenset[int] = frozenset()  # edited tasks the actor may see
    plan_ids: frozenset[int] = frozenset()  # their plans
    fields: frozenset[str] = frozenset()  # the fields changed (status, progress, ...)
    everything: bool = False  # not only edits (or too many, or the history went back): read all again

    @property
    def any(self) -> bool:
        return self.newest != self.after

    def merge(self, later: Changes) -> Changes:
        """These changes and `later` ones, as one (for a view that was out of sight meanwhile)."""
        return Changes(
            min(self.after, later.after),
            later.newest,
            self.task_ids | later.task_ids,
            self.plan_ids | later.plan_ids,
            self.fields | later.fields,
            self.everything or later.everything,
        )


def newest_change(services: Services) -> int:
    """The newest change's id: the mark a live view starts from."""
    with services.store.read() as conn:
        return lq.newest_change(conn)


def changes_since(services: Services, after: int, *, limit: int = MAX_CHANGES) -> Changes:
    """The tasks changed after change id `after` (a cheap read on the primary key)."""
    with services.store.read() as conn:
        newest = lq.newest_change(conn)
        if newest == after:
            return Changes(after, newest)
        if newest < after:  # a restore put an older store in place
            return Changes(after, newest, everything=True)
        marks = lq.changes_after(conn, after, limit + 1)
        if len(marks) > limit or any(m.field not in EDIT_FIELDS or m.task_id is None for m in marks):
            return Changes(after, newest, everything=True)
        newest = max(newest, marks[-1].id)
        tasks = {m.task_id for m in marks if m.task_id is not None}
        plans = lq.plans_of_tasks(conn, tasks)
        visible = services._scope(conn).plan_ids
        seen = {tid for tid, pid in plans.items() if visible is None or pid in visible}
        return Changes(
            after,
            newest,
            frozenset(seen),
            frozenset(plans[tid] for tid in seen),
            frozenset(m.field for m in marks if m.task_id in seen),
        )


def plans(services: Services) -> list[PlanRow]:
    """The plans the actor may see, as `Services.plans()` lists them but with the counts left at
    zero (thousands of plans are listed at once; `plan_counts` counts them, a few at a time)."""
    with services.store.read() as conn:
        return lq.plan_rows(conn, services._scope(conn).plan_ids)


def plan_counts(services: Services, plan_ids: Collection[int]) -> dict[int, PlanRow]:
    """These plans (those of them the actor may see) counted, by id: the rows `Services.plans()` gives,
    from the same query (store/queries.py) counted over these plans' rows only."""
    from ..store import queries

    with services.store.sql() as conn:
        visible = services._scope(conn).plan_ids
        wanted = [p for p in plan_ids if visible is None or p in visible]
        return {row.id: row for row in queries.plans(conn, services.today(), plan_ids=wanted)}


def plan_choices(services: Services) -> list[PlanChoice]:
    """The plans the actor may see, for a selector: code and period, without counting their tasks."""
    with services.store.read() as conn:
        return lq.plan_choices(conn, services._scope(conn).plan_ids)


def department_counts(services: Services, plan_id: int) -> list[DeptRow]:
    """`Services.departments(plan)` for one plan by its id: the same query (store/queries.py), counted
    over that plan's tasks only."""
    from ..store import queries

    with services.store.sql() as conn:
        scope = services._scope(conn)
        access.check_plan_visible(conn, scope, plan_id)
        return queries.departments(conn, services.today(), plan_id, plan_ids=scope.plan_ids)


__all__ = [
    "EDIT_FIELDS",
    "ChangeMark",
    "Changes",
    "PlanChoice",
    "changes_since",
    "department_counts",
    "newest_change",
    "plan_choices",
    "plan_counts",
    "plans",
]
