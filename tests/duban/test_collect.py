"""Answers back: real files written, edited as departments do, saved as xlsx/CSV/Unicode text, collected."""

from __future__ import annotations

from pathlib import Path

import pytest

from sciplan_tui.exports.answers import read
from sciplan_tui.services import Services, TaskFilter
from sciplan_tui.services.collect import collect

from .sheetedit import edit, export, save_csv, save_unicode_text

A11, A12 = "样例县-A1.1", "样例县-A1.2"


def _task(s: Services, code: str):  # type: ignore[no-untyped-def]
    return next(r for r in s.tasks(TaskFilter(plan="样例县")) if r.full_code == code)


def _notes(s: Services, code: str) -> list[str]:
    return [n.text for n in s.task(_task(s, code).id).notes]


def _run(s: Services, *paths: Path, **kw):  # type: ignore[no-untyped-def]
    return collect(s, [read(p) for p in paths], **kw)


@pytest.fixture
def sent(two_plans: Services, tmp_path: Path) -> dict[str, Path]:
    return export(two_plans, tmp_path / "out")


def test_an_xlsx_answer_applies_only_what_the_department_changed(two_plans, sent, tmp_path):  # type: ignore[no-untyped-def]
    s = two_plans
    s.set_tasks([_task(s, A12).id], progress=10)  # changed in the ledger after the sheet went out, not by them
    back = edit(
        sent["县教育局"],
        tmp_path / "jyj.xlsx",
        {A11: {"状态": "进行中", "进度%": 30, "本月进展": "已召开部署会", "存在问题": "经费未到位"}},
    )
    result = _run(s, back)
    assert not result.conflicts and not result.problems
    a11 = _task(s, A11)
    assert (a11.status, a11.progress) == ("in_progress", 30)
    assert _task(s, A12).progress == 10  # the untouched cell (0 when sent) did not revert the ledger
    assert _notes(s, A11) == ["【县教育局】已召开部署会\n存在问题：经费未到位"]
    logged = [c for c in s.history(task_id=a11.id) if c.field in ("status", "progress", "note")]
    assert {c.note for c in logged} == {"县教育局报送（jyj.xlsx）"}
    assert result.files[0].dept == "样例县·县教育局" and result.batch


@pytest.mark.parametrize("save", ["utf-8-sig", "gb18030", "unicode"])
def test_csv_and_unicode_text_saves(two_plans, sent, tmp_path, save):  # type: ignore[no-untyped-def]
    edited = edit(sent["县教育局"], tmp_path / "e.xlsx", {A11: {"状态": "已完成", "本月进展": "验收完成，达标"}})
    back = (
        save_unicode_text(edited, tmp_path / "jyj.txt")
        if save == "unicode"
        else save_csv(edited, tmp_path / "jyj.csv", save)
    )
    result = _run(two_plans, back)
    assert not result.problems and not result.conflicts
    a11 = _task(two_plans, A11)
    assert (a11.status, a11.progress) == ("done", 100)
    assert _notes(two_plans, A11) == ["【县教育局】验收完成，达标"]


def test_two_departments_on_one_task_each_get_their_fields_and_notes(two_plans, sent, tmp_path):  # type: ignore[no-untyped-def]
    jyj = edit(sent["县教育局"], tmp_path / "jyj.xlsx", {A11: {"状态": "进行中", "本月进展": "教育局：已部署"}})
    kx = edit(sent["县科协"], tmp_path / "kx.xlsx", {A11: {"截止日期": "2026-12-31", "本月进展": "科协：已配合"}})
    result = _run(two_plans, jyj, kx)
    assert not result.conflicts
    a11 = _task(two_plans, A11)
    assert a11.status == "in_progress" and str(a11.due_date) == "2026-12-31"
    assert sorted(_notes(two_plans, A11)) == ["【县教育局】教育局：已部署", "【县科协】科协：已配合"]
    # 县科协's file, collected after 县教育局's, is not refused for a row it never touched
    assert [f.applied for f in result.files] == [2, 2]


