"""Writing an imported plan into the store: one transaction, idempotent, revisions keep the ledger."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, delete, insert, select, update

from ..actor import Actor
from ..errors import InvalidInputError
from ..i18n import register
from ..importer.drafts import AssignmentDraft, ImportWarning, ItemDraft, PlanDraft, TaskDraft
from ..store.tables import DA, TG, A, C, D, I, P, T
from .pairing import Pairing, Stored, pair

register(
    {
        "import.no_tasks": (
            "{file} 看起来是实施方案，但没有找到任何任务（可能是残缺文档或只有封面）；"
            "如确需保留空方案，请加 --allow-empty",
            "{file} looks like a plan but has no tasks (a truncated copy or a cover page?); "
            "use --allow-empty to keep an empty plan",
        ),
        "import.partial": (
            "{file} 有部分内容未能读成任务（{lines}）；请先用 --dry-run 核对，确认后加 --allow-partial 导入",
            "part of {file} was not read as tasks ({lines}); check it with --dry-run, then use --allow-partial",
        ),
        "import.no_such_plan": ("没有代码为 {code} 的方案", "no plan has the code {code}"),
        "import.retired": (
            "新版本中已没有任务 {code}：保留其记录并标记为已移除",
            "Task {code} is gone from the new version: kept and marked as retired",
        ),
    }
)


@dataclass(frozen=True)
class ImportResult:
    plan_id: int
    code: str
    outcome: str  # created | updated | unchanged
    counts: dict[str, int]
    warnings: tuple[ImportWarning, ...] = field(default=())


@dataclass(frozen=True)
class _TaskSpec:
    """A ledger row to be: a task, an item without tasks, or a milestone."""

    kind: str
    code: str
    number: int
    item_key: tuple[str, int] | None
    title: str
    body: str
    due: date | None
    assignments: tuple[AssignmentDraft, ...]
    targets: tuple[Any, ...]


def import_plan(
    conn: Connection,
    draft: PlanDraft,
    *,
    actor: Actor,
    now: datetime,
    batch: str,
    allow_empty: bool = False,
    allow_partial: bool = False,
    revises: str | None = None,
) -> ImportResult:
    """Create or revise the plan of `draft` in one transaction (the caller's)."""
    if draft.task_count() == 0 and not allow_empty:
        raise InvalidInputError("import.no_tasks", file=draft.source_name)
    if draft.partial() and not allow_partial:
        lines = "、".join(f"第 {w.line} 行" if w.line else w.message for w in draft.partial()[:8])
        raise InvalidInputError("import.partial", file=draft.source_name, lines=lines)
    existing = _revised_plan(conn, draft, revises)
    same = conn.execute(select(P.c.id, P.c.code).where(P.c.checksum == draft.checksum)).first()
    if same is not None:
        return ImportResult(same.id, same.code, "unchanged", _counts(draft), draft.warnings)
    writer = _Writer(conn, actor, now, batch)
    if existing is None:
        pid, code = writer.create_plan(draft)
        outcome = "created"
    else:
        pid, code = existing.id, existing.code
        writer.update_plan(pid, draft)
        outcome = "updated"
    warnings = list(draft.warnings) + writer.write_contents(pid, draft, revising=existing is not None)
    writer.log(pid, None, "import", None, draft.checksum, f"{outcome}: {draft.source_name}")
    return ImportResult(pid, code, outcome, _counts(draft), tuple(warnings))


def preview(conn: Connection, draft: PlanDraft, revises: str | None = None) -> tuple[str | None, list[Pairing]]:
    """What importing `draft` would do to the stored plan it revises: its code and the task pairing."""
    existing = _revised_plan(conn, draft, revises)
    if existing is None:
        return None, []
    stored = [
        Stored(r.id, r.code, r.title, r.retired)
        for r in conn.execute(select(T.c.id, T.c.code, T.c.title, T.c.retired).where(T.c.plan_id == existing.id))
    ]
    return existing.code, pair(stored, [(spec.code, spec.title) for spec in ledger_rows(draft)])


def _revised_plan(conn: Connection, draft: PlanDraft, revises: str | None) -> Any:
    """The stored plan this document revises: the one named by --revises, or the one with the same
    jurisdiction, title and period, all non-empty (two untitled documents are never one plan)."""
    if revises is not None:
        row = conn.execute(select(P.c.id, P.c.code).where(P.c.code == revises)).first()
        if row is None:
            raise InvalidInputError("import.no_such_plan", code=revises)
        return row
    if not (draft.jurisdiction and draft.title and draft.period_start and draft.period_end):
        return None
    return conn.execute(
        select(P.c.id, P.c.code).where(
            P.c.jurisdiction == draft.jurisdiction,
            P.c.title == draft.title,
            P.c.period_start == draft.period_start,
            P.c.period_end == draft.period_end,
        )
    ).first()


def _counts(draft: PlanDraft) -> dict[str, int]:
    targets = [t for i in draft.items for task in i.tasks for t in task.targets]
    return {
        "actions": sum(1 for i in draft.items if i.kind == "action"),
        "projects": sum(1 for i in draft.items if i.kind == "project"),
        "tasks": draft.task_count(),
        "milestones": len(draft.milestones),
        "departments": len(draft.departments),
        "targets": len(targets),
        "blank_targets": sum(1 for t in targets if t.value is None),
    }


def _plan_values(draft: PlanDraft) -> dict[str, Any]:
    return {
        "title": draft.title,
        "jurisdiction": draft.jurisdiction,
        "level": draft.level,
        "period_start": draft.period_start,
        "period_end": draft.period_end,
        "doc_number": draft.doc_number,
        "issue_date": date.fromisoformat(draft.issue_date) if draft.issue_date else None,
        "issuer": draft.issuer,
        "is_draft": draft.is_draft,
        "headline_target": draft.headline_target,
        "source_name": draft.source_name,
        "checksum": draft.checksum,
    }


def ledger_rows(draft: PlanDraft) -> list[_TaskSpec]:
    """Every row the ledger gets: tasks (A1.3, P2.1), items with no tasks (A4), milestones (M1)."""
    end = draft.period_end
    rows: list[_TaskSpec] = []
    for item in draft.items:
        prefix = "A" if item.kind == "action" else "P"
        key = (item.kind, item.number)
        if not item.tasks:
            rows.append(
                _TaskSpec(
                    item.kind,
                    f"{prefix}{item.number}",
                    0,
                    key,
                    item.title,
                    item.body,
                    _year_end(end),
                    item.assignments,
                    (),
                )
            )
        for task in item.tasks:
            rows.append(
                _TaskSpec(
                    item.kind,
                    f"{prefix}{item.number}.{task.number}",
                    task.number,
                    key,
                    task.title,
                    task.body,
                    _year_end(_due_year(task, end)),
                    _merge(item, task),
                    task.targets,
                )
            )
    for ms in draft.milestones:
        rows.append(
            _TaskSpec(
                "milestone",
                f"M{ms.number}",
                ms.number,
                None,
                ms.title,
                ms.body,
                _year_end(ms.end_year or ms.start_year or end),
                (),
                (),
            )
        )
    return rows


def _due_year(task: TaskDraft, end: int | None) -> int | None:
    if task.due_year is not None and (end is None or task.due_year < end):
        return task.due_year
    return end


def _year_end(year: int | None) -> date | None:
    return date(year, 12, 31) if year else None


def _merge(item: ItemDraft, task: TaskDraft) -> tuple[AssignmentDraft, ...]:
    """The task's own assignments plus its item's; a department listed as lead stays lead."""
    merged: dict[str, AssignmentDraft] = {}
    for a in (*task.assignments, *item.assignments):
        held = merged.get(a.department)
        if held is None or (held.role == "participant" and a.role == "lead"):
            merged[a.department] = a
    return tuple(merged.values())


class _Writer:
    """The inserts and updates of one import, with their history rows."""

    def __init__(self, conn: Connection, actor: Actor, now: datetime, batch: str) -> None:
        self.conn, self.actor, self.now, self.batch = conn, actor, now, batch

    def log(
        self, plan_id: int | None, task_id: int | None, fieldname: str, old: Any, new: Any, note: str | None = None
    ) -> None:
        self.conn.execute(
            insert(C).values(
                batch=self.batch,
                plan_id=plan_id,
                task_id=task_id,
                at=self.now,
                actor=self.actor.name,
                host=self.actor.host,
                field=fieldname,
                old=old,
                new=new,
                note=note,
            )
        )

    def create_plan(self, draft: PlanDraft) -> tuple[int, str]:
        code = self._free_code(draft)
        values = {**_plan_values(draft), "code": code, "imported_at": self.now, "updated_at": self.now}
        pid = _new_id(self.conn.execute(insert(P).values(**values)))
        return int(pid), code

    def _free_code(self, draft: PlanDraft) -> str:
        # Only the codes that could collide (the jurisdiction and what starts with it), not every plan's:
        # a store of thousands of plans made each import read them all.
        could = select(P.c.code).where(P.c.code.startswith(draft.jurisdiction, autoescape=True))
        taken = set(self.conn.execute(could).scalars())
        for candidate in (draft.jurisdiction, f"{draft.jurisdiction}{draft.period_start or ''}"):
            if candidate and candidate not in taken:
                return candidate
        n = 2
        while f"{draft.jurisdiction}{n}" in taken:
            n += 1
        return f"{draft.jurisdiction}{n}"

    def update_plan(self, pid: int, draft: PlanDraft) -> None:
        self.conn.execute(update(P).where(P.c.id == pid).values(**_plan_values(draft), updated_at=self.now))

    def write_contents(self, pid: int, draft: PlanDraft, *, revising: bool) -> list[ImportWarning]:
        items = self._items(pid, draft)
        depts = self._departments(pid, draft)
        rows = ledger_rows(draft)
        ids = self._tasks(pid, rows, items, revising)
        self._assignments(pid, rows, ids, depts, revising)
        self._targets(rows, ids)
        return self._retire(pid, {r.code for r in rows})

    def _items(self, pid: int, draft: PlanDraft) -> dict[tuple[str, int], int]:
        have = {
            (r.kind, r.number): r.id
            for r in self.conn.execute(select(I.c.id, I.c.kind, I.c.number).where(I.c.plan_id == pid))
        }
        fresh = []
        for item in draft.items:
            values = {"title": item.title, "body": item.body, "unassigned": not _has_people(item)}
            key = (item.kind, item.number)
            if key in have:
                self.conn.execute(update(I).where(I.c.id == have[key]).values(**values))
            else:
                fresh.append({"plan_id": pid, "kind": item.kind, "number": item.number, **values})
        if fresh:  # one statement for all new items; their ids by (kind, number), unique in the plan
            self.conn.execute(insert(I), fresh)
            by_key = select(I.c.id, I.c.kind, I.c.number).where(I.c.plan_id == pid)
            have = {(r.kind, r.number): r.id for r in self.conn.execute(by_key)}
        return have

    def _departments(self, pid: int, draft: PlanDraft) -> dict[str, int]:
        """The plan's departments by name, new ones and new aliases added (a few statements per plan)."""
        by_name = select(D.c.name, D.c.id).where(D.c.plan_id == pid)
        have: dict[str, int] = {r.name: r.id for r in self.conn.execute(by_name)}
        new = [{"plan_id": pid, "name": d.name} for d in draft.departments if d.name not in have]
        if new:
            self.conn.execute(insert(D), new)
            have = {r.name: r.id for r in self.conn.execute(by_name)}
        known = {
            (r.department_id, r.alias)
            for r in self.conn.execute(
                select(DA.c.department_id, DA.c.alias).join(D, D.c.id == DA.c.department_id).where(D.c.plan_id == pid)
            )
        }
        fresh = [
            {"department_id": have[d.name], "alias": a}
            for d in draft.departments
            for a in dict.fromkeys(d.aliases)
            if (have[d.name], a) not in known
        ]
        if fresh:
            self.conn.execute(insert(DA), fresh)
        return have

    def _tasks(
        self, pid: int, rows: list[_TaskSpec], items: dict[tuple[str, int], int], revising: bool
    ) -> dict[str, int]:
        have = {
            r.id: r
            for r in self.conn.execute(
                select(T.c.id, T.c.code, T.c.title, T.c.body, T.c.retired).where(T.c.plan_id == pid)
            )
        }
        pairs = pair(
            [Stored(r.id, r.code, r.title, r.retired) for r in have.values()],
            [(spec.code, spec.title) for spec in rows],
        )
        continued = {p.code: p.old_id for p in pairs if p.how in ("same", "moved") and p.code and p.old_id}
        self._recode(pid, have, continued, {spec.code for spec in rows})
        ids: dict[str, int] = {}
        fresh = []
        for spec in rows:
            values = {
                "title": spec.title,
                "body": spec.body,
                "unassigned": not spec.assignments,
                "item_id": items.get(spec.item_key) if spec.item_key else None,
                "retired": False,
            }
            old_id = continued.get(spec.code)
            if old_id is None:
                fresh.append(
                    {
                        **values,
                        "plan_id": pid,
                        "kind": spec.kind,
                        "code": spec.code,
                        "number": spec.number,
                        "status": "not_started",
                        "progress": 0,
                        "due_date": spec.due,
                        "version": 1,
                        "updated_at": self.now,
                    }
                )
                continue
            ids[spec.code] = old_id
            self._revise(pid, have[old_id], values)
        if fresh:
            self.conn.execute(insert(T), fresh)
            codes = [f["code"] for f in fresh]
            ids.update(self.conn.execute(select(T.c.code, T.c.id).where(T.c.plan_id == pid, T.c.code.in_(codes))).all())
            if revising:
                for code in codes:
                    self.log(pid, ids[str(code)], "created", None, str(code), "import")
        return ids

    def _recode(self, pid: int, have: dict[int, Any], continued: dict[str, int], codes: set[str]) -> None:
        """Codes follow their tasks: a renumbered task takes its new code, and a stored task that is not
        the new one at its code gives the code up (it keeps A1.3~17 and is retired with its history)."""
        moving = {old_id: code for code, old_id in continued.items() if have[old_id].code != code}
        kept = set(continued.values())
        leaving = {r.id: f"{r.code}~{r.id}" for r in have.values() if r.id not in kept and r.code in codes}
        changes = {**moving, **leaving}
        for tid in changes:  # through a free temporary code, so that two tasks can swap codes
            self.conn.execute(update(T).where(T.c.id == tid).values(code=f"~{tid}"))
        for tid, code in changes.items():
            self.conn.execute(update(T).where(T.c.id == tid).values(code=code, version=T.c.version + 1))
            self.log(pid, tid, "code", have[tid].code, code, "import")

    def _revise(self, pid: int, old: Any, values: dict[str, Any]) -> None:
        changed = {k: v for k, v in values.items() if k in ("title", "body") and getattr(old, k) != v}
        if not changed and not old.retired:
            self.conn.execute(update(T).where(T.c.id == old.id).values(**values))
            return
        self.conn.execute(
            update(T).where(T.c.id == old.id).values(**values, version=T.c.version + 1, updated_at=self.now)
        )
        for name, new in changed.items():
            self.log(pid, old.id, name, getattr(old, name), new, "import")

    def _assignments(
        self, pid: int, rows: list[_TaskSpec], ids: dict[str, int], depts: dict[str, int], revising: bool
    ) -> None:
        wanted = {ids[r.code]: sorted((a.department, a.role, a.source) for a in r.assignments) for r in rows}
        current: dict[int, list[tuple[str, str, str]]] = {tid: [] for tid in wanted}
        if revising:
            q = (
                select(A.c.task_id, D.c.name, A.c.role, A.c.source)
                .join(D, D.c.id == A.c.department_id)
                .where(D.c.plan_id == pid)
            )
            for tid, name, role, source in self.conn.execute(q):
                current.setdefault(tid, []).append((name, role, source))
        inserts = []
        for tid, want in wanted.items():
            have = sorted(current.get(tid, []))
            if have == want:
                continue
            if have:
                self.conn.execute(delete(A).where(A.c.task_id == tid))
                self.log(pid, tid, "assignments", _people(have), _people(want), "import")
            inserts += [{"task_id": tid, "department_id": depts[d], "role": r, "source": s} for d, r, s in want]
        if inserts:
            self.conn.execute(insert(A), inserts)

    def _targets(self, rows: list[_TaskSpec], ids: dict[str, int]) -> None:
        """Targets of the plan's tasks: existing ones updated, new ones inserted in one statement."""
        tids = [ids[spec.code] for spec in rows if spec.targets]
        have: dict[tuple[int, int], int] = {}
        for start in range(0, len(tids), 900):
            q = select(TG.c.id, TG.c.task_id, TG.c.number).where(TG.c.task_id.in_(tids[start : start + 900]))
            have.update({(r.task_id, r.number): r.id for r in self.conn.execute(q)})
        fresh = []
        for spec in rows:
            tid = ids[spec.code]
            for n, target in enumerate(spec.targets, 1):
                values = {"text": target.text, "value": target.value, "unit": target.unit, "year": target.year}
                if (tid, n) in have:
                    self.conn.execute(update(TG).where(TG.c.id == have[(tid, n)]).values(**values))
                else:
                    fresh.append({"task_id": tid, "number": n, **values})
        if fresh:
            self.conn.execute(insert(TG), fresh)

    def _retire(self, pid: int, codes: set[str]) -> list[ImportWarning]:
        gone = self.conn.execute(
            select(T.c.id, T.c.code).where(T.c.plan_id == pid, T.c.retired.is_(False), T.c.code.notin_(codes))
        ).all()
        warnings = []
        for tid, code in gone:
            self.conn.execute(update(T).where(T.c.id == tid).values(retired=True, version=T.c.version + 1))
            self.log(pid, tid, "retired", "0", "1", "import")
            from ..i18n import t

            warnings.append(ImportWarning("retired", t("import.retired", code=code)))
        return warnings


def _new_id(result: Any) -> int:
    """The primary key an INSERT made."""
    key = result.inserted_primary_key
    assert key is not None
    return int(key[0])


def _has_people(item: ItemDraft) -> bool:
    return bool(item.assignments) or any(task.assignments for task in item.tasks)


def _people(entries: Sequence[tuple[str, str, str]]) -> str:
    return "；".join(f"{d}（{'牵头' if r == 'lead' else '参加'}）" for d, r, _s in entries)
