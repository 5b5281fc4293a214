"""An escape sequence in a task title, a department name or a note is shown, never sent to the terminal."""

from __future__ import annotations

import sqlite3

from .conftest import drive, open_first_task, settle

CLEAR = "\x1b[2J\x1b[H"


def test_an_escape_sequence_in_a_title_and_a_note_is_shown_as_text(ledger, ledger_path):
    ledger.add_note(ledger.tasks()[0].id, f"进展{CLEAR}假通知")
    with sqlite3.connect(ledger_path) as conn:
        conn.execute("UPDATE task SET title = ? || title WHERE id = (SELECT MIN(id) FROM task)", (CLEAR,))
        conn.execute("UPDATE department SET name = name || '\x1b[8m' WHERE name = '县教育局'")
    screens: list[str] = []

    async def scenario(app, pilot):
        await open_first_task(pilot)
        await settle(pilot)
        screens.append(app.export_screenshot())

    drive(ledger, scenario)
    svg = screens[0]
    assert "\x1b" not in svg
    assert "\\x1b[2J" in svg.replace("&#160;", " ")
