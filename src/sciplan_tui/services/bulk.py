"""Bulk update files (`sciplan set --from`): CSV with a header, or JSON lines; every bad line reported."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from typing import Any

from ..errors import InvalidInputError, SciplanError
from ..i18n import register
from . import refs
from .dates import parse_date
from .statuses import parse_status
from .updates import TaskUpdate, validate_progress

register(
    {
        "bulk.empty": ("批量更新内容为空", "The bulk update input is empty"),
        "bulk.no_id": ("缺少任务编号（id 或 code 列）", "No task given (an id or code column)"),
        "bulk.json": ("不是有效的 JSON 对象：{detail}", "Not a valid JSON object: {detail}"),
        "bulk.header": (
            "CSV 表头中没有 id 或 code 列（现有：{columns}）",
            "The CSV header has no id or code column (found: {columns})",
        ),
        "bulk.invalid": ("批量更新有 {count} 行出错，未做任何修改：", "{count} bad line(s); nothing was changed:"),
        "bulk.csv": ("CSV 格式错误：{detail}", "Malformed CSV: {detail}"),
        "bulk.nothing": ("该行没有要修改的内容", "The line changes nothing"),
    }
)

# Accepted column names (English keys, Chinese ledger headers).
COLUMNS = {
    "id": "id",
    "ID": "id",
    "编号": "id",
    "任务ID": "id",
    "code": "code",
    "代码": "code",
    "任务编号": "code",
    "status": "status",
    "状态": "status",
    "progress": "progress",
    "进度": "progress",
    "进度%": "progress",
    "due": "due",
    "due_date": "due",
    "截止日期": "due",
    "完成时限": "due",
    "note": "note",
    "备注": "note",
    "进展情况": "note",
    "新进展": "note",
}


def parse(
    text: str, *, today: date, conn: Any, plan: str | None = None, source: str = "-", label: str | None = None
) -> list[TaskUpdate]:
    """Parse CSV or JSON lines; raise one InvalidInputError naming every bad line.

    Each update is tagged with `label` (where it came from: the history's note, sources.tag). Plain
    task IDs are looked up here only when some line is bad already, so that one report names every
    bad line; otherwise the write looks them up under its lock and names every unknown one itself
    (updates.apply_updates), and a file is not read against the store twice.
    """
    text = text.lstrip("\ufeff")
    if not text.strip():
        raise InvalidInputError("bulk.empty", file=source)
    records = _json_lines(text) if text.lstrip().startswith("{") else _csv_records(text, source)
    updates: list[TaskUpdate] = []
    problems: list[SciplanError] = []
    for line, record in records:
        try:
            updates += _updates(record, line, today=today, conn=conn, plan=plan, label=label)
        except SciplanError as exc:
            exc.line = exc.line or line
            problems.append(exc)
    if problems:
        raise invalid(problems + _unknown_ids(conn, updates), source)
    return updates


def invalid(problems: list[SciplanError], source: str) -> InvalidInputError:
    """Every bad line of a bulk file in one error, in the file's order."""
    problems = sorted(problems, key=lambda p: p.line or 0)
    return InvalidInputError("bulk.invalid", file=source, count=len(problems), problems=problems)


def _unknown_ids(conn: Any, updates: list[TaskUpdate]) -> list[SciplanError]:
    """Every update whose task ID does not exist, checked in one pass."""
    from ..errors import NotFoundError
    from ..store.queries import existing_ids

    known = existing_ids(conn, sorted({u.task_id for u in updates}))
    return [
        NotFoundError("task.not_found", value=str(u.task_id), line=u.line) for u in updates if u.task_id not in known
    ]


def _json_lines(text: str) -> list[tuple[int, Any]]:
    out: list[tuple[int, Any]] = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            if not isinstance(record, dict):
                raise ValueError(type(record).__name__)
            record = {COLUMNS.get(k, k): v for k, v in record.items()}
        except (ValueError, RecursionError) as exc:  # RecursionError: JSON nested thousands deep
            detail = str(exc) if isinstance(exc, ValueError) else "nested too deep"
            record = InvalidInputError("bulk.json", detail=detail, line=n)
        out.append((n, record))
    return out


def _csv_records(text: str, source: str) -> list[tuple[int, Any]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        return _read_csv(reader, source)
    except csv.Error as exc:
        raise InvalidInputError("bulk.csv", file=source, line=reader.line_num, detail=str(exc)) from exc


def _read_csv(reader: Any, source: str) -> list[tuple[int, Any]]:
    header: list[str] = next(reader, [])
    keys = [COLUMNS.get(h.strip()) for h in header]
    if "id" not in keys and "code" not in keys:
        raise InvalidInputError("bulk.header", file=source, line=1, columns="、".join(header))
    out: list[tuple[int, Any]] = []
    for row in reader:
        if any(cell.strip() for cell in row):
            record = {k: v for k, v in zip(keys, row, strict=False) if k and v.strip() != ""}
            out.append((reader.line_num, record))
    return out


def _updates(
    record: Any, line: int, *, today: date, conn: Any, plan: str | None, label: str | None
) -> list[TaskUpdate]:
    """The updates of one line (a record whose keys are COLUMNS' values)."""
    if isinstance(record, SciplanError):
        raise record
    ref = record.get("id") or record.get("code")
    if ref in (None, ""):
        raise InvalidInputError("bulk.no_id", line=line)
    text = str(ref).strip()
    # A plain ID is checked with all the others when the updates are applied (one query, not one a line).
    ids = [refs._id(text)] if refs.is_id(text) else refs.resolve(conn, [text], plan)
    fields: dict[str, Any] = {}
    if record.get("status") not in (None, ""):
        fields["status"] = parse_status(str(record["status"]))
    if record.get("progress") not in (None, ""):
        fields["progress"] = validate_progress(record["progress"])
    if record.get("due") not in (None, ""):
        fields["due_date"] = parse_date(str(record["due"]), today)
    if record.get("note") not in (None, ""):
        fields["note"] = str(record["note"])
    if not fields:
        raise InvalidInputError("bulk.nothing", line=line)
    return [TaskUpdate(task_id=i, line=line, source=label, **fields) for i in ids]
