"""Export fixtures: a plan with a prepared history across two months, and the CLI with the export commands."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from tests.conftest import make_draft
from typer.testing import CliRunner

from sciplan_tui.actor import Actor
from sciplan_tui.clock import Clock
from sciplan_tui.services import Services, TaskUpdate


def codes(services: Services) -> dict[str, int]:
    return {r.code: r.id for r in services.tasks()}


@pytest.fixture
def history(store) -> Services:
    """样例县 imported on 2026-09-01, worked on in October and November; today is 2026-11-23.

    A1.1 (县教育局 leads): due 10-10, in progress 20% with a note in October; moved to 11-10 and 40%
    in November with no note (县教育局 is silent in November), target 1 at 5200 of 7500.
    A2.1 (县农业农村局): target reached in October, a note in November. A2.2 done in October.
    M1 done, M2 moved to 2027.
    """
    at = {
        d: Services(store, Actor("clerk"), Clock(d)) for d in (date(2026, 9, 1), date(2026, 10, 20), date(2026, 11, 10))
    }
    sept, octo, nov = at.values()
    sept.import_plan(make_draft())
    ids = codes(sept)
    sept.update(
        [
            TaskUpdate(ids["A1.1"], due_date=date(2026, 10, 10)),
            TaskUpdate(ids["A1.2"], due_date=date(2026, 12, 10)),
            TaskUpdate(ids["A2.1"], due_date=date(2027, 6, 30)),
            TaskUpdate(ids["A2.2"], due_date=date(2026, 10, 15)),
            TaskUpdate(ids["P1.1"], due_date=date(2027, 3, 31)),
            TaskUpdate(ids["M1"], status="done"),
            TaskUpdate(ids["M2"], due_date=date(2027, 12, 31)),
        ]
    )
    octo.update(
        [
            TaskUpdate(ids["A1.1"], status="in_progress", progress=20, note="十月：已部署"),
            TaskUpdate(ids["A2.2"], status="done"),
        ]
    )
    octo.set_target(octo.task(ids["A2.1"]).targets[0].id, 7500)
    nov.update(
        [
            TaskUpdate(ids["A1.1"], progress=40, due_date=date(2026, 11, 10)),
            TaskUpdate(ids["A2.1"], note="已召开部署会"),
        ]
    )
    nov.set_target(nov.task(ids["A1.1"]).targets[0].id, 5200)
    return Services(store, Actor("clerk"), Clock(date(2026, 11, 23)))


class Cli:
    """`sciplan` in-process, with the export commands registered, against one store."""

    def __init__(self, db: Path | str) -> None:
        self.db = db
        self.runner = CliRunner()

    def __call__(self, *args: str, user: str = "clerk"):  # type: ignore[no-untyped-def]
        from sciplan_tui.cli import app

        return self.runner.invoke(app, ["--db", str(self.db), "--as", user, *args])


@pytest.fixture
def cli(store_url: str):  # type: ignore[no-untyped-def]
    """The CLI on the same store as `seeded` / `history` (SQLite or PostgreSQL). Ask for one of those
    too: a store with no plan would get the bundled ones."""
    return Cli(store_url)
