"""Live refresh: a write from another process shows up within ~2 s without disturbing the clerk."""

from __future__ import annotations

import subprocess
import sys
import time

from sciplan_tui.tui.screens.dialogs import NoteDialog

from .conftest import drive, open_first_task, settle, task_by_code, text_of

WRITER = """
import sys
from sciplan_tui.actor import Actor
from sciplan_tui.services import Services
from sciplan_tui.store import open_store
services = Services(open_store(sys.argv[1]), Actor("教育局小王"))
services.set_tasks([int(sys.argv[2])], status="done", note="另一台电脑上办结")
"""

# Conditions polled until a deadline: the refresh takes ~0.25 s; the deadline only bounds a failure on a loaded CI.
DEADLINE = 10.0


def test_write_from_another_process_appears(ledger, ledger_path):
    row = task_by_code(ledger, "A1.1")

    async def scenario(app, pilot):
        await open_first_task(pilot)
        app.screen.find_box.value = "科学"  # text in the find box must survive the refresh
        await pilot.press("escape")  # back to the tree (Esc clears the box, so type again)
        app.screen.find_box.insert_text_at_cursor("科学")
        await settle(pilot)
        app.screen.results.focus()
        await pilot.press("n")  # and so must an open dialog
        app.screen.query_one("#note-text").insert("写到一半")
        assert isinstance(app.screen, NoteDialog)
        subprocess.run([sys.executable, "-c", WRITER, str(ledger_path), str(row.id)], check=True)
        started = time.monotonic()
        tree = app.screen_stack[-2].plan_tree
        while tree.cursor_task.status != "done" and time.monotonic() - started < DEADLINE:
            await pilot.pause(0.1)
        assert tree.cursor_task.status == "done", f"not refreshed within {DEADLINE} s"
        assert isinstance(app.screen, NoteDialog)
        assert app.screen.query_one("#note-text").text == "写到一半"
        await pilot.press("escape")
        await settle(pilot)
        main = app.screen
        assert main.plan_tree.cursor_task.id == row.id  # the cursor stayed
        assert "另一台电脑上办结" in text_of(main.detail.part("notes"))
        assert main.find_box.value == "科学"
        assert "教育局小王" in text_of(main.detail.part("history"))

    drive(ledger, scenario, poll_interval=0.25)


IMPORTER = """
import sys
from sciplan_tui.actor import Actor
from sciplan_tui.importer import read_plan
from sciplan_tui.services import Services
from sciplan_tui.store import open_store
Services(open_store(sys.argv[1]), Actor("clerk")).import_plan(read_plan(sys.argv[2]))
"""


def test_a_plan_imported_elsewhere_appears_in_the_tree(ledger, ledger_path, tmp_path):
    from tests.conftest import SEEDS

    other = tmp_path / "青山县.txt"
    other.write_text(SEEDS[4].read_text(encoding="utf-8").replace("万年", "青山"), encoding="utf-8")

    async def scenario(app, pilot):
        await settle(pilot)
        tree = app.screen.plan_tree
        before = len(tree.root.children)
        subprocess.run([sys.executable, "-c", IMPORTER, str(ledger_path), str(other)], check=True)
        started = time.monotonic()
        while len(tree.root.children) == before and time.monotonic() - started < DEADLINE:
            await pilot.pause(0.1)
        assert len(tree.root.children) == before + 1
        assert "青山县" in str(tree.root.children[-1].label)

    drive(ledger, scenario, poll_interval=0.25)


def test_a_table_view_refreshes_in_the_background_keeping_cursor_and_marks(ledger):
    a13 = task_by_code(ledger, "A1.3")

    async def scenario(app, pilot):
        await pilot.press("o")
        await settle(pilot)
        table = app.screen.table
        await pilot.press("j", "j", "space")
        cursor, before = table.cursor_task, table.total
        ledger.set_tasks([a13.id], status="done", note="办结")
        app.refresh_views()
        deadline = time.monotonic() + DEADLINE
        while table.total == before and time.monotonic() < deadline:
            await pilot.pause()
        assert table.total == before - 1, f"not refreshed within {DEADLINE} s"
        assert table.cursor_task.id == cursor.id and cursor.id in table.marked
        assert "已选 1 项" in text_of(app.screen.query_one("#view-status"))

    drive(ledger, scenario)
