"""Taking back the ledger departments edited in Excel: only real changes, one batch, every problem named."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from ..clock import display_zone, local
from ..errors import InvalidInputError, SciplanError
from ..store import ledger_queries as lq
from ..store import queries
from ..store.ledger_queries import FieldChange
from ..store.rows import TaskRow
from .ledger import field_value

if TYPE_CHECKING:
    from . import Services
    from .updates import Applied


# ---- taking the edited ledger back -----------------------------------------------------------


@dataclass(frozen=True)
class LedgerRecord:
    """One row of an edited ledger file: cells by column key, and each key's header as written."""

    line: int
    cells: dict[str, str]
    headers: dict[str, str]


@dataclass(frozen=True)
class PlannedChange:
    line: int
    task_id: int
    code: str
    field: str
    old: str | None
    new: str


@dataclass(frozen=True)
class LedgerImport:
    changes: tuple[PlannedChange, ...]
    rows: int
    dry_run: bool
    applied: Applied | None = None


def import_ledger(
    services: Services,
    records: Sequence[LedgerRecord],
    *,
    plan: str | None = None,
    dry_run: bool = False,
    source: str = "-",
) -> LedgerImport:
    """Apply the changed status/progress/due dates and new notes of an edited ledger: all or nothing."""
    from . import TaskFilter

    reader = _Reader(services, records, plan)
    with services.store.read() as conn:
        reader.resolve(conn)
    # Through the services, so a task the user may not see is reported like an unknown one.
    wanted = TaskFilter(ids=tuple(reader.ids), include_retired=True)
    current = {r.id: r for r in services.tasks(wanted)} if reader.ids else {}
    reader.drop_hidden(current)
    ids = list(current)
    with services.store.read() as conn:
        notes = lq.note_texts(conn, ids)
        last = lq.last_changes(conn, ids)
    planned = reader.plan_changes(current, notes, last)
    if reader.problems:
        raise InvalidInputError("ledger.invalid", file=source, count=len(reader.problems), problems=reader.problems)
    updates = _updates(planned, {tid: row.version for tid, row in current.items()})
    applied = services.update(updates, backup="csv-import") if updates and not dry_run else None
    return LedgerImport(tuple(planned), len(records), dry_run, applied)


def _updates(planned: Sequence[PlannedChange], versions: dict[int, int]) -> list[Any]:
    """The writes, each expecting the task's version the file was compared with: a task changed since
    (by someone else, between this read and the write) is a conflict, not silently overwritten."""
    from .updates import TaskUpdate

    fields: dict[int, dict[str, Any]] = defaultdict(dict)
    notes: list[PlannedChange] = []
    for c in planned:
        if c.field == "note":
            notes.append(c)
        else:
            fields[c.task_id][c.field] = field_value(c.field, c.new)
    out = [TaskUpdate(tid, line=None, expected_version=versions.get(tid), **values) for tid, values in fields.items()]
    out += [TaskUpdate(c.task_id, note=c.new, line=c.line) for c in notes]
    return out


