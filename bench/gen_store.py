"""Generate a large realistic store: N plans (cloned from the real seeds under new county names, with
their own departments), then statuses, progress notes and history written through the services.

    python bench/gen_store.py --db /tmp/big.db --tasks 300000

Everything goes through the same code as a clerk's work: PlanDrafts through Services.import_plans,
status changes and notes through Services.update (so every change has its history row). Automatic
backups are off while it runs (SCIPLAN_AUTO_BACKUP=0; --backups turns them on): copying a growing
store before every batch made building 300k tasks quadratic and left gigabytes of backups behind.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import os
import random
import time
from datetime import date, timedelta
from pathlib import Path

from sciplan_tui.actor import Actor
from sciplan_tui.clock import Clock
from sciplan_tui.importer import read_plan
from sciplan_tui.importer.drafts import AssignmentDraft, DepartmentDraft, PlanDraft
from sciplan_tui.seed import seed_files
from sciplan_tui.services import Services, TaskFilter, TaskUpdate
from sciplan_tui.store import open_store

FIRST = "青白金银石云山河江湖清平安长永东西南北新宁泰和兴德福寿华阳崇文武"
SECOND = "山水川阳溪林源田州城桥岭宁安丰乐平江口门台关峰"
LEVEL_PREFIX = {"县": "县", "市": "市", "区": "区"}
STATUSES = ["not_started"] * 4 + ["in_progress"] * 4 + ["done"] * 3 + ["blocked", "cancelled"]
NOTES = ["已召开专题部署会", "完成阶段性目标，正在推进", "已开展科普活动3场，覆盖群众1200人次",
         "因经费未到位暂缓实施", "已报送进展材料", "正在协调相关单位配合"]


def county_names(n: int, rng: random.Random) -> list[str]:
    names: list[str] = []
    seen: set[str] = set()
    while len(names) < n:
        base = rng.choice(FIRST) + rng.choice(SECOND)
        name = base if base not in seen else f"{base}{len(names)}"
        seen.add(name)
        names.append(name)
    return names


def rename(draft: PlanDraft, jurisdiction: str) -> PlanDraft:
    """The same plan for another county: new name and title; departments keep their level prefix."""
    old = draft.jurisdiction

    def dept(name: str) -> str:
        return name.replace(old, jurisdiction)

    def assignments(items: tuple[AssignmentDraft, ...]) -> tuple[AssignmentDraft, ...]:
        return tuple(dataclasses.replace(a, department=dept(a.department)) for a in items)

    items = tuple(dataclasses.replace(
        item, assignments=assignments(item.assignments),
        tasks=tuple(dataclasses.replace(t, assignments=assignments(t.assignments)) for t in item.tasks))
        for item in draft.items)
    departments = tuple(DepartmentDraft(dept(d.name), tuple(dept(a) for a in d.aliases)) for d in draft.departments)
    return dataclasses.replace(
        draft, jurisdiction=jurisdiction, title=draft.title.replace(old, jurisdiction), items=items,
        departments=departments, source_name=f"{jurisdiction}.txt",
        checksum=hashlib.sha256(f"{draft.checksum}{jurisdiction}".encode()).hexdigest())


def generate(db: str, tasks: int, seed: int, batch: int, *, backups: bool = False) -> dict[str, float]:
    if not backups:
        os.environ["SCIPLAN_AUTO_BACKUP"] = "0"
    rng = random.Random(seed)
    templates = [read_plan(p) for p in seed_files()]
    per_plan = sum(t.task_count() + len(t.milestones) for t in templates) / len(templates)
    n_plans = max(1, round(tasks / per_plan))
    store = open_store(db)
    services = Services(store, Actor("generator"), Clock(date(2024, 6, 30)))
    started = time.perf_counter()
    names = county_names(n_plans, rng)
    for start in range(0, n_plans, batch):
        drafts = [rename(templates[i % len(templates)], names[i]) for i in range(start, min(n_plans, start + batch))]
        services.import_plans(drafts)
    imported = time.perf_counter() - started
    started = time.perf_counter()
    changes = _work(services, store, rng)
    return {"plans": n_plans, "tasks": services.count(TaskFilter()), "import_s": imported,
            "updates": changes, "updates_s": time.perf_counter() - started}


def _work(services: Services, store, rng: random.Random) -> int:  # type: ignore[no-untyped-def]
    """Statuses, due dates and notes for about half the tasks, by several department accounts."""
    ids = [r.id for r in services.tasks(TaskFilter())]
    chosen = rng.sample(ids, len(ids) // 2)
    done = 0
    for start in range(0, len(chosen), 5000):
        actor = Actor(rng.choice(["zhang", "wang", "li", "zhao", "chen", "liu"]), rng.choice([None, "10.0.0.8"]))
        worker = Services(store, actor, services.clock)
        updates = []
        for tid in chosen[start:start + 5000]:
            status = rng.choice(STATUSES)
            updates.append(TaskUpdate(
                tid, status=status, progress=_progress(status, rng),
                due_date=date(2025, 12, 31) - timedelta(days=rng.randrange(0, 900)) if rng.random() < 0.3 else None,
                note=rng.choice(NOTES) if rng.random() < 0.4 else None))
        done += len(worker.update(updates).changes)
    return done


def _progress(status: str, rng: random.Random) -> int:
    """A progress that fits the status (rules.py: not started 0%, done 100%)."""
    return {"not_started": 0, "done": 100}.get(status, rng.randrange(0, 100, 10))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", required=True, help="store path or URL (created)")
    parser.add_argument("--tasks", type=int, default=300_000, help="about how many tasks")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--batch", type=int, default=200, help="plans per import transaction")
    parser.add_argument("--backups", action="store_true", help="keep automatic backups on (slow, large)")
    args = parser.parse_args()
    if "://" not in args.db and Path(args.db).exists():
        raise SystemExit(f"{args.db} exists; give a new path")
    figures = generate(args.db, args.tasks, args.seed, args.batch, backups=args.backups)
    for key, value in figures.items():
        print(f"{key:>10}: {value:,.1f}" if isinstance(value, float) else f"{key:>10}: {value:,}")


if __name__ == "__main__":
    main()
