"""Race harness: worker processes that act at the same instant, round after round (tests/trust/test_races.py).

The main process prepares each round, then it and the workers meet at a barrier; the workers act
together (an undo against another user's set, or two target writes), meet again, and the main
process looks at what was kept. Every wait has a deadline, so a stuck worker fails the test, never
hangs it.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

WAIT = 60.0  # seconds: the longest a round may take before the barrier breaks


def due_for(round_: int, who: str) -> date:
    """A due date unique to a round and a writer: what the setter wrote is recognisable afterwards."""
    return date(2030, 1, 1) + timedelta(days=round_ * 4 + {"base": 0, "mine": 1, "theirs": 2}[who])


def target_for(round_: int, who: str) -> float:
    return float(round_ * 10 + {"t1": 1, "t2": 2}[who])


def worker(db: str, role: str, rounds: int, barrier: Any, results: Any, task_id: int, target_id: int) -> None:
    """One user acting in every round: `undoer` (undo), `setter` (set the due date), `importer` (an edited
    ledger that sets the due date), `t1`/`t2` (a target), `b1`/`b2` (a bulk update of the same tasks),
    `n1`/`n2` (a note and its undo)."""
    from sciplan_tui.actor import Actor
    from sciplan_tui.clock import Clock
    from sciplan_tui.errors import ConflictError, NotFoundError
    from sciplan_tui.services import Services, TaskUpdate
    from sciplan_tui.store import open_store

    services = Services(open_store(db, migrate=False), Actor(role), Clock.from_env())
    bulk_ids = [t.id for t in services.tasks()][:6]
    outcomes = []
    for r in range(rounds):
        barrier.wait(WAIT)
        try:
            if role == "undoer":
                services.undo()
            elif role == "setter":
                services.set_tasks([task_id], due_date=due_for(r, "theirs"))
            elif role in ("b1", "b2"):  # a bulk update of the same tasks, in opposite orders
                ids = sorted(bulk_ids, reverse=role == "b2")
                services.update([TaskUpdate(t, due_date=due_for(r, "mine" if role == "b1" else "theirs")) for t in ids])
            elif role in ("n1", "n2"):  # a note, and its undo, on the same task as the other one
                services.add_note(task_id, f"{role} round {r}")
                services.undo()
            elif role == "importer":
                outcomes.append(_import_ledger(services, r))
                barrier.wait(WAIT)
                continue
            else:
                services.set_target(target_id, target_for(r, role))
            outcomes.append("ok")
        except (ConflictError, NotFoundError) as exc:
            outcomes.append(type(exc).__name__)
        barrier.wait(WAIT)
    services.store.dispose()
    results.put((role, outcomes))


def _import_ledger(services: Any, r: int) -> str:
    """An edited ledger row for 样例县-A1.1 with a new due date: "ok:<the old value it reported>" or the refusal."""
    from sciplan_tui.errors import ConflictError
    from sciplan_tui.services.ledger_import import LedgerRecord, import_ledger

    record = LedgerRecord(2, {"code": "样例县-A1.1", "due_date": due_for(r, "mine").isoformat()}, {})
    try:
        result = import_ledger(services, [record], source="ledger.csv")
    except ConflictError:
        return "ConflictError"
    return f"ok:{result.changes[0].old}" if result.changes else "nothing"
