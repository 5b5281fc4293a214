"""Issue 14's table in one run: sciplan's scripted commands beside their floors and Taskwarrior, at each store size.

    .venv/bin/python bench/cli_bench.py --db /tmp/st10000.db --db /tmp/st100000.db --db /tmp/st300000.db \\
        --runs 5 --json-out /tmp/cli_bench.json            # --gen-300k: also time bench/gen_store.py
    .venv/bin/python bench/cli_bench.py --report-from /tmp/cli_bench.json   # the same report again, measuring nothing

Columns: the seeds (`sciplan init`, ~190 tasks, always), then each --db store (made by bench/gen_store.py).
Each store is copied first with SQLite's backup API through a read-only connection (the source is never
written), and the copy is opened once by `sciplan history --limit 1`, untimed, so a pending migration is not
timed. The bulk commands run on two further copies (one for sciplan, one for the floor), and afterwards the
two must hold the same statuses, progress, notes and history rows (else the report says so).
sciplan's modules are compiled to bytecode first, as `pip install .` leaves them (installed_bytecode).
Every command runs in a fresh process; a column's commands run interleaved, round after round, and each
figure is the median of --runs rounds. Peak memory (listings and exports) is measured by /usr/bin/time -f %M:
a child's own ru_maxrss (os.wait4) starts at its parent's high-water mark, so it would show the harness's.

  F            python -c "import typer, sqlmodel" (what any Python CLI over SQLModel pays at start)
  set          sciplan set ID --status 进行中|受阻 --note x (alternating, so every run writes)
  Taskwarrior  task ID modify +x|-x and task ID annotate x, on as many tasks (skipped, with the reason, if absent)
  tasks        sciplan tasks --dept 县科协 --status 未开始 --json, and the same with --plan P
  export       sciplan export csv -o FILE, beside export_bench.FLOOR (stdlib sqlite3 + csv, the same rows)
  set --from   a CSV of N lines (id,status,progress,note), beside BULK_FLOOR: stdlib sqlite3 making the same
               updates, notes and history rows in one transaction

SCIPLAN_AUTO_BACKUP is left unset: none of these commands takes an automatic backup (docs/cli.md); a
backups/ directory found beside a copy afterwards is reported. The targets are issue 14's.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import json
import os
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import taskwarrior_side as tw  # noqa: E402
from export_bench import FLOOR as EXPORT_FLOOR  # noqa: E402

PY = sys.executable
_SCRIPT = Path(PY).with_name("sciplan")
SCIPLAN = [str(_SCRIPT)] if _SCRIPT.exists() else [PY, "-m", "sciplan_tui"]  # the console script users run
STATUSES = ("进行中", "受阻")
DEPT, STATUS = "县科协", "未开始"
GEN_TASKS = 300_000  # --gen-300k
TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None  # GNU time, for the peak memory

# The floor for `set --from FILE`: what apply_updates writes (services/updates.py), in one transaction —
# each task's status and progress, one note per line, a change row per changed field and per note.
BULK_FLOOR = r"""
import csv, sqlite3, sys, uuid
from datetime import datetime, timezone
db, path = sys.argv[1], sys.argv[2]
with open(path, encoding="utf-8", newline="") as fh:
    lines = [(int(r["id"]), r["status"], int(r["progress"]), r["note"]) for r in csv.DictReader(fh)]
now = datetime.now(timezone.utc).replace(tzinfo=None).isoformat(" ", "microseconds")
batch, source = uuid.uuid4().hex, "set --from " + path
conn = sqlite3.connect(db, isolation_level=None)
conn.execute("BEGIN IMMEDIATE")
ids, state = sorted({line[0] for line in lines}), {}
for start in range(0, len(ids), 900):
    chunk = ids[start:start + 900]
    sql = "SELECT id, status, progress, plan_id FROM task WHERE id IN (%s)" % ",".join("?" * len(chunk))
    state.update({r[0]: {"status": r[1], "progress": r[2], "plan": r[3]} for r in conn.execute(sql, chunk)})
changes = []
for tid, status, progress, note in lines:
    task = state[tid]
    for name, new in (("status", status), ("progress", progress)):
        if task[name] != new:
            changes.append((batch, task["plan"], tid, None, now, "bench", name, str(task[name]), str(new), note))
            task[name] = new
