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


def test_many_rows_binds_by_the_order_the_statement_names(seeded) -> None:  # type: ignore[no-untyped-def]
    """Db.many_rows: tuples bound by position (`?` for sqlite3, `%s` for psycopg) in the order of the
    statement's :names; a name given twice cannot be bound by position and is refused."""
    from sciplan_tui.store import open_store

    store = open_store(seeded.store.url)
    seeded.store = store
    with store.sql(write=True) as db:
        db.many_rows(
            "INSERT INTO note (task_id, at, actor, text) VALUES (:task, :at, :who, :text)",
            [(1, "2026-11-30 08:00:00", "zhang", "百分之五十%"), (2, "2026-11-30 08:00:00", "li", "二")],
        )
        db.many_rows("UPDATE task SET progress = :p WHERE id = :id", [])  # nothing to do: no statement
        with pytest.raises(ValueError, match="twice"):
            db.many_rows("UPDATE task SET progress = :p WHERE progress = :p", [(1,)])
    with store.sql() as db:
        got = db.rows("SELECT task_id, actor, text FROM note WHERE actor IN ('zhang', 'li') ORDER BY id")
    assert got == [(1, "zhang", "百分之五十%"), (2, "li", "二")]


def test_a_write_unit_has_a_roomy_cache_and_hands_the_connection_back_small(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A bulk write keeps its pages in memory until COMMIT; the connection then serves reads with
    SQLite's default cache again (an export's memory stays flat)."""
    from sciplan_tui.store import open_store
    from sciplan_tui.store.engine import READ_CACHE_KIB, WRITE_CACHE_KIB

    open_store(str(tmp_path / "s.db")).dispose()  # created (SQLAlchemy migrates a new store)
    store = open_store(str(tmp_path / "s.db"))  # opened as a scripted call opens it
    assert store._engine is None
    with store.sql(write=True) as db:
        assert db.scalar("PRAGMA cache_size") == -WRITE_CACHE_KIB
    with store.sql() as db:
        assert db.scalar("PRAGMA cache_size") == -READ_CACHE_KIB
    store.dispose()


def test_a_list_of_whole_numbers_is_written_out_and_anything_else_bound() -> None:
    """Bind.list: IDs become digits in the text (fast for 900 of them); text, booleans, int subclasses
    and mixed lists are bound as parameters, so nothing a user typed reaches the SQL text."""
    from enum import IntEnum

    from sciplan_tui.store.sql import Bind

    class Level(IntEnum):
        ONE = 1

    b = Bind()
    assert b.list([3, -1, 2**70]) == f"(3, -1, {2**70})" and b.params == {}
    assert b.list(["1); DROP TABLE task; --"]) == "(:p0)" and b.params == {"p0": "1); DROP TABLE task; --"}
    assert b.list([True, 2]) == "(:p1, :p2)"
    assert b.list([Level.ONE]) == "(:p3)"
    assert b.list([]) == "(NULL)"


def test_ids_written_out_find_what_bound_ids_find(seeded) -> None:  # type: ignore[no-untyped-def]
    from sciplan_tui.store import open_store
    from sciplan_tui.store.queries import existing_ids

    store = open_store(seeded.store.url)
    seeded.store = store
    with store.sql() as db:
        ids = db.column("SELECT id FROM task ORDER BY id")
        assert existing_ids(db, [*ids, 10**12, 2**63 - 1]) == set(ids)  # an unknown or absurd ID is not found
