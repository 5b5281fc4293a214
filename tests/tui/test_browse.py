"""Browsing: the lazy tree, vi keys, department grouping, the detail pane, find, help and the palette."""

from __future__ import annotations

from datetime import date

from sciplan_tui.i18n import set_lang
from sciplan_tui.store.queries import TaskFilter
from sciplan_tui.store.rows import DeptRow, PlanRow, TaskRow
from sciplan_tui.tui.screens.main import MainScreen
from sciplan_tui.tui.screens.prompts import HelpScreen
from sciplan_tui.tui.screens.views import OverdueView
from sciplan_tui.tui.widgets.plan_tree import Tasks

from .conftest import drive, open_first_task, settle, task_by_code, text_of


def test_lazy_tree_vi_keys_and_detail(ledger):
    a12 = task_by_code(ledger, "A1.2")
    ledger.set_tasks([a12.id], due_date=date(2026, 11, 30), note="调整")

    async def scenario(app, pilot):
        screen = app.screen
        tree = screen.plan_tree
        plans = [n.data for n in tree.root.children]
        assert [p.code for p in plans] == [p.code for p in ledger.plans()]
        assert all(isinstance(p, PlanRow) and not n.children for p, n in zip(plans, tree.root.children, strict=True))
        await open_first_task(pilot)
        assert tree.cursor_task.full_code == "澧县-A1.1"
        label = str(tree.render_label(tree.cursor_node, tree.rich_style, tree.rich_style))
        assert label.startswith(" ○ A1.1 2025-12-31 弘扬科学精神")
        assert len(tree.root.children[1].children) == 0  # other plans are still not loaded
        detail = screen.detail
        assert "逾期 327 天" in text_of(detail.part("due")) and detail.part("due").has_class("-overdue")
        people = text_of(detail.part("people"))
        assert "牵头单位：县教育局、县科协、团县委" in people and "参加单位：县人社局" in people
        assert ledger.task(tree.cursor_task.id).body[:12] in text_of(detail.part("body"))
        await pilot.press("j")
        await settle(pilot)
        assert detail.detail.task.id == a12.id
        assert "精准推进各阶段科学教育" in text_of(detail.part("title"))
        assert detail.part("due").has_class("-due-soon") and "剩 7 天" in text_of(detail.part("due"))
        await pilot.press("j", "j", "j", "j")
        await settle(pilot)
        assert detail.detail.task.code == "A1.6"
        assert "到2025年完成科技辅导员培训" in text_of(detail.part("targets"))
        assert "已完成 待填" in text_of(detail.part("targets"))
        await pilot.press("k")
        await settle(pilot)
        assert detail.detail.task.code == "A1.5"
        await pilot.press("h")  # to the parent item
        assert isinstance(tree.cursor_node.data, Tasks)
        await pilot.press("h")  # collapse it
        assert not tree.cursor_node.is_expanded
        await pilot.press("tab")
        assert app.focused is detail

    drive(ledger, scenario)


def test_group_by_department(ledger):
    async def scenario(app, pilot):
        await pilot.press("g")
        await settle(pilot)
        tree = app.screen.plan_tree
        assert tree.grouping == "dept"
        await pilot.press("l")
        await settle(pilot)
        depts = [n.data for n in tree.root.children[0].children]
        assert depts and all(isinstance(d, DeptRow) for d in depts)
        first = depts[0]
        await pilot.press("l", "l")  # to the first department, expand it
        await settle(pilot)
        await pilot.press("l", "l")  # to 牵头 n, expand it
        await settle(pilot)
        node = tree.cursor_node
        rows = [c.data for c in node.children if isinstance(c.data, TaskRow)]
        assert len(rows) == first.leads
        assert all(first.name in r.leads for r in rows)
        assert "牵头" in str(node.label)

    drive(ledger, scenario)


def test_find_filters_as_you_type_and_escape_returns(ledger):
    async def scenario(app, pilot):
        screen = app.screen
        await pilot.press("slash")
        assert app.focused is screen.find_box
        await pilot.press(*"农民")
        await settle(pilot)
        assert screen.finding
        expected = ledger.count(TaskFilter(text="农民"))
        assert screen.results.total == expected
        assert f"找到 {expected} 项" in text_of(app.screen.query_one("#left-caption"))
        await pilot.press("enter")
        await settle(pilot)
        assert app.focused is screen.results
        assert screen.detail.detail is not None
        await pilot.press("escape")
        assert not screen.finding and screen.find_box.value == ""
        await pilot.press("slash", *"县地震局")  # departments match too
        await settle(pilot)
        rows = screen.results.visible_rows()
        assert rows and all("县地震局" in r.leads + r.participants for r in rows)

    drive(ledger, scenario)


def test_help_lists_the_bindings_and_palette_runs_commands(ledger):
    async def scenario(app, pilot):
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        table = app.screen.query_one("#help-keys")
        described = {str(table.get_row_at(i)[1]) for i in range(table.row_count)}
        assert {"状态", "进展", "撤销", "逾期", "查找", "分组", "选中"} <= described, app.screen.rows
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"逾期")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, OverdueView)

    drive(ledger, scenario)


def test_english(ledger):
    set_lang("en")

    async def scenario(app, pilot):
        await open_first_task(pilot)
        text = text_of(app.screen.detail.part("due"))
        assert "days overdue" in text
        assert app.screen.find_box.placeholder.startswith("Find")

    try:
        drive(ledger, scenario)
    finally:
        set_lang("zh")


def test_long_lists_load_a_page_at_a_time(ledger, monkeypatch):
    from sciplan_tui.tui.widgets import plan_tree
    from sciplan_tui.tui.widgets.plan_tree import More

    monkeypatch.setattr(plan_tree, "PAGE", 4)

    async def scenario(app, pilot):
        await pilot.press("l", "l", "l", "l", "l")
        await settle(pilot)
        item = app.screen.plan_tree.cursor_node
        assert [type(c.data).__name__ for c in item.children] == ["TaskRow"] * 4 + ["More"]
        await pilot.press("j", "j", "j", "j", "j")  # A1.1 … A1.4, then the 更多 line
        assert isinstance(app.screen.plan_tree.cursor_node.data, More)
        await pilot.press("enter")
        await settle(pilot)
        assert [c.data.code for c in item.children] == ["A1.1", "A1.2", "A1.3", "A1.4", "A1.5", "A1.6"]

    drive(ledger, scenario)
