"""Hostile content (issue 13, item 5): stored text never drives the terminal, every CSV is Excel-safe.

A department can put an ESC sequence into a note, and an imported document or a returned sheet into a
title or a department name. Every command shows it as a visible escape (`\\x1b`), never obeys it.
"""

from __future__ import annotations

import csv
import io
import re
import sqlite3
from pathlib import Path

import pytest

from tests.cli.conftest import Cli

CLEAR = "\x1b[2J\x1b[H"  # clear the screen, cursor home
TITLE = "\x1b]0;pwned\x07标题\x9b31m"  # set the window title, a bell, a one-byte CSI
DEPT = "县教育局\x1b[8m"  # concealed text from here on


@pytest.fixture
def hostile(seeded_db: Path) -> Cli:
    """The seeded store with an ESC in a note, a task title and a department name (A1.1 of 澧县)."""
    cli = Cli(str(seeded_db))
    assert cli("note", "澧县-A1.1", f"已部署{CLEAR}假消息").exit_code == 0
    with sqlite3.connect(seeded_db) as conn:
        conn.execute("UPDATE task SET title = title || ? WHERE id = (SELECT MIN(id) FROM task)", (TITLE,))
        conn.execute("UPDATE department SET name = ? WHERE name = '县教育局'", (DEPT,))
    return cli


def _tty(cli: Cli, *args: str):  # type: ignore[no-untyped-def]
    """As on a terminal: click strips ANSI codes only from output that is not one (color=True keeps them)."""
    from typer.testing import CliRunner

    from sciplan_tui.cli import app

    return CliRunner().invoke(app, ["--db", cli.db, "--as", "clerk", *args], color=True)


def _harmless(result) -> str:  # type: ignore[no-untyped-def]
    out = result.stdout + (result.stderr or "")
    assert result.exit_code == 0, out
    for char in ("\x1b", "\x07", "\x9b"):
        assert char not in out, f"{char!r} reached the terminal:\n{out!r}"
    return out


@pytest.mark.parametrize(
    "args",
    [
        ("tasks", "--plan", "澧县"),
        ("show", "澧县-A1.1"),
        ("history",),
        ("history", "澧县-A1.1"),
        ("depts", "--plan", "澧县"),
        ("due", "--within", "3650d"),
        ("report", "monthly", "--plan", "澧县"),
        ("report", "monthly", "--plan", "澧县", "--format", "md"),
        ("remind", "--dept", DEPT, "--plan", "澧县"),
        ("duban", "status", "--plan", "澧县"),
    ],
)
def test_control_characters_are_shown_as_escapes_by_every_command(hostile, args):
    out = _harmless(_tty(hostile, *args))
    assert "\\x1b" in out


def test_a_dept_name_in_an_error_message_is_shown_harmlessly(hostile):
    result = _tty(hostile, "tasks", "--dept", "无此部门\x1b[2J")
    assert result.exit_code == 3
    assert "\x1b" not in result.output and "无此部门\\x1b[2J" in result.output


@pytest.mark.parametrize(
    "args", [("tasks", "--plan", "澧县", "--csv"), ("history", "--csv"), ("depts", "--csv"), ("plans", "--csv")]
)
def test_every_csv_listing_is_excel_safe(hostile, args):
    assert hostile("note", "澧县-A1.2", '=HYPERLINK("http://x","点此")').exit_code == 0
    assert hostile("note", "澧县-A1.3", " \x00+cmd|' /C calc'!A0").exit_code == 0
    result = hostile(*args)
    assert result.exit_code == 0, result.output
    data = result.stdout_bytes  # (click's .stdout turns CRLF into LF)
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.count(b"\r\n") >= 2 and data.count(b"\n") == data.count(b"\r\n")
    from sciplan_tui.csvsafe import needs_escape

    for row in csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")):
        for cell in row:
            number = re.fullmatch(r"-?\d+(\.\d+)?", cell)  # a negative number is data, not a formula
            assert number or not needs_escape(cell) or cell.startswith("'"), f"live formula {cell!r} in {args}"


