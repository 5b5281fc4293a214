"""Live refresh touches only what changed: the tasks written since the last look and their plans' counts.

A writer once a second on a 300k-task store must not make the TUI read whole tables or count every
plan again; the counts it shows still come from the one rule (rules.py) and agree with `sciplan depts`.
"""

from __future__ import annotations

import threading
import time

import pytest

from sciplan_tui.actor import Actor
from sciplan_tui.clock import Clock
from sciplan_tui.services import Services, TaskFilter, live
from sciplan_tui.tui.screens.dashboard import DashboardView
from sciplan_tui.tui.screens.main import MainScreen

from ..conftest import TODAY
from .conftest import drive, open_first_task, settle, task_by_code, text_of

DEADLINE = 10.0  # bounds a failure on a loaded CI; the conditions are polled


@pytest.fixture
def elsewhere(ledger_path):
    """Another terminal's services on the same store (a department's script over SSH)."""
    from sciplan_tui.store import open_store

    store = open_store(ledger_path)
    yield Services(store, Actor("教育局小王"), Clock(TODAY))
    store.dispose()


async def until(pilot, condition, what: str) -> None:
    deadline = time.monotonic() + DEADLINE
    while not condition():
        assert time.monotonic() < deadline, f"{what}: not within {DEADLINE} s"
        await pilot.pause(0.05)


class Reads:
    """Which service reads the TUI makes (wrapped on the clerk's Services)."""

    def __init__(self, services: Services, monkeypatch: pytest.MonkeyPatch) -> None:
        self.calls: list[tuple[str, object]] = []
        for name in ("plans", "tasks", "count", "departments"):
            real = getattr(services, name)
            monkeypatch.setattr(services, name, self._spy(name, real))

    def _spy(self, name, real):  # type: ignore[no-untyped-def]
        def spy(*args, **kw):  # type: ignore[no-untyped-def]
            self.calls.append((name, args[0] if args else kw.get("f")))
            return real(*args, **kw)

        return spy

    def clear(self) -> None:
        self.calls.clear()


def test_the_live_counts_are_those_of_sciplan_depts(ledger):
    """The plan-restricted counting (the dashboard, the tree) agrees with the store-wide queries."""
    some = ledger.tasks(TaskFilter(plan="澧县"))[:6] + ledger.tasks(TaskFilter(plan="万年县"))[:3]
    ledger.set_tasks([some[0].id, some[6].id], status="done", note="办结")
    ledger.set_tasks([some[1].id], status="cancelled", note="取消")
    ledger.set_tasks([some[2].id], status="blocked", note="受阻")
    plans = ledger.plans()
    listed = live.plans(ledger)
    counted = live.plan_counts(ledger, [p.id for p in listed])
    assert [counted[p.id] for p in listed] == plans
    for plan in plans:
        assert live.department_counts(ledger, plan.id) == ledger.departments(plan.code)


def test_changes_since_names_the_tasks_and_plans_edited(ledger, elsewhere):
    start = live.newest_change(ledger)
    a11, a12 = task_by_code(ledger, "A1.1"), task_by_code(ledger, "A1.2")
    elsewhere.set_tasks([a11.id], status="in_progress", progress=30)
    elsewhere.add_note(a12.id, "推进中")
    changes = live.changes_since(ledger, start)
    assert not changes.everything and changes.newest == live.newest_change(ledger)
    assert changes.task_ids == {a11.id, a12.id} and changes.plan_ids == {a11.plan_id}
    assert changes.fields == {"status", "progress", "note"}
    assert not live.changes_since(ledger, changes.newest).any
    assert live.changes_since(ledger, changes.newest + 5).everything  # the history went back: a restore


def test_a_write_elsewhere_rereads_only_that_task_and_its_plan(ledger, elsewhere, monkeypatch):
    a11, a12 = task_by_code(ledger, "A1.1"), task_by_code(ledger, "A1.2")
    plan = next(p for p in ledger.plans() if p.id == a11.plan_id)

    async def scenario(app, pilot):
        await open_first_task(pilot)
        await pilot.press("j", "space", "k")  # A1.2 marked, the cursor back on A1.1
        await settle(pilot)
        tree = app.screen.plan_tree
        reads = Reads(ledger, monkeypatch)
        elsewhere.set_tasks([a11.id], status="done", note="另一台电脑上办结")
        app.poll()
        await until(pilot, lambda: tree.cursor_task.status == "done", "the row")
        await until(pilot, lambda: f"逾期 {plan.overdue - 1}" in str(tree.root.children[0].label), "the count")
        await until(pilot, lambda: "另一台电脑上办结" in text_of(app.screen.detail.part("notes")), "the detail")
        assert tree.cursor_task.id == a11.id and list(tree.marked) == [a12.id]
        assert [name for name, _ in reads.calls if name in ("plans", "count", "departments")] == []
        read = [f.ids for name, f in reads.calls if name == "tasks"]
        assert read == [(a11.id,)]  # one row, not the loaded ones

    drive(ledger, scenario)


