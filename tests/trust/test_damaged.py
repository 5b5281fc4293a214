"""A damaged store (issue 13, item 5): every command exits 6 with one clear message; `restore` replaces it.

Random bytes, a truncated copy and a scribbled page: never a traceback or "unexpected error" (exit 1),
and `sciplan restore BACKUP` moves the damaged file aside (kept, never deleted) and puts the backup in.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from sciplan_tui.errors import EXIT_STORE

COMMANDS = [
    ("plans",),
    ("tasks",),
    ("show", "1"),
    ("depts",),
    ("due",),
    ("history",),
    ("set", "1", "--status", "in_progress"),
    ("note", "1", "进展"),
    ("undo", "--yes"),
    ("export", "csv"),
    ("report", "monthly"),
    ("duban", "status"),
    ("access", "list"),
    ("check",),
    ("backup",),
    ("init",),
]


def _damage(kind: str, good: Path, path: Path) -> Path:
    data = good.read_bytes()
    if kind == "random":
        path.write_bytes(os.urandom(len(data)))
    elif kind == "truncated":
        path.write_bytes(data[: len(data) // 3])
    else:  # scribbled: the header stays, pages in the middle are overwritten
        middle = len(data) // 2
        path.write_bytes(data[:4096] + b"\xff" * 4096 * 3 + data[4096 * 4 : middle] + data[middle:])
    return path


def _run(db: Path, *args: str):  # type: ignore[no-untyped-def]
    from sciplan_tui.cli import app

    return CliRunner().invoke(app, ["--db", str(db), "--lang", "en", *args])


@pytest.mark.parametrize("kind", ["random", "truncated"])
@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a))
def test_every_command_on_a_damaged_store_exits_6_and_says_restore(seeded_db, tmp_path, kind, args):
    bad = _damage(kind, seeded_db, tmp_path / "bad.db")
    result = _run(bad, *args)
    assert result.exit_code == EXIT_STORE, result.output
    assert "is damaged" in result.output and "restore" in result.output, result.output
    assert "Traceback" not in result.output and "unexpected" not in result.output


@pytest.mark.parametrize("kind", ["random", "truncated", "scribbled"])
def test_restore_replaces_a_damaged_store_and_keeps_it_aside(seeded_db, tmp_path, kind):
    good = tmp_path / "good.db"
    shutil.copy(seeded_db, good)
    bad = _damage(kind, seeded_db, tmp_path / "live.db")
    damaged_bytes = bad.read_bytes()
    result = _run(bad, "restore", str(good), "--yes")
    assert result.exit_code == 0, result.output
    aside = [
        p for p in tmp_path.iterdir() if p.name.startswith("live.db.damaged-") and not p.name.endswith(("-wal", "-shm"))
    ]
    assert len(aside) == 1 and aside[0].read_bytes() == damaged_bytes
    assert "moved aside" in result.output
    assert _run(bad, "check").exit_code == 0
    assert _run(bad, "plans").exit_code == 0


def test_the_real_entry_point_on_a_damaged_store(seeded_db, tmp_path):
    bad = _damage("random", seeded_db, tmp_path / "bad.db")
    env = {**os.environ, "SCIPLAN_LANG": "en"}
    done = subprocess.run(
        [sys.executable, "-m", "sciplan_tui", "--db", str(bad), "tasks"], capture_output=True, text=True, env=env
    )
    assert done.returncode == EXIT_STORE
    assert done.stdout == "" and "Traceback" not in done.stderr
    assert f"The store file {bad} is damaged" in done.stderr and "restore" in done.stderr
