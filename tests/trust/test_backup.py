"""Backups while others write, restore round trips, refusing bad sources, and `sciplan check`."""

from __future__ import annotations

import json
import os
import random
import shutil
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from sciplan_tui.errors import EXIT_INVALID, EXIT_NOT_FOUND, EXIT_STORE, InvalidInputError, StoreError
from sciplan_tui.store import Store, open_store
from sciplan_tui.store.backup import auto_backup, backup, backups_dir, restore

from .conftest import ROOT, check_db, counts, dump, invoke

WRITER = (
    "import sys\n"
    "from pathlib import Path\n"
    "from sciplan_tui.actor import Actor\n"
    "from sciplan_tui.services import Services\n"
    "from sciplan_tui.store import open_store\n"
    "services = Services(open_store(sys.argv[1]), Actor('writer'))\n"
    "stop, n = Path(sys.argv[2]), 0\n"
    "statuses = ['in_progress', 'blocked', 'done', 'not_started']\n"
    "while not stop.exists():\n"
    "    services.set_tasks([n % 189 + 1], status=statuses[n % 4], note=f'w{n}')\n"
    "    n += 1\n"
    "print(n)\n"
)


@pytest.mark.slow
def test_backups_taken_while_another_process_writes_are_sound(seeded_db: Path, tmp_path: Path):
    stop = tmp_path / "stop"
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(seeded_db), str(stop)],
        env={**os.environ, "PYTHONPATH": str(ROOT / "src")},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    store = Store(f"sqlite:///{seeded_db}")
    made = []
    try:
        deadline = time.monotonic() + 60
        while counts(seeded_db)["note"] == 0 and time.monotonic() < deadline:  # the writer is writing
            time.sleep(0.05)
        for n in range(4):
            made.append(backup(store, tmp_path / f"b{n}.db"))
            time.sleep(0.15)
    finally:
        stop.touch()
        out, errors = writer.communicate(timeout=60)
        store.dispose()
    assert writer.returncode == 0, errors
    notes_seen = []
    for path in made:
        with sqlite3.connect(path) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
            assert conn.execute("PRAGMA journal_mode").fetchone() == ("delete",)  # one self-contained file
        report = check_db(path)
        assert report.ok, [p.message() for p in report.problems]
        notes_seen.append(counts(path)["note"])
    print(f"\nwriter: {out.strip()} updates; notes in the 4 backups: {notes_seen}")
    assert notes_seen == sorted(notes_seen) and notes_seen[-1] > 0  # later snapshots hold more work
    assert check_db(seeded_db).ok


def test_restore_round_trip_keeps_every_row_and_keeps_the_replaced_store(seeded_db: Path, tmp_path: Path):
    assert invoke(seeded_db, "set", "1-5", "--status", "done", "--note", "验收").exit_code == 0
    assert invoke(seeded_db, "target", "澧县-A2.1", "--number", "1", "--achieved", "5200").exit_code in (0, 3, 4)
    saved = invoke(seeded_db, "backup", str(tmp_path / "saved.db"))
    assert saved.exit_code == 0, saved.output
    assert saved.stdout.strip() == str(tmp_path / "saved.db")
    at_backup = dump(seeded_db)
    assert invoke(seeded_db, "set", "6-40", "--status", "blocked").exit_code == 0
    assert invoke(seeded_db, "note", "7", "之后的进展").exit_code == 0
    before_restore = dump(seeded_db)

    result = invoke(seeded_db, "restore", str(tmp_path / "saved.db"), "--yes")
    assert result.exit_code == 0, result.output
    assert dump(seeded_db) == at_backup
    kept = sorted(backups_dir(Store(f"sqlite:///{seeded_db}")).glob("*before-restore.db"))
    assert len(kept) == 1 and str(kept[0]) in result.stderr
    assert dump(kept[0]) == before_restore  # what was replaced is not lost
    assert check_db(seeded_db).ok
    assert invoke(seeded_db, "set", "8", "--progress", "30").exit_code == 0  # and the store works on


