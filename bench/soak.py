"""Soak: minutes of mixed load on one store from several processes; ops/s, errors and latency per kind.

    python bench/soak.py                        # 3 minutes on a temp store seeded with the bundled plans
    python bench/soak.py --minutes 1 --workers 4
    python bench/soak.py --db /tmp/big.db       # an existing store, e.g. from bench/gen_store.py
    python bench/soak.py --large 300000         # generate a large store first (bench/gen_store.py)

Each worker process opens its own Services and loops over a weighted mix: single `set` updates, notes,
bulk updates of 50 tasks in one transaction, filtered task lists and the due report. Every error counts
(the promise is zero: no "database is locked", no conflict, no crash). At the end `check()` must pass.
Not part of the test suite; docs/reliability.md records the figures of the last run.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

MIX = {"set": 35, "note": 25, "bulk": 10, "list": 20, "due": 10}
STATUSES = ("not_started", "in_progress", "done", "blocked")


def _worker(db: str, index: int, seconds: float, gate: float, queue: mp.Queue) -> None:  # type: ignore[type-arg]
    from sciplan_tui.actor import Actor
    from sciplan_tui.services import Services, TaskFilter, TaskUpdate
    from sciplan_tui.store import open_store

    services = Services(open_store(db), Actor(f"soak{index}"))
    ids = [t.id for t in services.tasks(TaskFilter())]
    plans = [p.code for p in services.plans()]
    rng = random.Random(index)
    kinds = [k for k, w in MIX.items() for _ in range(w)]
    latencies: dict[str, list[float]] = {k: [] for k in MIX}
    errors: list[str] = []

    def change() -> tuple[str, int]:
        """A status and a progress that agree (rules.py: not started 0 %, done 100 %)."""
        status = rng.choice(STATUSES)
        return status, {"not_started": 0, "done": 100}.get(status, rng.randrange(101))

    def run(kind: str) -> None:
        if kind == "set":
            status, progress = change()
            services.set_tasks([rng.choice(ids)], status=status, progress=progress)
        elif kind == "note":
            services.add_note(rng.choice(ids), f"soak {index} {rng.random():.6f}")
        elif kind == "bulk":
            chosen = rng.sample(ids, min(50, len(ids)))
            services.update([TaskUpdate(t, *change(), note="soak bulk") for t in chosen])
        elif kind == "list":
            services.tasks(TaskFilter(plan=rng.choice(plans), statuses=(rng.choice(STATUSES),)), limit=200)
        else:
            services.due(30)

    time.sleep(max(0.0, gate - time.time()))
    end = time.time() + seconds
    while time.time() < end:
        kind = rng.choice(kinds)
        started = time.perf_counter()
        try:
            run(kind)
        except Exception as exc:  # every failure is a finding: counted and reported, never hidden
            errors.append(f"{kind}: {type(exc).__name__}: {exc}"[:300])
            continue
        latencies[kind].append(time.perf_counter() - started)
    services.store.dispose()
    queue.put({"index": index, "latencies": latencies, "errors": errors})


def _seeded_store() -> str:
    from sciplan_tui.actor import Actor
    from sciplan_tui.seed import import_bundled
    from sciplan_tui.services import Services
    from sciplan_tui.store import open_store

    path = Path(tempfile.mkdtemp(prefix="sciplan-soak-")) / "sciplan.db"
    store = open_store(path)
    import_bundled(Services(store, Actor("soak")))
    store.dispose()
    return str(path)


def _large_store(tasks: int) -> str:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from gen_store import generate  # bench/gen_store.py

    path = Path(tempfile.mkdtemp(prefix="sciplan-soak-")) / "large.db"
    generate(str(path), tasks, 7, 200)
    return str(path)


def _pct(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", help="store path or URL (default: a temp store seeded with the bundled plans)")
    parser.add_argument("--minutes", type=float, default=3.0)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--large", type=int, metavar="TASKS", help="generate a store of about TASKS tasks first")
    parser.add_argument("--json", dest="json_out", help="also write the figures to this file")
    args = parser.parse_args()

    db = args.db or (_large_store(args.large) if args.large else _seeded_store())
    seconds = args.minutes * 60
    ctx = mp.get_context("spawn")
    queue = ctx.Queue()
    gate = time.time() + 3.0
    procs = [ctx.Process(target=_worker, args=(db, i, seconds, gate, queue)) for i in range(args.workers)]
    for p in procs:
        p.start()
    results = [queue.get(timeout=seconds + 600) for _ in procs]
    for p in procs:
        p.join()

    figures = _figures(results, seconds)
    figures.update({"db": db, "workers": args.workers, "minutes": args.minutes, "check": _check(db)})
    _print(figures)
    if args.json_out:
        Path(args.json_out).write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    if figures["errors"] or not figures["check"]["ok"]:
        sys.exit(1)


def _figures(results: list[dict], seconds: float) -> dict:  # type: ignore[type-arg]
    kinds: dict[str, dict[str, float]] = {}
    for kind in MIX:
        values = [v for r in results for v in r["latencies"][kind]]
        kinds[kind] = {"ops": len(values), "ops_per_s": round(len(values) / seconds, 1),
                       "p50_ms": round(_pct(values, 0.50), 2), "p99_ms": round(_pct(values, 0.99), 2),
                       "max_ms": round(max(values, default=0) * 1000, 1),
                       "mean_ms": round(statistics.fmean(values) * 1000, 2) if values else 0.0}
    total = sum(k["ops"] for k in kinds.values())
    errors = [e for r in results for e in r["errors"]]
    return {"kinds": kinds, "total_ops": total, "ops_per_s": round(total / seconds, 1),
            "errors": len(errors), "first_errors": errors[:10]}


def _check(db: str) -> dict:  # type: ignore[type-arg]
    from sciplan_tui.services.integrity import check
    from sciplan_tui.store import open_store

    store = open_store(db)
    report = check(store)
    store.dispose()
    return {"ok": report.ok, "problems": len(report.problems), "seconds": round(report.seconds, 2),
            "counts": report.counts}


def _print(f: dict) -> None:  # type: ignore[type-arg]
    print(f"store {f['db']}: {f['workers']} worker processes, {f['minutes']} min")
    print(f"{'kind':<6}{'ops':>9}{'ops/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'max ms':>9}")
    for kind, k in f["kinds"].items():
        print(f"{kind:<6}{k['ops']:>9}{k['ops_per_s']:>9}{k['p50_ms']:>9}{k['p99_ms']:>9}{k['max_ms']:>9}")
    print(f"total {f['total_ops']} ops, {f['ops_per_s']} ops/s, errors {f['errors']}")
    for e in f["first_errors"]:
        print("  " + e)
    c = f["check"]
    print(f"check: {'sound' if c['ok'] else str(c['problems']) + ' problems'} ({c['seconds']} s; {c['counts']})")


if __name__ == "__main__":
    main()
