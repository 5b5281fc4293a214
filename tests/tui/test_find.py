"""Find by code, ID or several words in any field, scoped to where the cursor is; jump to a code."""

from __future__ import annotations

from sciplan_tui.tui.screens.prompts import JumpDialog

from .conftest import drive, open_first_task, settle, task_by_code, text_of


async def find(app, pilot, text: str) -> list[str]:
    app.screen.find_box.value = text
    await settle(pilot)
    return [r.full_code for r in app.screen.results.visible_rows()]


def test_find_by_code_id_and_several_words_in_any_field(ledger):
    a13 = task_by_code(ledger, "A1.3")
    pa1 = task_by_code(ledger, "A1.1", plan="彭水自治县")
    ledger.add_note(pa1.id, "专项督查已完成")
    a13s = sorted(r.full_code for r in ledger.tasks() if r.code == "A1.3")

    async def scenario(app, pilot):
        assert await find(app, pilot, "澧县-A1.3") == ["澧县-A1.3"]
        assert sorted(await find(app, pilot, "a1.3")) == a13s  # at the top level: every plan's A1.3
        assert "澧县-A1.3" in await find(app, pilot, str(a13.id))  # its ID (and any text with those digits)
        both = await find(app, pilot, "澧县 县科协")  # every word must match, each anywhere
        assert both and all(code.startswith("澧县-") for code in both)
        assert await find(app, pilot, "专项督查") == ["彭水自治县-A1.1"]  # notes too
        assert await find(app, pilot, "澧县 专项督查") == []
        assert "范围：全部方案" in text_of(app.screen.query_one("#left-caption"))

    drive(ledger, scenario)


def test_find_is_scoped_to_the_plan_the_cursor_is_in(ledger):
    async def scenario(app, pilot):
        everywhere = await find(app, pilot, "青少年")
        assert {code.split("-")[0] for code in everywhere} == {"澧县", "彭水自治县", "郴州市", "南湖新区", "万年县"}
        await pilot.press("escape")
        await open_first_task(pilot)
        inside = await find(app, pilot, "青少年")
        assert inside and all(code.startswith("澧县-") for code in inside)
        assert "范围：澧县" in text_of(app.screen.query_one("#left-caption"))
        assert await find(app, pilot, "A1.3") == ["澧县-A1.3"]

    drive(ledger, scenario)


def test_jump_to_a_code_or_an_id(ledger):
    a13 = task_by_code(ledger, "A1.3", plan="郴州市")

    async def scenario(app, pilot):
        tree = app.screen.plan_tree
        await pilot.press("colon", *"彭水自治县-A1.3", "enter")
        await settle(pilot)
        assert tree.cursor_task.full_code == "彭水自治县-A1.3"
        assert app.screen.detail.detail.task.full_code == "彭水自治县-A1.3"
        await pilot.press("ctrl+g", *"A2.1", "enter")  # a code alone: in the cursor's plan
        await settle(pilot)
        assert tree.cursor_task.full_code == "彭水自治县-A2.1"
        await pilot.press("colon", *str(a13.id), "enter")
        await settle(pilot)
        assert tree.cursor_task.full_code == "郴州市-A1.3"
        await pilot.press("colon", *"澧县-Z9", "enter")
        await settle(pilot)
        assert isinstance(app.screen, JumpDialog)  # not found: asked again, the text kept
        assert app.screen.query_one("#jump-code").value == "澧县-Z9"
        assert text_of(app.screen.query_one("#dialog-error"))

    drive(ledger, scenario)
