"""A department's fill-in sheet (进展情况表) as an .xlsx: drop-down status, only the answer cells unlocked.

Layout: a title row, a row with the contact and the deadline, the header (row 3, repeated on every
printed page), one row per task. Column A holds the hidden row key (services/sheets.py); a hidden
sheet `_sciplan` repeats the keys by task code with the sheet's token, department and period.
The sheet is protected without a password: departments can fill in the yellow cells, resize and
filter, but not change the task texts by accident. openpyxl is imported inside `write_sheet`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..atomic import replacing
from ..services.sheets import Sheet, SheetRow
from ..services.statuses import STATUSES
from .print_setup import a4_landscape, fit_rows

if TYPE_CHECKING:
    from ..services import Services

META_SHEET = "_sciplan"
FORMAT = "sciplan-sheet/1"
HEADER_ROW = 3
ANSWER_FILL = "FFF2CC"
HEADER_FILL = "DDEBF7"
LIGHT_FILLS = {"red": "FFC7CE", "yellow": "FFEB9C"}


@dataclass(frozen=True)
class SheetColumn:
    key: str
    zh: str
    width: float
    answer: bool = False  # a cell the department fills in (unlocked, yellow)
    wrap: bool = False


COLUMNS = (
    SheetColumn("key", "行键", 6),
    SheetColumn("n", "序号", 5),
    SheetColumn("code", "任务编号", 11),
    SheetColumn("item", "行动/工程", 12, wrap=True),
    SheetColumn("title", "任务", 26, wrap=True),
    SheetColumn("role", "职责", 6),
    SheetColumn("leads", "牵头单位", 12, wrap=True),
    SheetColumn("participants", "参加单位", 12, wrap=True),
    SheetColumn("days_overdue", "逾期天数", 6),
    SheetColumn("note", "最新进展", 22, wrap=True),
    SheetColumn("status", "状态", 9, answer=True),
    SheetColumn("progress", "进度%", 7, answer=True),
    SheetColumn("due_date", "截止日期", 11, answer=True),
    SheetColumn("new_note", "本月进展", 28, answer=True, wrap=True),
    SheetColumn("problems", "存在问题", 16, answer=True, wrap=True),
)
ROLES = {"lead": "牵头", "participant": "参加"}


def file_name(sheet: Sheet) -> str:
    """A file name Windows and WeChat accept."""
    return re.sub(r'[\\/:*?"<>|\s]+', "_", sheet.file_stem) + ".xlsx"


def write_sheets(services: Services, sheets: list[Sheet], directory: Path, *, office: str = "") -> dict[int, Path]:
    """Write every sheet into `directory` and register them as sent (CLI `export sheets`, TUI `e`)."""
    from ..services.sheets import record_sent

    directory.mkdir(parents=True, exist_ok=True)
    files: dict[int, Path] = {}
    for sheet in sheets:
        files[sheet.dept.dept_id] = directory / file_name(sheet)
        write_sheet(sheet, files[sheet.dept.dept_id], office=office)
    record_sent(services, sheets, {k: str(v) for k, v in files.items()})
    return files


def write_sheet(sheet: Sheet, path: str | Path, *, office: str = "") -> None:
    """Write one department's sheet."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "进展情况表"
    _top(ws, sheet, office)
    _table(ws, sheet.rows)
    _meta(wb.create_sheet(META_SHEET), sheet)
    with replacing(path) as scratch:  # whole or not at all (atomic.py)
        wb.save(str(scratch))


def _top(ws: Any, sheet: Sheet, office: str) -> None:
    from openpyxl.styles import Alignment, Font

    last = len(COLUMNS)
    ws.cell(1, 2, f"{sheet.dept.plan_code}{sheet.dept.name} 任务进展情况表（{sheet.period}）").font = Font(
        bold=True, size=14
    )
    contact = sheet.dept.line() or "（未登记，请在表内注明）"
    ask = (
        f"联系人：{contact}　　请于 {sheet.deadline.month}月{sheet.deadline.day}日前 填写黄色单元格"
        f"（状态、进度%、截止日期、本月进展、存在问题）后发回{office or '纲要办'}；其他单元格请勿修改。"
    )
    ws.cell(2, 2, ask).alignment = Alignment(wrap_text=True, vertical="center")
    ws.merge_cells(start_row=1, start_column=2, end_row=1, end_column=last)
    ws.merge_cells(start_row=2, start_column=2, end_row=2, end_column=last)
    ws.row_dimensions[2].height = 32


def _styles(wb: Any) -> None:
    """Named styles, registered once per workbook: setting style objects cell by cell costs 4× more."""
    from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Protection, Side

    thin = Side(style="thin", color="999999")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap, top = Alignment(wrap_text=True, vertical="top"), Alignment(vertical="top")
    answer = PatternFill("solid", fgColor=ANSWER_FILL)
    unlocked = Protection(locked=False)
    styles = [
        NamedStyle(
            "sh_head",
            font=Font(bold=True),
            fill=PatternFill("solid", fgColor=HEADER_FILL),
            border=border,
            alignment=Alignment(wrap_text=True, vertical="center", horizontal="center"),
        ),
        NamedStyle("sh_wrap", border=border, alignment=wrap),
        NamedStyle("sh_top", border=border, alignment=top),
        NamedStyle("sh_answer", border=border, alignment=wrap, fill=answer, protection=unlocked),
        NamedStyle(
            "sh_answer_date", border=border, alignment=top, fill=answer, protection=unlocked, number_format="yyyy-mm-dd"
        ),
        *(
            NamedStyle(f"sh_{k}", border=border, alignment=top, fill=PatternFill("solid", fgColor=v))
            for k, v in LIGHT_FILLS.items()
        ),
    ]
    for style in styles:
        wb.add_named_style(style)


