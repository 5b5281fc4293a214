"""Plan identity and partial documents: an import never overwrites the wrong plan or keeps a half-read one."""

from __future__ import annotations

import dataclasses

import pytest

from sciplan_tui.errors import InvalidInputError
from sciplan_tui.importer.drafts import ImportWarning
from tests.conftest import make_draft


def _untitled(version: str):
    draft = make_draft(version=version)
    return dataclasses.replace(
        draft, title="", jurisdiction="", period_start=None, period_end=None, checksum=f"untitled-{version}"
    )


def test_two_untitled_documents_are_two_plans(services):
    first = services.import_plan(_untitled("v1"))
    second = services.import_plan(_untitled("v2"))
    assert first.outcome == second.outcome == "created"
    assert first.plan_id != second.plan_id


def test_same_place_other_title_is_a_new_plan(services):
    services.import_plan(make_draft())
    other = dataclasses.replace(make_draft(version="v2"), title="样例县2026年全民科学素质工作要点")
    assert services.import_plan(other).outcome == "created"


def test_revises_names_the_plan_explicitly(services):
    first = services.import_plan(make_draft())
    other = dataclasses.replace(make_draft(version="v2"), title="另一个标题")
    result = services.import_plans([other], revises=first.code)[0]
    assert (result.outcome, result.plan_id) == ("updated", first.plan_id)
    with pytest.raises(InvalidInputError):
        services.import_plans([other], revises="没有这个方案")


def test_partial_document_is_refused_unless_accepted(services):
    warning = ImportWarning("unplaced_text", "未能归入任何行动、工程或任务的段落", 12, "…")
    partial = dataclasses.replace(make_draft(), warnings=(warning,))
    with pytest.raises(InvalidInputError) as refused:
        services.import_plan(partial)
    assert "12" in str(refused.value.args) or "12" in refused.value.message()
    assert services.plans() == []
    assert services.import_plans([partial], allow_partial=True)[0].outcome == "created"


def _seed_000(drop_task: bool) -> str:
    from tests.importer.importer_support import seed_text

    text = seed_text("000")
    if drop_task:  # the first printing lost task 3 of the first action: later tasks moved up
        start = text.index("3.实施科技创新后备人才培育计划")
        text = text[:start] + text[text.index("4.开展校内外结合", start) :]
        text = text.replace("4.开展校内外结合", "3.开展校内外结合").replace("5.实施农村青少年", "4.实施农村青少年")
        text = text.replace("6.实施教师科学素质", "5.实施教师科学素质")
    return text


def _task(services, code: str):
    return next(t for t in services.tasks() if t.code == code)


def test_a_status_never_moves_onto_another_task(services):
    from sciplan_tui.importer import parse_bytes
    from sciplan_tui.services.updates import TaskUpdate

    first = services.import_plan(parse_bytes(_seed_000(drop_task=True).encode(), "v1.txt"))
    done = _task(services, "A1.3")
    assert done.title == "开展校内外结合的科技教育活动"
    services.update([TaskUpdate(done.id, status="done", progress=100, note="已办结")])

    second = services.import_plans([parse_bytes(_seed_000(drop_task=False).encode(), "v2.txt")], revises=first.code)[0]
    assert second.outcome == "updated"
    moved = _task(services, "A1.4")  # the same task, renumbered: it keeps its status and history
    assert (moved.id, moved.title, moved.status) == (done.id, "开展校内外结合的科技教育活动", "done")
    fresh = _task(services, "A1.3")  # the task the first printing lost starts afresh
    assert (fresh.title, fresh.status) == ("实施科技创新后备人才培育计划", "not_started")
    codes = [h.field for h in services.history(limit=None) if h.task_id == done.id]
    assert "code" in codes


def test_pairing_rules():
    from sciplan_tui.services.pairing import Stored, pair

    stored = [
        Stored(1, "A1.1", "弘扬科学精神"),
        Stored(2, "A1.2", "开展校内外科技教育活动"),
        Stored(3, "A1.3", "实施教师科学素质提升工程"),
    ]
    found = [
        (p.how, p.code, p.old_id)
        for p in pair(
            stored,
            [
                ("A1.1", "弘扬科学精神和科学家精神"),  # a close title at the same code: the same task
                ("A1.2", "实施科技创新后备人才培育计划"),  # another task at this code: new
                ("A1.3", "开展校内外科技教育活动"),  # an identical title elsewhere: moved
            ],
        )
    ]
    assert found == [("same", "A1.1", 1), ("new", "A1.2", None), ("moved", "A1.3", 2), ("retired", None, 3)]
