"""The store and the import service, on hand-made drafts: codes, due dates, idempotence, revisions."""

from __future__ import annotations

from datetime import date

import pytest

from sciplan_tui.errors import InvalidInputError
from sciplan_tui.services import TaskFilter
from tests.conftest import make_draft


def test_import_creates_rows_with_codes_and_due_dates(seeded):
    rows = seeded.tasks()
    codes = [r.code for r in rows]
    assert codes == ["A1.1", "A1.2", "A2.1", "A2.2", "P1.1", "M1", "M2"]
    by_code = {r.code: r for r in rows}
    assert by_code["A1.1"].due_date == date(2025, 12, 31)
    assert by_code["A1.2"].due_date == date(2023, 12, 31)  # the text names 2023
    assert by_code["M1"].due_date == date(2022, 12, 31)  # end of its phase
    assert by_code["A1.1"].leads == ("县教育局",)
    assert by_code["A1.1"].participants == ("县科协",)
    assert by_code["P1.1"].unassigned and by_code["P1.1"].leads == ()


def test_plan_metadata_and_counts(seeded):
    [plan] = seeded.plans()
    assert (plan.code, plan.level, plan.period_start, plan.period_end) == ("样例县", "县", 2021, 2025)
    assert (plan.actions, plan.projects, plan.tasks, plan.milestones, plan.departments) == (2, 1, 5, 2, 3)
    assert plan.issue_date == date(2022, 4, 21)


def test_reimport_same_document_changes_nothing(seeded):
    before = seeded.history(limit=None)
    result = seeded.import_plan(make_draft())
    assert result.outcome == "unchanged"
    assert seeded.history(limit=None) == before


def test_revision_keeps_status_notes_and_history(seeded):
    task = seeded.tasks(TaskFilter(text="青少年任务1"))[0]
    seeded.set_tasks([task.id], status="in_progress", progress=40, note="已部署")
    result = seeded.import_plan(make_draft(version="v2", extra_task=True))
    assert result.outcome == "updated"
    again = seeded.task(task.id)
    assert (again.task.status, again.task.progress) == ("in_progress", 40)
    assert again.body.endswith("正文v2")
    assert [n.text for n in again.notes] == ["已部署"]
    fields = [c.field for c in again.history]
    assert "body" in fields and "status" in fields
    assert any(r.code == "A1.3" for r in seeded.tasks())


def test_revision_retires_tasks_that_disappeared(seeded):
    seeded.import_plan(make_draft(version="v3", tasks_per_item=1))
    codes = {r.code for r in seeded.tasks()}
    assert "A1.2" not in codes
    retired = seeded.tasks(TaskFilter(include_retired=True))
    assert len(retired) == 7


def test_a_plan_without_tasks_is_refused_unless_allowed(services):
    draft = make_draft(tasks_per_item=0)
    empty = draft.__class__(**{**draft.__dict__, "items": (), "milestones": ()})
    with pytest.raises(InvalidInputError):
        services.import_plan(empty)
    assert services.plans() == []
    services.import_plan(empty, allow_empty=True)
    assert len(services.plans()) == 1


def test_departments_are_scoped_to_their_plan(services):
    services.import_plan(make_draft(jurisdiction="甲县"))
    services.import_plan(make_draft(jurisdiction="乙县"))
    depts = services.departments()
    assert [d.name for d in depts].count("县教育局") == 2
    assert {d.plan_code for d in depts if d.name == "县教育局"} == {"甲县", "乙县"}


def test_store_is_wal_with_foreign_keys(store):
    if not store.is_sqlite:
        pytest.skip("SQLite pragmas")
    with store.read() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_the_schema_version_is_recorded(store):
    from sqlalchemy import text

    from sciplan_tui.store.migrations import LATEST

    with store.read() as conn:
        assert conn.execute(text("SELECT MAX(version) FROM schema_version")).scalar() == LATEST