def test_a_real_conflict_is_listed_and_the_rest_of_the_file_applied(two_plans, sent, tmp_path):  # type: ignore[no-untyped-def]
    jyj = edit(sent["县教育局"], tmp_path / "jyj.xlsx", {A11: {"状态": "进行中"}, A12: {"进度%": 50}})
    kx = edit(sent["县科协"], tmp_path / "kx.xlsx", {A11: {"状态": "受阻", "本月进展": "资金未到位"}})
    result = _run(two_plans, jyj, kx)
    assert sorted((c.edit.dept, c.edit.code, c.edit.field, c.reason) for c in result.open_conflicts) == [
        ("县教育局", A11, "status", "departments"),
        ("县科协", A11, "status", "departments"),
    ]
    assert _task(two_plans, A11).status == "not_started"  # left for the clerk
    assert _task(two_plans, A12).progress == 50  # the rest of 县教育局's file
    assert _notes(two_plans, A11) == ["【县科协】资金未到位"]  # and the rest of 县科协's
    settled = _run(two_plans, jyj, kx, take="theirs")  # the lead department's value
    assert not settled.open_conflicts
    assert _task(two_plans, A11).status == "in_progress"


def test_the_store_changed_since_the_sheet_was_sent(two_plans, sent, tmp_path):  # type: ignore[no-untyped-def]
    s = two_plans
    s.set_tasks([_task(s, A11).id], status="done")  # the clerk closed it after sending
    back = edit(sent["县教育局"], tmp_path / "jyj.xlsx", {A11: {"状态": "受阻", "进度%": 5}, A12: {"进度%": 40}})
    result = _run(s, back)
    assert {(c.edit.field, c.reason) for c in result.open_conflicts} == {("status", "store"), ("progress", "store")}
    assert (_task(s, A11).status, _task(s, A11).progress) == ("done", 100)  # never overwritten
    assert _task(s, A12).progress == 40
    ours = _run(s, back, take="ours")
    assert not ours.open_conflicts and _task(s, A11).status == "done"
    theirs = _run(s, back, take="theirs", take_tasks=[A11])
    assert not theirs.open_conflicts
    assert (_task(s, A11).status, _task(s, A11).progress) == ("blocked", 5)


def test_a_dropped_column_never_weakens_the_check(two_plans, sent, tmp_path):  # type: ignore[no-untyped-def]
    s = two_plans
    s.set_tasks([_task(s, A11).id], status="done")
    # the visible columns they deleted are simply not read; the sent values still come from the key
    no_status = edit(sent["县教育局"], tmp_path / "a.xlsx", {A11: {"进度%": 5}}, drop=("状态", "最新进展"))
    result = _run(s, no_status)
    assert [(c.edit.field, c.reason) for c in result.open_conflicts] == [("progress", "store")]
    assert _task(s, A11).progress == 100
    # the hidden key column deleted in the workbook: the keys on the hidden sheet still match the rows
    no_key = edit(sent["县教育局"], tmp_path / "b.xlsx", {A11: {"进度%": 5}, A12: {"进度%": 20}}, drop=("行键",))
    result = _run(s, no_key)
    assert [(c.edit.field, c.reason) for c in result.open_conflicts] == [("progress", "store")]
    assert _task(s, A12).progress == 20
    # as CSV without the key column: nothing can be checked, so nothing is applied (each row reported)
    csv_no_key = save_csv(
        edit(sent["县教育局"], tmp_path / "c.xlsx", {A12: {"进度%": 70}}, drop=("行键",)), tmp_path / "c.csv"
    )
    result = _run(s, csv_no_key)
    assert not result.applied and result.problems and result.problems[0].column == "行键"
    assert _task(s, A12).progress == 20


def test_the_same_file_twice_changes_nothing(two_plans, sent, tmp_path):  # type: ignore[no-untyped-def]
    back = edit(sent["县教育局"], tmp_path / "jyj.xlsx", {A11: {"状态": "进行中", "本月进展": "已部署"}})
    first = _run(two_plans, back)
    before = len(two_plans.history(limit=None))
    again = _run(two_plans, back)
    assert not again.applied and not again.conflicts and again.unchanged == 2
    assert again.files[0].repeated and not first.files[0].repeated
    assert len(two_plans.history(limit=None)) == before
    with two_plans.store.read() as conn:
        from sqlalchemy import func, select

        from sciplan_tui.services.sheets import L

        assert conn.execute(select(func.count()).select_from(L).where(L.c.kind == "returned")).scalar() == 1


