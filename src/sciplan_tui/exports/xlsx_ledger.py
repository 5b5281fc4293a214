"""The ledger as an Excel workbook: frozen header, autofilter, widths for Chinese, 红黄绿灯, a summary sheet.

openpyxl is imported inside `write_xlsx` (it costs ~0.2 s to import).
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

from ..atomic import replacing
from ..services.counts import GroupCounts, by_lead, tally
from ..services.ledger import Ledger, LedgerRow
from ..services.statuses import STATUSES
from .columns import Column, Headers, columns, header, values
from .print_setup import a4_landscape, fit_rows

Sheets = Literal["plan", "dept"]

FILLS = {"red": "FFC7CE", "yellow": "FFEB9C", "green": "C6EFCE", "grey": "D9D9D9"}
HEADER_FILL = "DDEBF7"
MAX_WIDTH = {True: 48, False: 24}  # wide (free text) columns, others
# Characters XML 1.0 cannot hold (openpyxl refuses them): replaced by U+FFFD in the workbook.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
SHEET_NAMES = {
    "ledger": ("台账", "ledger"),
    "summary": ("汇总", "summary"),
    "by_plan": ("按实施方案", "by plan"),
    "by_dept": ("按牵头部门", "by lead department"),
    "total": ("合计", "total"),
    "overdue": ("逾期", "overdue"),
    "none": ("（未明确责任单位）", "(no department)"),
    "rate": ("完成率", "done rate"),
}


def display_width(text: str) -> int:
    """Columns a text takes on screen: East-Asian wide and full-width characters count 2."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def write_xlsx(book: Ledger, path: str | Path, *, headers: Headers = "zh", sheets: Sheets | None = None) -> None:
    """Write the workbook: one ledger sheet (or one per plan / department), then the summary."""
    from openpyxl import Workbook

    wb = Workbook()
    wb.remove(wb.active)  # type: ignore[arg-type]
    _styles(wb)
    lang = 0 if headers == "zh" else 1
    cols = columns(book)
    # 汇总 first: it is what the meeting looks at, and the sheet the workbook opens on.
    _summary_sheet(wb.create_sheet(_sheet_title(wb, SHEET_NAMES["summary"][lang])), book.rows, headers)
    for title, rows in _split(book.rows, sheets, lang):
        _ledger_sheet(wb.create_sheet(_sheet_title(wb, title)), cols, rows, headers)
    wb.active = 0
    with replacing(path) as scratch:  # whole or not at all (atomic.py)
        wb.save(str(scratch))


def _split(rows: Sequence[LedgerRow], sheets: Sheets | None, lang: int) -> list[tuple[str, list[LedgerRow]]]:
    if sheets is None:
        return [(SHEET_NAMES["ledger"][lang], list(rows))]
    groups: dict[str, list[LedgerRow]] = defaultdict(list)
    several = len({r.plan_code for r in rows}) > 1  # the same name in two plans is two departments
    for r in rows:
        dept = r.dept or SHEET_NAMES["none"][lang]
        key = r.plan_code if sheets == "plan" else f"{r.plan_code}·{dept}" if several else dept
        groups[key].append(r)
    return list(groups.items()) or [(SHEET_NAMES["ledger"][lang], [])]


def _sheet_title(wb: Any, wanted: str) -> str:
    """A legal, unique sheet title (≤31 characters, none of []:*?/\\)."""
    base = re.sub(r"[\[\]:*?/\\]", "_", wanted)[:31] or "_"
    title, n = base, 2
    while title in wb.sheetnames:
        suffix = f"~{n}"
        title, n = base[: 31 - len(suffix)] + suffix, n + 1
    return title


def _styles(wb: Any) -> None:
    """Named styles, registered once: setting a style object cell by cell is slow in openpyxl."""
    from openpyxl.styles import Alignment, Font, NamedStyle, PatternFill

    wb.add_named_style(
        NamedStyle(
            "sp_head",
            font=Font(bold=True),
            fill=PatternFill("solid", fgColor=HEADER_FILL),
            alignment=Alignment(vertical="center", wrap_text=True),
        )
    )
    wb.add_named_style(NamedStyle("sp_wrap", alignment=Alignment(vertical="top", wrap_text=True)))
    wb.add_named_style(NamedStyle("sp_top", alignment=Alignment(vertical="top")))
    for name, colour in FILLS.items():
        wb.add_named_style(
            NamedStyle(f"sp_{name}", fill=PatternFill("solid", fgColor=colour), alignment=Alignment(vertical="top"))
        )


