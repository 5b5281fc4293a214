"""Editing through dialogs: each writes through the services with the version the clerk saw."""

from __future__ import annotations

from sciplan_tui.tui.screens.dialogs import DueDialog, NoteDialog, ProgressDialog, StatusDialog, TargetDialog
from sciplan_tui.tui.screens.main import MainScreen
from sciplan_tui.tui.screens.prompts import ConfirmDialog, ConflictDialog

from .conftest import drive, notifications, open_first_task, settle, task_by_code, text_of


def test_status_done_needs_a_note_then_writes_and_cancel_writes_nothing(ledger):
    before = task_by_code(ledger, "A1.1")
    last = ledger.last_change_id()

    async def scenario(app, pilot):
        await open_first_task(pilot)
        await pilot.press("s", "down", "escape")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen) and ledger.last_change_id() == last
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, StatusDialog)
        await pilot.press("down", "down", "enter")  # 已完成, without a note
        assert isinstance(app.screen, StatusDialog)
        assert "须填写说明" in text_of(app.screen.query_one("#dialog-error"))
        app.screen.query_one("#status-note").value = "已通过验收"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert app.screen.plan_tree.cursor_task.status == "done"  # the tree shows the new row
        assert "● 已完成" in text_of(app.screen.detail.part("state"))

    drive(ledger, scenario)
    after = ledger.task(before.id)
    assert (after.task.status, after.task.progress) == ("done", 100)
    assert after.notes[0].text == "已通过验收"
    assert after.task.version == before.version + 1


def test_move_due_date_records_the_reason(ledger):
    row = task_by_code(ledger, "A1.1")

    async def scenario(app, pilot):
        await open_first_task(pilot)
        await pilot.press("d")
        assert isinstance(app.screen, DueDialog)
        dialog = app.screen
        dialog.query_one("#due-value").value = "下下辈子"
        dialog.query_one("#due-reason").value = "理由"
        await pilot.press("enter")
        assert "无法识别的日期" in text_of(dialog.query_one("#dialog-error"))
        dialog.query_one("#due-reason").value = ""
        dialog.query_one("#due-value").value = ""
        dialog.query_one("#due-value").focus()
        await pilot.press(*"明年底")
        assert "2027-12-31" in text_of(dialog.query_one("#due-preview"))
        await pilot.press("enter")  # no reason yet
        assert isinstance(app.screen, DueDialog)
        assert app.focused is dialog.query_one("#due-reason")
        dialog.query_one("#due-reason").value = "资金未到位"
        await pilot.press("enter")
        await settle(pilot)
        assert "2027-12-31" in text_of(app.screen.detail.part("due"))

    drive(ledger, scenario)
    detail = ledger.task(row.id)
    assert detail.task.due_date.isoformat() == "2027-12-31"
    assert detail.notes[0].text == "资金未到位"
    assert any(c.field == "due_date" and c.note == "资金未到位" for c in detail.history)


def test_note_progress_and_target(ledger):
    row = task_by_code(ledger, "A1.1")
    a16 = task_by_code(ledger, "A1.6")

    async def scenario(app, pilot):
        await open_first_task(pilot)
        await pilot.press("n")
        assert isinstance(app.screen, NoteDialog)
        await pilot.press(*"推进会", "enter", *"培训", "ctrl+s")  # Enter is a new line, Ctrl+S saves
        await settle(pilot)
        assert "推进会" in text_of(app.screen.detail.part("notes"))
        await pilot.press("p")
        assert isinstance(app.screen, ProgressDialog)
        app.screen.query_one("#progress-value").value = "150"
        await pilot.press("enter")
        assert isinstance(app.screen, ProgressDialog)
        assert "0 到 100" in text_of(app.screen.query_one("#dialog-error"))
        app.screen.query_one("#progress-value").value = "60"
        await pilot.press("enter")
        await settle(pilot)
        assert "60%" in text_of(app.screen.detail.part("state"))
        await pilot.press("t")  # A1.1 has no targets
        await settle(pilot)
        assert isinstance(app.screen, MainScreen) and "此任务没有量化指标" in notifications(app)
        await pilot.press("j", "j", "j", "j", "j", "t")
        await settle(pilot)
        assert isinstance(app.screen, TargetDialog)
        app.screen.query_one("#target-value").value = "1200"
        await pilot.press("enter")
        await settle(pilot)
        assert "已完成 1200" in text_of(app.screen.detail.part("targets"))

    drive(ledger, scenario)
    assert ledger.latest_notes([row.id])[row.id].text == "推进会\n培训"
    assert ledger.task(row.id).task.progress == 60
    assert ledger.task(a16.id).targets[0].achieved == 1200


