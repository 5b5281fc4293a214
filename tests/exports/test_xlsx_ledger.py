"""The Excel ledger, read back with openpyxl: frozen header, autofilter, 红黄绿灯, widths, sheets, summary."""

from __future__ import annotations

from datetime import date

import pytest
from tests.exports.conftest import codes

from sciplan_tui.exports.xlsx_ledger import FILLS, display_width, write_xlsx
from sciplan_tui.services import TaskFilter, TaskUpdate
from sciplan_tui.services.ledger import ledger

openpyxl = pytest.importorskip("openpyxl")


def _cells(ws) -> dict[str, dict[str, object]]:  # type: ignore[no-untyped-def]
    head = [c.value for c in ws[1]]
    return {row[1].value: dict(zip(head, row, strict=True)) for row in ws.iter_rows(min_row=2)}


def _trim(values: list[object]) -> list[object]:
    while values and values[-1] is None:
        values.pop()
    return values


def test_header_is_frozen_and_filtered_and_status_cells_are_coloured(history, tmp_path):
    path = tmp_path / "台账.xlsx"
    write_xlsx(ledger(history), path)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["汇总", "台账"]
    ws = wb["台账"]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:O{ws.max_row}"
    assert ws["A1"].font.b
    cells = _cells(ws)
    colour = {code: c["状态"].fill.fgColor.rgb[-6:] for code, c in cells.items()}  # type: ignore[union-attr]
    assert colour["样例县-A1.1"] == FILLS["red"]  # due 11-10, today 11-23
    assert colour["样例县-A1.2"] == FILLS["yellow"]  # due 12-10
    assert colour["样例县-A2.1"] == FILLS["green"]  # due 2027
    assert colour["样例县-A2.2"] == FILLS["green"]  # done
    a11 = cells["样例县-A1.1"]
    assert a11["截止日期"].value.date() == date(2026, 11, 10)  # type: ignore[union-attr]
    assert a11["逾期天数"].value == 13 and a11["进度%"].value == 40  # type: ignore[union-attr]
    assert a11["最新进展"].alignment.wrap_text  # type: ignore[union-attr]


def test_widths_count_chinese_characters_as_two(seeded, tmp_path):
    assert display_width("县教育局") == 8 and display_width("ab＝") == 4
    path = tmp_path / "l.xlsx"
    write_xlsx(ledger(seeded), path)
    ws = openpyxl.load_workbook(path)["台账"]
    head = {c.value: c.column_letter for c in ws[1]}
    assert ws.column_dimensions[head["ID"]].width < ws.column_dimensions[head["行动/工程"]].width
    assert ws.column_dimensions[head["行动/工程"]].width >= display_width("青少年科学素质提升行动")


def test_text_that_looks_like_a_formula_stays_text(seeded, tmp_path):
    seeded.update([TaskUpdate(codes(seeded)["A1.1"], note="=1+1"), TaskUpdate(codes(seeded)["A1.2"], note="ok\x01bad")])
    path = tmp_path / "l.xlsx"
    write_xlsx(ledger(seeded), path)
    cells = _cells(openpyxl.load_workbook(path)["台账"])
    note = cells["样例县-A1.1"]["最新进展"]
    assert note.value == "=1+1" and note.data_type == "s"  # type: ignore[union-attr]
    assert cells["样例县-A1.2"]["最新进展"].value == "ok\ufffdbad"  # type: ignore[union-attr]


def test_one_sheet_per_department_and_a_summary(history, tmp_path):
    path = tmp_path / "l.xlsx"
    write_xlsx(ledger(history, TaskFilter(kinds=("action", "project")), by_dept=True), path, sheets="dept")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["汇总", "县教育局", "县科协", "县农业农村局", "（未明确责任单位）"]
    assert wb.active.title == "汇总"
    assert [c.value for c in wb["县科协"]["B"][1:]] == ["样例县-A1.1", "样例县-A1.2"]
    summary = [_trim([c.value for c in row]) for row in wb["汇总"].iter_rows()]
    assert summary[0] == ["按实施方案"]
    assert summary[1][:6] == ["实施方案", "未开始", "进行中", "已完成", "受阻", "已取消"]
    assert summary[1][-1] == "完成率"
    assert summary[2] == ["样例县", 3, 1, 1, 0, 0, 5, 1, 0.2]
    assert summary[4] == ["按牵头部门"]
    by_dept = {row[1]: row[2:] for row in summary[6:]}
    assert by_dept["县教育局"] == [1, 1, 0, 0, 0, 2, 1, 0.0]
    assert by_dept["县农业农村局"] == [1, 0, 1, 0, 0, 2, 0, 0.5]


def test_one_sheet_per_plan_with_english_headers(seeded, tmp_path):
    from tests.conftest import make_draft

    seeded.import_plan(make_draft(jurisdiction="另一县"))
    path = tmp_path / "l.xlsx"
    write_xlsx(ledger(seeded), path, sheets="plan", headers="en")
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["summary", "样例县", "另一县"]
    assert wb["另一县"]["A1"].value == "id" and wb["另一县"]["H2"].value == "not_started"


def test_the_ledger_prints_on_a4_landscape_with_wrapped_rows_tall_enough(history, tmp_path):
    path = tmp_path / "l.xlsx"
    write_xlsx(ledger(history), path)
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        assert ws.page_setup.orientation == "landscape" and int(ws.page_setup.paperSize) == 9  # A4
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
        assert ws.page_setup.fitToHeight == 0
    ws = wb["台账"]
    assert ws.print_title_rows == "$1:$1"
    assert all(ws.row_dimensions[n].height for n in range(2, ws.max_row + 1))


def test_the_status_column_is_a_drop_down(history, tmp_path):
    path = tmp_path / "l.xlsx"
    write_xlsx(ledger(history), path)
    ws = openpyxl.load_workbook(path)["台账"]
    [dv] = [d for d in ws.data_validations.dataValidation if d.type == "list"]
    assert dv.formula1 == '"未开始,进行中,已完成,受阻,已取消"' and str(dv.sqref).startswith("H2:H")