def _truncated(source: Path, dest: Path) -> Path:
    data = source.read_bytes()
    dest.write_bytes(data[: len(data) // 3])
    return dest


def _scribbled(source: Path, dest: Path) -> Path:
    data = bytearray(source.read_bytes())
    rng = random.Random(6)
    for page in (2, 3, 5, 8):  # from each page's b-tree header on: the damage is structural whatever the layout
        start = page * 4096  # (garbage only in a page's free gap is no damage at all: a schema change moved it there)
        data[start : start + 2000] = bytes(rng.randrange(256) for _ in range(2000))
    dest.write_bytes(bytes(data))
    return dest


def _random_bytes(_source: Path, dest: Path) -> Path:
    dest.write_bytes(random.Random(1).randbytes(40_000))
    return dest


def _other_sqlite(_source: Path, dest: Path) -> Path:
    with sqlite3.connect(dest) as conn:
        conn.execute("CREATE TABLE task (id INTEGER PRIMARY KEY, title TEXT)")
    return dest


@pytest.mark.parametrize(
    ("make", "needle"),
    [
        (_random_bytes, "not a SQLite database"),
        (_truncated, "damaged"),
        (_scribbled, "damaged"),
        (_other_sqlite, "not a sciplan store"),
        (None, "does not exist"),
    ],
)
def test_restore_refuses_a_bad_source_and_changes_nothing(seeded_db: Path, tmp_path: Path, make, needle):
    good = invoke(seeded_db, "backup", str(tmp_path / "good.db"))
    assert good.exit_code == 0
    source = tmp_path / "bad.db"
    if make is not None:
        make(tmp_path / "good.db", source)
    before = dump(seeded_db)
    result = invoke(seeded_db, "--lang", "en", "restore", str(source), "--yes")
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert result.exit_code == EXIT_INVALID, result.output
    assert needle in result.stderr and str(source) in result.stderr
    assert dump(seeded_db) == before
    assert not list(seeded_db.parent.glob(".*restore*"))  # no scratch file left behind
    with pytest.raises(InvalidInputError):
        restore(seeded_db, source)


def test_restore_refuses_a_store_from_a_newer_program(seeded_db: Path, tmp_path: Path):
    newer = tmp_path / "newer.db"
    backup(Store(f"sqlite:///{seeded_db}"), newer)
    with sqlite3.connect(newer) as conn:
        conn.execute("INSERT INTO schema_version VALUES (999, 'future', '2030-01-01')")
    before = dump(seeded_db)
    with pytest.raises(InvalidInputError) as caught:
        restore(seeded_db, newer)
    assert "999" in caught.value.message()
    assert dump(seeded_db) == before


def test_postgresql_stores_are_pointed_to_pg_dump(tmp_path: Path):
    url = "postgresql+psycopg://clerk:secret@db.example/sciplan"
    with pytest.raises(StoreError) as caught:
        restore(url, tmp_path / "x.db")
    assert "pg_dump" in caught.value.message() and "secret" not in caught.value.message()
    with pytest.raises(StoreError):
        backup(Store(url), tmp_path / "x.db")
    assert auto_backup(Store(url), "import") is None
    result = invoke(url, "--lang", "en", "backup")  # type: ignore[arg-type]
    assert result.exit_code == EXIT_STORE and "pg_dump" in result.stderr


def test_auto_backup_keeps_the_newest_and_skips_an_empty_store(seeded_db: Path, tmp_path: Path):
    empty = open_store(tmp_path / "empty" / "s.db")
    assert auto_backup(empty, "import") is None
    store = Store(f"sqlite:///{seeded_db}")
    made = [auto_backup(store, "bulk update", keep=3) for _ in range(5)]
    left = sorted(backups_dir(store).iterdir())
    assert left == made[-3:] and all("-bulk-update.db" in p.name for p in left)
    assert dump(left[-1]) == dump(seeded_db)


def test_backup_without_a_file_goes_to_the_backups_dir(seeded_db: Path):
    result = invoke(seeded_db, "backup")
    assert result.exit_code == 0, result.output
    path = Path(result.stdout.strip())
    assert path.parent == seeded_db.parent / "backups" and path.name.endswith("-manual.db")
    assert counts(path) == counts(seeded_db)
    missing = invoke(seeded_db.parent / "nope.db", "backup")
    assert missing.exit_code == EXIT_NOT_FOUND


def test_check_passes_a_sound_store_and_names_each_broken_rule(seeded_db: Path):
    assert invoke(seeded_db, "set", "1", "--status", "done", "--note", "ok").exit_code == 0
    assert invoke(seeded_db, "undo", "--yes").exit_code == 0
    ok = invoke(seeded_db, "check", "--json")
    assert ok.exit_code == 0, ok.output
    assert json.loads(ok.stdout)["ok"] is True
    with sqlite3.connect(seeded_db) as conn:  # damage the ledger behind the program's back
        conn.execute("UPDATE task SET status = 'done' WHERE id = 3")  # no history row
        conn.execute("UPDATE task SET progress = 140 WHERE id = 4")
        conn.execute("INSERT INTO note (task_id, at, actor, text) VALUES (5, '2026-01-01', 'x', 'sneaked in')")
        plan2_dept = conn.execute("SELECT id FROM department WHERE plan_id = 2 LIMIT 1").fetchone()[0]
        first = conn.execute("SELECT MIN(id) FROM assignment WHERE task_id = 6").fetchone()[0]
        conn.execute("UPDATE assignment SET department_id = ? WHERE id = ?", (plan2_dept, first))
        conn.execute("PRAGMA foreign_keys = OFF")
        conn.execute("UPDATE task SET item_id = 99999 WHERE id = 7")
    bad = invoke(seeded_db, "check", "--json")
    assert bad.exit_code == EXIT_STORE
    problems = json.loads(bad.stdout)["problems"]
    kinds = {(p["kind"], p["task"], p["field"]) for p in problems}
    code = {r["id"]: f"{r['plan']}-{r['code']}" for r in _codes(seeded_db)}
    assert ("history_state", code[3], "status") in kinds
    assert ("bad_value", code[4], "progress") in kinds
    assert ("note_unlogged", code[5], "note") in kinds
    assert ("assignment", code[6], None) in kinds
    assert ("task_item", code[7], None) in kinds
    assert any(p["kind"] == "foreign_key" for p in problems)
    human = invoke(seeded_db, "--lang", "en", "check")
    assert human.exit_code == EXIT_STORE and code[3] in human.stdout and "problem" in human.stdout


def _codes(db: Path) -> list[dict]:
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        return [
            dict(r)
            for r in conn.execute(
                "SELECT t.id, t.code, p.code AS plan FROM task t JOIN plan p ON p.id = t.plan_id WHERE t.id < 10"
            )
        ]


def test_a_fresh_copy_of_a_backup_opens_as_a_store(seeded_db: Path, tmp_path: Path):
    made = backup(Store(f"sqlite:///{seeded_db}"), tmp_path / "copy.db")
    shutil.copy(made, tmp_path / "elsewhere.db")
    listed = invoke(tmp_path / "elsewhere.db", "plans", "--json")
    assert listed.exit_code == 0 and len(json.loads(listed.stdout)) == 5


def test_restore_takes_a_backup_with_another_page_size(seeded_db: Path, tmp_path: Path):
    other = tmp_path / "other.db"
    backup(Store(f"sqlite:///{seeded_db}"), other)
    with sqlite3.connect(other) as conn:
        conn.execute("PRAGMA page_size = 8192")
        conn.execute("VACUUM")
        conn.execute("UPDATE task SET status = 'cancelled', version = version WHERE id = 1")
        conn.execute(
            "INSERT INTO change (batch, task_id, at, actor, field, old, new) "
            "VALUES ('x', 1, '2026-01-01', 'x', 'status', 'not_started', 'cancelled')"
        )
    expected = dump(other)
    restore(seeded_db, other)
    assert dump(seeded_db) == expected and check_db(seeded_db).ok


def test_automatic_backups_can_be_turned_off(monkeypatch, tmp_path):
    from sciplan_tui.actor import Actor
    from sciplan_tui.clock import Clock
    from sciplan_tui.services import Services
    from sciplan_tui.store import open_store
    from sciplan_tui.store.backup import auto_backup, backups_dir
    from tests.conftest import TODAY, make_draft

    store = open_store(tmp_path / "s.db")
    Services(store, Actor("clerk"), Clock(TODAY)).import_plan(make_draft())
    monkeypatch.setenv("SCIPLAN_AUTO_BACKUP", "0")
    assert auto_backup(store, "bulk") is None
    monkeypatch.setenv("SCIPLAN_AUTO_BACKUP", "1")
    made = auto_backup(store, "bulk")
    assert made is not None and made.parent == backups_dir(store)
    store.dispose()