touched = sorted({c[2] for c in changes})
conn.executemany("UPDATE task SET status = ?, progress = ?, version = version + 1, updated_at = ? WHERE id = ?",
                 [(state[t]["status"], state[t]["progress"], now, t) for t in touched])
conn.executemany("INSERT INTO note (task_id, at, actor, text) VALUES (?, ?, ?, ?)",
                 [(tid, now, "bench", note) for tid, _, _, note in lines])
first = conn.execute("SELECT MAX(id) FROM note").fetchone()[0] - len(lines) + 1
changes += [(batch, state[tid]["plan"], tid, first + n, now, "bench", "note", None, note, source)
            for n, (tid, _, _, note) in enumerate(lines)]
conn.executemany('INSERT INTO "change" (batch, plan_id, task_id, ref_id, at, actor, field, old, new, note) '
                 "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", changes)
conn.execute("COMMIT")
"""


@dataclass
class Figure:
    seconds: float  # median
    runs: list[float]
    peak_mib: float | None  # the highest of the runs; None when not measured


@dataclass
class Column:
    name: str
    tasks: int
    figures: dict[str, Figure] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def s(self, key: str) -> float:
        return self.figures[key].seconds

    def ratio(self, key: str, base: str) -> float | None:
        if key not in self.figures or base not in self.figures:
            return None
        return self.s(key) / self.s(base)


@dataclass
class Command:
    argv: Callable[[int], list[str]]  # the run's index -> the command line
    env: dict[str, str]
    memory: bool = False  # measure its peak memory too


def run(cmd: list[str], env: dict[str, str], *, memory: bool = False) -> tuple[float, float | None]:
    """Wall seconds of one child process, and its peak RSS in MiB if asked; a failure stops the bench."""
    wrapped = memory and TIME is not None
    with tempfile.TemporaryFile() as err, tempfile.NamedTemporaryFile("r") as peak:
        argv = [TIME, "-f", "%M", "-o", peak.name, *cmd] if wrapped and TIME else cmd
        started = time.perf_counter()
        done = subprocess.run(argv, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err)
        elapsed = time.perf_counter() - started
        if done.returncode != 0:  # stderr goes to a file, not a pipe: a chatty child never blocks
            err.seek(0)
            raise SystemExit(f"failed: {' '.join(cmd)}\n{err.read().decode(errors='replace')}")
        return elapsed, int(peak.read().split()[-1]) / 1024 if wrapped else None


def measure(commands: dict[str, Command], runs: int, label: str) -> dict[str, Figure]:
    """Every command once per round, in order (A, B, C, A, B, C…), for `runs` rounds."""
    seen: dict[str, list[tuple[float, float | None]]] = {key: [] for key in commands}
    for r in range(runs):
        for key, command in commands.items():
            seen[key].append(run(command.argv(r), command.env, memory=command.memory))
        line = "  ".join(f"{key} {seen[key][-1][0]:.3f}" for key in commands)
        print(f"[{label}] round {r + 1}/{runs}: {line}", file=sys.stderr, flush=True)
    return {key: figure(got) for key, got in seen.items()}


def figure(got: list[tuple[float, float | None]]) -> Figure:
    peaks = [m for _, m in got if m is not None]
    return Figure(statistics.median(t for t, _ in got), [round(t, 4) for t, _ in got], max(peaks) if peaks else None)


def base_env() -> dict[str, str]:
    env = dict(os.environ)
    for name in ("SCIPLAN_DB", "SCIPLAN_AUTO_BACKUP"):  # the --db given, and the product's default backups
        env.pop(name, None)
    return env


def copy_store(src: Path, dest: Path) -> Path:
    """A private copy of `src`, read through a read-only connection: the source is never written."""
    source = sqlite3.connect(f"{src.resolve().as_uri()}?mode=ro", uri=True)
    target = sqlite3.connect(dest)
    try:
        source.backup(target)
    finally:
        source.close()
        target.close()
    return dest


def pick(db: Path) -> tuple[list[int], int, str]:
    """The live task IDs, one in the middle for `set`, and a plan that has the department (for --plan)."""
    with sqlite3.connect(db) as conn:
        ids = [r[0] for r in conn.execute("SELECT id FROM task WHERE retired = 0 ORDER BY id")]
        plan = conn.execute(
            "SELECT p.code FROM plan p JOIN department d ON d.plan_id = p.id WHERE d.name = ? ORDER BY p.id LIMIT 1",
            (DEPT,),
        ).fetchone()
    if plan is None:
        raise SystemExit(f"{db}: no plan has the department {DEPT}")
    return ids, ids[len(ids) // 2], plan[0]


def bulk_file(path: Path, ids: list[int], run: int) -> Path:
    """A `set --from` CSV: status alternating with the run, progress and note new on every line."""
    status = ("in_progress", "blocked")[run % 2]
    with open(path, "w", encoding="utf-8", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(["id", "status", "progress", "note"])
        out.writerows((tid, status, 10 * (1 + (i + run) % 9), f"bench {run}-{i}") for i, tid in enumerate(ids))
    return path


def commands(work: Path, db: Path, lines: list[int], runs: int, taskwarrior: str | None) -> dict[str, Command]:
    """A column's commands, in the order they run each round; makes the copies and files they need."""
    env = base_env()
    live, task_id, plan = pick(db)
    bulk_db, raw_db = copy_store(db, work / "bulk.db"), copy_store(db, work / "raw.db")
    main = str(db)
    listing = [*SCIPLAN, "--db", main, "tasks", "--dept", DEPT, "--status", STATUS, "--json"]
    out: dict[str, Command] = {
        "F": Command(lambda r: [PY, "-c", "import typer, sqlmodel"], env),
        "set": Command(
            lambda r: [*SCIPLAN, "--db", main, "set", str(task_id), "--status", STATUSES[r % 2], "--note", "x"], env
        ),
    }
    if taskwarrior is not None:
        rc = tw.fill(db, work / "taskwarrior", taskwarrior)
        tw_id = len(live) // 2 + 1
        out["tw_modify"] = Command(lambda r: tw.modify(taskwarrior, tw_id, r), tw.env(rc))
        out["tw_annotate"] = Command(lambda r: tw.annotate(taskwarrior, tw_id, r), tw.env(rc))
    out["tasks"] = Command(lambda r: listing, env, memory=True)
    out["tasks_plan"] = Command(lambda r: [*listing, "--plan", plan], env, memory=True)
    out["export_raw"] = Command(lambda r: [PY, "-c", EXPORT_FLOOR, main, str(work / "raw.csv")], env, memory=True)
    ledger = [*SCIPLAN, "--db", main, "export", "csv", "-o", str(work / "ledger.csv")]
    out["export"] = Command(lambda r: ledger, env, memory=True)
    rng = random.Random(14)
    for n in lines:
        chosen = rng.sample(live, n) if n <= len(live) else rng.choices(live, k=n)
        files = [bulk_file(work / f"bulk-{n}-{r}.csv", chosen, r) for r in range(runs)]
        out[f"bulk_raw_{n}"], out[f"bulk_{n}"] = bulk_commands(files, raw_db, bulk_db, env)
    return out


