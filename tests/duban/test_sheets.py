"""Fill-in sheets out: one workbook per department, read back with openpyxl."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from sciplan_tui.services import Services, TaskFilter
from sciplan_tui.services.contacts import set_contact
from sciplan_tui.services.sheets import RowKey, build, default_deadline


def _sheet(path: Path):  # type: ignore[no-untyped-def]
    wb = openpyxl.load_workbook(path)
    return wb, wb.worksheets[0]


def _rows(ws) -> list[dict[str, object]]:  # type: ignore[no-untyped-def]
    head = [c.value for c in ws[3]]
    return [dict(zip(head, (c.value for c in row), strict=True)) for row in ws.iter_rows(min_row=4)]


def test_one_sheet_per_department_with_its_role(two_plans: Services) -> None:
    sheets = build(two_plans, TaskFilter(plan="样例县"))
    names = [s.dept.name for s in sheets]
    assert names == ["县教育局", "县科协", "县农业农村局"]
    kx = sheets[1]
    assert {r.role for r in kx.rows} == {"participant"}
    assert [r.ledger.code for r in kx.rows] == ["样例县-A1.1", "样例县-A1.2"]
    key = kx.rows[0].key
    assert RowKey.parse(key.text()) == key and key.dept_id == kx.dept.dept_id


def test_the_workbook_locks_all_but_the_answer_cells(two_plans: Services, cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    set_contact(two_plans, "县教育局", plan="样例县", contact="张三", phone="13800000000")
    out = tmp_path / "sheets"
    result = cli("export", "sheets", "--by-dept", str(out), "--plan", "样例县", "--deadline", "2026-11-25")
    assert result.exit_code == 0, result.output
    files = sorted(out.glob("*.xlsx"))
    assert [f.name for f in files] == sorted(
        [
            "样例县-县教育局-2026-11进展情况表.xlsx",
            "样例县-县科协-2026-11进展情况表.xlsx",
            "样例县-县农业农村局-2026-11进展情况表.xlsx",
        ]
    )
    wb, ws = _sheet(out / "样例县-县教育局-2026-11进展情况表.xlsx")
    assert "张三 13800000000" in ws["B2"].value and "11月25日" in ws["B2"].value
    rows = _rows(ws)
    assert [r["任务编号"] for r in rows] == ["样例县-A1.1", "样例县-A1.2"]
    assert rows[0]["职责"] == "牵头" and rows[0]["状态"] == "未开始" and rows[0]["进度%"] == 0
    assert RowKey.parse(str(rows[0]["行键"])).status == "not_started"
    assert ws.column_dimensions["A"].hidden
    assert ws.protection.sheet and not ws.protection.password
    head = [c.value for c in ws[3]]
    for n, name in enumerate(head, 1):
        locked = ws.cell(4, n).protection.locked
        assert locked == (name not in ("状态", "进度%", "截止日期", "本月进展", "存在问题")), name
    lists = [dv for dv in ws.data_validations.dataValidation if dv.type == "list"]
    assert lists[0].formula1 == '"未开始,进行中,已完成,受阻,已取消"'
    assert "K4:K5" in str(lists[0].sqref)
    assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
    assert ws.print_title_rows == "$3:$3"
    assert all(ws.row_dimensions[n].height >= 15 for n in (3, 4, 5))
    meta = wb["_sciplan"]
    assert meta.sheet_state == "hidden"
    assert dict(meta.iter_rows(max_row=7, values_only=True))["dept"] == "县教育局"


def test_long_text_gets_a_taller_row(two_plans: Services, tmp_path: Path) -> None:
    from sciplan_tui.exports.sheets_xlsx import write_sheet

    task = two_plans.tasks(TaskFilter(plan="样例县"))[0]
    two_plans.add_note(task.id, "已召开部署会，" * 30)
    sheet = build(two_plans, TaskFilter(plan="样例县"), dept="县教育局")[0]
    write_sheet(sheet, tmp_path / "s.xlsx")
    _, ws = _sheet(tmp_path / "s.xlsx")
    assert ws.row_dimensions[4].height > 3 * ws.row_dimensions[5].height


@pytest.mark.parametrize(("today", "due"), [("2026-11-03", "2026-11-25"), ("2026-11-26", "2026-12-25")])
def test_the_default_deadline_is_the_25th(today: str, due: str) -> None:
    from datetime import date

    assert default_deadline(date.fromisoformat(today)) == date.fromisoformat(due)
