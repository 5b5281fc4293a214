"""Reading a returned fill-in sheet: .xlsx (Excel or WPS), CSV (UTF-8, BOM, GB18030), "Unicode 文本" (UTF-16).

Columns are found by their header (any order, any of them removed); the header row is found among
the first rows (a CSV save keeps the title rows above it). Each row yields its row key, its task
code and the answer cells present, as text. What they mean is decided in services/collect.py.
openpyxl is imported only for an .xlsx file.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

from ..errors import InvalidInputError, SciplanError
from ..i18n import register
from ..services.collect import AnswerFile, AnswerRow, Problem

register(
    {
        "answers.unreadable": ("无法读取 {file}：{detail}", "Cannot read {file}: {detail}"),
        "answers.no_header": (
            "{file} 中找不到进展情况表的表头（应有“行键”或“任务编号”列）",
            "{file} has no fill-in sheet header (a 行键 or 任务编号 column)",
        ),
    }
)

# Header → field. The answer fields, the row key and the task code; other columns are ignored.
HEADERS = {
    "行键": "key",
    "key": "key",
    "任务编号": "code",
    "code": "code",
    "编号": "code",
    "状态": "status",
    "status": "status",
    "进度%": "progress",
    "进度": "progress",
    "progress": "progress",
    "截止日期": "due_date",
    "完成时限": "due_date",
    "due_date": "due_date",
    "本月进展": "new_note",
    "新进展": "new_note",
    "进展情况": "new_note",
    "new_note": "new_note",
    "存在问题": "problems",
    "problems": "problems",
}
SCAN_ROWS = 10
SUFFIXES = (".xlsx", ".xlsm", ".csv", ".txt", ".tsv")


def files_in(paths: list[Path]) -> list[Path]:
    """The files named, and the sheet-like files of the directories named (sorted, no Office lock files)."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out += sorted(p for p in path.iterdir() if p.suffix.lower() in SUFFIXES and not p.name.startswith("~$"))
        else:
            out.append(path)
    return out


def read_all(paths: Sequence[Path]) -> tuple[list[AnswerFile], list[Problem]]:
    """Every file named (directories: their sheet files); an unreadable file is a problem, not a stop."""
    out, problems = [], []
    for path in files_in(list(paths)):
        try:
            out.append(read(path))
        except SciplanError as exc:
            problems.append(Problem(str(path), None, None, exc.message()))
    return out, problems


def read(path: Path) -> AnswerFile:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InvalidInputError("answers.unreadable", file=str(path), detail=exc.strerror or str(exc)) from exc
    return read_bytes(data, str(path))


def read_bytes(data: bytes, source: str) -> AnswerFile:
    import hashlib

    if data.startswith(b"PK\x03\x04"):
        table, keys = _xlsx(data, source)
    else:
        table, keys = _text_table(_decode(data, source)), {}
    found = _header(table, source)
    start, names = found
    rows = []
    for n, row in enumerate(table[start + 1 :], start + 2):
        cells = {name: _text(v) for name, v in zip(names, row, strict=False) if name}
        if any(cells.values()):
            rows.append(AnswerRow(n, cells))
    digest = hashlib.sha256(repr([(r.cells) for r in rows]).encode()).hexdigest()
    return AnswerFile(source, frozenset(n for n in names if n), tuple(rows), keys, digest)


def _header(table: list[list[Any]], source: str) -> tuple[int, list[str | None]]:
    for i, row in enumerate(table[:SCAN_ROWS]):
        names: list[str | None] = []
        for cell in row:
            name = HEADERS.get(_text(cell).lstrip("\ufeff").strip())
            names.append(name if name not in names else None)
        if "key" in names or "code" in names:
            return i, names
    raise InvalidInputError("answers.no_header", file=source)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


# ---- xlsx ----------------------------------------------------------------------------------


def _xlsx(data: bytes, source: str) -> tuple[list[list[Any]], dict[str, str]]:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged file; say which file
        raise InvalidInputError("answers.unreadable", file=source, detail=str(exc)) from exc
    keys: dict[str, str] = {}
    visible = []
    for ws in wb.worksheets:
        if ws.title == "_sciplan":
            rows = list(ws.iter_rows(values_only=True))
            keys = {str(r[0]): str(r[1]) for r in rows[8:] if r and r[0] and len(r) > 1 and r[1]}
        elif ws.sheet_state == "visible":
            visible.append(ws)
    for ws in visible:
        table = [list(r) for r in ws.iter_rows(values_only=True)]
        try:
            _header(table, source)
        except InvalidInputError:
            continue
        return table, keys
    return ([list(r) for r in visible[0].iter_rows(values_only=True)] if visible else []), keys


# ---- text ----------------------------------------------------------------------------------


def _decode(data: bytes, source: str) -> str:
    """UTF-16 ("Unicode 文本", with a BOM or ASCII-heavy without), else textio's UTF-8/GB18030."""
    from ..textio import decode

    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or (len(data) >= 4 and data[1:200:2].count(0) > len(data[:200]) // 4):
        try:
            return data.decode("utf-16" if data[:2] in (b"\xff\xfe", b"\xfe\xff") else "utf-16-le")
        except UnicodeDecodeError:
            pass
    return decode(data, source)


def _text_table(text: str) -> list[list[str]]:
    """Rows of a CSV or tab-separated file: the delimiter that makes a header of our columns."""
    best: list[list[str]] = []
    for delimiter in ("\t", ",", ";"):
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
        try:
            _header(rows, "")
            return rows
        except InvalidInputError:
            best = best or rows
    return best


__all__ = ["files_in", "read", "read_all", "read_bytes"]
