"""Trust fixtures: a seeded store copied per test, the CLI with the maintenance commands, subprocess helpers."""

from __future__ import annotations

import copy
import os
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parents[2]
SEED_FILES = sorted((ROOT / "data" / "seed").glob("*.txt"))
TABLES = ("plan", "item", "task", "department", "departmentalias", "assignment", "target", "note", "change")


_APP = None


def cli_app():  # type: ignore[no-untyped-def]
    """The `sciplan` app with backup/restore/check.

    Until cli/__init__ wires them, a copy of the app gets them, so the shared app (and the docs test
    that lists its commands) is not changed by these tests.
    """
    global _APP
    from sciplan_tui.cli import app
    from sciplan_tui.cli.maintenance import register_commands

    if "check" in {c.name for c in app.registered_commands}:
        return app
    if _APP is None:
        clone = copy.copy(app)
        clone.registered_commands = list(app.registered_commands)
        clone.registered_groups = list(app.registered_groups)
        register_commands(clone)
        _APP = clone
    return _APP


def invoke(db: Path, *args: str, input: str | None = None, user: str = "clerk"):
    return CliRunner().invoke(cli_app(), ["--db", str(db), "--as", user, *args], input=input)


def make_seeded(path: Path) -> Path:
    from sciplan_tui.actor import Actor
    from sciplan_tui.clock import Clock
    from sciplan_tui.seed import import_bundled
    from sciplan_tui.services import Services
    from sciplan_tui.store import open_store
    from tests.conftest import TODAY

    store = open_store(path)
    import_bundled(Services(store, Actor("importer"), Clock(TODAY)))
    store.dispose()
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


@pytest.fixture(scope="session")
def trust_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_seeded(tmp_path_factory.mktemp("trust-template") / "seeded.db")


@pytest.fixture
def seeded_db(trust_template: Path, tmp_path: Path) -> Path:
    target = tmp_path / "data" / "sciplan.db"
    target.parent.mkdir(parents=True)
    shutil.copy(trust_template, target)
    return target


def counts(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as conn:
        return {t: conn.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in TABLES}


def dump(db: Path) -> list[tuple]:
    """Every row of every ledger table: equal dumps mean nothing changed."""
    with sqlite3.connect(db) as conn:
        rows: list[tuple] = []
        for table in TABLES:
            rows += [(table, *r) for r in conn.execute(f'SELECT * FROM "{table}" ORDER BY id')]
        return rows


def check_db(db: Path):  # type: ignore[no-untyped-def]
    from sciplan_tui.services.integrity import check
    from sciplan_tui.store import open_store

    store = open_store(db)
    try:
        return check(store)
    finally:
        store.dispose()


# A child process runs the real entry point; HOOK (python source) may patch the product first, so a
# test can stop it at a known point inside a transaction. The product code has no test hooks.
CHILD = (
    "import os, sys, time\n"
    "exec(os.environ.get('TRUST_HOOK', ''))\n"
    "from sciplan_tui.cli import main\n"
    "sys.argv = ['sciplan'] + sys.argv[1:]\n"
    "main()\n"
)

PAUSE = (
    "def pause_after(module, name):\n"
    "    import importlib\n"
    "    mod = importlib.import_module(module)\n"
    "    orig = getattr(mod, name)\n"
    "    def paused(*a, **k):\n"
    "        out = orig(*a, **k)\n"
    "        if int(os.environ['TRUST_SKIP']) <= paused.calls:\n"
    "            open(os.environ['TRUST_MARK'], 'w').close()\n"
    "            time.sleep(120)\n"
    "        paused.calls += 1\n"
    "        return out\n"
    "    paused.calls = 0\n"
    "    setattr(mod, name, paused)\n"
)


def child_env(db: Path, **extra: str) -> dict[str, str]:
    return {**os.environ, "SCIPLAN_DB": str(db), "SCIPLAN_LANG": "en", "PYTHONPATH": str(ROOT / "src"),
            **extra}


def start_child(db: Path, *args: str, **extra: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", CHILD, *args], env=child_env(db, **extra),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_for(path: Path, proc: subprocess.Popen, timeout: float = 60) -> None:
    """Until the child has written its mark (it is then paused inside its transaction)."""
    deadline = time.monotonic() + timeout
    while not path.exists():
        if proc.poll() is not None:
            raise AssertionError(f"child ended early ({proc.returncode}): {proc.stderr.read()}")
        if time.monotonic() > deadline:
            raise AssertionError("child never reached its pause point")
        time.sleep(0.01)
