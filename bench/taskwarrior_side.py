"""Taskwarrior 2.6 beside sciplan (bench/cli_bench.py): find it, fill a data dir, build its commands.

The data dir holds as many pending tasks as the sciplan store, with the store's titles and plan codes
(description and project). `task import` is quadratic in 2.6 (10k tasks: 6 s, 30k: 57 s on the 2-core
machine), so the tasks are written as `pending.data` lines in the form `task import` itself writes
(`[description:"…" entry:"…" … uuid:"…"]`); `task count` then checks that Taskwarrior reads them all.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
import subprocess
import uuid
from pathlib import Path

# Each command reads this rc and nothing else: no confirmation, no output chatter, no hooks, no
# garbage collection (IDs stay put and no run pays for another's clean-up), no recurrence, no news.
RC = """data.location={data}
confirmation=off
verbose=nothing
hooks=off
gc=off
recurrence=off
color=off
detection=off
news.version=2.6.0
"""
ENTRY = 1719705600  # 2024-06-30, the generated stores' "today"


def find(binary: str | None = None) -> tuple[str | None, str]:
    """The path of a Taskwarrior 2.x binary, or None and the reason it is skipped."""
    path = binary or shutil.which("task")
    if path is None:
        return None, "`task` not found on PATH"
    try:
        version = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError) as exc:
        return None, f"`{path} --version` failed: {exc}"
    if not version.startswith("2."):
        return None, f"{path} is Taskwarrior {version or '?'}, not 2.x (its data files differ)"
    return path, f"Taskwarrior {version} ({path})"


def fill(store: Path, home: Path, binary: str) -> Path:
    """A Taskwarrior data dir under `home` with one pending task per live sciplan task; returns its rc."""
    data = home / "data"
    data.mkdir(parents=True)
    sql = "SELECT t.title, p.code FROM task t JOIN plan p ON p.id = t.plan_id WHERE t.retired = 0 ORDER BY t.id"
    conn = sqlite3.connect(f"{store.resolve().as_uri()}?mode=ro", uri=True)
    with open(data / "pending.data", "w", encoding="utf-8") as fh:
        tasks = sum(fh.write(_line(title, project)) > 0 for title, project in conn.execute(sql))
    conn.close()
    for name in ("completed.data", "undo.data", "backlog.data"):
        (data / name).touch()
    rc = home / "taskrc"
    rc.write_text(RC.format(data=data), encoding="utf-8")
    counted = subprocess.run([binary, "count"], env=env(rc), capture_output=True, text=True, check=True).stdout
    if int(counted.strip() or 0) != tasks:
        raise SystemExit(f"Taskwarrior reads {counted.strip()} tasks from {data}, not {tasks}")
    return rc


def _line(title: str, project: str) -> str:
    return (
        f'[description:"{_clean(title)}" entry:"{ENTRY}" modified:"{ENTRY}" project:"{_clean(project)}" '
        f'status:"pending" uuid:"{uuid.uuid4()}"]\n'
    )


def _clean(text: str) -> str:
    """Text that needs none of Taskwarrior's escapes (quotes, brackets, backslashes, controls)."""
    return re.sub(r'["\[\]\\\x00-\x1f]', " ", text).strip() or "-"


def env(rc: Path) -> dict[str, str]:
    return {**os.environ, "TASKRC": str(rc)}


def modify(binary: str, task_id: int, run: int) -> list[str]:
    """Tag on, tag off, alternately: every run really writes."""
    return [binary, str(task_id), "modify", "+x" if run % 2 == 0 else "-x"]


def annotate(binary: str, task_id: int, run: int) -> list[str]:
    return [binary, str(task_id), "annotate", f"x{run}"]
