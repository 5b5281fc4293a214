"""Store.sql(): units of work over a plain DB-API connection (no SQLAlchemy), on SQLite and PostgreSQL."""

from __future__ import annotations

import threading

import pytest

from sciplan_tui.errors import NotFoundError
from sciplan_tui.services import TaskUpdate


def test_a_unit_of_work_commits_or_rolls_back_whole(seeded) -> None:  # type: ignore[no-untyped-def]
    from sciplan_tui.store import open_store

    store = open_store(seeded.store.url)  # the plain DB-API path (seeded's store made an engine to import)
    seeded.store = store
    with store.sql() as db:
        before = db.scalar("SELECT COUNT(*) FROM change")
    with pytest.raises(NotFoundError), store.sql(write=True) as db:
        db.run("UPDATE task SET progress = 55 WHERE id = 1")
        raise NotFoundError("task.not_found", value="x")  # a refusal after a write: nothing of it stays
    with store.sql() as db:
        assert db.scalar("SELECT progress FROM task WHERE id = 1") != 55
    seeded.update([TaskUpdate(1, progress=40, note="半程")])
    with store.sql() as db:
        assert db.scalar("SELECT progress FROM task WHERE id = 1") == 40
        assert db.scalar("SELECT COUNT(*) FROM change") == before + 3  # progress, status (started), note


def test_connections_are_reused_across_threads_and_closed_on_dispose(seeded) -> None:  # type: ignore[no-untyped-def]
    """The TUI's workers run in new threads: a connection per thread would leak one per refresh."""
    from sciplan_tui.store import open_store

    store = open_store(seeded.store.url)  # opened as a scripted call opens it: no SQLAlchemy engine
    assert store._engine is None
    errors: list[BaseException] = []

    def read() -> None:
        try:
            for _ in range(5):
                with store.sql() as db:
                    assert db.scalar("SELECT COUNT(*) FROM task") > 0
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    for _ in range(4):  # waves of short-lived threads, as Textual's thread workers are
        threads = [threading.Thread(target=read) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert not errors
    assert 1 <= len(store._idle) <= 8  # at most one per concurrent unit of work, not one per thread
    store.dispose()
    assert store._idle == []
