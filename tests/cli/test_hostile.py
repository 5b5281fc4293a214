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
