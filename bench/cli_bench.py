"""Scripted-command speed, each figure beside its floor measured in the same run.

    python bench/cli_bench.py --seeds-db /tmp/seeds.db --large-db /tmp/big.db [--runs 7]

Floor F: `python -c "import typer, sqlmodel"` (what any Python CLI over SQLModel pays at start).
  1. one `sciplan set ID --status ...` end to end, on the seeds store      target ≤ 1.3 × F
  2. `sciplan tasks --dept X --overdue --json` on the large store           target ≤ 1.5 × F
  3. 10,000 updates with history via `sciplan set --from FILE`              target ≤ F + 2 × S
     where S = plain sqlite3 from Python doing the same updates and history rows in one transaction.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

SCIPLAN = [sys.executable, "-m", "sciplan_tui"]


def timed(cmd: list[str], env: dict[str, str] | None = None, stdin: str | None = None) -> float:
    started = time.perf_counter()
    result = subprocess.run(cmd, env={**os.environ, **(env or {})}, input=stdin, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(cmd)} failed: {result.stderr}")
    return elapsed


def median(fn, runs: int) -> float:  # type: ignore[no-untyped-def]
    return statistics.median(fn(i) for i in range(runs))


def floor(runs: int) -> float:
    return median(lambda _i: timed([sys.executable, "-c", "import typer, sqlmodel"]), runs)


def one_set(db: Path, runs: int) -> float:
    statuses = ["in_progress", "blocked"]
    return median(lambda i: timed([*SCIPLAN, "--db", str(db), "set", "7", "--status", statuses[i % 2]]), runs)


def listing(db: Path, dept: str, runs: int, plan: str | None = None) -> float:
    scope = ["--plan", plan] if plan else []
    cmd = [*SCIPLAN, "--db", str(db), "tasks", *scope, "--dept", dept, "--overdue", "--json"]
    return median(lambda _i: timed(cmd), runs)


def some_plan(db: Path) -> str:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT code FROM plan ORDER BY id DESC LIMIT 1").fetchone()[0]


def busiest_department(db: Path) -> str:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT d.name FROM assignment a JOIN department d ON d.id = a.department_id "
                            "GROUP BY d.name ORDER BY COUNT(*) DESC LIMIT 1").fetchone()[0]


def bulk_file(db: Path, n: int, rng: random.Random) -> tuple[str, list[int]]:
    with sqlite3.connect(db) as conn:
        ids = [r[0] for r in conn.execute("SELECT id FROM task ORDER BY id")]
    chosen = rng.sample(ids, n)
    lines = ["id,status,progress,note"]
    lines += [f"{tid},in_progress,{rng.randrange(10, 90, 10)},批量更新 {i}" for i, tid in enumerate(chosen)]
    return "\n".join(lines) + "\n", chosen


def bulk_cli(db: Path, text: str, *, auto_backup: bool) -> float:
    with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False, encoding="utf-8") as fh:
        fh.write(text)
    try:
        env = {"SCIPLAN_AUTO_BACKUP": "1" if auto_backup else "0"}
        return timed([*SCIPLAN, "--db", str(db), "set", "--from", fh.name], env)
    finally:
        os.unlink(fh.name)


def bulk_sqlite(db: Path, ids: list[int], rng: random.Random) -> float:
    """The floor for bulk work: the same updates, notes and history rows with plain sqlite3."""
    started = time.perf_counter()
    conn = sqlite3.connect(db, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    now, batch = datetime.now(UTC).isoformat(), uuid.uuid4().hex
    current = {}
    for start in range(0, len(ids), 900):
        chunk = ids[start:start + 900]
        marks = ",".join("?" * len(chunk))
        current.update({r[0]: r[1:] for r in conn.execute(
            f"SELECT id, status, progress, plan_id FROM task WHERE id IN ({marks})", chunk)})
    updates, changes, notes = [], [], []
    for i, tid in enumerate(ids):
        progress = rng.randrange(10, 90, 10)
        status, old_progress, plan_id = current[tid]
        updates.append(("in_progress", progress, now, tid))
        changes.append((batch, plan_id, tid, now, "bench", "status", status, "in_progress"))
        changes.append((batch, plan_id, tid, now, "bench", "progress", str(old_progress), str(progress)))
        notes.append((tid, now, "bench", f"批量更新 {i}"))
    conn.executemany("UPDATE task SET status=?, progress=?, version=version+1, updated_at=? WHERE id=?", updates)
    conn.executemany("INSERT INTO note (task_id, at, actor, text) VALUES (?,?,?,?)", notes)
    conn.executemany('INSERT INTO "change" (batch, plan_id, task_id, at, actor, field, old, new) '
                     "VALUES (?,?,?,?,?,?,?,?)", changes)
    conn.execute("COMMIT")
    conn.close()
    return time.perf_counter() - started


def copy_store(src: Path, tmp: Path) -> Path:
    with sqlite3.connect(src) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    dest = tmp / src.name
    shutil.copy(src, dest)
    return dest


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds-db", type=Path, required=True, help="a store holding the five plans")
    parser.add_argument("--large-db", type=Path, required=True, help="a store made by bench/gen_store.py")
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--bulk", type=int, default=10_000)
    args = parser.parse_args()
    rng = random.Random(11)
    with tempfile.TemporaryDirectory() as tmp:
        seeds = copy_store(args.seeds_db, Path(tmp))
        large = copy_store(args.large_db, Path(tmp))
        f = floor(args.runs)
        set_s = one_set(seeds, args.runs)
        dept = busiest_department(large)
        plan = some_plan(large)
        scoped_s = listing(large, dept, args.runs, plan)
        list_s = listing(large, dept, max(1, args.runs // 3))
        text, ids = bulk_file(large, args.bulk, rng)
        cli_s = bulk_cli(large, text, auto_backup=False)
        backed_s = bulk_cli(copy_store(args.large_db, Path(tempfile.mkdtemp(dir=tmp))), text, auto_backup=True)
        raw_s = bulk_sqlite(copy_store(args.large_db, Path(tempfile.mkdtemp(dir=tmp))), ids, rng)
    with sqlite3.connect(args.large_db) as conn:
        n_tasks = conn.execute("SELECT COUNT(*) FROM task").fetchone()[0]
    rows = [
        ("floor F: import typer, sqlmodel", f, None, None),
        ("sciplan set ID --status (seeds)", set_s, set_s / f, "≤ 1.3 × F"),
        (f"tasks --plan {plan} --dept {dept} --overdue --json ({n_tasks:,})", scoped_s, scoped_s / f,
         "≤ 1.5 × F"),
        (f"tasks --dept {dept} --overdue --json, every plan ({n_tasks:,})", list_s, list_s / f, "(worst case)"),
        ("plain sqlite3: 10k updates + history (S)", raw_s, None, None),
        (f"sciplan set --from ({args.bulk:,} lines)", cli_s, cli_s / (f + 2 * raw_s), "≤ F + 2 × S"),
        ("  the same, with its automatic backup first", backed_s, backed_s / (f + 2 * raw_s), "(default)"),
    ]
    print(f"{'measure':<62} {'seconds':>8} {'ratio':>7}  target  (ratio: to F, or to F + 2 × S)")
    for name, secs, ratio, target in rows:
        print(f"{name:<62} {secs:>8.3f} {'' if ratio is None else f'{ratio:.2f}':>7}  {target or ''}")


if __name__ == "__main__":
    main()