def bulk_commands(files: list[Path], raw_db: Path, db: Path, env: dict[str, str]) -> tuple[Command, Command]:
    """The floor on its copy and `set --from` on its own, each run taking the run's file."""
    floor = Command(lambda r: [PY, "-c", BULK_FLOOR, str(raw_db), str(files[r])], env)
    return floor, Command(lambda r: [*SCIPLAN, "--db", str(db), "set", "--from", str(files[r])], env)


def column(source: Path | None, work: Path, lines: list[int], runs: int, taskwarrior: str | None) -> Column:
    """One store size: the seeds (`sciplan init`) when `source` is None, else a copy of `source`."""
    work.mkdir(parents=True)
    db = work / "main.db"
    if source is None:
        run([*SCIPLAN, "--db", str(db), "init"], base_env())
    else:
        copy_store(source, db)
        run([*SCIPLAN, "--db", str(db), "history", "--limit", "1"], base_env())  # opened (migrated) untimed
    migrated = _backups(work)  # a migration backs the store up first: that is not a measured command's
    with sqlite3.connect(db) as conn:
        tasks = conn.execute("SELECT COUNT(*) FROM task WHERE retired = 0").fetchone()[0]
    col = Column("seeds" if source is None else f"{tasks:,}", tasks)
    print(f"[{col.name}] {source or 'sciplan init'}: {tasks:,} tasks", file=sys.stderr, flush=True)
    col.figures = measure(commands(work, db, lines, runs, taskwarrior), runs, col.name)
    if differences := same_writes(work / "bulk.db", work / "raw.db"):
        col.notes.append(f"the bulk floor did not write what `set --from` wrote: {differences}")
    col.notes += [f"a measured command took an automatic backup: {p}" for p in sorted(_backups(work) - migrated)]
    return col


