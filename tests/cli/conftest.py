"""CLI fixtures: a store seeded once from the real plans, copied for each test; a runner bound to it.

`cli` runs on SQLite and on PostgreSQL (a database created from a seeded template database; skipped
when no server answers). `seeded_db` is the SQLite file alone, for subprocess tests.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests import pg
from tests.conftest import seed_bundled

LEDGER_TABLES = ("task", "note", "change", "target", "assignment", "plan")


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "seeded.db"
    seed_bundled(path)
    return path


@pytest.fixture(scope="session")
def pg_template():
    """A PostgreSQL database seeded once; each test gets a copy (CREATE DATABASE … TEMPLATE)."""
    if reason := pg.unavailable():
        pytest.skip(reason)
    name = pg.create_database()
    seed_bundled(pg.url_of(name))
    yield name
    pg.drop_database(name)


@pytest.fixture
def seeded_db(seeded_template: Path, tmp_path: Path) -> Path:
    target = tmp_path / "sciplan.db"
    shutil.copy(seeded_template, target)
    return target


class Cli:
    """Runs `sciplan` in-process against one store, as one user."""

    def __init__(self, db: str) -> None:
        self.db = db
        self.runner = CliRunner()

    def __call__(self, *args: str, input: str | None = None, user: str = "clerk"):
        from sciplan_tui.cli import app

        return self.runner.invoke(app, ["--db", str(self.db), "--as", user, *args], input=input)

    def dump(self) -> list[tuple]:
        """Every row of the tables that hold the ledger, to prove a failed command changed nothing."""
        from sqlalchemy import create_engine, text

        from sciplan_tui.store.engine import resolve_url

        engine = create_engine(resolve_url(self.db))
        try:
            with engine.connect() as conn:
                rows = []
                for table in LEDGER_TABLES:
                    rows += [(table, *r) for r in conn.execute(text(f'SELECT * FROM "{table}" ORDER BY id'))]
                return rows
        finally:
            engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def cli(request: pytest.FixtureRequest, seeded_template: Path, tmp_path: Path):
    if request.param == "sqlite":
        target = tmp_path / "sciplan.db"
        shutil.copy(seeded_template, target)
        yield Cli(str(target))
        return
    template = request.getfixturevalue("pg_template")
    name = pg.create_database(template)
    yield Cli(pg.url_of(name))
    pg.drop_database(name)