# ---- absurd numbers are refused at input ---------------------------------------------------------


def _target_task(db: Path) -> str:
    with sqlite3.connect(db) as conn:
        return str(conn.execute("SELECT MIN(task_id) FROM target").fetchone()[0])


@pytest.mark.parametrize("value", ["inf", "nan", "-inf", "1e308", "1e400", "-5", "1e15"])
def test_an_absurd_achieved_value_is_refused_and_nothing_changes(seeded_db, value):
    cli = Cli(str(seeded_db))
    before = cli.dump()
    result = cli("target", _target_task(seeded_db), "--achieved", value)
    assert result.exit_code == 4, result.output
    assert cli.dump() == before


def test_a_sane_achieved_value_is_still_taken(seeded_db):
    cli = Cli(str(seeded_db))
    assert cli("target", _target_task(seeded_db), "--achieved", "12.5").exit_code == 0


@pytest.mark.parametrize(
    "bulk",
    [
        "code,progress\n澧县-A1.2,inf\n",
        "code,progress\n澧县-A1.2,NaN\n",
        '{"code": "澧县-A1.2", "progress": Infinity}\n',
        '{"code": "澧县-A1.2", "progress": NaN}\n',
        '{"code": "澧县-A1.2", "progress": 1e400}\n',
        "code,due\n澧县-A1.2,9999-12-31\n",
        "code,due\n澧县-A1.2,0001-01-01\n",
    ],
)
def test_absurd_numbers_and_dates_in_a_bulk_file_are_refused(seeded_db, bulk):
    cli = Cli(str(seeded_db))
    before = cli.dump()
    result = cli("set", "--from", "-", input=bulk)
    assert result.exit_code == 4, result.output
    assert cli.dump() == before


def test_an_absurd_due_date_on_the_command_line_is_refused(seeded_db):
    assert Cli(str(seeded_db))("set", "澧县-A1.2", "--due", "9999-12-31").exit_code == 4


@pytest.mark.parametrize(("column", "value"), [("进度%", "inf"), ("进度%", "nan"), ("截止日期", "9999-12-31")])
def test_absurd_values_in_an_edited_ledger_are_refused(seeded_db, tmp_path, column, value):
    cli = Cli(str(seeded_db))
    ledger = tmp_path / "ledger.csv"
    assert cli("export", "csv", "--plan", "澧县", "-o", str(ledger)).exit_code == 0
    rows = list(csv.reader(io.StringIO(ledger.read_text(encoding="utf-8-sig"), newline="")))
    rows[1][rows[0].index(column)] = value
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    ledger.write_text(buffer.getvalue(), encoding="utf-8-sig")
    before = cli.dump()
    result = cli("import", "csv", str(ledger))
    assert result.exit_code == 4, result.output
    assert cli.dump() == before


def test_json_escapes_every_control_character_and_keeps_the_data(hostile):
    import json

    assert hostile("note", "澧县-A1.2", "C1\x9b31m 与 bidi\u202e").exit_code == 0
    result = hostile("history", "--json")
    assert result.exit_code == 0
    for char in ("\x1b", "\x9b", "\u202e"):
        assert char not in result.stdout
    notes = [row["note"] or "" for row in json.loads(result.stdout)] + [
        row["new"] or "" for row in json.loads(result.stdout)
    ]
    assert any("\x9b31m" in n for n in notes) and any(CLEAR in n for n in notes)  # the data itself is exact


def test_a_csv_listing_read_on_a_terminal_shows_escapes(hostile, monkeypatch):
    from sciplan_tui.cli import common

    monkeypatch.setattr(common, "_isatty", lambda: True)
    out = _tty(hostile, "history", "--csv").stdout
    assert "\x1b" not in out and "\\x1b[2J" in out
