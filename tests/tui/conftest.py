"""TUI fixtures: a store seeded once with the five bundled plans, copied per test, and a Pilot driver."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

from sciplan_tui.actor import Actor
from sciplan_tui.clock import Clock

from ..conftest import TODAY

SIZE = (120, 40)


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled plans imported once per session (the importer is the slow part)."""
    from sciplan_tui.seed import import_bundled
    from sciplan_tui.services import Services
    from sciplan_tui.store import open_store

    path = tmp_path_factory.mktemp("template") / "sciplan.db"
    store = open_store(path)
    import_bundled(Services(store, Actor("importer"), Clock(TODAY)))
    with store.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    store.dispose()
    return path


@pytest.fixture
def ledger_path(seeded_template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "ledger" / "sciplan.db"
    path.parent.mkdir()
    shutil.copy(seeded_template, path)
    return path


@pytest.fixture
def ledger(ledger_path: Path):
    """Services over a copy of the seeded store, as the clerk, on the frozen day."""
    from sciplan_tui.services import Services
    from sciplan_tui.store import open_store

    store = open_store(ledger_path)
    yield Services(store, Actor("clerk"), Clock(TODAY))
    store.dispose()


Scenario = Callable[[Any, Any], Awaitable[None]]


async def settle(pilot: Any) -> None:
    """Let messages, workers and the refresh that follows them run."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def drive(services: Any, scenario: Scenario, *, poll_interval: float = 0, size: tuple[int, int] = SIZE) -> Any:
    """Run `scenario(app, pilot)` in a fresh app (pytest-asyncio is not needed: asyncio.run)."""
    from sciplan_tui.tui import make_app

    app = make_app(services, poll_interval=poll_interval)

    async def main() -> None:
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            await scenario(app, pilot)

    asyncio.run(main())
    return app


async def open_first_task(pilot: Any) -> None:
    """From the start: 澧县 → 提升行动 → 1. 青少年… → A1.1, with the keys a person uses."""
    await pilot.press("l", "l", "l", "l", "l", "l")
    await settle(pilot)


def task_by_code(services: Any, code: str, plan: str = "澧县") -> Any:
    from sciplan_tui.store.queries import TaskFilter

    return next(r for r in services.tasks(TaskFilter(plan=plan)) if r.code == code)


def notifications(app: Any) -> list[str]:
    return [str(n.message) for n in app._notifications]


def text_of(widget: Any) -> str:
    """What a Static shows, as plain text."""
    return str(widget.render())
