"""The ledger's rules (sciplan_tui/rules.py) and the write path that enforces them for every caller."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from sciplan_tui import rules
from sciplan_tui.errors import InvalidInputError, SciplanError
from sciplan_tui.services import Services, TaskUpdate

TODAY = date(2026, 11, 23)


@pytest.mark.parametrize(
    ("status", "days", "state", "lamp"),
    [
        ("in_progress", -1, "overdue", "red"),
        ("not_started", 0, "due_soon", "yellow"),
        ("blocked", 30, "due_soon", "yellow"),
        ("in_progress", 31, "on_track", "green"),
        ("done", -300, "closed", "green"),
        ("cancelled", -300, "closed", "grey"),
        ("not_started", None, "none", "green"),
    ],
)
def test_deadline_and_lamp(status, days, state, lamp):
    due = None if days is None else TODAY + timedelta(days=days)
    assert rules.deadline(status, due, TODAY) == state
    assert rules.lamp(status, due, TODAY) == lamp
    assert rules.is_overdue(status, due, TODAY) == (state == "overdue")


def test_closed_tasks_have_no_days_phrase_and_open_ones_say_overdue():
    late = TODAY - timedelta(days=334)
    assert rules.days_text("done", late, TODAY) == ""
    assert rules.days_text("in_progress", late, TODAY) == "逾期 334 天"
    assert rules.days_overdue("in_progress", late, TODAY) == 334
    assert rules.days_overdue("cancelled", late, TODAY) is None


@pytest.mark.parametrize(
    ("old", "status", "progress", "settled", "problem"),
    [
        (("in_progress", 40), "done", None, ("done", 100), None),
        (("in_progress", 40), "not_started", None, ("not_started", 0), None),
        (("not_started", 0), None, 30, ("in_progress", 30), None),
        (("not_started", 0), "not_started", 100, ("not_started", 100), "progress.not_started"),
        (("in_progress", 10), "done", 10, ("done", 10), "progress.done"),
        (("done", 100), None, 80, ("done", 80), "progress.done"),
        (("done", 100), "in_progress", 80, ("in_progress", 80), None),
    ],
)
def test_status_and_progress_settle_together(old, status, progress, settled, problem):
    assert rules.settle(*old, status, progress) == settled
    assert rules.progress_problem(*settled) == problem


@pytest.fixture
def one_plan(db_path):
    """Services over a SQLite store with the small plan: the rules do not depend on the engine, so
    these many cases skip the PostgreSQL round (the write path itself runs on both in test_updates.py)."""
    from sciplan_tui.actor import Actor
    from sciplan_tui.clock import Clock
    from sciplan_tui.store import open_store
    from tests.conftest import make_draft

    store = open_store(str(db_path))
    services = Services(store, Actor("clerk"), Clock(TODAY))
    services.import_plan(make_draft())
    yield services
    store.dispose()


def _tid(services: Services, code: str = "A1.1") -> int:
    return next(r.id for r in services.tasks() if r.code == code)


@pytest.mark.parametrize(
    "update",
    [
        {"status": "flying"},
        {"status": "not_started", "progress": 100},
        {"status": "done", "progress": 10},
        {"progress": 101},
        {"progress": "50"},
        {"due_date": "2026-12-31"},
        {"note": 42},
        {"note": "长" * 20_001},
    ],
)
def test_every_field_is_validated_in_the_services(one_plan, update):
    tid = _tid(one_plan)
    before = one_plan.task(tid)
    with pytest.raises(InvalidInputError) as caught:
        one_plan.update([TaskUpdate(tid, **update)])
    assert isinstance(caught.value, SciplanError) and caught.value.message()
    after = one_plan.task(tid)
    assert (after.task.status, after.task.progress, after.task.version) == (
        before.task.status,
        before.task.progress,
        before.task.version,
    )


def test_progress_alone_starts_a_task_and_a_done_task_keeps_100(seeded):
    tid = _tid(seeded)
    seeded.update([TaskUpdate(tid, progress=30)])
    assert (seeded.task(tid).task.status, seeded.task(tid).task.progress) == ("in_progress", 30)
    seeded.update([TaskUpdate(tid, status="done")])
    with pytest.raises(InvalidInputError, match="in_progress"):
        seeded.update([TaskUpdate(tid, progress=80)])
    seeded.update([TaskUpdate(tid, status="in_progress", progress=80)])
    assert (seeded.task(tid).task.status, seeded.task(tid).task.progress) == ("in_progress", 80)
