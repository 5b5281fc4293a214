"""`sciplan check`: the database's own integrity checks plus the ledger's invariants.

Everything is read inside one read transaction, so a check that runs while others write sees
one consistent snapshot. The invariants:

- every task belongs to an existing plan, and every non-milestone task to an item of that plan;
- every assignment joins a task and a department of the same plan;
- every target, note and department alias has its parent row;
- statuses and progress hold valid values;
- the history replays to the current state: for status, progress and due date, each change's
  `old` is the value the previous change left (starting from not_started / 0) and the last
  change's `new` is the current value; every note has its history row and every live note row
  in the history its note; each target's recorded values chain (each `old` is the value the change
  before it left) and the last one is its current value.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, text

from ..i18n import register, t

if TYPE_CHECKING:
    from ..store import Store

register(
    {
        "check.sqlite": ("SQLite 完整性检查：{detail}", "SQLite integrity check: {detail}"),
        "check.foreign_key": (
            "{table} 第 {row} 行引用了不存在的 {parent}",
            "{table} row {row} refers to a missing {parent}",
        ),
        "check.task_plan": ("任务 {code}（ID {row}）没有所属的实施方案", "Task {code} (id {row}) has no plan"),
        "check.task_item": (
            "任务 {code} 没有同一实施方案中的行动或工程",
            "Task {code} has no action or project in its own plan",
        ),
        "check.item_plan": ("行动/工程 ID {row} 没有所属的实施方案", "Item id {row} has no plan"),
        "check.assignment": (
            "任务 {code} 的分工（ID {row}）指向其他实施方案的部门或不存在的部门",
            "Task {code}'s assignment (id {row}) names a department of another plan, or none",
        ),
        "check.orphan": ("{table} 第 {row} 行没有所属的 {parent}", "{table} row {row} has no {parent}"),
        "check.bad_value": (
            "任务 {code} 的 {field} 值“{current}”无效",
            "Task {code} has an invalid {field}: '{current}'",
        ),
        "check.history_gap": (
            "任务 {code} 的 {field}：历史记录第 {row} 条的旧值“{old}”与此前记录的“{expected}”不符"
            "（有修改没有记入历史）",
            "Task {code} {field}: history row {row} starts from '{old}' but the history before it left "
            "'{expected}' (a change was not recorded)",
        ),
        "check.history_state": (
            "任务 {code} 的 {field}：当前值“{current}”与历史记录的最终值“{expected}”不符",
            "Task {code} {field}: the current value '{current}' is not the one the history ends with, '{expected}'",
        ),
        "check.note_unlogged": (
            "任务 {code} 的进展情况（ID {row}）没有历史记录",
            "Task {code}'s note (id {row}) has no history row",
        ),
        "check.note_missing": (
            "任务 {code}：历史第 {row} 条记录的进展情况已不存在",
            "Task {code}: the note of history row {row} is gone",
        ),
        "check.target_state": (
            "任务 {code} 的指标（ID {row}）：当前值“{current}”与历史记录的“{expected}”不符",
            "Task {code}'s target (id {row}): the current value '{current}' is not the recorded '{expected}'",
        ),
        "check.target_gap": (
            "任务 {code} 的指标：历史第 {row} 条的旧值“{old}”与此前记录的“{expected}”不符"
            "（两次同时修改，有一次被覆盖）",
            "Task {code}'s target: history row {row} starts from '{old}' but the history before it left "
            "'{expected}' (two writes at once, one overwritten)",
        ),
        "check.undo": (
            "历史第 {row} 条撤销了不存在或不匹配的记录",
            "History row {row} undoes a missing or different change",
        ),
        "check.ok": (
            "数据库完好：{tasks} 项任务、{changes} 条历史记录已核对（{seconds:.2f} 秒）",
            "The store is sound: {tasks} tasks and {changes} history rows checked ({seconds:.2f} s)",
        ),
        "check.bad": ("发现 {count} 个问题：", "{count} problem(s) found:"),
    }
)

TRACKED = ("status", "progress", "due_date")
INITIAL = {"status": "not_started", "progress": "0"}
MAX_SQLITE_LINES = 100


@dataclass(frozen=True)
class Problem:
    """One broken rule: `kind` names it (check.*), with the rows it concerns."""

    kind: str
    table: str | None = None
    row: int | None = None
    code: str | None = None  # the task's full code, 澧县-A1.3
    field: str | None = None
    params: dict[str, Any] = dataclasses.field(default_factory=dict)

    def message(self) -> str:
        values = {"table": self.table, "row": self.row, "code": self.code, "field": self.field, **self.params}
        return t(self.kind, **values)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind.removeprefix("check."),
            "table": self.table,
            "row": self.row,
            "task": self.code,
            "field": self.field,
            **{k: _plain(v) for k, v in self.params.items()},
            "message": self.message(),
        }


@dataclass(frozen=True)
class CheckReport:
    problems: tuple[Problem, ...]
    counts: dict[str, int]
    seconds: float

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_dict(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "problems": [p.to_dict() for p in self.problems],
            "counts": self.counts,
            "seconds": round(self.seconds, 3),
        }


def check(store: Store) -> CheckReport:
    """Run every check on one snapshot of `store`."""
    started = time.perf_counter()
    with store.read() as conn:
        problems = list(_sqlite_checks(conn)) if store.is_sqlite else []
        codes = _codes(conn)
        problems += _structure(conn, codes)
        problems += _replay(conn, codes)
        problems += _notes_and_targets(conn, codes)
        counts = {
            name: int(conn.execute(text(f'SELECT COUNT(*) FROM "{name}"')).scalar() or 0)
            for name in ("plan", "item", "task", "assignment", "target", "note", "change")
        }
    return CheckReport(tuple(problems), counts, time.perf_counter() - started)


def _sqlite_checks(conn: Connection) -> Iterator[Problem]:
    lines = [str(r[0]) for r in conn.exec_driver_sql(f"PRAGMA integrity_check({MAX_SQLITE_LINES})")]
    if lines != ["ok"]:
        yield from (Problem("check.sqlite", params={"detail": line}) for line in lines)
    for table, row, parent, _fk in conn.exec_driver_sql("PRAGMA foreign_key_check"):
        yield Problem("check.foreign_key", table=table, row=row, params={"parent": parent})


def _codes(conn: Connection) -> dict[int, str]:
    q = "SELECT t.id, COALESCE(p.code, '?') || '-' || t.code FROM task t LEFT JOIN plan p ON p.id = t.plan_id"
    return {tid: code for tid, code in conn.execute(text(q))}


def _rows(conn: Connection, sql: str) -> list[Any]:
    return list(conn.execute(text(sql)))


def _structure(conn: Connection, codes: dict[int, str]) -> Iterator[Problem]:
    for (tid,) in _rows(conn, "SELECT t.id FROM task t LEFT JOIN plan p ON p.id = t.plan_id WHERE p.id IS NULL"):
        yield Problem("check.task_plan", "task", tid, codes.get(tid))
    for (tid,) in _rows(
        conn,
        "SELECT t.id FROM task t LEFT JOIN item i ON i.id = t.item_id "
        "WHERE (t.kind <> 'milestone' OR t.item_id IS NOT NULL) "
        "AND (i.id IS NULL OR i.plan_id <> t.plan_id)",
    ):
        yield Problem("check.task_item", "task", tid, codes.get(tid))
    for (iid,) in _rows(conn, "SELECT i.id FROM item i LEFT JOIN plan p ON p.id = i.plan_id WHERE p.id IS NULL"):
        yield Problem("check.item_plan", "item", iid)
    for aid, tid in _rows(
        conn,
        "SELECT a.id, a.task_id FROM assignment a JOIN task t ON t.id = a.task_id "
        "LEFT JOIN department d ON d.id = a.department_id "
        "WHERE d.id IS NULL OR d.plan_id <> t.plan_id",
    ):
        yield Problem("check.assignment", "assignment", aid, codes.get(tid))
    orphans = (
        ("assignment", "task_id", "task"),
        ("target", "task_id", "task"),
        ("note", "task_id", "task"),
        ("departmentalias", "department_id", "department"),
        ("department", "plan_id", "plan"),
    )
    for table, column, parent in orphans:
        sql = f"SELECT c.id FROM {table} c LEFT JOIN {parent} p ON p.id = c.{column} WHERE p.id IS NULL"
        for (row,) in _rows(conn, sql):
            yield Problem("check.orphan", table, row, params={"parent": parent})
    yield from _values(conn, codes)


def _values(conn: Connection, codes: dict[int, str]) -> Iterator[Problem]:
    from .statuses import STATUSES

    for tid, status, progress in _rows(conn, "SELECT id, status, progress FROM task"):
        if status not in STATUSES:
            yield Problem("check.bad_value", "task", tid, codes.get(tid), "status", {"current": status})
        if not isinstance(progress, int) or not 0 <= progress <= 100:
            yield Problem("check.bad_value", "task", tid, codes.get(tid), "progress", {"current": progress})


def _replay(conn: Connection, codes: dict[int, str]) -> Iterator[Problem]:
    """Walk the history of status, progress and due date in order and compare with the tasks."""
    current = {
        tid: {"status": s, "progress": str(p), "due_date": _day(d)}
        for tid, s, p, d in _rows(conn, "SELECT id, status, progress, due_date FROM task")
    }
    running: dict[tuple[int, str], str | None] = {}
    sql = (
        "SELECT id, task_id, field, old, new FROM change WHERE task_id IS NOT NULL "
        "AND field IN ('status', 'progress', 'due_date') ORDER BY id"
    )
    for cid, tid, name, old, new in _rows(conn, sql):
        key = (tid, name)
        expected = running[key] if key in running else INITIAL.get(name, old)
        if old != expected:
            yield Problem("check.history_gap", "change", cid, codes.get(tid), name, {"old": old, "expected": expected})
        running[key] = new
    yield from _undo_links(conn)
    for tid, values in current.items():
        for name in TRACKED:
            if (tid, name) in running:
                expected = running[(tid, name)]
            elif name in INITIAL:
                expected = INITIAL[name]
            else:
                continue  # a due date never changed keeps the date the plan gave
            if values[name] != expected:
                yield Problem(
                    "check.history_state",
                    "task",
                    tid,
                    codes.get(tid),
                    name,
                    {"current": values[name], "expected": expected},
                )


def _undo_links(conn: Connection) -> Iterator[Problem]:
    sql = (
        "SELECT u.id FROM change u LEFT JOIN change c ON c.id = u.undoes WHERE u.undoes IS NOT NULL "
        "AND (c.id IS NULL OR c.field <> u.field OR COALESCE(c.task_id, -1) <> COALESCE(u.task_id, -1))"
    )
    for (cid,) in _rows(conn, sql):
        yield Problem("check.undo", "change", cid)


def _notes_and_targets(conn: Connection, codes: dict[int, str]) -> Iterator[Problem]:
    undone = {r[0] for r in _rows(conn, "SELECT undoes FROM change WHERE undoes IS NOT NULL")}
    logged: dict[int, int] = {}
    for cid, ref in _rows(conn, "SELECT id, ref_id FROM change WHERE field = 'note' AND undoes IS NULL"):
        if cid not in undone and ref is not None:
            logged[ref] = cid
    notes = dict(_rows(conn, "SELECT id, task_id FROM note"))
    for nid, tid in notes.items():
        if nid not in logged:
            yield Problem("check.note_unlogged", "note", nid, codes.get(tid), "note")
    for ref, cid in logged.items():
        if ref not in notes:
            tid = conn.execute(text("SELECT task_id FROM change WHERE id = :c"), {"c": cid}).scalar()
            yield Problem("check.note_missing", "change", cid, codes.get(int(tid or 0)), "note")
    last: dict[int, str | None] = {}
    for cid, ref, tid, old, new in _rows(
        conn,
        "SELECT id, ref_id, task_id, old, new FROM change WHERE field = 'target' AND ref_id IS NOT NULL ORDER BY id",
    ):
        if ref in last and _same_number(old, last[ref]) is False:  # two writes at once, one unlocked read
            yield Problem(
                "check.target_gap", "change", cid, codes.get(tid), "target", {"old": old, "expected": last[ref]}
            )
        last[ref] = new
    for tgid, tid, achieved in _rows(conn, "SELECT id, task_id, achieved FROM target"):
        expected = last.get(tgid)
        if _num(achieved) != expected:
            yield Problem(
                "check.target_state",
                "target",
                tgid,
                codes.get(tid),
                "target",
                {"current": _num(achieved), "expected": expected},
            )


def _day(value: Any) -> str | None:
    if value is None:
        return None
    return value.isoformat() if hasattr(value, "isoformat") else str(value)[:10]


def _num(value: float | None) -> str | None:
    if value is None:
        return None
    return str(int(value)) if float(value).is_integer() else str(value)


def _same_number(a: str | None, b: str | None) -> bool:
    """Two recorded target values are the same number (1200 and 1200.0 are)."""
    if a is None or b is None:
        return a is b
    try:
        return float(a) == float(b)
    except ValueError:
        return a == b


def _plain(value: Any) -> Any:
    return value if value is None or isinstance(value, int | float | str | bool) else str(value)


def summary(report: CheckReport) -> str:
    """One line for a sound store; the count and one line per problem otherwise."""
    if report.ok:
        return t(
            "check.ok",
            tasks=report.counts.get("task", 0),
            changes=report.counts.get("change", 0),
            seconds=report.seconds,
        )
    lines = [t("check.bad", count=len(report.problems))]
    lines += [f"  {p.message()}" for p in report.problems]
    return "\n".join(lines)


__all__ = ["CheckReport", "Problem", "check", "summary"]
