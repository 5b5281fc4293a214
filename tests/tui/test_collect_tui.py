"""The TUI takes the returned sheets back (command palette 收回进展表) and settles conflicts one by one."""

from __future__ import annotations

from sciplan_tui.services import TaskFilter
from sciplan_tui.tui.collect import CollectDialog, ConflictScreen
from tests.duban.sheetedit import edit, export

from .conftest import drive, notifications, settle


def _task(services, code):  # type: ignore[no-untyped-def]
    return next(r for r in services.tasks(TaskFilter(plan="澧县")) if r.code == code)


def test_collect_then_settle_each_conflict(ledger, tmp_path):  # type: ignore[no-untyped-def]
    sent = export(ledger, tmp_path / "out", plan="澧县")
    ledger.set_tasks([_task(ledger, "A1.1").id], status="done")  # changed after the sheets went out
    ledger.set_tasks([_task(ledger, "A1.2").id], progress=10)
    answers = tmp_path / "answers"
    answers.mkdir()
    edit(
        sent["县教育局"],
        answers / "jyj.xlsx",
        {"澧县-A1.1": {"进度%": 50}, "澧县-A1.2": {"进度%": 40}, "澧县-A1.3": {"本月进展": "已部署"}},
    )

    async def scenario(app, pilot):  # type: ignore[no-untyped-def]
        app.run_command("collect")
        await settle(pilot)
        assert isinstance(app.screen, CollectDialog)
        app.screen.query_one("#collect-path").value = str(answers)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ConflictScreen) and len(app.screen.conflicts) == 2
        await pilot.press("o")  # the first (A1.1): keep the ledger's value
        await settle(pilot)
        assert isinstance(app.screen, ConflictScreen) and len(app.screen.conflicts) == 1
        await pilot.press("t")  # the second (A1.2): take the department's
        await settle(pilot)
        assert not isinstance(app.screen, ConflictScreen)

    app = drive(ledger, scenario)
    assert _task(ledger, "A1.1").status == "done" and _task(ledger, "A1.1").progress == 100
    assert _task(ledger, "A1.2").progress == 40
    assert [n.text for n in ledger.task(_task(ledger, "A1.3").id).notes] == ["【县教育局】已部署"]
    assert any("冲突 2 处" in n for n in notifications(app))
