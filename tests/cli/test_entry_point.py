"""The real `sciplan` entry point in subprocesses: exit codes, stderr, start-up imports, concurrency."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from sciplan_tui.errors import EXIT_INVALID, EXIT_NOT_FOUND

PROBE = (
    "import sys, atexit\n"
    "atexit.register(lambda: sys.stderr.write('\\nLOADED=' + ','.join(sorted(m for m in ('textual', 'openpyxl', "
    "'docx', 'rich.table') if m in sys.modules))))\n"
    "from sciplan_tui.cli import main\n"
    "sys.argv = ['sciplan'] + sys.argv[1:]\n"
    "main()\n"
)


def run(*args: str, db: Path | str | None = None, stdin: str | None = None, env: dict | None = None):
    full_env = {**os.environ, "SCIPLAN_LANG": "zh", **(env or {})}
    if db is not None:
        full_env["SCIPLAN_DB"] = str(db)
    return subprocess.run(
        [sys.executable, "-c", PROBE, *args], input=stdin, capture_output=True, text=True, env=full_env, timeout=120
    )


def loaded(result: subprocess.CompletedProcess) -> set[str]:
    tail = result.stderr.rsplit("LOADED=", 1)[-1].strip()
    return set(filter(None, tail.split(",")))


def test_scripted_commands_do_not_load_textual_or_other_heavy_modules(seeded_db):
    for args in (("tasks", "--overdue", "--json"), ("set", "1", "--status", "done"), ("--help",)):
        result = run(*args, db=seeded_db)
        assert result.returncode == 0, result.stderr
        assert loaded(result) == set(), (args, loaded(result))


LIGHT_PROBE = (
    "import sys, atexit\n"
    "sys.argv = ['sciplan'] + sys.argv[1:]\n"  # as the console script starts: the command line is known first
    "HEAVY = {'sqlalchemy', 'sqlmodel', 'pydantic', 'pydantic_core', 'textual', 'openpyxl', 'docx'}\n"
    "atexit.register(lambda: sys.stderr.write('\\nLOADED=' + ','.join(sorted({m.split('.')[0] for m in sys.modules}"
    " & HEAVY))))\n"
    "from sciplan_tui.cli import main\n"
    "main()\n"
)


@pytest.mark.parametrize(
    "args",
    [
        ("set", "1", "--status", "进行中", "--note", "x"),
        ("tasks", "--dept", "县科协", "--status", "未开始", "--json"),
        ("tasks", "--overdue", "--sort", "lead", "--limit", "5"),
        ("show", "1"),
        ("due",),
        ("history", "--limit", "3"),
        ("note", "1", "已电话催办"),
        ("target", "1"),
        ("undo", "--yes"),
    ],
    ids=lambda a: a[0],
)
def test_scripted_calls_on_sqlite_never_load_sqlalchemy_sqlmodel_or_pydantic(seeded_db, args):
    """Issue 14: a scripted call is start-up; these modules alone cost more than the whole call should."""
    env = {**os.environ, "SCIPLAN_LANG": "zh", "SCIPLAN_DB": str(seeded_db)}
    calls = [("set", "2", "--progress", "30"), args] if args[0] == "undo" else [args]  # something to undo
    for call in calls:
        result = subprocess.run(
            [sys.executable, "-c", LIGHT_PROBE, *call], capture_output=True, text=True, env=env, timeout=120
        )
        assert result.returncode in (0, EXIT_INVALID), result.stderr  # `target 1`: the task may have no target
        assert loaded(result) == set(), (call, loaded(result))


def test_exit_codes_and_stderr(seeded_db):
    missing = run("show", "999999", db=seeded_db)
    assert missing.returncode == EXIT_NOT_FOUND
    assert missing.stdout == "" and "999999" in missing.stderr
    bad = run("set", "1", "--status", "飞行中", db=seeded_db)
    assert bad.returncode == EXIT_INVALID and "飞行中" in bad.stderr
    usage = run("tasks", "--no-such-flag", db=seeded_db)
    assert usage.returncode == 2


def test_no_arguments_without_a_terminal_prints_help(seeded_db):
    result = run(db=seeded_db, stdin="")
    assert result.returncode == 0
    assert "Usage" in result.stdout and "tasks" in result.stdout


def test_a_mistyped_store_path_is_refused_and_nothing_is_created(tmp_path):
    db = tmp_path / "new" / "store.db"
    for args in (("plans", "--json"), ("set", "1", "--status", "done"), ("note", "1", "x")):
        result = run(*args, db=db)  # SCIPLAN_DB
        assert result.returncode == EXIT_NOT_FOUND and result.stdout == ""
        assert f"{db} 不存在" in result.stderr and "init" in result.stderr and "--create" in result.stderr
        result = run("--db", str(db), *args)
        assert result.returncode == EXIT_NOT_FOUND
    assert not db.parent.exists()


def test_init_or_create_makes_a_missing_store_and_the_default_store_is_made_on_first_use(tmp_path):
    db = tmp_path / "new" / "store.db"
    result = run("--create", "plans", "--json", db=db)
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)) == 5 and str(db) in result.stderr
    other = tmp_path / "other.db"
    assert run("--db", str(other), "init").returncode == 0 and other.exists()
    home = {"HOME": str(tmp_path / "home"), "XDG_DATA_HOME": str(tmp_path / "xdg")}
    first = run("plans", "--json", env=home)  # no --db, no SCIPLAN_DB: the user data dir's store
    assert first.returncode == 0, first.stderr
    assert (tmp_path / "xdg" / "sciplan" / "sciplan.db").exists()


def test_ssh_origin_is_recorded(seeded_db):
    env = {"SSH_CLIENT": "10.1.2.3 50000 22", "SCIPLAN_USER": "li"}
    assert run("set", "2", "--status", "in_progress", db=seeded_db, env=env).returncode == 0
    history = json.loads(run("history", "2", "--json", db=seeded_db).stdout)
    assert history[0]["actor"] == "li" and history[0]["host"] == "10.1.2.3"


@pytest.mark.slow
def test_twenty_writers_and_a_reader_lose_nothing(cli):
    """20 processes set different tasks at once while one lists: every update lands, none sees 'locked'.

    On SQLite and on PostgreSQL (the `cli` fixture's store)."""
    seeded_db = cli.db
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", PROBE, "set", str(i), "--status", "in_progress", "--note", f"writer {i}"],
            env={**os.environ, "SCIPLAN_DB": str(seeded_db), "SCIPLAN_USER": f"w{i}"},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(1, 21)
    ]
    reader = run("tasks", "--json", db=seeded_db)
    results = [(w.wait(timeout=120), w.stderr.read()) for w in writers]
    assert reader.returncode == 0 and "locked" not in reader.stderr
    assert all(code == 0 and "locked" not in err for code, err in results), results
    rows = json.loads(run("tasks", "--plan", "澧县", "--json", db=seeded_db).stdout)
    assert [r["status"] for r in rows[:20]] == ["in_progress"] * 20
    history = json.loads(run("history", "--json", "--limit", "1000", db=seeded_db).stdout)
    assert {h["actor"] for h in history if h["field"] == "note"} == {f"w{i}" for i in range(1, 21)}


