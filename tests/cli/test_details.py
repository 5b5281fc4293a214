"""The details a user trips on (issue 11): each test here failed before its fix."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from sciplan_tui.cli.table import fit_widths
from tests.cli.conftest import Cli

ANSI = re.compile(r"\x1b\[[0-9;]*m")


@pytest.fixture
def sq(seeded_db: Path) -> Cli:
    """The CLI on a SQLite copy of the seeded store (these tests are about output, not the engine)."""
    return Cli(str(seeded_db))


def test_plans_csv_does_not_crash(sq):
    result = sq("plans", "--csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout.lstrip("\ufeff"))))
    assert rows[0][:3] == ["id", "code", "title"] and len(rows) == 6


def _coloured(sq: Cli, monkeypatch, *args: str, no_color: bool = False) -> str:
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.setenv("TERM", "xterm-256color")
    if no_color:
        monkeypatch.setenv("NO_COLOR", "1")
    else:
        monkeypatch.delenv("NO_COLOR", raising=False)
    return sq(*args).stdout


def test_done_and_cancelled_tasks_are_not_painted_red(sq, monkeypatch):
    assert sq("set", "1", "--status", "done").exit_code == 0
    assert sq("set", "2", "--status", "cancelled").exit_code == 0
    out = _coloured(sq, monkeypatch, "tasks", "--plan", "澧县", "-n", "3")
    lines = {line.split()[0] if line.split() else "": line for line in out.splitlines()}
    red = "\x1b[31m"
    assert red not in lines[ANSI.sub("", "1")] and red not in out.splitlines()[2]
    assert red in out.splitlines()[3]  # task 3: open and past its date


def test_no_color_means_no_colour(sq, monkeypatch):
    out = _coloured(sq, monkeypatch, "tasks", "--overdue", "-n", "3", no_color=True)
    assert "\x1b[31m" not in out and "\x1b[33m" not in out


@pytest.mark.parametrize("command", [["tasks"], ["depts"], ["plans"], ["history"], ["due"]])
def test_tables_fit_80_columns(sq, monkeypatch, command):
    from rich.cells import cell_len

    sq("set", "1", "--status", "in_progress", "--note", "x" * 200)
    monkeypatch.setenv("COLUMNS", "80")
    out = sq(*command).stdout
    assert out.strip()
    assert max(cell_len(line) for line in out.splitlines()) <= 80


def test_fit_widths_gives_way_on_the_flex_column_first():
    widths = fit_widths(["ID", "标题", "状态"], [["1", "长" * 60, "进行中"]], 40, 1)
    assert widths[0] == 2 and widths[2] == 6 and sum(widths) + 2 * 3 <= 40


def test_the_cli_says_overdue_like_the_tui(sq):
    out = sq("tasks", "--plan", "澧县", "-n", "1").stdout
    assert "逾期 327 天" in out and "-327" not in out
    shown = sq("show", "澧县-A1.1").stdout
    assert "逾期 327 天" in shown and "-327" not in shown


def test_show_json_gives_the_full_code_like_tasks_json(sq):
    shown = json.loads(sq("show", "1", "--json").stdout)
    listed = json.loads(sq("tasks", "--plan", "澧县", "-n", "1", "--json").stdout)[0]
    assert shown["task"]["code"] == listed["code"] == "澧县-A1.1"
    assert set(listed) <= set(shown["task"])


def test_a_note_may_start_with_a_dash(sq):
    result = sq("note", "1", "-已电话催办")
    assert result.exit_code == 0, result.output
    assert json.loads(sq("show", "1", "--json").stdout)["task"]["id"] == 1
    assert "-已电话催办" in sq("show", "1").stdout


def test_impossible_states_are_refused_at_the_command_line(sq):
    for args in (["--status", "not_started", "--progress", "100"], ["--status", "done", "--progress", "10"]):
        result = sq("set", "1", *args)
        assert result.exit_code == 4, result.output
        assert "Traceback" not in result.output


# ---- --help: the same text whatever typer version pip installs ---------------------------------


def _commands(group, path=()):  # type: ignore[no-untyped-def]
    import typer.main

    from sciplan_tui.cli import app

    root = typer.main.get_command(app) if group is None else group
    for name, command in getattr(root, "commands", {}).items():
        yield (*path, name)
        yield from _commands(command, (*path, name))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_help_has_no_type_placeholders_and_speaks_the_language(sq, lang):
    for command in [(), *_commands(None)]:
        result = sq("--lang", lang, *command, "--help")
        assert result.exit_code == 0, (command, result.output)
        for bad in ("<str>", "<int>", "<list", "<path>", "{ref}", "{text}", "{file", "Show this message"):
            assert bad not in result.stdout, (command, bad)


# ---- bad input: a clear message and an exit code, never a traceback ------------------------------


def _no_traceback(result) -> None:  # type: ignore[no-untyped-def]
    text = result.output + (result.stderr if result.stderr_bytes is not None else "")
    assert "Traceback" not in text and "意外错误" not in text and "Unexpected error" not in text, text


def test_deeply_nested_json_in_a_bulk_file(sq, tmp_path):
    bulk = tmp_path / "bulk.jsonl"
    bulk.write_text('{"id": 1, "note": ' + "[" * 100_000 + "]" * 100_000 + "}\n")
    result = sq("set", "--from", str(bulk))
    assert result.exit_code == 4
    _no_traceback(result)


def test_a_csv_cell_over_the_field_limit(sq, tmp_path):
    big = tmp_path / "big.csv"
    big.write_text("id,note\n1," + "x" * 140_000 + "\n")
    for args in (["set", "--from", str(big)], ["import", "csv", str(big)]):
        result = sq(*args)
        assert result.exit_code == 4, result.output
        _no_traceback(result)


def test_a_device_is_not_a_plan_document(sq):
    for args in (["import", "plan", "/dev/zero", "--dry-run"], ["import", "plan", "/dev/zero"]):
        result = sq(*args)
        assert result.exit_code == 4 and "/dev/zero" in result.stderr
        _no_traceback(result)


def test_an_endless_input_is_refused(sq, monkeypatch):
    from sciplan_tui import textio

    monkeypatch.setattr(textio, "MAX_INPUT_BYTES", 1000)
    monkeypatch.setattr(textio.read_bytes, "__defaults__", (1000,))
    result = sq("set", "--from", "/dev/zero")
    assert result.exit_code == 4 and "/dev/zero" in result.stderr
    _no_traceback(result)


@pytest.mark.parametrize("command", [["tasks", "--limit"], ["history", "--limit"]])
def test_a_huge_limit(sq, command):
    result = sq(*command, str(10**23))
    assert result.exit_code == 4
    _no_traceback(result)


@pytest.mark.parametrize(("var", "value"), [("SCIPLAN_TODAY", "2026-13-01"), ("SCIPLAN_TZ", "Mars/Olympus")])
def test_bad_environment_is_an_error(sq, monkeypatch, var, value):
    from sciplan_tui import clock

    monkeypatch.setenv(var, value)
    clock.display_zone.cache_clear()
    try:
        result = sq("history", "-n", "1")
    finally:
        monkeypatch.delenv("SCIPLAN_TZ", raising=False)
        clock.display_zone.cache_clear()
    assert result.exit_code == 4 and var in result.stderr
    _no_traceback(result)


def test_english_messages_use_an_ascii_colon(sq):
    result = sq("--lang", "en", "set", "1", "--status", "flying")
    assert result.exit_code == 4 and result.stderr.startswith("Error: ") and "：" not in result.stderr


def test_stdout_on_a_full_disk_is_a_clear_error(seeded_db):
    import os
    import subprocess
    import sys

    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full here")
    main = "import sys; from sciplan_tui.cli import main; sys.argv = ['sciplan'] + sys.argv[1:]; main()"
    for args in (["tasks"], ["tasks", "--json"]):
        with open("/dev/full", "w") as full:
            done = subprocess.run(
                [sys.executable, "-c", main, "--db", str(seeded_db), *args],
                stdout=full,
                stderr=subprocess.PIPE,
                text=True,
                timeout=60,
            )
        assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
        assert "No space left on device" in done.stderr


def test_a_reader_that_stops_early_ends_the_listing_quietly(seeded_db):
    """`sciplan due | head -3`: the reader closing the pipe is not an error to print (exit code 1, as
    for any output that could not be written, but nothing on stderr)."""
    import subprocess
    import sys

    main = "import sys; from sciplan_tui.cli import main; sys.argv = ['sciplan'] + sys.argv[1:]; main()"
    for args in (["due"], ["tasks", "--json"]):
        proc = subprocess.Popen(
            [sys.executable, "-c", main, "--db", str(seeded_db), *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        assert proc.stdout is not None and proc.stderr is not None
        proc.stdout.readline()
        proc.stdout.close()  # the reader has what it wanted
        stderr = proc.stderr.read().decode()
        assert proc.wait(timeout=60) in (0, 1)
        assert stderr == "", stderr


# ---- confirmations ------------------------------------------------------------------------------


def test_undo_and_restore_need_yes_outside_a_terminal(sq, tmp_path):
    assert sq("set", "1", "--status", "in_progress").exit_code == 0
    refused = sq("undo")
    assert refused.exit_code == 1 and "--yes" in refused.stderr and refused.stdout == ""
    assert json.loads(sq("show", "1", "--json").stdout)["task"]["status"] == "in_progress"
    assert sq("undo", "--yes").exit_code == 0
    backup = tmp_path / "copy.db"
    assert sq("backup", str(backup)).exit_code == 0
    refused = sq("restore", str(backup))
    assert refused.exit_code == 1 and "--yes" in refused.stderr


# ---- dates, cron, access -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2026-12", "2026-12-31"),
        ("2026/12", "2026-12-31"),
        ("Dec 2026", "2026-12-31"),
        ("2026-2", "2026-02-28"),
        ("2026年12月", "2026-12-31"),
        ("31 Dec", "2026-12-31"),
        ("+2w", "2026-12-07"),
        ("下月底", "2026-12-31"),
    ],
)
def test_due_forms_follow_the_store_clock(sq, monkeypatch, typed, expected):
    monkeypatch.setenv("SCIPLAN_TODAY", "2026-11-23")
    assert sq("set", "5", "--due", typed).exit_code == 0
    assert json.loads(sq("show", "5", "--json").stdout)["task"]["due_date"] == expected


def test_a_bare_day_number_is_refused(sq):
    result = sq("set", "5", "--due", "5")
    assert result.exit_code == 4 and "+2w" in result.stderr


def test_due_writes_nothing_on_stderr_so_cron_sends_one_mail(sq):
    result = sq("due", "--within", "14d")
    assert result.exit_code == 0 and result.stdout and result.stderr == ""


def test_access_list_shows_the_office_time(sq):
    assert sq("access", "grant", "clerk").exit_code == 0
    listed = sq("access", "list").stdout
    as_json = json.loads(sq("access", "list", "--json").stdout)[0]["created_at"]
    from datetime import datetime

    from sciplan_tui.clock import stamp

    assert stamp(datetime.fromisoformat(as_json)) in listed


@pytest.mark.parametrize(("var", "value"), [("SCIPLAN_TODAY", "tomorrow"), ("SCIPLAN_TZ", "Beijing")])
def test_bad_environment_stops_every_command_before_it_starts(sq, monkeypatch, var, value):
    from sciplan_tui import clock

    monkeypatch.setenv(var, value)
    clock.display_zone.cache_clear()
    try:
        result = sq("plans")
    finally:
        monkeypatch.delenv("SCIPLAN_TZ", raising=False)
        clock.display_zone.cache_clear()
    assert result.exit_code == 4 and var in result.stderr and result.stdout == ""


def test_the_terminal_report_fits_80_columns_without_breaking_numbers(sq, monkeypatch):
    from rich.cells import cell_len

    monkeypatch.setenv("COLUMNS", "80")
    out = sq("report", "monthly", "--plan", "澧县").stdout
    assert max(cell_len(line) for line in out.splitlines()) <= 80
    row = next(line for line in out.splitlines() if "县教育局" in line)
    assert row.split()[-1].endswith("%") and len(row.split()) >= 10  # counts, bar and rate on the one line


def test_every_question_goes_to_stderr():
    """stdout is for data: a prompt or a confirmation there would end up in a pipe or a file."""
    import ast

    cli_dir = Path(__file__).resolve().parents[2] / "src" / "sciplan_tui" / "cli"
    for path in cli_dir.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in ("confirm", "prompt")
            ):
                err = [k for k in node.keywords if k.arg == "err"]
                assert err and isinstance(err[0].value, ast.Constant) and err[0].value.value is True, (
                    f"{path.name}:{node.lineno} asks on stdout"
                )
