"""Every write to a task and its history entry: status, progress, due date, notes, targets, undo.

This is the one small code path that scripted changes take (`sciplan set`, `set --from`,
CSV import, the TUI): read the current values inside the write transaction, compute the
differences, write them with executemany, and log one change row per field.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, NamedTuple

from .. import rules
from ..actor import Actor
from ..clock import stamp
from ..errors import ConflictError, InvalidInputError, NotFoundError, SciplanError
from ..i18n import register
from ..store.sql import Bind, Db, as_db, to_date, to_datetime
from . import dates, statuses  # noqa: F401  (their messages: date.bad, status.unknown)

register(
    {
        "progress.bad": ("进度应为 0 到 100 之间的整数，而不是“{value}”", "Progress must be 0-100, not '{value}'"),
        "note.empty": ("进展情况不能为空", "The progress note is empty"),
        "note.bad": ("进展情况应为文字，而不是“{value}”", "A progress note is text, not '{value}'"),
        "note.long": (
            "进展情况太长（{count} 字，最多 {limit} 字）",
            "The progress note is too long ({count} characters; at most {limit})",
        ),
        "version.bad": ("版本号应为整数，而不是“{value}”", "A version is a whole number, not '{value}'"),
        "target.not_found": ("找不到指标 {value}", "No target {value}"),
        "target.bad": (
            "指标完成值应为数字，而不是“{value}”",
            "A target's achieved value must be a number, not '{value}'",
        ),
        "target.range": (
            "指标完成值应为 0 到 {limit} 之间的数字，而不是“{value}”",
            "A target's achieved value must be a number from 0 to {limit}, not '{value}'",
        ),
        "due.range": (
            "截止日期 {value} 不合理：应在 {first} 到 {last} 之间",
            "The due date {value} is out of range: it must fall between {first} and {last}",
        ),
        "update.invalid": ("有 {count} 处错误，未做任何修改：", "{count} problem(s); nothing was changed:"),
        "update.conflict": (
            "任务 {code} 已被 {actor} 于 {at} 修改（{fields}），请刷新后再改",
            "Task {code} was changed by {actor} at {at} ({fields}); reload and try again",
        ),
        "undo.nothing": ("没有可撤销的修改（用户 {actor}）", "Nothing to undo for {actor}"),
        "undo.conflict": (
            "无法撤销：任务 {code} 的 {field} 之后又被改为“{current}”",
            "Cannot undo: task {code}'s {field} has since changed to '{current}'",
        ),
    }
)

UNDOABLE = ("status", "progress", "due_date", "note", "target")
NOTE_MAX = 20_000  # characters: a progress report, not a document


@dataclass(frozen=True)
class TaskUpdate:
    """What to change on one task; None leaves a field as it is."""

    task_id: int
    status: str | None = None
    progress: int | None = None
    due_date: date | None = None
    note: str | None = None
    expected_version: int | None = None  # the version the editor saw; a mismatch is a conflict
    line: int | None = None  # where a bulk file gave this update
    source: str | None = None  # where it came from (a department's sheet, a bulk file): the change's note


@dataclass(frozen=True)
class Applied:
    """What one write did."""

    batch: str
    changes: tuple[dict[str, Any], ...] = field(default=())

    @property
    def changed_tasks(self) -> int:
        return len({c["task_id"] for c in self.changes if c["field"] != "note"})


# What a ledger can hold: absurd values (inf, nan, 1e308, the year 9999) are refused at input, whoever writes.
ACHIEVED_MAX = 1e12  # a target counts people, events, percent or 万元: never near a trillion
DUE_FIRST, DUE_LAST = date(2000, 1, 1), date(2100, 12, 31)


def validate_achieved(value: Any) -> float | None:
    """A target's achieved value: None (blank again) or a finite number from 0 to ACHIEVED_MAX."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise InvalidInputError("target.bad", value=str(value))
    if not math.isfinite(value) or not 0 <= value <= ACHIEVED_MAX:
        raise InvalidInputError("target.range", value=str(value), limit=f"{ACHIEVED_MAX:,.0f}")
    return float(value)


def validate_progress(value: Any) -> int:
    try:
        number = int(str(value).strip().rstrip("%"))
    except ValueError as exc:
        raise InvalidInputError("progress.bad", value=str(value)) from exc
    if not 0 <= number <= 100:
        raise InvalidInputError("progress.bad", value=str(value))
    return number


class _Current(NamedTuple):
    id: int
    code: str
    status: str
    progress: int
    due_date: date | None
    version: int
    plan_id: int