def test_a_wps_style_workbook_with_text_cells(two_plans, sent, tmp_path):  # type: ignore[no-untyped-def]
    """WPS saves typed values as text now and then: "30", "2026/12/31", "进行中 "."""
    back = edit(
        sent["县教育局"], tmp_path / "wps.xlsx", {A11: {"状态": "进行中 ", "进度%": "30", "截止日期": "2026/12/31"}}
    )
    result = _run(two_plans, back)
    assert not result.problems
    a11 = _task(two_plans, A11)
    assert (a11.status, a11.progress, str(a11.due_date)) == ("in_progress", 30, "2026-12-31")


def test_bad_cells_are_named_and_the_rest_applied(two_plans, sent, tmp_path):  # type: ignore[no-untyped-def]
    back = edit(sent["县教育局"], tmp_path / "bad.xlsx", {A11: {"状态": "飞起来了"}, A12: {"进度%": 60}})
    result = _run(two_plans, back)
    assert [(p.line, p.column) for p in result.problems] == [(4, "状态")]
    assert _task(two_plans, A12).progress == 60


def test_collect_cli_on_a_directory(two_plans, sent, cli, tmp_path):  # type: ignore[no-untyped-def]
    answers = tmp_path / "answers"
    answers.mkdir()
    edit(sent["县教育局"], answers / "jyj.xlsx", {A11: {"状态": "进行中"}})
    edit(sent["县科协"], answers / "kx.xlsx", {A11: {"状态": "受阻"}})
    (answers / "~$jyj.xlsx").write_bytes(b"lock")  # Office's lock file is skipped
    dry = cli("collect", str(answers), "--dry-run")
    assert dry.exit_code == 7 and "冲突（2）" in dry.stdout
    assert _task(two_plans, A11).status == "not_started"
    done = cli("collect", str(answers), "--take", "theirs")
    assert done.exit_code == 0, done.output
    assert _task(two_plans, A11).status == "in_progress"
    assert "收取 2 个文件" in done.output


def test_import_csv_on_a_workbook_points_at_collect(two_plans, sent, cli):  # type: ignore[no-untyped-def]
    result = cli("import", "csv", str(sent["县教育局"]))
    assert result.exit_code == 4
    assert "sciplan collect" in result.output and "编码" not in result.output


def test_a_conflict_closed_with_ours_stays_closed(two_plans, sent, tmp_path):  # type: ignore[no-untyped-def]
    s = two_plans
    s.set_tasks([_task(s, A11).id], status="done")
    back = edit(sent["县教育局"], tmp_path / "jyj.xlsx", {A11: {"状态": "受阻"}})
    assert _run(s, back).open_conflicts
    assert not _run(s, back, take="ours").open_conflicts
    again = _run(s, back)  # the same answers later: the clerk's decision holds
    assert not again.open_conflicts and again.conflicts[0].resolved == "ours"
    assert _task(s, A11).status == "done"


def test_an_answer_the_write_path_refuses_is_a_conflict_and_the_rest_applies(two_plans, sent, tmp_path):  # type: ignore[no-untyped-def]
    back = edit(sent["县教育局"], tmp_path / "jyj.xlsx", {A11: {"状态": "已完成", "进度%": 80}, A12: {"进度%": 20}})
    result = _run(two_plans, back)
    refused = [c for c in result.open_conflicts if c.reason == "refused"]
    assert {c.edit.field for c in refused} == {"status", "progress"} and refused[0].edit.code == A11
    assert _task(two_plans, A11).status == "not_started"
    assert _task(two_plans, A12).progress == 20


def test_take_one_conflict_by_task_and_field(two_plans, sent, tmp_path):  # type: ignore[no-untyped-def]
    s = two_plans
    s.set_tasks([_task(s, A11).id], due_date=__import__("datetime").date(2027, 1, 31), progress=10)
    back = edit(sent["县教育局"], tmp_path / "jyj.xlsx", {A11: {"进度%": 60, "截止日期": "2026-12-31"}})
    result = _run(s, back, take="theirs", take_tasks=[f"{A11}:进度%"])
    assert [c.edit.field for c in result.open_conflicts] == ["due_date"]
    assert _task(s, A11).progress == 60 and str(_task(s, A11).due_date) == "2027-01-31"