def test_a_table_takes_a_change_in_place_and_lets_a_closed_task_leave(ledger, elsewhere, monkeypatch):
    a12, a13 = task_by_code(ledger, "A1.2"), task_by_code(ledger, "A1.3")

    async def scenario(app, pilot):
        await pilot.press("o")
        await settle(pilot)
        table = app.screen.table
        while table.cursor_task.id != a12.id:
            await pilot.press("j")
        await pilot.press("space", "j")  # A1.2 marked, the cursor on A1.3
        await settle(pilot)
        total = table.total
        reads = Reads(ledger, monkeypatch)
        elsewhere.set_tasks([a13.id], progress=40, note="推进")  # stays overdue: changed in place
        app.poll()
        await until(pilot, lambda: table.cursor_task.progress == 40, "the row in place")
        elsewhere.set_tasks([a12.id], status="done", note="办结")  # no longer overdue: leaves
        app.poll()
        await until(pilot, lambda: table.total == total - 1, "the row leaving")
        assert table.cursor_task.id == a13.id
        assert f"task:{a12.id}" not in table.rows_by_key and not table.marked  # no mark out of sight
        assert [name for name, _ in reads.calls if name in ("plans", "count")] == []  # no list read again
        assert f"{total - 1}/{total - 1}" in text_of(app.screen.query_one("#view-status"))

    drive(ledger, scenario)


def test_details_read_ahead_are_forgotten_when_their_task_changes(ledger, elsewhere):
    a12 = task_by_code(ledger, "A1.2")

    async def scenario(app, pilot):
        await open_first_task(pilot)
        screen = app.screen
        assert screen.details.get(a12.id) is not None  # the next line's detail was read ahead
        elsewhere.add_note(a12.id, "刚写的进展")
        app.poll()
        await until(pilot, lambda: screen.details.get(a12.id) is None, "the read-ahead detail dropped")
        await pilot.press("j")
        await until(pilot, lambda: "刚写的进展" in text_of(screen.detail.part("notes")), "the new note")
        assert screen.detail.detail.task.id == a12.id

    drive(ledger, scenario)


def test_j_shows_the_next_detail_from_what_was_read_ahead(ledger, monkeypatch):
    """`j` shows the next task's detail from the read-ahead: no reading (no worker) between the key
    and the repaint that moves the cursor."""
    read: list[int] = []
    real = ledger.task

    def task(task_id):  # type: ignore[no-untyped-def]
        read.append(task_id)
        return real(task_id)

    monkeypatch.setattr(ledger, "task", task)

    async def scenario(app, pilot):
        await open_first_task(pilot)
        screen = app.screen
        for _ in range(4):
            await settle(pilot)  # the read-ahead done
            target = screen.plan_tree.neighbours(1, 0)[0]
            read.clear()
            await pilot.press("j")
            assert screen.detail.detail.task.id == target and target not in read

    drive(ledger, scenario)


def test_the_dashboard_counts_in_a_worker_and_keys_stay_live(ledger, monkeypatch):
    """Counting never blocks the keys: while it is held back, Esc and the main screen answer."""
    release = threading.Event()
    real = live.department_counts

    def slow(services, plan_id):  # type: ignore[no-untyped-def]
        release.wait(DEADLINE)
        return real(services, plan_id)

    monkeypatch.setattr(live, "department_counts", slow)

    async def scenario(app, pilot):
        await pilot.press("b")
        await pilot.pause()
        assert isinstance(app.screen, DashboardView) and not app.screen.lines["depts"]
        await pilot.press("escape", "j")  # back to the main screen and moving, while it counts
        assert isinstance(app.screen, MainScreen)
        release.set()
        await pilot.press("b")
        dashboard = app.screen
        await until(pilot, lambda: dashboard.lines["depts"], "the counts")
        assert [d.name for d in dashboard.lines["depts"]] == [d.name for d in ledger.departments("澧县")]

    drive(ledger, scenario)


def test_the_dashboard_recounts_when_its_plan_changes_elsewhere(ledger, elsewhere):
    a11 = task_by_code(ledger, "A1.1")

    async def scenario(app, pilot):
        await pilot.press("b")
        await settle(pilot)
        view = app.screen

        def line():  # type: ignore[no-untyped-def]
            return next(d for d in view.lines["depts"] if d.name == "县教育局")

        before = line().overdue
        elsewhere.set_tasks([a11.id], status="done", note="完成")
        app.poll()
        await until(pilot, lambda: line().overdue == before - 1, "the dashboard")
        dept = next(d for d in ledger.departments("澧县") if d.name == "县教育局")
        assert line().by_status == dept.by_status

    drive(ledger, scenario)