def _backups(work: Path) -> set[Path]:
    return {p for d in work.rglob("backups") if d.is_dir() for p in d.iterdir()}


def same_writes(ours: Path, floor: Path) -> str:
    """'' when `set --from` and BULK_FLOOR left the same statuses, progress, notes and history rows."""
    checks = {
        "tasks": "SELECT id, status, progress, version FROM task ORDER BY id",
        "notes": "SELECT task_id, text FROM note ORDER BY id",
        "history": 'SELECT task_id, field, old, new FROM "change" ORDER BY id',
    }
    found = []
    with sqlite3.connect(ours) as a, sqlite3.connect(floor) as b:
        for name, sql in checks.items():  # row by row: a 300k store's history is not held in memory
            if any(x != y for x, y in itertools.zip_longest(a.execute(sql), b.execute(sql))):
                found.append(name)
    return ", ".join(found)


# ---------------------------------------------------------------------------------------------- the report


def rows(lines: list[int]) -> list[tuple[str, str, str | None, str]]:
    """(figure key, what it is, the key its ratio is to, issue 14's target)."""
    out = [
        ("F", 'floor F: `python -c "import typer, sqlmodel"`', None, ""),
        ("set", "`sciplan set ID --status 进行中 --note x`", "F", "≤ 0.45×F, every size"),
        ("tw_modify", "Taskwarrior `task ID modify +x`", None, ""),
        ("tw_annotate", "Taskwarrior `task ID annotate x`", None, ""),
        ("tasks", f"`sciplan tasks --dept {DEPT} --status {STATUS} --json`", "F", "≤ 0.6×F at 200 and 10k"),
        ("tasks_plan", "the same with `--plan P`", "F", "≤ 0.6×F at 200 and 10k"),
        ("export_raw", "raw floor: sqlite3 + csv, the same rows", None, ""),
        ("export", "`sciplan export csv -o FILE`", "export_raw", "≤ 1.5× raw, ≤ 120 MiB at 100k; flat"),
    ]
    for n in lines:
        target = "≤ 1.5× raw at 100k" if n == 10_000 else ""
        out.append((f"bulk_raw_{n}", f"raw floor: sqlite3, {n:,} updates + history", None, ""))
        out.append((f"bulk_{n}", f"`sciplan set --from FILE`, {n:,} lines", f"bulk_raw_{n}", target))
    return out


def cell(col: Column, key: str, base: str | None) -> str:
    if key not in col.figures:
        return "—"
    text = f"{col.s(key):.3f} s"
    ratio = col.ratio(key, base) if base else None
    if ratio is not None:
        text += f" = {ratio:.2f}×" + ("F" if base == "F" else " raw")
    if key == "set" and (tw_ratio := col.ratio("set", "tw_modify")) is not None:
        text += f" = {tw_ratio:.2f}× TW"
    if (peak := col.figures[key].peak_mib) is not None:
        text += f", {peak:.0f} MiB"
    return text


def ratios(col: Column, lines: list[int]) -> dict[str, float | None]:
    """Every ratio the table shows, by figure key (and set_tw: set against Taskwarrior's modify)."""
    out = {key: col.ratio(key, base) for key, _, base, _ in rows(lines) if base and key in col.figures}
    out["set_tw"] = col.ratio("set", "tw_modify")
    return out


def table(columns: list[Column], lines: list[int]) -> str:
    head = ["measure", *(c.name for c in columns), "target"]
    out = ["| " + " | ".join(head) + " |", "|---|" + "---:|" * len(columns) + "---|"]
    for key, what, base, target in rows(lines):
        if any(key in c.figures for c in columns):
            out.append("| " + " | ".join([what, *(cell(c, key, base) for c in columns), target]) + " |")
    return "\n".join(out)


@dataclass
class Verdict:
    target: str
    figures: str
    met: bool | None  # None: not measured at that size


def verdict(target: str, values: list[tuple[str, float | None]], ok: Callable[[float], bool], unit: str) -> Verdict:
    got = [(name, v) for name, v in values if v is not None]
    if not got:
        return Verdict(target, "not measured (no store of that size)", None)
    return Verdict(target, ", ".join(f"{name}: {v:.2f}{unit}" for name, v in got), all(ok(v) for _, v in got))


