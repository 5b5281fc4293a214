"""Writes through the services: history rows, notes, targets, bulk all-or-nothing, undo, conflicts."""

from __future__ import annotations

from datetime import date

import pytest

from sciplan_tui.actor import Actor
from sciplan_tui.errors import ConflictError, InvalidInputError, NotFoundError
from sciplan_tui.services import Services, TaskFilter, TaskUpdate


def _ids(services: Services) -> dict[str, int]:
    return {r.code: r.id for r in services.tasks()}


def test_set_records_who_when_old_new_and_note(seeded):
    tid = _ids(seeded)["A1.1"]
    seeded.set_tasks([tid], status="done", note="已验收")
    detail = seeded.task(tid)
    assert (detail.task.status, detail.task.progress) == ("done", 100)
    changes = {c.field: c for c in detail.history}
    assert changes["status"].old == "not_started" and changes["status"].new == "done"
    assert changes["status"].actor == "clerk" and changes["status"].note == "已验收"
    assert changes["progress"].new == "100"
    assert [n.text for n in detail.notes] == ["已验收"]


def test_setting_the_same_value_records_nothing(seeded):
    tid = _ids(seeded)["A1.1"]
    applied = seeded.set_tasks([tid], status="not_started")
    assert applied.changes == ()
    assert seeded.history(tid) == []


def test_bulk_is_all_or_nothing_and_names_every_bad_line(seeded):
    ids = _ids(seeded)
    before = seeded.history()
    text = (
        f"id,status,progress,due\n{ids['A1.1']},done,,\n999999,done,,\n{ids['A2.1']},flying,,\n"
        f"{ids['A2.2']},,150,\n{ids['P1.1']},,,明年某天\n"
    )
    with pytest.raises(InvalidInputError) as caught:
        seeded.update(seeded.parse_bulk(text))
    lines = sorted(p.line for p in caught.value.problems)
    assert lines == [3, 4, 5, 6]
    assert seeded.history() == before


def test_bulk_json_lines_apply_in_one_batch(seeded):
    ids = _ids(seeded)
    text = "\n".join(
        [
            f'{{"id": {ids["A1.1"]}, "status": "进行中", "progress": 30}}',
            '{"code": "样例县-A2.1", "due": "2026年底", "note": "延期"}',
        ]
    )
    applied = seeded.update(seeded.parse_bulk(text))
    assert {c["field"] for c in applied.changes} == {"status", "progress", "due_date", "note"}
    assert seeded.task(ids["A2.1"]).task.due_date == date(2026, 12, 31)


def test_undo_reverts_the_last_batch_of_this_user_only(seeded, store):
    ids = _ids(seeded)
    seeded.set_tasks([ids["A1.1"], ids["A1.2"]], status="in_progress", progress=20, note="推进")
    other = Services(store, Actor("dept"), seeded.clock)
    other.set_tasks([ids["A2.1"]], status="blocked")
    applied = seeded.undo()
    assert {c["field"] for c in applied.changes} == {"status", "progress", "note"}
    assert seeded.task(ids["A1.1"]).task.status == "not_started"
    assert seeded.task(ids["A1.1"]).notes == ()
    assert seeded.task(ids["A2.1"]).task.status == "blocked"
    with pytest.raises(NotFoundError):
        seeded.undo()


def test_undo_refuses_when_someone_changed_the_value_since(seeded, store):
    tid = _ids(seeded)["A1.1"]
    seeded.set_tasks([tid], status="in_progress")
    Services(store, Actor("dept"), seeded.clock).set_tasks([tid], status="blocked")
    with pytest.raises(ConflictError):
        seeded.undo()
    assert seeded.task(tid).task.status == "blocked"


def test_a_stale_editor_gets_a_conflict_not_a_silent_overwrite(seeded, store):
    row = seeded.tasks(TaskFilter(text="青少年任务1"))[0]
    Services(store, Actor("dept"), seeded.clock).set_tasks([row.id], status="blocked")
    with pytest.raises(ConflictError) as caught:
        seeded.update([TaskUpdate(row.id, status="done", expected_version=row.version)])
    assert "dept" in caught.value.message()
    assert seeded.task(row.id).task.status == "blocked"


def test_target_achieved_value_is_recorded_and_undoable(seeded):
    tid = _ids(seeded)["A1.1"]
    [target] = seeded.task(tid).targets
    seeded.set_target(target.id, 5200, note="上半年")
    again = seeded.task(tid).targets[0]
    assert again.achieved == 5200 and again.ratio == pytest.approx(5200 / 7500)
    seeded.undo()
    assert seeded.task(tid).targets[0].achieved is None


def test_filters_combine(seeded):
    ids = _ids(seeded)
    seeded.set_tasks(list(ids.values()), due_date=date(2027, 12, 31))
    seeded.set_tasks([ids["A1.1"], ids["A2.1"]], due_date=date(2026, 11, 1))
    seeded.set_tasks([ids["A1.2"]], due_date=date(2026, 12, 10))
    assert [r.code for r in seeded.tasks(TaskFilter(overdue=True))] == ["A1.1", "A2.1"]
    assert [r.code for r in seeded.tasks(TaskFilter(overdue=True, dept="县教育局", lead_only=True))] == ["A1.1"]
    assert [r.code for r in seeded.tasks(TaskFilter(dept="教育局", due_within=30))] == ["A1.2"]
    assert [r.code for r in seeded.tasks(TaskFilter(kinds=("milestone",)))] == ["M1", "M2"]
    seeded.set_tasks([ids["A1.1"]], status="done")
    assert [r.code for r in seeded.tasks(TaskFilter(overdue=True))] == ["A2.1"]
    assert [r.code for r in seeded.tasks(TaskFilter(statuses=("done",)))] == ["A1.1"]
    with pytest.raises(NotFoundError):
        seeded.tasks(TaskFilter(dept="不存在的局"))
