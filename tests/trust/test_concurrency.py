"""Many processes write (single updates, bulk updates, notes, read-modify-write counters) while others read.

Every worker is its own process on the same store, started together and run for a few seconds; one of
them is the real TUI (headless, polling for changes every 0.2 s) being browsed. Afterwards:
no update is lost (each writer owns its tasks and knows what it wrote last; two counters that increment
one task through optimistic versions add up), no "database is locked" reached anyone (zero errors, and
the CLI worker's stderr is clean), the history holds one row per change each worker was told about,
and `check()` passes. The operation counts are printed (pytest -s).
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .conftest import ROOT, check_db

pytestmark = pytest.mark.slow  # ten processes for a few seconds: run by .ci/run with -m slow

SECONDS = 3.0
COUNTER_TASK = 150
BULK_TASKS = list(range(151, 190))

WORKER = r'''
import json, os, random, subprocess, sys, time
from sciplan_tui.actor import Actor
from sciplan_tui.errors import ConflictError
from sciplan_tui.services import Services, TaskUpdate
from sciplan_tui.store import open_store

db, kind, index, gate, seconds = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], float(sys.argv[5])
actor = f"{kind}{index}"
services = Services(open_store(db), Actor(actor))
rng = random.Random(index * 100 + len(kind))
STATUSES = ["not_started", "in_progress", "done", "blocked"]
out = {"actor": actor, "kind": kind, "ops": 0, "errors": [], "changes": 0, "notes": 0, "last": {},
       "increments": 0, "conflicts": 0}
mine = [t for t in range(1, 150) if t % 3 == index]
bulk = list(range(151, 190))

def consistent(status):
    """A progress that fits the status (rules.py: not started 0%, done 100%)."""
    return {"not_started": 0, "done": 100}.get(status, rng.randrange(101))

def one():
    if kind == "single":
        tid, status = rng.choice(mine), rng.choice(STATUSES)
        progress = consistent(status)
        applied = services.set_tasks([tid], status=status, progress=progress)
        out["last"][tid] = [status, progress]
    elif kind == "bulk":
        chosen = rng.sample(bulk, 20)
        ups = [TaskUpdate(t, s, consistent(s), note=f"{actor} bulk")
               for t, s in ((t, rng.choice(STATUSES)) for t in chosen)]
        applied = services.update(ups)
        for u in ups:
            out["last"][u.task_id] = [u.status, u.progress]
    elif kind == "note":
        applied = services.add_note(rng.randrange(1, 190), f"{actor} note {out['ops']}")
    elif kind == "counter":
        if out["increments"] >= 45:
            time.sleep(0.05)
            return
        task = services.task(150).task
        try:
            applied = services.update([TaskUpdate(150, progress=task.progress + 1, expected_version=task.version)])
        except ConflictError:
            out["conflicts"] += 1
            return
        out["increments"] += 1
    elif kind == "reader":
        services.tasks(); services.due(30); services.history(limit=50); services.plans()
        return
    elif kind == "long_reader":  # like a TUI worker holding a snapshot while it renders
        with services.store.read() as conn:
            from sciplan_tui.store import queries
            queries.count_tasks(conn, queries.TaskFilter(), services.today())
            time.sleep(0.3)
        return
    elif kind == "cli":
        tid = rng.choice(mine)
        status = rng.choice(STATUSES)
        progress = consistent(status)
        main = "import sys; from sciplan_tui.cli import main; sys.argv = ['sciplan'] + sys.argv[1:]; main()"
        done = subprocess.run([sys.executable, "-c", main, "--db", db, "--as", actor, "set",
                               str(tid), "--status", status, "--progress", str(progress), "--json"],
                              capture_output=True, text=True, env=os.environ)
        if done.returncode != 0 or "locked" in done.stderr.lower():
            raise RuntimeError(done.stderr[-300:])
        out["changes"] += len(json.loads(done.stdout)["changes"])
        out["last"][tid] = [status, progress]
        return
    out["changes"] += len(applied.changes)
    out["notes"] += sum(1 for c in applied.changes if c["field"] == "note")

def tui():
    """A real TUI (Textual, headless) browsing while everyone writes; it must keep refreshing.

    It says it is ready only once the app is mounted and its tree filled (a condition, not a delay),
    so its window is the writers' window however long start-up takes on a loaded machine.
    """
    import asyncio
    from sciplan_tui.tui import make_app

    async def run():
        app = make_app(services, poll_interval=0.2)
        async with app.run_test(size=(100, 30)) as pilot:
            deadline = time.time() + 60
            while not (app.is_running and tree_filled(app)) and time.time() < deadline:
                await pilot.pause(0.05)
            open(f"{gate}.{actor}", "w").close()  # ready: mounted
            while not os.path.exists(gate):
                await asyncio.sleep(0.01)
            end = time.time() + seconds
            first = app.seen_change
            for key in ("l", "l", "l", "j", "j", "k"):
                await pilot.press(key)
            while time.time() < end:
                await pilot.press(rng.choice(["j", "k"]))
                await pilot.pause(0.1)
                out["ops"] += 1
            await pilot.pause(0.5)
            out["refreshes"] = app.seen_change - first
    asyncio.run(run())

def tree_filled(app):
    from textual.widgets import Tree
    trees = app.screen.query(Tree)
    return bool(trees) and any(len(t.root.children) > 0 for t in trees)

if kind == "tui":
    try:
        tui()
    except Exception as exc:
        out["errors"].append(f"{type(exc).__name__}: {exc}")
    print(json.dumps(out))
    sys.exit(0)
open(f"{gate}.{actor}", "w").close()  # ready: imports done
while not os.path.exists(gate):
    time.sleep(0.01)
end = time.time() + seconds
while time.time() < end:
    try:
        one()
        out["ops"] += 1
    except Exception as exc:
        out["errors"].append(f"{type(exc).__name__}: {exc}")
out["last"] = {str(k): v for k, v in out["last"].items()}
print(json.dumps(out))
'''

# (kind, index): single0, single1 and the CLI worker (index 2) own the tasks 1-149 with id % 3 == index;
# the bulk worker owns 151-189, the counters share 150, notes go anywhere.
WORKERS = [
    ("single", 0),
    ("single", 1),
    ("cli", 2),
    ("bulk", 0),
    ("note", 0),
    ("counter", 0),
    ("counter", 1),
    ("reader", 0),
    ("long_reader", 0),
    ("tui", 0),
]


def test_writers_and_readers_in_parallel_lose_nothing(seeded_db: Path, tmp_path: Path):
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "SCIPLAN_LANG": "en"}
    workers = WORKERS
    gate = tmp_path / "go"
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, str(seeded_db), kind, str(i), str(gate), str(SECONDS)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for kind, i in workers
    ]
    deadline = time.monotonic() + 60
    while len(list(tmp_path.glob("go.*"))) < len(workers) and time.monotonic() < deadline:
        time.sleep(0.02)
    gate.touch()  # all workers start together
    results = []
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        results.append(json.loads(out))

    errors = {r["actor"]: r["errors"][:3] for r in results if r["errors"]}
    assert not errors, errors
    with sqlite3.connect(seeded_db) as conn:
        by_actor = dict(conn.execute("SELECT actor, COUNT(*) FROM change GROUP BY actor").fetchall())
        notes = dict(conn.execute("SELECT actor, COUNT(*) FROM note GROUP BY actor").fetchall())
        tasks = {r[0]: [r[1], r[2]] for r in conn.execute("SELECT id, status, progress FROM task")}
    for r in results:  # the history is complete: one row per change each writer was told about
        assert by_actor.get(r["actor"], 0) == r["changes"], r["actor"]
        assert notes.get(r["actor"], 0) == r["notes"], r["actor"]
    for r in results:  # no lost update: the last value each owner wrote is the value in the store
        if r["kind"] in ("single", "bulk", "cli"):
            for tid, value in r["last"].items():
                assert tasks[int(tid)] == value, (r["actor"], tid)
    [viewer] = [r for r in results if r["kind"] == "tui"]
    assert viewer["ops"] > 0 and viewer["refreshes"] > 0  # the open TUI saw the others' changes live
    increments = sum(r["increments"] for r in results if r["kind"] == "counter")
    assert tasks[COUNTER_TASK][1] == increments > 0
    report = check_db(seeded_db)
    assert report.ok, [p.message() for p in report.problems[:5]]

    total = {}
    for r in results:
        total[r["kind"]] = total.get(r["kind"], 0) + r["ops"]
    conflicts = sum(r["conflicts"] for r in results)
    print(
        f"\n{len(workers)} processes for {SECONDS:.0f}s: "
        + ", ".join(f"{k} {v}" for k, v in total.items())
        + f"; counter increments {increments} (version conflicts retried: {conflicts}); "
        f"history rows {sum(by_actor.values())}; errors 0"
    )
