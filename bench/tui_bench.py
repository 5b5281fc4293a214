"""Measure the TUI: first paint, keypress-to-screen latency and the dashboard, with the Pilot.

    python bench/tui_bench.py                      # a temp store seeded with the bundled plans
    python bench/tui_bench.py --db copy-of-a-store.db [--writer]
    python bench/tui_bench.py --synthetic 300000   # a temp store with that many generated tasks

First paint: from constructing the app to the first frame after the plan tree is filled.
Keypress: `j` pressed N times down the first plan, all of it open (tasks between headings), each
timed until the first frame that shows the cursor on the next line *and* the detail pane showing
its task, or nothing on a heading ("painted": what the clerk sees), and until the Pilot sees the
app idle ("Pilot idle": an upper bound that adds the Pilot's own waiting, at least two 20 ms
sleeps, and counts any thread's CPU time, the details read ahead included, as not idle).
--writer: another process writes a status and progress once a second meanwhile (to the store
given: use a copy).
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any


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


WRITER = """
import sys, time
from datetime import date
from functools import partial
from sciplan_tui.actor import Actor
from sciplan_tui.clock import Clock
from sciplan_tui.services import Services
from sciplan_tui.store import open_store

services = Services(open_store(sys.argv[1]), Actor("script"), Clock(date(2026, 11, 23)))
ids = [r.id for r in services.tasks(limit=20)]  # the first plan's first tasks: those the bench shows
n = 0
while not sys.stdin.readline().startswith("stop"):  # one line a second from the bench: write once
    try:
        services.set_tasks([ids[n % len(ids)]], status="in_progress", progress=1 + n % 99, note="bench")
        print("wrote", flush=True)
    except Exception as exc:  # noqa: BLE001
        print("failed", exc, flush=True)
    n += 1
"""


class Writer:
    """Another terminal's script: a process of its own writing one status and progress a second."""

    def __init__(self, db: Path) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-c", WRITER, str(db)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        self.stop = threading.Event()
        self.ticker = threading.Thread(target=self._tick, daemon=True)
        self.ticker.start()

    def _tick(self) -> None:
        assert self.proc.stdin is not None
        while not self.stop.wait(1.0):
            self.proc.stdin.write("write\n")
            self.proc.stdin.flush()

    def close(self) -> tuple[int, int]:
        """Stop; how many writes succeeded and failed."""
        self.stop.set()
        self.ticker.join()
        out, _ = self.proc.communicate("stop\n")
        return out.count("wrote"), out.count("failed")


async def measure(db: Path, presses: int) -> dict[str, Any]:
    from sciplan_tui.actor import Actor
    from sciplan_tui.clock import Clock
    from sciplan_tui.services import Services
    from sciplan_tui.store import open_store
    from sciplan_tui.tui import make_app
    from sciplan_tui.tui.screens.main import MainScreen

    services = Services(open_store(db), Actor("bench"), Clock(date(2026, 11, 23)))
    started = time.perf_counter()
    app = make_app(services, poll_interval=1.0)
    frames = Frames(app)
    async with app.run_test(size=(120, 40)) as pilot:
        while not (isinstance(app.screen, MainScreen) and app.screen.plan_tree.root.children):
            await asyncio.sleep(0.001)
        app.screen.call_after_refresh(lambda: frames.mark(time.perf_counter()))
        await frames.wait()
        first_paint = frames.time - started
        screen = app.screen
        open_first_plan(screen.plan_tree)
        await app.workers.wait_for_complete()
        await pilot.pause()
        idle, painted = [], []
        for _ in range(presses):
            before = screen.plan_tree.cursor_line
            frames.expect(partial(shows_next, screen, before))
            t0 = time.perf_counter()
            await pilot.press("j")
            idle.append(time.perf_counter() - t0)
            if screen.plan_tree.cursor_line == before:  # the last line: nothing more to measure
                idle.pop()
                break
            await asyncio.wait_for(frames.wait(), 30)
            painted.append(frames.time - t0)
        dashboard = await measure_dashboard(app, pilot, frames)
    services.store.dispose()
    return {"first": first_paint, "idle": idle, "painted": painted, "dashboard": dashboard}


