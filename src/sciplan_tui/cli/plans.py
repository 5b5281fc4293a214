"""Commands about whole plans: init, import plan, plans."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from ..i18n import register, t
from .common import SciplanGroup, echo, err, print_csv, print_json, print_table, state

if TYPE_CHECKING:
    from ..importer.drafts import PlanDraft
    from ..services.pairing import Pairing

register(
    {
        "import.dry_run": ("（试运行，未写入）", "(dry run, nothing written)"),
        "import.pairing": (
            "修订已存方案 {code}：{same} 项任务不变，{moved} 项改编号（→），{new} 项新增（+），"
            "{retired} 项停用（-，保留记录）",
            "revises stored plan {code}: {same} tasks unchanged, {moved} renumbered (→), {new} new (+), "
            "{retired} retired (-, kept with their history)",
        ),
        "plan.not_a_file": (
            "{file} 不是普通文件（请给出方案文件：.docx、.pdf、.txt、.doc 或 .wps）",
            "{file} is not a regular file (give a plan document: .docx, .pdf, .txt, .doc or .wps)",
        ),
        "import.outcome.created": ("已导入", "imported"),
        "import.outcome.updated": ("已更新（修订版）", "updated (revision)"),
        "import.outcome.unchanged": ("无变化（已导入过）", "unchanged (already imported)"),
        "import.counts": (
            "{actions} 个提升行动，{projects} 个重点工程，{tasks} 项任务，{milestones} 个进度节点，"
            "{departments} 个部门，{targets} 个指标（{blank_targets} 个待填）",
            "{actions} actions, {projects} projects, {tasks} tasks, {milestones} milestones, "
            "{departments} departments, {targets} targets ({blank_targets} blank)",
        ),
        "tree.unassigned": ("【未明确责任单位】", "[no department given]"),
        "tree.lead": ("牵头", "lead"),
        "tree.part": ("参加", "with"),
        "tree.schedule": ("进度安排", "Schedule"),
        "kind.action": ("提升行动", "Actions"),
        "kind.project": ("重点工程", "Projects"),
        "opt.init_empty": (
            "创建不含任何实施方案的数据库（不导入随附的示例方案）",
            "Create a store with no plan (no bundled sample plans)",
        ),
        "init.empty": (
            "已创建空数据库：{url}\n下一步：sciplan import plan 本地方案.docx",
            "Created an empty store: {url}\nNext: sciplan import plan your-plan.docx",
        ),
        "init.exists_hint": (
            "要只保留自己的方案：sciplan plan remove 代码（或 plan archive），或用 --db 新建数据库",
            "To keep only your own plans: sciplan plan remove CODE (or plan archive), or start a new store with --db",
        ),
        "init.exists": (
            "数据库已存在并已有 {count} 个实施方案：{url}",
            "The store exists and holds {count} plans: {url}",
        ),
    }
)


# `import csv` (the edited ledger) joins this group from cli/exporting.py.
import_app = typer.Typer(cls=SciplanGroup, help=t("help.import"), no_args_is_help=True)


def register_commands(app: typer.Typer) -> None:
    import_app.command("plan", help=t("help.import_plan"))(import_plan)
    app.add_typer(import_app, name="import")
    app.command("init", help=t("help.init"))(init)
    app.command("plans", help=t("help.plans"))(plans)


def init(
    ctx: typer.Context,
    files: list[Path] = typer.Argument(None, help="PLAN...", show_default=False),
    empty: bool = typer.Option(False, "--empty", help=t("opt.init_empty")),
) -> None:
    from ..services.plan_admin import start_for_real

    services = state(ctx).services(seed=False, create=True)
    existing = services.plans()
    if existing or services.has_plans():
        err(t("init.exists", count=len(existing), url=services.location))
        if files or empty:
            err(t("init.exists_hint"))
        return
    if files:  # only the clerk's own plans, never the bundled ones
        services.import_plans([_read_plan(path) for path in files])
        start_for_real(services)
    elif empty:
        start_for_real(services)
        err(t("init.empty", url=services.location))
        return
    else:
        from .common import ensure_seeded

        ensure_seeded(services)
    _plans_table(services.plans())


def _read_plan(path: Path) -> PlanDraft:
    """A plan document from a regular file; a device or a pipe (/dev/zero) is refused before it is read."""
    from ..errors import InvalidInputError
    from ..importer import read_plan
    from ..textio import MAX_INPUT_BYTES

    if path.exists() and not path.is_file():
        raise InvalidInputError("plan.not_a_file", file=str(path))
    if path.is_file() and path.stat().st_size > MAX_INPUT_BYTES:
        raise InvalidInputError("text.too_big", file=str(path), limit=MAX_INPUT_BYTES // (1024 * 1024))
    return read_plan(path)


def import_plan(
    ctx: typer.Context,
    files: list[Path] = typer.Argument(..., help="FILE...", show_default=False),
    dry_run: bool = typer.Option(False, "--dry-run", help=t("opt.dry_run")),
    as_json: bool = typer.Option(False, "--json", help=t("opt.json")),
    allow_empty: bool = typer.Option(False, "--allow-empty", help=t("opt.allow_empty")),
    allow_partial: bool = typer.Option(False, "--allow-partial", help=t("opt.allow_partial")),
    revises: str = typer.Option(None, "--revises", help=t("opt.revises"), show_default=False),
) -> None:
    drafts = [_read_plan(path) for path in files]
    if dry_run:
        services = state(ctx).services(seed=False)
        _show_drafts(drafts, as_json, [services.preview_import(d, revises=revises) for d in drafts])
        return
    services = state(ctx).services()
    results = services.import_plans(drafts, allow_empty=allow_empty, allow_partial=allow_partial, revises=revises)
    if as_json:
        print_json(
            [
                {"plan_id": r.plan_id, "code": r.code, "outcome": r.outcome, "counts": r.counts, "warnings": r.warnings}
                for r in results
            ]
        )
        return
    for r, draft in zip(results, drafts, strict=True):
        echo(f"{draft.source_name}: {r.code}（{t('import.outcome.' + r.outcome)}）{t('import.counts', **r.counts)}")
        for w in r.warnings:
            err(_warning_line(w))


def _warning_line(w) -> str:  # type: ignore[no-untyped-def]
    where = f"{t('error.line', line=w.line)}{t('colon')}" if w.line else ""
    return f"  {t('warning.prefix')}{t('colon')}{where}{w.message}"


def _show_drafts(drafts: list[PlanDraft], as_json: bool, previews: list[tuple[str | None, list[Pairing]]]) -> None:
    from ..services.imports import _counts

    if as_json:
        payload = [
            {**d.to_dict(), "counts": _counts(d), "revises": code, "pairing": [asdict(p) for p in pairs]}
            for d, (code, pairs) in zip(drafts, previews, strict=True)
        ]
        print_json(payload if len(payload) > 1 else payload[0])
        return
    for draft, (code, pairs) in zip(drafts, previews, strict=True):
        echo(f"{draft.title}  {t('import.dry_run')}")
        meta = [draft.jurisdiction, draft.level, draft.doc_number or "", draft.issue_date or "", draft.issuer or ""]
        echo("  " + " · ".join(m for m in meta if m))
        echo("  " + t("import.counts", **_counts(draft)))
        placed, total = sum(c.placed for c in draft.coverage), sum(c.total for c in draft.coverage)
        parts = "；".join(f"{c.section} {c.placed}/{c.total}" for c in draft.coverage)
        echo("  " + t("import.coverage", placed=placed, total=total, parts=parts))
        _print_tree(draft)
        if code is not None:
            _print_pairing(code, pairs)
        for w in draft.warnings:
            err(_warning_line(w))


def _print_pairing(code: str, pairs: list[Pairing]) -> None:
    """How a revision's tasks pair with the stored plan's: only what is not simply the same task."""
    counts = {how: sum(1 for p in pairs if p.how == how) for how in ("same", "moved", "new", "retired")}
    echo(t("import.pairing", code=code, **counts))
    for p in pairs:
        if p.how == "moved":
            echo(f"   {p.old_code} → {p.code}  {p.title}")
        elif p.how == "new":
            echo(f"   + {p.code}  {p.title}")
        elif p.how == "retired":
            echo(f"   - {p.old_code}  {p.old_title}")


def _print_tree(draft: PlanDraft) -> None:
    for kind, prefix in (("action", "A"), ("project", "P")):
        echo(f"├─ {t('kind.' + kind)}")
        for item in (i for i in draft.items if i.kind == kind):
            echo(f"│  ├─ {prefix}{item.number} {item.title}{_people(item.assignments)}")
            for task in item.tasks:
                echo(f"│  │  ├─ {prefix}{item.number}.{task.number} {task.title}{_people(task.assignments)}")
    echo(f"└─ {t('tree.schedule')}")
    for ms in draft.milestones:
        span = "–".join(str(y) for y in dict.fromkeys((ms.start_year, ms.end_year)) if y)
        echo(f"   ├─ M{ms.number} {ms.title} {span}")


def _people(assignments) -> str:  # type: ignore[no-untyped-def]
    if not assignments:
        return ""
    leads = [a.department for a in assignments if a.role == "lead"]
    parts = [a.department for a in assignments if a.role != "lead"]
    out = []
    if leads:
        out.append(f"{t('tree.lead')}{t('colon')}{'、'.join(leads)}")
    if parts:
        out.append(f"{t('tree.part')}{t('colon')}{'、'.join(parts[:6])}{'…' if len(parts) > 6 else ''}")
    return "  〔" + "；".join(out) + "〕"


def plans(
    ctx: typer.Context,
    as_json: bool = typer.Option(False, "--json", help=t("opt.json")),
    as_csv: bool = typer.Option(False, "--csv", help=t("opt.csv")),
) -> None:
    rows = state(ctx).services().plans()
    if as_json:
        print_json(rows)
    elif as_csv:
        print_csv(
            [
                "id",
                "code",
                "title",
                "level",
                "period_start",
                "period_end",
                "doc_number",
                "actions",
                "projects",
                "tasks",
                "milestones",
                "departments",
                "done",
                "overdue",
            ],
            [
                [
                    r.id,
                    r.code,
                    r.title,
                    r.level,
                    r.period_start,
                    r.period_end,
                    r.doc_number,
                    r.actions,
                    r.projects,
                    r.tasks,
                    r.milestones,
                    r.departments,
                    r.done,
                    r.overdue,
                ]
                for r in rows
            ],
        )
    else:
        _plans_table(rows)


def _plans_table(rows) -> None:  # type: ignore[no-untyped-def]
    header = [
        t(k)
        for k in (
            "col.code",
            "col.title",
            "col.level",
            "col.period",
            "col.docno",
            "col.actions",
            "col.projects",
            "col.tasks",
            "col.milestones",
            "col.depts",
            "col.done",
            "col.overdue",
        )
    ]
    print_table(
        ["ID", *header],
        [
            [
                r.id,
                r.code,
                r.title,
                r.level,
                f"{r.period_start}–{r.period_end}",
                r.doc_number or "",
                r.actions,
                r.projects,
                r.tasks,
                r.milestones,
                r.departments,
                r.done,
                r.overdue,
            ]
            for r in rows
        ],
        wrap_column=2,
    )
