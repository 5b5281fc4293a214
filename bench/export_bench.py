"""`sciplan export csv` against a raw stdlib-sqlite3 floor: wall time and peak memory (issue 14, item 2).

    python bench/export_bench.py --db /tmp/t10k.db --db /tmp/t100k.db --runs 3
    python bench/export_bench.py --db /tmp/t100k.db --old-src /tmp/old/src   # also an older checkout's src/
    python bench/export_bench.py --db /tmp/t10k.db --xlsx --runs 1           # export xlsx too (no floor)

Each command runs in a fresh process (automatic backups off) writing the whole ledger to a file;
peak RSS is the child's own `ru_maxrss` (os.wait4). The floor is plain `sqlite3` + `csv` in one
process: the same query (tasks, plan, item, departments joined with group_concat, the newest note
and change) written as the same columns, without the ledger's labels and formula rule. F is
`python -c "import typer, sqlmodel"`, what any Python CLI over SQLModel pays at start. `--xlsx`
adds `export xlsx` (two passes over the query in write-only mode; there is no raw floor for it).
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FLOOR = r"""
import csv, sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
names = lambda role: (
    "(SELECT group_concat(name, '、') FROM (SELECT d.name FROM assignment a JOIN department d "
    "ON d.id = a.department_id WHERE a.task_id = t.id AND a.role = '" + role + "' ORDER BY a.id))"
)
sql = (
    "SELECT t.id, p.code || '-' || t.code, p.code, i.title, t.title, " + names("lead") + ", "
    + names("participant") + ", t.status, t.progress, t.due_date, n.text, n.at, c.actor, c.at "
    "FROM task t JOIN plan p ON p.id = t.plan_id LEFT JOIN item i ON i.id = t.item_id "
    "LEFT JOIN note n ON n.id = (SELECT id FROM note WHERE task_id = t.id ORDER BY at DESC, id DESC LIMIT 1) "
    "LEFT JOIN change c ON c.id = (SELECT MAX(id) FROM change WHERE task_id = t.id "
    "AND field IN ('status', 'progress', 'due_date', 'note', 'target')) "
    "WHERE t.retired = 0 ORDER BY t.plan_id, CASE t.kind WHEN 'action' THEN 0 WHEN 'project' THEN 1 "
    "WHEN 'milestone' THEN 2 ELSE 3 END, i.number, t.number"
)
with open(sys.argv[2], "w", encoding="utf-8-sig", newline="") as fh:
    out = csv.writer(fh, lineterminator="\r\n")
    out.writerow(["ID", "code", "plan", "item", "title", "leads", "participants", "status", "progress",
                  "due", "note", "note_at", "changed_by", "changed_at"])
    cur = conn.execute(sql)
    while rows := cur.fetchmany(2000):
        out.writerows(rows)
"""


def run(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MiB) of one child process."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"failed: {' '.join(cmd)}\n{proc.stderr.read().decode() if proc.stderr else ''}")
    return elapsed, usage.ru_maxrss / 1024


def tasks_in(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return int(conn.execute("SELECT COUNT(*) FROM task WHERE retired = 0").fetchone()[0])


def measure(commands: dict[str, tuple[list[str], dict[str, str]]], runs: int) -> dict[str, tuple[float, float]]:
    """Median seconds and peak MiB of each command, run interleaved (a shared machine's load hits all alike)."""
    seen: dict[str, list[tuple[float, float]]] = {label: [] for label in commands}
    for _ in range(runs):
        for label, (cmd, env) in commands.items():
            seen[label].append(run(cmd, env))
    out = {}
    for label, figures in seen.items():
        out[label] = (statistics.median(t for t, _ in figures), max(m for _, m in figures))
        print(f"  {label:<28} {out[label][0]:8.3f} s   peak {out[label][1]:7.1f} MiB", flush=True)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", action="append", required=True, type=Path, help="a store (repeatable)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--old-src", type=Path, help="another checkout's src/ to measure side by side")
    parser.add_argument("--xlsx", action="store_true", help="measure export xlsx as well")
    args = parser.parse_args()
    from cli_bench import installed_bytecode  # this directory is on sys.path: it is the script's

    print(installed_bytecode())
    py = sys.executable
    sciplan = [py, "-m", "sciplan_tui"]
    env = {**os.environ, "SCIPLAN_AUTO_BACKUP": "0", "SCIPLAN_LANG": "en"}
    work = Path(tempfile.mkdtemp(prefix="export-bench-"))
    try:
        for db in args.db:
            print(f"{db} ({tasks_in(db):,} tasks)")
            out = work / "ledger.csv"
            cmd = [*sciplan, "--db", str(db), "export", "csv", "-o", str(out)]
            commands = {
                "F: import typer, sqlmodel": ([py, "-c", "import typer, sqlmodel"], env),
                "raw sqlite3 + csv floor": ([py, "-c", FLOOR, str(db), str(out)], env),
                "sciplan export csv": (cmd, env),
            }
            if args.old_src is not None:
                commands["the same, --old-src"] = (cmd, {**env, "PYTHONPATH": str(args.old_src)})
            if args.xlsx:
                xlsx = [*sciplan, "--db", str(db), "export", "xlsx", "-o", str(work / "ledger.xlsx")]
                commands["sciplan export xlsx"] = (xlsx, env)
                if args.old_src is not None:
                    commands["export xlsx, --old-src"] = (xlsx, {**env, "PYTHONPATH": str(args.old_src)})
            got = measure(commands, args.runs)
            f, raw, now = (
                got["F: import typer, sqlmodel"][0],
                got["raw sqlite3 + csv floor"][0],
                got["sciplan export csv"][0],
            )
            print(f"  -> {now / raw:.2f} x raw floor, {now / f:.2f} x F, {out.stat().st_size / 2**20:.1f} MiB written")
            if args.old_src is not None:
                print(f"  -> before: {got['the same, --old-src'][0] / raw:.2f} x raw floor")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
