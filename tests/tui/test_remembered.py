"""Grouping, open nodes, the cursor's task and the last view come back on the next run on a store."""

from __future__ import annotations

import asyncio
import json

from sciplan_tui.tui import make_app
from sciplan_tui.tui.screens.views import OverdueView

from .conftest import SIZE, open_first_task, settle


def run(ledger, state, scenario) -> None:
    app = make_app(ledger, poll_interval=0, remember=state)

    async def main() -> None:
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await scenario(app, pilot)

    asyncio.run(main())


def test_the_next_run_opens_where_the_last_one_was_left(ledger, tmp_path):
    state = tmp_path / "state" / "tui-state.json"

    async def first(app, pilot):
        await open_first_task(pilot)
        await pilot.press("j", "j")
        await settle(pilot)
        assert app.screen.plan_tree.cursor_task.code == "A1.3"
        await pilot.press("q")

    async def second(app, pilot):
        tree = app.screen.plan_tree
        assert tree.cursor_task is not None and tree.cursor_task.full_code == "澧县-A1.3"
        assert app.screen.detail.detail.task.full_code == "澧县-A1.3"
        await pilot.press("g", "o")  # regroup and leave on the overdue view
        await settle(pilot)
        await pilot.press("q")

    async def third(app, pilot):
        assert isinstance(app.screen, OverdueView)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen.plan_tree.grouping == "dept"

    run(ledger, state, first)
    saved = json.loads(state.read_text(encoding="utf-8"))
    assert list(saved) == [ledger.location] and "plan:澧县" in saved[ledger.location]["open_nodes"]
    run(ledger, state, second)
    run(ledger, state, third)


def test_a_damaged_state_file_is_an_empty_memory(ledger, tmp_path):
    state = tmp_path / "tui-state.json"
    state.write_text("{not json", encoding="utf-8")

    async def scenario(app, pilot):
        assert app.screen.plan_tree.grouping == "plan"

    run(ledger, state, scenario)