def _ledger_sheet(ws: Any, cols: Sequence[Column], rows: Sequence[LedgerRow], headers: Headers) -> None:
    names = header(cols, headers)
    ws.append(names)
    for cell in ws[1]:
        cell.style = "sp_head"
    status_at = [c.key for c in cols].index("status")
    for n, row in enumerate(rows, 2):
        for i, value in enumerate(values(row, cols, headers)):
            cell = ws.cell(row=n, column=i + 1)
            cell.style = f"sp_{row.light}" if i == status_at else "sp_wrap" if cols[i].wide else "sp_top"
            _put(cell, value)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = ws.dimensions
    _status_choices(ws, status_at + 1, len(rows) + 1, headers)
    widths = _widths(ws, cols, names, rows, headers)
    a4_landscape(ws, title_rows="1:1")  # exports/print_setup.py: one page wide, header on every page
    fit_rows(ws, 1, [w if col.wide else 0.0 for w, col in zip(widths, cols, strict=True)])


def _status_choices(ws: Any, column: int, last_row: int, headers: Headers) -> None:
    """The status column as a drop-down of the valid statuses (labels, or keys with --headers en)."""
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    choices = [v[0] for v in STATUSES.values()] if headers == "zh" else list(STATUSES)
    dv = DataValidation(type="list", formula1='"' + ",".join(choices) + '"', allow_blank=True)
    letter = get_column_letter(column)
    dv.add(f"{letter}2:{letter}{max(last_row, 2)}")
    ws.add_data_validation(dv)


def _put(cell: Any, value: Any) -> None:
    """Typed values stay typed; text stays text (never a formula, whatever it starts with)."""
    from datetime import date, datetime

    if isinstance(value, str):
        cell.value = _ILLEGAL.sub("\ufffd", value)
        cell.data_type = "s"
        return
    cell.value = value
    if isinstance(value, datetime):
        cell.number_format = "yyyy-mm-dd hh:mm"
    elif isinstance(value, date):
        cell.number_format = "yyyy-mm-dd"


def _widths(
    ws: Any, cols: Sequence[Column], names: list[str], rows: Sequence[LedgerRow], headers: Headers
) -> list[float]:
    from openpyxl.utils import get_column_letter

    widest = [display_width(n) for n in names]
    for row in rows:
        for i, value in enumerate(values(row, cols, headers)):
            shown = "0000-00-00 00:00" if hasattr(value, "year") else str(value or "")
            widest[i] = max(widest[i], max((display_width(line) for line in shown.splitlines()), default=0))
    out: list[float] = []
    for i, col in enumerate(cols):
        out.append(min(max(widest[i], 4), MAX_WIDTH[col.wide]) + 2)
        ws.column_dimensions[get_column_letter(i + 1)].width = out[-1]
    return out


def _summary_sheet(ws: Any, rows: Sequence[LedgerRow], headers: Headers) -> None:
    """Counts by status per plan and per lead department (each task once)."""
    from openpyxl.styles import Font

    lang = 0 if headers == "zh" else 1
    tasks = list({r.task_id: r for r in rows}.values())
    keys = list(STATUSES)
    labels = [STATUSES[k][0] if lang == 0 else k for k in keys]
    extra = [SHEET_NAMES["total"][lang], SHEET_NAMES["overdue"][lang], SHEET_NAMES["rate"][lang]]
    plan_head = ["实施方案" if lang == 0 else "plan"]
    dept_head = [*plan_head, "牵头部门" if lang == 0 else "lead"]
    bold: list[int] = []

    def heading(*lines: list[Any]) -> None:
        for line in lines:
            ws.append(line)
            bold.append(ws.max_row)

    heading([SHEET_NAMES["by_plan"][lang]], plan_head + labels + extra)
    for g in tally(tasks, lambda r: ("",)):  # services/counts.py: the monthly report's counting
        ws.append([g.plan_code, *_cells(g, keys)])
    ws.append([])
    heading([SHEET_NAMES["by_dept"][lang]], dept_head + labels + extra)
    none = SHEET_NAMES["none"][lang]
    for g in by_lead(tasks):
        ws.append([g.plan_code, g.name or none, *_cells(g, keys)])
    for n in bold:
        for cell in ws[n]:
            cell.font = Font(bold=True)
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, float):
                cell.number_format = "0%"
    for letter, width in (("A", 16), ("B", 24)):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A3"
    a4_landscape(ws, title_rows="1:2")


def _cells(g: GroupCounts, keys: Sequence[str]) -> list[Any]:
    """Counts by status, total, overdue, and the completion rate (done / total, as the monthly report)."""
    return [*g.by_status(keys), g.total, g.overdue, g.done_ratio]


__all__ = ["display_width", "write_xlsx"]
