"""What you act on is what you see: marks counted and listed, hidden marks dropped, bulk edits
listed and confirmed, the detail pane on the cursor's task, counts fresh after a write."""

from __future__ import annotations

from sciplan_tui.store.rows import DeptRow
from sciplan_tui.tui.screens.dialogs import StatusDialog
from sciplan_tui.tui.screens.main import MainScreen
from sciplan_tui.tui.screens.prompts import ConfirmDialog, ListDialog

from .conftest import drive, notifications, open_first_task, settle, task_by_code, text_of


def caption(app) -> str:
    return text_of(app.screen.query_one("#left-caption"))


def test_space_marks_in_place_and_the_count_is_shown(ledger):
    async def scenario(app, pilot):
        await open_first_task(pilot)
        tree = app.screen.plan_tree
        await pilot.press("space")
        assert tree.cursor_task.code == "A1.1"  # the cursor did not move
        assert "已选 1 项" in caption(app)
        await pilot.press("j", "space")
        assert "已选 2 项" in caption(app)
        await pilot.press("M")
        await settle(pilot)
        assert isinstance(app.screen, ListDialog)
        listed = text_of(app.screen.query_one("#list-lines"))
        assert listed.splitlines() == ["澧县-A1.1  弘扬科学精神和科学家精神", "澧县-A1.2  精准推进各阶段科学教育"]
        await pilot.press("escape", "x")
        assert "已选" not in caption(app)

    drive(ledger, scenario)


def test_collapsing_unmarks_hidden_tasks_so_s_acts_on_the_cursor(ledger):
    async def scenario(app, pilot):
        await open_first_task(pilot)
        tree = app.screen.plan_tree
        await pilot.press("space", "j", "space")
        await pilot.press("h", "h", "h", "h", "h", "h")  # up to 澧县 and collapse it
        await settle(pilot)
        assert tree.cursor_node.data.code == "澧县" and not tree.cursor_node.is_expanded
        assert not tree.marked and "已选" not in caption(app)
        assert any("2 项已取消选中" in n for n in notifications(app))
        await pilot.press("j", "l", "l", "l", "l", "l", "l")  # 彭水自治县 → … → A1.1
        await settle(pilot)
        assert tree.cursor_task.full_code == "彭水自治县-A1.1"
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, StatusDialog)
        assert "彭水自治县-A1.1" in app.screen.title_text

    drive(ledger, scenario)


def test_bulk_dialog_lists_its_targets_and_asks_before_writing(ledger):
    a1, a3 = task_by_code(ledger, "A1.1"), task_by_code(ledger, "A1.3")

    async def scenario(app, pilot):
        await open_first_task(pilot)
        await pilot.press("space", "j", "j", "space", "s")
        await settle(pilot)
        dialog = app.screen
        assert isinstance(dialog, StatusDialog) and "2 项任务" in dialog.title_text
        listed = text_of(dialog.query_one("#dialog-target-lines")).splitlines()
        assert [line.split()[0] for line in listed] == ["澧县-A1.1", "澧县-A1.3"]
        await pilot.press("down", *"统一推进", "enter")  # 进行中, with a note typed on the list
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        assert "状态 → ◐ 进行中" in app.screen.question
        await pilot.press("n")  # not yet: back to the dialog, the note kept
        await settle(pilot)
        assert isinstance(app.screen, StatusDialog)
        assert app.screen.query_one("#status-note").value == "统一推进"
        assert ledger.task(a1.id).task.status == "not_started"
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen) and "已修改 2 项任务" in notifications(app)

    drive(ledger, scenario)
    assert {ledger.task(i).task.status for i in (a1.id, a3.id)} == {"in_progress"}
    assert ledger.task(task_by_code(ledger, "A1.2").id).task.status == "not_started"


def test_cancelling_one_task_asks_first(ledger):
    a1 = task_by_code(ledger, "A1.1")

    async def scenario(app, pilot):
        await open_first_task(pilot)
        await pilot.press("s", "end", "enter")  # – 已取消
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog) and "已取消" in app.screen.question
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)

    drive(ledger, scenario)
    assert ledger.task(a1.id).task.status == "not_started"


def test_status_note_typed_before_tab_is_kept(ledger):
    """The recipe in docs/tui.md: `s Down Down 已通过验收 Enter` marks the task done with that note."""
    a1 = task_by_code(ledger, "A1.1")

    async def scenario(app, pilot):
        await open_first_task(pilot)
        await pilot.press("s", "down", "down", *"已通过验收", "enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)

    drive(ledger, scenario)
    detail = ledger.task(a1.id)
    assert detail.task.status == "done" and detail.notes[0].text == "已通过验收"


def test_detail_follows_the_cursor_after_find_and_grouping(ledger):
    async def scenario(app, pilot):
        await open_first_task(pilot)
        screen = app.screen
        await pilot.press("slash", *"老年人", "enter")
        await settle(pilot)
        found = screen.results.cursor_task
        assert found is not None and screen.detail.detail.task.id == found.id
        await pilot.press("escape")
        await settle(pilot)
        assert screen.plan_tree.cursor_task.code == "A1.1"
        assert screen.detail.detail.task.full_code == "澧县-A1.1"
        await pilot.press("g")
        await settle(pilot)
        assert screen.plan_tree.cursor_task is None and screen.detail.detail is None
        assert "选中左侧的任务" in text_of(screen.detail.part("code"))

    drive(ledger, scenario)


def test_department_counts_follow_a_write(ledger):
    a1 = task_by_code(ledger, "A1.1")

    async def scenario(app, pilot):
        await pilot.press("g", "l")
        await settle(pilot)
        tree = app.screen.plan_tree
        node = next(
            n for n in tree.root.children[0].children if isinstance(n.data, DeptRow) and n.data.name == "县教育局"
        )
        before = node.data.overdue
        assert f"逾期 {before}" in str(node.label)
        ledger.set_tasks([a1.id], status="done", note="完成")
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert node.data.overdue == before - 1
        assert f"逾期 {before - 1}" in str(node.label)
        dept = next(d for d in ledger.departments("澧县") if d.name == "县教育局")
        assert node.data == dept  # the same query as `sciplan depts`

    drive(ledger, scenario)
