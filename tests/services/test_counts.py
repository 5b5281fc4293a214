"""Per action/project counts: one aggregate query that agrees with counting task by task."""

from __future__ import annotations

from sciplan_tui.rules import STATUS_KEYS
from sciplan_tui.services import TaskFilter


def test_item_counts_agree_with_filters(seeded):
    plan = seeded.plans()[0]
    some = [r.id for r in seeded.tasks()][:3]
    seeded.set_tasks(some[:1], status="done")
    seeded.set_tasks(some[1:2], status="cancelled")
    counts = seeded.item_counts(plan.code)
    assert [c.item.id for c in counts] == [i.id for i in seeded.items(plan.id)]
    for c in counts:
        for key in STATUS_KEYS:
            assert c.by_status.get(key, 0) == seeded.count(TaskFilter(item_id=c.item.id, statuses=(key,)))
        assert c.overdue == seeded.count(TaskFilter(item_id=c.item.id, overdue=True))
        assert c.total == seeded.count(TaskFilter(item_id=c.item.id))


def test_the_report_and_the_live_query_count_departments_alike(seeded):
    from sciplan_tui.services.counts import GroupCounts
    from sciplan_tui.services.report import monthly_report

    some = [r.id for r in seeded.tasks()][:4]
    seeded.set_tasks(some[:2], status="done")
    seeded.set_tasks(some[2:3], status="in_progress", progress=40)
    report = {(g.plan_code, g.name): g for g in monthly_report(seeded).by_dept if g.name}
    live = {(d.plan_code, d.name): GroupCounts.of_department(d) for d in seeded.departments() if d.leads}
    assert report == live
