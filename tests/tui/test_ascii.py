"""ASCII stand-ins for ambiguous-width symbols: chosen by SCIPLAN_ASCII or a non-UTF-8 locale."""

from __future__ import annotations

from sciplan_tui.tui.format import bar, status_text
from sciplan_tui.tui.symbols import SYMBOLS, ascii_wanted, use_ascii

from .conftest import drive, open_first_task


def test_ascii_is_chosen_by_the_setting_or_the_locale():
    assert ascii_wanted({"SCIPLAN_ASCII": "1", "LANG": "zh_CN.UTF-8"})
    assert not ascii_wanted({"SCIPLAN_ASCII": "0", "LANG": "zh_CN.GB18030"})
    assert ascii_wanted({"LANG": "zh_CN.GB18030"})
    assert ascii_wanted({"LC_ALL": "zh_CN.gbk", "LANG": "zh_CN.UTF-8"})
    assert not ascii_wanted({"LANG": "zh_CN.UTF-8"}) and not ascii_wanted({"LANG": "en_US.utf8"})
    assert not ascii_wanted({})


def test_the_tree_draws_ascii_when_asked(ledger):
    async def scenario(app, pilot):
        await open_first_task(pilot)
        await pilot.press("space")
        tree = app.screen.plan_tree
        label = tree.render_label(tree.cursor_node, tree.rich_style, tree.rich_style).plain
        assert label.startswith("*o A1.1 2025-12-31")
        assert app.has_class("-ascii")
        assert app.screen.query_one("HeaderIcon").icon == "#"  # not the ambiguous-width ⭘
        plan = tree.render_label(tree.root.children[1], tree.rich_style, tree.rich_style).plain
        assert plan.startswith("+ 彭水自治县")
        assert status_text("done") == "v 已完成" and bar(0.5, 4) == "##--"

    use_ascii(True)
    try:
        drive(ledger, scenario)
    finally:
        use_ascii(False)
    assert not SYMBOLS.plain
