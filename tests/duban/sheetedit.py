"""Editing a fill-in sheet as a department would, and saving it the ways Excel and WPS save."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl

from sciplan_tui.services import Services, TaskFilter
from sciplan_tui.services.sheets import build


def export(services: Services, out: Path, plan: str = "样例县") -> dict[str, Path]:
    """Write the sheets of `plan` and register them as sent, as `export sheets` does; {department: file}."""
    from sciplan_tui.exports.sheets_xlsx import file_name, write_sheet
    from sciplan_tui.services.sheets import record_sent

    out.mkdir(parents=True, exist_ok=True)
    files = {}
    sheets = build(services, TaskFilter(plan=plan))
    for sheet in sheets:
        path = out / file_name(sheet)
        write_sheet(sheet, path)
        files[sheet.dept.name] = path
    record_sent(services, sheets, {s.dept.dept_id: str(files[s.dept.name]) for s in sheets})
    return files


def edit(path: Path, target: Path, changes: dict[str, dict[str, Any]], *, drop: tuple[str, ...] = ()) -> Path:
    """Fill in cells by task code and header ({"样例县-A1.1": {"状态": "进行中"}}), delete columns, save."""
    wb = openpyxl.load_workbook(path)
    ws = wb.worksheets[0]
    head = [c.value for c in ws[3]]
    for row in ws.iter_rows(min_row=4):
        code = row[head.index("任务编号")].value
        for name, value in changes.get(str(code), {}).items():
            row[head.index(name)].value = value
    for name in drop:
        ws.delete_cols([c.value for c in ws[3]].index(name) + 1)
    wb.save(target)
    return target


def table(path: Path) -> list[list[str]]:
    """The visible sheet as Excel shows it (hidden column A included, as Excel's CSV save keeps it)."""
    ws = openpyxl.load_workbook(path).worksheets[0]
    return [[_shown(v) for v in row] for row in ws.iter_rows(values_only=True)]


def _shown(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.strftime("%Y/%m/%d")  # Excel on Chinese Windows shows dates so
    return str(value)


def save_csv(path: Path, target: Path, encoding: str = "utf-8-sig") -> Path:
    """Excel's "CSV UTF-8" (utf-8-sig) or "CSV (逗号分隔)" on Chinese Windows (gb18030)."""
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerows(table(path))
    target.write_bytes(buffer.getvalue().encode(encoding))
    return target


def save_unicode_text(path: Path, target: Path) -> Path:
    """Excel's "Unicode 文本": UTF-16 LE with a BOM, tab-separated, CRLF."""
    buffer = io.StringIO(newline="")
    csv.writer(buffer, delimiter="\t", lineterminator="\r\n").writerows(table(path))
    target.write_bytes(buffer.getvalue().encode("utf-16"))
    return target
