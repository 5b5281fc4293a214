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
from typing import Any

from sqlalchemy import Connection, bindparam, delete, insert, select, update

from .. import rules
from ..actor import Actor
from ..clock import stamp
from ..errors import ConflictError, InvalidInputError, NotFoundError, SciplanError
from ..i18n import register
from ..store.tables import TG, C, N, T
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


def _current(conn: Connection, ids: list[int]) -> dict[int, Any]:
    out: dict[int, Any] = {}
    for start in range(0, len(ids), 900):
        chunk = ids[start : start + 900]
        q = select(T.c.id, T.c.code, T.c.status, T.c.progress, T.c.due_date, T.c.version, T.c.plan_id)
        # FOR UPDATE: on PostgreSQL, concurrent writers of the same task queue here instead of
        # overwriting each other (SQLite already holds the write lock since BEGIN IMMEDIATE).
        out.update({r.id: r for r in conn.execute(q.where(T.c.id.in_(chunk)).with_for_update())})
    return out


def apply_updates(
    conn: Connection, updates: Iterable[TaskUpdate], *, actor: Actor, now: datetime, batch: str
) -> Applied:
    """Apply all updates or none; raise InvalidInputError listing every bad one."""
    updates = list(updates)
    current = _current(conn, sorted({u.task_id for u in updates}))
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
    if touched:
        conn.execute(
            update(T)
            .where(T.c.id == bindparam("tid"))
            .values(
                status=bindparam("s"),
                progress=bindparam("p"),
                due_date=bindparam("d"),
                version=T.c.version + 1,
                updated_at=now,
            ),
            [
                {"tid": t, "s": state[t]["status"], "p": state[t]["progress"], "d": state[t]["due_date"]}
                for t in touched
            ],
        )
    changes += _insert_notes(conn, notes)
    _log(conn, changes, actor=actor, now=now, batch=batch)
    return Applied(batch, tuple(changes))


def _problem(u: TaskUpdate, current: dict[int, Any]) -> SciplanError | None:
    """What is wrong with one update on its own: every field is checked here, whoever the caller."""
    if not isinstance(u.task_id, int) or isinstance(u.task_id, bool) or u.task_id not in current:
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


def _check_version(conn: Connection, u: TaskUpdate, row: Any) -> None:
    if u.expected_version is None or u.expected_version == row.version:
        return
    last = conn.execute(
        select(C.c.actor, C.c.at, C.c.field).where(C.c.task_id == u.task_id).order_by(C.c.id.desc()).limit(5)
    ).all()
    who = last[0].actor if last else "?"
    at = stamp(last[0].at) if last else "?"
    fields = "、".join(dict.fromkeys(r.field for r in last)) or "?"
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