def verdicts(columns: list[Column], gen_s: float | None) -> list[Verdict]:
    small = [c for c in columns if c.tasks <= 20_000]
    large = [c for c in columns if c.tasks >= 90_000]
    out = [
        verdict(
            "one `set` ≤ 0.45×F at every size",
            [(c.name, c.ratio("set", "F")) for c in columns],
            lambda v: v <= 0.45,
            "×F",
        ),
        verdict(
            "`tasks` with filters ≤ 0.6×F at 200 and 10k (without, with --plan)",
            [(f"{c.name}{p}", c.ratio(k, "F")) for c in small for k, p in (("tasks", ""), ("tasks_plan", " --plan"))],
            lambda v: v <= 0.6,
            "×F",
        ),
        verdict(
            "`set` faster than Taskwarrior from ~20k tasks",
            [(c.name, c.ratio("set", "tw_modify")) for c in columns if c.tasks >= 20_000],
            lambda v: v < 1,
            "× TW",
        ),
        verdict(
            "`export csv` ≤ 1.5× raw floor at 100k",
            [(c.name, c.ratio("export", "export_raw")) for c in large],
            lambda v: v <= 1.5,
            "× raw",
        ),
        verdict(
            "`export csv` peak ≤ 120 MiB at 100k",
            [(c.name, c.figures["export"].peak_mib) for c in large],
            lambda v: v <= 120,
            " MiB",
        ),
    ]
    if (flat := flat_export(columns)) is not None:
        out.append(flat)
    out.append(
        verdict(
            "`set --from` 10k lines ≤ 1.5× raw floor at 100k",
            [(c.name, c.ratio("bulk_10000", "bulk_raw_10000")) for c in large],
            lambda v: v <= 1.5,
            "× raw",
        )
    )
    if gen_s is not None:
        out.append(
            verdict(
                "`bench/gen_store.py` builds 300k tasks in ≤ 5 minutes", [("300k", gen_s)], lambda v: v <= 300, " s"
            )
        )
    return out


def flat_export(columns: list[Column]) -> Verdict | None:
    """Flat memory: `export csv`'s peak at the largest store at most 1.5 × the smallest generated store's.

    Bounded, not constant: the interpreter's own ~20 MiB and SQLite's sorter and caches grow a little with the
    store (a peak that grew with the rows would be 30 × from 10k to 300k; the built ledger went 120 → 653 MiB).
    """
    generated = sorted((c for c in columns if c.tasks >= 5_000), key=lambda c: c.tasks)
    if len(generated) < 2:
        return None
    low, high = generated[0].figures["export"].peak_mib, generated[-1].figures["export"].peak_mib
    if low is None or high is None:
        return None
    target = f"`export csv` peak flat {generated[0].name} → {generated[-1].name} (≤ 1.5×)"
    return verdict(target, [(f"{low:.0f} → {high:.0f} MiB", high / low)], lambda v: v <= 1.5, "×")


def verdict_table(found: list[Verdict]) -> str:
    marks = {True: "yes", False: "**no**", None: "n/a"}
    out = ["| target (issue 14) | measured | met |", "|---|---|---|"]
    out += [f"| {v.target} | {v.figures} | {marks[v.met]} |" for v in found]
    return "\n".join(out)


def machine() -> dict[str, object]:
    commit = subprocess.run(["git", "-C", str(HERE), "describe", "--always", "--dirty"], capture_output=True, text=True)
    return {
        "at": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cores": os.cpu_count(),
        "load": [round(x, 2) for x in os.getloadavg()],
        "python": sys.version.split()[0],
        "sqlite": sqlite3.sqlite_version,
        "commit": commit.stdout.strip(),
    }


# ---------------------------------------------------------------------------------------------- main


def gen_300k(work: Path) -> tuple[Path, float, float | None]:
    """Time bench/gen_store.py building 300k tasks; its store becomes a column."""
    db = work / "gen300k.db"
    print(f"[gen] bench/gen_store.py --tasks {GEN_TASKS}", file=sys.stderr, flush=True)
    seconds, peak = run(
        [PY, str(HERE / "gen_store.py"), "--db", str(db), "--tasks", str(GEN_TASKS)], base_env(), memory=True
    )
    return db, seconds, peak


