"""Deadline views and the dashboard: rows from the services, lamps, sorting, paging, grouping."""

from __future__ import annotations

from datetime import date

from sciplan_tui.store.queries import TaskFilter
from sciplan_tui.tui.screens.dashboard import DashboardView, plan_choice
from sciplan_tui.tui.screens.main import MainScreen
from sciplan_tui.tui.screens.views import DetailScreen, DueSoonView, FilteredView, MonthView, OverdueView
from sciplan_tui.tui.widgets import task_table

from .conftest import drive, settle, task_by_code


def header_x(table, column) -> int:
    """The x offset of a column's header cell (by key or index), for clicking it."""
    columns = list(table.columns.values())
    index = column if isinstance(column, int) else [c.key.value for c in columns].index(column)
    return sum(c.get_render_width(table) for c in columns[:index]) + 1


def test_overdue_view_sorts_by_header_click_and_key(ledger):
    async def scenario(app, pilot):
        await pilot.press("o")
        await settle(pilot)
        view = app.screen
        assert isinstance(view, OverdueView)
        table = view.table
        assert table.total == ledger.count(TaskFilter(overdue=True))
        first = table.cursor_task
        assert first.due_date == date(2021, 12, 31)  # sorted by due date, oldest first
        due_cell = table.get_cell(f"task:{first.id}", "due")
        assert due_cell.style == table.get_component_rich_style("task-table--overdue", partial=True)
        await pilot.click("#view-table", offset=(header_x(table, "progress"), 0))
        await settle(pilot)
        assert (table.sort_key, table.desc) == ("progress", False)
        await pilot.press("S")  # next sortable column
        await settle(pilot)
        assert table.sort_key == "due"
        await pilot.press("R")
        await settle(pilot)
        expected = ledger.tasks(TaskFilter(overdue=True), sort=table.sort_key, desc=table.desc, limit=1)[0]
        assert table.coordinate_to_cell_key((0, 0)).row_key.value == f"task:{expected.id}"
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)

    drive(ledger, scenario)


def test_a_table_sorts_by_its_lead_departments_column(ledger):
    async def scenario(app, pilot):
        await pilot.press("o")
        await settle(pilot)
        table = app.screen.table
        await pilot.click("#view-table", offset=(header_x(table, "leads"), 0))
        await settle(pilot)
        assert table.sort_key == "lead"
        expected = ledger.tasks(TaskFilter(overdue=True), sort="lead", limit=1)[0]
        assert table.coordinate_to_cell_key((0, 0)).row_key.value == f"task:{expected.id}"

    drive(ledger, scenario)


def test_table_pages_as_the_cursor_moves(ledger, monkeypatch):
    monkeypatch.setattr(task_table, "PAGE", 30)

    async def scenario(app, pilot):
        await pilot.press("o")
        await settle(pilot)
        table = app.screen.table
        assert table.row_count == 30 and table.has_more
        await pilot.press("G")  # the cursor near the end fetches the next page
        await settle(pilot)
        assert table.row_count > 30

    drive(ledger, scenario)


def test_due_within_n_days(ledger):
    a1 = task_by_code(ledger, "A1.1")
    ledger.set_tasks([a1.id], due_date=date(2026, 12, 10), note="调整")
    ledger.set_tasks([task_by_code(ledger, "A1.2").id], due_date=date(2027, 2, 1), note="调整")

    async def scenario(app, pilot):
        await pilot.press("w")
        await settle(pilot)
        view = app.screen
        assert isinstance(view, DueSoonView)
        assert [r.id for r in view.table.visible_rows()] == [a1.id]
        assert app.focused is view.query_one("#due-days")  # typed at once, as the docs say
        await pilot.press("3", "m", "enter")
        await settle(pilot)
        assert app.focused is view.table
        assert view.days == 90 and view.table.total == 2
        assert "90 天内到期" in str(view.query_one("#view-title").render())

    drive(ledger, scenario)


def test_month_view_groups_by_month(ledger):
    async def scenario(app, pilot):
        await pilot.press("m")
        await settle(pilot)
        view = app.screen
        assert isinstance(view, MonthView)
        keys = [k.value for k in view.table.rows]
        months = [k for k in keys if k.startswith("month:")]
        assert months == ["month:2021-12", "month:2022-12", "month:2023-12", "month:2025-12"]
        header = view.table.get_row("month:2025-12")[1]
        assert str(header) == "2025-12（183 项）"
        await pilot.press("j", "enter")  # the first task; Enter opens it
        await settle(pilot)
        assert isinstance(app.screen, DetailScreen)
        await pilot.press("p", "backspace", *"30", "enter")  # edit keys work on the opened task
        await settle(pilot)
        assert ledger.task(app.screen.row.id).task.progress == 30
        await pilot.press("escape")
        assert isinstance(app.screen, MonthView)

    drive(ledger, scenario)


def test_dashboard_counts_sorts_and_opens_a_department(ledger):
    async def scenario(app, pilot):
        await pilot.press("b")
        await settle(pilot)
        view = app.screen
        assert isinstance(view, DashboardView)
        depts = view.lines["depts"]
        assert [d.name for d in depts] == [d.name for d in ledger.departments("澧县")]
        items = view.lines["items"]
        assert sum(line.total for line in items) == ledger.count(TaskFilter(plan="澧县", kinds=("action", "project")))
        x = header_x(view.table("depts"), 1)
        await pilot.click("#depts", offset=(x, 0))  # 牵头 header: ascending
        await pilot.click("#depts", offset=(x, 0))  # again: descending
        await settle(pilot)
        leads = [line.total for line in view.lines["depts"]]
        assert leads == sorted(leads, reverse=True)
        assert "0%" in str(view.table("depts").get_row_at(0)[-1])  # the done bar: nothing done yet
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, FilteredView)
        assert app.screen.table.total == leads[0]

    drive(ledger, scenario)


