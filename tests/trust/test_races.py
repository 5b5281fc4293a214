"""Every write path locks what it reads: races between processes lose nothing, on SQLite and PostgreSQL.

- `undo` against another user's `set` of the same field: the set is never overwritten (the undo either
  goes first, or sees the new value and is refused as a conflict);
- two `target` writes at once: each history row's old value is the value the other one left.

Each race is a round: the workers (tests/trust/races.py) meet the main process at a barrier and act
together; the main process then checks the outcome. `check()` must find the store sound afterwards.
The counts are printed (pytest -s). Before row locks were taken here, PostgreSQL lost the set in
35 of 60 undo races and recorded a wrong old value in 30 of 40 target races.
"""

from __future__ import annotations

import multiprocessing
from typing import Any

import pytest
from sqlalchemy import text

from sciplan_tui.actor import Actor
from sciplan_tui.clock import Clock
from sciplan_tui.services import Services
from sciplan_tui.services.integrity import check
from sciplan_tui.store import open_store
from tests.conftest import TODAY, make_draft

from . import races

UNDO_ROUNDS = 60
_race_outcomes: list[dict[str, list[str]]] = []  # the last race's outcomes, for tests that judge afterwards
TARGET_ROUNDS = 40


@pytest.fixture
def small_store(store_url: str) -> Any:
    store = open_store(store_url)
    services = Services(store, Actor("clerk"), Clock(TODAY))
    services.import_plans([make_draft()])
    task = next(t for t in services.tasks() if t.code == "A1.1")
    target = services.task(task.id).targets[0]
    yield store_url, services, task.id, target.id
    store.dispose()


def _race(
    db: str, roles: tuple[str, ...], rounds: int, task_id: int, target_id: int, prepare: Any, judge: Any
) -> tuple[int, dict[str, list[str]]]:
    """Run `rounds` races between `roles`; returns how many rounds `judge` found wrong, and what each did."""
    ctx = multiprocessing.get_context("spawn")
    barrier, results = ctx.Barrier(len(roles) + 1), ctx.Queue()
    procs = [
        ctx.Process(target=races.worker, args=(db, role, rounds, barrier, results, task_id, target_id))
        for role in roles
    ]
    for p in procs:
        p.start()
    wrong = 0
    try:
        for r in range(rounds):
            prepare(r)
            barrier.wait(races.WAIT)  # go
            barrier.wait(races.WAIT)  # all done
            wrong += bool(judge(r))
        outcomes = dict(results.get(timeout=races.WAIT) for _ in roles)
        _race_outcomes.append(outcomes)
    finally:
        for p in procs:
            p.join(timeout=races.WAIT)
            if p.is_alive():
                p.kill()
    return wrong, outcomes


@pytest.mark.slow  # processes racing for a few seconds: run by .ci/run with -m slow
def test_undo_never_overwrites_another_users_set(small_store: Any) -> None:
    db, services, task_id, target_id = small_store
    undoer = Services(services.store, Actor("undoer"), Clock(TODAY))

    def prepare(r: int) -> None:
        undoer.set_tasks([task_id], due_date=races.due_for(r, "mine"))

    def lost(r: int) -> bool:
        return services.task(task_id).task.due_date != races.due_for(r, "theirs")

    wrong, outcomes = _race(db, ("undoer", "setter"), UNDO_ROUNDS, task_id, target_id, prepare, lost)
    print(f"undo vs set: {wrong} lost of {UNDO_ROUNDS}; undo outcomes {sorted(set(outcomes['undoer']))}")
    assert wrong == 0
    assert outcomes["setter"] == ["ok"] * UNDO_ROUNDS
    assert check(services.store).ok, check(services.store).problems[:3]


@pytest.mark.slow
def test_two_target_writes_record_each_others_value_as_old(small_store: Any) -> None:
    db, services, task_id, target_id = small_store

    def last_two() -> list[Any]:
        with services.store.read() as conn:
            return list(
                conn.execute(
                    text("SELECT old, new FROM change WHERE field = 'target' AND ref_id = :t ORDER BY id DESC LIMIT 2"),
                    {"t": target_id},
                )
            )

    def wrong_old(r: int) -> bool:
        newer, older = last_two()
        return bool(newer.old != older.new)

    wrong, outcomes = _race(db, ("t1", "t2"), TARGET_ROUNDS, task_id, target_id, lambda r: None, wrong_old)
    print(f"target vs target: {wrong} wrong old values of {TARGET_ROUNDS}")
    assert wrong == 0
    assert outcomes["t1"] == outcomes["t2"] == ["ok"] * TARGET_ROUNDS
    assert check(services.store).ok, check(services.store).problems[:3]


def test_check_finds_a_target_history_row_with_a_wrong_old_value(small_store: Any) -> None:
    """What an unlocked read left behind: two rows that both start from the value before either."""
    _db, services, _task_id, target_id = small_store
    services.set_target(target_id, 100)
    services.set_target(target_id, 200)
    assert check(services.store).ok
    with services.store.write() as conn:
        conn.execute(text("UPDATE change SET old = '10' WHERE id = (SELECT MAX(id) FROM change)"))
    problems = check(services.store).problems
    assert [p.kind for p in problems] == ["check.target_gap"]
    assert "'10'" in problems[0].message() or "“10”" in problems[0].message()


@pytest.mark.slow
def test_a_ledger_import_never_applies_over_a_change_it_did_not_see(small_store: Any) -> None:
    """The import reads the ledger, then writes: a set in between makes it a conflict, not a silent overwrite."""
    db, services, task_id, target_id = small_store
    recorded: list[str | None] = []

    def prepare(r: int) -> None:
        services.set_tasks([task_id], due_date=races.due_for(r, "base"))

    def note_old(r: int) -> bool:
        with services.store.read() as conn:
            row = conn.execute(
                text("SELECT old, id FROM change WHERE actor = 'importer' ORDER BY id DESC LIMIT 1")
            ).first()
        recorded.append(None if row is None else f"{row.id}:{row.old}")
        return False

    _race(db, ("importer", "setter"), UNDO_ROUNDS, task_id, target_id, prepare, note_old)
    outcomes = _race_outcomes.pop()
    unseen = 0
    previous = None
    for outcome, row in zip(outcomes["importer"], recorded, strict=True):
        if outcome.startswith("ok:"):
            assert row is not None and row != previous
            unseen += row.split(":", 1)[1] != outcome.removeprefix("ok:")
        previous = row
    print(
        f"ledger import vs set: {unseen} applied over an unseen change of {UNDO_ROUNDS}; "
        f"outcomes {sorted(set(o.split(':')[0] for o in outcomes['importer']))}"
    )
    assert unseen == 0
    assert check(services.store).ok, check(services.store).problems[:3]


@pytest.mark.slow
@pytest.mark.parametrize("roles", [("b1", "b2"), ("n1", "n2")], ids=["bulk", "note"])
def test_bulk_updates_and_notes_at_once_keep_the_history_whole(small_store: Any, roles: tuple[str, str]) -> None:
    """Two bulk updates of the same tasks (in opposite orders), or two notes and their undos, at once."""
    db, services, task_id, target_id = small_store
    _wrong, outcomes = _race(db, roles, TARGET_ROUNDS, task_id, target_id, lambda r: None, lambda r: False)
    assert outcomes[roles[0]] == outcomes[roles[1]] == ["ok"] * TARGET_ROUNDS
    report = check(services.store)
    assert report.ok, report.problems[:3]
