"""Snapshots at 100×30 on the frozen day: the main screen, a task's detail, the overdue view."""

from __future__ import annotations

from sciplan_tui.tui import make_app

from .conftest import settle

SIZE = (100, 30)


def test_main_screen(ledger, snap_compare):
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("l", "l", "l", "l", "l", "l", "j")
        await settle(pilot)

    assert snap_compare(make_app(ledger, poll_interval=0), terminal_size=SIZE, run_before=run_before)


def test_task_detail(ledger, snap_compare):
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("o", "enter")
        await settle(pilot)

    assert snap_compare(make_app(ledger, poll_interval=0), terminal_size=SIZE, run_before=run_before)


def test_overdue_view(ledger, snap_compare):
    async def run_before(pilot):
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)

    assert snap_compare(make_app(ledger, poll_interval=0), terminal_size=SIZE, run_before=run_before)