def test_dashboard_counts_follow_the_data_and_the_plan_selector_keeps_years_whole(ledger):
    from .conftest import task_by_code

    a1 = task_by_code(ledger, "A1.1")

    async def scenario(app, pilot):
        await pilot.press("b")
        await settle(pilot)
        view = app.screen
        line = next(d for d in view.lines["depts"] if d.name == "县教育局")
        before = line.overdue
        ledger.set_tasks([a1.id], status="done", note="完成")
        await pilot.press("ctrl+r")
        await settle(pilot)
        line = next(d for d in view.lines["depts"] if d.name == "县教育局")
        dept = next(d for d in ledger.departments("澧县") if d.name == "县教育局")
        assert (line.overdue, line.by_status) == (before - 1, dept.by_status)  # the `sciplan depts` query
        assert str(view.query_one("#dash-plan").selection) == "澧县"
        assert plan_choice(ledger.plans()[0]) == "澧县（2021—2025）"  # short: a year is never wrapped

    drive(ledger, scenario)


def test_G_goes_to_the_real_last_task(ledger, monkeypatch):
    from sciplan_tui.tui.widgets import task_table

    monkeypatch.setattr(task_table, "PAGE", 20)
    last = ledger.tasks(TaskFilter(overdue=True), sort="due")[-1]

    async def scenario(app, pilot):
        await pilot.press("o")
        await settle(pilot)
        table = app.screen.table
        assert table.fetched < table.total
        await pilot.press("G")
        await settle(pilot)
        assert table.cursor_task.id == last.id and table.fetched == table.total
        monkeypatch.setattr(task_table, "LAST_FETCH_LIMIT", -1)  # a huge list: turned round instead
        await pilot.press("G")
        await settle(pilot)
        assert table.desc and table.cursor_row == 0

    drive(ledger, scenario)


def test_export_asks_before_overwriting_a_file(ledger, tmp_path):
    from sciplan_tui.tui.screens.prompts import ConfirmDialog, ExportDialog

    out = tmp_path / "ledger.csv"
    out.write_text("keep me")

    async def scenario(app, pilot):
        await pilot.press("o", "e")
        await settle(pilot)
        app.screen.query_one("#export-path").value = str(out)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog) and "已存在" in app.screen.question
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, ExportDialog)
        assert out.read_text() == "keep me"
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)

    drive(ledger, scenario)
    assert out.read_bytes().startswith(b"\xef\xbb\xbf")


def test_dashboard_opens_on_the_cursors_plan_and_lists_the_plans_when_the_selector_is_used(ledger):
    from .conftest import settle as settled

    async def scenario(app, pilot):
        await pilot.press("j", "j", "b")  # the cursor on the third plan
        await settled(pilot)
        view = app.screen
        third = ledger.plans()[2]
        assert view.plan == third.code and not view.listed
        assert [d.name for d in view.lines["depts"]] == [d.name for d in ledger.departments(third.code)]
        select = view.query_one("#dash-plan")
        assert len(select._options) == 1  # the others are read when the selector is first used
        select.focus()
        await settled(pilot)
        assert view.listed and [o[1] for o in select._options] == [p.code for p in ledger.plans()]
        assert view.plan == third.code
        select.value = ledger.plans()[0].code
        await settled(pilot)
        assert [d.name for d in view.lines["depts"]] == [d.name for d in ledger.departments(ledger.plans()[0].code)]

    drive(ledger, scenario)


def test_the_dashboard_is_built_before_b_and_keys_stay_live(ledger):
    """Once the app is idle the dashboard is composed out of sight (not counted): `b` only switches
    to that screen, which counts the plan the cursor is in *then*; Esc and `j` answer at once."""
    import time

    async def until(pilot, condition, what: str) -> None:  # type: ignore[no-untyped-def]
        deadline = time.monotonic() + 10
        while not condition():
            assert time.monotonic() < deadline, f"{what}: not within 10 s"
            await pilot.pause(0.05)

    async def scenario(app, pilot):
        await until(pilot, lambda: app.prebuilt is not None and app.prebuilt.is_mounted, "the dashboard built")
        built = app.prebuilt
        await until(pilot, lambda: built.query("#depts") and built.table("depts").columns, "the dashboard composed")
        assert isinstance(app.screen, MainScreen) and not built.shown and not built.lines["depts"]
        await pilot.press("j", "j")  # the cursor to the third plan, after the dashboard was built
        await pilot.press("b")
        assert app.screen is built  # switched to, not composed again
        third = ledger.plans()[2]
        await until(pilot, lambda: built.lines["depts"], "the counts")
        assert built.plan == third.code
        assert [d.name for d in built.lines["depts"]] == [d.name for d in ledger.departments(third.code)]
        await pilot.press("escape", "j")
        assert isinstance(app.screen, MainScreen)
        assert app.screen.plan_tree.cursor_plan_row().code == ledger.plans()[3].code

    drive(ledger, scenario)
