"""Crash safety: kill -9 a `sciplan` process in the middle of its transaction; all or none of its work stays.

Each child runs the real entry point. To stop it at a known point inside its transaction, the child's
own `-c` script wraps a product function (conftest.PAUSE) so it writes a mark file and sleeps; the test
waits for the mark and kills. Random-delay kills complement the fixed points.
"""

from __future__ import annotations

import random
import shutil
import signal
import sqlite3
import time
from pathlib import Path

import pytest

from .conftest import PAUSE, SEED_FILES, check_db, counts, dump, invoke, start_child, wait_for

pytestmark = pytest.mark.slow  # processes started and killed, or a wheel built: run by .ci/run with -m slow

RNG = random.Random(20261123)


def _kill_at_point(db: Path, tmp: Path, args: list[str], module: str, name: str, skip: int) -> str:
    mark = tmp / f"mark-{name}-{skip}"
    hook = PAUSE + f"pause_after({module!r}, {name!r})\n"
    child = start_child(db, *args, TRUST_HOOK=hook, TRUST_MARK=str(mark), TRUST_SKIP=str(skip))
    try:
        wait_for(mark, child)
    finally:
        child.send_signal(signal.SIGKILL)
        child.communicate(timeout=30)
    assert child.returncode == -signal.SIGKILL
    return f"{name}#{skip + 1}"


def _kill_after(db: Path, args: list[str], delay: float) -> str:
    child = start_child(db, *args)
    time.sleep(delay)
    if child.poll() is None:
        child.send_signal(signal.SIGKILL)
    child.communicate(timeout=30)
    return f"after {delay:.2f}s (rc {child.returncode})"


def _ledger(db: Path) -> list[tuple]:
    """What the work changes, without the random batch ids: tasks, notes, the history's content."""
    with sqlite3.connect(db) as conn:
        tasks = conn.execute("SELECT id, status, progress, due_date, version FROM task ORDER BY id").fetchall()
        notes = conn.execute("SELECT id, task_id, text FROM note ORDER BY id").fetchall()
        history = conn.execute("SELECT id, task_id, field, old, new FROM change ORDER BY id").fetchall()
        plans = conn.execute("SELECT id, code, checksum FROM plan ORDER BY id").fetchall()
    return (
        [("task", *r) for r in tasks]
        + [("note", *r) for r in notes]
        + [("change", *r) for r in history]
        + [("plan", *r) for r in plans]
    )


# ---- (a) a plan import of the five seeds, one transaction ------------------------------------------