@pytest.mark.slow
def test_two_clients_editing_one_task_on_the_server_do_not_overwrite_each_other(cli):
    """Read-modify-write with versions from many processes: every increment lands or is told to retry."""
    script = (
        "import sys\n"
        "from sciplan_tui.actor import Actor\n"
        "from sciplan_tui.errors import ConflictError\n"
        "from sciplan_tui.services import Services, TaskUpdate\n"
        "from sciplan_tui.store import open_store\n"
        "s = Services(open_store(sys.argv[1]), Actor(sys.argv[2]))\n"
        "done = conflicts = 0\n"
        "while done < 5:\n"
        "    row = s.task(3).task\n"
        "    try:\n"
        "        s.update([TaskUpdate(3, progress=row.progress + 1, expected_version=row.version)])\n"
        "        done += 1\n"
        "    except ConflictError:\n"
        "        conflicts += 1\n"
        "print(conflicts)\n"
    )
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(cli.db), f"c{i}"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(6)
    ]
    outs = [p.communicate(timeout=120) for p in procs]
    assert all(p.returncode == 0 for p in procs), [o[1][-300:] for o in outs]
    shown = json.loads(cli("show", "3", "--json").stdout)
    assert shown["task"]["progress"] == 30  # 6 clients × 5 increments, none lost
