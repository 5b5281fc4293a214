"""Backups that fit the risk: none before what `undo` reverts or what is refused; rotation per store file."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from sciplan_tui.actor import Actor
from sciplan_tui.clock import Clock
from sciplan_tui.errors import InvalidInputError
from sciplan_tui.services import Services
from sciplan_tui.store import Store, open_store
from sciplan_tui.store.backup import auto_backup, backups_dir, prune
from tests.conftest import TODAY, make_draft

from .conftest import dump, invoke


def _backups(db: Path) -> list[Path]:
    folder = db.parent / "backups"
    return sorted(folder.iterdir()) if folder.is_dir() else []


def _ledger(db: Path) -> list[tuple]:
    """What a clerk sees: statuses, progress, due dates and notes (undo adds history and bumps versions)."""
    with sqlite3.connect(db) as conn:
        tasks = conn.execute("SELECT id, status, progress, due_date FROM task ORDER BY id").fetchall()
        return tasks + conn.execute("SELECT id, task_id, text FROM note ORDER BY id").fetchall()


def test_set_from_makes_no_backup_and_undo_gives_the_store_back(seeded_db: Path):
    before = _ledger(seeded_db)
    lines = "code,status,progress,note\n" + "".join(f"澧县-A1.{n},done,100,批量{n}\n" for n in (1, 2, 3))
    done = invoke(seeded_db, "set", "--from", "-", input=lines)
    assert done.exit_code == 0, done.output
    assert _ledger(seeded_db) != before and _backups(seeded_db) == []
    undone = invoke(seeded_db, "undo", "--yes")
    assert undone.exit_code == 0, undone.output
    assert _ledger(seeded_db) == before


def test_import_csv_and_collect_are_undoable_and_not_copied(seeded_db: Path):
    store = open_store(seeded_db)
    services = Services(store, Actor("clerk"), Clock(TODAY))
    assert services.back_up_first("csv-import") is None and services.back_up_first("collect") is None
    assert services.back_up_first("import") is not None  # what history cannot undo is still copied
    store.dispose()


def test_a_refused_or_unchanged_import_leaves_no_backup(tmp_path: Path):
    db = tmp_path / "s.db"
    store = open_store(db)
    services = Services(store, Actor("clerk"), Clock(TODAY))
    services.import_plan(make_draft())  # the first plan: an empty store is not worth a copy
    assert _backups(db) == []
    with pytest.raises(InvalidInputError):
        services.import_plans([make_draft(jurisdiction="乙县")], revises="no-such-plan")
    assert _backups(db) == []  # refused
    services.import_plan(make_draft())
    assert _backups(db) == []  # the same document again changes nothing
    before = dump(db)
    services.import_plan(make_draft(jurisdiction="乙县"))
    made = _backups(db)
    assert len(made) == 1 and made[0].name.endswith("-import.db")
    assert dump(made[0]) == before  # the snapshot before the import, though taken inside its transaction
    store.dispose()


def test_a_refused_plan_removal_leaves_no_backup(seeded_db: Path):
    assert invoke(seeded_db, "access", "grant", "zhang", user="zhang").exit_code == 0
    before = _backups(seeded_db)
    refused = invoke(seeded_db, "plan", "remove", "澧县", "--yes", user="li")
    assert refused.exit_code != 0
    assert _backups(seeded_db) == before
    removed = invoke(seeded_db, "plan", "remove", "澧县", "--yes", user="zhang")
    assert removed.exit_code == 0, removed.output
    new = [p.name for p in _backups(seeded_db) if p not in before]
    assert len(new) == 1 and "-before-remove-" in new[0]


def test_two_stores_in_one_folder_keep_each_others_backups(seeded_db: Path):
    other = seeded_db.with_name("sciplan-old.db")
    third = seeded_db.with_name("sciplan.sqlite")
    shutil.copy(seeded_db, other)
    shutil.copy(seeded_db, third)
    stores = [Store(f"sqlite:///{p}") for p in (seeded_db, other, third)]
    theirs = [auto_backup(s, "before-copy", keep=2) for s in stores[1:]]
    for _ in range(4):
        auto_backup(stores[0], "before-copy", keep=2)
    assert all(p is not None and p.exists() for p in theirs)
    assert len(list(backups_dir(stores[0]).glob("sciplan-2*"))) == 2
    for s in stores:
        s.dispose()


def test_rotation_keeps_the_last_backup_before_an_import_and_every_manual_one(seeded_db: Path):
    store = Store(f"sqlite:///{seeded_db}")
    before_import = auto_backup(store, "import", keep=3)
    manual = invoke(seeded_db, "backup")
    assert manual.exit_code == 0
    others = [auto_backup(store, "before-migration-v9", keep=3) for _ in range(5)]
    left = set(backups_dir(store).iterdir())
    assert before_import in left and Path(manual.stdout.strip()) in left
    assert set(others[-3:]) <= left and not set(others[:2]) & left
    assert prune(store, 3) == []
    store.dispose()
