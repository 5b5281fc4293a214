"""CLI fixtures: a store seeded once from the real plans, copied for each test; a runner bound to it."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from sciplan_tui.actor import Actor
    from sciplan_tui.clock import Clock
    from sciplan_tui.seed import import_bundled
    from sciplan_tui.services import Services
    from sciplan_tui.store import open_store
    from tests.conftest import TODAY

    path = tmp_path_factory.mktemp("template") / "seeded.db"
    store = open_store(path)
    import_bundled(Services(store, Actor("importer"), Clock(TODAY)))
    store.dispose()
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


@pytest.fixture
def seeded_db(seeded_template: Path, tmp_path: Path) -> Path:
    target = tmp_path / "sciplan.db"
    shutil.copy(seeded_template, target)
    return target


class Cli:
    """Runs `sciplan` in-process against one store, as one user."""

    def __init__(self, db: Path) -> None:
        self.db = db
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None, user: str = "clerk"):
        from sciplan_tui.cli import app

        return self.runner.invoke(app, ["--db", str(self.db), "--as", user, *args], input=input)

    def dump(self) -> list[tuple]:
        """Every row of the tables that hold the ledger, to prove a failed command changed nothing."""
        with sqlite3.connect(self.db) as conn:
            rows = []
            for table in ("task", "note", "change", "target", "assignment", "plan"):
                rows += [(table, *r) for r in conn.execute(f'SELECT * FROM "{table}" ORDER BY id')]
            return rows


@pytest.fixture
def cli(seeded_db: Path) -> Cli:
    return Cli(seeded_db)