def test_mark_several_change_them_together_then_undo(ledger):
    a1, a2 = task_by_code(ledger, "A1.1"), task_by_code(ledger, "A1.2")

    async def scenario(app, pilot):
        await open_first_task(pilot)
        await pilot.press("space", "j", "space")  # space marks where the cursor is
        tree = app.screen.plan_tree
        assert set(tree.marked) == {a1.id, a2.id}
        label = str(tree.render_label(tree.cursor_node.parent.children[0], tree.rich_style, tree.rich_style))
        assert label.startswith("✓")
        await pilot.press("s", "down", "enter")  # 进行中
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)  # several tasks: asked first, with the list
        assert "澧县-A1.2" in text_of(app.screen.query_one("#confirm-lines"))
        await pilot.press("y")
        await settle(pilot)
        assert not tree.marked
        assert "已修改 2 项任务" in notifications(app)
        assert {ledger.task(i).task.status for i in (a1.id, a2.id)} == {"in_progress"}
        await pilot.press("u")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmDialog)
        shown = text_of(app.screen.query_one("#confirm-lines"))
        assert "澧县-A1.1" in shown and "澧县-A1.2" in shown and "状态：未开始 → 进行中" in shown
        await pilot.press("y")
        await settle(pilot)
        assert tree.cursor_task.status == "not_started"

    drive(ledger, scenario)
    assert {ledger.task(i).task.status for i in (a1.id, a2.id)} == {"not_started"}


def test_concurrent_change_shows_theirs_against_yours_and_keeps_theirs(ledger):
    row = task_by_code(ledger, "A1.1")

    async def scenario(app, pilot):
        await open_first_task(pilot)  # the clerk sees version 1 (live polling is off here)
        ledger.set_tasks([row.id], status="blocked", note="另一处的修改")
        await pilot.press("s", "down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ConflictDialog)
        shown = text_of(app.screen.query_one("#conflict-lines"))
        assert "已被 clerk" in shown
        assert "状态：原为 ○ 未开始，他人改为 ✕ 受阻，你要改为 ◐ 进行中" in shown
        assert "progress" not in shown and "进度" not in shown  # only what they changed, in Chinese
        assert "status" not in shown and "note" not in shown
        await pilot.press("t")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        assert app.screen.plan_tree.cursor_task.status == "blocked"  # refreshed after the refusal

    drive(ledger, scenario)
    assert ledger.task(row.id).task.status == "blocked"


def test_conflict_apply_mine_or_edit_keeps_the_note(ledger):
    row = task_by_code(ledger, "A1.1")

    async def scenario(app, pilot):
        await open_first_task(pilot)
        ledger.set_tasks([row.id], status="blocked", note="另一处的修改")
        await pilot.press("p")
        app.screen.query_one("#progress-value").value = "40"
        app.screen.query_one("#progress-note").value = "已开两次会"
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ConflictDialog)
        await pilot.press("e")  # edit: the dialog again, with what was typed
        await settle(pilot)
        assert isinstance(app.screen, ProgressDialog)
        assert app.screen.query_one("#progress-value").value == "40"
        assert app.screen.query_one("#progress-note").value == "已开两次会"
        ledger.set_tasks([row.id], progress=10)  # and again someone is faster
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ConflictDialog)
        await pilot.press("m")  # apply mine over theirs
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)

    drive(ledger, scenario)
    detail = ledger.task(row.id)
    assert detail.task.progress == 40 and detail.notes[0].text == "已开两次会"


def test_a_failed_write_reopens_the_dialog_with_the_text(ledger, monkeypatch):
    from sciplan_tui.errors import StoreBusyError

    async def scenario(app, pilot):
        await open_first_task(pilot)
        real = ledger.update

        def broken(changes, **kw):
            monkeypatch.setattr(ledger, "update", real)
            raise StoreBusyError("store.busy", detail="locked")

        monkeypatch.setattr(ledger, "update", broken)
        await pilot.press("n", *"推进会", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, NoteDialog)
        assert app.screen.query_one("#note-text").text == "推进会"
        assert text_of(app.screen.query_one("#dialog-error"))
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)

    drive(ledger, scenario)


def test_a_failed_target_write_reopens_the_dialog_with_what_was_typed(ledger, monkeypatch):
    from sciplan_tui.errors import StoreBusyError

    a16 = task_by_code(ledger, "A1.6")

    async def scenario(app, pilot):
        await open_first_task(pilot)
        await pilot.press("j", "j", "j", "j", "j", "t")
        await settle(pilot)
        real = ledger.set_target

        def broken(*args, **kw):
            monkeypatch.setattr(ledger, "set_target", real)
            raise StoreBusyError("store.busy", detail="locked")

        monkeypatch.setattr(ledger, "set_target", broken)
        app.screen.query_one("#target-value").value = "1200"
        app.screen.query_one("#target-note").value = "教育局报来"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, TargetDialog)  # offered again: value, note and the reason
        assert app.screen.query_one("#target-value").value == "1200"
        assert app.screen.query_one("#target-note").value == "教育局报来"
        assert text_of(app.screen.query_one("#dialog-error"))
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)

    drive(ledger, scenario)
    assert ledger.task(a16.id).targets[0].achieved == 1200


def test_export_writes_utf8_bom_crlf(ledger, tmp_path):
    out = tmp_path / "ledger.csv"

    async def scenario(app, pilot):
        await open_first_task(pilot)
        await pilot.press("e")
        await settle(pilot)
        app.screen.query_one("#export-path").value = str(out)
        await pilot.press("enter")
        await settle(pilot)

    app = drive(ledger, scenario)
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data
    lines = data.decode("utf-8-sig").splitlines()
    # The ledger export service's columns: the same file as `sciplan export csv`.
    assert lines[0].startswith("ID,任务编号,实施方案,行动/工程,任务")
    assert len(lines) == 1 + 6 and ",澧县-A1.1,澧县," in lines[1] and "弘扬科学精神和科学家精神" in lines[1]
    assert any("已导出 6 行" in n for n in notifications(app))
