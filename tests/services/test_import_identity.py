"""Plan identity and partial documents: an import never overwrites the wrong plan or keeps a half-read one."""

from __future__ import annotations

import dataclasses

import pytest

from sciplan_tui.errors import InvalidInputError
from sciplan_tui.importer.drafts import ImportWarning
from tests.conftest import make_draft


def _untitled(version: str):
    draft = make_draft(version=version)
    return dataclasses.replace(draft, title="", jurisdiction="", period_start=None, period_end=None,
                               checksum=f"untitled-{version}")


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