def open_first_plan(tree: Any) -> None:
    """Every node of the first plan open (its actions, projects and schedule with their tasks, about
    40 tasks between a dozen headings) and the cursor on its first task: `j` walks through them."""
    stack = [tree.root.children[0]]
    while stack:
        node = stack.pop()
        if node.allow_expand:
            tree.ensure_loaded(node)
            node.expand()
            stack.extend(reversed(node.children))
    first = next(n for n in tree.task_nodes())
    tree.goto(first)


def shows_next(screen: Any, before: int) -> bool:
    """The cursor has moved, and the detail pane shows its task (or nothing, on a heading)."""
    tree = screen.plan_tree
    row, shown = tree.cursor_task, screen.detail.detail
    if tree.cursor_line == before:
        return False
    return shown is None if row is None else shown is not None and shown.task.id == row.id


class Frames:
    """Times the first frame the app hands to the terminal once a condition holds: what the clerk sees.

    The app renders a frame (the compositor's update, `App._display`) whatever the driver; the
    headless driver just writes it nowhere."""

    def __init__(self, app: Any) -> None:
        self.condition: Any = None
        self.time = 0.0
        self.event = asyncio.Event()
        display = app._display

        def counting(screen: Any, renderable: Any) -> None:
            display(screen, renderable)
            if renderable is not None and self.condition is not None and self.condition():
                self.mark(time.perf_counter())

        app._display = counting

    def expect(self, condition: Any) -> None:
        self.condition, self.time = condition, 0.0
        self.event.clear()

    def mark(self, when: float) -> None:
        self.condition, self.time = None, when
        self.event.set()

    async def wait(self) -> None:
        await self.event.wait()
        self.event.clear()


async def measure_dashboard(app, pilot, frames) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """`b` until the first frame that shows the dashboard with both tables counted ("painted"), and
    until the Pilot has seen the key handled and the counts are in (the counts come from a worker:
    keys are live meanwhile). The app builds the dashboard out of sight once idle after the first
    paint (`SciplanApp.prebuild_dashboard`); the `j` presses before leave it time to."""
    from sciplan_tui.tui.screens.dashboard import DashboardView

    def counted() -> bool:
        return isinstance(app.screen, DashboardView) and bool(app.screen.lines["depts"])

    frames.expect(counted)
    t0 = time.perf_counter()
    await pilot.press("b")
    while not counted():
        await asyncio.sleep(0.001)
    idle = time.perf_counter() - t0
    await asyncio.wait_for(frames.wait(), 30)
    return frames.time - t0, idle


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[max(0, round(0.95 * len(ordered)) - 1)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", type=Path, help="an existing store (default: a temp store); --writer writes to it")
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
    load = os.getloadavg()[0]
    writer = Writer(db) if args.writer else None
    try:
        figures = asyncio.run(measure(db, args.presses))
    finally:
        writes = writer.close() if writer is not None else None
    idle, painted = figures["idle"], figures["painted"]
    print(f"{'measure':<34}{'value':>10}")
    print(f"{'first paint':<34}{figures['first'] * 1000:>8.0f}ms")
    print(f"{'j → painted, median':<34}{statistics.median(painted) * 1000:>8.0f}ms")
    print(f"{'j → painted, p95':<34}{p95(painted) * 1000:>8.0f}ms")
    print(f"{'j → Pilot idle, median':<34}{statistics.median(idle) * 1000:>8.0f}ms")
    print(f"{'j → Pilot idle, p95':<34}{p95(idle) * 1000:>8.0f}ms")
    print(f"{'b → dashboard counts painted':<34}{figures['dashboard'][0] * 1000:>8.0f}ms")
    print(f"{'b → Pilot idle, counts in':<34}{figures['dashboard'][1] * 1000:>8.0f}ms")
    if writes is not None:
        print(f"writer: {writes[0]} writes, {writes[1]} failed")
    # Other jobs on the machine stretch every figure: the load says how busy it was.
    print(f"load average (1 min): {load:.2f} before, {os.getloadavg()[0]:.2f} after, on {os.cpu_count()} CPUs")


if __name__ == "__main__":
    main()