def _style(col: SheetColumn, row: SheetRow) -> str:
    if col.answer:
        return "sh_answer_date" if col.key == "due_date" else "sh_answer"
    if col.key == "days_overdue" and row.ledger.light in LIGHT_FILLS:
        return f"sh_{row.ledger.light}"
    return "sh_wrap" if col.wrap else "sh_top"


def _table(ws: Any, rows: tuple[SheetRow, ...]) -> None:
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    _styles(ws.parent)
    for i, col in enumerate(COLUMNS, 1):
        cell = ws.cell(HEADER_ROW, i, col.zh)
        cell.style = "sh_head"
        ws.column_dimensions[get_column_letter(i)].width = col.width
    ws.column_dimensions["A"].hidden = True
    for n, row in enumerate(rows, HEADER_ROW + 1):
        values = _values(n - HEADER_ROW, row)
        for i, col in enumerate(COLUMNS, 1):
            cell = ws.cell(n, i)
            cell.style = _style(col, row)
            _put(cell, values[col.key])
    last_row = HEADER_ROW + max(len(rows), 1)
    letters = {c.key: get_column_letter(i) for i, c in enumerate(COLUMNS, 1)}
    checks = [
        (
            DataValidation(
                type="list",
                formula1='"' + ",".join(v[0] for v in STATUSES.values()) + '"',
                allow_blank=True,
                errorTitle="状态",
                error="请从下拉列表中选择状态",
            ),
            "status",
        ),
        (
            DataValidation(
                type="whole",
                operator="between",
                formula1="0",
                formula2="100",
                allow_blank=True,
                errorTitle="进度",
                error="进度为 0 到 100 的整数",
            ),
            "progress",
        ),
        (
            DataValidation(
                type="date",
                operator="greaterThan",
                formula1="36526",
                allow_blank=True,
                errorTitle="截止日期",
                error="请填写日期，如 2026-12-31",
            ),
            "due_date",
        ),
    ]
    for dv, key in checks:
        dv.showErrorMessage = True
        dv.add(f"{letters[key]}{HEADER_ROW + 1}:{letters[key]}{last_row}")
        ws.add_data_validation(dv)
    ws.freeze_panes = ws.cell(HEADER_ROW + 1, 3)
    ws.auto_filter.ref = f"B{HEADER_ROW}:{get_column_letter(len(COLUMNS))}{last_row}"
    _protect(ws)
    a4_landscape(ws, title_rows=f"{HEADER_ROW}:{HEADER_ROW}")
    fit_rows(ws, HEADER_ROW, [0.0 if c.key == "key" else c.width for c in COLUMNS])


def _values(n: int, row: SheetRow) -> dict[str, Any]:
    r = row.ledger
    return {
        "key": row.key.text(),
        "n": n,
        "code": r.code,
        "item": r.item,
        "title": r.title,
        "role": ROLES.get(row.role, row.role),
        "leads": "、".join(r.leads),
        "participants": _some(r.participants),
        "days_overdue": r.days_overdue,
        "note": r.note,
        "status": STATUSES[r.status][0] if r.status in STATUSES else r.status,
        "progress": r.progress,
        "due_date": r.due_date,
        "new_note": None,
        "problems": None,
    }


def _some(names: tuple[str, ...], shown: int = 4) -> str:
    """A long list of participants, cut: 县人社局、县农业农村局、县地震局、县妇联等 11 个单位."""
    if len(names) <= shown + 1:
        return "、".join(names)
    return "、".join(names[:shown]) + f"等 {len(names)} 个单位"


_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _put(cell: Any, value: Any) -> None:
    if isinstance(value, str):
        cell.value = _ILLEGAL.sub("\ufffd", value)
        cell.data_type = "s"  # text stays text, never a formula
        return
    cell.value = value  # a date's format comes with its style (sh_answer_date)


def _protect(ws: Any) -> None:
    """Protected without a password: the answer cells stay editable; sorting, filtering and resizing too."""
    p = ws.protection
    p.sheet = True
    p.formatColumns = p.formatRows = p.autoFilter = p.sort = False  # False: allowed
    p.selectLockedCells = p.selectUnlockedCells = False


def _meta(ws: Any, sheet: Sheet) -> None:
    ws.append(["format", FORMAT])
    ws.append(["token", sheet.token])
    ws.append(["dept_id", sheet.dept.dept_id])
    ws.append(["dept", sheet.dept.name])
    ws.append(["plan", sheet.dept.plan_code])
    ws.append(["period", sheet.period])
    ws.append(["sent_at", sheet.sent_at.isoformat()])
    ws.append(["code", "key"])
    for row in sheet.rows:
        ws.append([row.ledger.code, row.key.text()])
    ws.sheet_state = "hidden"
    ws.protection.sheet = True


__all__ = ["COLUMNS", "FORMAT", "HEADER_ROW", "META_SHEET", "file_name", "write_sheet", "write_sheets"]