def _insert_notes(conn: Connection, notes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Insert the notes in one statement; each note's id goes into its change row, for undo."""
    if not notes:
        return []
    stmt = insert(N).returning(N.c.id, sort_by_parameter_order=True)
    rows = [{k: v for k, v in note.items() if k not in ("plan_id", "source")} for note in notes]
    ids = conn.execute(stmt, rows).scalars().all()
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


def _log(conn: Connection, changes: list[dict[str, Any]], *, actor: Actor, now: datetime, batch: str) -> None:
    if changes:
        rows = [
            {"plan_id": None, **c, "batch": batch, "at": now, "actor": actor.name, "host": actor.host, "undoes": None}
            for c in changes
        ]
        conn.execute(insert(C), rows)


def set_target(
    conn: Connection,
    target_id: int,
    achieved: float | None,
    *,
    note: str | None,
    actor: Actor,
    now: datetime,
    batch: str,
) -> Applied:
    achieved = validate_achieved(achieved)
    row = conn.execute(
        select(TG.c.id, TG.c.task_id, TG.c.achieved, T.c.plan_id)
        .join(T, T.c.id == TG.c.task_id)
        .where(TG.c.id == target_id)
        .with_for_update()  # PostgreSQL: a concurrent write of this target waits, so `old` is what it left
    ).first()
    if row is None:
        raise NotFoundError("target.not_found", value=str(target_id))
    if row.achieved == achieved:
        return Applied(batch)
    conn.execute(update(TG).where(TG.c.id == target_id).values(achieved=achieved))
    conn.execute(update(T).where(T.c.id == row.task_id).values(version=T.c.version + 1, updated_at=now))
    change = {
        "task_id": row.task_id,
        "plan_id": row.plan_id,
        "field": "target",
        "old": _num(row.achieved),
        "new": _num(achieved),
        "note": note,
        "ref_id": target_id,
    }
    _log(conn, [change], actor=actor, now=now, batch=batch)
    return Applied(batch, (change,))


def _num(value: float | None) -> str | None:
    if value is None:
        return None
    return str(int(value)) if float(value).is_integer() else str(value)


# ---- undo --------------------------------------------------------------------------------


def last_batch(conn: Connection, actor: str) -> list[Any]:
    """The newest batch of `actor` that can be undone and has not been."""
    undone = select(C.c.undoes).where(C.c.undoes.is_not(None))
    q = (
        select(C.c.batch)
        .where(
            C.c.actor == actor,
            C.c.field.in_(UNDOABLE),
            C.c.undoes.is_(None),
            C.c.id.notin_(undone),
            C.c.task_id.is_not(None),
        )
        .order_by(C.c.id.desc())
        .limit(1)
    )
    batch = conn.execute(q).scalar()
    if batch is None:
        return []
    rows = select(C.c.id, C.c.task_id, C.c.field, C.c.old, C.c.new, C.c.ref_id, C.c.plan_id)
    # Only the actor's own rows: a batch id is written by the client, so another user could reuse it.
    mine = rows.where(C.c.batch == batch, C.c.actor == actor, C.c.field.in_(UNDOABLE))
    return list(conn.execute(mine.order_by(C.c.id.desc())))


def undo(conn: Connection, changes: list[Any], *, actor: Actor, now: datetime, batch: str) -> Applied:
    """Revert `changes` (from last_batch); refuse if a value has changed since."""
    _lock_tasks(conn, sorted({ch.task_id for ch in changes if ch.task_id is not None}))
    undone = select(C.c.id).where(C.c.undoes.in_([ch.id for ch in changes])).limit(1)
    if changes and conn.execute(undone).first() is not None:  # another undo of this batch got the locks first
        raise NotFoundError("undo.nothing", actor=actor.name)
    out = []
    for ch in changes:
        _revert(conn, ch, now)
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
    if out:
        rows = [{**c, "batch": batch, "at": now, "actor": actor.name, "host": actor.host} for c in out]
        conn.execute(insert(C), rows)
    return Applied(batch, tuple(out))


def _lock_tasks(conn: Connection, task_ids: list[int]) -> None:
    """Row locks on the tasks an undo touches (PostgreSQL; SQLite holds the write lock since BEGIN IMMEDIATE):
    a concurrent set of the same task waits, or makes this undo wait and then see its value."""
    if task_ids:
        conn.execute(select(T.c.id).where(T.c.id.in_(task_ids)).order_by(T.c.id).with_for_update()).all()


def _revert(conn: Connection, ch: Any, now: datetime) -> None:
    if ch.field == "note":
        conn.execute(delete(N).where(N.c.id == ch.ref_id))
        return
    if ch.field == "target":
        current = conn.execute(select(TG.c.achieved).where(TG.c.id == ch.ref_id).with_for_update()).scalar()
        _same(conn, ch, _num(current))
        achieved = float(ch.old) if ch.old is not None else None
        conn.execute(update(TG).where(TG.c.id == ch.ref_id).values(achieved=achieved))
        return
    column = T.c[ch.field]
    current = conn.execute(select(column).where(T.c.id == ch.task_id).with_for_update()).scalar()
    _same(conn, ch, _text(current))
    old: Any = ch.old
    if ch.field == "progress":
        old = int(ch.old)
    elif ch.field == "due_date" and ch.old is not None:
        old = date.fromisoformat(ch.old)
    conn.execute(
        update(T).where(T.c.id == ch.task_id).values({column: old, T.c.version: T.c.version + 1, T.c.updated_at: now})
    )


def _same(conn: Connection, ch: Any, current: str | None) -> None:
    if current != ch.new:
        code = conn.execute(select(T.c.code).where(T.c.id == ch.task_id)).scalar()
        raise ConflictError("undo.conflict", code=code, field=ch.field, current=current)


__all__ = ["Applied", "TaskUpdate", "apply_updates", "last_batch", "set_target", "undo", "validate_progress"]