@pytest.fixture(scope="module")
def one_plan_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store holding one small plan, so `import plan` does not first seed the bundled plans."""
    from sciplan_tui.actor import Actor
    from sciplan_tui.clock import Clock
    from sciplan_tui.services import Services
    from sciplan_tui.store import open_store
    from tests.conftest import TODAY, make_draft

    path = tmp_path_factory.mktemp("one-plan") / "sciplan.db"
    store = open_store(path)
    Services(store, Actor("clerk"), Clock(TODAY)).import_plan(make_draft())
    store.dispose()
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return path


def _copy(template: Path, tmp: Path, name: str) -> Path:
    target = tmp / name / "sciplan.db"
    target.parent.mkdir(parents=True)
    shutil.copy(template, target)
    return target


def test_killing_a_five_plan_import_keeps_all_or_none(one_plan_template: Path, tmp_path: Path):
    args = ["import", "plan", *map(str, SEED_FILES)]
    full = _copy(one_plan_template, tmp_path, "full")
    assert invoke(full, *args).exit_code == 0
    before, after = _ledger(one_plan_template), _ledger(full)
    assert counts(full)["plan"] == 6
    outcomes = []
    points = [("import_plan", 0), ("import_plan", 2), ("import_plan", 4)]  # after plan 1, 3 and 5 of 5
    for n, (name, skip) in enumerate(points):
        db = _copy(one_plan_template, tmp_path, f"point{n}")
        where = _kill_at_point(db, tmp_path, args, "sciplan_tui.services.imports", name, skip)
        outcomes.append(_verdict(db, where, before, after))
        assert outcomes[-1].endswith("none")  # the transaction was open: nothing may remain
    for n in range(3):
        db = _copy(one_plan_template, tmp_path, f"random{n}")
        outcomes.append(_verdict(db, _kill_after(db, args, RNG.uniform(0.2, 1.2)), before, after))
    print("\nplan import killed:", "; ".join(outcomes))


def test_killing_the_first_run_seeding_leaves_a_store_that_seeds_completely(tmp_path: Path):
    db = tmp_path / "fresh" / "sciplan.db"
    # A first run told to make the store (--create): a path that does not exist is otherwise refused.
    where = _kill_at_point(db, tmp_path, ["--create", "plans"], "sciplan_tui.services.imports", "import_plan", 1)
    report = check_db(db)
    assert report.ok, [p.message() for p in report.problems]
    kept = counts(db)["plan"]
    done = invoke(db, "plans", "--json")
    assert done.exit_code == 0
    print(f"\nseeding killed at {where}: {kept} plan(s) kept, {counts(db)['plan']} after the next run")
    assert kept == 0 and counts(db)["plan"] == 5


def _verdict(db: Path, where: str, before: list[tuple], after: list[tuple]) -> str:
    report = check_db(db)
    assert report.ok, (where, [p.message() for p in report.problems])
    now = _ledger(db)
    assert now in (before, after), f"{where}: partial work survived the kill"
    return f"{where}: {'all' if now == after else 'none'}"


# ---- (b) a bulk update of 2000 lines ----------------------------------------------------------------


def _bulk_file(tmp: Path) -> Path:
    statuses = ["in_progress", "done", "blocked", "not_started"]
    lines = ["id,status,progress,note"]
    for n in range(2000):
        tid = n % 189 + 1
        status = statuses[n % 4]
        progress = "" if status in ("done", "not_started") else str(n % 100)  # rules.py: 100 % / 0 % follow
        lines.append(f"{tid},{status},{progress},批量第{n}行")
    path = tmp / "bulk.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_killing_a_2000_line_bulk_update_keeps_all_or_none(seeded_db: Path, tmp_path: Path):
    args = ["set", "--from", str(_bulk_file(tmp_path))]
    pristine = tmp_path / "pristine.db"
    shutil.copy(seeded_db, pristine)
    full = _copy(pristine, tmp_path, "full")
    result = invoke(full, *args)
    assert result.exit_code == 0, result.output
    before, after = _ledger(pristine), _ledger(full)
    assert counts(full)["note"] == 2000
    outcomes = []
    points = [("sciplan_tui.services.updates", "_insert_notes"), ("sciplan_tui.services.updates", "_log")]
    for n, (module, name) in enumerate(points):
        db = _copy(pristine, tmp_path, f"point{n}")
        outcomes.append(_verdict(db, _kill_at_point(db, tmp_path, args, module, name, 0), before, after))
        assert outcomes[-1].endswith("none")
    for n in range(3):
        db = _copy(pristine, tmp_path, f"random{n}")
        outcomes.append(_verdict(db, _kill_after(db, args, RNG.uniform(0.3, 1.5)), before, after))
    print("\nbulk update killed:", "; ".join(outcomes))


# ---- (c) a CSV import of the edited ledger ----------------------------------------------------------


def _has_csv_import() -> bool:
    from .conftest import cli_app

    app = cli_app()
    groups = {g.name: g for g in app.registered_groups}
    sub = groups.get("import")
    return sub is not None and "csv" in {c.name for c in sub.typer_instance.registered_commands}


@pytest.mark.skipif(not _has_csv_import(), reason="`sciplan import csv` (sciplan_tui.exports) not there yet")
def test_killing_a_csv_import_keeps_all_or_none(seeded_db: Path, tmp_path: Path):
    exported = invoke(seeded_db, "tasks", "--csv")
    assert exported.exit_code == 0
    header, *rows = exported.stdout.splitlines()
    edited = tmp_path / "ledger.csv"
    edited.write_text(
        "\n".join([header, *(r.replace("not_started", "in_progress") for r in rows)]) + "\n", encoding="utf-8"
    )
    args = ["import", "csv", str(edited)]
    pristine = tmp_path / "pristine.db"
    shutil.copy(seeded_db, pristine)
    full = _copy(pristine, tmp_path, "full")
    reference = invoke(full, *args)
    if reference.exit_code != 0:
        pytest.skip(f"`import csv` does not take the `tasks --csv` ledger: {reference.output[:200]}")
    before, after = _ledger(pristine), _ledger(full)
    outcomes = []
    for n in range(4):
        db = _copy(pristine, tmp_path, f"random{n}")
        outcomes.append(_verdict(db, _kill_after(db, args, RNG.uniform(0.2, 1.2)), before, after))
    print("\ncsv import killed:", "; ".join(outcomes))
    assert dump(pristine)  # the pristine copy was never touched
