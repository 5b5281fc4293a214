"""A clerk's screen: 80×24, every key reachable, labels shortened with "…", messages in Chinese."""

from __future__ import annotations

from rich.cells import cell_len

from sciplan_tui.tui.screens.main import MainScreen
from sciplan_tui.tui.screens.prompts import HelpScreen
from sciplan_tui.tui.screens.views import DetailScreen

from .conftest import drive, notifications, open_first_task, settle, text_of

SMALL = (80, 24)


def footer_keys(app) -> list[str]:
    from textual.widgets._footer import FooterKey

    return [key.key_display for key in app.screen.query(FooterKey)]


def test_80x24_gives_the_tree_the_width_and_the_footer_the_main_keys(ledger):
    async def scenario(app, pilot):
        screen = app.screen
        assert screen.compact and not screen.detail.display
        assert screen.query_one("#left-pane").size.width == 80
        shown = footer_keys(app)
        for key in ("space", "/", "?", "s", "n", "o", "b", "q"):
            assert key in shown, shown
        footer = app.screen.query_one("Footer")
        assert sum(k.size.width for k in footer.query("FooterKey")) <= 80  # nothing cut off
        await open_first_task(pilot)
        tree = screen.plan_tree
        label = tree.render_label(tree.cursor_node, tree.rich_style, tree.rich_style)
        assert "弘扬科学精神和科学家精神" in label.plain  # the tree has room for titles
        await pilot.press("enter")  # no detail pane: Enter opens the task
        await settle(pilot)
        assert isinstance(app.screen, DetailScreen) and app.screen.row.full_code == "澧县-A1.1"
        await pilot.press("escape", "v")  # v shows the detail pane again
        await settle(pilot)
        assert screen.detail.display and screen.detail.detail.task.full_code == "澧县-A1.1"

    drive(ledger, scenario, size=SMALL)


def test_long_labels_end_with_an_ellipsis_within_the_pane(ledger):
    async def scenario(app, pilot):
        await open_first_task(pilot)
        tree = app.screen.plan_tree
        room = tree.scrollable_content_region.width
        for node in tree.task_nodes():
            text = tree.render_label(node, tree.rich_style, tree.rich_style).plain
            assert cell_len(text) <= room
        cut = [tree.render_label(n, tree.rich_style, tree.rich_style).plain for n in tree.task_nodes()]
        assert any(text.endswith("…") for text in cut)

    drive(ledger, scenario, size=(100, 30))


def test_help_palette_and_quit_hint_speak_chinese(ledger):
    async def scenario(app, pilot):
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        rows = app.screen.rows
        assert all(not desc.isascii() for _k, desc in rows), rows  # no library English left
        assert {"跳转", "列出选中", "详情栏", "命令", "刷新"} <= {d for _k, d in rows}
        await pilot.press("escape", "ctrl+p")
        await settle(pilot)
        assert app.screen.query_one("CommandInput").placeholder == "搜索命令……"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        app.action_help_quit()
        await settle(pilot)
        assert "按 q 或 Ctrl+Q 退出" in notifications(app)
        assert "sciplan.db" in app.sub_title  # the header names the open store

    drive(ledger, scenario)


def test_export_file_errors_are_in_chinese(ledger, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")

    async def scenario(app, pilot):
        await open_first_task(pilot)
        await pilot.press("e")
        await settle(pilot)
        app.screen.query_one("#export-path").value = str(blocker / "out.csv")
        await pilot.press("enter")
        await settle(pilot)
        shown = " ".join(notifications(app))
        assert "无法写入" in shown and "Errno" not in shown and "Not a directory" not in shown

    drive(ledger, scenario)


def test_the_detail_text_of_a_task_is_not_english(ledger):
    async def scenario(app, pilot):
        await open_first_task(pilot)
        assert "任务内容" in text_of(app.screen.detail.part("body"))

    drive(ledger, scenario)