def for_update(db: Db) -> str:
    """Row locks for what a write reads (PostgreSQL): concurrent writers of the same rows queue there
    instead of overwriting each other. SQLite has no such clause: it holds the write lock since BEGIN IMMEDIATE."""
    return " FOR UPDATE" if db.postgres else ""


def _current(db: Db, ids: list[int]) -> dict[int, _Current]:
    out: dict[int, _Current] = {}
    for start in range(0, len(ids), 900):
        b = Bind()
        q = (
            "SELECT id, code, status, progress, due_date, version, plan_id FROM task"
            f" WHERE id IN {b.list(ids[start : start + 900])}{for_update(db)}"
        )
        for r in db.rows(q, b.params):
            out[r[0]] = _Current(r[0], r[1], r[2], r[3], to_date(r[4]), r[5], r[6])
    return out


def apply_updates(conn: Any, updates: Iterable[TaskUpdate], *, actor: Actor, now: datetime, batch: str) -> Applied:
    """Apply all updates or none; raise InvalidInputError listing every bad one. `conn`: a Db or a
    SQLAlchemy connection, inside the caller's write transaction."""
    conn = as_db(conn)
    updates = list(updates)
    current = _current(conn, sorted({u.task_id for u in updates if _is_id(u.task_id)}))
    problems = [p for p in (_problem(u, current) for u in updates) if p is not None]
    if problems:
        raise InvalidInputError("update.invalid", count=len(problems), problems=problems)
    state = {tid: {"status": r.status, "progress": r.progress, "due_date": r.due_date} for tid, r in current.items()}
    changes: list[dict[str, Any]] = []
    notes: list[dict[str, Any]] = []
    for u in updates:
        _check_version(conn, u, current[u.task_id])
        try:
            changes += _diff(u, state[u.task_id], current[u.task_id].plan_id)
        except InvalidInputError as exc:
            problems.append(exc)
            continue
        if u.note:
            notes.append(
                {
                    "task_id": u.task_id,
                    "at": now,
                    "actor": actor.name,
                    "text": u.note,
                    "plan_id": current[u.task_id].plan_id,
                    "source": u.source,
                }
            )
    if problems:
        raise InvalidInputError("update.invalid", count=len(problems), problems=problems)
    touched = sorted({c["task_id"] for c in changes})
    conn.many(
        "UPDATE task SET status = :s, progress = :p, due_date = :d, version = version + 1, updated_at = :now"
        " WHERE id = :tid",
        (
            {"tid": t, "s": state[t]["status"], "p": state[t]["progress"], "d": state[t]["due_date"], "now": now}
            for t in touched
        ),
    )
    changes += _insert_notes(conn, notes)
    _log(conn, changes, actor=actor, now=now, batch=batch)
    return Applied(batch, tuple(changes))


