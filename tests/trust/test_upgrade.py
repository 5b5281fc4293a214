"""Upgrades: a store made by an earlier schema version opens with the current code, migrates, keeps every row.

tests/fixtures/store_v1.sqlite was made by tests/fixtures/make_store_v1.py at schema version 1 and is never
regenerated; store_v1.json holds its row counts and a few known values.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from sciplan_tui.store import open_store
from sciplan_tui.store.migrations import LATEST

from .conftest import check_db, counts, invoke

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
MANIFEST = json.loads((FIXTURES / "store_v1.json").read_text(encoding="utf-8"))


@pytest.fixture
def old_store(tmp_path: Path) -> Path:
    target = tmp_path / "sciplan.db"
    shutil.copy(FIXTURES / "store_v1.sqlite", target)
    return target


def test_the_fixture_is_what_its_manifest_says(old_store: Path):
    with sqlite3.connect(old_store) as conn:
        assert conn.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] == MANIFEST["schema_version"]
    assert {**counts(old_store), "schema_version": MANIFEST["counts"]["schema_version"]} == MANIFEST["counts"]


def test_an_old_store_opens_migrates_and_keeps_every_row(old_store: Path):
    store = open_store(old_store)
    store.dispose()
    with sqlite3.connect(old_store) as conn:
        versions = [r[0] for r in conn.execute("SELECT version FROM schema_version ORDER BY version")]
        tasks = {
            str(r[0]): [r[1], r[2], r[3], r[4]]
            for r in conn.execute("SELECT id, code, status, progress, due_date FROM task")
        }
        notes = [r[0] for r in conn.execute("SELECT text FROM note ORDER BY id")]
        plan = list(conn.execute("SELECT code, doc_number FROM plan").fetchone())
    assert versions == list(range(1, LATEST + 1))
    expected = {k: v for k, v in MANIFEST["counts"].items() if k != "schema_version"}
    assert {k: v for k, v in counts(old_store).items()} == expected  # no row lost, none invented
    assert {k: tasks[k] for k in MANIFEST["tasks"]} == MANIFEST["tasks"]
    assert notes == MANIFEST["notes"] and plan == MANIFEST["plan"]
    report = check_db(old_store)
    assert report.ok, [p.message() for p in report.problems]


def test_the_cli_works_on_an_upgraded_store(old_store: Path):
    listed = invoke(old_store, "tasks", "--json")
    assert listed.exit_code == 0, listed.output
    assert {r["code"] for r in json.loads(listed.stdout)} >= {f"万年县-{v[0]}" for v in MANIFEST["tasks"].values()}
    changed = invoke(old_store, "set", "万年县-A1.1", "--status", "done", "--note", "升级后仍可修改")
    assert changed.exit_code == 0, changed.output
    undone = invoke(old_store, "undo", "--yes")  # the old history stays usable
    assert undone.exit_code == 0, undone.output
    assert invoke(old_store, "check").exit_code == 0


def _indexes(path: Path) -> dict[str, str]:
    """Each named index of the store: the columns it holds, and its WHERE if it is partial (SQLite's
    own autoindexes left out)."""
    with sqlite3.connect(path) as conn:
        found = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL")
        return {
            name: ",".join(r[2] for r in conn.execute(f"PRAGMA index_info('{name}')"))
            + ("".join((" WHERE " + sql.split(" WHERE ", 1)[1]).split()) if " WHERE " in sql else "")
            for name, sql in found.fetchall()
        }


def test_an_upgraded_store_has_the_indexes_of_a_new_one(old_store: Path, tmp_path: Path):
    """Every migration that adds or replaces an index (6: plan lookups, 7: covering indexes)
    leaves an old store with exactly what models.py declares for a new store."""
    open_store(old_store).dispose()
    new = tmp_path / "new.db"
    open_store(new).dispose()
    assert _indexes(old_store) == _indexes(new)
    assert _indexes(new)["ix_assignment_task_role"] == "task_id,role,id,department_id"
    assert "ix_assignment_task_id" not in _indexes(old_store)
    assert _indexes(old_store)["ix_change_note_source"] == "noteWHEREfield='note'"
