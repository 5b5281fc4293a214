"""Measure the TUI: first paint and keypress-to-screen latency, with the Pilot.

    python bench/tui_bench.py                      # a temp store seeded with the bundled plans
    python bench/tui_bench.py --db path/to/sciplan.db
    python bench/tui_bench.py --synthetic 300000   # a temp store with that many generated tasks

First paint: from constructing the app to the first refresh after the plan tree is filled.
Keypress: `j` pressed N times in an expanded item, each timed until the Pilot sees the app idle
(an upper bound: it includes the Pilot's idle detection), plus the time until the detail pane
shows the new task.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import statistics
import tempfile
import threading
import time
from datetime import date
from pathlib import Path


def seeded_store(path: Path, synthetic: int) -> None:
    from sciplan_tui.actor import Actor
    from sciplan_tui.clock import Clock
    from sciplan_tui.services import Services
    from sciplan_tui.store import open_store

    services = Services(open_store(path), Actor("bench"), Clock(date(2026, 11, 23)))
    if synthetic:
        per_plan = 100_000
        for n in range(max(1, -(-synthetic // per_plan))):
            services.import_plan(synthetic_draft(f"压测县{n + 1}", min(per_plan, synthetic - n * per_plan)))
    else:
        from sciplan_tui.seed import import_bundled

        import_bundled(services)
    services.store.dispose()


def synthetic_draft(jurisdiction: str, tasks: int):  # type: ignore[no-untyped-def]
    """A plan of 10 items sharing `tasks` tasks, with two departments."""
    from sciplan_tui.importer.drafts import AssignmentDraft, DepartmentDraft, ItemDraft, PlanDraft, TaskDraft

    lead, part = AssignmentDraft("县教育局", "lead", "item"), AssignmentDraft("县科协", "participant", "item")
    per_item = max(1, tasks // 10)
    items = []
    for i in range(10):
        kind, number = ("action", i + 1) if i < 5 else ("project", i - 4)
        body = tuple(
            TaskDraft(k + 1, f"第{i + 1}项第{k + 1}号任务", f"第{k + 1}号任务。正文", (), (), 2025, 10 + k)
            for k in range(per_item)
        )
        items.append(ItemDraft(kind, number, f"第{i + 1}项行动", "引言", (lead, part), body, 5 + i))
    return PlanDraft(
        title=f"{jurisdiction}实施方案",
        jurisdiction=jurisdiction,
        level="县",
        period_start=2021,
        period_end=2025,
        doc_number=None,
        issue_date=None,
        issuer=None,
        is_draft=False,
        headline_target=None,
        source_name=f"{jurisdiction}.txt",
        checksum=hashlib.sha256(f"{jurisdiction}{tasks}".encode()).hexdigest(),
        items=tuple(items),
        milestones=(),
        departments=(DepartmentDraft("县教育局"), DepartmentDraft("县科协")),
    )


def start_writer(db: Path, stop: threading.Event) -> threading.Thread:
    """Another terminal's script: one status change a second, through its own services."""
    from sciplan_tui.actor import Actor
    from sciplan_tui.clock import Clock
    from sciplan_tui.services import Services
    from sciplan_tui.store import open_store

    def write() -> None:
        services = Services(open_store(db), Actor("script"), Clock(date(2026, 11, 23)))
        ids = [r.id for r in services.tasks(limit=20)]
        n = 0
        while not stop.wait(1.0):
            services.set_tasks([ids[n % len(ids)]], progress=n % 100, note="bench")
            n += 1
        services.store.dispose()

    thread = threading.Thread(target=write, daemon=True)
    thread.start()
    return thread


async def measure(db: Path, presses: int) -> dict[str, float]:
    from sciplan_tui.actor import Actor
    from sciplan_tui.clock import Clock
    from sciplan_tui.services import Services
    from sciplan_tui.store import open_store
    from sciplan_tui.tui import make_app
    from sciplan_tui.tui.screens.main import MainScreen

    services = Services(open_store(db), Actor("bench"), Clock(date(2026, 11, 23)))
    started = time.perf_counter()
    app = make_app(services, poll_interval=1.0)
    painted: list[float] = []
    async with app.run_test(size=(120, 40)) as pilot:
        while not (isinstance(app.screen, MainScreen) and app.screen.plan_tree.root.children):
            await asyncio.sleep(0.001)
        app.screen.call_after_refresh(lambda: painted.append(time.perf_counter()))
        while not painted:
            await asyncio.sleep(0.001)
        first_paint = painted[0] - started
        await pilot.press("l", "l", "l", "l", "l", "l")
        await app.workers.wait_for_complete()
        screen = app.screen
        idle, shown = [], []
        for _ in range(presses):
            before = screen.plan_tree.cursor_task
            t0 = time.perf_counter()
            await pilot.press("j")
            idle.append(time.perf_counter() - t0)
            target = screen.plan_tree.cursor_task
            while (
                target is not None
                and target is not before
                and (screen.detail.detail is None or screen.detail.detail.task.id != target.id)
            ):
                await asyncio.sleep(0.001)
            shown.append(time.perf_counter() - t0)
        dashboard = await measure_dashboard(app, pilot)
    services.store.dispose()
    return {"first": first_paint, "idle": idle, "shown": shown, "dashboard": dashboard}  # type: ignore[dict-item]


async def measure_dashboard(app, pilot) -> float:  # type: ignore[no-untyped-def]
    """`b` until both tables are filled (the counts come from a worker: keys are live meanwhile)."""
    from sciplan_tui.tui.screens.dashboard import DashboardView

    t0 = time.perf_counter()
    await pilot.press("b")
    while not (isinstance(app.screen, DashboardView) and app.screen.lines["depts"]):
        await asyncio.sleep(0.001)
    return time.perf_counter() - t0


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, help="an existing store (default: a temp store)")
    parser.add_argument("--synthetic", type=int, default=0, help="generate a temp store with this many tasks")
    parser.add_argument("--presses", type=int, default=50)
    parser.add_argument("--writer", action="store_true", help="a script writes once a second meanwhile")
    args = parser.parse_args()
    db = args.db
    if db is None:
        db = Path(tempfile.mkdtemp()) / "bench.db"
        t0 = time.perf_counter()
        seeded_store(db, args.synthetic)
        print(f"seeded {db} in {time.perf_counter() - t0:.1f} s")
    stop = threading.Event()
    if args.writer:
        start_writer(db, stop)
    figures = asyncio.run(measure(db, args.presses))
    stop.set()
    idle, shown = figures["idle"], figures["shown"]  # type: ignore[assignment]
    print(f"{'measure':<34}{'value':>10}")
    print(f"{'first paint':<34}{figures['first'] * 1000:>8.0f}ms")
    print(f"{'j → idle, median':<34}{statistics.median(idle) * 1000:>8.0f}ms")  # type: ignore[arg-type]
    print(f"{'j → idle, p95':<34}{p95(idle) * 1000:>8.0f}ms")  # type: ignore[arg-type]
    print(f"{'j → detail shown, median':<34}{statistics.median(shown) * 1000:>8.0f}ms")  # type: ignore[arg-type]
    print(f"{'j → detail shown, p95':<34}{p95(shown) * 1000:>8.0f}ms")  # type: ignore[arg-type]
    print(f"{'b → dashboard counts shown':<34}{figures['dashboard'] * 1000:>8.0f}ms")


if __name__ == "__main__":
    main()