def _is_id(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _problem(u: TaskUpdate, current: dict[int, _Current]) -> SciplanError | None:
    """What is wrong with one update on its own: every field is checked here, whoever the caller."""
    if not _is_id(u.task_id) or u.task_id not in current:
        return NotFoundError("task.not_found", value=str(u.task_id), line=u.line)
    if u.status is not None and not rules.is_status(u.status):
        return InvalidInputError(
            "status.unknown", value=str(u.status), choices="/".join(rules.STATUS_KEYS), line=u.line
        )
    if u.progress is not None and (
        not isinstance(u.progress, int)
        or isinstance(u.progress, bool)
        or not rules.PROGRESS_MIN <= u.progress <= rules.PROGRESS_MAX
    ):
        return InvalidInputError("progress.bad", value=str(u.progress), line=u.line)
    if u.due_date is not None and (not isinstance(u.due_date, date) or isinstance(u.due_date, datetime)):
        return InvalidInputError("date.bad", value=str(u.due_date), line=u.line)
    if u.due_date is not None and not DUE_FIRST <= u.due_date <= DUE_LAST:
        return InvalidInputError("due.range", value=str(u.due_date), first=DUE_FIRST, last=DUE_LAST, line=u.line)
    if u.note is not None and not isinstance(u.note, str):
        return InvalidInputError("note.bad", value=str(u.note)[:40], line=u.line)
    if u.note is not None and len(u.note) > NOTE_MAX:
        return InvalidInputError("note.long", count=len(u.note), limit=NOTE_MAX, line=u.line)
    if u.note is not None and not u.note.strip() and u.status is None and u.progress is None and u.due_date is None:
        return InvalidInputError("note.empty", line=u.line)
    if u.expected_version is not None and (
        not isinstance(u.expected_version, int) or isinstance(u.expected_version, bool)
    ):
        return InvalidInputError("version.bad", value=str(u.expected_version), line=u.line)
    return None


def _check_version(db: Db, u: TaskUpdate, row: _Current) -> None:
    if u.expected_version is None or u.expected_version == row.version:
        return
    last = db.rows("SELECT actor, at, field FROM change WHERE task_id = :t ORDER BY id DESC LIMIT 5", {"t": u.task_id})
    who = last[0][0] if last else "?"
    at = stamp(to_datetime(last[0][1])) if last else "?"  # type: ignore[arg-type]
    fields = "、".join(dict.fromkeys(r[2] for r in last)) or "?"
    raise ConflictError("update.conflict", code=row.code, actor=who, at=at, fields=fields)


def _diff(u: TaskUpdate, state: dict[str, Any], plan_id: int) -> list[dict[str, Any]]:
    wanted: dict[str, Any] = {}
    if u.status is not None or u.progress is not None:
        status, progress = rules.settle(state["status"], state["progress"], u.status, u.progress)
        if key := rules.progress_problem(status, progress):
            if u.status is None and state["status"] == "done":
                key = "progress.done_lower"
            raise InvalidInputError(key, progress=progress, line=u.line)
        wanted["status"], wanted["progress"] = status, progress
    if u.due_date is not None:
        wanted["due_date"] = u.due_date
    out = []
    for name, new in wanted.items():
        if state[name] == new:
            continue
        out.append(
            {
                "task_id": u.task_id,
                "plan_id": plan_id,
                "field": name,
                "old": _text(state[name]),
                "new": _text(new),
                "note": u.note or u.source,
                "ref_id": None,
            }
        )
        state[name] = new
    return out


def _text(value: Any) -> str | None:
    if value is None:
        return None
    return value.isoformat() if isinstance(value, date) else str(value)


def _insert_notes(db: Db, notes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Insert the notes; each note's id goes into its change row, for undo."""
    ids = db.insert_ids(
        "note", "INSERT INTO note (task_id, at, actor, text) VALUES (:task_id, :at, :actor, :text)", notes
    )
    return [
        {
            "task_id": note["task_id"],
            "plan_id": note["plan_id"],
            "field": "note",
            "old": None,
            "new": note["text"],
            "note": note.get("source"),
            "ref_id": int(nid),
        }
        for note, nid in zip(notes, ids, strict=True)
    ]


LOG_CHANGE = (
    "INSERT INTO change (batch, plan_id, task_id, ref_id, at, actor, host, field, old, new, note, undoes)"
    " VALUES (:batch, :plan_id, :task_id, :ref_id, :at, :actor, :host, :field, :old, :new, :note, :undoes)"
)


def _log(db: Db, changes: list[dict[str, Any]], *, actor: Actor, now: datetime, batch: str) -> None:
    """One history row per change: who, when, from where, the old and the new value, and the note
    (bound by position, in LOG_CHANGE's order: a bulk file writes tens of thousands)."""
    who, host = actor.name, actor.host
    db.many_rows(
        LOG_CHANGE,
        [
            (batch, c.get("plan_id"), c["task_id"], c.get("ref_id"), now, who, host, c["field"], c["old"], c["new"],
             c.get("note"), c.get("undoes"))
            for c in changes
        ],
    )  # fmt: skip


def set_target(
    conn: Any,
    target_id: int,
    achieved: float | None,
    *,
    note: str | None,
    actor: Actor,
    now: datetime,
    batch: str,
) -> Applied:
    db = as_db(conn)
    achieved = validate_achieved(achieved)
    row = db.one(
        "SELECT tg.id, tg.task_id, tg.achieved, t.plan_id FROM target tg JOIN task t ON t.id = tg.task_id"
        # PostgreSQL: a concurrent write of this target waits, so `old` is what it left
        f" WHERE tg.id = :id{for_update(db)}",
        {"id": target_id},
    )
    if row is None:
        raise NotFoundError("target.not_found", value=str(target_id))
    _, task_id, was, plan_id = row
    if was == achieved:
        return Applied(batch)
    db.run("UPDATE target SET achieved = :a WHERE id = :id", {"a": achieved, "id": target_id})
    db.run("UPDATE task SET version = version + 1, updated_at = :now WHERE id = :t", {"now": now, "t": task_id})
    change = {
        "task_id": task_id,
        "plan_id": plan_id,
        "field": "target",
        "old": _num(was),
        "new": _num(achieved),
        "note": note,
        "ref_id": target_id,
    }
    _log(db, [change], actor=actor, now=now, batch=batch)
    return Applied(batch, (change,))


def _num(value: float | None) -> str | None:
    if value is None:
        return None
    return str(int(value)) if float(value).is_integer() else str(value)


# ---- undo --------------------------------------------------------------------------------


class BatchChange(NamedTuple):
    """A history row that undo would revert."""

    id: int
    task_id: int | None
    field: str
    old: str | None
    new: str | None
    ref_id: int | None
    plan_id: int | None


def last_batch(conn: Any, actor: str) -> list[BatchChange]:
    """The newest batch of `actor` that can be undone and has not been."""
    db = as_db(conn)
    b = Bind()
    undoable = b.list(UNDOABLE)
    q = (
        f"SELECT batch FROM change WHERE actor = {b(actor)} AND field IN {undoable} AND undoes IS NULL"
        " AND id NOT IN (SELECT undoes FROM change WHERE undoes IS NOT NULL) AND task_id IS NOT NULL"
        " ORDER BY id DESC LIMIT 1"
    )
    batch = db.scalar(q, b.params)
    if batch is None:
        return []
    # Only the actor's own rows: a batch id is written by the client, so another user could reuse it.
    mine = (
        "SELECT id, task_id, field, old, new, ref_id, plan_id FROM change"
        f" WHERE batch = {b(batch)} AND actor = {b(actor)} AND field IN {undoable} ORDER BY id DESC"
    )
    return [BatchChange(*r) for r in db.rows(mine, b.params)]


def undo(conn: Any, changes: list[BatchChange], *, actor: Actor, now: datetime, batch: str) -> Applied:
    """Revert `changes` (from last_batch); refuse if a value has changed since."""
    db = as_db(conn)
    _lock_tasks(db, sorted({ch.task_id for ch in changes if ch.task_id is not None}))
    b = Bind()
    undone = f"SELECT id FROM change WHERE undoes IN {b.list(ch.id for ch in changes)} LIMIT 1"
    if changes and db.one(undone, b.params) is not None:  # another undo of this batch got the locks first
        raise NotFoundError("undo.nothing", actor=actor.name)
    out = []
    for ch in changes:
        _revert(db, ch, now)
        out.append(
            {
                "task_id": ch.task_id,
                "plan_id": ch.plan_id,
                "field": ch.field,
                "old": ch.new,
                "new": ch.old,
                "note": None,
                "ref_id": ch.ref_id,
                "undoes": ch.id,
            }
        )
    _log(db, out, actor=actor, now=now, batch=batch)
    return Applied(batch, tuple(out))


def _lock_tasks(db: Db, task_ids: list[int]) -> None:
    """Row locks on the tasks an undo touches (PostgreSQL; SQLite holds the write lock since BEGIN IMMEDIATE):
    a concurrent set of the same task waits, or makes this undo wait and then see its value."""
    if task_ids and db.postgres:
        b = Bind()
        db.rows(f"SELECT id FROM task WHERE id IN {b.list(task_ids)} ORDER BY id FOR UPDATE", b.params)


# The task columns an undo may put back (the field names of the history rows).
_REVERTIBLE = {"status": "status", "progress": "progress", "due_date": "due_date"}


def _revert(db: Db, ch: BatchChange, now: datetime) -> None:
    if ch.field == "note":
        db.run("DELETE FROM note WHERE id = :id", {"id": ch.ref_id})
        return
    if ch.field == "target":
        current = db.scalar(f"SELECT achieved FROM target WHERE id = :id{for_update(db)}", {"id": ch.ref_id})
        _same(db, ch, _num(current))
        achieved = float(ch.old) if ch.old is not None else None
        db.run("UPDATE target SET achieved = :a WHERE id = :id", {"a": achieved, "id": ch.ref_id})
        return
    column = _REVERTIBLE[ch.field]
    current = db.scalar(f"SELECT {column} FROM task WHERE id = :id{for_update(db)}", {"id": ch.task_id})
    _same(db, ch, _text(to_date(current) if column == "due_date" else current))
    old: Any = ch.old
    if ch.field == "progress":
        old = int(ch.old)  # type: ignore[arg-type]
    elif ch.field == "due_date" and ch.old is not None:
        old = date.fromisoformat(ch.old)
    db.run(
        f"UPDATE task SET {column} = :old, version = version + 1, updated_at = :now WHERE id = :id",
        {"old": old, "now": now, "id": ch.task_id},
    )


def _same(db: Db, ch: BatchChange, current: str | None) -> None:
    if current != ch.new:
        code = db.scalar("SELECT code FROM task WHERE id = :id", {"id": ch.task_id})
        raise ConflictError("undo.conflict", code=code, field=ch.field, current=current)


__all__ = ["Applied", "TaskUpdate", "apply_updates", "last_batch", "set_target", "undo", "validate_progress"]
