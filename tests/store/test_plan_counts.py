"""One counting of plans (store/queries.py: `plans`): over the whole store, or over a few plans' rows.

`sciplan plans` and `Services.plans()` count every plan; the TUI recounts a few plans at a time
(services/live.py: `plan_counts`) with the same query restricted to those plans: every grouped count
names them (the plan_id indexes), a chunk at a time (SQLite's limit on bound parameters), and gives
each plan the row the whole-store count gives it.
"""

from __future__ import annotations

from typing import Any

from sciplan_tui.store import queries as q
from sciplan_tui.store.sql import CHUNK, Db

from ..conftest import make_draft


class Recording(Db):
    """A Db that keeps the text of every statement it runs."""

    def __init__(self, raw: Any, *, postgres: bool) -> None:
        super().__init__(raw, postgres=postgres)
        self.statements: list[str] = []

    def rows(self, sql: str, params: Any = None) -> list[tuple[Any, ...]]:
        self.statements.append(sql)
        return super().rows(sql, params)


def _two_plans(services):  # type: ignore[no-untyped-def]
    services.import_plan(make_draft())
    services.import_plan(make_draft(jurisdiction="另一县", tasks_per_item=3))
    first, second, third = services.tasks()[:3]
    services.set_tasks([first.id], status="done", note="办结")
    services.set_tasks([second.id], status="cancelled", note="取消")
    services.set_tasks([third.id], status="in_progress", progress=10)
    return services


def test_a_plan_counted_alone_is_counted_as_in_the_whole_store(services) -> None:  # type: ignore[no-untyped-def]
    services = _two_plans(services)
    today = services.today()
    with services.store.sql() as db:
        whole = q.plans(db, today)
        assert len(whole) == 2 and whole[0] != whole[1]
        assert whole[0].done == 1 and all(p.overdue and p.tasks and p.actions and p.departments for p in whole)
        for plan in whole:
            assert q.plans(db, today, plan_ids=[plan.id]) == [plan]
        assert q.plans(db, today, plan_ids=[]) == []


def test_restricted_counts_read_only_those_plans_in_chunks(services) -> None:  # type: ignore[no-untyped-def]
    services = _two_plans(services)
    today = services.today()
    with services.store.sql() as db:
        whole = q.plans(db, today)
        unknown = range(10**6, 10**6 + 2 * CHUNK)  # plans that are not there: three chunks in all
        recording = Recording(db.raw, postgres=db.postgres)
        assert q.plans(recording, today, plan_ids=[*unknown, *(p.id for p in whole), whole[0].id]) == whole
    assert len(recording.statements) == 3 * 4  # per chunk: tasks, items, departments, the plans' rows
    assert all(" IN (" in sql for sql in recording.statements)


def test_the_live_view_counts_with_the_same_query(services) -> None:  # type: ignore[no-untyped-def]
    from sciplan_tui.services import live

    services = _two_plans(services)
    whole = services.plans()
    assert live.plan_counts(services, [whole[1].id]) == {whole[1].id: whole[1]}
    assert [p.id for p in live.plans(services)] == [p.id for p in whole]
    assert all(p.tasks == p.overdue == 0 for p in live.plans(services))  # listed first, counted after