class _Reader:
    """Validates ledger records against the store, collecting every problem by row and column."""

    def __init__(self, services: Services, records: Sequence[LedgerRecord], plan: str | None) -> None:
        self.services, self.records, self.plan = services, records, plan
        self.problems: list[SciplanError] = []
        self.ids: dict[int, None] = {}
        self.row_ids: dict[int, int] = {}  # line → task id
        self.plan_id: int | None = None

    def problem(self, rec: LedgerRecord, key: str, exc: SciplanError) -> None:
        column = rec.headers.get(key, key)
        self.problems.append(InvalidInputError("ledger.cell", line=rec.line, column=column, detail=exc.message()))

    def resolve(self, conn: Any) -> None:
        from .refs import resolve

        self.plan_id = queries.plan_id(conn, self.plan) if self.plan else None
        for rec in self.records:
            ref_key = "id" if rec.cells.get("id", "").strip() else "code"
            ref = rec.cells.get(ref_key, "").strip()
            try:
                if not ref:
                    raise InvalidInputError("ledger.no_ref")
                if ref_key == "id" and not (ref.isascii() and ref.isdigit()):
                    raise InvalidInputError("ledger.bad_id", value=ref)
                [tid] = resolve(conn, [ref], self.plan)[:1]
            except SciplanError as exc:
                self.problem(rec, ref_key, exc)
                continue
            self.row_ids[rec.line] = tid
            self.ids[tid] = None

    def drop_hidden(self, visible: dict[int, TaskRow]) -> None:
        """Rows naming a task this user may not see: a problem, as for an unknown task."""
        from ..errors import NotFoundError

        for rec in self.records:
            tid = self.row_ids.get(rec.line)
            if tid is not None and tid not in visible:
                ref_key = "id" if rec.cells.get("id", "").strip() else "code"
                self.problem(rec, ref_key, NotFoundError("task.not_found", value=rec.cells.get(ref_key, "")))
                del self.row_ids[rec.line]

    def plan_changes(
        self, current: dict[int, TaskRow], notes: dict[int, list[str]], last: dict[int, FieldChange]
    ) -> list[PlannedChange]:
        out: list[PlannedChange] = []
        seen: dict[tuple[int, str], tuple[str, int]] = {}
        for rec in self.records:
            tid = self.row_ids.get(rec.line)
            if tid is None:
                continue
            task = current[tid]
            if self._other_plan(rec, task):
                continue
            wanted = self._fields(rec, task)
            changes = [c for c in wanted if self._first(rec, task, c, seen)]
            if any(c.field != "note" for c in changes) and not self._fresh(rec, task, last.get(tid)):
                continue
            out += [c for c in changes if c.field != "note" or _is_new(c.new, notes.get(tid, []), out, tid)]
        return out

    def _other_plan(self, rec: LedgerRecord, task: TaskRow) -> bool:
        if self.plan_id is None or task.plan_id == self.plan_id:
            given = rec.cells.get("plan", "").strip()
            if self.plan_id is None or not given or given == task.plan_code:
                return False
            key = "plan"
        else:
            key = "id" if rec.cells.get("id", "").strip() else "code"
        self.problem(
            rec,
            key,
            InvalidInputError("ledger.other_plan", code=task.full_code, found=task.plan_code, plan=self.plan or ""),
        )
        return True

    def _fields(self, rec: LedgerRecord, task: TaskRow) -> list[PlannedChange]:
        from .dates import parse_date
        from .statuses import parse_status
        from .updates import validate_progress

        out = []
        done = _done(rec.cells.get("status", ""), task.status)
        parsers: dict[str, Any] = {
            "status": (parse_status, task.status),
            "progress": (validate_progress, task.progress),
            "due_date": (lambda v: parse_date(v, self.services.today()), task.due_date),
        }
        for key, (parse, have) in parsers.items():
            text = rec.cells.get(key, "").strip()
            if not text or (key == "progress" and done):  # done means 100%, whatever the cell says
                continue
            try:
                value = parse(text)
            except SciplanError as exc:
                self.problem(rec, key, exc)
                continue
            if value != have:
                out.append(PlannedChange(rec.line, task.id, task.full_code, key, _str(have), _str(value) or ""))
        note = rec.cells.get("note", "")
        if note.strip():
            out.append(PlannedChange(rec.line, task.id, task.full_code, "note", None, note.strip()))
        return out

    def _first(
        self, rec: LedgerRecord, task: TaskRow, c: PlannedChange, seen: dict[tuple[int, str], tuple[str, int]]
    ) -> bool:
        """Several rows of one task (a by-department ledger) must agree; keep the first of equal ones."""
        if c.field == "note":
            return True
        key = (task.id, c.field)
        if key not in seen:
            seen[key] = (c.new, rec.line)
            return True
        value, line = seen[key]
        if value != c.new:
            self.problem(rec, c.field, InvalidInputError("ledger.disagree", other=line, code=task.full_code))
        return False

    def _fresh(self, rec: LedgerRecord, task: TaskRow, newest: FieldChange | None) -> bool:
        """False (and a problem) when the task changed after the file's 最后修改时间."""
        if newest is None or "changed_at" not in rec.cells:
            return True
        seen = _when(rec.cells["changed_at"])
        if seen is not None and newest.at < seen + timedelta(minutes=1):
            return True
        at = local(newest.at).strftime("%Y-%m-%d %H:%M")
        self.problem(
            rec, "changed_at", InvalidInputError("ledger.stale", code=task.full_code, actor=newest.actor, at=at)
        )
        return False


def _done(cell: str, current: str) -> bool:
    from .statuses import parse_status

    try:
        return (parse_status(cell) if cell.strip() else current) == "done"
    except SciplanError:
        return False


def _str(value: Any) -> str | None:
    if value is None:
        return None
    return value.isoformat() if isinstance(value, date) else str(value)


def _norm(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def _recorded(cell: str, texts: Iterable[str]) -> bool:
    return any(_norm(cell) == _norm(t) for t in texts)


def _is_new(text: str, recorded: list[str], planned: list[PlannedChange], tid: int) -> bool:
    """A note cell is new unless the task already has that note (or another row adds it)."""
    if _recorded(text, recorded):
        return False
    return not _recorded(text, (c.new for c in planned if c.task_id == tid and c.field == "note"))


def _when(text: str) -> datetime | None:
    cleaned = text.strip().replace("/", "-").replace("T", " ")
    if not cleaned:
        return None
    m = re.fullmatch(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?", cleaned)
    if not m:
        return None
    return datetime(int(m[1]), int(m[2]), int(m[3]), int(m[4] or 0), int(m[5] or 0), tzinfo=display_zone())


__all__ = ["LedgerImport", "LedgerRecord", "PlannedChange", "import_ledger"]