def installed_bytecode() -> str:
    """Compile sciplan_tui's modules to bytecode as `pip install .` does, and say where.

    A clerk's install (README, first command) is compiled by pip; an editable install under
    PYTHONDONTWRITEBYTECODE=1 (set on this workplace's machines) never is, so each measured process
    would compile ~30 modules from source (~40 ms) that no user ever compiles.
    """
    import compileall

    import sciplan_tui

    package = Path(sciplan_tui.__file__).resolve().parent
    compileall.compile_dir(package, quiet=1)
    flag = " (PYTHONDONTWRITEBYTECODE=1 here)" if sys.flags.dont_write_bytecode else ""
    return f"bytecode of {package} compiled as pip compiles an install{flag}"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", action="append", type=Path, default=[], help="a bench/gen_store.py store (repeatable)")
    parser.add_argument("--runs", type=int, default=5, help="rounds; each figure is their median")
    parser.add_argument("--lines", default="1000,10000", help="`set --from` file sizes, comma-separated")
    parser.add_argument("--json-out", type=Path, help="write the raw figures here")
    parser.add_argument("--gen-300k", action="store_true", help="also time bench/gen_store.py --tasks 300000")
    parser.add_argument("--task", help="the Taskwarrior binary (default: `task` on PATH)")
    parser.add_argument("--report-from", type=Path, help="print the report of an earlier --json-out, measuring nothing")
    args = parser.parse_args(argv)
    if args.report_from:
        render(json.loads(args.report_from.read_text(encoding="utf-8")))
        return
    lines = [int(n) for n in args.lines.split(",") if n.strip()]
    print(installed_bytecode(), file=sys.stderr)
    taskwarrior, tw_about = tw.find(args.task)
    started = machine()
    print(f"Taskwarrior: {tw_about}" if taskwarrior else f"Taskwarrior: skipped — {tw_about}", file=sys.stderr)
    gen_s = gen_peak = None
    with tempfile.TemporaryDirectory(prefix="cli-bench-") as tmp:
        stores: list[Path | None] = [None, *args.db]
        if args.gen_300k:
            generated, gen_s, gen_peak = gen_300k(Path(tmp))
            stores.append(generated)
        columns = []
        for i, source in enumerate(stores):
            columns.append(column(source, Path(tmp) / f"col{i}", lines, args.runs, taskwarrior))
            shutil.rmtree(Path(tmp) / f"col{i}", ignore_errors=True)  # the copies of a 300k store weigh GBs
    report = {
        "machine": {"start": started, "end": machine()},
        "runs": args.runs,
        "lines": lines,
        "taskwarrior": {"binary": taskwarrior, "about": tw_about},
        "gen_300k": None if gen_s is None else {"seconds": gen_s, "peak_mib": gen_peak},
        "columns": [{**asdict(c), "ratios": ratios(c, lines)} for c in columns],
    }
    found = render(report)
    if args.json_out:
        report["verdicts"] = [asdict(v) for v in found]
        args.json_out.write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")


def render(report: dict[str, Any]) -> list[Verdict]:
    """Print the report of a run (fresh, or read back from --json-out) and return the verdicts."""
    columns = [
        Column(c["name"], c["tasks"], {k: Figure(**f) for k, f in c["figures"].items()}, c["notes"])
        for c in report["columns"]
    ]
    started, ended, gen = report["machine"]["start"], report["machine"]["end"], report["gen_300k"]
    found = verdicts(columns, gen and gen["seconds"])
    print(f"## sciplan scripted commands, side by side ({started['at']} → {ended['at']})\n")
    print(
        f"{started['cores']} cores, load average {started['load']} at the start and {ended['load']} at the end; "
        f"Python {started['python']}, SQLite {started['sqlite']}, commit {started['commit']}; "
        f"medians of {report['runs']} interleaved runs, each a fresh process."
    )
    about = report["taskwarrior"]["about"]
    print(f"Taskwarrior: {about}." if report["taskwarrior"]["binary"] else f"Taskwarrior: skipped — {about}.")
    if gen is not None:
        peak = "" if gen["peak_mib"] is None else f", peak {gen['peak_mib']:.0f} MiB"
        print(f"`bench/gen_store.py --tasks {GEN_TASKS}`: {gen['seconds']:.0f} s{peak}.")
    print()
    print(table(columns, report["lines"]))
    print()
    print(verdict_table(found))
    for c in columns:
        for note in c.notes:
            print(f"\nNote ({c.name}): {note}")
    return found


if __name__ == "__main__":
    main()
