"""Trust fixtures: a seeded store copied per test, the CLI with the maintenance commands, subprocess helpers."""

from __future__ import annotations

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


def cli_app():  # type: ignore[no-untyped-def]
    """The `sciplan` app (backup, restore and check included)."""
    from sciplan_tui.cli import app

    return app


def invoke(db: Path, *args: str, input: str | None = None, user: str = "clerk"):
    return CliRunner().invoke(cli_app(), ["--db", str(db), "--as", user, *args], input=input)


def make_seeded(path: Path) -> Path:
    from tests.conftest import seed_bundled

    seed_bundled(path)
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
    return {**os.environ, "SCIPLAN_DB": str(db), "SCIPLAN_LANG": "en", "PYTHONPATH": str(ROOT / "src"), **extra}


def start_child(db: Path, *args: str, **extra: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", CHILD, *args],
        env=child_env(db, **extra),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_for(path: Path, proc: subprocess.Popen, timeout: float = 60) -> None:
    """Until the child has written its mark (it is then paused inside its transaction)."""
    deadline = time.monotonic() + timeout
    while not path.exists():
        if proc.poll() is not None:
            raise AssertionError(f"child ended early ({proc.returncode}): {proc.stderr.read()}")
        if time.monotonic() > deadline:
            raise AssertionError("child never reached its pause point")
        time.sleep(0.01)
