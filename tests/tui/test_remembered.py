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


def test_the_find_text_and_the_tables_sorts_are_remembered(ledger, tmp_path):
    state = tmp_path / "state" / "tui-state.json"

    async def first(app, pilot):
        await pilot.press("slash", *"县科协", "enter")
        await settle(pilot)
        await pilot.press("S")  # the results sorted by the next column (title), then reversed
        await pilot.press("R")
        await settle(pilot)
        results = app.screen.results
        assert (results.sort_key, results.desc) == ("title", True)
        await pilot.press("o", "S")  # the overdue view sorted by its next column
        await settle(pilot)
        assert app.screen.table.sort_key != "due"
        await pilot.press("escape", "q")

    async def second(app, pilot):
        screen = app.screen
        assert screen.find_box.value == "县科协" and screen.finding
        await settle(pilot)
        results = screen.results
        assert (results.sort_key, results.desc) == ("title", True)
        titles = [r.title for r in results.visible_rows()]
        assert titles == sorted(titles, reverse=True) and results.total > 1
        await pilot.press("o")
        await settle(pilot)
        assert app.screen.table.sort_key == sorts["overdue"][0]

    run(ledger, state, first)
    sorts = json.loads(state.read_text(encoding="utf-8"))[ledger.location]["sorts"]
    assert sorts["find"] == ["title", True] and sorts["overdue"][0] != "due"
    run(ledger, state, second)


def test_a_hand_edited_sort_is_ignored(ledger, tmp_path):
    state = tmp_path / "tui-state.json"
    state.write_text(
        json.dumps({ledger.location: {"sorts": {"overdue": ["nonsense", 3], "find": "x"}, "find": 5}}),
        encoding="utf-8",
    )

    async def scenario(app, pilot):
        assert not app.screen.finding
        await pilot.press("o")
        await settle(pilot)
        assert (app.screen.table.sort_key, app.screen.table.desc) == ("due", False)

    run(ledger, state, scenario)
